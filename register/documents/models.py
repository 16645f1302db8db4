"""The register of issued documents' tables and the queries they own: who acts for a centre, the
centre's courses and their people, its registered blanks, the documents, NAPOO's check of each
(condition by condition), their timeline and scanned images."""

import datetime
import secrets

import peewee as pw

from portal.accounts import User
from portal.dates import utcnow
from portal.db import BaseModel
from portal.uploads import StoredFile
from register.documents import rules
from register.models import Centre, Licence, Speciality

# Course kinds: a training (001 annex 2) or a validation (001 annex 3).
TRAINING_COURSE, VALIDATION_COURSE = "training", "validation"
COURSE_KINDS = (TRAINING_COURSE, VALIDATION_COURSE)
# The framework programmes of ЗПОО art. 12 (рамкови програми А-Е).
FRAMEWORK_PROGRAMMES = ("А", "Б", "В", "Г", "Д", "Е")
# Exam results as the protocol of 001 annex 1 row 15 records them ("" = no exam yet).
EXAM_RESULTS = ("passed", "failed", "absent")

# The document's states on the workflow (register.documents.workflow).
DRAFT, SUBMITTED, RETURNED, RESUBMITTED, CLEARED, REGISTERED, REFUSED = (
    "draft",
    "submitted",
    "returned",
    "resubmitted",
    "cleared",
    "registered",
    "refused",
)
DOCUMENT_STATES = (DRAFT, SUBMITTED, RETURNED, RESUBMITTED, CLEARED, REGISTERED, REFUSED)
AWAITING_CHECK = (SUBMITTED, RESUBMITTED)


class CentreAccount(BaseModel):
    """A user who acts for a centre (its director or someone the director authorised, 001 art.
    22(7): "директорът на центъра ... или упълномощено от него лице")."""

    user = pw.ForeignKeyField(User, backref="centre_accounts", on_delete="CASCADE")
    centre = pw.ForeignKeyField(Centre, backref="accounts", on_delete="CASCADE")
    created_at = pw.DateTimeField(default=utcnow)

    class Meta:
        table_name = "centre_account"
        indexes = ((("user", "centre"), True),)

    @classmethod
    def centres_of(cls, user):
        """The centres this user acts for, by name."""
        if user is None or not getattr(user, "is_authenticated", False):
            return Centre.select().where(pw.SQL("0 = 1"))
        return Centre.select().join(cls).where(cls.user == user.id).order_by(Centre.name)

    @classmethod
    def acts_for(cls, user, centre_id):
        """Whether this user acts for this centre."""
        if user is None or not getattr(user, "is_authenticated", False):
            return False
        return cls.select().where((cls.user == user.id) & (cls.centre == centre_id)).exists()


class Course(BaseModel):
    """A course of training (or a validation) a centre runs: its speciality under the licence, the
    framework programme, the form, dates and hours, and the exam protocol."""

    centre = pw.ForeignKeyField(Centre, backref="courses", on_delete="CASCADE", index=True)
    licence = pw.ForeignKeyField(Licence, backref="courses", on_delete="RESTRICT")
    speciality = pw.ForeignKeyField(Speciality, object_id_name="speciality_id", column_name="speciality_code")
    kind = pw.CharField(max_length=12, default=TRAINING_COURSE)
    framework_programme = pw.CharField(max_length=2, default="")
    training_form = pw.CharField(max_length=24, default="")
    starts_on = pw.DateField()
    ends_on = pw.DateField(null=True)
    hours = pw.IntegerField(null=True)
    exam_protocol_number = pw.CharField(max_length=50, default="")
    exam_protocol_date = pw.DateField(null=True)
    created_at = pw.DateTimeField(default=utcnow)
    updated_at = pw.DateTimeField(default=utcnow)
    version = pw.IntegerField(default=1)

    class Meta:
        table_name = "course"

    @classmethod
    def of_centre(cls, centre_id):
        """A centre's courses, the newest first."""
        return (
            cls.select(cls, Speciality)
            .join(Speciality)
            .where(cls.centre == centre_id)
            .order_by(cls.starts_on.desc(), cls.id.desc())
        )


class Participant(BaseModel):
    """A person on a course's list (001 annex 2 т. 1, annex 3 т. 1): names, ЕГН or ЛНЧ, date of
    birth, entry education, and the exam result. The personal number is stored for NAPOO's checks
    and shown only to the centre and NAPOO; `number_hash` (a keyed hash) is what a verification
    compares."""

    course = pw.ForeignKeyField(Course, backref="participants", on_delete="CASCADE")
    first_name = pw.CharField(max_length=100)
    middle_name = pw.CharField(max_length=100, default="")
    last_name = pw.CharField(max_length=100)
    personal_number = pw.CharField(max_length=10)
    number_kind = pw.CharField(max_length=4, default="egn")  # egn | lnch
    number_hash = pw.CharField(max_length=64, index=True)
    birth_date = pw.DateField(null=True)
    sex = pw.CharField(max_length=1, default="")  # f | m
    citizenship = pw.CharField(max_length=60, default="")
    entry_education = pw.CharField(max_length=100, default="")
    applied_on = pw.DateField(null=True)  # a validation: the application (001 art. 22(4) т. 1)
    exam_result = pw.CharField(max_length=8, default="")
    theory_mark = pw.DecimalField(max_digits=3, decimal_places=2, null=True)
    practice_mark = pw.DecimalField(max_digits=3, decimal_places=2, null=True)
    created_at = pw.DateTimeField(default=utcnow)

    class Meta:
        table_name = "participant"
        indexes = ((("course", "personal_number"), True),)

    @property
    def full_name(self):
        return " ".join(p for p in (self.first_name, self.middle_name, self.last_name) if p)

    @classmethod
    def of_course(cls, course_id):
        """A course's list, by name."""
        return cls.select().where(cls.course == course_id).order_by(cls.last_name, cls.first_name, cls.id)

    @property
    def has_documents(self):
        """Whether a document names this person (then the person stays on the list)."""
        return IssuedDocument.select().where(IssuedDocument.participant == self.id).exists()


def course_has_registered_document(course_id):
    """Whether a document of this course is in the register (then the course is as it was)."""
    return (
        IssuedDocument.select()
        .where((IssuedDocument.course == course_id) & (IssuedDocument.state == REGISTERED))
        .exists()
    )


def centre_is_closed(centre_id):
    """Whether the centre has no licence left that is not finally revoked or terminated (the
    institution "е закрита", 001 art. 16(4))."""
    licences = list(Licence.select().where(Licence.centre == centre_id))
    return bool(licences) and all(licence.is_closed for licence in licences)


def centre_archive(centre_id):
    """The designation of the school keeping the centre's documentation (001 art. 28(1)), the
    newest of its licences', or None."""
    from register.models import ArchiveDesignation

    return (
        ArchiveDesignation.select()
        .join(Licence)
        .where(Licence.centre == centre_id)
        .order_by(ArchiveDesignation.id.desc())
        .first()
    )


def _covered_on(licence_id, day):
    """The condition: a LicensedSpeciality of the licence added on or before `day`, not removed by
    then (the licence as it stood that day)."""
    from register.models import LicensedSpeciality

    return (
        (LicensedSpeciality.licence == licence_id)
        & (LicensedSpeciality.added_on <= day)
        & (LicensedSpeciality.removed_on.is_null() | (LicensedSpeciality.removed_on > day))
    )


def specialities_licensed_on(licence_id, day):
    """The specialities a licence covered on `day`: added on or before it, not removed by then."""
    from register.models import LicensedSpeciality

    return (
        Speciality.select()
        .join(LicensedSpeciality, on=(LicensedSpeciality.speciality == Speciality.code))
        .where(_covered_on(licence_id, day))
        .order_by(Speciality.code)
    )


def licence_entries_on(licence_id, day):
    """{speciality code: its LicensedSpeciality} of what the licence covered on `day`."""
    from register.models import LicensedSpeciality

    return {s.speciality_id: s for s in LicensedSpeciality.select().where(_covered_on(licence_id, day))}


class BlankBatch(BaseModel):
    """Blanks with factory numbers a centre bought and registered with NAPOO (001 art. 25(6) т. 1:
    "вписва номерата на получените документи с фабрична номерация"): a kind, a series and a range."""

    centre = pw.ForeignKeyField(Centre, backref="blank_batches", on_delete="CASCADE", index=True)
    kind = pw.CharField(max_length=16)
    series = pw.CharField(max_length=20)
    first_number = pw.IntegerField()
    last_number = pw.IntegerField()
    received_on = pw.DateField()
    protocol_number = pw.CharField(max_length=50, default="")
    # The handover protocol (annex 4) it is a row of (register.blanks); None for a batch entered
    # before protocols were kept.
    protocol = pw.DeferredForeignKey("BlankProtocol", backref="batches", null=True, on_delete="RESTRICT")
    created_at = pw.DateTimeField(default=utcnow)

    class Meta:
        table_name = "blank_batch"

    @property
    def count(self):
        return self.last_number - self.first_number + 1

    @classmethod
    def of_centre(cls, centre_id):
        """A centre's batches, the newest first."""
        return cls.select().where(cls.centre == centre_id).order_by(cls.received_on.desc(), cls.id.desc())

    @classmethod
    def overlapping(cls, kind, series, first, last):
        """The batches of any centre with this kind and series that share a number with first..last
        (a factory number is printed once, whoever bought the blank)."""
        return cls.select().where(
            (cls.kind == kind)
            & (cls.series == series)
            & (cls.first_number <= last)
            & (cls.last_number >= first)
        )


def new_verify_token():
    """An unguessable token for a document's shareable verification link (128 random bits)."""
    return secrets.token_urlsafe(16)


# Latin letters that look like Cyrillic ones: a series typed on a Latin keyboard ("A-25") is the
# Cyrillic series printed on the blank ("А-25").
_LOOKALIKES = str.maketrans("ABCEHKMOPTXY", "АВСЕНКМОРТХУ")


def normalise_number(text):
    """A series or number as compared: upper case, without spaces, Latin look-alikes as Cyrillic."""
    return "".join((text or "").split()).upper().translate(_LOOKALIKES)


class IssuedDocument(BaseModel):
    """A document a centre issues (001 art. 5(5)): its kind, series and factory number (where the
    blank has one), the centre's registration number and date, the person and the course; its state
    on NAPOO's check and, once in the register, its verification token."""

    centre = pw.ForeignKeyField(Centre, backref="documents", on_delete="CASCADE")
    course = pw.ForeignKeyField(Course, backref="documents", null=True, on_delete="RESTRICT")
    participant = pw.ForeignKeyField(Participant, backref="documents", null=True, on_delete="RESTRICT")
    kind = pw.CharField(max_length=16)
    series = pw.CharField(max_length=20, default="")
    factory_number = pw.CharField(max_length=20, default="")
    registration_number = pw.CharField(max_length=50, default="")
    registered_on = pw.DateField(null=True)
    registered_year = pw.SmallIntegerField(null=True)  # of registered_on: the counts group by it
    holder_name = pw.CharField(max_length=300, default="")  # as on the document (art. 17: a duplicate's)
    holder_hash = pw.CharField(max_length=64, default="")  # keyed hash of the holder's ЕГН/ЛНЧ
    verify_key = pw.CharField(max_length=48, default="")  # normalised series/number, for look-ups
    original = pw.ForeignKeyField("self", backref="duplicates", null=True, on_delete="RESTRICT")
    parent = pw.ForeignKeyField("self", backref="annexes", null=True, on_delete="RESTRICT")
    # A duplicate of a closed centre's document: the school that keeps its archive (001 art. 16(4)).
    issued_by_archive = pw.CharField(max_length=500, default="")
    state = pw.CharField(max_length=12, default=DRAFT, index=True)
    check_round = pw.SmallIntegerField(default=0)
    fix_deadline = pw.DateField(null=True)
    submitted_at = pw.DateTimeField(null=True, index=True)
    entered_at = pw.DateTimeField(null=True)
    verify_token = pw.CharField(max_length=32, unique=True, default=new_verify_token)
    created_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")
    created_at = pw.DateTimeField(default=utcnow)
    updated_at = pw.DateTimeField(default=utcnow)
    version = pw.IntegerField(default=1)

    class Meta:
        table_name = "issued_document"
        indexes = (
            (("kind", "verify_key", "holder_hash"), False),
            (("centre", "state", "registered_year", "kind"), False),
        )

    @property
    def is_duplicate(self):
        return self.original_id is not None

    @property
    def kind_label(self):
        return rules.kind_label(self.kind)

    def issuing_licence(self):
        """The licence the document was issued under: its course's, else the centre's latest."""
        if self.course_id is not None:
            return self.course.licence
        return (
            Licence.select()
            .where(Licence.centre == self.centre_id)
            .order_by(Licence.licence_date.desc(), Licence.id.desc())
            .first()
        )

    def refresh_verify_key(self):
        """The look-up key: series and factory number, or the registration number where the blank
        has no factory number."""
        number = self.factory_number if rules.factory_numbered(self.kind) else self.registration_number
        self.verify_key = f"{normalise_number(self.series)}/{normalise_number(number)}"[:48]

    @classmethod
    def of_centre(cls, centre_id):
        """A centre's documents, the newest first."""
        return cls.select().where(cls.centre == centre_id).order_by(cls.created_at.desc(), cls.id.desc())

    @classmethod
    def to_check(cls):
        """NAPOO's queue: documents awaiting a check (first or repeated) and those returned for
        fixes, oldest first."""
        return (
            cls.select(cls, Centre)
            .join(Centre)
            .where(cls.state.in_([SUBMITTED, RESUBMITTED, RETURNED]))
            .order_by(cls.submitted_at.asc(nulls="LAST"), cls.id.asc())
        )

    @classmethod
    def queue_counts(cls, today):
        """The queue's counts: {"submitted", "resubmitted", "returned", "overdue"}."""
        counts = dict(
            cls.select(cls.state, pw.fn.COUNT(cls.id))
            .where(cls.state.in_([SUBMITTED, RESUBMITTED, RETURNED]))
            .group_by(cls.state)
            .tuples()
        )
        return {
            SUBMITTED: counts.get(SUBMITTED, 0),
            RESUBMITTED: counts.get(RESUBMITTED, 0),
            RETURNED: counts.get(RETURNED, 0),
            "overdue": cls.overdue(today).count(),
        }

    @classmethod
    def overdue(cls, today=None):
        """Documents returned for fixes whose term has passed."""
        today = today or datetime.date.today()
        return cls.select().where((cls.state == RETURNED) & (cls.fix_deadline < today))

    @classmethod
    def carrying(cls, centre_id, kind, series, factory_number):
        """The centre's document (not refused) printed on this blank, or None."""
        return (
            cls.select()
            .where(
                (cls.centre == centre_id)
                & (cls.kind == kind)
                & (cls.series == series)
                & (cls.factory_number == factory_number)
                & (cls.state != REFUSED)
            )
            .first()
        )

    @classmethod
    def blank_used_elsewhere(cls, document):
        """Whether another document (not refused) carries this document's blank."""
        if not document.factory_number:
            return False
        return (
            cls.select()
            .where(
                (cls.kind == document.kind)
                & (cls.series == document.series)
                & (cls.factory_number == document.factory_number)
                & (cls.id != (document.id or 0))
                & (cls.state != REFUSED)
            )
            .exists()
        )

    @classmethod
    def find_registered(cls, kind, verify_key, holder_hash):
        """The registered document with this kind, key and holder, or None: the whole look-up is one
        indexed query, whatever is given."""
        return (
            cls.select()
            .where(
                (cls.kind == kind)
                & (cls.verify_key == verify_key)
                & (cls.holder_hash == holder_hash)
                & (cls.state == REGISTERED)
            )
            .first()
        )

    @classmethod
    def yearly_counts(cls, centre_id):
        """Registered documents of a centre per year and kind: [(year, kind, count)], newest first."""
        count = pw.fn.COUNT(cls.id)
        return list(
            cls.select(cls.registered_year, cls.kind, count)
            .where((cls.centre == centre_id) & (cls.state == REGISTERED))
            .group_by(cls.registered_year, cls.kind)
            .order_by(cls.registered_year.desc(), cls.kind)
            .tuples()
        )


class DocumentCondition(BaseModel):
    """One condition of one round of NAPOO's check (001 art. 22(3)/(4)): met or not, by the system
    (with its evidence) or by an officer (with a note)."""

    document = pw.ForeignKeyField(IssuedDocument, backref="conditions", on_delete="CASCADE")
    round = pw.SmallIntegerField()
    code = pw.CharField(max_length=32)
    met = pw.BooleanField(null=True)  # None: not yet decided
    decided_by = pw.CharField(max_length=8)  # system | officer
    evidence = pw.TextField(default="")
    officer = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")
    recorded_at = pw.DateTimeField(default=utcnow)

    class Meta:
        table_name = "document_condition"
        indexes = ((("document", "round", "code"), True),)


class DocumentEvent(BaseModel):
    """One step on a document's timeline, shown to the centre and NAPOO."""

    document = pw.ForeignKeyField(IssuedDocument, backref="events", on_delete="CASCADE")
    at = pw.DateTimeField(default=utcnow)
    actor = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")
    action = pw.CharField(max_length=32)
    from_state = pw.CharField(max_length=12, default="")
    to_state = pw.CharField(max_length=12, default="")
    on_date = pw.DateField(null=True)
    note = pw.TextField(default="")

    class Meta:
        table_name = "document_event"


class DocumentImage(StoredFile):
    """A scanned colour image of a document (001 art. 22(7): "основни данни и сканирани цветни
    изображения")."""

    document = pw.ForeignKeyField(IssuedDocument, backref="images", on_delete="CASCADE")
    uploaded_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")
    uploaded_at = pw.DateTimeField(default=utcnow)

    class Meta:
        table_name = "document_image"


TABLES = [
    CentreAccount,
    Course,
    Participant,
    BlankBatch,
    IssuedDocument,
    DocumentCondition,
    DocumentEvent,
    DocumentImage,
]
