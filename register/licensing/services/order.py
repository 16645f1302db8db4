"""Licensing, steps 9-10 (000): the chair's order (the licence created or amended, in the same
transaction) or refusal, and the delivery of the order and the licence."""

import datetime

import peewee as pw
from flask_babel import lazy_gettext as _l

from portal.db import database
from register.licensing.models import AMENDMENT, DELIVERY_CHANNELS, Verdict
from register.licensing.services.procedure import WORKFLOW, LicensingError, _date
from register.services import RegisterError


def issue_order(application, user, version, order_number, order_date):
    """Step 9: the chair's order. The licence is created with the positively assessed specialities
    only, with its first-licensing event, in the same transaction as the order; the specialities
    assessed negatively are left out and listed in the order with their reasons. Returns the licence."""
    from register.documents.courses import link_centre_account
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
        return _amend(
            application,
            user,
            version,
            order_number=order_number,
            order_date=order_date,
            granted=granted,
            note=note,
        )
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
        # The applicant now acts for the centre it founded: its courses and documents (issue 15).
        link_centre_account(application.applicant, licence.centre_id)
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


def _amend(application, user, version, *, order_number, order_date, granted, note):
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


def refuse(application, user, version, on_date, reasons):
    """The chair refuses the whole application (a recorded outcome, with its reasons)."""
    _date(on_date, "on_date", _l("Enter the date of the order."))
    if not (reasons or "").strip():
        raise LicensingError(_l("Give the reasons for the refusal."), "reasons")
    with database.atomic():
        WORKFLOW.move(application, user, "refuse", version, on_date=on_date, note=reasons.strip())
