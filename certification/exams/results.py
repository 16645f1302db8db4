"""BAUP certification (004), the written exam's results: the public look-up by ID (only what the public
page shows), and the candidate's own result, feedback and appeal, for the candidate alone (logged
in, or with the personal access code). Never sees `request`."""

import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l

from certification import rules
from certification.access_codes import access_code_matches
from certification.candidate_ids import normalise_candidate_id
from certification.exams.marking import is_markable, pass_mark
from certification.models import (
    Appeal,
    Candidate,
    ExamSession,
    FeedbackRequest,
    MarkAssignment,
    Seat,
)
from certification.services import CertificationError
from portal import audit
from portal.formats import format_day


def public_results(session):
    """What the public page shows of a published session (None before publication): when
    disclosure control allows (rules.results_disclosable, with the pass mark in force), each
    candidate ID with pass or fail and the final mark; otherwise no row at all, only that the
    results are communicated individually (004 (marking of the written exam) ал.6)."""
    if session.published_on is None:
        return None
    seats = [s for s in session.seats.join(Candidate).order_by(Candidate.candidate_id) if is_markable(s)]
    threshold = pass_mark(session.level)
    rows = [(s.candidate.candidate_id, rules.passed(s.final_mark, threshold), s.final_mark) for s in seats]
    disclosed = rules.results_disclosable([m for _, _, m in rows], [ok for _, ok, _ in rows])
    return {"rows": rows if disclosed else [], "disclosed": disclosed, "pass_mark": threshold}


def _published_seat(candidate_id, exam_day):
    """The seat of a candidate ID in a published session held on `exam_day`, or None. A mistyped ID
    is looked up like an unknown one, through the same query, so both answers take as long."""
    try:
        normalised = normalise_candidate_id(candidate_id)
    except ValueError:
        normalised = ""
    seats = (
        Seat.select(Seat, Candidate, ExamSession)
        .join(Candidate)
        .switch(Seat)
        .join(ExamSession)
        .where((Candidate.candidate_id == normalised) & ExamSession.published_on.is_null(False))
        .order_by(ExamSession.starts_at.desc())
    )
    return next((seat for seat in seats if seat.session.day == exam_day), None)


def public_lookup(candidate_id, exam_day):
    """What the public results page shows for this candidate ID and exam date, and nothing more:
    {"passed", "mark", "pass_mark"} when the session's results are published by ID (public_results),
    else None (an unknown ID, a wrong date, an absent candidate and a withheld session alike)."""
    seat = _published_seat(candidate_id, exam_day)
    if seat is None:
        return None
    published = public_results(seat.session)
    row = next((r for r in published["rows"] if r[0] == seat.candidate.candidate_id), None)
    if row is None:
        return None
    return {"passed": row[1], "mark": row[2], "pass_mark": published["pass_mark"]}


def is_the_candidate(candidate, user=None, access_code=""):
    """Whether the one asking is the candidate (004: a withheld mark, feedback and the appeal are
    theirs alone; the candidate ID is public and proves nothing): signed in as the applicant who owns
    the candidate ID, or holding the candidate's personal access code (access_codes)."""
    if user is not None and getattr(user, "is_authenticated", False):
        if candidate.application.applicant_id == user.id:
            return True
    return access_code_matches(candidate.access_code_hash, access_code)


def result_of(seat, today=None):
    """A candidate's own result of a published session, for the candidate only: the final mark and
    status even where disclosure control withheld them, the feedback asked, and the last days to ask
    for feedback (rules.feedback_request_due) and to appeal (rules.appeal_due after the feedback's
    answer, else rules.appeal_without_feedback_due), with what is still open `today`."""
    today = today or datetime.date.today()
    published_on = seat.session.published_on
    found = {"seat": seat, "pass_mark": pass_mark(seat.session.level), "feedback": None}
    if not seat.admitted or seat.final_mark is None:
        return found | {"status": "absent", "mark": None, "feedback_open": False, "appeal_open": False}
    feedback = seat.feedback_requests.first()
    feedback_by = rules.feedback_request_due(published_on)
    if feedback is not None and feedback.answered_on is not None:
        appeal_by, with_feedback = rules.appeal_due(feedback.answered_on), True
    else:
        days = current_app.config["APPEAL_WITHOUT_FEEDBACK_DAYS"]
        appeal_by, with_feedback = rules.appeal_without_feedback_due(published_on, days), False
    pending = seat.appeals.where(Appeal.decided_on.is_null()).exists()
    return found | {
        "status": "passed" if rules.passed(seat.final_mark, found["pass_mark"]) else "failed",
        "mark": seat.final_mark,
        "feedback": feedback,
        "feedback_by": feedback_by,
        "feedback_open": feedback is None and today <= feedback_by,
        "appeal_by": appeal_by,
        "appeal_with_feedback": with_feedback,
        "appeal_pending": pending,
        "appeal_open": not pending and today <= appeal_by,
    }


def own_result(candidate_id, exam_day, user=None, access_code="", today=None):
    """The candidate's own result by ID and exam date (result_of), or None unless the one asking is
    the candidate (is_the_candidate): the same None for an unknown ID, a wrong date or a wrong code."""
    seat = _published_seat(candidate_id, exam_day)
    if seat is None or not is_the_candidate(seat.candidate, user, access_code):
        return None
    return result_of(seat, today)


def results_of(user, today=None):
    """The signed-in applicant's own published written-exam results, latest first (result_of)."""
    from certification.models import CertApplication

    seats = (
        Seat.select(Seat, Candidate, ExamSession)
        .join(Candidate)
        .join(CertApplication)
        .switch(Seat)
        .join(ExamSession)
        .where((CertApplication.applicant == user) & ExamSession.published_on.is_null(False))
        .order_by(ExamSession.starts_at.desc())
    )
    return [result_of(seat, today) for seat in seats]


# --- Feedback and appeals ---------------------------------------------------------------------------


def _candidates_own(candidate_id, exam_day, user, access_code, today):
    """The candidate's own result (own_result) for a step only the candidate may take, or a refusal
    that says how to prove it."""
    found = own_result(candidate_id, exam_day, user, access_code, today)
    if found is None:
        raise CertificationError(
            _l(
                "Only the candidate may do this: log in with the account you applied with, or give "
                "the personal access code sent to you with your admission notice."
            ),
            "access_code",
        )
    if found["status"] == "absent":
        raise CertificationError(_l("You did not sit this exam: there is no mark to ask about."))
    return found


def ask_feedback(candidate_id, exam_day, text, user=None, access_code="", today=None):
    """The candidate (is_the_candidate) asks in writing for feedback on their mark, within 10
    working days of the publication (004; rules.feedback_request_due). Once per result."""
    today = today or datetime.date.today()
    found = _candidates_own(candidate_id, exam_day, user, access_code, today)
    if today > found["feedback_by"]:
        raise CertificationError(
            _l("Feedback could be asked until %(day)s.", day=format_day(found["feedback_by"]))
        )
    if not (text or "").strip():
        raise CertificationError(_l("Say what you would like feedback on."), "feedback")
    seat = found["seat"]
    if found["feedback"] is not None:
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


def file_appeal(
    candidate_id, exam_day, text, without_feedback_reason="", user=None, access_code="", today=None
):
    """The candidate (is_the_candidate) appeals a mark to the Appeals Committee: within 10 days of
    the feedback's answer (rules.appeal_due); without feedback only with a reason, which the
    Committee accepts or not (004 ал.11), and by rules.appeal_without_feedback_due."""
    today = today or datetime.date.today()
    found = _candidates_own(candidate_id, exam_day, user, access_code, today)
    seat = found["seat"]
    if not (text or "").strip():
        raise CertificationError(_l("Say what you appeal against and why."), "appeal")
    reason = (without_feedback_reason or "").strip()
    if not found["appeal_with_feedback"] and not reason:
        raise CertificationError(
            _l("Ask for feedback first, or say why you appeal without it."), "without_feedback_reason"
        )
    if today > found["appeal_by"]:
        raise CertificationError(
            _l("An appeal could be filed until %(day)s.", day=format_day(found["appeal_by"]))
        )
    if found["appeal_pending"]:
        raise CertificationError(_l("An appeal on this result is already with the Committee."))
    if found["appeal_with_feedback"]:
        reason = ""  # the feedback was received: no reason is needed, and none is recorded
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
