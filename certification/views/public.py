"""The public pages: how to apply, the assessors, the schedule, results by ID and a candidate's own
result."""

from flask import abort, current_app, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from certification import exams, services, stages
from certification.forms import LookupForm, RegistrationForm
from certification.models import AssessorProfile, ExamSession
from certification.views.blueprint import bp
from portal.accounts import mail_after_registration
from portal.extensions import limiter
from portal.web import form_errors, invalid_status, redirect_after_post, render

# --- Public ----------------------------------------------------------------------------------------


@bp.get("/assessors")
def assessors():
    """The public list of assessors (004: publicity duties)."""
    return render("certification/assessors.html", assessors=list(AssessorProfile.public_list()))


@bp.get("/schedule")
def schedule():
    """The published schedule of written exams: date, time, place and the candidates' IDs, never
    their names (004)."""
    upcoming = ExamSession.upcoming()
    return render("certification/schedule.html", sessions=[(s, exams.seated_ids(s)) for s in upcoming])


@bp.get("/results/")
def results():
    """Published written-exam sessions."""
    return render("certification/results.html", sessions=list(ExamSession.published()))


@bp.get("/results/final")
def final_results():
    """The final results of levels C and B by candidate ID (report, interview, recommendation), the
    marks only where disclosure control allows."""
    return render("certification/final_results.html", levels=stages.public_final_results())


@bp.get("/results/<int:session_id>")
def session_results(session_id):
    """One session's results by candidate ID: pass or fail, and the marks where disclosure control
    allows (nothing before the Group publishes)."""
    session = ExamSession.get_or_none(ExamSession.id == session_id)
    published = exams.public_results(session) if session is not None else None
    if published is None:
        abort(404)
    return render("certification/session_results.html", session=session, published=published)


# One budget of look-ups per address for the look-up and the candidate's steps, which each look up.
_lookup_limit = limiter.shared_limit(
    lambda: current_app.config["LOOKUP_RATE_LIMIT"], scope="certification.my_result", methods=["POST"]
)


@bp.route("/my-result", methods=["GET", "POST"])
@_lookup_limit
def my_result():
    """Anyone may look up, by candidate ID and exam date, what the public results page shows for it.
    The candidate alone (signed in as the applicant, or with the personal access code) reads their
    own result, a withheld mark included, and asks for feedback or appeals (exams.is_the_candidate).
    An unknown ID, a wrong date and a wrong code get the same answer."""
    return _my_result("lookup", lambda form, user, code: None)


@bp.post("/my-result/feedback")
@_lookup_limit
def my_result_feedback():
    """The candidate asks the lead assessor for feedback on the mark (the services check it is the
    candidate), on the my-result page."""

    def ask(form, user, code):
        """The request, refused by exams.ask_feedback with its message."""
        exams.ask_feedback(
            form.candidate_id.data, form.exam_day.data, request.form.get("feedback", ""), user, code
        )
        return _("Your request for feedback is sent to the lead assessor.")

    return _my_result("feedback", ask)


@bp.post("/my-result/appeal")
@_lookup_limit
def my_result_appeal():
    """The candidate appeals the mark to the Appeals Committee (the services check it is the
    candidate), on the my-result page."""

    def appeal(form, user, code):
        """The appeal, refused by exams.file_appeal with its message."""
        exams.file_appeal(
            form.candidate_id.data,
            form.exam_day.data,
            request.form.get("appeal", ""),
            request.form.get("without_feedback_reason", ""),
            user,
            code,
        )
        return _("Your appeal is filed with the Appeals Committee.")

    return _my_result("appeal", appeal)


def _my_result(key, step):
    """The my-result page: the look-up, after the candidate's `step(form, user, code)` (its message
    when done, its refusal under `key`)."""
    form = LookupForm()
    user = current_user if current_user.is_authenticated else None
    found = public = done = None
    asked, errors = False, {}
    if form.validate_on_submit():
        asked, code = True, form.access_code.data or ""
        try:
            done = step(form, user, code)
        except services.CertificationError as error:
            errors[error.field or key] = str(error.message)
        found = exams.own_result(form.candidate_id.data, form.exam_day.data, user, code)
        if found is None:
            public = exams.public_lookup(form.candidate_id.data, form.exam_day.data)
            if code and "access_code" not in errors:
                errors["access_code"] = _(
                    "The ID, the date and the access code do not match a result of yours."
                )
    elif request.method == "POST":
        errors = form_errors(form)
    own = exams.results_of(user) if user is not None and user.role == services.APPLICANT else []
    status = 200
    if errors:  # a refused proof of identity is 403; a refused step of the candidate's, 422
        status = 403 if "access_code" in errors and not found else 422
    elif asked and found is None and public is None:
        status = 404
    return render(
        "certification/my_result.html",
        form=form,
        found=found,
        public=public,
        own=own,
        asked=asked,
        errors=errors,
        done=done,
    ), status


@bp.route("/apply", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["MAIL_FORM_RATE_LIMIT"], methods=["POST"])
def apply():
    """A person registers to apply for certification; the set-password link goes by e-mail. An
    e-mail that has an account gets the same answer, and its owner a mail instead (no enumeration)."""
    form = RegistrationForm()
    errors = {}
    if form.validate_on_submit():
        try:
            user = services.register_candidate(
                form.full_name.data,
                form.personal_number.data,
                form.email.data,
                form.level.data,
                form.recertification.data,
                form.language.data,
            )
        except services.CertificationError as error:
            errors[error.field or "form"] = str(error.message)
        else:
            mail_after_registration(
                user,
                form.email.data,
                _("BAUP certification: your account"),
                _("You are registered to apply for certification."),
            )
            return redirect_after_post(url_for("licensing.apply_sent"))
    else:
        errors.update(form_errors(form)) if request.method == "POST" else None
    status = invalid_status(errors)
    return render("certification/apply.html", form=form, errors=errors), status
