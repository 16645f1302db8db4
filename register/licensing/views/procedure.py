"""Licensing applications on the web: registration (public), the applicant's and NAPOO's pages.

Views are short: a form, a service call, a redirect or the form again with its errors."""

import datetime
import io

from flask import Blueprint, abort, current_app, flash, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from portal import uploads
from portal.accounts import User, mail_after_registration
from portal.extensions import limiter
from portal.mail import send_mail
from portal.web import form_id, redirect_after_post, render
from register.licensing import documents, services
from register.licensing.forms import (
    DeliveryForm,
    DocumentForm,
    FilingForm,
    FixesForm,
    InspectionForm,
    LetterForm,
    OrderForm,
    PremisesForm,
    ProfileForm,
    RefusalForm,
    RegistrationForm,
    RegularForm,
    SignedFilingForm,
    WithdrawForm,
)
from register.licensing.models import (
    DRAFT,
    IN_ASSESSMENT,
    LICENSED,
    PAPER,
    REGULAR,
    REQUIRED_DOCUMENTS,
    Attachment,
    Inspection,
    LicensingApplication,
    RequestedSpeciality,
    find_specialities,
)

bp = Blueprint("licensing", __name__)

# action -> (form class, service call with the form's data)
STEPS = {
    "file": (
        FilingForm,
        lambda a, f: services.file_application(
            a, current_user, f.version.data, f.filed_on.data, PAPER, f.incoming_number.data
        ),
    ),
    "letter": (
        LetterForm,
        lambda a, f: services.send_irregularity_letter(
            a, current_user, f.version.data, f.sent_on.data, f.deadline.data, f.items.data
        ),
    ),
    "fixes": (
        FixesForm,
        lambda a, f: services.file_fixes(a, current_user, f.version.data, f.fixed_on.data, f.note.data or ""),
    ),
    "regular": (
        RegularForm,
        lambda a, f: services.find_regular(a, current_user, f.version.data, f.on_date.data),
    ),
    "experts": (RegularForm, lambda a, f: _send_experts_letter(a, f)),
    "confirm": (
        RegularForm,
        lambda a, f: services.confirm_verdicts(a, current_user, f.version.data, f.on_date.data),
    ),
    "order": (
        OrderForm,
        lambda a, f: services.issue_order(
            a, current_user, f.version.data, f.order_number.data, f.order_date.data
        ),
    ),
    "deliver": (DeliveryForm, lambda a, f: _deliver(a, f)),
    "withdraw": (WithdrawForm, lambda a, f: services.withdraw(a, current_user, f.version.data)),
    "refuse": (
        RefusalForm,
        lambda a, f: services.refuse(a, current_user, f.version.data, f.on_date.data, f.reasons.data),
    ),
}


def _send_experts_letter(application, form):
    """Step 7: the letter naming the experts, recorded and mailed to the applicant."""
    text = services.send_experts_letter(application, current_user, form.version.data, form.on_date.data)
    send_mail(
        application.email,
        _("NAPOO: the experts assessing application %(number)s", number=application.number),
        _(
            "NAPOO has assigned these experts to assess the professions of your application, "
            "by professional field:"
        )
        + f"\n\n{text}\n",
    )


def _deliver(application, form):
    """Step 10: recorded; by e-mail, the order and the licence go as PDFs to the applicant's address."""
    services.record_delivery(
        application, current_user, form.version.data, form.channel.data, form.on_date.data
    )
    if form.channel.data == "email":
        licence = application.licence
        send_mail(
            application.email,
            _("NAPOO: the order and licence No %(number)s", number=licence.number),
            _(
                "Attached are NAPOO's order on application %(application)s and the licence.",
                application=application.number,
            ),
            attachments=[
                (f"zapoved-{application.number}.pdf", documents.order_pdf(application), "application/pdf"),
                (f"licenzia-{licence.number}.pdf", documents.licence_pdf(application), "application/pdf"),
            ],
        )


def _file_signed(application, form):
    """The applicant's filing of the signed application (an upload)."""
    uploads.store_then(
        [form.signed.data],
        lambda stored: services.file_signed_application(
            application, current_user, form.version.data, stored[0]
        ),
        uploads.SIGNED_TYPES,
        required=True,
    )


def _step(action):
    """(form class, call) of a step for the current user: an applicant files online, staff record
    a paper filing."""
    if action == "file" and current_user.role == services.APPLICANT:
        return SignedFilingForm, _file_signed
    return STEPS[action]


DONE = {
    "file": _l("The filing is recorded: the 3-month term runs from its date."),
    "letter": _l("The letter is recorded: the term stops until the fixes are filed or the deadline passes."),
    "fixes": _l("The fixes are recorded: the term runs on."),
    "regular": _l("The application is recorded as regular: experts are assigned next."),
    "experts": _l("The letter naming the experts is sent to the applicant."),
    "confirm": _l("The committee's confirmation is recorded: the chair's order is next."),
    "order": _l("The order is issued: the licence is in the public register."),
    "deliver": _l("The delivery of the order and the licence is recorded."),
    "withdraw": _l("The application is withdrawn."),
    "refuse": _l("The refusal is recorded."),
}


@bp.route("/apply", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["MAIL_FORM_RATE_LIMIT"], methods=["POST"])
def apply():
    """Step 1: an organisation registers to apply for a licence; step 2: it gets a link by e-mail.
    An e-mail that has an account gets the same answer, and its owner a mail instead."""
    form = RegistrationForm()
    errors = {}
    if form.validate_on_submit():
        try:
            user = services.register_applicant(
                form.organisation_name.data, form.eik.data, form.representative.data, form.email.data
            )
        except services.LicensingError as error:
            errors[error.field or "form"] = str(error.message)
        else:
            mail_after_registration(
                user,
                form.email.data,
                _("Registar: your account for the licensing application"),
                _("Your organisation is registered to apply to NAPOO for a licence."),
            )
            return redirect_after_post(url_for("licensing.apply_sent"))
    errors.update(_form_errors(form))
    status = 422 if errors and not request.headers.get("HX-Request") else 200
    return render("licensing/apply.html", block="apply_form", form=form, errors=errors), status


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
    item = _fetch(application_id)
    return _page(item)


@bp.post(
    "/applications/<int:application_id>/"
    "<any(file, letter, fixes, regular, experts, confirm, order, deliver, withdraw, refuse):action>"
)
@login_required
def step(application_id, action):
    """Take one step of the procedure (services.TRANSITIONS)."""
    item = _fetch(application_id)
    form_class, call = _step(action)
    form = form_class()
    errors = {}
    if form.validate_on_submit():
        try:
            call(item, form)
        except services.LicensingError as error:
            errors[error.field or "form"] = str(error.message)
        except uploads.UploadError as error:
            errors["signed"] = str(error)
        else:
            flash(str(DONE[action]), "success")
            return redirect_after_post(url_for("licensing.application", application_id=item.id))
    else:
        errors.update(_form_errors(form))
    item = _fetch(application_id)  # as it is now, if someone else moved it
    return _page(item, {action: form}, errors, action), 422


@bp.post("/applications/<int:application_id>/amend")
@login_required
def amend(application_id):
    """A licensed centre applies to add specialities to its licence: a new draft application."""
    item = _fetch(application_id)
    try:
        amendment = services.start_amendment(item, current_user)
    except services.LicensingError as error:
        return _page(item, errors={"form": str(error.message)}), 422
    flash(_("The amendment application is created: choose the specialities to add."), "success")
    return redirect_after_post(url_for("licensing.application", application_id=amendment.id))


@bp.post("/applications/<int:application_id>/profile")
@login_required
def profile(application_id):
    """Step 3: save the profile (autosaved by htmx on every change; a button without JavaScript)."""
    item = _fetch(application_id)
    form = ProfileForm()
    errors = {}
    if form.validate_on_submit():
        try:
            # The seat as the form resolved it (a name typed becomes its EKATTE code).
            typed = {**request.form.to_dict(), "settlement": form.settlement.data or ""}
            item = services.save_profile(item, current_user, form.version.data, typed)
        except services.LicensingError as error:
            errors[error.field or "profile"] = str(error.message)
    else:
        errors.update(_form_errors(form))
    if not errors and not request.headers.get("HX-Request"):
        flash(_("The profile is saved."), "success")
        return redirect_after_post(
            url_for("licensing.application", application_id=item.id, _anchor="profile")
        )
    return _page(item, errors=errors, profile_form=form if errors else None, saved=not errors), (
        422 if errors else 200
    )


@bp.post("/applications/<int:application_id>/inspections")
@login_required
def inspection(application_id):
    """Step 8: an assigned expert records an on-site visit, with photos."""
    item = _fetch(application_id)
    form = InspectionForm()
    errors = {}
    if form.validate_on_submit():
        try:
            uploads.store_then(
                form.photos.data or [],
                lambda stored: services.record_inspection(
                    item, current_user, form.visited_on.data, form.place.data, form.findings.data, stored
                ),
            )
        except (services.LicensingError, uploads.UploadError) as error:
            field = getattr(error, "field", None) or (
                "photos" if isinstance(error, uploads.UploadError) else "inspection"
            )
            errors[field] = str(getattr(error, "message", error))
        else:
            flash(_("The inspection is recorded."), "success")
            return redirect_after_post(
                url_for("licensing.application", application_id=item.id, _anchor="inspections")
            )
    else:
        errors.update(_form_errors(form))
    return _page(item, errors=errors, inspection_form=form), 422


@bp.post("/applications/<int:application_id>/verdicts/<code>")
@login_required
def verdict(application_id, code):
    """Step 9: the assigned expert's verdict on one speciality, with reasons."""
    item = _fetch(application_id)
    try:
        services.record_verdict(
            item, current_user, code, request.form.get("positive") == "yes", request.form.get("reasons", "")
        )
    except services.LicensingError as error:
        return _page(item, errors={"verdict-" + code: str(error.message)}), 422
    return redirect_after_post(url_for("licensing.application", application_id=item.id, _anchor="verdicts"))


@bp.post("/applications/<int:application_id>/verdicts/<code>/reject")
@login_required
def reject_verdict(application_id, code):
    """Step 9: the expert committee rejects a positive verdict, with reasons and "I confirm" ticked
    (checked by the service, so that it holds with JavaScript off)."""
    item = _fetch(application_id)
    try:
        services.reject_verdict(
            item,
            current_user,
            code,
            request.form.get("reasons", ""),
            confirmed=request.form.get("confirm") == "yes",
        )
    except services.LicensingError as error:
        return _page(item, errors={"verdict-" + code: str(error.message)}), 422
    return redirect_after_post(url_for("licensing.application", application_id=item.id, _anchor="verdicts"))


@bp.post("/applications/<int:application_id>/experts/<field_code>")
@login_required
def assign_expert(application_id, field_code):
    """Step 7: name the expert for one professional field."""
    item = _fetch(application_id)
    expert = User.get_or_none(User.id == form_id("expert"))
    try:
        services.assign_expert(item, current_user, field_code, expert)
    except services.LicensingError as error:
        return _page(item, errors={"experts": str(error.message)}), 422
    return redirect_after_post(url_for("licensing.application", application_id=item.id, _anchor="experts"))


@bp.post("/applications/<int:application_id>/specialities", defaults={"code": None})
@bp.post("/applications/<int:application_id>/specialities/<code>/remove")
@login_required
def speciality(application_id, code):
    """Step 3: add a speciality to those applied for, or remove one (each saved at once)."""
    item = _fetch(application_id)
    try:
        if code is None:
            added = services.request_speciality(item, current_user, request.form.get("code", ""))
            flash(_("Added: %(code)s %(name)s.", code=added.code, name=added.name), "success")
        else:
            services.withdraw_speciality(item, current_user, code)
    except services.LicensingError as error:
        return _page(item, errors={"speciality": str(error.message)}), 422
    return redirect_after_post(
        url_for("licensing.application", application_id=item.id, _anchor="professions")
    )


@bp.post("/applications/<int:application_id>/premises", defaults={"premises_id": None})
@bp.post("/applications/<int:application_id>/premises/<int:premises_id>/remove")
@login_required
def premises(application_id, premises_id):
    """Step 3: add a training base or the office with its document, or remove one."""
    item = _fetch(application_id)
    if premises_id is not None:
        try:
            gone = services.remove_premises(item, current_user, premises_id)
        except services.LicensingError as error:
            return _page(item, errors={"premises": str(error.message)}), 422
        uploads.remove_all(gone)
        return redirect_after_post(
            url_for("licensing.application", application_id=item.id, _anchor="premises")
        )
    form = PremisesForm()
    errors = {}
    if form.validate_on_submit():
        data = form.data
        try:
            uploads.store_then(
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
            )
        except (services.LicensingError, uploads.UploadError) as error:
            # A field's message goes beside the field; one about the whole step above the section
            # (where it shows even to someone who is not shown the form).
            uploaded = isinstance(error, uploads.UploadError)
            field = "document" if uploaded else (error.field or "premises")
            errors[field] = str(getattr(error, "message", error))
        else:
            flash(_("The premises are added."), "success")
            return redirect_after_post(
                url_for("licensing.application", application_id=item.id, _anchor="premises")
            )
    else:
        errors.update(_form_errors(form))
    # The premises form's field errors stay beside its own fields (the profile has a settlement too).
    beside = {name: message for name, message in errors.items() if name in form and name != "csrf_token"}
    above = {name: message for name, message in errors.items() if name not in beside}
    return _page(item, errors=above, premises_form=form, premises_errors=beside), 422


@bp.post("/applications/<int:application_id>/documents/<purpose>")
@login_required
def document(application_id, purpose):
    """Step 3: attach one of the required documents (a new file replaces the earlier one)."""
    item = _fetch(application_id)
    if purpose not in REQUIRED_DOCUMENTS:
        abort(404)
    form = DocumentForm()
    error_text = None
    if form.validate_on_submit():
        try:
            gone = uploads.store_then(
                [form.file.data],
                lambda stored: services.attach_document(item, current_user, purpose, stored[0]),
                required=True,
            )[1]
        except (services.LicensingError, uploads.UploadError) as error:
            error_text = str(getattr(error, "message", error))
        else:
            uploads.remove_all(gone)
            flash(_("The document is attached."), "success")
            return redirect_after_post(
                url_for("licensing.application", application_id=item.id, _anchor="documents")
            )
    else:
        error_text = " ".join(_form_errors(form).values())
    return _page(item, errors={"document-" + purpose: error_text}), 422


@bp.get("/applications/<int:application_id>/<any(application, order, licence):kind>.pdf")
@login_required
def pdf(application_id, kind):
    """Step 4's generated application (once nothing is missing), and step 10's order and licence
    (once issued), to those who may see the application."""
    item = _fetch(application_id)
    if kind == "application":
        if item.missing():
            abort(404)
        data, _fingerprint = documents.application_pdf(item)
        name = f"zayavlenie-{item.number}.pdf"
    else:
        if item.licence_id is None or item.order_event() is None:
            abort(404)
        data = documents.order_pdf(item) if kind == "order" else documents.licence_pdf(item)
        name = f"{'zapoved' if kind == 'order' else 'licenzia'}-{item.number}.pdf"
    # send_file writes a non-ASCII name (the application's number is Cyrillic) as RFC 6266 asks.
    response = send_file(io.BytesIO(data), mimetype="application/pdf", as_attachment=True, download_name=name)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/applications/<int:application_id>/files/<int:attachment_id>")
@login_required
def attachment(application_id, attachment_id):
    """A file of an application, to those who may see the application only."""
    item = _fetch(application_id)
    found = Attachment.get_or_none((Attachment.id == attachment_id) & (Attachment.application == item))
    if found is None:
        abort(404)
    response = send_file(
        uploads.path_of(found.stored_name),
        mimetype=found.content_type,
        as_attachment=True,
        download_name=uploads.safe_filename(found.original_name),  # robust to a name stored before it
        max_age=0,
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _requested_for(item, mine):
    """The specialities applied for, grouped by field; an expert sees only the fields assigned to them."""
    requested = RequestedSpeciality.of(item)
    if current_user.role == "napoo_expert":
        requested = [(field, professions) for field, professions in requested if field.code in mine]
    return requested


def _form_errors(form):
    """{field: its messages as one text} of a form that did not validate."""
    return {name: " ".join(str(m) for m in messages) for name, messages in form.errors.items()}


def _fetch(application_id):
    item = services.get_application_for(application_id, current_user)
    if item is None:
        abort(404)
    return item


def _profile_form(item):
    form = ProfileForm(formdata=None, obj=item)
    form.settlement.data = item.settlement_id or ""
    form.version.data = item.version
    return form


def _page(
    item,
    forms=None,
    errors=None,
    failed=None,
    profile_form=None,
    saved=False,
    inspection_form=None,
    premises_form=None,
    premises_errors=None,
):
    today = datetime.date.today()
    mine = item.fields_assigned_to(current_user)
    may_inspect = item.state == IN_ASSESSMENT and bool(mine)
    if may_inspect and inspection_form is None:
        inspection_form = InspectionForm(formdata=None, visited_on=today)
    forms = forms or {}
    steps = {}
    for action in STEPS:
        form_class = _step(action)[0]
        if services.may(current_user, action, item):
            form = forms.get(action) or form_class(formdata=None, version=item.version)
            form.version.data = item.version
            if action == "deliver" and forms.get(action) is None:
                form.channel.data = item.delivery_channel or "email"
            for name in ("filed_on", "sent_on", "fixed_on", "on_date", "order_date"):
                if hasattr(form, name) and getattr(form, name).data is None:
                    getattr(form, name).data = today
            steps[action] = form
    return render(
        "licensing/application.html",
        item=item,
        term=item.term(today),
        steps=steps,
        errors=errors or {},
        failed=failed,
        letters=list(item.letters),
        requested=_requested_for(item, mine),
        profile_form=profile_form or _profile_form(item),
        saved=saved,
        inspection_form=inspection_form if may_inspect else None,
        verdicts={v.speciality_code: v for v in item.verdicts},
        may_judge=item.state == IN_ASSESSMENT and current_user.role == "napoo_expert",
        may_reject=item.state == IN_ASSESSMENT and current_user.has_role(*services.COMMITTEE_ROLES),
        my_fields=mine,
        inspections=list(item.inspections.order_by(Inspection.visited_on, Inspection.id)),
        missing=item.missing() if item.state == DRAFT else [],
        fields=item.fields_requested(),
        experts=item.experts_by_field(),
        expert_choices=list(
            User.select().where((User.role == "napoo_expert") & User.active).order_by(User.name, User.email)
        )
        if item.state == REGULAR and current_user.has_role("napoo_officer")
        else [],
        can_edit=services.may_edit_profile(current_user, item),
        may_amend=current_user.role == services.APPLICANT
        and item.state == LICENSED
        and item.licence_id is not None
        and item.open_amendment() is None,
        speciality_query=request.args.get("sq", "")[:100],
        found=find_specialities(request.args.get("sq", "")[:100]) if request.args.get("sq") else [],
        attachments=list(
            item.attachments.where(
                Attachment.purpose.not_in(("premises_document", *REQUIRED_DOCUMENTS))
            ).order_by(Attachment.id)
        ),
        documents=item.documents(),
        fingerprint=documents.content_hash(item) if item.state == DRAFT and not item.missing() else None,
        premises=item.premises_list(),
        premises_form=premises_form or PremisesForm(formdata=None),
        premises_errors=premises_errors or {},
        document_form=DocumentForm(formdata=None),
        timeline=list(item.timeline()),
    )


def _guidance(slug):
    """(title, html) of a guidance page of site/content (guide-*.md) in the reader's language."""
    from flask_babel import get_locale

    from portal.pages import load_page

    return load_page(f"guide-{slug}", str(get_locale())) or ("", "")


@bp.context_processor
def _labels():
    from register.licensing.labels import (
        ACTION_LABELS,
        DELIVERY_LABELS,
        DOCUMENT_LABELS,
        KIND_LABELS,
        MISSING_LABELS,
        PREMISES_LABELS,
        STATE_LABELS,
        STEP_TITLES,
    )

    return {
        "guidance": _guidance,
        "APPLICATION_KINDS": KIND_LABELS,
        "DOCUMENT_LABELS": DOCUMENT_LABELS,
        "DELIVERY_LABELS": DELIVERY_LABELS,
        "PREMISES_LABELS": PREMISES_LABELS,
        "STATE_LABELS": STATE_LABELS,
        "ACTION_LABELS": ACTION_LABELS,
        "STEP_TITLES": STEP_TITLES,
        "MISSING_LABELS": MISSING_LABELS,
    }
