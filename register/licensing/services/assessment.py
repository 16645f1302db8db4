"""Licensing, steps 7-9 (000): the experts named for each professional field, their inspections and
verdicts, the expert committee's rejections and confirmation."""

import datetime

from flask_babel import lazy_gettext as _l

from portal.db import database
from register.licensing.models import (
    IN_ASSESSMENT,
    REGULAR,
    Attachment,
    ExpertAssignment,
    Inspection,
    RequestedSpeciality,
    Verdict,
)
from register.licensing.services.procedure import (
    COMMITTEE_ROLES,
    OFFICER_ROLES,
    WORKFLOW,
    LicensingError,
    _date,
)


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


def reject_verdict(application, user, code, reasons, *, confirmed, on_date=None):
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
