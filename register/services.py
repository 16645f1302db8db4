"""Register workflows: recording licence events and archive designations. Never sees `request`."""

import datetime

from flask_babel import lazy_gettext as _l

from portal import audit
from portal.db import database
from portal.workflow import DomainError
from register import rules, search
from register.models import (
    ArchiveDesignation,
    ArchiveNotice,
    HandoverProtocol,
    Licence,
    LicenceEvent,
    LicensedSpeciality,
    Speciality,
    utcnow,
)

# A workflow refused: the message is for the person who asked (the one domain error, portal.workflow).
RegisterError = DomainError


def _snapshot(licence):
    return {
        "status": licence.status,
        "status_date": licence.status_date,
        "revoked_until": licence.revoked_until,
    }


def get_licence_for_edit(number, user):
    """The licence a staff user may change, or None (authorisation at the fetch)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if not user.has_role("napoo_officer", "napoo_chair"):
        return None
    return Licence.by_number(number)


def record_event(licence, user, kind, date, order_number="", reason="", notes="", months=None, archive=None):
    """Record an event in a licence's history and move its status as the event says.

    A temporary revocation lasts 3, 4 or 6 months (rules.temporary_revocation_end); a final
    revocation or termination may carry the РУО's archive designation (001 art. 28, 30).
    """
    if kind not in rules.EVENT_KINDS:
        raise RegisterError(_l("Choose the kind of event."), "kind")
    if not isinstance(date, datetime.date):
        raise RegisterError(_l("Enter the date of the order."), "date")
    if not rules.event_allowed(kind, licence.status):
        raise RegisterError(_l("This event cannot be recorded on a licence with its current status."), "kind")
    if date < licence.licence_date:
        raise RegisterError(_l("The date cannot be before the licence was granted."), "date")
    if kind == rules.TEMPORARY_REVOCATION and months not in rules.TEMPORARY_REVOCATION_MONTHS:
        raise RegisterError(_l("A temporary revocation lasts 3, 4 or 6 months."), "months")
    if archive and not rules.archive_location_required(rules.status_after_event(kind, licence.status)):
        raise RegisterError(
            _l("An archive is designated only for a finally revoked or terminated licence."),
            "archive",
        )

    before = _snapshot(licence)
    with database.atomic():
        event = LicenceEvent.create(
            licence=licence,
            kind=kind,
            date=date,
            order_number=order_number.strip(),
            months=months if kind == rules.TEMPORARY_REVOCATION else None,
            reason=reason.strip(),
            notes=notes.strip(),
        )
        new_status = rules.status_after_event(kind, licence.status)
        if new_status != licence.status:
            licence.status = new_status
            licence.status_date = date
        licence.revoked_until = (
            rules.temporary_revocation_end(date, months)
            if kind == rules.TEMPORARY_REVOCATION
            else (None if new_status != rules.TEMPORARILY_REVOKED else licence.revoked_until)
        )
        licence.updated_at = utcnow()
        licence.save()
        if archive:
            _save_archive(licence, archive)
        if licence.status != before["status"]:
            search.reindex_licence(licence)  # its status is a filter token in the search index
        audit.record(
            user,
            f"licence.{kind}",
            "licence",
            licence.number,
            before,
            {**_snapshot(licence), "event_id": event.id, "archive": bool(archive)},
        )
    return event


def amend_licence(licence, user, date, order_number, codes, notes=""):
    """Add specialities to a licence in force by an order (DOMAIN E: "amendment of the licence"):
    each one is added from the order's date (or back, if it had been removed), the amendment is
    an event of the licence's history, and its search document follows, all in one transaction."""
    codes = sorted(set(codes))
    found = {s.code: s for s in Speciality.select().where(Speciality.code.in_(codes))} if codes else {}
    if not codes or len(found) != len(codes):
        raise RegisterError(_l("Name the specialities of the List of professions to add."), "specialities")
    with database.atomic():
        event = record_event(licence, user, rules.AMENDMENT, date, order_number, notes=notes)
        current = {
            item.speciality_id: item
            for item in LicensedSpeciality.select().where(LicensedSpeciality.licence == licence)
        }
        for code in codes:
            item = current.get(code)
            if item is None:
                LicensedSpeciality.create(
                    licence=licence,
                    speciality=code,
                    profession_code=found[code].profession_id,
                    field_code=found[code].profession_id[:3],
                    added_on=date,
                )
            elif item.removed_on is not None:
                item.removed_on, item.added_on = None, date
                item.save()
        search.reindex_licence(licence)  # professions and fields are filter tokens
    return event


def designate_archive(licence, user, archive):
    """Record or correct where a closed centre's archive is kept (001 arts. 28(1) and 30)."""
    _require_closed(licence)
    previous = licence.archive
    before = _archive_dict(previous) if previous else None
    with database.atomic():
        saved = _save_archive(licence, archive)
        licence.updated_at = utcnow()
        licence.save()
        audit.record(user, "licence.archive", "licence", licence.number, before, _archive_dict(saved))
    return saved


def _archive_dict(archive):
    return {
        "order_number": archive.order_number,
        "order_date": archive.order_date,
        "school_name": archive.school_name,
        "school_settlement": archive.school_settlement_id,
        "handover_deadline": archive.handover_deadline,
        "retention_until": archive.retention_until,
        "outside_region_reason": archive.outside_region_reason,
        "handed_over_on": archive.handed_over_on,
    }


def _require_closed(licence):
    """Refuse an archive step on a licence that is not finally revoked, terminated or deleted."""
    if not rules.archive_location_required(licence.status):
        raise RegisterError(
            _l("An archive is designated only for a finally revoked or terminated licence."),
            "archive",
        )


def _require_date(value, field, not_before, message):
    """A date was given and is not before `not_before` (when known)."""
    if not isinstance(value, datetime.date):
        raise RegisterError(_l("Enter the date."), field)
    if not_before and value < not_before:
        raise RegisterError(message, field)


def record_archive_notice(licence, user, date, number):
    """Record (or correct) the NAPOO chair's written notice to the head of the РУО of the centre's
    seat (001 art. 28(1); the РУО: rules.archive_notice_region)."""
    _require_closed(licence)
    _require_date(
        date, "date", licence.status_date, _l("The notice cannot be dated before the licence closed.")
    )
    number = (number or "").strip()
    if not number:
        raise RegisterError(_l("Enter the notice's outgoing number."), "number")
    if len(number) > 50:
        raise RegisterError(_l("The number is longer than 50 characters."), "number")
    region = rules.archive_notice_region(licence.centre.settlement.region_id)
    notice = licence.archive_notice
    before = {"number": notice.number, "date": notice.date, "region": notice.region_id} if notice else None
    with database.atomic():
        if notice is None:
            notice = ArchiveNotice.create(licence=licence, number=number, date=date, region=region)
        else:
            notice.number, notice.date, notice.region = number, date, region
            notice.save()
        licence.updated_at = utcnow()
        licence.save()
        audit.record(
            user,
            "licence.archive_notice",
            "licence",
            licence.number,
            before,
            {"number": number, "date": date, "region": region},
        )
    return notice


def record_handover(licence, user, date, protocol=None):
    """Record the day the documentation was handed over to the designated school, with its protocol
    file if one is given (001 art. 28(1): „Със заповед на началника на РУО се определя
    професионална гимназия на територията на съответното РУО, в която да се съхранява цялата
    документация, издадена във връзка с осъществяване и удостоверяване на професионално обучение, и
    срокът за нейното предаване.“ The order sets the deadline; this is the day it actually
    happened, and the protocol is NAPOO's evidence of it).

    `protocol` is what portal.uploads.store() returned (the file is already on disk; the caller's
    store_then removes it again if this refuses). A new protocol keeps the earlier ones: the newest
    is the one on file. The date, the protocol's row and the audit entry are one transaction."""
    _require_closed(licence)
    archive = licence.archive
    if archive is None:
        raise RegisterError(_l("Record the РУО's order designating the school first."), "date")
    _require_date(
        date, "date", archive.order_date, _l("The handover cannot be dated before the РУО's order.")
    )
    if date > datetime.date.today():
        raise RegisterError(_l("The handover date cannot be in the future."), "date")
    before = _archive_dict(archive)
    with database.atomic():
        archive.handed_over_on = date
        archive.save()
        after = _archive_dict(archive)
        if protocol:
            saved = HandoverProtocol.create(licence=licence, handed_over_on=date, **protocol)
            after["protocol"] = {"id": saved.id, "size": saved.size, "sha256": saved.sha256}
        licence.updated_at = utcnow()
        licence.save()
        audit.record(user, "licence.archive_handover", "licence", licence.number, before, after)
    return archive


def _save_archive(licence, data):
    for key in (
        "order_number",
        "order_date",
        "school_name",
        "school_settlement",
        "handover_deadline",
    ):
        if not data.get(key):
            raise RegisterError(
                _l("Fill in the archive designation: this field is required."), f"archive_{key}"
            )
    location = (data.get("location_text") or "").strip()
    if len(location) > rules.ARCHIVE_TEXT_MAX:
        raise RegisterError(_l("The archive text is longer than 4,000 characters."), "archive_location_text")
    reason = (data.get("outside_region_reason") or "").strip()
    if len(reason) > rules.ARCHIVE_TEXT_MAX:
        raise RegisterError(
            _l("The reason is longer than 4,000 characters."), "archive_outside_region_reason"
        )
    ruo = rules.archive_notice_region(licence.centre.settlement.region_id)
    if not rules.archive_school_in_region(ruo, data["school_settlement"].region_id, reason):
        raise RegisterError(
            _l(
                "The school is outside the region of the РУО of the centre's seat (001 art. 28(1)): "
                "choose a school in that region, or record the reason."
            ),
            "archive_outside_region_reason",
        )
    values = {
        "order_number": data["order_number"].strip(),
        "order_date": data["order_date"],
        "school_name": data["school_name"].strip(),
        "school_settlement": data["school_settlement"],
        "school_address": (data.get("school_address") or "").strip(),
        "school_contacts": (data.get("school_contacts") or "").strip(),
        "handover_deadline": data["handover_deadline"],
        "retention_until": rules.archive_retention_end(data["handover_deadline"]),
        "location_text": location,
        "outside_region_reason": reason,
    }
    archive = ArchiveDesignation.get_or_none(ArchiveDesignation.licence == licence)
    if archive is None:
        return ArchiveDesignation.create(licence=licence, **values)
    for key, value in values.items():
        setattr(archive, key, value)
    archive.save()
    return archive
