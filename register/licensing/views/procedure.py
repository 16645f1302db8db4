"""The application's page: the step table (each action's form and service call), the fetch with
its authorisation, and the page with the forms the user may use now."""

import datetime

from flask import abort, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal import uploads
from portal.accounts import User
from portal.mail import send_mail
from portal.web import redirect_after_post, render, run_step
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
    RequestedSpeciality,
    find_specialities,
)

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


def step_for(action):
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


def fetch(application_id):
    """The application if the current user may see it (services.get_application_for), else a 404."""
    item = services.get_application_for(application_id, current_user)
    if item is None:
        abort(404)
    return item


def back_to(item, anchor):
    """After a step saved: the application's page at the section it changed."""
    return redirect_after_post(url_for("licensing.application", application_id=item.id, _anchor=anchor))


def attempt(item, call, key):
    """Run a one-button step `call`: None when it ran, else the refusal's answer (`refused`)."""
    errors = {}
    run_step(call, errors, services.LicensingError, field=key)
    return refused(item, errors, key) if errors else None


def refused(item, errors, key):
    """The application's page again with a step's refusal at `key` (where that step's button is), 422."""
    return page(item, errors={key: " ".join(errors.values())}), 422


def _requested_for(item, mine):
    """The specialities applied for, grouped by field; an expert sees only the fields assigned to them."""
    requested = RequestedSpeciality.of(item)
    if current_user.role == "napoo_expert":
        requested = [(field, professions) for field, professions in requested if field.code in mine]
    return requested


def _profile_form(item):
    """The profile form filled from the application."""
    form = ProfileForm(formdata=None, obj=item)
    form.settlement.data = item.settlement_id or ""
    form.version.data = item.version
    return form


def page(
    item,
    forms=None,
    errors=None,
    failed=None,
    profile_form=None,
    saved=False,
    inspection_form=None,
    premises_form=None,
    premises_errors=None,
    block=None,
):
    """The application's page, with the forms of the steps the user may take now (to htmx, `block`)."""
    today = datetime.date.today()
    mine = item.fields_assigned_to(current_user)
    may_inspect = item.state == IN_ASSESSMENT and bool(mine)
    if may_inspect and inspection_form is None:
        inspection_form = InspectionForm(formdata=None, visited_on=today)
    forms = forms or {}
    steps = {}
    for action in STEPS:
        form_class = step_for(action)[0]
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
        block=block,
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
        drafting=item.state == DRAFT,
        licensed=item.licence_id is not None and item.state == LICENSED,
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
