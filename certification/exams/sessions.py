"""BAUP certification (004), the written exam's sessions: scheduling, seating, when a candidate may take
the next stage, and the invigilator's protocol. Never sees `request`."""

import datetime

from flask_babel import lazy_gettext as _l
from peewee import fn

from certification import rules
from certification.candidate_ids import normalise_candidate_id
from certification.models import (
    Candidate,
    CertEvent,
    ExamSession,
    Mark,
    Seat,
)
from certification.services import CertificationError
from portal import audit
from portal.dates import utcnow
from portal.db import database
from portal.formats import format_day
from portal.forms import parse_date
from portal.web import parse_int

GROUP = ("scheme_group",)
# The protocol's lateness: more than a day late is a typing error (and would overflow the column).
MAX_MINUTES_LATE = 24 * 60


def _require_group(user):
    if user is None or not user.has_role(*GROUP):
        raise CertificationError(_l("You may not take this step."))


def schedule_session(user, level, starts_at, place):
    """The Group schedules a written exam (levels D and C; 3 hours; 004)."""
    _require_group(user)
    if level not in ("D", "C"):
        raise CertificationError(_l("Written exams are held for levels D and C."), "level")
    if not isinstance(starts_at, datetime.datetime):
        raise CertificationError(_l("Enter the date and time of the exam."), "starts_at")
    if not (place or "").strip():
        raise CertificationError(_l("Enter the place of the exam."), "place")
    session = ExamSession.create(
        level=level, starts_at=starts_at, place=place.strip(), duration_minutes=rules.EXAM_DURATION_MINUTES
    )
    audit.record(user, "certification.session", "cert_session", session.id, after={"level": level})
    return session


def seat_candidate(user, session, candidate_id):
    """Assign a candidate to a session by ID: the candidate's level, not twice, and allowed to take a
    stage on the exam's day (refuse_unless_may_take_stage: the 1-year window and the fee)."""
    _require_group(user)
    candidate = candidate_by_id(candidate_id)
    if candidate.level != session.level:
        raise CertificationError(_l("The candidate is admitted to another level."), "candidate_id")
    if session.not_held:
        raise CertificationError(_l("This exam was not held: seat the candidate in a later session."))
    refuse_unless_may_take_stage(candidate, session.day, "candidate_id")
    seat, _ = Seat.get_or_create(session=session, candidate=candidate)
    return seat


def candidate_by_id(candidate_id, field="candidate_id"):
    """The candidate of an ID as staff type it (any case, with or without hyphens), or a clear
    refusal: a mistyped ID (wrong length, symbol or check symbol) is said so, not a 500."""
    try:
        normalised = normalise_candidate_id(candidate_id)
    except ValueError:
        raise CertificationError(
            _l(
                "This is not a candidate ID: 11 letters and digits, like K7QX-M3PD-W9U. "
                "Check it and type it again."
            ),
            field,
        ) from None
    candidate = Candidate.get_or_none(Candidate.candidate_id == normalised)
    if candidate is None:
        raise CertificationError(_l("There is no candidate with this ID."), field)
    return candidate


def refuse_unless_may_take_stage(candidate, stage_on, field, today=None):
    """Every stage a candidate is scheduled for (a written exam, an interview) is refused: after an
    annulment; later than a year from the admission decision (rules.may_sit: "не по-късно от една
    година от датата на решението за допускане", 004 (certification fee) ал.6); and without the
    proof of the certification fee once its deadline for that stage has passed
    (certification_fee_overdue, ал.3-4). The same check for the exam seating and the interview."""
    if candidate.annulled_on is not None:
        raise CertificationError(_l("The candidate's procedure was annulled."), field)
    if not rules.may_sit(candidate.admitted_on, stage_on):
        raise CertificationError(
            _l(
                "The admission decision of %(admitted)s allows a stage until %(day)s only: "
                "the admission has lapsed.",
                admitted=format_day(candidate.admitted_on),
                day=format_day(rules.may_sit_until(candidate.admitted_on)),
            ),
            field,
        )
    overdue = certification_fee_overdue(candidate, stage_on, today, field)
    if overdue is not None:
        raise CertificationError(
            _l(
                "The proof of the certification fee was due by %(day)s: the candidate moves to a later date.",
                day=format_day(overdue),
            ),
            field,
        )


def certification_fee_overdue(candidate, stage_on, today=None, field="candidate_id"):
    """The missed deadline for the proof of the certification fee before a stage on `stage_on`
    (rules.certification_fee_due from the day the admission notice was received; ал.4: a candidate
    who misses it moves to the next date, so the deadline is counted for the stage being scheduled),
    or None when the proof is in or not yet due. Refused, not skipped, when the notice's day is not
    recorded: the deadline cannot be counted without it."""
    from certification.models import AdmissionDecision, CertAttachment

    today = today or datetime.date.today()
    application = candidate.application
    if application.attachments.where(CertAttachment.purpose == "certification_fee").exists():
        return None
    decision = (
        application.decisions.where(AdmissionDecision.admitted).order_by(AdmissionDecision.id.desc()).first()
    )
    if decision is None or decision.notified_on is None:
        raise CertificationError(
            _l(
                "The day the candidate received the admission notice is not recorded, so the deadline for "
                "the certification fee cannot be counted: record the notice first, or the proof of the fee."
            ),
            field,
        )
    due = rules.certification_fee_due(decision.notified_on, stage_on)
    return due if today > due else None


def seated_ids(session):
    """The candidate IDs of a session, in order: what the public schedule lists."""
    return [
        c
        for (c,) in Candidate.select(Candidate.candidate_id)
        .join(Seat)
        .where(Seat.session == session)
        .order_by(Candidate.candidate_id)
        .tuples()
    ]


def set_next_stage(user, session, day_text, today=None):
    """The Group sets the date of the next stage after this exam (the report and interview, for C):
    refused before the day the marks have been known two weeks (next_stage_allowed_from)."""
    _require_group(user)
    try:
        day = parse_date(day_text)
    except (TypeError, ValueError):
        raise CertificationError(_l("Enter the date of the next stage."), "next_stage") from None
    if day <= session.day:
        raise CertificationError(_l("The next stage comes after the exam."), "next_stage")
    _refuse_before_marks_known(day, next_stage_allowed_from(session, today), "next_stage")
    ExamSession.update(next_stage_on=day).where(ExamSession.id == session.id).execute()


def next_stage_allowed_from(session, today=None):
    """The first day of a next stage after this session (rules.next_stage_allowed_from): two weeks
    after the publication, or, before it, two weeks after today (the marks are known at the earliest
    today)."""
    return rules.next_stage_allowed_from(session.published_on or today or datetime.date.today())


def _refuse_before_marks_known(day, allowed_from, field):
    """Refuse a next stage on `day` before `allowed_from`, saying the first allowed day (004 (marking
    of the written exam) ал.8)."""
    if day < allowed_from:
        raise CertificationError(
            _l(
                "Candidates must know their marks two weeks before the next stage: "
                "it may be held from %(day)s.",
                day=format_day(allowed_from),
            ),
            field,
        )


def stage_allowed_from(candidate):
    """The first day of a stage after a candidate's written exam: two weeks after the publication of
    their latest marked exam (rules.next_stage_allowed_from), or None with no published exam (level
    B, or no exam yet)."""
    known_on = (
        ExamSession.select(fn.MAX(ExamSession.published_on))
        .join(Seat)
        .where((Seat.candidate == candidate) & Seat.final_mark.is_null(False))
        .scalar()
    )
    return rules.next_stage_allowed_from(known_on) if known_on is not None else None


def refuse_stage_before_marks_known(candidate, day):
    """A level-C candidate's interview (or any stage after their written exam) on `day` is refused
    before their exam marks have been known two weeks (stage_allowed_from)."""
    allowed_from = stage_allowed_from(candidate)
    if allowed_from is not None:
        _refuse_before_marks_known(day, allowed_from, "starts_at")


def session_may_be_held(session):
    """Whether a session has candidates enough to be held (rules.session_may_be_held): before the
    protocol, the seated ones (a plan with fewer than two cannot be held); after it, those the
    invigilator let in, the count that decides (004 (written exam) ал.13)."""
    if session.protocol_filed_at is not None:
        return not session.not_held
    return rules.session_may_be_held(session.seats.count())


def file_protocol(user, session, attendance, incidents="", today=None):
    """The invigilator's protocol, filed by the Group once the exam day has come: for each seat
    present or absent, minutes late (more than 10: not let in, rules.admitted_to_exam), and any
    suspected cheating with the invigilator's description, which informs the Board (decide_cheating
    decides). `attendance` is {seat id: (present, minutes_late, cheating, description)}.

    Fewer than two candidates let in (rules.session_may_be_held): the exam is not held. Nobody is
    marked, and the one let in is not failed: the admission and its year (rules.may_sit_until) stand,
    and the Group seats the candidate in a later session; each is recorded as an event."""
    _require_group(user)
    today = today or datetime.date.today()
    if today < session.day:
        raise CertificationError(_l("The protocol is filed on or after the day of the exam."), "protocol")
    if session.not_held:
        raise CertificationError(_l("This exam was not held: there is no protocol to change."), "protocol")
    if Mark.select().join(Seat).where(Seat.session == session).exists():
        raise CertificationError(_l("Marking has begun: the protocol can no longer change."), "protocol")
    seats = list(session.seats)  # read whole: a refusal half-way must not leave a cursor open
    rows = {seat.id: _protocol_row(seat, attendance.get(seat.id)) for seat in seats}
    held = rules.session_may_be_held(sum(row["admitted"] for row in rows.values()))
    if not held and any(row["cheating"] for row in rows.values()):
        raise CertificationError(
            _l(
                "Fewer than two candidates were let in: the exam is not held, so no cheating can be reported."
            ),
            "protocol",
        )
    with database.atomic():
        for seat in seats:
            row = rows[seat.id]
            Seat.update(**row).where(Seat.id == seat.id).execute()
            application = seat.candidate.application
            if row["cheating"] and not seat.cheating:
                CertEvent.create(
                    application=application,
                    actor=user,
                    action="cheating_reported",
                    on_date=session.day,
                    note=row["cheating_note"],
                )
            if not held and row["admitted"]:
                CertEvent.create(
                    application=application,
                    actor=user,
                    action="moved",  # its label says why; the day is the exam not held
                    on_date=session.day,
                )
        ExamSession.update(
            protocol=(incidents or "").strip(), protocol_filed_at=utcnow(), not_held=not held
        ).where(ExamSession.id == session.id).execute()
    audit.record(
        user,
        "certification.protocol",
        "cert_session",
        session.id,
        after={"seats": len(rows), "held": held},
    )


def _protocol_row(seat, entry):
    """A seat's columns from its line of the protocol, or a refusal naming the candidate's ID."""
    present, minutes_late, cheating, description = (tuple(entry or ()) + (False, 0, False, ""))[:4]
    minutes_late = _whole_number(minutes_late)
    if minutes_late is None:
        raise CertificationError(
            _l(
                "Minutes late for %(id)s: a whole number from 0 to %(most)s.",
                id=seat.candidate.candidate_id,
                most=MAX_MINUTES_LATE,
            ),
            "protocol",
        )
    description = (description or "").strip()
    if seat.cheating_decided_on is not None and (
        bool(cheating) != seat.cheating or description != seat.cheating_note
    ):
        raise CertificationError(
            _l(
                "The Board has decided the report on %(id)s: it can no longer change.",
                id=seat.candidate.candidate_id,
            ),
            "protocol",
        )
    if cheating and not present:
        raise CertificationError(
            _l(
                "%(id)s was absent: only a candidate present can be reported for cheating.",
                id=seat.candidate.candidate_id,
            ),
            "protocol",
        )
    if cheating and not description:
        raise CertificationError(
            _l(
                "Describe what the invigilator saw of %(id)s: the Board decides on it.",
                id=seat.candidate.candidate_id,
            ),
            "protocol",
        )
    return {
        "present": bool(present),
        "minutes_late": minutes_late,
        "admitted": bool(present) and rules.admitted_to_exam(minutes_late),
        "cheating": bool(cheating),
        "cheating_note": description if cheating else "",
    }


def _whole_number(value):
    """A count typed in a form or given as a number: a whole number from 0 ("" is 0), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    text = str(value if value is not None else "").strip()
    if not text:
        return 0
    return parse_int(text, high=MAX_MINUTES_LATE)
