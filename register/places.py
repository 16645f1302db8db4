"""The EKATTE classifier of regions, municipalities and settlements, shipped in register/data."""

import csv
import os

from portal.db import database
from register.models import Municipality, Region, Settlement

EKATTE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "ekatte")


def _rows(name, directory=EKATTE_DIR):
    with open(os.path.join(directory, name), encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def _postcodes(directory):
    """{(settlement name, municipality name): post code}; a name pair used twice keeps no code."""
    codes = {}
    for row in _rows("postcodes.csv", directory):
        key = (row["kati"].strip(), row["MunicipalityName"].strip())
        codes[key] = None if key in codes else row["PostCode"].strip()
    return codes


def load_places(directory=EKATTE_DIR):
    """Insert or refresh the classifier; returns (regions, municipalities, settlements) counts."""
    regions = [
        {"code": r["oblast"], "ekatte": r["ekatte"], "name": r["name"], "nuts": r["region"]}
        for r in _rows("oblasts.csv", directory)
    ]
    municipalities = [
        {"code": r["obstina"], "ekatte": r["ekatte"], "name": r["name"], "region": r["obstina"][:3]}
        for r in _rows("municipalities.csv", directory)
    ]
    names = {m["code"]: m["name"] for m in municipalities}
    postcodes = _postcodes(directory)
    settlements = [
        {
            "ekatte": r["ekatte"],
            "kind": r["t_v_m"],
            "name": r["name"],
            "municipality": r["obstina"],
            "region": r["oblast"],
            "postcode": postcodes.get((r["name"], names.get(r["obstina"], ""))) or "",
        }
        for r in _rows("settlements.csv", directory)
    ]
    with database.atomic():
        for model, rows, key in (
            (Region, regions, Region.code),
            (Municipality, municipalities, Municipality.code),
            (Settlement, settlements, Settlement.ekatte),
        ):
            fields = [f for f in rows[0] if f != key.name]
            for start in range(0, len(rows), 500):
                (
                    model.insert_many(rows[start : start + 500])
                    .on_conflict(
                        conflict_target=[key],
                        preserve=[getattr(model, model._meta.fields[f].name) for f in fields],
                    )
                    .execute()
                )
    return len(regions), len(municipalities), len(settlements)


def places_loaded():
    """Whether the classifier is in the database."""
    return Settlement.select().limit(1).exists()
