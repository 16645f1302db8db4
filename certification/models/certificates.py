"""Certificates and their events, the report and the interview (levels C and B), their assessors,
marks and recommendations, and the Board's refusals to issue."""

import peewee as pw

from certification.models.applications import Appointment, CertApplication
from certification.models.exams import Candidate
from portal.accounts import User
from portal.dates import utcnow
from portal.db import BaseModel
from portal.uploads import StoredFile


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
