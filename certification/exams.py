"""BAUP certification (004), the written exam: sessions, the invigilator's protocol, marks entered by
assessors who see candidate IDs only, their reconciliation, publication under disclosure control,
and a candidate's own look-up by ID. Never sees `request`."""

import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l

from certification import rules
from certification.candidate_ids import normalise_candidate_id
from certification.models import (
    Appeal,
    Ban,
    Candidate,
    CertEvent,
    ExamSession,
    FeedbackRequest,
    Mark,
    MarkAssignment,
    Seat,
)
from certification.services import CertificationError
from portal import audit
from portal.db import database
from register.models import utcnow

GROUP = ("scheme_group",)


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
    """Assign a candidate to a session by ID: the candidate's level, within 1 year of admission
    (rules.may_sit), not annulled, and not twice."""
    _require_group(user)
    candidate = Candidate.get_or_none(Candidate.candidate_id == normalise_candidate_id(candidate_id))
    if candidate is None:
        raise CertificationError(_l("There is no candidate with this ID."), "candidate_id")
    if candidate.level != session.level:
        raise CertificationError(_l("The candidate is admitted to another level."), "candidate_id")
    if candidate.annulled_on is not None:
        raise CertificationError(_l("The candidate's procedure was annulled."), "candidate_id")
    if not rules.may_sit(candidate.admitted_on, session.day):
        raise CertificationError(
            _l("The exam is more than a year after the admission decision: the admission has lapsed."),
            "candidate_id",
        )
    overdue = certification_fee_overdue(candidate, session.day)
    if overdue is not None:
        raise CertificationError(
            _l(
                "The proof of the certification fee was due by %(day)s: the candidate moves to a later date.",
                day=overdue.strftime("%d.%m.%Y"),
            ),
            "candidate_id",
        )
    seat, _ = Seat.get_or_create(session=session, candidate=candidate)
    return seat


def certification_fee_overdue(candidate, first_stage_on, today=None):
    """The missed deadline for the proof of the certification fee before a first stage on that day
    (rules.certification_fee_due from the admission notice), or None when it is in or not yet due."""
    from certification.models import AdmissionDecision, CertAttachment

    today = today or datetime.date.today()
    application = candidate.application
    if application.attachments.where(CertAttachment.purpose == "certification_fee").exists():
        return None
    decision = (
        application.decisions.where(AdmissionDecision.admitted).order_by(AdmissionDecision.id.desc()).first()
    )
    if decision is None or decision.notified_on is None:
        return None
    due = rules.certification_fee_due(decision.notified_on, first_stage_on)
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


def set_next_stage(user, session, day_text):
    """The Group sets the date of the next stage after this exam (the report and interview, for C);
    next_stage_warning says if it leaves candidates less than two weeks with their marks."""
    _require_group(user)
    try:
        day = datetime.date.fromisoformat(day_text)
    except (TypeError, ValueError):
        raise CertificationError(_l("Enter the date of the next stage."), "next_stage") from None
    if day <= session.day:
        raise CertificationError(_l("The next stage comes after the exam."), "next_stage")
    ExamSession.update(next_stage_on=day).where(ExamSession.id == session.id).execute()


def session_may_be_held(session):
    """A written exam is not held for fewer than two candidates (004): rules.session_may_be_held."""
    return rules.session_may_be_held(session.seats.count())


def file_protocol(user, session, attendance, incidents=""):
    """The invigilator's protocol, filed by the Group: for each seat present or absent and minutes
    late (more than 10: not admitted), and the incidents. `attendance` is {seat id: (present,
    minutes_late, cheating)}. Proven cheating annuls the candidate's procedure and bars the person
    for 3 years (004)."""
    _require_group(user)
    if not session_may_be_held(session):
        raise CertificationError(_l("A written exam is not held for fewer than two candidates."))
    today = datetime.date.today()
    with database.atomic():
        for seat in session.seats:
            present, minutes_late, cheating = attendance.get(seat.id, (False, 0, False))
            minutes_late = max(0, int(minutes_late or 0))
            admitted = bool(present) and rules.admitted_to_exam(minutes_late)
            Seat.update(
                present=bool(present), minutes_late=minutes_late, admitted=admitted, cheating=bool(cheating)
            ).where(Seat.id == seat.id).execute()
            if cheating:
                candidate = seat.candidate
                Candidate.update(annulled_on=today).where(Candidate.id == candidate.id).execute()
                application = candidate.application
                Ban.create(
                    personal_number=application.personal_number,
                    ground="cheating",
                    decided_on=today,
                    application=application,
                )
                CertEvent.create(application=application, actor=user, action="annulled", on_date=today)
        ExamSession.update(protocol=(incidents or "").strip(), protocol_filed_at=utcnow()).where(
            ExamSession.id == session.id
        ).execute()
    audit.record(
        user, "certification.protocol", "cert_session", session.id, after={"seats": session.seats.count()}
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
            (MarkAssignment.assessor == assessor) & MarkAssignment.appointed_at.is_null(False) & Seat.admitted
        )
        .order_by(ExamSession.starts_at, Candidate.candidate_id)
    )
    if session is not None:
        query = query.where(Seat.session == session)
    return list(query)


def mark_value(value):
    """A mark as typed, as a number from 0 to 100, or a clear refusal."""
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise CertificationError(_l("A mark is a number from 0 to 100."), "mark") from None
    if not 0 <= value <= 100:
        raise CertificationError(_l("A mark is a number from 0 to 100."), "mark")
    return value


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
    if seat.final_mark is not None:
        raise CertificationError(_l("The final mark is set: marks can no longer change."))
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
    return rules.reconcile(
        assessors,
        level=seat.session.level,
        agreed=seat.agreed_mark,
        cannot_agree=seat.cannot_agree,
        arbiter=arbiter,
        threshold=current_app.config["MARK_DIFFERENCE_POINTS"],
    )


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
    pending = [s for s in session.seats if s.admitted and not s.cheating and s.final_mark is None]
    if pending:
        raise CertificationError(_l("Some papers have no final mark yet."))
    published_on = published_on or datetime.date.today()
    ExamSession.update(published_on=published_on).where(ExamSession.id == session.id).execute()
    audit.record(
        user, "certification.publish", "cert_session", session.id, after={"on": published_on.isoformat()}
    )


def next_stage_warning(session, next_stage_on):
    """A warning for the Group when the next stage would come less than two weeks after the marks
    are known (004), else None."""
    known_on = session.published_on or datetime.date.today()  # not published yet: at the earliest today
    if next_stage_on and rules.next_stage_too_soon(known_on, next_stage_on):
        return _l(
            "The next stage is less than two weeks after the results: "
            "candidates must know their marks two weeks before."
        )
    return None


def public_results(session):
    """What the public page shows of a published session: [(candidate ID, passed)], and the marks
    only when disclosure control allows (rules.results_disclosable); None before publication."""
    if session.published_on is None:
        return None
    seats = [
        s
        for s in session.seats.join(Candidate).order_by(Candidate.candidate_id)
        if s.admitted and not s.cheating
    ]
    marks = [s.final_mark for s in seats]
    show_marks = rules.results_disclosable(marks)
    threshold = pass_mark(session.level)
    rows = [
        (
            s.candidate.candidate_id,
            rules.passed(s.final_mark, threshold),
            s.final_mark if show_marks else None,
        )
        for s in seats
    ]
    return {"rows": rows, "marks_shown": show_marks}


def own_result(candidate_id, exam_day):
    """A candidate's own result by ID and exam date (no login), or None: the final mark and status,
    and the last day to ask for feedback (10 working days from publication)."""
    try:
        normalised = normalise_candidate_id(candidate_id)
    except ValueError:
        normalised = ""  # still looked up: a mistyped ID is answered like an unknown one, as fast
    seat = (
        Seat.select(Seat, Candidate, ExamSession)
        .join(Candidate)
        .switch(Seat)
        .join(ExamSession)
        .where((Candidate.candidate_id == normalised) & ExamSession.published_on.is_null(False))
        .order_by(ExamSession.starts_at.desc())
    )
    for found in seat:
        if found.session.day == exam_day:
            if not found.admitted or found.final_mark is None:
                return {"seat": found, "status": "absent", "mark": None, "feedback_by": None}
            threshold = pass_mark(found.session.level)
            return {
                "seat": found,
                "status": "passed" if rules.passed(found.final_mark, threshold) else "failed",
                "mark": found.final_mark,
                "feedback_by": rules.feedback_request_due(found.session.published_on),
            }
    return None


# --- Feedback and appeals ---------------------------------------------------------------------------


def _seat_of(candidate_id, exam_day):
    found = own_result(candidate_id, exam_day)
    if found is None or found["status"] == "absent":
        raise CertificationError(_l("No published result matches this ID and date."))
    return found


def ask_feedback(candidate_id, exam_day, text, today=None):
    """The candidate asks in writing for feedback on their mark, within 10 working days of the
    publication (004; rules.feedback_request_due). Once per result."""
    today = today or datetime.date.today()
    found = _seat_of(candidate_id, exam_day)
    if today > found["feedback_by"]:
        raise CertificationError(
            _l("Feedback could be asked until %(day)s.", day=found["feedback_by"].strftime("%d.%m.%Y"))
        )
    if not (text or "").strip():
        raise CertificationError(_l("Say what you would like feedback on."), "feedback")
    seat = found["seat"]
    if seat.feedback_requests.exists():
        raise CertificationError(_l("Feedback on this result has already been asked for."))
    return FeedbackRequest.create(seat=seat, asked_on=today, text=text.strip())


def lead_assessor(seat):
    """The lead assessor of a paper: the first assessor appointed to it (not the arbiter)."""
    first = (
        MarkAssignment.appointed()
        .where((MarkAssignment.seat == seat) & ~MarkAssignment.arbiter)
        .order_by(MarkAssignment.appointed_at, MarkAssignment.id)
        .first()
    )
    return first.assessor if first else None


def answer_feedback(user, request_, answer, today=None):
    """The lead assessor answers a feedback request."""
    lead = lead_assessor(request_.seat)
    if lead is None or user is None or user.id != lead.id:
        raise CertificationError(_l("Only the lead assessor of the paper answers its feedback requests."))
    if not (answer or "").strip():
        raise CertificationError(_l("Write the feedback."), "answer")
    if request_.answered_on is not None:
        raise CertificationError(_l("This request has been answered."))
    FeedbackRequest.update(
        answer=answer.strip(), answered_by=user, answered_on=today or datetime.date.today()
    ).where(FeedbackRequest.id == request_.id).execute()


def file_appeal(candidate_id, exam_day, text, without_feedback_reason="", today=None):
    """An appeal to the Appeals Committee against a mark: within 10 days of the feedback
    (rules.appeal_due); without feedback asked first only with a reason, which the Committee
    accepts or not (004)."""
    today = today or datetime.date.today()
    found = _seat_of(candidate_id, exam_day)
    seat = found["seat"]
    if not (text or "").strip():
        raise CertificationError(_l("Say what you appeal against and why."), "appeal")
    feedback = seat.feedback_requests.first()
    reason = (without_feedback_reason or "").strip()
    if feedback is None or feedback.answered_on is None:
        if not reason:
            raise CertificationError(
                _l("Ask for feedback first, or say why you appeal without it."), "without_feedback_reason"
            )
    elif today > rules.appeal_due(feedback.answered_on):
        raise CertificationError(
            _l(
                "An appeal could be filed until %(day)s.",
                day=rules.appeal_due(feedback.answered_on).strftime("%d.%m.%Y"),
            )
        )
    if seat.appeals.where(Appeal.decided_on.is_null()).exists():
        raise CertificationError(_l("An appeal on this result is already with the Committee."))
    return Appeal.create(seat=seat, filed_on=today, text=text.strip(), without_feedback_reason=reason)


def file_admission_appeal(application, user, text, today=None):
    """A refused applicant appeals the Board's refusal to the Appeals Committee (004)."""
    from certification.models import REFUSED

    if user is None or application.applicant_id != user.id or application.state != REFUSED:
        raise CertificationError(_l("You may not take this step."))
    if not (text or "").strip():
        raise CertificationError(_l("Say what you appeal against and why."), "appeal")
    if application.appeals.exists():
        raise CertificationError(_l("You have already appealed this decision."))
    return Appeal.create(application=application, filed_on=today or datetime.date.today(), text=text.strip())


def decide_appeal(user, appeal, upheld, decision, today=None):
    """The Appeals Committee decides; its decision is final and recorded (004)."""
    if user is None or not user.has_role("appeals"):
        raise CertificationError(_l("You may not take this step."))
    if appeal.decided_on is not None:
        raise CertificationError(_l("The Committee has decided this appeal; its decision is final."))
    if not (decision or "").strip():
        raise CertificationError(_l("Give the Committee's decision with its reasons."), "decision")
    Appeal.update(
        upheld=bool(upheld),
        decision=decision.strip(),
        decided_on=today or datetime.date.today(),
        decided_by=user,
    ).where(Appeal.id == appeal.id).execute()
    audit.record(user, "certification.appeal", "cert_appeal", appeal.id, after={"upheld": bool(upheld)})


def feedback_for_lead(assessor):
    """The feedback requests on papers this assessor leads, unanswered first (by candidate ID)."""
    requests_ = FeedbackRequest.select().order_by(
        FeedbackRequest.answered_on.is_null(False), FeedbackRequest.asked_on
    )
    return [r for r in requests_ if (lead := lead_assessor(r.seat)) is not None and lead.id == assessor.id]
