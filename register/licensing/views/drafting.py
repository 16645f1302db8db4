"""Step 3, the application's content: the profile, the specialities, the premises and the documents
(each saved at once)."""

from flask import abort, flash, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal import uploads
from portal.web import form_errors, invalid_status, run_step
from register.licensing import services
from register.licensing.forms import DocumentForm, PremisesForm, ProfileForm
from register.licensing.models import REQUIRED_DOCUMENTS
from register.licensing.views.blueprint import bp
from register.licensing.views.procedure import attempt, back_to, fetch, page, refused


@bp.post("/applications/<int:application_id>/profile")
@login_required
def profile(application_id):
    """Step 3: save the profile (autosaved by htmx on every change; a button without JavaScript)."""
    item = fetch(application_id)
    form = ProfileForm()
    errors = {}
    if form.validate_on_submit():
        # The seat as the form resolved it (a name typed becomes its EKATTE code).
        typed = {**request.form.to_dict(), "settlement": form.settlement.data or ""}
        saved = run_step(
            lambda: services.save_profile(item, current_user, form.version.data, typed),
            errors,
            services.LicensingError,
            field="profile",
        )
        item = saved or item
    else:
        errors.update(form_errors(form))
    if not errors and not request.headers.get("HX-Request"):
        flash(_("The profile is saved."), "success")
        return back_to(item, "profile")
    # The autosave (htmx) gets the profile's block: hx-select takes the status, the version out of band.
    kept = form if errors else None
    return page(item, errors=errors, profile_form=kept, saved=not errors, block="profile"), (
        invalid_status(errors)
    )


@bp.post("/applications/<int:application_id>/specialities", defaults={"code": None})
@bp.post("/applications/<int:application_id>/specialities/<code>/remove")
@login_required
def speciality(application_id, code):
    """Step 3: add a speciality to those applied for, or remove one (each saved at once)."""
    item = fetch(application_id)

    def change():
        if code is None:
            added = services.request_speciality(item, current_user, request.form.get("code", ""))
            flash(_("Added: %(code)s %(name)s.", code=added.code, name=added.name), "success")
        else:
            services.withdraw_speciality(item, current_user, code)

    return attempt(item, change, "speciality") or back_to(item, "professions")


@bp.post("/applications/<int:application_id>/premises", defaults={"premises_id": None})
@bp.post("/applications/<int:application_id>/premises/<int:premises_id>/remove")
@login_required
def premises(application_id, premises_id):
    """Step 3: add a training base or the office with its document, or remove one."""
    item = fetch(application_id)
    if premises_id is not None:
        errors = {}
        gone = run_step(
            lambda: services.remove_premises(item, current_user, premises_id), errors, services.LicensingError
        )
        if errors:
            return refused(item, errors, "premises")
        uploads.remove_all(gone)
        return back_to(item, "premises")
    form = PremisesForm()
    errors = {}
    if form.validate_on_submit():
        data = form.data
        # A field's message goes beside the field; one about the whole step above the section
        # (where it shows even to someone who is not shown the form).
        run_step(
            lambda: uploads.store_then(
                [data["document"]],
                lambda stored: services.add_premises(
                    item,
                    current_user,
                    data["kind"],
                    data["settlement"],
                    data["address"],
                    data["use"],
                    data["tenure"],
                    stored[0] if stored else None,
                ),
            ),
            errors,
            services.LicensingError,
            field="premises",
            upload_field="document",
        )
        if not errors:
            flash(_("The premises are added."), "success")
            return back_to(item, "premises")
    else:
        errors.update(form_errors(form))
    # The premises form's field errors stay beside its own fields (the profile has a settlement too).
    beside = {name: message for name, message in errors.items() if name in form and name != "csrf_token"}
    above = {name: message for name, message in errors.items() if name not in beside}
    return page(item, errors=above, premises_form=form, premises_errors=beside), 422


@bp.post("/applications/<int:application_id>/documents/<purpose>")
@login_required
def document(application_id, purpose):
    """Step 3: attach one of the required documents (a new file replaces the earlier one)."""
    item = fetch(application_id)
    if purpose not in REQUIRED_DOCUMENTS:
        abort(404)
    form = DocumentForm()
    errors = {}
    if form.validate_on_submit():
        stored = run_step(
            lambda: uploads.store_then(
                [form.file.data],
                lambda stored: services.attach_document(item, current_user, purpose, stored[0]),
                required=True,
            ),
            errors,
            services.LicensingError,
            upload_field="file",
        )
        if not errors:
            uploads.remove_all(stored[1])
            flash(_("The document is attached."), "success")
            return back_to(item, "documents")
    else:
        errors.update(form_errors(form))
    return page(item, errors={"document-" + purpose: " ".join(errors.values())}), 422
