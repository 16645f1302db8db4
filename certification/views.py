"""BAUP certification on the web: the public pages (how to apply, the assessors, results by ID, a
candidate's own result) and the applicant's, the Group's, the Board's and the assessors' pages.

Views are short: a form, a service call, a redirect or the page again with its errors."""

import datetime
import io

from flask import Blueprint, abort, current_app, flash, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from certification import appointments, exams, hearings, services
from certification.forms import (
    EXAM_YEARS_AHEAD,
    ApplicationForm,
    DecisionForm,
    FileForm,
    HearingForm,
    HearingOutcomeForm,
    LookupForm,
    OpinionForm,
    ProjectForm,
    RefereeForm,
    RegistrationForm,
    ReviewForm,
    SessionForm,
)
from certification.models import (
    AdmissionDecision,
    AssessorProfile,
    Ban,
    CertApplication,
    CertAttachment,
    EntryAssessor,
    ExamSession,
    MarkAssignment,
    Project,
    Referee,
    Seat,
)
from portal import uploads
from portal.accounts import User, mail_after_registration
from portal.extensions import limiter
from portal.formats import format_day
from portal.forms import parse_date, parse_datetime
from portal.mail import send_mail
from portal.web import form_id, form_version, public_url, redirect_after_post, render

bp = Blueprint("certification", __name__, url_prefix="/certification")


def _errors(form):
    return {name: " ".join(str(m) for m in messages) for name, messages in form.errors.items()}


# --- Public ----------------------------------------------------------------------------------------


@bp.get("/assessors")
def assessors():
    """The public list of assessors (004: publicity duties)."""
    return render("certification/assessors.html", assessors=list(AssessorProfile.public_list()))


@bp.get("/schedule")
def schedule():
    """The published schedule of written exams: date, time, place and the candidates' IDs, never
    their names (004)."""
    upcoming = (
        ExamSession.select()
        .where(ExamSession.starts_at >= datetime.datetime.combine(datetime.date.today(), datetime.time()))
        .order_by(ExamSession.starts_at)
    )
    return render("certification/schedule.html", sessions=[(s, exams.seated_ids(s)) for s in upcoming])


@bp.get("/results/")
def results():
    """Published written-exam sessions."""
    sessions = (
        ExamSession.select()
        .where(ExamSession.published_on.is_null(False))
        .order_by(ExamSession.starts_at.desc())
    )
    return render("certification/results.html", sessions=list(sessions))


@bp.get("/results/final")
def final_results():
    """The final results of levels C and B by candidate ID (report, interview, recommendation), the
    marks only where disclosure control allows."""
    from certification import stages

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


@bp.route("/my-result", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOOKUP_RATE_LIMIT"], methods=["POST"])
def my_result():
    """Anyone may look up, by candidate ID and exam date, what the public results page shows for it.
    The candidate alone (signed in as the applicant, or with the personal access code) reads their
    own result, a withheld mark included, and asks for feedback or appeals (exams.is_the_candidate).
    An unknown ID, a wrong date and a wrong code get the same answer."""
    form = LookupForm()
    user = current_user if current_user.is_authenticated else None
    found = public = done = None
    asked, errors = False, {}
    if form.validate_on_submit():
        asked, code = True, form.access_code.data or ""
        action = request.form.get("action", "lookup")
        try:
            done = _candidate_step(action, form, user, code)
        except services.CertificationError as error:
            errors[error.field or action] = str(error.message)
        found = exams.own_result(form.candidate_id.data, form.exam_day.data, user, code)
        if found is None:
            public = exams.public_lookup(form.candidate_id.data, form.exam_day.data)
            if code and "access_code" not in errors:
                errors["access_code"] = _(
                    "The ID, the date and the access code do not match a result of yours."
                )
    elif request.method == "POST":
        errors = _errors(form)
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


def _candidate_step(action, form, user, code):
    """The candidate's step on the my-result page (the services check it is the candidate): the
    message to show when done, or None for a plain look-up."""
    if action == "feedback":
        exams.ask_feedback(
            form.candidate_id.data, form.exam_day.data, request.form.get("feedback", ""), user, code
        )
        return _("Your request for feedback is sent to the lead assessor.")
    if action == "appeal":
        exams.file_appeal(
            form.candidate_id.data,
            form.exam_day.data,
            request.form.get("appeal", ""),
            request.form.get("without_feedback_reason", ""),
            user,
            code,
        )
        return _("Your appeal is filed with the Appeals Committee.")
    return None


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
        errors.update(_errors(form)) if request.method == "POST" else None
    status = 422 if errors else 200
    return render("certification/apply.html", form=form, errors=errors), status


# --- Applications ----------------------------------------------------------------------------------


@bp.get("/applications/")
@login_required
def applications():
    """The applicant's own applications; for the Group and the Board, every one by state, with
    overdue notices; for the Appeals Committee, those appealed to it; for an assessor, the entry
    checks it is proposed or appointed to (by application number, to its entry-check page)."""
    if current_user.role == services.APPLICANT:
        own = (
            CertApplication.select()
            .where(CertApplication.applicant == current_user)
            .order_by(CertApplication.id.desc())
        )
        return render("certification/applications.html", own=list(own))
    if current_user.role == "assessor":
        return render(
            "certification/applications.html", waiting=list(appointments.entry_checks_of(current_user))
        )
    if current_user.role == "appeals":  # the cases appealed to the Committee, nothing else
        return render("certification/applications.html", every=list(CertApplication.appealed()))
    if not current_user.has_role("scheme_group", "board"):
        abort(403)
    every = CertApplication.select().order_by(CertApplication.id.desc())
    return render(
        "certification/applications.html",
        every=list(every),
        overdue=services.overdue_notices(),
        cheating=exams.cheating_reports(),
    )


def _act(item, call, error_key, done=None, anchor=None):
    """Run a step of the application's page: its refusal shown on the page (422), else back to the
    page with `done` flashed."""
    try:
        call()
    except services.CertificationError as error:
        return _page(
            CertApplication.get_by_id(item.id),
            {error_key: str(error.message)},
            422,
        )
    if done:
        flash(done, "success")
    return redirect_after_post(url_for("certification.application", application_id=item.id, _anchor=anchor))


def _candidate_of(application_id):
    """(the application the user may see, its candidate), or 404 when it has no candidate yet."""
    from certification.models import Candidate

    item = _fetch(application_id)
    candidate = Candidate.get_or_none(Candidate.application == item)
    if candidate is None:
        abort(404)
    return item, candidate


def _fetch(application_id):
    """The application the signed-in user may see (services.get_application_for), or 404: never to
    an assessor, who reaches an entry check through _entry_check."""
    item = services.get_application_for(application_id, current_user)
    if item is None:
        abort(404)
    return item


def _entry_check(application_id):
    """The signed-in assessor's EntryAssessor row for this complete application, or 404."""
    row = (
        appointments.entry_check_for(application_id, current_user)
        if current_user.role == "assessor"
        else None
    )
    if row is None:
        abort(404)
    return row


@bp.get("/assessing/entry/<int:application_id>")
@login_required
def entry_check(application_id):
    """An entry assessor's page of an application it is proposed or appointed to check."""
    return _entry_page(_entry_check(application_id))


def _entry_page(row, errors=None, status=200):
    """What an entry check needs and nothing more (004 (admission) ал.1; (refusal) ал.2 т.3-4: the
    experience in project management). Proposed, the assessor sees the applicant's name and level,
    to declare a link before the Board appoints (a relative or a trainee is recognised by the name,
    and the CV names the applicant anyway); appointed, also the experience it judges: the
    self-assessment, the projects (their organisations show a conflict of interest), for level C
    the report's project and sector, the CV (entry_cv) and the form for its opinion. Never
    the ЕГН, the contacts, the referees, the files' names, the fees, nor other assessors' opinions;
    the page closes with the Board's decision (no name is ever beside a candidate ID)."""
    from certification.models import AdmissionOpinion, Declaration

    item = row.application
    appointed = row.appointed_at is not None
    return render(
        "certification/entry_check.html",
        item=item,
        appointed=appointed,
        projects=list(item.projects.order_by(Project.started_on)) if appointed else [],
        cv_attached=item.attachments.where(CertAttachment.purpose == "cv").exists(),
        mine=AdmissionOpinion.get_or_none(
            (AdmissionOpinion.application == item) & (AdmissionOpinion.assessor == current_user.id)
        ),
        declared=list(item.declarations.where(Declaration.assessor == current_user.id)),
        opinion_form=OpinionForm(formdata=None),
        errors=errors or {},
    ), status


@bp.get("/applications/<int:application_id>")
@login_required
def application(application_id):
    return _page(_fetch(application_id))


def _page(item, errors=None, status=200, **forms):
    form = forms.get("application_form") or ApplicationForm(formdata=None, obj=item)
    form.version.data = item.version
    can_edit = services.may_edit(current_user, item)
    steps = {action for action in services.TRANSITIONS if services.may(current_user, action, item)}
    return render(
        "certification/application.html",
        item=item,
        errors=errors or {},
        form=form,
        can_edit=can_edit,
        steps=steps,
        referee_form=forms.get("referee_form") or RefereeForm(formdata=None),
        project_form=forms.get("project_form") or ProjectForm(formdata=None),
        file_form=FileForm(formdata=None),
        review_form=ReviewForm(formdata=None, version=item.version),
        decision_form=forms.get("decision_form")
        or DecisionForm(formdata=None, version=item.version, decided_on=datetime.date.today()),
        hearing_form=forms.get("hearing_form") or HearingForm(formdata=None),
        outcome_form=forms.get("outcome_form") or HearingOutcomeForm(formdata=None),
        open_hearing=hearings.open_hearing(item),
        heard=hearings.last_outcome(item),
        may_void=hearings.may_void(item),
        banned=Ban.for_false_data_in(item) is not None,
        entry_assessors=appointments.entry_assessors(item),
        finding=services.experience_finding(item),
        missing=item.missing() if can_edit else [],
        decisions=list(item.decisions),
        candidate=item.candidacy.first(),
        assessors=list(User.select().where(User.role == "assessor").order_by(User.name)),
        fee_due=_fee_due(item),
        issued=_issued(item),
        stage=_stage(item),
        board=_board(item),
        cheating=_cheating_of(item),
    ), status


def _board(item):
    """What the Board decides on (004 (decision) ал.1-5): each element's marking day, the first day
    of the decision, the assessors' hand-ins, and its decision not to issue, if any; None before
    admission."""
    from certification import certificate_rules, certificates, stages
    from certification.models import Candidate, CertificateRefusal

    candidate = Candidate.get_or_none(Candidate.application == item)
    if candidate is None:
        return None
    marked = certificates.marked_on(candidate)
    last_on = certificate_rules.last_element_marked_on(candidate.level, marked)
    return {
        "marked": marked,
        "from": certificate_rules.board_may_decide_on(last_on) if last_on else None,
        "hand_ins": stages.hand_ins(candidate),
        "refusal": CertificateRefusal.get_or_none(CertificateRefusal.candidate == candidate),
    }


def _cheating_of(item):
    """The seats of this application's candidate reported for cheating, for the Group and the Board."""
    from certification.models import Candidate

    candidate = Candidate.get_or_none(Candidate.application == item)
    if candidate is None or not current_user.has_role("scheme_group", "board"):
        return []
    return exams.cheating_reports(undecided_only=False, candidate=candidate)


def _stage(item):
    """The report and interview of a C or B candidate, with the flags the assessors see."""
    from certification import stages
    from certification.models import Candidate, Interview, Report

    candidate = Candidate.get_or_none(Candidate.application == item)
    if candidate is None or candidate.level not in ("C", "B"):
        return None
    found = Report.get_or_none(Report.candidate == candidate)
    return {
        "may_report": stages.may_report(candidate),
        "report": found,
        "flags": stages.report_flags(found, candidate.level) if found else None,
        "codes": {e.code for e in found.elements} if found else set(),
        "interview": Interview.get_or_none(Interview.candidate == candidate),
        "elements": stages.competence_elements(),
        "assessors": list(candidate.stage_assessors),
        "report_mark": stages.report_mark_for_candidate(candidate),
        "interview_from": exams.stage_allowed_from(candidate),
    }


def _issued(item):
    from certification.models import Certificate

    return Certificate.get_or_none(Certificate.application == item)


def _fee_due(item):
    """The last day for the certification fee's proof (rules.certification_fee_due), once the
    candidate is notified and seated for a first exam; else None."""
    from certification import rules
    from certification.models import Candidate

    candidate = Candidate.get_or_none(Candidate.application == item)
    decision = item.decisions.where(AdmissionDecision.admitted).first() if candidate else None
    first = candidate.seats.join(ExamSession).order_by(ExamSession.starts_at).first() if candidate else None
    if decision is None or decision.notified_on is None or first is None:
        return None
    return rules.certification_fee_due(decision.notified_on, first.session.day)


@bp.post("/applications/<int:application_id>/save")
@login_required
def save(application_id):
    """The applicant's data, autosaved (htmx) or saved with the button."""
    item = _fetch(application_id)
    form = ApplicationForm()
    if form.validate_on_submit():
        try:
            services.save_application(item, current_user, form_version(), request.form)
        except services.CertificationError as error:
            return _page(item, {error.field or "application": str(error.message)}, 422, application_form=form)
        if request.headers.get("HX-Request") and not request.headers.get("HX-Boosted"):
            return _page(item)
        flash(_("Saved."), "success")
        return redirect_after_post(url_for("certification.application", application_id=item.id))
    return _page(item, _errors(form), 422, application_form=form)


@bp.post("/applications/<int:application_id>/referees", defaults={"item_id": None})
@bp.post("/applications/<int:application_id>/referees/<int:item_id>/remove")
@login_required
def referee(application_id, item_id):
    item = _fetch(application_id)
    form = RefereeForm()
    try:
        if item_id is not None:
            services.remove_item(item, current_user, Referee, item_id)
        elif form.validate_on_submit():
            services.add_referee(item, current_user, form.referee_name.data, form.referee_contact.data)
        else:
            return _page(item, _errors(form), 422, referee_form=form)
    except services.CertificationError as error:
        return _page(item, {error.field or "referees": str(error.message)}, 422, referee_form=form)
    return redirect_after_post(
        url_for("certification.application", application_id=item.id, _anchor="referees")
    )


@bp.post("/applications/<int:application_id>/projects", defaults={"item_id": None})
@bp.post("/applications/<int:application_id>/projects/<int:item_id>/remove")
@login_required
def project(application_id, item_id):
    item = _fetch(application_id)
    form = ProjectForm()
    try:
        if item_id is not None:
            services.remove_item(item, current_user, Project, item_id)
        elif form.validate_on_submit():
            data = form.data
            services.add_project(
                item,
                current_user,
                data["kind"],
                data["title"],
                data["organisation"],
                data["role"],
                data["started_on"],
                data["ended_on"],
                data["intensity"],
            )
        else:
            return _page(item, _errors(form), 422, project_form=form)
    except services.CertificationError as error:
        return _page(item, {error.field or "projects": str(error.message)}, 422, project_form=form)
    return redirect_after_post(
        url_for("certification.application", application_id=item.id, _anchor="projects")
    )


@bp.post("/applications/<int:application_id>/files/<any(cv, initial_fee, certification_fee):purpose>")
@login_required
def attach(application_id, purpose):
    item = _fetch(application_id)
    form = FileForm()
    if not form.validate_on_submit():
        return _page(item, _errors(form), 422)
    try:
        gone = uploads.store_then(
            [form.file.data],
            lambda stored: services.attach(item, current_user, purpose, stored[0]),
            required=True,
        )
    except (services.CertificationError, uploads.UploadError) as error:
        return _page(item, {"file-" + purpose: str(getattr(error, "message", error))}, 422)
    uploads.remove_all(gone)
    return redirect_after_post(url_for("certification.application", application_id=item.id, _anchor="files"))


CONFIRMED = ("withdraw", "void", "ban", "void_false_data")  # destructive: "I confirm" is ticked


def _require_confirmation():
    """A destructive step is taken only with the box "I confirm" ticked: checked here, so that it
    holds with JavaScript off, where the page's hx-confirm question is not asked."""
    if request.form.get("confirm") != "yes":
        raise services.CertificationError(_("Tick “I confirm” to take this step."), "confirm")


STEPS = "submit, review, void, withdraw, decide, ban, void_false_data"


@bp.post(f"/applications/<int:application_id>/<any({STEPS}):action>")
@login_required
def step(application_id, action):
    """A move of services.TRANSITIONS, the Board's ban, or the void after a hearing."""
    item = _fetch(application_id)
    form = {"review": ReviewForm, "decide": DecisionForm}.get(action, ReviewForm)()
    version = form_version()
    reason = request.form.get("reason", "")
    try:
        if action in CONFIRMED or (action == "decide" and form.outcome.data == "refuse"):
            _require_confirmation()
        if action == "submit":
            services.submit(item, current_user, version)
        elif action == "withdraw":
            services.withdraw(item, current_user, version)
        elif action == "void":
            services.void_if_overdue(item, current_user, version)
        elif action == "ban":
            services.record_ban(item, current_user, datetime.date.today(), reason)
        elif action == "void_false_data":
            hearings.void_for_false_data(item, current_user, version, reason)
        elif action == "review":
            form.validate()
            services.review(
                item,
                current_user,
                version,
                form.outcome.data == "complete",
                form.deadline.data,
                form.note.data or "",
            )
        else:
            form.validate()
            decision = services.decide_admission(
                item,
                current_user,
                version,
                form.outcome.data == "admit",
                form.decided_on.data,
                form.grounds.data or [],
                form.reasons.data or "",
            )
            _mail_decision(item, decision)
    except services.CertificationError as error:
        kept = {"decision_form": form} if action == "decide" else {}
        return _page(
            CertApplication.get_by_id(item.id), {error.field or "step": str(error.message)}, 422, **kept
        )
    flash(_("Done."), "success")
    return redirect_after_post(url_for("certification.application", application_id=item.id))


@bp.post("/applications/<int:application_id>/entry-assessor")
@login_required
def entry_assessor(application_id):
    """The Group proposes, or the Board appoints, an assessor to check the entry requirements."""
    item = _fetch(application_id)
    assessor = User.get_or_none(User.id == form_id("assessor"))
    step_ = request.form.get("step", "")
    return _act(
        item,
        lambda: appointments.entry_assessor(current_user, item, assessor, step_),
        "entry",
        _("Done."),
        "opinions",
    )


@bp.post("/appointments/<any(entry, paper, stage):kind>/<int:row_id>/release")
@login_required
def release(kind, row_id):
    """The Board ends an appointment (confirmed, with reasons) to appoint another; back to the page
    it was on."""
    from certification.models import MarkAssignment, StageAssessor

    model = {"entry": EntryAssessor, "paper": MarkAssignment, "stage": StageAssessor}[kind]
    row = model.get_or_none(model.id == row_id)
    if row is None or not current_user.has_role("board"):
        abort(404)
    if kind == "paper":
        back = url_for("certification.session", session_id=row.seat.session_id, _anchor="assessors")
    else:
        application = row.application if kind == "entry" else row.candidate.application
        back = url_for("certification.application", application_id=application.id, _anchor="opinions")
    try:
        _require_confirmation()
        appointments.release(current_user, model, row_id, request.form.get("reason", ""))
    except services.CertificationError as error:
        flash(str(error.message), "error")
    else:
        flash(_("The appointment is ended: appoint another assessor."), "success")
    return redirect_after_post(back)


@bp.post("/applications/<int:application_id>/hearing")
@login_required
def hearing(application_id):
    """The Group tells the applicant of misleading data found and of the day to be heard."""
    item = _fetch(application_id)
    form = HearingForm()
    if not form.validate_on_submit():
        return _page(item, _errors(form), 422, hearing_form=form)
    try:
        found = hearings.notify(item, current_user, form.finding.data, form.hearing_on.data)
    except services.CertificationError as error:
        return _page(item, {error.field or "hearing": str(error.message)}, 422, hearing_form=form)
    body = _(
        "Data in your application were found misleading: %(finding)s\n"
        "You have the right to be heard on %(day)s. Not coming without a good reason is taken as a "
        "refusal to cooperate and is a ground to declare the application void.",
        finding=found.finding,
        day=format_day(found.hearing_on),
    )
    send_mail(item.email, _("BAUP certification: your right to be heard"), body)
    flash(_("The applicant is told of the hearing."), "success")
    return redirect_after_post(
        url_for("certification.application", application_id=item.id, _anchor="hearing")
    )


@bp.post("/applications/<int:application_id>/hearing/outcome")
@login_required
def hearing_outcome(application_id):
    """The Group records the hearing's outcome."""
    item = _fetch(application_id)
    form = HearingOutcomeForm()
    open_ = hearings.open_hearing(item)
    if open_ is None:
        abort(404)
    if not form.validate_on_submit():
        return _page(item, _errors(form), 422, outcome_form=form)
    attended = form.attended.data == "yes"
    confirmed = {"yes": True, "no": False}.get(form.confirmed.data)
    try:
        hearings.record(
            open_, current_user, attended, confirmed, form.outcome.data or "", form.good_reason.data or ""
        )
    except services.CertificationError as error:
        return _page(item, {error.field or "hearing": str(error.message)}, 422, outcome_form=form)
    flash(_("The hearing's outcome is recorded."), "success")
    return redirect_after_post(
        url_for("certification.application", application_id=item.id, _anchor="hearing")
    )


def _mail_decision(item, decision):
    """The admission notice with the candidate's ID (known only to them and the Group), or the
    refusal; the Group records the notice day (services.record_notice)."""
    if decision.admitted:
        body = _(
            "You are admitted to the certification procedure. Your personal identification number: %(id)s",
            id=item.candidacy.get().candidate_id,
        )
        body += "\n" + _("Keep it: your written exam is marked and published by this number only.")
        body += "\n\n" + _(
            "Your personal access code: %(code)s. With it, or by logging in with "
            "this account, you read your own result, ask for feedback and appeal. It is yours "
            "alone: do not share it; the public results show only your ID.",
            code=decision.access_code,
        )
        body += "\n" + _("The exam dates: %(url)s", url=public_url("certification.schedule"))
    else:
        body = _(
            "The Board did not admit your application. "
            "You may ask for the reasons and appeal to the Appeals Committee."
        )
    send_mail(item.email, _("BAUP certification: the Board's decision"), body)


@bp.post("/applications/<int:application_id>/declarations")
@login_required
def declaration(application_id):
    """A declared link: the applicant names an assessor it knows; an assessor declares being related
    to the candidate, or having trained them on project management (004, conflicts of interest), on
    the page of an entry check it is proposed or appointed to."""
    row = _entry_check(application_id) if current_user.role == "assessor" else None
    item = row.application if row is not None else _fetch(application_id)
    kind = request.form.get("kind", "")
    assessor = User.get_or_none(User.id == form_id("assessor")) if kind == "known" else None
    trained_until = None
    if request.form.get("trained_until"):
        try:
            trained_until = parse_date(request.form["trained_until"])
        except ValueError:
            refused = {"declaration": _("Enter when the training ended.")}
            return _entry_page(row, refused, 422) if row is not None else _page(item, refused, 422)

    def call():
        """The declaration, refused by services.declare with its message."""
        return services.declare(item, current_user, kind, trained_until=trained_until, assessor=assessor)

    if row is None:
        return _act(item, call, "declaration", _("The declaration is recorded."), "declarations")
    try:
        call()
    except services.CertificationError as error:
        return _entry_page(row, {"declaration": str(error.message)}, 422)
    flash(_("The declaration is recorded."), "success")
    return redirect_after_post(
        url_for("certification.entry_check", application_id=item.id, _anchor="declarations")
    )


@bp.post("/applications/<int:application_id>/certificate")
@login_required
def certificate(application_id):
    """The Board decides to issue the certificate or not to issue it (confirmed, with reasons), or
    withdraws an issued one; the Group reports the candidate to the Board or publishes the result."""
    from certification import certificates

    item, candidate = _candidate_of(application_id)
    try:
        day = parse_date(request.form.get("on_date", ""))
    except ValueError:
        return _page(item, {"certificate": _("Enter the date of the decision.")}, 422)
    action = request.form.get("action")
    if action in ("issue", "refuse", "withdraw") and request.form.get("confirm") != "yes":
        return _page(item, {"certificate": _("Confirm the Board's decision.")}, 422)
    try:
        issued = certificates.by_candidate(candidate)
        if action == "refuse":
            certificates.refuse(current_user, candidate, day, request.form.get("reasons", ""))
        elif action == "report":
            certificates.report_to_board(current_user, candidate, day)
        elif action == "publish_final":
            from certification import stages

            stages.publish_final(current_user, candidate, day)
        elif action == "withdraw" and issued is not None:
            certificates.withdraw(current_user, issued, day, request.form.get("reason", ""))
        elif action != "issue":
            abort(400)
        else:
            certificates.issue(
                current_user,
                candidate,
                day,
                request.form.get("chair_name", ""),
                request.form.get("lead_assessor_name", ""),
            )
    except services.CertificationError as error:
        return _page(item, {"certificate": str(error.message)}, 422)
    flash(_("Done."), "success")
    return redirect_after_post(
        url_for("certification.application", application_id=item.id, _anchor="certificate")
    )


@bp.get("/applications/<int:application_id>/certificate-<any(bg, en):language>.pdf")
@login_required
def certificate_pdf(application_id, language):
    """The certificate as a PDF in Bulgarian or English, for its holder, the Group and the Board."""
    from certification import certificates

    item = _fetch(application_id)
    issued = _issued(item)
    holder_or_scheme = current_user.id == item.applicant_id or current_user.has_role("scheme_group", "board")
    if issued is None or not holder_or_scheme:  # the Appeals Committee reads appeals, not certificates
        abort(404)
    verify_url = public_url("certificates.verify", token=issued.verify_token)
    data = certificates.certificate_pdf(issued, language, verify_url)
    response = send_file(
        io.BytesIO(data),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=f"{issued.number}-{language}.pdf",
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/applications/<int:application_id>/report")
@login_required
def report(application_id):
    """The candidate uploads the report with its pages, annexes and competence elements."""
    from certification import stages

    item, candidate = _candidate_of(application_id)
    form = FileForm()
    if not form.validate_on_submit():
        return _page(item, _errors(form), 422)
    try:
        gone = uploads.store_then(
            [form.file.data],
            lambda stored: stages.upload_report(
                current_user,
                candidate,
                stored[0],
                request.form.get("pages"),
                request.form.get("annexes"),
                request.form.getlist("elements"),
            )[1],
            ("application/pdf",),
            required=True,
        )
    except (services.CertificationError, uploads.UploadError) as error:
        return _page(item, {"report": str(getattr(error, "message", error))}, 422)
    uploads.remove_all([gone])
    flash(_("The report is uploaded."), "success")
    return redirect_after_post(url_for("certification.application", application_id=item.id, _anchor="report"))


@bp.post("/applications/<int:application_id>/interview")
@login_required
def interview(application_id):
    """The Group schedules the interview; its end is computed with the breaks."""
    from certification import stages

    item, candidate = _candidate_of(application_id)
    try:
        starts_at = parse_datetime(request.form.get("starts_at", ""), years_ahead=EXAM_YEARS_AHEAD)
    except ValueError:
        starts_at = None
    minutes, place = request.form.get("conversation_minutes"), request.form.get("place", "")
    return _act(
        item,
        lambda: stages.schedule_interview(current_user, candidate, starts_at, minutes, place),
        "interview",
        _("The interview is scheduled."),
        "report",
    )


@bp.post("/applications/<int:application_id>/stage-assessor")
@login_required
def stage_assessor(application_id):
    """The Group proposes, or the Board appoints, an assessor to a C or B candidate's report and
    interview."""
    from certification import stages

    item, candidate = _candidate_of(application_id)
    assessor = User.get_or_none(User.id == form_id("assessor"))
    step_ = request.form.get("step", "")
    return _act(
        item,
        lambda: stages.assign_stage_assessor(current_user, candidate, assessor, step_),
        "interview",
        anchor="report",
    )


@bp.route("/assessing", methods=["GET", "POST"])
@login_required
def assessing():
    """The assessor's candidates by ID only: at levels C and B the report (with its sector and
    coverage), the interview and the marks; at every level the hand-in (004 (decision) ал.1), at D
    once the written exam's final mark is in."""
    from certification import certificates, stages
    from certification.models import Candidate

    if current_user.role != "assessor":
        abort(403)
    errors = {}
    if request.method == "POST":
        candidate = Candidate.get_or_none(Candidate.id == form_id("candidate"))
        if candidate is None:
            abort(404)
        form = request.form
        try:
            if form.get("action") == "hand_in":
                stages.hand_in(
                    current_user,
                    candidate,
                    form.get("certify") == "yes",
                    form.get("matrix", ""),
                    form.get("reasons", ""),
                )
            else:
                stages.record_stage_mark(
                    current_user,
                    candidate,
                    form.get("stage", ""),
                    form.get("mark"),
                    form.get("reasons", ""),
                    joint=form.get("joint") == "yes",
                )
        except services.CertificationError as error:
            errors[candidate.id] = str(error.message)
        else:
            return redirect_after_post(
                url_for("certification.assessing", _anchor=f"candidate-{candidate.id}")
            )
    rows = []
    for candidate in stages.candidates_for_assessor(current_user):
        report_ = candidate.reports.first()
        rows.append(
            {
                "candidate": candidate,
                "written": certificates.written_exam_seat(candidate, published_only=False),
                "mine": next(
                    (r for r in stages.hand_ins(candidate) if r.assessor_id == current_user.id), None
                ),
                "sector": candidate.application.report_sector,
                "report": report_,
                "flags": stages.report_flags(report_, candidate.level) if report_ else None,
                "interview": candidate.interviews.first(),
                "report_mark": stages.joint_mark(candidate, "report"),
                "interview_mark": stages.joint_mark(candidate, "interview"),
            }
        )
    return render("certification/assessing.html", rows=rows, errors=errors), (422 if errors else 200)


@bp.get("/reports/<int:report_id>")
@login_required
def report_file(report_id):
    """A report's file, for its appointed assessors and the Group (named by candidate ID only)."""
    from certification.models import Report

    found = Report.get_or_none(Report.id == report_id)
    if found is None or not _may_read_report(found):
        abort(404)
    return _send_stored(found, f"report-{found.candidate.candidate_id}")


EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}


def _send_stored(found, name):
    """A stored file as a download named `name` (never its uploaded name, which may hold a person's
    name or ЕГН), not kept in any cache."""
    response = send_file(
        uploads.path_of(found.stored_name),
        mimetype=found.content_type,
        as_attachment=True,
        download_name=name + EXTENSIONS.get(found.content_type, ""),
        max_age=0,
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/assessing/entry/<int:application_id>/cv")
@login_required
def entry_cv(application_id):
    """The applicant's CV, for an assessor appointed to the application's entry check (the
    experience it judges), named by the application's id only."""
    row = _entry_check(application_id)
    found = row.application.attachments.where(CertAttachment.purpose == "cv").first()
    if row.appointed_at is None or found is None:
        abort(404)
    return _send_stored(found, f"cv-{application_id}")


def _may_read_report(found):
    """The Group reads every report; an assessor only one it is appointed to assess."""
    from certification.models import StageAssessor

    if current_user.has_role("scheme_group"):
        return True
    keys = {"candidate": found.candidate_id}
    return current_user.role == "assessor" and appointments.is_appointed(StageAssessor, keys, current_user)


@bp.post("/applications/<int:application_id>/opinion")
@login_required
def opinion(application_id):
    """An appointed entry assessor's opinion, from its entry-check page."""
    row = _entry_check(application_id)
    form = OpinionForm()
    if not form.validate_on_submit():
        return _entry_page(row, _errors(form), 422)
    try:
        services.record_opinion(row.application, current_user, form.favourable.data == "yes", form.text.data)
    except services.CertificationError as error:
        return _entry_page(row, {error.field or "opinion": str(error.message)}, 422)
    flash(_("Your opinion is recorded."), "success")
    return redirect_after_post(url_for("certification.entry_check", application_id=application_id))


@bp.post("/applications/<int:application_id>/cheating/<int:seat_id>")
@login_required
def cheating(application_id, seat_id):
    """The Board decides a cheating report of the invigilator's protocol, with reasons, confirmed."""
    item, candidate = _candidate_of(application_id)
    seat = Seat.get_or_none((Seat.id == seat_id) & (Seat.candidate == candidate))
    if seat is None:
        abort(404)
    form = request.form
    return _act(
        item,
        lambda: exams.decide_cheating(
            current_user,
            seat,
            form.get("upheld") == "yes",
            form.get("reasons", ""),
            form.get("confirm") == "yes",
        ),
        "cheating",
        _("The Board's decision is recorded."),
        "cheating",
    )


@bp.post("/decisions/<int:decision_id>/notice")
@login_required
def notice(decision_id):
    from certification.models import AdmissionDecision

    decision = AdmissionDecision.get_or_none(AdmissionDecision.id == decision_id)
    if decision is None or not current_user.has_role("scheme_group"):
        abort(404)
    try:
        services.record_notice(decision, current_user, datetime.date.today())
    except services.CertificationError as error:
        flash(str(error.message), "error")
    return redirect_after_post(url_for("certification.application", application_id=decision.application_id))


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


@bp.post("/applications/<int:application_id>/appeal")
@login_required
def admission_appeal(application_id):
    """A refused applicant appeals to the Appeals Committee."""
    item = _fetch(application_id)
    return _act(
        item,
        lambda: exams.file_admission_appeal(item, current_user, request.form.get("appeal", "")),
        "appeal",
        _("Your appeal is filed with the Appeals Committee."),
    )


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


@bp.context_processor
def _labels():
    from certification import labels, rules, stages

    return {
        "CERT_STATES": labels.CERT_STATES,
        "CERT_MISSING": labels.CERT_MISSING,
        "CERT_FILES": labels.CERT_FILES,
        "CERT_ACTIONS": labels.CERT_ACTIONS,
        "CERT_NEEDS": labels.CERT_NEEDS,
        "CERT_LINKS": labels.CERT_LINKS,
        "CERT_GROUPS": labels.CERT_GROUPS,
        "CERT_GUIDANCE": labels.CERT_GUIDANCE,
        "CERT_ELEMENTS": labels.CERT_ELEMENTS,
        "may_sit_until": rules.may_sit_until,
        "competences_stand_in": stages.competences_stand_in,
        "ban_ends": rules.ban_ends,
        "mark_text": exams.format_mark,
        "mark_step": exams.mark_step(),
        "mark_decimals": exams.mark_decimals(),
    }
