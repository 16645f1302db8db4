"""Exams and marking: sessions, seats, the protocol, marks, feedback and appeals."""

from flask import abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from certification import exams, services
from certification.forms import SessionForm
from certification.models import ExamSession, MarkAssignment, Seat
from certification.views import bp
from certification.views.common import _errors
from portal.accounts import User
from portal.web import form_id, redirect_after_post, render

# --- Exams -----------------------------------------------------------------------------------------


def _require_group_or_board():
    """The exam sessions are the Group's; the Board reads them to appoint the assessors."""
    if not current_user.has_role("scheme_group", "board"):
        abort(403)


@bp.route("/sessions/", methods=["GET", "POST"])
@login_required
def sessions():
    """The exam sessions, for the Group (with the form to schedule one) and the Board (to appoint
    the assessors of their papers)."""
    _require_group_or_board()
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
        errors = _errors(form)
    every = ExamSession.select().order_by(ExamSession.starts_at.desc())
    return render("certification/sessions.html", sessions=list(every), form=form, errors=errors), (
        422 if errors else 200
    )


@bp.route("/sessions/<int:session_id>", methods=["GET", "POST"])
@login_required
def session(session_id):
    """One session for the Group (seats by candidate ID, the protocol, proposed assessors,
    publication) and the Board (appointing the assessors of its papers)."""
    _require_group_or_board()
    item = ExamSession.get_or_none(ExamSession.id == session_id)
    if item is None:
        abort(404)
    errors = {}
    if request.method == "POST":
        action = request.form.get("action")
        try:
            _session_action(item, action)
        except services.CertificationError as error:
            errors[action if action in SESSION_ACTIONS else "form"] = str(error.message)
        else:
            return redirect_after_post(url_for("certification.session", session_id=item.id))
    item = ExamSession.get_by_id(item.id)
    return render(
        "certification/session.html",
        session=item,
        seats=list(item.seats.order_by(Seat.id)),
        errors=errors,
        may_be_held=exams.session_may_be_held(item),
        assessors=list(User.select().where(User.role == "assessor").order_by(User.name)),
        reconciliation=exams.reconciliation,
        appointed_to=MarkAssignment.by_seat(item),
        published=exams.public_results(item),
        pass_mark=exams.pass_mark(item.level),
        next_stage_from=exams.next_stage_allowed_from(item),
    ), (422 if errors else 200)


SESSION_ACTIONS = ("seat", "protocol", "assign", "publish", "next_stage")


def _session_action(item, action):
    form = request.form
    if action == "seat":
        exams.seat_candidate(current_user, item, form.get("candidate_id", ""))
    elif action == "protocol":
        attendance = {
            seat.id: (
                form.get(f"present-{seat.id}") == "yes",
                form.get(f"late-{seat.id}", ""),  # as typed: exams.file_protocol refuses garbage
                form.get(f"cheating-{seat.id}") == "yes",
                form.get(f"cheating-note-{seat.id}", ""),
            )
            for seat in item.seats
        }
        exams.file_protocol(current_user, item, attendance, form.get("incidents", ""))
    elif action == "assign":
        seat = Seat.get_or_none((Seat.id == form_id("seat")) & (Seat.session == item))
        assessor = User.get_or_none(User.id == form_id("assessor"))
        if seat is None:
            raise services.CertificationError(_("Choose a seat."))
        exams.assign_assessor(
            current_user, seat, assessor, arbiter=form.get("arbiter") == "yes", step=form.get("step", "")
        )
    elif action == "publish":
        exams.publish(current_user, item)
    elif action == "next_stage":
        exams.set_next_stage(current_user, item, form.get("next_stage_on", ""))
    else:
        raise services.CertificationError(_("Choose what to do."))


@bp.route("/appeals", methods=["GET", "POST"])
@login_required
def appeals():
    """The Appeals Committee's appeals, undecided first; its decision is final."""
    from certification.models import Appeal

    if not current_user.has_role("appeals"):
        abort(403)
    errors = {}
    if request.method == "POST":
        appeal = Appeal.get_or_none(Appeal.id == form_id("appeal"))
        if appeal is None:
            abort(404)
        try:
            exams.decide_appeal(
                current_user, appeal, request.form.get("upheld") == "yes", request.form.get("decision", "")
            )
        except services.CertificationError as error:
            errors[appeal.id] = str(error.message)
        else:
            return redirect_after_post(url_for("certification.appeals"))
    every = Appeal.select().order_by(Appeal.decided_on.is_null(False), Appeal.filed_on)
    return render("certification/appeals.html", appeals=list(every), errors=errors), (422 if errors else 200)


@bp.post("/feedback/<int:request_id>")
@login_required
def answer_feedback(request_id):
    """The lead assessor answers a candidate's request for feedback (known by ID only)."""
    from certification.models import FeedbackRequest

    found = FeedbackRequest.get_or_none(FeedbackRequest.id == request_id)
    if found is None or current_user.role != "assessor":
        abort(404)
    try:
        exams.answer_feedback(current_user, found, request.form.get("answer", ""))
    except services.CertificationError as error:
        flash(str(error.message), "error")
    return redirect_after_post(url_for("certification.marking"))


@bp.get("/marking")
@login_required
def marking():
    """The assessor's grid: candidate IDs and marks, nothing personal."""
    if current_user.role != "assessor":
        abort(403)
    seats = exams.seats_for_assessor(current_user)
    return render(
        "certification/marking.html",
        seats=seats,
        mine=_my_marks(seats),
        reconciliation=exams.reconciliation,
        feedback=exams.feedback_for_lead(current_user),
    )


def _my_marks(seats):
    from certification.models import Mark

    ids = [s.id for s in seats]
    if not ids:
        return {}
    rows = Mark.select().where((Mark.assessor == current_user) & Mark.seat.in_(ids))
    return {m.seat_id: m.value for m in rows}


@bp.post("/marking/<int:seat_id>")
@login_required
def mark(seat_id):
    """Save one mark (a row of the grid; htmx swaps just that row)."""
    if current_user.role != "assessor":
        abort(403)
    seat = Seat.get_or_none(Seat.id == seat_id)
    if seat is None:
        abort(404)
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
    ), (422 if error else 200)
