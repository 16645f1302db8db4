"""BAUP certification (004), the written exam's marking: cheating reports and the Board's decision,
assessors who see candidate IDs only, their marks and reconciliation, and publication under
disclosure control. Never sees `request`."""

import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l

from certification import rules
from certification.exams.sessions import _refuse_before_marks_known, _require_group
from certification.models import (
    Ban,
    Candidate,
    CertEvent,
    ExamSession,
    Mark,
    MarkAssignment,
    Seat,
)
from certification.services import CertificationError
from portal import audit
from portal.dates import utcnow
from portal.db import database
from portal.formats import format_number


def cheating_reports(undecided_only=True, candidate=None):
    """The seats the invigilator reported for cheating, for the Board: oldest exam first (only the
    undecided ones, or a candidate's)."""
    query = (
        Seat.select(Seat, ExamSession, Candidate)
        .join(ExamSession)
        .switch(Seat)
        .join(Candidate)
        .where(Seat.cheating)
        .order_by(ExamSession.starts_at, Candidate.candidate_id)
    )
    if undecided_only:
        query = query.where(Seat.cheating_decided_on.is_null())
    if candidate is not None:
        query = query.where(Seat.candidate == candidate)
    return list(query)


def decide_cheating(user, seat, upheld, reasons, confirmed, today=None):
    """The Board decides a cheating report of the invigilator's protocol: "При доказана измама или
    опит за измама по време на изпит, процедурата за съответния кандидат се анулира и се забранява
    допускането му до следваща подобна процедура до изтичане на три години от датата на
    извършеното нарушение" (004 (written exam) ал.11; the invigilator informs the Board, ал.10
    т.5). Proven: the candidate's procedure is annulled on the decision's day, and the person is
    barred from the exam's day, the day of the violation (rules.ban_ends counts the 3 years from
    it). Not proven: the paper is marked like the others. Either way with reasons, confirmed, once."""
    if user is None or not user.has_role("board"):
        raise CertificationError(_l("You may not take this step."))
    if not seat.cheating:
        raise CertificationError(_l("No cheating was reported for this candidate."))
    if seat.cheating_decided_on is not None:
        raise CertificationError(_l("The Board has decided this report."))
    if not (reasons or "").strip():
        raise CertificationError(_l("Give the reasons for the Board's decision."), "cheating_reasons")
    if not confirmed:
        raise CertificationError(_l("Tick the box to confirm the Board's decision."), "cheating_confirm")
    today = today or datetime.date.today()
    violation_on = seat.session.day
    candidate = seat.candidate
    application = candidate.application
    with database.atomic():
        decided = (
            Seat.update(
                cheating_upheld=bool(upheld),
                cheating_reasons=reasons.strip(),
                cheating_decided_on=today,
                cheating_decided_by=user,
            )
            .where((Seat.id == seat.id) & Seat.cheating_decided_on.is_null())
            .execute()
        )
        if not decided:  # another member of the Board recorded a decision meanwhile
            raise CertificationError(_l("The Board has decided this report."))
        if upheld:
            Candidate.update(annulled_on=today).where(Candidate.id == candidate.id).execute()
            # The ban runs from the violation (the exam's day), not from the decision (ал.11).
            Ban.create(
                personal_number=application.personal_number,
                ground="cheating",
                decided_on=violation_on,
                application=application,
            )
        CertEvent.create(
            application=application,
            actor=user,
            action="annulled" if upheld else "cheating_not_proven",
            on_date=today,
            note=reasons.strip(),
        )
        audit.record(user, "certification.cheating", "cert_seat", seat.id, after={"upheld": bool(upheld)})


def is_markable(seat):
    """Whether a seat's paper is marked and its result published: the exam was held, the candidate
    let in, and no cheating reported, or the Board found it not proven (as Seat.markable)."""
    return (
        bool(seat.admitted)
        and not seat.session.not_held
        and (not seat.cheating or seat.cheating_upheld is False)
    )


def assign_assessor(user, seat, assessor, arbiter=False, step="appoint"):
    """The Board appoints (the Group proposes, `step` "propose") an assessor to mark a seat's paper
    (appointments.nominate: no conflict of interest with the candidate). 004 (marking of the written
    exam) ал.1 sets a minimum, "най-малко един оценител за ниво D и поне двама оценители за ниво
    С", so more may be appointed (rules.reconcile reconciles them); an arbiter is appointed only
    when the assessors cannot agree (ал.2), and no one once the final mark is set."""
    from certification.appointments import nominate

    if seat.final_mark is not None:
        raise CertificationError(_l("The final mark is set: no more assessors are appointed to this paper."))
    if arbiter and not seat.cannot_agree:
        raise CertificationError(_l("An arbiter is appointed only when the assessors cannot agree."))
    return nominate(
        user,
        step,
        MarkAssignment,
        {"seat": seat},
        seat.candidate.application,
        assessor,
        defaults={"arbiter": bool(arbiter)},
    )


def seats_for_assessor(assessor, session=None):
    """The seats an assessor marks, with nothing but the candidate's ID and the session."""
    query = (
        Seat.select(Seat, Candidate.candidate_id, ExamSession)
        .join(MarkAssignment)
        .switch(Seat)
        .join(Candidate)
        .switch(Seat)
        .join(ExamSession)
        .where(
            (MarkAssignment.assessor == assessor)
            & MarkAssignment.appointed_at.is_null(False)
            & Seat.markable()
        )
        .order_by(ExamSession.starts_at, Candidate.candidate_id)
    )
    if session is not None:
        query = query.where(Seat.session == session)
    return list(query)


def mark_decimals():
    """How many decimals a mark has (the setting MARK_DECIMALS: the site's choice, 004 sets none)."""
    return current_app.config["MARK_DECIMALS"]


def mark_step():
    """The step of every mark input on the pages: one unit of the last decimal (0.1 for 1)."""
    return format(10 ** -mark_decimals(), f".{mark_decimals()}f")


def format_mark(value):
    """A mark as the pages show it, to MARK_DECIMALS places, with the reader's decimal sign
    ("72,5" in Bulgarian; "—" for none)."""
    return "—" if value is None else format_number(value, mark_decimals())


def mark_value(value):
    """A mark as typed, as a number from 0 to 100 with at most MARK_DECIMALS decimals
    (rules.parse_mark), or a clear refusal."""
    try:
        return rules.parse_mark(value, mark_decimals())
    except rules.TooManyDecimals:
        raise CertificationError(
            _l("A mark has at most %(decimals)d decimal(s).", decimals=mark_decimals()), "mark"
        ) from None
    except ValueError:
        raise CertificationError(_l("A mark is a number from 0 to 100."), "mark") from None


def enter_mark(assessor, seat, value):
    """An assigned assessor enters (or corrects, until the final mark) their own mark, 0-100; only
    their own row is written, so two assessors saving at once never overwrite each other."""
    assignment = (
        MarkAssignment.appointed()
        .where((MarkAssignment.seat == seat) & (MarkAssignment.assessor == assessor))
        .first()
    )
    if assignment is None:
        raise CertificationError(_l("You are not assigned to this paper."))
    seat = Seat.get_by_id(seat.id)  # as stored now: the protocol or the Board may have changed it
    if seat.final_mark is not None:
        raise CertificationError(_l("The final mark is set: marks can no longer change."))
    if not is_markable(seat):
        raise CertificationError(_l("This paper is not marked: see the protocol."))
    value = mark_value(value)
    with database.atomic():
        updated = (
            Mark.update(value=value, entered_at=utcnow())
            .where((Mark.seat == seat) & (Mark.assessor == assessor))
            .execute()
        )
        if not updated:
            Mark.create(seat=seat, assessor=assessor, value=value, arbiter=assignment.arbiter)
        _settle(seat)


def record_agreement(assessor, seat, agreed=None, cannot_agree=False):
    """The assessors' consensus mark when their marks differ by 20 points or more, or their record
    that they cannot agree (then the Group appoints an arbiter)."""
    if (
        not MarkAssignment.appointed()
        .where((MarkAssignment.seat == seat) & (MarkAssignment.assessor == assessor))
        .exists()
    ):
        raise CertificationError(_l("You are not assigned to this paper."))
    state = reconciliation(seat)
    if state.needs != "consensus":
        raise CertificationError(_l("No consensus is needed for this paper now."))
    with database.atomic():
        if cannot_agree:
            Seat.update(cannot_agree=True).where(Seat.id == seat.id).execute()
        else:
            agreed = mark_value(agreed)
            Seat.update(agreed_mark=agreed, agreed_by=assessor, agreed_at=utcnow()).where(
                Seat.id == seat.id
            ).execute()
        _settle(Seat.get_by_id(seat.id))


def reconciliation(seat):
    """Where a seat's marking stands (rules.reconcile over its stored marks)."""
    marks = list(seat.marks.order_by(Mark.id))
    assessors = [m.value for m in marks if not m.arbiter]
    arbiter = next((m.value for m in marks if m.arbiter), None)
    assigned = (
        MarkAssignment.appointed().where((MarkAssignment.seat == seat) & ~MarkAssignment.arbiter).count()
    )
    if len(assessors) < assigned:  # every assessor assigned marks, even where one would suffice (D)
        return rules.Reconciliation(None, "second_mark" if assessors else "first_mark")
    state = rules.reconcile(
        assessors,
        level=seat.session.level,
        agreed=seat.agreed_mark,
        cannot_agree=seat.cannot_agree,
        arbiter=arbiter,
        threshold=current_app.config["MARK_DIFFERENCE_POINTS"],
    )
    # Rounded once, here, before it is stored and compared with the pass mark (rules.round_mark).
    return rules.Reconciliation(rules.round_mark(state.final, mark_decimals()), state.needs)


def _settle(seat):
    """Store the final mark as soon as the marks give one (kept apart from every individual mark)."""
    state = reconciliation(Seat.get_by_id(seat.id))
    if state.final is not None:
        Seat.update(final_mark=state.final, final_at=utcnow()).where(
            (Seat.id == seat.id) & Seat.final_mark.is_null()
        ).execute()


def pass_mark(level):
    """The pass mark of a level (a setting: PASS_MARKS)."""
    return current_app.config["PASS_MARKS"][level]


def publish(user, session, published_on=None):
    """The Group publishes a session's results (nothing is public before). Refused while a present
    candidate has no final mark."""
    _require_group(user)
    if session.protocol_filed_at is None:
        raise CertificationError(_l("File the invigilator's protocol first."))
    if session.not_held:
        raise CertificationError(_l("This exam was not held: there are no results to publish."))
    if any(s.cheating and s.cheating_decided_on is None for s in session.seats):
        raise CertificationError(
            _l("The Board has not decided on the cheating reported in the protocol yet.")
        )
    pending = [s for s in session.seats if is_markable(s) and s.final_mark is None]
    if pending:
        raise CertificationError(_l("Some papers have no final mark yet."))
    published_on = published_on or datetime.date.today()
    if session.next_stage_on is not None:
        # Publishing now must still leave the candidates two weeks before the next stage.
        _refuse_before_marks_known(
            session.next_stage_on, rules.next_stage_allowed_from(published_on), "publish"
        )
    ExamSession.update(published_on=published_on).where(ExamSession.id == session.id).execute()
    audit.record(
        user, "certification.publish", "cert_session", session.id, after={"on": published_on.isoformat()}
    )
