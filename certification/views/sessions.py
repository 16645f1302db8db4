"""Exams and marking: sessions, seats, the protocol, marks, feedback and appeals."""

from flask import flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from certification import exams, services
from certification.forms import SessionForm
from certification.models import (
    Appeal,
    AssessorProfile,
    ExamSession,
    FeedbackRequest,
    Mark,
    MarkAssignment,
    Seat,
)
from certification.views.blueprint import bp
from certification.views.common import assessor_required
from portal.accounts import User, role_required
from portal.web import form_errors, form_id, get_or_404, invalid_status, redirect_after_post, render

# --- Exams -----------------------------------------------------------------------------------------

# The exam sessions are the Group's; the Board reads them to appoint the assessors.
SESSION_ROLES = ("scheme_group", "board")


@bp.route("/sessions/", methods=["GET", "POST"])
@role_required(*SESSION_ROLES)
def sessions():
    """The exam sessions, for the Group (with the form to schedule one) and the Board (to appoint
    the assessors of their papers)."""
    form = SessionForm()
    errors = {}
    if form.validate_on_submit():
        try:
            session = exams.schedule_session(
                current_user, form.level.data, form.starts_at.data, form.place.data
            )
        except services.CertificationError as error:
            errors[error.field or "form"] = str(error.message)
        else:
            return redirect_after_post(url_for("certification.session", session_id=session.id))
    elif request.method == "POST":
        errors = form_errors(form)
    return render(
        "certification/sessions.html", sessions=list(ExamSession.newest_first()), form=form, errors=errors
    ), invalid_status(errors)


def _session_or_404(session_id):
    """The exam session, or 404."""
    item = get_or_404(ExamSession, ExamSession.id == session_id)
    return item


@bp.get("/sessions/<int:session_id>")
@role_required(*SESSION_ROLES)
def session(session_id):
    """One session for the Group (seats by candidate ID, the protocol, proposed assessors,
    publication) and the Board (appointing the assessors of its papers)."""
    return _session_page(_session_or_404(session_id))


def _session_page(item, errors=None):
    """The session's page, with a refused step's message under `errors` (422)."""
    item = ExamSession.get_by_id(item.id)
    return render(
        "certification/session.html",
        session=item,
        seats=list(item.seats.order_by(Seat.id)),
        errors=errors or {},
        may_be_held=exams.session_may_be_held(item),
        assessors=list(AssessorProfile.accounts()),
        reconciliation=exams.reconciliation,
        appointed_to=MarkAssignment.by_seat(item),
        published=exams.public_results(item),
        pass_mark=exams.pass_mark(item.level),
        next_stage_from=exams.next_stage_allowed_from(item),
    ), invalid_status(errors)


def _session_step(session_id, key, call):
    """Run one step of the session page: back to the page, or the page with the refusal under `key`."""
    item = _session_or_404(session_id)
    try:
        call(item)
    except services.CertificationError as error:
        return _session_page(item, {key: str(error.message)})
    return redirect_after_post(url_for("certification.session", session_id=item.id))


@bp.post("/sessions/<int:session_id>/seats")
@role_required(*SESSION_ROLES)
def session_seat(session_id):
    """The Group seats a candidate, by candidate ID."""
    typed = request.form.get("candidate_id", "")
    return _session_step(session_id, "seat", lambda item: exams.seat_candidate(current_user, item, typed))


@bp.post("/sessions/<int:session_id>/protocol")
@role_required(*SESSION_ROLES)
def session_protocol(session_id):
    """The Group files the invigilator's protocol: attendance, lateness, cheating reported."""
    form = request.form

    def file_protocol(item):
        """The protocol as typed: exams.file_protocol refuses garbage."""
        attendance = {
            seat.id: (
                form.get(f"present-{seat.id}") == "yes",
                form.get(f"late-{seat.id}", ""),
                form.get(f"cheating-{seat.id}") == "yes",
                form.get(f"cheating-note-{seat.id}", ""),
            )
            for seat in item.seats
        }
        exams.file_protocol(current_user, item, attendance, form.get("incidents", ""))

    return _session_step(session_id, "protocol", file_protocol)


@bp.post("/sessions/<int:session_id>/assessors")
@role_required(*SESSION_ROLES)
def session_assign(session_id):
    """The Group proposes, or the Board appoints, an assessor (or an arbiter) to a paper."""
    form = request.form

    def assign(item):
        """The assignment, refused without a seat of this session."""
        seat = Seat.get_or_none((Seat.id == form_id("seat")) & (Seat.session == item))
        assessor = User.get_or_none(User.id == form_id("assessor"))
        if seat is None:
            raise services.CertificationError(_("Choose a seat."))
        exams.assign_assessor(
            current_user, seat, assessor, arbiter=form.get("arbiter") == "yes", step=form.get("step", "")
        )

    return _session_step(session_id, "assign", assign)


@bp.post("/sessions/<int:session_id>/publish")
@role_required(*SESSION_ROLES)
def session_publish(session_id):
    """The Group publishes the session's results."""
    return _session_step(session_id, "publish", lambda item: exams.publish(current_user, item))


@bp.post("/sessions/<int:session_id>/next-stage")
@role_required(*SESSION_ROLES)
def session_next_stage(session_id):
    """The Group sets the date of the next stage."""
    day = request.form.get("next_stage_on", "")
    return _session_step(session_id, "next_stage", lambda item: exams.set_next_stage(current_user, item, day))


@bp.route("/appeals", methods=["GET", "POST"])
@role_required("appeals")
def appeals():
    """The Appeals Committee's appeals, undecided first; its decision is final."""
    errors = {}
    if request.method == "POST":
        appeal = get_or_404(Appeal, Appeal.id == form_id("appeal"))
        try:
            exams.decide_appeal(
                current_user, appeal, request.form.get("upheld") == "yes", request.form.get("decision", "")
            )
        except services.CertificationError as error:
            errors[appeal.id] = str(error.message)
        else:
            return redirect_after_post(url_for("certification.appeals"))
    return render("certification/appeals.html", appeals=list(Appeal.undecided_first()), errors=errors), (
        invalid_status(errors)
    )


@bp.post("/feedback/<int:request_id>")
@assessor_required
def answer_feedback(request_id):
    """The lead assessor answers a candidate's request for feedback (known by ID only)."""
    found = get_or_404(FeedbackRequest, FeedbackRequest.id == request_id)
    try:
        exams.answer_feedback(current_user, found, request.form.get("answer", ""))
    except services.CertificationError as error:
        flash(str(error.message), "error")
    return redirect_after_post(url_for("certification.marking"))


@bp.get("/marking")
@assessor_required
def marking():
    """The assessor's grid: candidate IDs and marks, nothing personal."""
    seats = exams.seats_for_assessor(current_user)
    return render(
        "certification/marking.html",
        seats=seats,
        mine=_my_marks(seats),
        reconciliation=exams.reconciliation,
        feedback=exams.feedback_for_lead(current_user),
    )


def _my_marks(seats):
    """The signed-in assessor's own marks of these seats."""
    return Mark.of_assessor(current_user.id, seats)


@bp.post("/marking/<int:seat_id>")
@assessor_required
def mark(seat_id):
    """Save one mark (a row of the grid; htmx swaps just that row)."""
    seat = get_or_404(Seat, Seat.id == seat_id)
    error = None
    try:
        if request.form.get("cannot_agree") == "yes":
            exams.record_agreement(current_user, seat, cannot_agree=True)
        elif request.form.get("agreed"):
            exams.record_agreement(current_user, seat, agreed=request.form.get("agreed"))
        else:
            exams.enter_mark(current_user, seat, request.form.get("mark"))
    except services.CertificationError as error_:
        error = str(error_.message)
    seats = exams.seats_for_assessor(current_user)
    return render(
        "certification/marking.html",
        seats=seats,
        mine=_my_marks(seats),
        reconciliation=exams.reconciliation,
        errors={seat.id: error} if error else {},
    ), invalid_status(error)
