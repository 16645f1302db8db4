"""Applications (004, application and admission): the applicant's data, referees, projects and files,
bans, assessors and their appointments, declarations, hearings, opinions and the Board's decisions."""

import peewee as pw

from portal.accounts import User
from portal.dates import utcnow
from portal.db import BaseModel
from portal.uploads import StoredFile

# States of a certification application (services.TRANSITIONS moves between them).
DRAFT = "draft"  # being filled in by the applicant
SUBMITTED = "submitted"  # with the Scheme Management Group (ГУС) for its completeness review
INCOMPLETE = "incomplete"  # the Group set a deadline to complete it
VOID = "void"  # not completed in time: void, the documents kept (004)
COMPLETE = "complete"  # complete: the entry requirements are checked, the Board decides
ADMITTED = "admitted"  # the Board admitted the applicant: a candidate with an ID
REFUSED = "refused"  # the Board refused, with grounds
WITHDRAWN = "withdrawn"
STATES = (DRAFT, SUBMITTED, INCOMPLETE, VOID, COMPLETE, ADMITTED, REFUSED, WITHDRAWN)

LANGUAGES = ("bg", "en")  # the language of the procedure
PROJECT_KINDS = ("project", "programme", "portfolio")
BAN_GROUNDS = ("false_data", "cheating")  # 004: knowingly false data; proven cheating in an exam
REFUSAL_GROUNDS = ("incomplete", "unpaid_fee", "experience", "sanction")  # 004, admission
# 004 (application) ал.2-5 and (application documents) ал.1: what the applicant declares.
DECLARATIONS = (
    "consents_data",
    "data_accurate",
    "knows_conditions",
    "lists_public",
    "knows_misuse",
    "ethics",
)


class CertApplication(BaseModel):
    """A person's application for certification at a level, or for recertification."""

    applicant = pw.ForeignKeyField(User, backref="cert_applications", on_delete="RESTRICT")
    state = pw.CharField(max_length=16, default=DRAFT, index=True)
    level = pw.CharField(max_length=1)
    recertification = pw.BooleanField(default=False)
    previous_certificate = pw.CharField(max_length=64, default="")  # its number, for recertification
    previous_issuer = pw.CharField(
        max_length=255, default=""
    )  # the replaced certificate's issuer, if not BAUP
    full_name = pw.CharField(max_length=255)  # as in the identity card
    personal_number = pw.CharField(max_length=10)  # ЕГН or ЛНЧ, check digit validated
    email = pw.CharField(max_length=255)
    phone = pw.CharField(max_length=100, default="")
    language = pw.CharField(max_length=2, default="bg")
    self_assessment = pw.TextField(default="")
    report_project = pw.CharField(max_length=500, default="")  # level C: the project of the report
    report_sector = pw.CharField(max_length=200, default="")
    consents_data = pw.BooleanField(default=False)  # consent to processing the personal data
    data_accurate = pw.BooleanField(default=False)  # the data are accurate, true and complete
    knows_conditions = pw.BooleanField(default=False)
    lists_public = pw.BooleanField(default=False)
    knows_misuse = pw.BooleanField(default=False)  # the consequences of misusing the certificate
    ethics = pw.BooleanField(default=False)
    submitted_on = pw.DateField(null=True)
    complete_by = pw.DateField(null=True)  # the Group's deadline to complete it
    created_at = pw.DateTimeField(default=utcnow)
    updated_at = pw.DateTimeField(default=utcnow)
    version = pw.IntegerField(default=1)

    class Meta:
        table_name = "cert_application"

    @property
    def number(self):
        return f"С-{self.id:06d}"

    def missing(self):
        """What the application still lacks (004: the documents of an application), as codes."""
        lacking = [name for name in DECLARATIONS if not getattr(self, name)]
        if self.referees.count() < 2:
            lacking.append("referees")
        if not self.projects.exists():
            lacking.append("projects")
        if not self.self_assessment.strip():
            lacking.append("self_assessment")
        if self.level == "C" and not (self.report_project.strip() and self.report_sector.strip()):
            lacking.append("report_project")
        attached = {a.purpose for a in self.attachments}
        lacking += [purpose for purpose in ("cv", "initial_fee") if purpose not in attached]
        if self.recertification and not self.previous_certificate.strip():
            lacking.append("previous_certificate")
        previous = self.previous_bau_certificate()
        if previous is not None and any(
            p.ended_on and p.ended_on < previous.issued_on for p in self.projects
        ):
            lacking.append("projects_since")  # 004: for recertification, only since the last certificate
        return lacking

    def previous_bau_certificate(self):
        """The BAUP certificate a recertification renews, if it is in the register."""
        if not (self.recertification and self.previous_certificate.strip()):
            return None
        from certification.models.certificates import Certificate

        return Certificate.get_or_none(Certificate.number == self.previous_certificate.strip().upper())

    def timeline(self):
        return self.events.order_by(CertEvent.at, CertEvent.id)

    @classmethod
    def of(cls, applicant):
        """The applicant's own applications, the latest first."""
        return cls.select().where(cls.applicant == applicant).order_by(cls.id.desc())

    @classmethod
    def newest_first(cls):
        """Every application, the latest first (the Group's and the Board's list)."""
        return cls.select().order_by(cls.id.desc())

    @classmethod
    def appealed(cls):
        """The applications whose refusal is appealed to the Appeals Committee: the cases it reads.
        An appeal against a mark is judged by candidate ID (the appeals page), never by the
        application, which would put the candidate's name beside the ID."""
        from certification.models.exams import Appeal

        return cls.select().where(
            cls.id.in_(Appeal.select(Appeal.application).where(Appeal.application.is_null(False)))
        )


class Referee(BaseModel):
    """One of at least two referees (004: the application)."""

    application = pw.ForeignKeyField(CertApplication, backref="referees", on_delete="CASCADE")
    name = pw.CharField(max_length=255)
    contact = pw.CharField(max_length=255)

    class Meta:
        table_name = "cert_referee"


class Project(BaseModel):
    """A project, programme or portfolio of the experience period (for recertification: since the
    last certificate), with the applicant's role, duration and intensity."""

    application = pw.ForeignKeyField(CertApplication, backref="projects", on_delete="CASCADE")
    kind = pw.CharField(max_length=16, default="project")
    title = pw.CharField(max_length=500)
    organisation = pw.CharField(max_length=255, default="")  # whose project: conflicts of interest
    role = pw.CharField(max_length=255)
    started_on = pw.DateField()
    ended_on = pw.DateField(null=True)
    intensity = pw.CharField(max_length=100, default="")  # e.g. "full time", "50 %"

    class Meta:
        table_name = "cert_project"


class CertAttachment(StoredFile):
    """A file of an application (portal.uploads): the CV, the proofs of the fees."""

    application = pw.ForeignKeyField(CertApplication, backref="attachments", on_delete="CASCADE")
    purpose = pw.CharField(max_length=32)  # cv, initial_fee, certification_fee
    uploaded_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")
    uploaded_at = pw.DateTimeField(default=utcnow)

    class Meta:
        table_name = "cert_attachment"


class CertEvent(BaseModel):
    """One step on an application's timeline."""

    application = pw.ForeignKeyField(CertApplication, backref="events", on_delete="CASCADE")
    at = pw.DateTimeField(default=utcnow)
    actor = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")
    action = pw.CharField(max_length=32)
    on_date = pw.DateField(null=True)
    note = pw.TextField(default="")

    class Meta:
        table_name = "cert_event"


class Ban(BaseModel):
    """A decision barring a person from applying (004: knowingly false data, proven cheating)."""

    personal_number = pw.CharField(max_length=10, index=True)
    ground = pw.CharField(max_length=16)
    decided_on = pw.DateField()
    application = pw.ForeignKeyField(CertApplication, null=True, on_delete="SET NULL")

    class Meta:
        table_name = "cert_ban"

    @classmethod
    def of(cls, personal_number):
        return cls.select().where(cls.personal_number == personal_number).order_by(cls.decided_on.desc())

    @classmethod
    def for_false_data_in(cls, application):
        """The Board's ban for false data given in this application, if recorded."""
        return cls.get_or_none((cls.application == application) & (cls.ground == "false_data"))


class AssessorProfile(BaseModel):
    """What the public list of assessors shows of an assessor (004: publicity duties)."""

    user = pw.ForeignKeyField(User, unique=True, backref="assessor_profile", on_delete="CASCADE")
    public_name = pw.CharField(max_length=255)
    organisation = pw.CharField(max_length=255, default="")  # the assessor's own institution
    levels = pw.CharField(max_length=8, default="DCB")
    listed = pw.BooleanField(default=True)

    class Meta:
        table_name = "cert_assessor"

    @classmethod
    def public_list(cls):
        return cls.select().where(cls.listed).order_by(cls.public_name)

    @staticmethod
    def accounts():
        """The assessors' accounts, by name: those the Group may propose and the Board appoint."""
        return User.select().where(User.role == "assessor").order_by(User.name)


class Appointment(BaseModel):
    """Who proposed an assessor (the Group, optionally) and who appointed them (the Board), when
    (004: the Board appoints the assessors, the Group may propose). Only an appointed assessor
    gives an opinion or marks."""

    proposed_by = pw.ForeignKeyField(User, null=True, backref="+", on_delete="SET NULL")
    proposed_at = pw.DateTimeField(null=True)
    appointed_by = pw.ForeignKeyField(User, null=True, backref="+", on_delete="SET NULL")
    appointed_at = pw.DateTimeField(null=True)

    @classmethod
    def appointed(cls):
        """The appointments in force (not mere proposals)."""
        return cls.select().where(cls.appointed_at.is_null(False))

    @classmethod
    def proposed(cls):
        """The proposals the Board has not acted on yet."""
        return cls.select().where(cls.appointed_at.is_null())


class EntryAssessor(Appointment):
    """An assessor appointed to check an application's entry requirements (004, admission)."""

    application = pw.ForeignKeyField(CertApplication, backref="entry_assessors", on_delete="CASCADE")
    assessor = pw.ForeignKeyField(User, backref="+", on_delete="RESTRICT")

    class Meta:
        table_name = "cert_entry_assessor"
        indexes = ((("application", "assessor"), True),)


class Hearing(BaseModel):
    """The Group's notice that misleading data were found, the applicant's right to be heard on a
    day, and what came of it (004 (application documents) ал.4-5)."""

    application = pw.ForeignKeyField(CertApplication, backref="hearings", on_delete="CASCADE")
    finding = pw.TextField()  # the misleading data found
    hearing_on = pw.DateField()
    notified_by = pw.ForeignKeyField(User, null=True, backref="+", on_delete="SET NULL")
    notified_at = pw.DateTimeField(default=utcnow)
    attended = pw.BooleanField(null=True)  # None until the outcome is recorded
    good_reason = pw.TextField(default="")  # why the applicant did not come, if excused
    confirmed = pw.BooleanField(null=True)  # the misleading data confirmed at the hearing
    outcome = pw.TextField(default="")
    recorded_by = pw.ForeignKeyField(User, null=True, backref="+", on_delete="SET NULL")
    recorded_at = pw.DateTimeField(null=True)

    class Meta:
        table_name = "cert_hearing"


class Declaration(BaseModel):
    """A declared link between an assessor and an application: the applicant knows the assessor,
    or the assessor is related to the candidate or trained them on project management (004)."""

    application = pw.ForeignKeyField(CertApplication, backref="declarations", on_delete="CASCADE")
    assessor = pw.ForeignKeyField(User, on_delete="CASCADE")
    kind = pw.CharField(max_length=16)  # known (by the applicant), related, trained (by the assessor)
    trained_until = pw.DateField(null=True)  # the end of the training, for `trained`
    note = pw.CharField(max_length=500, default="")
    declared_at = pw.DateTimeField(default=utcnow)

    class Meta:
        table_name = "cert_declaration"

    @classmethod
    def by(cls, application, assessor):
        """What this assessor declared about this application."""
        return cls.select().where((cls.application == application) & (cls.assessor == assessor))


class AdmissionOpinion(BaseModel):
    """An assessor's opinion on the entry requirements (004: at least two for level C)."""

    application = pw.ForeignKeyField(CertApplication, backref="opinions", on_delete="CASCADE")
    assessor = pw.ForeignKeyField(User, on_delete="RESTRICT")
    favourable = pw.BooleanField()
    text = pw.TextField()
    given_at = pw.DateTimeField(default=utcnow)

    class Meta:
        table_name = "cert_opinion"
        indexes = ((("application", "assessor"), True),)

    @classmethod
    def of(cls, application, assessor):
        """This assessor's opinion on this application, or None."""
        return cls.get_or_none((cls.application == application) & (cls.assessor == assessor))


class AdmissionDecision(BaseModel):
    """The Board's decision on an applicant, and when the applicant was notified (004: within 15
    working days)."""

    application = pw.ForeignKeyField(CertApplication, backref="decisions", on_delete="CASCADE")
    admitted = pw.BooleanField()
    grounds = pw.CharField(max_length=64, default="")  # REFUSAL_GROUNDS, comma-separated
    reasons = pw.TextField(default="")
    decided_on = pw.DateField()
    decided_by = pw.ForeignKeyField(User, on_delete="RESTRICT")
    notify_by = pw.DateField()
    notified_on = pw.DateField(null=True)

    class Meta:
        table_name = "cert_decision"
