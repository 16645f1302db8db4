"""The licensing workflow: registration and each step as a move of one transition table. Never sees
`request`; every move is checked against the table, written with its timeline event and audit entry
in one transaction, and refused on a stale version (two people editing at once)."""

import datetime
import re

import peewee as pw
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.db import database
from portal.workflow import APPLICANT, Workflow, is_own
from register import rules as register_rules
from register.licensing.models import (
    AMENDMENT,
    AWAITING_FIXES,
    CENTRE_KINDS,
    DELIVERY_CHANNELS,
    DRAFT,
    E_SIGNATURE,
    EVALUATED,
    FILED,
    FILING_CHANNELS,
    IN_ASSESSMENT,
    LICENSED,
    PAPER,
    PREMISES_KINDS,
    PREMISES_USES,
    REFUSED,
    REGULAR,
    REQUIRED_DOCUMENTS,
    TENURES,
    TRAINING_BASE,
    WITHDRAWN,
    ApplicationEvent,
    Attachment,
    ExpertAssignment,
    Inspection,
    IrregularityLetter,
    LicensingApplication,
    Premises,
    RequestedSpeciality,
    Verdict,
)
from register.models import Settlement, Speciality
from register.services import RegisterError

OFFICER_ROLES = ("napoo_officer",)
COMMITTEE_ROLES = ("napoo_committee",)  # the expert committee (000 step 9)
CHAIR_ROLES = ("napoo_chair",)
# Who sees every application (an expert sees only those assigned to them; an applicant its own).
CASE_ROLES = (*OFFICER_ROLES, *COMMITTEE_ROLES, *CHAIR_ROLES)

# The one table of moves: action -> (states it may start from, state it leads to, roles that may make it).
TRANSITIONS = {
    "file": ((DRAFT,), FILED, (APPLICANT, *OFFICER_ROLES)),  # 000 step 5: the term starts
    "letter": ((FILED,), AWAITING_FIXES, OFFICER_ROLES),  # step 6: irregular, the term stops
    "fixes": ((AWAITING_FIXES,), FILED, (APPLICANT, *OFFICER_ROLES)),  # fixes filed: the term runs on
    "regular": ((FILED,), REGULAR, OFFICER_ROLES),  # step 6: regular, experts next (step 7)
    "experts": ((REGULAR,), IN_ASSESSMENT, OFFICER_ROLES),  # step 7: the letter naming the experts
    "confirm": ((IN_ASSESSMENT,), EVALUATED, COMMITTEE_ROLES),  # step 9: the expert committee confirms
    "order": ((EVALUATED,), LICENSED, CHAIR_ROLES),  # step 9: the chair's order creates the licence
    "deliver": ((LICENSED,), LICENSED, OFFICER_ROLES),  # step 10: the order and licence sent (recorded)
    "withdraw": ((DRAFT, FILED, AWAITING_FIXES, REGULAR, IN_ASSESSMENT, EVALUATED), WITHDRAWN, (APPLICANT,)),
    "refuse": ((FILED, AWAITING_FIXES, REGULAR, IN_ASSESSMENT, EVALUATED), REFUSED, CHAIR_ROLES),
}


class LicensingError(RegisterError):
    """A licensing step refused; the message is for the person who asked."""


class LicensingWorkflow(Workflow):
    """The licensing procedure on the engine (portal.workflow)."""

    name, entity = "licensing", "licensing_application"
    model, event_model = LicensingApplication, ApplicationEvent
    transitions, error = TRANSITIONS, LicensingError
    event_states = True

    def sees(self, user, application):
        """Staff see every application, an expert only those assigned to them (000 step 7)."""
        if user.role == "napoo_expert":
            return application if application.fields_assigned_to(user) else None
        return application if user.has_role(*CASE_ROLES) else None

    def snapshot(self, application):
        """The state and the filing (the term's start) before and after a move."""
        return {
            "state": application.state,
            "filed_on": application.filed_on,
            "filing_channel": application.filing_channel,
            "incoming_number": application.incoming_number,
            "version": application.version,
        }


WORKFLOW = LicensingWorkflow()
# Whether the user may make this move on this application now (portal.workflow.may_move).
may = WORKFLOW.may
# The application the user may see, or None (authorisation at the fetch, LicensingWorkflow.sees).
get_application_for = WORKFLOW.fetch


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


def _date(value, field, message):
    if not isinstance(value, datetime.date):
        raise LicensingError(message, field)
    return value


def file_application(application, user, version, filed_on, channel, incoming_number=""):
    """Step 5: the signed application is filed (an e-signed file uploaded by the applicant, or paper
    recorded by an officer with NAPOO's incoming number); the filing day starts the 3-month term."""
    _date(filed_on, "filed_on", _l("Enter the date of filing."))
    if channel not in FILING_CHANNELS:
        raise LicensingError(_l("Choose how the application was filed."), "channel")
    if channel == PAPER and not incoming_number.strip():
        raise LicensingError(_l("Enter NAPOO's incoming number of the paper filing."), "incoming_number")
    if filed_on > datetime.date.today():
        raise LicensingError(_l("The date of filing cannot be in the future."), "filed_on")
    if filed_on < application.created_at.date():
        raise LicensingError(_l("The date of filing cannot be before the registration."), "filed_on")
    with database.atomic():
        _file(application, user, version, filed_on, channel, incoming_number.strip(), incoming_number.strip())


def _file(application, user, version, filed_on, channel, note, incoming_number=""):
    """The filing move: the day and the channel are kept on the application (the term's start)."""
    from register.licensing.documents import content_hash

    changes = {"filed_on": filed_on, "filing_channel": channel, "incoming_number": incoming_number}
    # What was filed is fixed by the fingerprint of the generated application (step 4).
    label = _("Application fingerprint")
    note = f"{note}\n{label}: SHA-256 {content_hash(application)}".strip()
    WORKFLOW.move(application, user, "file", version, on_date=filed_on, note=note, changes=changes)


def file_signed_application(application, user, version, stored):
    """Step 5 online: the applicant uploads the application signed with a qualified e-signature (a
    signed PDF or a detached .p7s; `stored` is what portal.uploads.store returned). What was
    uploaded, its SHA-256 and the filing are recorded; the filing day (today) starts the term.
    The signature itself is not verified here (the certificate chain is out of this site's scope,
    and the page says so)."""
    if application.missing():
        raise LicensingError(_l("The application is not complete yet: see what is missing above."))
    today = datetime.date.today()
    with database.atomic():
        _file(
            application,
            user,
            version,
            today,
            E_SIGNATURE,
            f"{stored['original_name']} · SHA-256 {stored['sha256']}",
        )
        return Attachment.create(
            application=application, purpose="signed_application", uploaded_by=user, **stored
        )


def send_irregularity_letter(application, user, version, sent_on, deadline, items):
    """Step 6: the officer lists what to fix and by when; the term stops from the letter."""
    _date(sent_on, "sent_on", _l("Enter the date of the letter."))
    _date(deadline, "deadline", _l("Enter the deadline for the fixes."))
    items = "\n".join(line.strip() for line in (items or "").splitlines() if line.strip())
    if not items:
        raise LicensingError(_l("List at least one irregularity to fix."), "items")
    if application.filed_on and sent_on < application.filed_on:
        raise LicensingError(_l("The letter cannot be dated before the filing."), "sent_on")
    if deadline <= sent_on:
        raise LicensingError(_l("The deadline must be after the date of the letter."), "deadline")
    last = application.letters.order_by(IrregularityLetter.sent_on.desc()).first()
    if last is not None and last.fixed_on and sent_on < last.fixed_on:
        raise LicensingError(_l("The letter cannot be dated before the last fixes were filed."), "sent_on")
    with database.atomic():
        WORKFLOW.move(application, user, "letter", version, on_date=sent_on, note=items)
        IrregularityLetter.create(application=application, sent_on=sent_on, deadline=deadline, items=items)


def file_fixes(application, user, version, fixed_on, note=""):
    """Step 6, answered: the fixes are filed and the term runs on from that day (or from the
    deadline, if they came after it: rules.licensing_term)."""
    _date(fixed_on, "fixed_on", _l("Enter the date the fixes were filed."))
    letter = application.open_letter()
    if letter is None:
        raise LicensingError(_l("This step cannot be taken now: the application has moved on."))
    if fixed_on < letter.sent_on:
        raise LicensingError(_l("The fixes cannot be filed before the letter."), "fixed_on")
    if fixed_on > datetime.date.today():
        raise LicensingError(_l("The date cannot be in the future."), "fixed_on")
    with database.atomic():
        WORKFLOW.move(application, user, "fixes", version, on_date=fixed_on, note=note.strip())
        IrregularityLetter.update(fixed_on=fixed_on).where(IrregularityLetter.id == letter.id).execute()


def find_regular(application, user, version, on_date):
    """Step 6: the documents are regular; experts are assigned next (step 7)."""
    _date(on_date, "on_date", _l("Enter the date of the check."))
    with database.atomic():
        WORKFLOW.move(application, user, "regular", version, on_date=on_date)


def withdraw(application, user, version):
    """The applicant withdraws its application before the order."""
    with database.atomic():
        WORKFLOW.move(application, user, "withdraw", version, on_date=datetime.date.today())


def refuse(application, user, version, on_date, reasons):
    """The chair refuses the whole application (a recorded outcome, with its reasons)."""
    _date(on_date, "on_date", _l("Enter the date of the order."))
    if not (reasons or "").strip():
        raise LicensingError(_l("Give the reasons for the refusal."), "reasons")
    with database.atomic():
        WORKFLOW.move(application, user, "refuse", version, on_date=on_date, note=reasons.strip())


def may_edit_profile(user, application):
    """The applicant edits its own application's profile while preparing it (000 step 3)."""
    return is_own(user, application, (DRAFT,))


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


def _require_editable(application, user):
    if not may_edit_profile(user, application):
        raise LicensingError(_l("The documents can be changed only while the application is being prepared."))


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


def assign_expert(application, user, field_code, expert):
    """Step 7: the officer names the expert for one professional field of the application (a later
    choice for the same field replaces the earlier one, until the letter is sent)."""
    if application.state != REGULAR:
        raise LicensingError(
            _l("Experts are assigned once the documents are found regular, before the letter.")
        )
    if user is None or not user.has_role(*OFFICER_ROLES):
        raise LicensingError(_l("You may not take this step."))
    if field_code not in {f.code for f in application.fields_requested()}:
        raise LicensingError(
            _l("The application asks for no speciality of this professional field."), "field"
        )
    if expert is None or expert.role != "napoo_expert" or not expert.active:
        raise LicensingError(_l("Choose a NAPOO expert."), "expert")
    with database.atomic():
        before = {f: e.id for f, e in application.experts_by_field().items()}
        ExpertAssignment.delete().where(
            (ExpertAssignment.application == application) & (ExpertAssignment.field_code == field_code)
        ).execute()
        ExpertAssignment.create(application=application, field_code=field_code, expert=expert)
        WORKFLOW.audit(
            user,
            "assign_expert",
            application,
            before,
            {field_code: expert.id},
        )


def send_experts_letter(application, user, version, on_date):
    """Step 7: with an expert named for every professional field, the applicant is sent the letter
    naming them; the assessment begins. Returns the letter's text."""
    _date(on_date, "on_date", _l("Enter the date of the letter."))
    experts = application.experts_by_field()
    fields = application.fields_requested()
    if not fields:
        raise LicensingError(_l("The application asks for no speciality yet."))
    missing = [f"{f.code} {f.name}" for f in fields if f.code not in experts]
    if missing:
        raise LicensingError(
            _l("Name an expert for every professional field first: %(fields)s.", fields="; ".join(missing))
        )
    text = "\n".join(f"{f.code} {f.name}: {experts[f.code].name or experts[f.code].email}" for f in fields)
    with database.atomic():
        WORKFLOW.move(application, user, "experts", version, on_date=on_date, note=text)
    return text


PROFILE_FIELDS = (
    "centre_name",
    "centre_kind",
    "settlement",
    "address",
    "postcode",
    "phone",
    "delivery_channel",
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


def record_inspection(application, user, visited_on, place, findings, photos=()):
    """Step 8: an assigned expert records a visit to a training base or the office, with what was
    found and photos (`photos`: what portal.uploads.store returned for each). On the timeline."""
    if application.state != IN_ASSESSMENT:
        raise LicensingError(_l("Inspections are recorded while the experts assess the application."))
    if user is None or user.role != "napoo_expert" or not application.fields_assigned_to(user):
        raise LicensingError(_l("Only an expert assigned to the application records its inspections."))
    _date(visited_on, "visited_on", _l("Enter the date of the visit."))
    if visited_on > datetime.date.today():
        raise LicensingError(_l("The date cannot be in the future."), "visited_on")
    if application.filed_on and visited_on < application.filed_on:
        raise LicensingError(_l("The visit cannot be before the filing."), "visited_on")
    place, findings = (place or "").strip(), (findings or "").strip()
    if not place:
        raise LicensingError(_l("Say which training base or office was visited."), "place")
    if not findings:
        raise LicensingError(_l("Record what was found."), "findings")
    with database.atomic():
        inspection = Inspection.create(
            application=application, expert=user, visited_on=visited_on, place=place, findings=findings
        )
        for stored in photos:
            Attachment.create(
                application=application,
                purpose="inspection_photo",
                uploaded_by=user,
                inspection_id=inspection.id,
                **stored,
            )
        WORKFLOW.record_event(
            application,
            user,
            "inspection",
            on_date=visited_on,
            note=f"{place}: {findings}",
            from_state=application.state,
        )
        WORKFLOW.audit(user, "inspection", application, after={"inspection": inspection.id})
    return inspection


def record_verdict(application, user, code, positive, reasons):
    """Step 9: the expert assigned to a speciality's professional field assesses it, with reasons
    (a later verdict of the same speciality replaces the earlier one until the committee confirms,
    unless the committee has rejected it: reject_verdict)."""
    if application.state != IN_ASSESSMENT:
        raise LicensingError(_l("Verdicts are recorded while the experts assess the application."))
    if not application.requested.where(RequestedSpeciality.speciality == code).exists():
        raise LicensingError(_l("The application does not ask for this speciality."), "speciality")
    if code[:3] not in application.fields_assigned_to(user):
        raise LicensingError(
            _l("Only the expert assigned to this professional field assesses its specialities.")
        )
    if not (reasons or "").strip():
        raise LicensingError(_l("Give the reasons for the verdict."), "reasons")
    earlier = application.verdicts.where(Verdict.speciality == code).first()
    if earlier is not None and earlier.committee_reasons:  # a new verdict would erase the rejection
        raise LicensingError(_l("The expert committee has rejected this speciality: its verdict stands."))
    with database.atomic():
        Verdict.delete().where((Verdict.application == application) & (Verdict.speciality == code)).execute()
        Verdict.create(
            application=application,
            speciality=code,
            expert=user,
            positive=bool(positive),
            reasons=reasons.strip(),
        )
        WORKFLOW.audit(user, "verdict", application, after={code: bool(positive)})


def reject_verdict(application, user, code, reasons, confirmed, on_date=None):
    """Step 9: the expert committee assesses too (000: „При положителна оценка от експертите и
    експертната комисия председателят на НАПОО издава заповед за лицензиране.“): a member of the
    committee rejects a speciality the expert assessed positively, with the committee's reasons, while
    the experts assess (before the committee confirms). The order then leaves it out. Destructive: the
    caller must pass `confirmed` (the box "I confirm" ticked)."""
    if application.state != IN_ASSESSMENT:
        raise LicensingError(_l("The committee assesses the verdicts before it confirms them."))
    if not user.has_role(*COMMITTEE_ROLES):
        raise LicensingError(_l("Only the expert committee may reject an expert's verdict."))
    verdict = application.verdicts.where(Verdict.speciality == code).first()
    if verdict is None or not verdict.positive:
        raise LicensingError(
            _l("The committee rejects only a speciality the expert assessed positively."), "speciality"
        )
    if not (reasons or "").strip():
        raise LicensingError(_l("Give the committee's reasons for the rejection."), "reasons")
    if not confirmed:
        raise LicensingError(_l("Tick “I confirm” to reject the speciality."), "confirm")
    with database.atomic():
        Verdict.update(
            committee_reasons=reasons.strip(), committee_rejected_on=on_date or datetime.date.today()
        ).where(Verdict.id == verdict.id).execute()
        WORKFLOW.audit(
            user,
            "committee_reject",
            application,
            after={code: "rejected by the committee"},
        )


def verdicts_missing(application):
    """The codes of the specialities applied for that have no verdict yet."""
    assessed = {v.speciality_code for v in application.verdicts}
    return sorted(r.speciality_code for r in application.requested if r.speciality_code not in assessed)


def confirm_verdicts(application, user, version, on_date):
    """Step 9: the expert committee confirms the experts' verdicts (recorded by a member of the
    committee), once every speciality applied for has one."""
    _date(on_date, "on_date", _l("Enter the date of the committee's confirmation."))
    missing = verdicts_missing(application)
    if missing:
        raise LicensingError(
            _l("These specialities have no verdict yet: %(codes)s.", codes=", ".join(missing))
        )
    with database.atomic():
        WORKFLOW.move(application, user, "confirm", version, on_date=on_date)


def issue_order(application, user, version, order_number, order_date):
    """Step 9: the chair's order. The licence is created with the positively assessed specialities
    only, with its first-licensing event, in the same transaction as the order; the specialities
    assessed negatively are left out and listed in the order with their reasons. Returns the licence."""
    from register.importer import import_records
    from register.models import Licence

    _date(order_date, "order_date", _l("Enter the date of the order."))
    order_number = (order_number or "").strip()
    if not order_number:
        raise LicensingError(_l("Enter the number of the order."), "order_number")
    verdicts = list(application.verdicts.order_by(Verdict.speciality))
    granted = [v.speciality_code for v in verdicts if v.granted]
    if not granted:
        raise LicensingError(_l("No speciality was assessed positively: refuse the application instead."))
    left_out = "\n".join(f"{v.speciality_code}: {v.reasons_against}" for v in verdicts if not v.granted)
    note = order_number + (("\n" + left_out) if left_out else "")
    if application.kind == AMENDMENT:
        return _amend(application, user, version, order_number, order_date, granted, note)
    number = _next_licence_number(order_date.year)
    record = {
        "licence_number": number,
        "licence_date": order_date.isoformat(),
        "order_number": order_number,
        "status": "active",
        "centre": {
            "name": application.centre_name,
            "kind": application.centre_kind,
            "owner_name": application.organisation_name,
            "eik": application.eik,
            "settlement_ekatte": application.settlement_id,
            "address": application.address,
            "postcode": application.postcode,
            "phone": application.phone,
            "email": application.email,
            "contact_person": application.representative,
        },
        "specialities": [{"code": code} for code in granted],
    }
    with database.atomic():
        report = import_records([record])
        if report.created != 1:
            reason = report.rejected[0][2] if report.rejected else "not created"
            raise LicensingError(_l("The licence could not be created: %(reason)s.", reason=reason))
        licence = Licence.by_number(number)
        WORKFLOW.move(
            application,
            user,
            "order",
            version,
            on_date=order_date,
            note=note,
            changes={"licence": licence.id},
        )
    return licence


def record_delivery(application, user, version, channel, on_date):
    """Step 10: the order and the licence reach the applicant by the channel it chose (or another,
    if NAPOO had to): which channel and when are recorded on the timeline."""
    _date(on_date, "on_date", _l("Enter the date of delivery."))
    if channel not in DELIVERY_CHANNELS:
        raise LicensingError(_l("Choose how the order and the licence are to be delivered."), "channel")
    if on_date > datetime.date.today():
        raise LicensingError(_l("The date cannot be in the future."), "on_date")
    order = application.order_event()
    if order is not None and on_date < order.on_date:
        raise LicensingError(_l("The delivery cannot be before the order."), "on_date")
    with database.atomic():
        WORKFLOW.move(application, user, "deliver", version, on_date=on_date, note=channel)


def _amend(application, user, version, order_number, order_date, granted, note):
    """The chair's order on an amendment: the licence gets the positively assessed specialities,
    with an amendment event, in the same transaction as the order."""
    from register.services import amend_licence

    licence = application.licence
    with database.atomic():
        try:
            amend_licence(licence, user, order_date, order_number, granted, notes=application.number)
        except RegisterError as error:
            raise LicensingError(error.message, error.field) from error
        WORKFLOW.move(application, user, "order", version, on_date=order_date, note=note)
    return licence


def _next_licence_number(year):
    """The next licence number of the year: the year and a 5-digit sequence (as in the register)."""
    from register.models import Licence

    prefix = str(year)
    last = (
        Licence.select(Licence.number)
        .where(Licence.number.startswith(prefix) & (pw.fn.LENGTH(Licence.number) == 9))
        .order_by(Licence.number.desc())
        .first()
    )
    sequence = int(last.number[4:]) + 1 if last else 1
    return f"{prefix}{sequence:05d}"
