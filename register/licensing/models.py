"""A licensing application, its timeline and its letters of irregularities; the queries they own."""

import datetime
import functools
import time

import peewee as pw

from portal.accounts import User
from portal.db import BaseModel
from portal.uploads import StoredFile
from register.licensing import rules
from register.models import Licence, Profession, ProfessionalField, Settlement, Speciality, utcnow

# States of an application (one table of the moves between them: services.TRANSITIONS).
DRAFT = "draft"  # registered, the profile being filled in (000 steps 1-4)
FILED = "filed"  # the signed application filed: the 3-month term runs (step 5)
AWAITING_FIXES = "awaiting_fixes"  # a letter of irregularities sent: the term stops (step 6)
REGULAR = "regular"  # found regular (step 6), experts to be assigned (step 7)
IN_ASSESSMENT = "in_assessment"  # the letter naming the experts sent (step 7): inspection, evaluation
EVALUATED = "evaluated"  # the expert committee confirmed the verdicts (step 9): the chair's order next
LICENSED = "licensed"  # the chair's order issued: the licence is in the register (step 9)
WITHDRAWN = "withdrawn"  # withdrawn by the applicant before the order
REFUSED = "refused"  # the whole application refused
STATES = (DRAFT, FILED, AWAITING_FIXES, REGULAR, IN_ASSESSMENT, EVALUATED, LICENSED, WITHDRAWN, REFUSED)
OPEN_STATES = (FILED, AWAITING_FIXES, REGULAR, IN_ASSESSMENT, EVALUATED)  # the term is running or paused
DECIDED_STATES = (LICENSED, WITHDRAWN, REFUSED)  # the term stopped at the decision
DECISIONS = ("order", "refuse", "withdraw")  # the timeline's actions that decide (and stop the term)

FIRST_LICENSING = "first_licensing"
AMENDMENT = "amendment"
KINDS = (FIRST_LICENSING, AMENDMENT)

PAPER = "paper"
E_SIGNATURE = "e_signature"
FILING_CHANNELS = (PAPER, E_SIGNATURE)

DELIVERY_CHANNELS = ("email", "in_person", "post")  # how the order and licence reach the applicant (step 10)
CENTRE_KINDS = ("cpo", "cipo")

# Step 3's attachments (site/content/guide-documents.*.md says what each is). 000 names only "the
# required documents" and points to NAPOO's templates; this is the list the site asks for, in one place.
REQUIRED_DOCUMENTS = ("licensing_form", "curricula", "rules_of_activity", "fee_receipt")
# An amendment adds specialities to a licence whose centre, bases and rules NAPOO already has.
AMENDMENT_DOCUMENTS = ("curricula", "fee_receipt")
# The premises of step 3: training bases (theory, practice or both) and the office, each with the
# document that it is owned or rented.
TRAINING_BASE, OFFICE = "training_base", "office"
PREMISES_KINDS = (TRAINING_BASE, OFFICE)
PREMISES_USES = ("theory", "practice", "both")
TENURES = ("owned", "rented")


class LicensingApplication(BaseModel):
    """One application of a training centre to NAPOO."""

    kind = pw.CharField(max_length=32, default=FIRST_LICENSING)
    state = pw.CharField(max_length=32, default=DRAFT, index=True)
    applicant = pw.ForeignKeyField(User, backref="applications", on_delete="RESTRICT")
    organisation_name = pw.CharField(max_length=255)
    eik = pw.CharField(max_length=13, index=True)
    representative = pw.CharField(max_length=255)
    email = pw.CharField(max_length=255)
    licence = pw.ForeignKeyField(Licence, null=True, on_delete="RESTRICT")  # amended, or issued
    filed_on = pw.DateField(null=True)
    filing_channel = pw.CharField(max_length=16, default="")
    incoming_number = pw.CharField(max_length=64, default="")
    created_at = pw.DateTimeField(default=utcnow)
    updated_at = pw.DateTimeField(default=utcnow)
    version = pw.IntegerField(default=1)  # optimistic lock: each change adds one
    # The profile (000 step 3): the centre the licence will name, its seat, and the delivery channel.
    centre_name = pw.CharField(max_length=500, default="")
    centre_kind = pw.CharField(max_length=4, default="cpo")
    settlement = pw.ForeignKeyField(
        Settlement,
        null=True,
        object_id_name="settlement_id",
        column_name="settlement_ekatte",
        on_delete="RESTRICT",
    )
    address = pw.CharField(max_length=500, default="")
    postcode = pw.CharField(max_length=4, default="")
    phone = pw.CharField(max_length=100, default="")
    delivery_channel = pw.CharField(max_length=16, default="")

    class Meta:
        table_name = "licensing_application"

    def missing(self):
        """What the application still lacks before it can be filed (000 step 3's checklist), as
        codes: centre_name, settlement, address, phone, delivery_channel, specialities."""
        lacking = [
            name
            for name in ("centre_name", "address", "phone", "delivery_channel")
            if not getattr(self, name)
        ]
        if self.settlement_id is None:
            lacking.insert(1, "settlement")
        if not self.requested.exists():
            lacking.append("specialities")
        if self.kind == FIRST_LICENSING:
            kinds = {p.kind for p in self.premises}
            lacking += [kind for kind in PREMISES_KINDS if kind not in kinds]
        attached = {a.purpose for a in self.attachments.select(Attachment.purpose)}
        lacking += [purpose for purpose in self.required_documents() if purpose not in attached]
        return lacking

    def required_documents(self):
        """The documents this kind of application needs (REQUIRED_DOCUMENTS or AMENDMENT_DOCUMENTS)."""
        return AMENDMENT_DOCUMENTS if self.kind == AMENDMENT else REQUIRED_DOCUMENTS

    def open_amendment(self):
        """An amendment of this application's licence not yet decided (drafts included), or None."""
        if self.licence_id is None:
            return None
        return (
            LicensingApplication.select()
            .where(
                (LicensingApplication.licence == self.licence_id)
                & (LicensingApplication.kind == AMENDMENT)
                & LicensingApplication.state.in_((DRAFT, *OPEN_STATES))
            )
            .first()
        )

    def documents(self):
        """{purpose: attachment} of the required documents attached so far."""
        found = self.attachments.where(Attachment.purpose.in_(REQUIRED_DOCUMENTS)).order_by(Attachment.id)
        return {a.purpose: a for a in found}

    def premises_list(self):
        """The training bases, then the office, with their settlements and documents."""
        return list(
            self.premises.select(Premises, Settlement)
            .join(Settlement, pw.JOIN.LEFT_OUTER)
            .order_by(Premises.kind.desc(), Premises.id)
        )

    @property
    def number(self):
        """The application's reference, as its letters quote it."""
        return f"З-{self.id:06d}"

    def pauses(self):
        """The letters of irregularities as pauses of the licensing term."""
        return [
            rules.Pause(letter.sent_on, letter.deadline, letter.fixed_on)
            for letter in self.letters.order_by(IrregularityLetter.sent_on, IrregularityLetter.id)
        ]

    def term(self, today=None):
        """Where the licensing term stands (rules.licensing_term), or stood on the day of the
        decision once decided; None before the filing."""
        if self.filed_on is None:
            return None
        today = today or datetime.date.today()
        return rules.licensing_term(self.filed_on, self.pauses(), today, self.decided_on())

    def decided_on(self):
        """The day of the decision that stops the term (the chair's order, the refusal or the
        withdrawal), or None while the application is open (amendments: the order on them)."""
        if self.state not in DECIDED_STATES:
            return None
        event = (
            self.events.where(ApplicationEvent.action.in_(DECISIONS))
            .order_by(ApplicationEvent.id.desc())
            .first()
        )
        if event is None:  # a decision without its event (older data): the last change's day
            return self.updated_at.date()
        return event.on_date or event.at.date()

    def timeline(self):
        """Every step taken, oldest first."""
        return self.events.order_by(ApplicationEvent.at, ApplicationEvent.id)

    def order_event(self):
        """The timeline's event of the chair's order (its note starts with the order's number), or None."""
        return (
            self.events.where(ApplicationEvent.action == "order").order_by(ApplicationEvent.id.desc()).first()
        )

    def open_letter(self):
        """The letter whose fixes are awaited, or None."""
        return (
            self.letters.where(IrregularityLetter.fixed_on.is_null())
            .order_by(IrregularityLetter.id.desc())
            .first()
        )

    @classmethod
    def of_applicant(cls, user):
        """The user's own applications, newest first."""
        return cls.select().where(cls.applicant == user).order_by(cls.id.desc())

    @classmethod
    def open_by_days_left(cls, today=None, expert=None):
        """[(application, term)] of every filed, undecided application (or only those assigned to
        `expert`), fewest days left first."""
        today = today or datetime.date.today()
        query = cls.select().where(cls.state.in_(OPEN_STATES))
        if expert is not None:
            query = query.where(
                cls.id.in_(
                    ExpertAssignment.select(ExpertAssignment.application).where(
                        ExpertAssignment.expert == expert
                    )
                )
            )
        rows = [(a, a.term(today)) for a in query]
        return sorted(rows, key=lambda row: (row[1].days_left, row[0].id))

    @classmethod
    def decided_recently(cls, limit=20, today=None):
        """[(application, term)] of the last `limit` filed applications decided (licensed, refused
        or withdrawn), the latest change first: the term as it stood on the decision."""
        query = (
            cls.select()
            .where(cls.state.in_(DECIDED_STATES) & cls.filed_on.is_null(False))
            .order_by(cls.updated_at.desc(), cls.id.desc())
            .limit(limit)
        )
        return [(a, a.term(today)) for a in query]

    def fields_requested(self):
        """The professional fields of the specialities applied for, in code order."""
        codes = sorted({r.speciality_code[:3] for r in self.requested})
        return list(
            ProfessionalField.select()
            .where(ProfessionalField.code.in_(codes))
            .order_by(ProfessionalField.code)
        )

    def fields_assigned_to(self, user):
        """The professional field codes whose specialities this user assesses (none unless an
        expert assigned to them: 000 step 7)."""
        if user is None or getattr(user, "id", None) is None:
            return set()
        return {
            code
            for (code,) in self.assignments.select(ExpertAssignment.field_code)
            .where(ExpertAssignment.expert == user)
            .tuples()
        }

    def experts_by_field(self):
        """{field code: the expert assigned to it}."""
        return {
            a.field_code: a.expert
            for a in self.assignments.join(User, on=(ExpertAssignment.expert == User.id))
        }


class ApplicationEvent(BaseModel):
    """One step on an application's timeline, shown to both sides."""

    application = pw.ForeignKeyField(LicensingApplication, backref="events", on_delete="CASCADE")
    at = pw.DateTimeField(default=utcnow)
    actor = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")
    action = pw.CharField(max_length=32)
    from_state = pw.CharField(max_length=32, default="")
    to_state = pw.CharField(max_length=32, default="")
    on_date = pw.DateField(null=True)  # the day the step counts from (filing, letter, fixes)
    note = pw.TextField(default="")

    class Meta:
        table_name = "application_event"


class IrregularityLetter(BaseModel):
    """A letter listing what to fix, with the deadline (000 step 6): a pause of the term."""

    application = pw.ForeignKeyField(LicensingApplication, backref="letters", on_delete="CASCADE")
    sent_on = pw.DateField()
    deadline = pw.DateField()
    items = pw.TextField()  # one irregularity a line
    fixed_on = pw.DateField(null=True)

    class Meta:
        table_name = "irregularity_letter"

    @property
    def item_list(self):
        return [line.strip() for line in self.items.splitlines() if line.strip()]


class Attachment(StoredFile):
    """A file of an application (portal.uploads): stored outside the web root, served only to
    those who may see the application."""

    application = pw.ForeignKeyField(LicensingApplication, backref="attachments", on_delete="CASCADE")
    purpose = pw.CharField(max_length=32)  # signed_application, ...
    uploaded_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")
    uploaded_at = pw.DateTimeField(default=utcnow)
    inspection_id = pw.IntegerField(null=True, index=True)  # a photo of that inspection (step 8)

    class Meta:
        table_name = "application_attachment"


class Premises(BaseModel):
    """A training base or the office of the centre (000 step 3), with the document (an attachment)
    showing that the centre owns or rents it; the experts may inspect it (step 8)."""

    application = pw.ForeignKeyField(LicensingApplication, backref="premises", on_delete="CASCADE")
    kind = pw.CharField(max_length=16)  # PREMISES_KINDS
    settlement = pw.ForeignKeyField(
        Settlement, object_id_name="settlement_id", column_name="settlement_ekatte", on_delete="RESTRICT"
    )
    address = pw.CharField(max_length=500)
    use = pw.CharField(max_length=16, default="")  # PREMISES_USES, for a training base
    tenure = pw.CharField(max_length=16)  # TENURES
    document = pw.ForeignKeyField(Attachment, on_delete="RESTRICT")

    class Meta:
        table_name = "premises"


class RequestedSpeciality(BaseModel):
    """A speciality of the List of professions the centre applies to train for (000 step 3)."""

    application = pw.ForeignKeyField(LicensingApplication, backref="requested", on_delete="CASCADE")
    speciality = pw.ForeignKeyField(
        Speciality, column_name="speciality_code", object_id_name="speciality_code"
    )
    added_at = pw.DateTimeField(default=utcnow)

    class Meta:
        table_name = "requested_speciality"
        indexes = ((("application", "speciality"), True),)

    @classmethod
    def of(cls, application):
        """[(field, [(profession, [speciality, ...]), ...]), ...] requested, in code order."""
        rows = (
            Speciality.select(Speciality, Profession, ProfessionalField)
            .join(cls, on=(cls.speciality == Speciality.code))
            .switch(Speciality)
            .join(Profession)
            .join(ProfessionalField)
            .where(cls.application == application)
            .order_by(Speciality.code)
        )
        grouped = {}
        for speciality in rows:
            profession = speciality.profession
            by_profession = grouped.setdefault(profession.field, {})
            by_profession.setdefault(profession, []).append(speciality)
        return [(f, list(p.items())) for f, p in grouped.items()]


def find_specialities(text, limit=20):
    """Specialities of the List whose code starts with the text, or whose speciality or profession
    name has every word of it as a word start (analysed as the search index analyses words: case,
    quotes, Latin letters)."""
    from search_index import analysis

    words = analysis.words(text or "")
    if not words:
        return []
    keys = [analysis.latin_key(analysis.to_latin(w)) for w in words]
    found = []
    for code, haystack in _speciality_words(int(time.monotonic() // 300), id(Speciality._meta.database.obj)):
        if code.startswith(text.strip()) or all(
            any(h.startswith(w) or h.startswith(k) for h in haystack)
            for w, k in zip(words, keys, strict=True)
        ):
            found.append(code)
            if len(found) >= limit:
                break
    query = Speciality.select(Speciality, Profession).join(Profession).where(Speciality.code.in_(found))
    return list(query.order_by(Speciality.code))


@functools.lru_cache(maxsize=2)
def _speciality_words(period, database_identity):
    """[(code, words and Latin keys of the speciality's and its profession's names)], for a few minutes."""
    from search_index import analysis

    result = []
    rows = (
        Speciality.select(Speciality.code, Speciality.name, Profession.name)
        .join(Profession)
        .order_by(Speciality.code)
    )
    for code, name, profession_name in rows.tuples():
        words = analysis.words(f"{name} {profession_name}")
        result.append((code, tuple(words) + tuple(analysis.latin_key(analysis.to_latin(w)) for w in words)))
    return result


class ExpertAssignment(BaseModel):
    """The NAPOO expert who assesses the application's professions of one professional field (000 step 7)."""

    application = pw.ForeignKeyField(LicensingApplication, backref="assignments", on_delete="CASCADE")
    field_code = pw.CharField(max_length=3)
    expert = pw.ForeignKeyField(User, on_delete="RESTRICT")
    assigned_at = pw.DateTimeField(default=utcnow)

    class Meta:
        table_name = "expert_assignment"
        indexes = ((("application", "field_code"), True),)


class Inspection(BaseModel):
    """An expert's on-site visit to a training base or the office (000 step 8); photos are its
    attachments."""

    application = pw.ForeignKeyField(LicensingApplication, backref="inspections", on_delete="CASCADE")
    expert = pw.ForeignKeyField(User, on_delete="RESTRICT")
    visited_on = pw.DateField()
    place = pw.CharField(max_length=500)
    findings = pw.TextField()
    recorded_at = pw.DateTimeField(default=utcnow)

    class Meta:
        table_name = "inspection"


class Verdict(BaseModel):
    """An expert's assessment of one speciality applied for, with its reasons (000 step 9)."""

    application = pw.ForeignKeyField(LicensingApplication, backref="verdicts", on_delete="CASCADE")
    speciality = pw.ForeignKeyField(
        Speciality, column_name="speciality_code", object_id_name="speciality_code"
    )
    expert = pw.ForeignKeyField(User, on_delete="RESTRICT")
    positive = pw.BooleanField()
    reasons = pw.TextField()
    recorded_at = pw.DateTimeField(default=utcnow)
    # The expert committee's rejection of a positive verdict (000 step 9 needs both assessments
    # positive): its reasons ("" while not rejected) and the day.
    committee_reasons = pw.TextField(default="")
    committee_rejected_on = pw.DateField(null=True)

    class Meta:
        table_name = "verdict"
        indexes = ((("application", "speciality"), True),)

    @property
    def granted(self):
        """Positive by the expert and not rejected by the expert committee (rules.speciality_is_licensed)."""
        return rules.speciality_is_licensed(self.positive, bool(self.committee_reasons))

    @property
    def reasons_against(self):
        """Why the speciality is left out of the order: the committee's reasons when it rejected
        a positive verdict, else the expert's."""
        return self.committee_reasons or self.reasons


# Every table of the licensing applications, parents first (tests empty them in reverse).
TABLES = [
    LicensingApplication,
    ApplicationEvent,
    IrregularityLetter,
    Attachment,
    Premises,
    RequestedSpeciality,
    ExpertAssignment,
    Inspection,
    Verdict,
]
