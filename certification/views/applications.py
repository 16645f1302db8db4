"""The application: the list, its page, the applicant's data, referees, projects and files."""

from flask import flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from certification import appointments, exams, services
from certification.forms import ApplicationForm, FileForm, ProjectForm, RefereeForm
from certification.models import CertApplication, Project, Referee
from certification.views.blueprint import bp
from certification.views.common import application_page, fetch
from portal import uploads
from portal.accounts import CERT_ROLES, role_required
from portal.web import form_errors, form_version, redirect_after_post, render

# --- Applications ----------------------------------------------------------------------------------


@bp.get("/applications/")
@role_required(services.APPLICANT, *CERT_ROLES)
def applications():
    """The applicant's own applications; for the Group and the Board, every one by state, with
    overdue notices; for the Appeals Committee, those appealed to it; for an assessor, the entry
    checks it is proposed or appointed to (by application number, to its entry-check page)."""
    if current_user.role == services.APPLICANT:
        return render("certification/applications.html", own=list(CertApplication.of(current_user.id)))
    if current_user.role == "assessor":
        return render(
            "certification/applications.html", waiting=list(appointments.entry_checks_of(current_user))
        )
    if current_user.role == "appeals":  # the cases appealed to the Committee, nothing else
        return render("certification/applications.html", every=list(CertApplication.appealed()))
    return render(  # the Group and the Board (and the admin)
        "certification/applications.html",
        every=list(CertApplication.newest_first()),
        overdue=services.overdue_notices(),
        cheating=exams.cheating_reports(),
    )


@bp.get("/applications/<int:application_id>")
@login_required
def application(application_id):
    return application_page(fetch(application_id))


@bp.post("/applications/<int:application_id>/save")
@login_required
def save(application_id):
    """The applicant's data, autosaved (htmx) or saved with the button."""
    item = fetch(application_id)
    form = ApplicationForm()
    if form.validate_on_submit():
        try:
            services.save_application(item, current_user, form_version(), request.form)
        except services.CertificationError as error:
            return application_page(
                item, {error.field or "application": str(error.message)}, 422, application_form=form
            )
        if request.headers.get("HX-Request") and not request.headers.get("HX-Boosted"):
            return application_page(item)
        flash(_("Saved."), "success")
        return redirect_after_post(url_for("certification.application", application_id=item.id))
    return application_page(item, form_errors(form), 422, application_form=form)


@bp.post("/applications/<int:application_id>/referees", defaults={"item_id": None})
@bp.post("/applications/<int:application_id>/referees/<int:item_id>/remove")
@login_required
def referee(application_id, item_id):
    item = fetch(application_id)
    form = RefereeForm()
    try:
        if item_id is not None:
            services.remove_item(item, current_user, Referee, item_id)
        elif form.validate_on_submit():
            services.add_referee(item, current_user, form.referee_name.data, form.referee_contact.data)
        else:
            return application_page(item, form_errors(form), 422, referee_form=form)
    except services.CertificationError as error:
        return application_page(item, {error.field or "referees": str(error.message)}, 422, referee_form=form)
    return redirect_after_post(
        url_for("certification.application", application_id=item.id, _anchor="referees")
    )


@bp.post("/applications/<int:application_id>/projects", defaults={"item_id": None})
@bp.post("/applications/<int:application_id>/projects/<int:item_id>/remove")
@login_required
def project(application_id, item_id):
    item = fetch(application_id)
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
            return application_page(item, form_errors(form), 422, project_form=form)
    except services.CertificationError as error:
        return application_page(item, {error.field or "projects": str(error.message)}, 422, project_form=form)
    return redirect_after_post(
        url_for("certification.application", application_id=item.id, _anchor="projects")
    )


@bp.post("/applications/<int:application_id>/files/<any(cv, initial_fee, certification_fee):purpose>")
@login_required
def attach(application_id, purpose):
    item = fetch(application_id)
    form = FileForm()
    if not form.validate_on_submit():
        return application_page(item, form_errors(form), 422)
    try:
        gone = uploads.store_then(
            [form.file.data],
            lambda stored: services.attach(item, current_user, purpose, stored[0]),
            required=True,
        )
    except (services.CertificationError, uploads.UploadError) as error:
        return application_page(item, {"file-" + purpose: str(getattr(error, "message", error))}, 422)
    uploads.remove_all(gone)
    return redirect_after_post(url_for("certification.application", application_id=item.id, _anchor="files"))
