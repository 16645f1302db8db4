"""Deterministic demo data: realistic, fictional centres, loaded through the importer."""

import datetime
import json
import os
import random

from register import rules
from register.importer import import_records
from register.models import ProfessionalField, Region, Settlement, Speciality
from search_index.analysis import to_latin

WORDS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "demo_words.json")
TODAY = datetime.date(2026, 11, 1)  # demo data describe the register as of this day


def _slug(text):
    latin = to_latin(text.lower())  # the 2009 Transliteration Act, as the search writes it
    return "".join(c if c.isalnum() else "-" for c in latin).strip("-").replace("--", "-")[:30]


def _valid_eik(rng, length=9):
    """A random ЕИК with correct check digits (register.rules.eik_is_valid)."""
    while True:
        digits = "".join(str(rng.randint(0, 9)) for _ in range(8))
        candidate = next(digits + str(d) for d in range(10) if rules.eik_is_valid(digits + str(d)))
        if length == 13:
            tail = "".join(str(rng.randint(0, 9)) for _ in range(3))
            candidate = next(
                candidate + tail + str(d) for d in range(10) if rules.eik_is_valid(candidate + tail + str(d))
            )
        return candidate


def _date_between(rng, start, end):
    return start + datetime.timedelta(days=rng.randint(0, max(0, (end - start).days)))


class _Places:
    """Settlements weighted the way centres cluster: mostly in regional centres and towns."""

    def __init__(self, rng):
        self.rng = rng
        settlements = list(Settlement.select(Settlement, Region).join(Region))
        capitals = {r.name for r in Region.select()}
        self.capitals = [s for s in settlements if s.kind == "гр." and s.name in capitals]
        self.towns = [s for s in settlements if s.kind == "гр." and s.name not in capitals]
        self.villages = [s for s in settlements if s.kind != "гр."]
        self.capital_of = {}
        for s in self.capitals:
            if s.region.name == s.name:
                self.capital_of[s.region_id] = s
        self.sofia = next((s for s in self.capitals if s.name == "София"), None)

    def pick(self):
        roll = self.rng.random()
        if self.sofia and roll < 0.28:
            return self.sofia
        if roll < 0.75 or not self.towns:
            return self.rng.choice(self.capitals)
        if roll < 0.95 or not self.villages:
            return self.rng.choice(self.towns)
        return self.rng.choice(self.villages)

    def archive_school_place(self, settlement):
        return self.capital_of.get(settlement.region_id, settlement)


def generate_records(count=1000, seed=2018):
    """`count` licence records in the importer's JSON shape, the same for the same seed."""
    rng = random.Random(seed)
    with open(WORDS, encoding="utf-8") as handle:
        words = json.load(handle)
    places = _Places(rng)
    by_field = {}
    for speciality in Speciality.select(Speciality.code):
        by_field.setdefault(speciality.code[:3], []).append(speciality.code)
    fields = [f.code for f in ProfessionalField.ordered() if f.code in by_field]
    if not fields or not places.capitals:
        raise RuntimeError("load the places and the List of professions before the demo data")

    numbers = set()
    records = []
    for index in range(count):
        settlement = places.pick()
        licence_date = _date_between(rng, datetime.date(2001, 3, 1), datetime.date(2025, 12, 15))
        number = f"{licence_date.year}{rng.randint(1, 99999):05d}"
        while number in numbers:
            number = f"{licence_date.year}{rng.randint(1, 99999):05d}"
        numbers.add(number)
        records.append(_record(rng, words, places, by_field, fields, settlement, number, licence_date, index))
    return records


def _person(rng, words):
    if rng.random() < 0.5:
        return f"{rng.choice(words['first_names_male'])} {rng.choice(words['surnames_male'])}"
    return f"{rng.choice(words['first_names_female'])} {rng.choice(words['surnames_male'])}а"


def _record(rng, words, places, by_field, fields, settlement, number, licence_date, index):
    word = rng.choice(words["words"])
    cipo = rng.random() < 0.04
    pattern = rng.choice(words["cipo_name_patterns"] if cipo else words["centre_name_patterns"])
    surname = rng.choice(words["surnames_male"])
    name = pattern.format(word=word, surname=surname, city=settlement.name)
    owner = rng.choice(words["owner_patterns"]).format(
        word=word, surname=surname, surname_abbrev=surname[:1] + ".", city=settlement.name
    )
    order_date = licence_date - datetime.timedelta(days=rng.randint(0, 20))
    order_number = f"Л-{rng.randint(1, 999)}"
    chosen_fields = rng.sample(fields, k=min(len(fields), rng.choice((1, 1, 1, 2, 2, 3))))
    pool = [code for f in chosen_fields for code in by_field[f]]
    codes = sorted(rng.sample(pool, k=min(len(pool), rng.randint(1, 8))))
    events = [
        {
            "kind": rules.FIRST_LICENSING,
            "date": licence_date.isoformat(),
            "order_number": order_number,
        }
    ]
    specialities = []
    last = licence_date
    for code in codes:
        added = licence_date
        if len(codes) > 1 and rng.random() < 0.3 and last < TODAY - datetime.timedelta(days=400):
            added = _date_between(
                rng,
                last + datetime.timedelta(days=60),
                min(TODAY, last + datetime.timedelta(days=1500)),
            )
            events.append(
                {
                    "kind": rules.AMENDMENT,
                    "date": added.isoformat(),
                    "order_number": f"Л-{rng.randint(1, 999)}",
                    "notes": f"Добавена специалност {code}",
                }
            )
            last = added
        specialities.append({"code": code, "added_on": added.isoformat()})
    if rng.random() < 0.15 and last < TODAY - datetime.timedelta(days=200):
        last = _date_between(rng, last + datetime.timedelta(days=30), TODAY - datetime.timedelta(days=100))
        events.append(
            {
                "kind": rules.CHANGES_ENTERED,
                "date": last.isoformat(),
                "order_number": f"Л-{rng.randint(1, 999)}",
                "notes": "Вписване на промени в обстоятелствата",
            }
        )
    events.sort(key=lambda e: e["date"])

    status, status_date, revoked_until, archive = rules.ACTIVE, None, None, None
    roll = rng.random()
    if roll < 0.06 and last < TODAY - datetime.timedelta(days=200):
        status = rules.REVOKED if roll < 0.035 else rules.TERMINATED
        status_date = _date_between(
            rng, last + datetime.timedelta(days=30), TODAY - datetime.timedelta(days=120)
        )
        kind = rules.FINAL_REVOCATION if status == rules.REVOKED else rules.TERMINATION
        reasons = words["revocation_reasons" if status == rules.REVOKED else "termination_reasons"]
        events.append(
            {
                "kind": kind,
                "date": status_date.isoformat(),
                "order_number": f"Л-{rng.randint(1, 999)}",
                "reason": rng.choice(reasons),
            }
        )
        archive = _archive(rng, words, places, settlement, status_date)
    elif roll < 0.08 and last < TODAY - datetime.timedelta(days=60):
        status = rules.TEMPORARILY_REVOKED
        months = rng.choice(rules.TEMPORARY_REVOCATION_MONTHS)
        status_date = _date_between(
            rng, TODAY - datetime.timedelta(days=80), TODAY - datetime.timedelta(days=5)
        )
        revoked_until = rules.temporary_revocation_end(status_date, months)
        events.append(
            {
                "kind": rules.TEMPORARY_REVOCATION,
                "date": status_date.isoformat(),
                "months": months,
                "order_number": f"Л-{rng.randint(1, 999)}",
                "reason": rng.choice(words["revocation_reasons"]),
            }
        )
        revoked_until = revoked_until.isoformat()
    slug = _slug(word) or f"centre{index}"
    phone_prefix = "02" if settlement.name == "София" else "0" + str(rng.randint(30, 99))
    return {
        "licence_number": number,
        "licence_date": licence_date.isoformat(),
        "order_number": order_number,
        "order_date": order_date.isoformat(),
        "status": status,
        "status_date": status_date.isoformat() if status_date else None,
        "revoked_until": revoked_until,
        "centre": {
            "name": name,
            "kind": "cipo" if cipo else "cpo",
            "owner_name": owner,
            "eik": _valid_eik(rng, 13 if rng.random() < 0.05 else 9),
            "settlement_ekatte": settlement.ekatte,
            "address": f"{rng.choice(words['streets'])} № {rng.randint(1, 180)}",
            "postcode": settlement.postcode,
            "phone": f"{phone_prefix} {rng.randint(100, 999)} {rng.randint(100, 999)}",
            "email": f"office@{slug}-{index}.example",
            "contact_person": _person(rng, words),
        },
        "specialities": specialities,
        "events": events,
        "archive": archive,
    }


def _archive(rng, words, places, settlement, status_date):
    school_place = places.archive_school_place(settlement)
    order_date = status_date + datetime.timedelta(days=rng.randint(14, 60))
    deadline = order_date + datetime.timedelta(days=rng.randint(30, 90))
    school = rng.choice(words["school_name_patterns"]).format(
        person=rng.choice(words["school_patrons"]), city=school_place.name
    )
    address = f"{rng.choice(words['streets'])} № {rng.randint(1, 120)}, {school_place.label}"
    return {
        "order_number": f"РД-01-{rng.randint(10, 999)}",
        "order_date": order_date.isoformat(),
        "school_name": school,
        "school_settlement_ekatte": school_place.ekatte,
        "school_address": address,
        "school_contacts": f"тел. 0{rng.randint(30, 99)} {rng.randint(100, 999)} {rng.randint(100, 999)}",
        "handover_deadline": deadline.isoformat(),
        "location_text": f"Документацията се съхранява в {school}, {address}.",
    }


def load_demo(count=1000, seed=2018):
    """Generate and import the demo register; returns the importer's report."""
    return import_records(generate_records(count, seed))
