"""Registration to apply (public), the lists of applications, one application and its steps."""

import datetime

from flask import abort, current_app, flash, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.accounts import mail_after_registration
from portal.extensions import limiter
from portal.web import form_errors, form_page, redirect_after_post, render, run_step
from register.licensing import services
from register.licensing.forms import RegistrationForm
from register.licensing.models import DRAFT, LicensingApplication
from register.licensing.views.blueprint import bp
from register.licensing.views.procedure import DONE, fetch, page, refused, step_for


@bp.route("/apply", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["MAIL_FORM_RATE_LIMIT"], methods=["POST"])
def apply():
    """Step 1: an organisation registers to apply for a licence; step 2: it gets a link by e-mail.
    An e-mail that has an account gets the same answer, and its owner a mail instead."""
    form = RegistrationForm()
    errors = {}
    if form.validate_on_submit():
        user = run_step(
            lambda: services.register_applicant(
                form.organisation_name.data, form.eik.data, form.representative.data, form.email.data
            ),
            errors,
            services.LicensingError,
        )
        if not errors:
            mail_after_registration(
                user,
                form.email.data,
                _("Registar: your account for the licensing application"),
                _("Your organisation is registered to apply to NAPOO for a licence."),
            )
            return redirect_after_post(url_for("licensing.apply_sent"))
    return form_page("licensing/apply.html", "apply_form", form, errors)


@bp.get("/apply/sent")
def apply_sent():
    """Where the registration ends: check your e-mail."""
    return render("licensing/apply_sent.html")


@bp.get("/applications/")
@login_required
def applications():
    """An applicant's own applications; for NAPOO staff, every open one by days left."""
    today = datetime.date.today()
    if current_user.role == services.APPLICANT:
        own = [(a, a.term(today)) for a in LicensingApplication.of_applicant(current_user)]
        return render("licensing/applications.html", own=own, today=today)
    if current_user.role == "napoo_expert":  # only what is assigned to them
        return render(
            "licensing/applications.html",
            open=LicensingApplication.open_by_days_left(today, expert=current_user),
            drafts=[],
            today=today,
        )
    if not current_user.has_role(*services.CASE_ROLES):
        abort(403)
    drafts = (
        LicensingApplication.select()
        .where(LicensingApplication.state == DRAFT)
        .order_by(LicensingApplication.id)
    )
    return render(
        "licensing/applications.html",
        open=LicensingApplication.open_by_days_left(today),
        decided=LicensingApplication.decided_recently(today=today),
        drafts=drafts,
        today=today,
    )


@bp.get("/applications/<int:application_id>")
@login_required
def application(application_id):
    """One application: its data, the term, the letters, the timeline and the steps the user may take."""
    # htmx asks for the speciality search's results only (its form's hx-get).
    return page(fetch(application_id), block="speciality_results")


@bp.post(
    "/applications/<int:application_id>/"
    "<any(file, letter, fixes, regular, experts, confirm, order, deliver, withdraw, refuse):action>"
)
@login_required
def step(application_id, action):
    """Take one step of the procedure (services.TRANSITIONS)."""
    item = fetch(application_id)
    form_class, call = step_for(action)
    form = form_class()
    errors = {}
    if form.validate_on_submit():
        run_step(lambda: call(item, form), errors, services.LicensingError, upload_field="signed")
        if not errors:
            flash(str(DONE[action]), "success")
            return redirect_after_post(url_for("licensing.application", application_id=item.id))
    else:
        errors.update(form_errors(form))
    item = fetch(application_id)  # as it is now, if someone else moved it
    return page(item, {action: form}, errors, action), 422


@bp.post("/applications/<int:application_id>/amend")
@login_required
def amend(application_id):
    """A licensed centre applies to add specialities to its licence: a new draft application."""
    item = fetch(application_id)
    errors = {}
    amendment = run_step(
        lambda: services.start_amendment(item, current_user), errors, services.LicensingError
    )
    if errors:
        return refused(item, errors, "form")
    flash(_("The amendment application is created: choose the specialities to add."), "success")
    return redirect_after_post(url_for("licensing.application", application_id=amendment.id))
