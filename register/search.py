"""The register's search: licences as documents of the search index, and the page a query returns."""

from dataclasses import dataclass, field

import peewee as pw

import search_index
from register import rules
from register.models import (
    Centre,
    Licence,
    LicensedSpeciality,
    Municipality,
    Profession,
    ProfessionalField,
    Region,
    Settlement,
    Speciality,
    find_licences,
)

REGISTER = "licences"
RANK_LIMIT = 2000  # rank in Python up to this many hits; beyond, order by status and name


# --- Documents ----------------------------------------------------------------------------------------


@dataclass
class Lookups:
    """Names the documents need, read once per import or reindex."""

    places: dict = field(default_factory=dict)  # ekatte -> (settlement, municipality, region)
    specialities: dict = field(default_factory=dict)  # speciality code -> its profession's name

    @classmethod
    def load(cls):
        """Read every settlement's and speciality's names."""
        places = {
            ekatte: (name, municipality, region)
            for ekatte, name, municipality, region in Settlement.select(
                Settlement.ekatte, Settlement.name, Municipality.name, Region.name
            )
            .join(Municipality)
            .switch(Settlement)
            .join(Region)
            .tuples()
        }
        specialities = dict(Speciality.select(Speciality.code, Profession.name).join(Profession).tuples())
        return cls(places, specialities)


def licence_document(number, centre, ekatte, speciality_codes, lookups):
    """(name, other texts) of a licence: the centre's name; its owner, numbers, place and professions."""
    place = lookups.places.get(ekatte, ())
    others = [centre["owner_name"], number, centre["eik"], *place]
    others += dict.fromkeys(lookups.specialities.get(code, "") for code in speciality_codes)
    return centre["name"], others


def index_licence(licence_id, number, centre, ekatte, speciality_codes, lookups):
    """Write one licence's document; call inside the transaction that wrote the licence."""
    name, others = licence_document(number, centre, ekatte, speciality_codes, lookups)
    search_index.index_document(REGISTER, licence_id, name, others)


def reindex(batch=2000, progress=None):
    """Rebuild every licence's document in one transaction; readers see the old index until commit."""
    lookups = Lookups.load()
    total = Licence.select().count()
    done = 0
    with Licence._meta.database.atomic():
        search_index.clear(REGISTER)
        last_id = 0
        while True:
            database = Licence._meta.database
            rows = database.execute(  # a plain cursor: no per-value conversion for a million rows
                Licence.select(
                    Licence.id, Licence.number, Centre.name, Centre.owner_name, Centre.eik, Centre.settlement
                )
                .join(Centre)
                .where(Licence.id > last_id)
                .order_by(Licence.id)
                .limit(batch)
            ).fetchall()
            if not rows:
                break
            ids = [row[0] for row in rows]
            codes = {}
            for licence_id, code in database.execute(
                LicensedSpeciality.select(LicensedSpeciality.licence, LicensedSpeciality.speciality).where(
                    LicensedSpeciality.licence.between(ids[0], ids[-1])
                    & LicensedSpeciality.removed_on.is_null()
                )
            ).fetchall():
                codes.setdefault(licence_id, []).append(code)
            documents = []
            for licence_id, number, name, owner, eik, ekatte in rows:
                centre = {"name": name, "owner_name": owner, "eik": eik}
                documents.append(
                    (
                        licence_id,
                        *licence_document(number, centre, ekatte, codes.get(licence_id, []), lookups),
                    )
                )
            search_index.index_documents(REGISTER, documents)
            last_id = ids[-1]
            done += len(rows)
            if progress:
                progress(done, total)
    return done


# --- Queries ------------------------------------------------------------------------------------------


@dataclass
class Result:
    """What a search of the register found: the page of rows and what the page says about them."""

    query: object  # the peewee query of every hit, cheaply ordered (exports use it)
    rows: list
    total: int
    page: int
    pages: int
    parsed: object = None  # search_index.Query, for highlighting
    suggestion: str = ""  # "Did you mean …" text when the words were corrected
    facets: dict = field(default_factory=dict)


def _filtered(filters, closed_only, matching=None):
    return find_licences(matching=matching, closed_only=closed_only, **filters.query_kwargs())


def _exact_number_ids(numbers):
    if not numbers:
        return []
    return [
        licence_id
        for (licence_id,) in Licence.select(Licence.id)
        .join(Centre)
        .where(Licence.number.in_(numbers) | Centre.eik.in_(numbers))
        .tuples()
    ]


def _has_hits(closed_only, filters):
    def check(query):
        node = search_index.matching(REGISTER, query)
        return _filtered(filters, closed_only, node).limit(1).exists()

    return check


def matches(filters, closed_only=False):
    """(analysed query, peewee query of every hit, exact-number ids, "did you mean" text)."""
    parsed = search_index.parse(filters.q)
    if parsed.empty:
        return parsed, _filtered(filters, closed_only), [], ""
    exact_ids = _exact_number_ids(parsed.numbers)
    matched = _hits(filters, closed_only, parsed, exact_ids)
    if not exact_ids and not matched.limit(1).exists():
        corrected = search_index.suggest(REGISTER, parsed, _has_hits(closed_only, filters))
        if corrected is not None:
            return corrected, _hits(filters, closed_only, corrected, exact_ids), exact_ids, corrected.text
    return parsed, matched, exact_ids, ""


def search(filters, closed_only=False):
    """The register for these filters and search words: ranked, counted, faceted, corrected."""
    parsed, matched, exact_ids, suggestion = matches(filters, closed_only)
    facets = facet_counts(matched, filters, closed_only)
    total = sum(facets["status"].values())
    pages = max(1, -(-total // filters.size))
    page = min(filters.page, pages)
    if not parsed.empty and filters.effective_sort == "relevance" and total <= RANK_LIMIT:
        rows = _ranked_page(matched, parsed, exact_ids, page, filters.size)
    else:
        rows = list(matched.paginate(page, filters.size))
    return Result(matched, rows, total, page, pages, parsed, suggestion, facets)


def _hits(filters, closed_only, parsed, exact_ids):
    node = search_index.matching(REGISTER, parsed)
    query = _filtered(filters, closed_only)
    condition = Licence.id.in_(node)
    if exact_ids:
        condition |= Licence.id.in_(exact_ids)
    return query.where(condition)


def _ranked_page(matched, parsed, exact_ids, page, size):
    order = {status: index for index, status in enumerate(rules.STATUSES)}
    candidates = [
        (licence_id, (order.get(status, 9), sort_name, licence_id))
        for licence_id, status, sort_name in matched.select(Licence.id, Licence.status, Licence.sort_name)
        .order_by()
        .tuples()
    ]
    ordered = search_index.rank(REGISTER, parsed, candidates, exact_ids)
    page_ids = ordered[(page - 1) * size : page * size]
    by_id = {row.id: row for row in Licence.register().where(Licence.id.in_(page_ids))}
    return [by_id[i] for i in page_ids if i in by_id]


# --- Facets -------------------------------------------------------------------------------------------


def facet_counts(matched, filters, closed_only):
    """{"status": {code: n}, "region": {code: (name, n)}, "field": {code: (name, n)}} over all hits.

    Cached per register version and query, so the unfiltered register's facets cost one computation.
    """
    version = Licence.last_changed()
    key = (str(version), closed_only, filters.q, tuple(filters.params(page=1, sort="", size=25)))
    return _facet_counts_cached(key, matched)


_FACET_CACHE = {}
_FACET_CACHE_SIZE = 512


def _facet_counts_cached(key, matched):
    if key in _FACET_CACHE:
        return _FACET_CACHE[key]
    ids = matched.select(Licence.id).order_by()
    status = dict(
        matched.select(Licence.status, pw.fn.COUNT(Licence.id)).order_by().group_by(Licence.status).tuples()
    )
    region = {
        code: (name, count)
        for code, name, count in matched.select(Region.code, Region.name, pw.fn.COUNT(Licence.id))
        .order_by()
        .group_by(Region.code, Region.name)
        .tuples()
    }
    fields = {
        code: (name, count)
        for code, name, count in LicensedSpeciality.select(
            LicensedSpeciality.field_code,
            ProfessionalField.name,
            pw.fn.COUNT(LicensedSpeciality.licence.distinct()),
        )
        .join(ProfessionalField, on=(ProfessionalField.code == LicensedSpeciality.field_code))
        .where(LicensedSpeciality.licence.in_(ids) & LicensedSpeciality.removed_on.is_null())
        .group_by(LicensedSpeciality.field_code, ProfessionalField.name)
        .tuples()
    }
    result = {"status": status, "region": region, "field": fields}
    if len(_FACET_CACHE) >= _FACET_CACHE_SIZE:
        _FACET_CACHE.pop(next(iter(_FACET_CACHE)))
    _FACET_CACHE[key] = result
    return result
