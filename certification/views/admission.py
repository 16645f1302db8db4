"""Admission: the workflow's steps, the entry check and its assessors, declarations, the hearing,
the Board's notice and the appeal against a refusal."""

import datetime

from flask import abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from certification import appointments, exams, hearings, services
from certification.forms import DecisionForm, HearingForm, HearingOutcomeForm, OpinionForm, ReviewForm
from certification.models import (
    AdmissionDecision,
    CertApplication,
    CertAttachment,
    EntryAssessor,
    MarkAssignment,
    StageAssessor,
)
from certification.views.blueprint import bp
from certification.views.common import (
    act,
    application_page,
    entry_check_row,
    entry_page,
    fetch,
    require_confirmation,
    send_stored,
)
from portal.accounts import User, role_required
from portal.formats import format_day
from portal.forms import parse_date
from portal.mail import send_mail
from portal.web import form_errors, form_id, form_version, get_or_404, public_url, redirect_after_post


def _move(application_id, call, confirmed=False, form=None):
    """A move of services.TRANSITIONS, the Board's ban, or the void after a hearing: `call(item,
    version)`, `confirmed` with the box ticked; its refusal on the page (422, the decision's form
    kept), else back to the page."""
    item = fetch(application_id)
    version = form_version()
    try:
        if confirmed:
            require_confirmation()
        call(item, version)
    except services.CertificationError as error:
        kept = {"decision_form": form} if isinstance(form, DecisionForm) else {}
        return application_page(
            CertApplication.get_by_id(item.id), {error.field or "step": str(error.message)}, 422, **kept
        )
    flash(_("Done."), "success")
    return redirect_after_post(url_for("certification.application", application_id=item.id))


@bp.post("/applications/<int:application_id>/submit")
@login_required
def submit(application_id):
    """The applicant submits the application to the Group."""
    return _move(application_id, lambda item, version: services.submit(item, current_user, version))


@bp.post("/applications/<int:application_id>/withdraw")
@login_required
def withdraw(application_id):
    """The applicant withdraws the application (confirmed)."""
    return _move(
        application_id, lambda item, version: services.withdraw(item, current_user, version), confirmed=True
    )


@bp.post("/applications/<int:application_id>/void")
@login_required
def void(application_id):
    """The Group declares void an application not completed in time (confirmed)."""
    return _move(
        application_id,
        lambda item, version: services.void_if_overdue(item, current_user, version),
        confirmed=True,
    )


@bp.post("/applications/<int:application_id>/ban")
@login_required
def ban(application_id):
    """The Board records a ban for knowingly false data (confirmed, with reasons)."""
    reason = request.form.get("reason", "")
    return _move(
        application_id,
        lambda item, version: services.record_ban(item, current_user, datetime.date.today(), reason),
        confirmed=True,
    )


@bp.post("/applications/<int:application_id>/void_false_data")
@login_required
def void_false_data(application_id):
    """The Board declares the application void after a hearing on misleading data (confirmed)."""
    reason = request.form.get("reason", "")
    return _move(
        application_id,
        lambda item, version: hearings.void_for_false_data(item, current_user, version, reason),
        confirmed=True,
    )


@bp.post("/applications/<int:application_id>/review")
@login_required
def review(application_id):
    """The Group's completeness review: complete, or incomplete with a deadline."""
    form = ReviewForm()

    def call(item, version):
        """The review, refused by services.review with its message."""
        form.validate()
        services.review(
            item,
            current_user,
            version,
            form.outcome.data == "complete",
            form.deadline.data,
            form.note.data or "",
        )

    return _move(application_id, call, form=form)


@bp.post("/applications/<int:application_id>/decide")
@login_required
def decide(application_id):
    """The Board admits or refuses (a refusal confirmed); the applicant is told by mail."""
    form = DecisionForm()

    def call(item, version):
        """The decision, refused by services.decide_admission with its message; then the mail."""
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

    return _move(application_id, call, confirmed=form.outcome.data == "refuse", form=form)


@bp.post("/applications/<int:application_id>/entry-assessor")
@login_required
def entry_assessor(application_id):
    """The Group proposes, or the Board appoints, an assessor to check the entry requirements."""
    item = fetch(application_id)
    assessor = User.get_or_none(User.id == form_id("assessor"))
    step_ = request.form.get("step", "")
    return act(
        item,
        lambda: appointments.entry_assessor(current_user, item, assessor, step_),
        "entry",
        _("Done."),
        "opinions",
    )


@bp.post("/appointments/<any(entry, paper, stage):kind>/<int:row_id>/release")
@role_required("board")
def release(kind, row_id):
    """The Board ends an appointment (confirmed, with reasons) to appoint another; back to the page
    it was on."""
    model = {"entry": EntryAssessor, "paper": MarkAssignment, "stage": StageAssessor}[kind]
    row = get_or_404(model, model.id == row_id)
    if kind == "paper":
        back = url_for("certification.session", session_id=row.seat.session_id, _anchor="assessors")
    else:
        application = row.application if kind == "entry" else row.candidate.application
        back = url_for("certification.application", application_id=application.id, _anchor="opinions")
    try:
        require_confirmation()
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
    item = fetch(application_id)
    form = HearingForm()
    if not form.validate_on_submit():
        return application_page(item, form_errors(form), 422, hearing_form=form)
    try:
        found = hearings.notify(item, current_user, form.finding.data, form.hearing_on.data)
    except services.CertificationError as error:
        return application_page(item, {error.field or "hearing": str(error.message)}, 422, hearing_form=form)
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
    item = fetch(application_id)
    form = HearingOutcomeForm()
    open_ = hearings.open_hearing(item)
    if open_ is None:
        abort(404)
    if not form.validate_on_submit():
        return application_page(item, form_errors(form), 422, outcome_form=form)
    attended = form.attended.data == "yes"
    confirmed = {"yes": True, "no": False}.get(form.confirmed.data)
    try:
        hearings.record(
            open_, current_user, attended, confirmed, form.outcome.data or "", form.good_reason.data or ""
        )
    except services.CertificationError as error:
        return application_page(item, {error.field or "hearing": str(error.message)}, 422, outcome_form=form)
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
    row = entry_check_row(application_id) if current_user.role == "assessor" else None
    item = row.application if row is not None else fetch(application_id)
    kind = request.form.get("kind", "")
    assessor = User.get_or_none(User.id == form_id("assessor")) if kind == "known" else None
    trained_until = None
    if request.form.get("trained_until"):
        try:
            trained_until = parse_date(request.form["trained_until"])
        except ValueError:
            refused = {"declaration": _("Enter when the training ended.")}
            return entry_page(row, refused, 422) if row is not None else application_page(item, refused, 422)

    def call():
        """The declaration, refused by services.declare with its message."""
        return services.declare(item, current_user, kind, trained_until=trained_until, assessor=assessor)

    if row is None:
        return act(item, call, "declaration", _("The declaration is recorded."), "declarations")
    try:
        call()
    except services.CertificationError as error:
        return entry_page(row, {"declaration": str(error.message)}, 422)
    flash(_("The declaration is recorded."), "success")
    return redirect_after_post(
        url_for("certification.entry_check", application_id=item.id, _anchor="declarations")
    )


@bp.get("/assessing/entry/<int:application_id>")
@login_required
def entry_check(application_id):
    """An entry assessor's page of an application it is proposed or appointed to check."""
    return entry_page(entry_check_row(application_id))


@bp.get("/assessing/entry/<int:application_id>/cv")
@login_required
def entry_cv(application_id):
    """The applicant's CV, for an assessor appointed to the application's entry check (the
    experience it judges), named by the application's id only."""
    row = entry_check_row(application_id)
    found = row.application.attachments.where(CertAttachment.purpose == "cv").first()
    if row.appointed_at is None or found is None:
        abort(404)
    return send_stored(found, f"cv-{application_id}")


@bp.post("/applications/<int:application_id>/opinion")
@login_required
def opinion(application_id):
    """An appointed entry assessor's opinion, from its entry-check page."""
    row = entry_check_row(application_id)
    form = OpinionForm()
    if not form.validate_on_submit():
        return entry_page(row, form_errors(form), 422)
    try:
        services.record_opinion(row.application, current_user, form.favourable.data == "yes", form.text.data)
    except services.CertificationError as error:
        return entry_page(row, {error.field or "opinion": str(error.message)}, 422)
    flash(_("Your opinion is recorded."), "success")
    return redirect_after_post(url_for("certification.entry_check", application_id=application_id))


@bp.post("/decisions/<int:decision_id>/notice")
@role_required("scheme_group")
def notice(decision_id):
    """The Group records the admission notice as sent today."""
    decision = get_or_404(AdmissionDecision, AdmissionDecision.id == decision_id)
    try:
        services.record_notice(decision, current_user, datetime.date.today())
    except services.CertificationError as error:
        flash(str(error.message), "error")
    return redirect_after_post(url_for("certification.application", application_id=decision.application_id))


@bp.post("/applications/<int:application_id>/appeal")
@login_required
def admission_appeal(application_id):
    """A refused applicant appeals to the Appeals Committee."""
    item = fetch(application_id)
    return act(
        item,
        lambda: exams.file_admission_appeal(item, current_user, request.form.get("appeal", "")),
        "appeal",
        _("Your appeal is filed with the Appeals Committee."),
    )
