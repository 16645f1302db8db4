"""Licensing, steps 1-3 (000): registration, the profile, the specialities applied for, the
documents and the premises, while the application is being prepared; and the amendment of a licence
(a new draft)."""

import re

from flask_babel import lazy_gettext as _l

from portal.db import database
from portal.workflow import APPLICANT
from register import rules as register_rules
from register.licensing.models import (
    AMENDMENT,
    CENTRE_KINDS,
    DELIVERY_CHANNELS,
    LICENSED,
    PREMISES_KINDS,
    PREMISES_USES,
    REQUIRED_DOCUMENTS,
    TENURES,
    TRAINING_BASE,
    Attachment,
    LicensingApplication,
    Premises,
    RequestedSpeciality,
)
from register.licensing.services.procedure import (
    PROFILE_FIELDS,
    WORKFLOW,
    LicensingError,
    _require_editable,
    may_edit_profile,
)
from register.models import Settlement, Speciality


def register_applicant(organisation_name, eik, representative, email):
    """Step 1: an organisation registers; its user account (role applicant, no password yet) and a
    draft application are created together. Returns the user, to whom the caller sends the link to
    set a password (step 2); None, writing nothing, when the e-mail has an account already: the
    caller answers as for a new address and tells the owner by mail
    (portal.accounts.tell_owner_of_registration)."""
    organisation_name, representative = organisation_name.strip(), representative.strip()
    eik, email = eik.strip(), email.strip().lower()
    if not organisation_name:
        raise LicensingError(_l("Enter the organisation's name."), "organisation_name")
    if not register_rules.eik_is_valid(eik):
        raise LicensingError(_l("This ЕИК is not valid: check its 9 or 13 digits."), "eik")
    if not representative:
        raise LicensingError(
            _l("Enter the name of the person who represents the organisation."), "representative"
        )
    # The ЕИК (a public number) is checked first, so that its refusal does not depend on the e-mail.
    if LicensingApplication.select().where(LicensingApplication.eik == eik).exists():
        raise LicensingError(
            _l("An organisation with this ЕИК is already registered: log in with its account."), "eik"
        )
    return WORKFLOW.register(
        email, representative, organisation_name=organisation_name, eik=eik, representative=representative
    )


def save_profile(application, user, version, data):
    """Step 3: save the profile (the centre's name and kind, its seat, contacts, the delivery
    channel), as far as it is filled in; a blank field stays blank. Autosaved by the page."""
    if not may_edit_profile(user, application):
        raise LicensingError(_l("The profile can be changed only while the application is being prepared."))
    values = {name: (data.get(name) or "").strip() for name in PROFILE_FIELDS}
    if values["centre_kind"] not in CENTRE_KINDS:
        raise LicensingError(_l("Choose the kind of centre."), "centre_kind")
    if values["delivery_channel"] and values["delivery_channel"] not in DELIVERY_CHANNELS:
        raise LicensingError(
            _l("Choose how the order and the licence are to be delivered."), "delivery_channel"
        )
    if values["postcode"] and not re.fullmatch("[0-9]{4}", values["postcode"]):  # not "²": ASCII digits
        raise LicensingError(_l("A post code has 4 digits."), "postcode")
    settlement = None
    if values["settlement"]:
        settlement = Settlement.get_or_none(Settlement.ekatte == values["settlement"])
        if settlement is None:
            raise LicensingError(_l("There is no settlement with this EKATTE code."), "settlement")
    with database.atomic():
        WORKFLOW.update_if_current(application, version, {**values, "settlement": settlement})
        WORKFLOW.audit(user, "profile", application, after={**values})
    return LicensingApplication.get_by_id(application.id)


def request_speciality(application, user, code):
    """Add a speciality of the List to those applied for (saved at once; adding it twice is harmless)."""
    if not may_edit_profile(user, application):
        raise LicensingError(
            _l("The professions can be changed only while the application is being prepared.")
        )
    speciality = Speciality.get_or_none(Speciality.code == (code or "").strip())
    if speciality is None:
        raise LicensingError(_l("There is no such speciality in the List of professions."), "speciality")
    if application.kind == AMENDMENT and speciality.code in _licensed_codes(application.licence):
        raise LicensingError(_l("The licence already covers this speciality."), "speciality")
    with database.atomic():
        exists = RequestedSpeciality.get_or_none(
            (RequestedSpeciality.application == application)
            & (RequestedSpeciality.speciality == speciality.code)
        )
        if exists is None:
            RequestedSpeciality.create(application=application, speciality=speciality.code)
            WORKFLOW.audit(
                user,
                "speciality_add",
                application,
                after={"speciality": speciality.code},
            )
    return speciality


def _licensed_codes(licence):
    from register.models import LicensedSpeciality

    return {
        item.speciality_id for item in licence.specialities.where(LicensedSpeciality.removed_on.is_null())
    }


def withdraw_speciality(application, user, code):
    """Remove a speciality from those applied for."""
    if not may_edit_profile(user, application):
        raise LicensingError(
            _l("The professions can be changed only while the application is being prepared.")
        )
    with database.atomic():
        removed = (
            RequestedSpeciality.delete()
            .where(
                (RequestedSpeciality.application == application) & (RequestedSpeciality.speciality == code)
            )
            .execute()
        )
        if removed:
            WORKFLOW.audit(
                user,
                "speciality_remove",
                application,
                before={"speciality": code},
            )


def attach_document(application, user, purpose, stored):
    """Step 3: attach one of the required documents (`stored`: what portal.uploads.store returned);
    a new file for the same document replaces the earlier one. Returns the names of the files no
    longer kept, for the caller to delete once the transaction is committed."""
    _require_editable(application, user)
    if purpose not in REQUIRED_DOCUMENTS:
        raise LicensingError(_l("There is no such document to attach."), "document")
    with database.atomic():
        earlier = list(
            application.attachments.where(Attachment.purpose == purpose).select(
                Attachment.id, Attachment.stored_name
            )
        )
        Attachment.delete().where(Attachment.id.in_([a.id for a in earlier])).execute()
        attachment = Attachment.create(application=application, purpose=purpose, uploaded_by=user, **stored)
        WORKFLOW.audit(
            user,
            "document",
            application,
            after={"purpose": purpose, "sha256": stored["sha256"]},
        )
    return attachment, [a.stored_name for a in earlier]


def add_premises(application, user, kind, ekatte, address, use, tenure, stored):
    """Step 3: a training base (for theory, practice or both) or the office, with the document that
    the centre owns or rents it (`stored`: portal.uploads.store's result). Nothing is kept if a
    field is wrong."""
    _require_editable(application, user)
    address = (address or "").strip()
    if kind not in PREMISES_KINDS:
        raise LicensingError(_l("Choose a training base or the office."), "kind")
    settlement = Settlement.get_or_none(Settlement.ekatte == (ekatte or "").strip())
    if settlement is None:
        raise LicensingError(_l("There is no settlement with this EKATTE code."), "settlement")
    if not address:
        raise LicensingError(_l("Enter the address."), "address")
    if kind == TRAINING_BASE and use not in PREMISES_USES:
        raise LicensingError(_l("Say whether the base is for theory, practice or both."), "use")
    if tenure not in TENURES:
        raise LicensingError(_l("Say whether the premises are owned or rented."), "tenure")
    if not stored:
        raise LicensingError(_l("Attach the document of ownership or the rent contract."), "document")
    with database.atomic():
        document = Attachment.create(
            application=application, purpose="premises_document", uploaded_by=user, **stored
        )
        premises = Premises.create(
            application=application,
            kind=kind,
            settlement=settlement,
            address=address,
            use=use if kind == TRAINING_BASE else "",
            tenure=tenure,
            document=document,
        )
        WORKFLOW.audit(
            user,
            "premises_add",
            application,
            after={"premises": premises.id},
        )
    return premises


def remove_premises(application, user, premises_id):
    """Step 3: remove a training base or the office, with its document. Returns the stored names of
    the files no longer kept (deleted by the caller after the commit); removing twice is harmless."""
    _require_editable(application, user)
    premises = Premises.get_or_none((Premises.id == premises_id) & (Premises.application == application))
    if premises is None:
        return []
    with database.atomic():
        document = premises.document
        premises.delete_instance()
        document.delete_instance()
        WORKFLOW.audit(
            user,
            "premises_remove",
            application,
            before={"premises": premises_id},
        )
    return [document.stored_name]


def start_amendment(application, user):
    """An amendment application (DOMAIN E: adding professions or specialities) by the centre whose
    application was licensed: a new draft that names the licence and carries its profile over; it
    runs steps 5-10 like a first licensing, and its order amends the licence. One at a time."""
    if user is None or user.role != APPLICANT or application.applicant_id != user.id:
        raise LicensingError(_l("You may not take this step."))
    if application.state != LICENSED or application.licence_id is None:
        raise LicensingError(_l("Only a licensed centre applies to amend its licence."))
    if not register_rules.event_allowed(register_rules.AMENDMENT, application.licence.status):
        raise LicensingError(_l("A licence can be amended only while it is in force."))
    existing = application.open_amendment()
    if existing is not None:
        raise LicensingError(
            _l("An amendment of this licence is already under way: %(number)s.", number=existing.number)
        )
    with database.atomic():
        copied = {name: getattr(application, name) for name in (*PROFILE_FIELDS, "organisation_name", "eik")}
        return WORKFLOW.create(
            user,
            "amend",
            note=application.licence.number,
            applicant=user,
            kind=AMENDMENT,
            licence=application.licence_id,
            representative=application.representative,
            email=application.email,
            **copied,
        )
