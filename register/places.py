"""The EKATTE classifier of regions, municipalities and settlements, shipped in register/data; and
finding a settlement by what people type: its name ("Пловдив", "гр. Пловдив", "Plovdiv") or its code."""

import csv
import functools
import os
import re
import time
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.db import database
from register.models import Municipality, Region, Settlement
from search_index import analysis

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
    _index.cache_clear()
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


# --- Finding a settlement by name ----------------------------------------------------------------

PLACES_TTL = 300  # seconds a process keeps its index of the classifier (it changes with `places load`)
MAX_TYPED = 200  # characters a settlement field takes: longer is refused with a message, never cut
SUGGESTIONS = 20
_CODE = re.compile(r"[0-9]{5}")
_CODE_AT_END = re.compile(r"\(\s*([0-9]{5})\s*\)\s*$")
# "гр. Пловдив", "с.Бяла", "град Пловдив", "gr. Plovdiv": the kind people write before a name.
_KIND = re.compile(r"^\s*(гр|град|с|село|ман|gr|grad|s|selo)(?:\.\s*|\s+)(?=\S)", re.IGNORECASE)
_KINDS = {"гр": "гр.", "град": "гр.", "gr": "гр.", "grad": "гр.", "с": "с.", "село": "с.", "s": "с."}
_KINDS.update({"selo": "с.", "ман": "ман."})


class PlaceError(Exception):
    """A typed settlement that names none, or several: `message` says which and what to do."""

    def __init__(self, message, candidates=()):
        super().__init__(message)
        self.message, self.candidates = message, list(candidates)


@dataclass(frozen=True)
class Place:
    """A settlement with the names of its municipality and region, as the index keeps it."""

    ekatte: str
    kind: str
    name: str
    municipality: str
    region: str
    key: str  # the name normalised: "ново село"
    latin: str  # its loose Latin spelling: "novo selo"

    @property
    def label(self):
        """'гр. Пловдив'."""
        return f"{self.kind} {self.name}"

    @property
    def text(self):
        """place_text(self), for templates."""
        return place_text(self)

    @property
    def latin_name(self):
        """The name in Latin letters (the Transliteration Act): 'Plovdiv'."""
        return " ".join(analysis.to_latin(word) for word in self.name.split())


def _latin(text):
    return " ".join(analysis.latin_key(word) for word in analysis.words(text))


@functools.lru_cache(maxsize=2)
def _index(period, database_identity):
    """(every settlement as a Place, {code: Place}): 5,256 of them, read once per PLACES_TTL; matched
    in Python because SQLite's lower() and LIKE fold only ASCII letters."""
    query = (
        Settlement.select(Settlement, Municipality, Region)
        .join(Municipality, on=Settlement.municipality == Municipality.code)
        .switch(Settlement)
        .join(Region, on=Settlement.region == Region.code)
        .order_by(Settlement.name, Settlement.ekatte)
    )
    places = [
        Place(
            s.ekatte,
            s.kind,
            s.name,
            s.municipality.name,
            s.region.name,
            analysis.normalise(s.name),
            _latin(s.name),
        )
        for s in query
    ]
    return places, {p.ekatte: p for p in places}


def _places():
    return _index(int(time.monotonic() // PLACES_TTL), id(database.obj))


def place_text(place):
    """How a settlement is written in a field and offered in suggestions: its kind, name,
    municipality and region, and its code, which makes it unambiguous."""
    return _(
        "%(settlement)s, %(municipality)s municipality, %(region)s region (%(code)s)",
        settlement=place.label,
        municipality=place.municipality,
        region=place.region,
        code=place.ekatte,
    )


def place_of(code):
    """The Place of an EKATTE code, or None."""
    return _places()[1].get(code) if isinstance(code, str) and _CODE.fullmatch(code) else None


def _words_in(key, text_key):
    """Whether the normalised words `key` stand as whole words in the normalised `text_key`."""
    return bool(key) and f" {key} " in f" {text_key} "


def _parse(text):
    """(kind or None, the name's normalised key, its Latin key, the rest after a comma normalised)."""
    name, _comma, rest = text.partition(",")
    kind = None
    found = _KIND.match(name)
    if found:
        kind = _KINDS.get(found.group(1).casefold())
        name = name[found.end() :]
    return kind, analysis.normalise(name), _latin(name), analysis.normalise(rest)


def _matches(place, kind, key, latin, prefix=False):
    if kind and place.kind != kind:
        return False
    if prefix:
        return place.key.startswith(key) or bool(latin) and place.latin.startswith(latin)
    return place.key == key or bool(latin) and place.latin == latin


def _by_importance(place):
    """Towns before villages, then by name, region and municipality."""
    return (place.kind != "гр.", place.name, place.region, place.municipality)


def resolve_settlement(text):
    """The Place typed: a 5-digit EKATTE code, a name with or without its kind ("гр. Пловдив"), in
    Cyrillic or Latin letters ("Plovdiv"), optionally followed by a comma and its municipality or
    region ("Бяла, Русе"), or the text a suggestion put in the field. PlaceError when it names no
    settlement, or several (their Places in `candidates`, for the person to choose)."""
    text = (text or "").strip()
    places, by_code = _places()
    if _CODE.fullmatch(text):
        if text not in by_code:
            raise PlaceError(_l("There is no settlement with this EKATTE code."))
        return by_code[text]
    code = _CODE_AT_END.search(text)
    if code:
        place = by_code.get(code.group(1))
        text = text[: code.start()].strip()
        if place is not None and _words_in(place.key, analysis.normalise(text)):
            return place
    kind, key, latin, rest = _parse(text)
    if not key:
        raise PlaceError(_l("Type the settlement's name, e.g. Пловдив, or its 5-digit EKATTE code."))
    # A Latin name is matched by its Latin spelling; a Cyrillic one by its letters only.
    latin = latin if not any(analysis.is_cyrillic(word) for word in key.split()) else ""
    found = [p for p in places if _matches(p, kind, key, latin)]
    if len(found) > 1 and rest:
        near = [
            p
            for p in found
            if _words_in(analysis.normalise(p.municipality), rest)
            or _words_in(analysis.normalise(p.region), rest)
        ]
        found = near or found
    if not found:
        near = suggest_settlements(text, limit=5)
        if near:
            raise PlaceError(
                _l(
                    "No settlement is called “%(name)s”. Did you mean: %(candidates)s?",
                    name=text[:60],
                    candidates="; ".join(place_text(p) for p in near),
                ),
                near,
            )
        raise PlaceError(
            _l(
                "No settlement is called “%(name)s”. Type its name as the EKATTE classifier writes it,"
                " e.g. Пловдив or Ново село, or its 5-digit code.",
                name=text[:60],
            )
        )
    if len(found) > 1:
        found.sort(key=_by_importance)
        raise PlaceError(
            _l(
                "Several settlements are called “%(name)s”: %(candidates)s. Choose one, or type its code.",
                name=text[:60],
                candidates="; ".join(place_text(p) for p in found),
            ),
            found,
        )
    return found[0]


def suggest_settlements(text, limit=SUGGESTIONS):
    """The settlements whose name begins with the typed text (in Cyrillic or Latin letters), exact
    names first, then towns before villages: the suggestions offered while typing."""
    text = (text or "").strip()[:MAX_TYPED]
    places, by_code = _places()
    if _CODE.fullmatch(text):
        return [by_code[text]] if text in by_code else []
    code = _CODE_AT_END.search(text)
    if code and code.group(1) in by_code:
        return [by_code[code.group(1)]]
    kind, key, latin, _rest = _parse(text)
    if not key:
        return []
    latin = latin if not any(analysis.is_cyrillic(word) for word in key.split()) else ""
    found = [p for p in places if _matches(p, kind, key, latin, prefix=True)]
    found.sort(key=lambda p: (not _matches(p, kind, key, latin), *_by_importance(p)))
    return found[:limit]
