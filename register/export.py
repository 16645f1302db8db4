"""One data function for the register, rendered as HTML, CSV and JSON; and the full data dumps."""

import csv
import io
import os
import tempfile

from portal import web
from portal.web import BOM, csv_response, iter_json, wants_excel  # noqa: F401 (this module's names before)
from register import rules
from register.models import find_licences, specialities_for


def N_(text):
    """Mark a string for the message catalogues without translating it here (gettext_noop): the
    dumps keep the English meaning, and the /data/ page translates it when it shows it."""
    return text


# The public columns, in order, with their meaning: the data dictionary is built from this.
COLUMNS = [
    ("licence_number", N_("Licence number (номер на лицензията)")),
    ("licence_date", N_("Date of the licence, YYYY-MM-DD")),
    ("order_number", N_("Number of the NAPOO chair's licensing order")),
    ("status", N_("active, temporarily_revoked, revoked, terminated or deleted")),
    ("status_date", N_("Date of the order that set the current status")),
    ("revoked_until", N_("Last day of a temporary revocation")),
    ("centre_name", N_("Name of the centre")),
    ("centre_kind", N_("cpo (ЦПО, training centre) or cipo (ЦИПО, information and guidance centre)")),
    ("owner_name", N_("Legal entity that holds the licence")),
    ("eik", N_("ЕИК/BULSTAT of the legal entity")),
    ("region", N_("Region (област)")),
    ("municipality", N_("Municipality (община)")),
    ("settlement_ekatte", N_("EKATTE code of the settlement")),
    ("settlement", N_("Settlement")),
    ("postcode", N_("Post code")),
    ("address", N_("Address")),
    ("phone", N_("Phone of the centre")),
    ("email", N_("E-mail of the centre")),
    (
        "specialities",
        N_("Licensed specialities: 7-digit codes of the List of professions, ';'-separated"),
    ),
    ("archive_school", N_("Closed licences: the school that keeps the documentation (001 art. 30)")),
    ("archive_settlement", N_("Closed licences: the school's settlement")),
    ("archive_address", N_("Closed licences: the school's address")),
    ("archive_order", N_("Closed licences: the РУО order designating the school, number and date")),
    (
        "archive_notice_ruo",
        N_(
            "Closed licences: the region of the РУО the NAPOO chair notified (the centre's seat, "
            "001 art. 28(1))"
        ),
    ),
    ("archive_notice_date", N_("Closed licences: the date of the NAPOO chair's notice to the РУО")),
    (
        "archive_stage",
        N_(
            "Closed licences: closed (no notice recorded), notified (the РУО is notified), designated "
            "(the РУО's order names the school) or handed_over (001 art. 28(1))"
        ),
    ),
    (
        "archive_handed_over_on",
        N_(
            "Closed licences: the day the documentation was handed over to the school; it is kept for "
            "50 years (001 art. 28(1), which names no start day)"
        ),
    ),
]
COLUMN_NAMES = [name for name, _ in COLUMNS]


def _iso(value):
    return value.isoformat() if value else ""


def licence_rows(ids, with_specialities=True):
    """One flat dict a licence in COLUMNS order, for licences by id: the data behind the page, the
    CSV and the JSON. The page does not show the specialities column, so it can skip reading them."""
    from register.models import Licence

    rows = Licence.listing(ids)
    specialities = specialities_for(rows) if with_specialities else {}
    for row in rows:
        archived = rules.archive_location_required(row["status"])
        closed = archived and row["school_name"]
        yield {
            "licence_number": row["number"],
            "licence_date": _iso(row["licence_date"]),
            "order_number": row["order_number"],
            "status": row["status"],
            "status_date": _iso(row["status_date"]),
            "revoked_until": _iso(row["revoked_until"]),
            "centre_name": row["centre_name"],
            "centre_kind": row["kind"],
            "owner_name": row["owner_name"],
            "eik": row["eik"],
            "region": row["region_name"],
            "municipality": row["municipality_name"],
            "settlement_ekatte": row["ekatte"],
            "settlement": f"{row['settlement_kind']} {row['settlement_name']}",
            "postcode": row["postcode"],
            "address": row["address"],
            "phone": row["phone"],
            "email": row["email"],
            "specialities": ";".join(specialities.get(row["id"], [])),
            "archive_school": row["school_name"] if closed else "",
            "archive_settlement": f"{row['school_kind']} {row['school_settlement_name']}" if closed else "",
            "archive_address": row["school_address"] if closed else "",
            "archive_order": f"{row['archive_order_number']} / {_iso(row['archive_order_date'])}"
            if closed
            else "",
            "archive_notice_ruo": (row["notice_region_name"] or "") if archived else "",
            "archive_notice_date": _iso(row["archive_notice_date"]) if archived else "",
            "archive_stage": rules.archive_stage(row["archive_notice_date"], closed, row["handed_over_on"])
            if archived
            else "",
            "archive_handed_over_on": _iso(row["handed_over_on"]) if closed else "",
        }


def rows_to_csv(rows):
    """CSV text with a header line, UTF-8 with CRLF line ends as spreadsheets expect."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMN_NAMES, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def iter_csv(rows, fieldnames=COLUMN_NAMES):
    """The same CSV as rows_to_csv, a chunk at a time, for large answers (portal.web.iter_csv)."""
    return web.iter_csv(rows, fieldnames)


def iter_file(path, size=64 * 1024):
    """A text file's content a chunk at a time (a dump sent with its Excel mark in front)."""
    with open(path, encoding="utf-8", newline="") as handle:
        while chunk := handle.read(size):
            yield chunk


def _chunks(query, size=1000):
    """Every licence of a query in its order, read a batch at a time so memory stays flat."""
    from register.models import Licence

    page = 1
    while True:
        ids = [row_id for (row_id,) in query.select(Licence.id).paginate(page, size).tuples()]
        if not ids:
            return
        yield from licence_rows(ids)
        page += 1


def dump_paths(data_dir):
    """{format: path} of the full dumps."""
    return {fmt: os.path.join(data_dir, f"registar-licences.{fmt}") for fmt in ("csv", "json")}


def write_dumps(data_dir):
    """Write the full register as CSV and JSON, each atomically (temp file, then rename)."""
    os.makedirs(data_dir, exist_ok=True)
    query = find_licences(sort="number")
    meta = {"source": "Registar", "columns": dict(COLUMNS)}
    written = {}
    for fmt, path in dump_paths(data_dir).items():
        parts = iter_csv(_chunks(query)) if fmt == "csv" else iter_json(_chunks(query), meta)
        handle = tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", newline="", dir=data_dir, delete=False, suffix=".tmp"
        )
        with handle:
            for part in parts:
                handle.write(part)
        os.replace(handle.name, path)
        written[fmt] = path
    return written
