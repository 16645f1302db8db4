"""BAUP certification (004; DOMAIN.md C): applications, bans, assessors and their declarations,
admission, candidates known by an anonymous ID, written-exam sessions, marks and their publication.

Personal data (names, ЕГН/ЛНЧ, contacts) lives on the application only. Everything an assessor or
the public sees of a candidate goes through `Candidate.candidate_id`."""

import datetime

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
        return Certificate.get_or_none(Certificate.number == self.previous_certificate.strip().upper())

    def timeline(self):
        return self.events.order_by(CertEvent.at, CertEvent.id)

    @classmethod
    def appealed(cls):
        """The applications whose refusal is appealed to the Appeals Committee: the cases it reads.
        An appeal against a mark is judged by candidate ID (the appeals page), never by the
        application, which would put the candidate's name beside the ID."""
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


class Candidate(BaseModel):
    """An admitted applicant, known to assessors and the public only by `candidate_id`."""

    application = pw.ForeignKeyField(CertApplication, unique=True, backref="candidacy", on_delete="CASCADE")
    candidate_id = pw.CharField(max_length=16, unique=True)
    level = pw.CharField(max_length=1)
    admitted_on = pw.DateField()
    annulled_on = pw.DateField(null=True)  # proven cheating annuls the procedure (004)
    reported_on = pw.DateField(null=True)  # the Group reported the candidate to the Board (004)
    final_published_on = pw.DateField(null=True)  # levels C and B: the final result published by ID
    access_code_hash = pw.CharField(max_length=64, null=True)  # certification.access_codes; None before

    class Meta:
        table_name = "cert_candidate"


class ExamSession(BaseModel):
    """A written exam (levels D and C): date, time, place, 3 hours; its results published when the
    Group decides."""

    level = pw.CharField(max_length=1)
    starts_at = pw.DateTimeField()
    place = pw.CharField(max_length=255)
    duration_minutes = pw.IntegerField(default=180)
    protocol = pw.TextField(default="")  # the invigilator's incidents
    protocol_filed_at = pw.DateTimeField(null=True)
    published_on = pw.DateField(null=True)
    next_stage_on = pw.DateField(null=True)
    # Fewer than two candidates present and let in: the exam is not held (004), nobody is marked.
    not_held = pw.BooleanField(default=False)

    class Meta:
        table_name = "cert_session"

    @property
    def day(self):
        return self.starts_at.date() if isinstance(self.starts_at, datetime.datetime) else self.starts_at


class Seat(BaseModel):
    """A candidate's place in a session: attendance, lateness, marks and the final mark."""

    session = pw.ForeignKeyField(ExamSession, backref="seats", on_delete="CASCADE")
    candidate = pw.ForeignKeyField(Candidate, backref="seats", on_delete="RESTRICT")
    present = pw.BooleanField(null=True)
    minutes_late = pw.IntegerField(default=0)
    admitted = pw.BooleanField(null=True)  # let in (not more than 10 minutes late)
    cheating = pw.BooleanField(default=False)  # reported by the invigilator in the protocol (004)
    cheating_note = pw.TextField(default="")  # the invigilator's description of what happened
    # The Board's decision on the report: upheld (annulled and banned from the exam's day) or not.
    cheating_upheld = pw.BooleanField(null=True)
    cheating_reasons = pw.TextField(default="")
    cheating_decided_on = pw.DateField(null=True)
    cheating_decided_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    agreed_mark = pw.FloatField(null=True)  # the assessors' consensus
    agreed_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")
    agreed_at = pw.DateTimeField(null=True)
    cannot_agree = pw.BooleanField(default=False)
    final_mark = pw.FloatField(null=True)
    final_at = pw.DateTimeField(null=True)
    version = pw.IntegerField(default=1)

    @classmethod
    def markable(cls):
        """The seats whose papers are marked and published (with ExamSession joined): the exam was
        held, the candidate let in (004), and no cheating reported or the Board found it not proven."""
        return (
            cls.admitted & ~ExamSession.not_held & (~cls.cheating | (cls.cheating_upheld == False))  # noqa: E712 - SQL, not Python
        )

    class Meta:
        table_name = "cert_seat"
        indexes = ((("session", "candidate"), True),)


class MarkAssignment(Appointment):
    """An assessor proposed or appointed to mark a seat's paper (an arbiter is appointed later)."""

    seat = pw.ForeignKeyField(Seat, backref="assignments", on_delete="CASCADE")
    assessor = pw.ForeignKeyField(User, on_delete="RESTRICT")
    arbiter = pw.BooleanField(default=False)

    class Meta:
        table_name = "cert_mark_assignment"
        indexes = ((("seat", "assessor"), True),)

    @classmethod
    def by_seat(cls, session):
        """The assessors proposed or appointed to each paper of a session: {seat id: [rows]}."""
        rows = {}
        for row in cls.select().join(Seat).where(Seat.session == session).order_by(cls.id):
            rows.setdefault(row.seat_id, []).append(row)
        return rows


class Mark(BaseModel):
    """One assessor's individual mark (0-100), with who and when; one row per assessor and seat,
    so two assessors saving at once never touch each other's mark."""

    seat = pw.ForeignKeyField(Seat, backref="marks", on_delete="CASCADE")
    assessor = pw.ForeignKeyField(User, on_delete="RESTRICT")
    value = pw.FloatField()
    arbiter = pw.BooleanField(default=False)
    entered_at = pw.DateTimeField(default=utcnow)

    class Meta:
        table_name = "cert_mark"
        indexes = ((("seat", "assessor"), True),)


class FeedbackRequest(BaseModel):
    """A candidate's written request for feedback on their mark (004: within 10 working days of
    publication), answered by the lead assessor."""

    seat = pw.ForeignKeyField(Seat, backref="feedback_requests", on_delete="CASCADE")
    asked_on = pw.DateField()
    text = pw.TextField()
    answer = pw.TextField(default="")
    answered_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")
    answered_on = pw.DateField(null=True)

    class Meta:
        table_name = "cert_feedback"


class Appeal(BaseModel):
    """An appeal to the Appeals Committee, against a mark (within 10 days of the feedback) or a
    refusal of admission; the Committee's decision is final (004)."""

    seat = pw.ForeignKeyField(Seat, null=True, backref="appeals", on_delete="CASCADE")
    application = pw.ForeignKeyField(CertApplication, null=True, backref="appeals", on_delete="CASCADE")
    filed_on = pw.DateField()
    text = pw.TextField()
    without_feedback_reason = pw.TextField(default="")  # why no feedback was asked first
    upheld = pw.BooleanField(null=True)
    decision = pw.TextField(default="")
    decided_on = pw.DateField(null=True)
    decided_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")

    class Meta:
        table_name = "cert_appeal"


class Certificate(BaseModel):
    """A BAUP certificate (004, decision and certificate): public, with the holder's names as in the
    identity card; never the candidate ID. Its status is computed from its dates at every request
    (certificate_rules.status_on); `expires_on` is stored for the register's filters."""

    number = pw.CharField(max_length=32, unique=True)
    level = pw.CharField(max_length=1, index=True)
    holder_name = pw.CharField(max_length=255)
    language = pw.CharField(max_length=2, default="bg")
    issued_on = pw.DateField()
    expires_on = pw.DateField(index=True)
    application = pw.ForeignKeyField(CertApplication, null=True, backref="certificates", on_delete="SET NULL")
    chair_name = pw.CharField(max_length=255, default="")  # the Board's chair who signs
    lead_assessor_name = pw.CharField(max_length=255, default="")
    replaces_number = pw.CharField(max_length=64, default="")
    replaces_date = pw.DateField(null=True)
    replaces_issuer = pw.CharField(max_length=255, default="")  # if not BAUP
    withdrawn_on = pw.DateField(null=True)
    withdrawal_reason = pw.TextField(default="")
    verify_token = pw.CharField(max_length=32, unique=True)  # the short unguessable link of the QR code
    created_at = pw.DateTimeField(default=utcnow)

    class Meta:
        table_name = "cert_certificate"

    def replaced_by(self):
        """The certificate that replaced this one (recertification or a higher level), or None."""
        return Certificate.get_or_none(Certificate.replaces_number == self.number)

    def replaced(self):
        """The BAUP certificate this one replaced, or None."""
        if not self.replaces_number:
            return None
        return Certificate.get_or_none(Certificate.number == self.replaces_number)

    def history(self):
        return self.events.order_by(CertificateEvent.on_date, CertificateEvent.id)


class CertificateEvent(BaseModel):
    """A step in a certificate's history: issued, expired, withdrawn, replaced."""

    certificate = pw.ForeignKeyField(Certificate, backref="events", on_delete="CASCADE")
    kind = pw.CharField(max_length=16)
    on_date = pw.DateField()
    note = pw.TextField(default="")
    at = pw.DateTimeField(default=utcnow)

    class Meta:
        table_name = "cert_certificate_event"
        indexes = ((("certificate", "kind", "on_date"), True),)  # `expire` twice records once


class Report(StoredFile):
    """A candidate's report on one real project (levels C and B; 004, report), with the competence
    elements it addresses (ReportElement)."""

    candidate = pw.ForeignKeyField(Candidate, unique=True, backref="reports", on_delete="CASCADE")
    pages = pw.IntegerField()
    annexes = pw.IntegerField(default=0)
    uploaded_on = pw.DateField()

    class Meta:
        table_name = "cert_report"


class ReportElement(BaseModel):
    """A competence element (certification/data/competences.csv) the report addresses."""

    report = pw.ForeignKeyField(Report, backref="elements", on_delete="CASCADE")
    code = pw.CharField(max_length=8)

    class Meta:
        table_name = "cert_report_element"
        indexes = ((("report", "code"), True),)


class Interview(BaseModel):
    """The interview (levels C and B; 004, interview): its start, conversation time, end with breaks."""

    candidate = pw.ForeignKeyField(Candidate, unique=True, backref="interviews", on_delete="CASCADE")
    starts_at = pw.DateTimeField()
    conversation_minutes = pw.IntegerField()
    ends_at = pw.DateTimeField()
    place = pw.CharField(max_length=255)

    class Meta:
        table_name = "cert_interview"


class StageAssessor(Appointment):
    """An assessor proposed or appointed to a candidate's report and interview (at least two; 004)."""

    candidate = pw.ForeignKeyField(Candidate, backref="stage_assessors", on_delete="CASCADE")
    assessor = pw.ForeignKeyField(User, on_delete="RESTRICT")

    class Meta:
        table_name = "cert_stage_assessor"
        indexes = ((("candidate", "assessor"), True),)


class StageMark(BaseModel):
    """A mark of the report (joint) or of the interview (each assessor's, then the joint one), 0-100,
    with reasons, who and when; one row per (candidate, stage, assessor, joint)."""

    candidate = pw.ForeignKeyField(Candidate, backref="stage_marks", on_delete="CASCADE")
    stage = pw.CharField(max_length=16)  # report, interview
    assessor = pw.ForeignKeyField(User, on_delete="RESTRICT")
    joint = pw.BooleanField(default=False)
    value = pw.FloatField()
    reasons = pw.TextField(default="")
    entered_at = pw.DateTimeField(default=utcnow)

    class Meta:
        table_name = "cert_stage_mark"
        indexes = ((("candidate", "stage", "assessor", "joint"), True),)


class Recommendation(BaseModel):
    """An assessor's hand-in (004, decision): the assessment against the competence requirements
    and the recommendation to certify or not."""

    candidate = pw.ForeignKeyField(Candidate, backref="recommendations", on_delete="CASCADE")
    assessor = pw.ForeignKeyField(User, on_delete="RESTRICT")
    certify = pw.BooleanField()
    matrix = pw.TextField()  # the final assessment matrix against the competence requirements
    reasons = pw.TextField()
    handed_in_at = pw.DateTimeField(default=utcnow)

    class Meta:
        table_name = "cert_recommendation"
        indexes = ((("candidate", "assessor"), True),)


class CertificateRefusal(BaseModel):
    """The Board's decision not to issue a certificate to a candidate (004 (decision) ал.5: "решение
    за издаване или неиздаване"), with its reasons; the candidate is told and sees it on their page."""

    candidate = pw.ForeignKeyField(
        Candidate, unique=True, backref="certificate_refusals", on_delete="CASCADE"
    )
    decided_on = pw.DateField()
    reasons = pw.TextField()
    decided_by = pw.ForeignKeyField(User, on_delete="RESTRICT")
    created_at = pw.DateTimeField(default=utcnow)

    class Meta:
        table_name = "cert_certificate_refusal"


TABLES = [
    CertApplication,
    Referee,
    Project,
    CertAttachment,
    CertEvent,
    Ban,
    AssessorProfile,
    EntryAssessor,
    Hearing,
    Declaration,
    AdmissionOpinion,
    AdmissionDecision,
    Candidate,
    ExamSession,
    Seat,
    MarkAssignment,
    Mark,
    FeedbackRequest,
    Appeal,
    Certificate,
    CertificateEvent,
    Report,
    ReportElement,
    Interview,
    StageAssessor,
    StageMark,
    Recommendation,
    CertificateRefusal,
]
