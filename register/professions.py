"""The List of professions (СППОО): import from NAPOO's spreadsheet layout, .xlsx or .csv."""

import csv
import os
import re

from portal.db import database
from portal.web import parse_int
from register.models import Profession, ProfessionalField, Speciality

SHIPPED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "professions.csv")

# The official spreadsheet's headings (Bulgarian) and this project's own CSV headings, by column.
HEADINGS = {
    "area_code": ("area_code", "код на област на образование", "област на образование код"),
    "area_name": ("area_name", "област на образование"),
    "field_code": (
        "field_code",
        "код на професионално направление",
        "професионално направление код",
    ),
    "field_name": ("field_name", "професионално направление"),
    "profession_code": ("profession_code", "код на професия", "професия код"),
    "profession_name": ("profession_name", "професия"),
    "speciality_code": ("speciality_code", "код на специалност", "специалност код"),
    "speciality_name": ("speciality_name", "специалност"),
    "degree": ("degree", "степен на професионална квалификация", "спк"),
}
ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}


class ProfessionsImportError(ValueError):
    """The file cannot be read as a List of professions."""


def _normalise_heading(text):
    return re.sub(r"\s+", " ", str(text or "").strip().lower())


def _column_map(header):
    wanted = {alias: key for key, aliases in HEADINGS.items() for alias in aliases}
    mapping = {}
    for index, heading in enumerate(header):
        key = wanted.get(_normalise_heading(heading))
        if key and key not in mapping:
            mapping[key] = index
    missing = [k for k in ("field_code", "profession_code", "speciality_code") if k not in mapping]
    if missing:
        raise ProfessionsImportError("missing columns: " + ", ".join(missing))
    return mapping


def _read_table(path):
    if path.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        # A read-only workbook keeps its file open until closed.
        book = load_workbook(path, read_only=True, data_only=True)
        try:
            rows = book.active.iter_rows(values_only=True)
            return [[("" if c is None else str(c)) for c in row] for row in rows]
        finally:
            book.close()
    if path.lower().endswith(".csv"):
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return list(csv.reader(handle))
    raise ProfessionsImportError("the List of professions is read from .xlsx or .csv")


def _cell(raw, index):
    """The stripped text of a column, or '' where the row is short or the column absent."""
    return str(raw[index]).strip() if index is not None and index < len(raw) else ""


def _degree(value):
    text = str(value or "").strip().upper()
    if text in ROMAN:
        return ROMAN[text]
    return parse_int(text, 1, 4)  # ASCII digits only: '²'.isdigit() is True, int('²') fails


def codes_nest(field, profession, speciality):
    """СППОО codes nest: a profession's 6 digits start with its field's 3; a speciality's 7 digits
    are the first 5 of its profession's and a 2-digit number (4810301 under 481030, 5210117 under
    521010), as the official List of professions numbers them."""
    return profession.startswith(field) and speciality[:5] == profession[:5]


def parse_professions(path):
    """(rows, rejected): one dict a speciality, and (line, reason) for each row left out."""
    table = _read_table(path)
    if not table:
        raise ProfessionsImportError("the file is empty")
    columns = _column_map(table[0])
    rows, rejected = [], []
    for line, raw in enumerate(table[1:], start=2):
        if not any(str(c).strip() for c in raw):
            continue
        row = {key: _cell(raw, columns.get(key)) for key in HEADINGS}
        field, profession, speciality = (
            row["field_code"],
            row["profession_code"],
            row["speciality_code"],
        )
        degree = _degree(row["degree"])
        if not (
            re.fullmatch(r"\d{3}", field)
            and re.fullmatch(r"\d{6}", profession)
            and re.fullmatch(r"\d{7}", speciality)
        ):
            rejected.append((line, "codes must have 3, 6 and 7 digits"))
        elif not codes_nest(field, profession, speciality):
            rejected.append(
                (
                    line,
                    "a speciality's code must start with the first five digits of "
                    "its profession's, and that with its field's",
                )
            )
        elif degree is None:
            rejected.append((line, "the degree must be I, II, III or IV"))
        else:
            row["degree"] = degree
            rows.append(row)
    return rows, rejected


def import_professions(path=SHIPPED):
    """Insert or refresh fields, professions and specialities from the file; returns a report."""
    rows, rejected = parse_professions(path)
    fields, professions = {}, {}
    for row in rows:
        fields[row["field_code"]] = {
            "code": row["field_code"],
            "name": row["field_name"],
            "area_code": row["area_code"],
            "area_name": row["area_name"],
        }
        professions[row["profession_code"]] = {
            "code": row["profession_code"],
            "name": row["profession_name"],
            "field": row["field_code"],
        }
    specialities = [
        {
            "code": r["speciality_code"],
            "name": r["speciality_name"],
            "profession": r["profession_code"],
            "degree": r["degree"],
        }
        for r in rows
    ]
    with database.atomic():
        for model, items in (
            (ProfessionalField, fields.values()),
            (Profession, professions.values()),
            (Speciality, specialities),
        ):
            items = list(items)
            if not items:
                continue
            update = [model._meta.fields[k] for k in items[0] if k != "code"]
            for start in range(0, len(items), 500):
                model.insert_many(items[start : start + 500]).on_conflict(
                    conflict_target=[model.code], preserve=update
                ).execute()
    return {
        "fields": len(fields),
        "professions": len(professions),
        "specialities": len(specialities),
        "rejected": rejected,
    }
