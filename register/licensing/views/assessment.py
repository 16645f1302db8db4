"""Steps 7-9, the assessment: the experts named by field, their inspections and verdicts, and the
committee's rejection of a verdict."""

from flask import flash, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal import uploads
from portal.accounts import User
from portal.web import form_errors, form_id, run_step
from register.licensing import services
from register.licensing.forms import InspectionForm
from register.licensing.views.blueprint import bp
from register.licensing.views.procedure import attempt, back_to, fetch, page


@bp.post("/applications/<int:application_id>/inspections")
@login_required
def inspection(application_id):
    """Step 8: an assigned expert records an on-site visit, with photos."""
    item = fetch(application_id)
    form = InspectionForm()
    errors = {}
    if form.validate_on_submit():
        run_step(
            lambda: uploads.store_then(
                form.photos.data or [],
                lambda stored: services.record_inspection(
                    item, current_user, form.visited_on.data, form.place.data, form.findings.data, stored
                ),
            ),
            errors,
            services.LicensingError,
            field="inspection",
            upload_field="photos",
        )
        if not errors:
            flash(_("The inspection is recorded."), "success")
            return back_to(item, "inspections")
    else:
        errors.update(form_errors(form))
    return page(item, errors=errors, inspection_form=form), 422


@bp.post("/applications/<int:application_id>/verdicts/<code>")
@login_required
def verdict(application_id, code):
    """Step 9: the assigned expert's verdict on one speciality, with reasons."""
    item = fetch(application_id)
    positive, reasons = request.form.get("positive") == "yes", request.form.get("reasons", "")
    return attempt(
        item,
        lambda: services.record_verdict(item, current_user, code, positive, reasons),
        "verdict-" + code,
    ) or back_to(item, "verdicts")


@bp.post("/applications/<int:application_id>/verdicts/<code>/reject")
@login_required
def reject_verdict(application_id, code):
    """Step 9: the expert committee rejects a positive verdict, with reasons and "I confirm" ticked
    (checked by the service, so that it holds with JavaScript off)."""
    item = fetch(application_id)
    reasons, confirmed = request.form.get("reasons", ""), request.form.get("confirm") == "yes"
    return attempt(
        item,
        lambda: services.reject_verdict(item, current_user, code, reasons, confirmed=confirmed),
        "verdict-" + code,
    ) or back_to(item, "verdicts")


@bp.post("/applications/<int:application_id>/experts/<field_code>")
@login_required
def assign_expert(application_id, field_code):
    """Step 7: name the expert for one professional field."""
    item = fetch(application_id)
    expert = User.get_or_none(User.id == form_id("expert"))
    return attempt(
        item, lambda: services.assign_expert(item, current_user, field_code, expert), "experts"
    ) or back_to(item, "experts")
