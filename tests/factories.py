"""Factories: licences built through the importer, with fictional data and valid codes."""

import datetime
import itertools

from register import rules
from register.importer import import_records
from register.models import Licence

_numbers = itertools.count(1)

# Fictional ЕИК values with correct check digits (register.rules.eik_is_valid).
VALID_EIK = "999999995"
VARNA, SOFIA, PLOVDIV = "10135", "68134", "56784"
PROGRAMMER, HOTEL = "4810301", "8110301"


def licence_record(
    number=None,
    name="ЦПО „Тест“",
    status=rules.ACTIVE,
    settlement=VARNA,
    specialities=(PROGRAMMER,),
    archive=None,
    licence_date="2015-03-02",
    **extra,
):
    """A record in the importer's JSON shape."""
    number = number or f"2015{next(_numbers):05d}"
    record = {
        "licence_number": number,
        "licence_date": licence_date,
        "order_number": "Л-100",
        "status": status,
        "centre": {
            "name": name,
            "owner_name": extra.pop("owner_name", "„Тест“ ЕООД"),
            "eik": extra.pop("eik", VALID_EIK),
            "settlement_ekatte": settlement,
            "address": "ул. „Първа“ № 1",
            "phone": "052 000 000",
            "email": "office@centre.example",
            "contact_person": "Fictional Person",
        },
        "specialities": [{"code": code} for code in specialities],
    }
    if status != rules.ACTIVE:
        record["status_date"] = extra.pop("status_date", "2020-05-04")
    if status == rules.TEMPORARILY_REVOKED:
        start = datetime.date.fromisoformat(record["status_date"])
        record["revoked_until"] = rules.temporary_revocation_end(start, 3).isoformat()
    if archive is True:
        archive = {
            "order_number": "РД-01-77",
            "order_date": "2020-06-01",
            "school_name": "Професионална гимназия по икономика „Тест“",
            "school_settlement_ekatte": settlement,
            "school_address": "ул. „Втора“ № 2",
            "school_contacts": "тел. 052 111 111",
            "handover_deadline": "2020-08-31",
            "location_text": "Документацията се съхранява в ПГИ „Тест“.",
        }
    if archive:
        record["archive"] = archive
    record.update(extra)
    return record


def make_licence(**kwargs):
    """Import one licence and return it from the database."""
    record = licence_record(**kwargs)
    report = import_records([record])
    assert not report.rejected, report.rejected
    return Licence.by_number(record["licence_number"])
