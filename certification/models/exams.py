"""Candidates known by an anonymous ID, written-exam sessions, seats, marks, feedback and appeals."""

import datetime

import peewee as pw

from certification.models.applications import Appointment, CertApplication
from portal.accounts import User
from portal.dates import utcnow
from portal.db import BaseModel


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

    @classmethod
    def of(cls, application):
        """The application's candidate (once admitted), or None."""
        return cls.get_or_none(cls.application == application)

    def first_seat(self):
        """The candidate's seat in its earliest exam session, or None."""
        return self.seats.join(ExamSession).order_by(ExamSession.starts_at).first()


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

    @classmethod
    def newest_first(cls):
        """Every session, the latest first (the Group's list)."""
        return cls.select().order_by(cls.starts_at.desc())

    @classmethod
    def upcoming(cls, today=None):
        """The sessions from today on, the soonest first (the public schedule)."""
        midnight = datetime.datetime.combine(today or datetime.date.today(), datetime.time())
        return cls.select().where(cls.starts_at >= midnight).order_by(cls.starts_at)

    @classmethod
    def published(cls):
        """The sessions whose results are published, the latest first."""
        return cls.select().where(cls.published_on.is_null(False)).order_by(cls.starts_at.desc())


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

    @classmethod
    def of_assessor(cls, assessor, seats):
        """The assessor's own marks of these seats: {seat id: value}."""
        ids = [s.id for s in seats]
        if not ids:
            return {}
        return {
            m.seat_id: m.value for m in cls.select().where((cls.assessor == assessor) & cls.seat.in_(ids))
        }


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

    @classmethod
    def undecided_first(cls):
        """The Appeals Committee's list: undecided appeals first, each group by filing day."""
        return cls.select().order_by(cls.decided_on.is_null(False), cls.filed_on)
