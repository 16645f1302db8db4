"""Import licences from CSV or JSON: idempotent by licence number, one transaction per file,
and a report that names every rejected row and why.

Every row is read, validated and its search document analysed before the write transaction
begins: the transaction only writes, so a long import holds SQLite's single write lock for the
shortest time, and the web's writes wait for it less (and get a 503 "try again", never a 500,
when they wait in vain)."""

import csv
import datetime
import json
import re
from dataclasses import dataclass, field

import search_index
from portal.db import database, write_transaction
from portal.forms import EARLIEST_DATE, in_range, latest_date
from register import rules, search
from register.models import (
    ArchiveDesignation,
    Centre,
    Licence,
    LicenceEvent,
    LicensedSpeciality,
    Speciality,
)

CENTRE_FIELDS = (
    "name",
    "kind",
    "owner_name",
    "eik",
    "settlement_ekatte",
    "address",
    "postcode",
    "phone",
    "email",
    "contact_person",
    "website",
)
ARCHIVE_FIELDS = (
    "order_number",
    "order_date",
    "school_name",
    "school_settlement_ekatte",
    "school_address",
    "school_contacts",
    "handover_deadline",
    "location_text",
)
LICENCE_FIELDS = ("licence_number", "licence_date", "order_number", "order_date", "status", "status_date")
# The CSV layout: licence fields, the centre's (name and kind prefixed), specialities, the archive's.
CSV_COLUMNS = [
    *LICENCE_FIELDS,
    "revoked_until",
    "centre_name",
    "centre_kind",
    *CENTRE_FIELDS[2:],
    "specialities",
    *(f"archive_{name}" for name in ARCHIVE_FIELDS),
]
# The event a CSV row's status implies, dated by status_date.
STATUS_EVENT = {
    rules.TEMPORARILY_REVOKED: rules.TEMPORARY_REVOCATION,
    rules.REVOKED: rules.FINAL_REVOCATION,
    rules.TERMINATED: rules.TERMINATION,
    rules.DELETED: rules.DELETION,
}


class RowError(ValueError):
    """A row that cannot be imported, with the reason people will read."""


@dataclass
class ImportReport:
    """What an import did: counts, and each rejected row with its reason."""

    created: int = 0
    updated: int = 0
    rejected: list = field(default_factory=list)  # [(row number, licence number, reason)]

    def lines(self):
        """The report as lines of text."""
        out = [f"created {self.created}, updated {self.updated}, rejected {len(self.rejected)}"]
        out += [f"row {row} ({number or '?'}): {reason}" for row, number, reason in self.rejected]
        return out


# --- Reading files into records ---------------------------------------------------------------


def csv_row_to_record(row):
    """A flat CSV row in the documented columns, as the nested record JSON files hold."""
    get = lambda key: (row.get(key) or "").strip()  # noqa: E731
    record = {
        "licence_number": get("licence_number"),
        "licence_date": get("licence_date"),
        "order_number": get("order_number"),
        "order_date": get("order_date"),
        "status": get("status") or rules.ACTIVE,
        "status_date": get("status_date"),
        "revoked_until": get("revoked_until"),
        "centre": {
            "name": get("centre_name"),
            "kind": get("centre_kind") or "cpo",
            **{k: get(k) for k in CENTRE_FIELDS if k not in ("name", "kind")},
        },
        "specialities": [
            {"code": code.strip()} for code in re.split(r"[;,\s]+", get("specialities")) if code.strip()
        ],
    }
    if any(get(f"archive_{k}") for k in ARCHIVE_FIELDS):
        record["archive"] = {k: get(f"archive_{k}") for k in ARCHIVE_FIELDS}
    return record


def read_records(path):
    """The records in a .csv or .json file, as a list of dicts."""
    if path.lower().endswith(".json"):
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
        records = data.get("licences", data) if isinstance(data, dict) else data
        if not isinstance(records, list):
            raise RowError("a JSON import is a list of licences, or an object with a 'licences' list")
        return records
    if path.lower().endswith(".csv"):
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = {"licence_number", "centre_name", "eik", "settlement_ekatte"} - set(
                reader.fieldnames or []
            )
            if missing:
                raise RowError("missing columns: " + ", ".join(sorted(missing)))
            return [csv_row_to_record(row) for row in reader]
    raise RowError("import files are .csv or .json")


# --- Validating one record ----------------------------------------------------------------------


def _date(value, label, required=False):
    if value in (None, ""):
        if required:
            raise RowError(f"{label} is missing")
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        day = datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise RowError(f"{label} is not a date in YYYY-MM-DD form: {value!r}") from None
    # The range the forms take: a year 9999 is a typing slip, and would overflow the dates computed
    # from it (50 years of archive retention).
    if not in_range(day):
        raise RowError(f"{label} {day} is outside {EARLIEST_DATE} to {latest_date()}")
    return day


def _text(value, label, limit, required=False):
    text = "" if value is None else str(value).strip()
    if required and not text:
        raise RowError(f"{label} is missing")
    if len(text) > limit:
        raise RowError(f"{label} is longer than {limit} characters")
    return text


def validate_record(record, settlements, specialities):
    """A clean record, or RowError naming the first problem; `settlements` is the set of known
    EKATTE codes and `specialities` maps each known speciality code to its profession's."""
    if not isinstance(record, dict):
        raise RowError("a licence must be an object")
    number = _text(record.get("licence_number"), "licence_number", 20, required=True)
    if not re.fullmatch(r"[0-9A-Za-z/-]+", number):
        raise RowError("licence_number has characters other than digits, letters, '/' and '-'")
    status = record.get("status") or rules.ACTIVE
    if status not in rules.STATUSES:
        raise RowError(f"status must be one of {', '.join(rules.STATUSES)}")
    centre = record.get("centre") or {}
    eik = _text(centre.get("eik"), "eik", 13, required=True)
    if not rules.eik_is_valid(eik):
        raise RowError(f"eik {eik!r} is not a valid ЕИК/BULSTAT (9 or 13 digits with check digits)")
    ekatte = _text(centre.get("settlement_ekatte"), "settlement_ekatte", 5, required=True).zfill(5)
    if ekatte not in settlements:
        raise RowError(f"settlement_ekatte {ekatte!r} is not in the EKATTE classifier")
    kind = centre.get("kind") or "cpo"
    if kind not in ("cpo", "cipo"):
        raise RowError("centre kind must be cpo or cipo")
    clean = {
        "number": number,
        "licence_date": _date(record.get("licence_date"), "licence_date", required=True),
        "order_number": _text(record.get("order_number"), "order_number", 50),
        "order_date": _date(record.get("order_date"), "order_date"),
        "status": status,
        "status_date": _date(record.get("status_date"), "status_date"),
        "revoked_until": _date(record.get("revoked_until"), "revoked_until"),
        "centre": {
            "name": _text(centre.get("name"), "centre name", 500, required=True),
            "kind": kind,
            "owner_name": _text(centre.get("owner_name"), "owner_name", 500, required=True),
            "eik": eik,
            "settlement_id": ekatte,
            "address": _text(centre.get("address"), "address", 500),
            "postcode": _text(centre.get("postcode"), "postcode", 4),
            "phone": _text(centre.get("phone"), "phone", 100),
            "email": _text(centre.get("email"), "email", 255),
            "contact_person": _text(centre.get("contact_person"), "contact_person", 255),
            "website": _text(centre.get("website"), "website", 255),
        },
    }
    if status == rules.TEMPORARILY_REVOKED and not clean["revoked_until"]:
        raise RowError("a temporarily revoked licence needs revoked_until")
    if status != rules.ACTIVE and not clean["status_date"]:
        raise RowError("a licence that is not active needs status_date")
    clean["specialities"] = []
    for item in record.get("specialities") or []:
        item = item if isinstance(item, dict) else {"code": str(item)}
        code = str(item.get("code", "")).strip()
        if code not in specialities:
            raise RowError(f"speciality {code!r} is not in the List of professions")
        clean["specialities"].append(
            {
                "code": code,
                "profession": specialities[code],
                "added_on": _date(item.get("added_on"), "speciality added_on") or clean["licence_date"],
                "removed_on": _date(item.get("removed_on"), "speciality removed_on"),
            }
        )
    clean["events"] = [_clean_event(e) for e in record.get("events") or []] or _implied_events(clean)
    clean["archive"] = _clean_archive(record.get("archive"), settlements)
    return clean


def _clean_event(event):
    if not isinstance(event, dict) or event.get("kind") not in rules.EVENT_KINDS:
        raise RowError(f"event kind must be one of {', '.join(rules.EVENT_KINDS)}")
    months = event.get("months")
    if event["kind"] == rules.TEMPORARY_REVOCATION and months not in rules.TEMPORARY_REVOCATION_MONTHS:
        raise RowError("a temporary revocation lasts 3, 4 or 6 months")
    return {
        "kind": event["kind"],
        "date": _date(event.get("date"), "event date", required=True),
        "order_number": _text(event.get("order_number"), "event order_number", 50),
        "months": months if event["kind"] == rules.TEMPORARY_REVOCATION else None,
        "reason": _text(event.get("reason"), "event reason", 4000),
        "notes": _text(event.get("notes"), "event notes", 4000),
    }


def _implied_events(clean):
    """A CSV row carries no history: first licensing, and the event its status implies."""
    events = [
        {
            "kind": rules.FIRST_LICENSING,
            "date": clean["licence_date"],
            "order_number": clean["order_number"],
            "months": None,
            "reason": "",
            "notes": "",
        }
    ]
    if clean["status"] in STATUS_EVENT:
        months = None
        if clean["status"] == rules.TEMPORARILY_REVOKED:
            months = next(
                (
                    m
                    for m in rules.TEMPORARY_REVOCATION_MONTHS
                    if rules.temporary_revocation_end(clean["status_date"], m) == clean["revoked_until"]
                ),
                None,
            )
        events.append(
            {
                "kind": STATUS_EVENT[clean["status"]],
                "date": clean["status_date"],
                "order_number": "",
                "months": months,
                "reason": "",
                "notes": "",
            }
        )
    return events


def _clean_archive(archive, settlements):
    if not archive:
        return None
    ekatte = _text(
        archive.get("school_settlement_ekatte"),
        "archive school_settlement_ekatte",
        5,
        required=True,
    ).zfill(5)
    if ekatte not in settlements:
        raise RowError(f"archive school_settlement_ekatte {ekatte!r} is not in the EKATTE classifier")
    deadline = _date(archive.get("handover_deadline"), "archive handover_deadline", required=True)
    return {
        "order_number": _text(archive.get("order_number"), "archive order_number", 50, required=True),
        "order_date": _date(archive.get("order_date"), "archive order_date", required=True),
        "school_name": _text(archive.get("school_name"), "archive school_name", 500, required=True),
        "school_settlement_id": ekatte,
        "school_address": _text(archive.get("school_address"), "archive school_address", 500),
        "school_contacts": _text(archive.get("school_contacts"), "archive school_contacts", 500),
        "handover_deadline": deadline,
        "retention_until": rules.archive_retention_end(deadline),
        "location_text": _text(archive.get("location_text"), "archive location_text", rules.ARCHIVE_TEXT_MAX),
    }


# --- Writing ------------------------------------------------------------------------------------


def save_record(clean, lookups=None, existing=None):
    """Create or update one licence from a clean record; returns True when it was created.

    `existing` maps the licence numbers of the file already in the register to their licences,
    centres joined (existing_licences: read once per file, not a query or two per row).
    """
    if existing is None:
        licence = Licence.get_or_none(Licence.number == clean["number"])
    else:
        licence = existing.get(clean["number"])
    created = licence is None
    if created:
        centre = Centre.create(**clean["centre"])
        licence = Licence(number=clean["number"], centre=centre)
    else:
        centre = licence.centre
        for key, value in clean["centre"].items():
            setattr(centre, key, value)
        centre.save()
    for key in (
        "licence_date",
        "order_number",
        "order_date",
        "status",
        "status_date",
        "revoked_until",
    ):
        setattr(licence, key, clean[key])
    licence.centre = centre
    licence.refresh_sort_name(clean["centre"]["name"])
    licence.updated_at = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
    licence.save()

    if not created:
        LicensedSpeciality.delete().where(LicensedSpeciality.licence == licence).execute()
        LicenceEvent.delete().where(LicenceEvent.licence == licence).execute()
        ArchiveDesignation.delete().where(ArchiveDesignation.licence == licence).execute()
    if clean["specialities"]:
        LicensedSpeciality.insert_many(
            [
                {
                    "licence": licence.id,
                    "speciality": s["code"],
                    "profession_code": s["profession"],
                    "field_code": s["profession"][:3],
                    "added_on": s["added_on"],
                    "removed_on": s["removed_on"],
                }
                for s in clean["specialities"]
            ]
        ).execute()
    LicenceEvent.insert_many([{**e, "licence": licence.id} for e in clean["events"]]).execute()
    if clean["archive"]:
        ArchiveDesignation.create(licence=licence, **clean["archive"])
    document = clean.get("document") or analyse_document(clean, lookups or search.Lookups.load())
    search_index.write_document(search.REGISTER, licence.id, document)
    return created


def analyse_document(clean, lookups):
    """A clean record's search document, analysed (no database needed: done before the writing)."""
    current = [s["code"] for s in clean["specialities"] if not s["removed_on"]]
    centre = clean["centre"]
    return search.analyse_licence(
        clean["number"], clean["status"], centre, centre["settlement_id"], current, lookups
    )


def prepare_records(records, lookups, report):
    """[(row number, clean record with its analysed search document)] of the good records, the bad
    ones rejected into `report` with their reasons: all the reading and analysing, no writing."""
    settlements = set(lookups.places)
    specialities = dict(Speciality.select(Speciality.code, Speciality.profession).tuples())
    prepared, seen = [], set()
    for row_number, record in enumerate(records, start=1):
        number = record.get("licence_number") if isinstance(record, dict) else None
        try:
            clean = validate_record(record, settlements, specialities)
            if clean["number"] in seen:
                raise RowError("the same licence number appears earlier in the file")
        except RowError as error:
            report.rejected.append((row_number, number, str(error)))
            continue
        seen.add(clean["number"])
        clean["document"] = analyse_document(clean, lookups)
        prepared.append((row_number, clean))
    return prepared


def existing_licences(numbers, batch=500):
    """{number: licence with its centre} of those `numbers` already in the register, read in a
    few queries (batches keep each under the database's limit of parameters)."""
    found = {}
    for start in range(0, len(numbers), batch):
        chunk = numbers[start : start + batch]
        query = Licence.select(Licence, Centre).join(Centre).where(Licence.number.in_(chunk))
        found.update((licence.number, licence) for licence in query)
    return found


def import_records(records):
    """Import records in one transaction; a bad row is rejected with its reason, never half-written.

    The rows are validated and prepared first (prepare_records), outside the transaction; a file
    with no good row never takes the write lock."""
    report = ImportReport()
    lookups = search.Lookups.load()
    prepared = prepare_records(records, lookups, report)
    if not prepared:
        return report
    with write_transaction():
        # Read inside the transaction: a licence created meanwhile is updated, never duplicated.
        existing = existing_licences([clean["number"] for _, clean in prepared])
        for _row_number, clean in prepared:
            with database.atomic():  # a savepoint: a failing row leaves nothing behind
                created = save_record(clean, lookups, existing)
            if created:
                report.created += 1
            else:
                report.updated += 1
    return report


def import_file(path):
    """Import a .csv or .json file; returns the report."""
    return import_records(read_records(path))
