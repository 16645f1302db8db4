"""The register's search: licences as documents of the search index, and the page a query returns.

A package: indexing (the documents and the reindex); the queries and facets live here, and this
module re-exports indexing's names, so `from register import search; search.reindex()` works."""

import functools
import time
from dataclasses import dataclass

import peewee as pw

import search_index
from register import rules
from register.models import (
    SORTS,
    Centre,
    Licence,
    LicensedSpeciality,
    ProfessionalField,
    Region,
    Settlement,
    find_licences,
    id_in,
)
from register.search.indexing import (  # noqa: F401 - the package's names
    ENTITIES_TTL,
    REGISTER,
    WORKERS_MINIMUM,
    Lookups,
    _batch_bounds,
    _database_url,
    _documents,
    _entities,
    _from_workers,
    _place_tokens,
    _receive,
    analyse_licence,
    entities,
    filter_groups,
    filter_tokens,
    index_licence,
    licence_document,
    reindex,
    reindex_licence,
    reindex_worker,
)

COUNT_CAP = 1000  # up to this many hits: exact count, facets, ranking; beyond: the cheap path


# --- Queries ------------------------------------------------------------------------------------------


@dataclass
class Result:
    """What a search of the register found: the page of rows and what the page says about them."""

    query: object  # the peewee query of every hit, cheaply ordered (exports use it)
    ids: list  # the page's licence ids, in order
    total: object  # an int, or None for "more than COUNT_CAP" when counting would be slow
    page: int
    pages: object  # an int, or None with total
    parsed: object = None  # search_index.Query, for highlighting
    suggestion: str = ""  # "Did you mean …" text when the words were corrected
    facets: object = None  # facet_counts(), or None when not computed for a large result
    has_next: bool = False

    @property
    def rows(self):
        """The page's licences as model objects (the views use export.licence_rows(ids) instead)."""
        return Licence.rows(self.ids)


def _filtered(filters, closed_only):
    return find_licences(closed_only=closed_only, **filters.query_kwargs())


def _exact_number_ids(numbers):
    """Licences whose number, or whose centre's ЕИК, is one of the numbers (two index lookups)."""
    if not numbers:
        return []
    by_number = Licence.select(Licence.id).where(Licence.number.in_(numbers))
    by_eik = Licence.select(Licence.id).join(Centre).where(Centre.eik.in_(numbers))
    return sorted({licence_id for (licence_id,) in (by_number | by_eik).tuples()})


def _has_hits(closed_only, filters):
    def check(query):
        """Whether the query finds anything: one row from the index, words and filters together."""
        return bool(
            search_index.first_ids(REGISTER, query.with_required(filter_groups(filters, closed_only)), 1)
        )

    return check


@dataclass
class Matches:
    """What the words matched: the analysed query, the SQL query of every hit, the licences whose
    number the words are, the "did you mean" text, and, when the words are the only filter, the first
    COUNT_CAP + 1 hits straight from the index (enough to count, or to list the first pages)."""

    parsed: object
    query: object
    exact_ids: list
    suggestion: str = ""
    first_hits: list = None  # None only when there are no words
    documents: dict = None  # {id: (name text, tokens)} of the first hits, read with them


def matches(filters, closed_only=False):
    """The hits of the filters and words, corrected when the words find nothing (Matches)."""
    parsed = search_index.parse(filters.q, entities())
    if parsed.empty:
        return Matches(parsed, _filtered(filters, closed_only), [])
    exact_ids = _exact_number_ids(parsed.numbers)
    found = _matches(filters, closed_only, parsed, exact_ids)
    if not exact_ids and not found.first_hits:
        corrected = search_index.suggest(REGISTER, parsed, _has_hits(closed_only, filters))
        if corrected is not None:
            found = _matches(filters, closed_only, corrected, exact_ids)
            found.suggestion = corrected.text
    return found


def _matches(filters, closed_only, parsed, exact_ids):
    """The index answers words and filters together (filters are tokens in every document)."""
    narrowed = parsed.with_required(filter_groups(filters, closed_only))
    documents = search_index.first_documents(REGISTER, narrowed, COUNT_CAP + 1)
    exact = []
    if exact_ids:  # the licences the numbers name, if the filters keep them
        kept = _filtered(filters, closed_only).where(id_in(Licence.id, exact_ids)).select(Licence.id)
        exact = [licence_id for (licence_id,) in kept.tuples()]
        missing = [i for i in exact if i not in documents]
        documents.update(search_index.documents(REGISTER, missing) if missing else {})
    first = exact + [i for i in documents if i not in exact]
    if filters.employment is not None:
        # The index has no token for a computed figure: the words' hits are narrowed in SQL.
        kept = {
            i
            for (i,) in _filtered(filters, closed_only)
            .where(id_in(Licence.id, first))
            .select(Licence.id)
            .tuples()
        }
        first = [i for i in first if i in kept]
        documents = {i: documents[i] for i in first if i in documents}
    return Matches(narrowed, _hits(filters, closed_only, narrowed, exact), exact, "", first, documents)


def _words_only(filters, closed_only):
    """Whether nothing but words narrows the register."""
    return not closed_only and not filters.replace(q="").active


def search(filters, closed_only=False, want_facets=False):
    """The register for these filters and search words: ranked, counted, faceted, corrected.

    Up to COUNT_CAP hits: an exact count, facets, and ranking by relevance. Beyond: facets only if
    cached or asked for (`want_facets`), else the count reads "1,000+" and hits come by name.
    """
    found = matches(filters, closed_only)
    parsed, matched, exact_ids = found.parsed, found.query, found.exact_ids
    facts = None
    if found.first_hits is not None and len(found.first_hits) <= COUNT_CAP:
        # Every hit is known by id already: count, facet and rank that list, not the search again,
        # from one read of each hit's status, name and region.
        matched = (
            Licence.select()
            .where(id_in(Licence.id, found.first_hits))
            .order_by(*SORTS[filters.effective_sort]())
        )
        facts = _facts(found.first_hits, found.documents)
    key = _facet_key(filters, closed_only)
    facets = _FACET_CACHE.get(key)
    if facets is None:
        if facts is not None:
            facets = _remember_facets(key, _facet_counts_of(facts))
        # Browsing without words is cached per register version and always worth counting.
        elif want_facets or parsed.empty:
            facets = _facet_counts(
                key, matched, narrowed=not (parsed.empty and _words_only(filters, closed_only))
            )
    total = sum(facets["status"].values()) if facets is not None else None
    size = filters.size
    if total is not None:
        pages = max(1, -(-total // size))
        page = min(filters.page, pages)
    else:
        pages, page = None, filters.page
    relevance = not parsed.empty and filters.effective_sort == "relevance"
    if relevance and facts is not None:
        ids = _ranked_page(facts, parsed, exact_ids, page, size)
    elif relevance:
        # Too many to rank: the index lists them in its own order, which reindex makes name order.
        start = (page - 1) * size
        if start + size < len(found.first_hits):
            ids = found.first_hits[start : start + size + 1]
        else:
            ids = search_index.first_ids(REGISTER, parsed, size + 1, offset=start)
    else:
        rows = matched.select(Licence.id).offset((page - 1) * size).limit(size + 1).tuples()
        ids = [row_id for (row_id,) in rows]
    has_next = page < pages if pages is not None else len(ids) > size
    return Result(matched, ids[:size], total, page, pages, parsed, found.suggestion, facets, has_next)


def _hits(filters, closed_only, parsed, exact_ids):
    """Every licence the words match (or whose number they are), with the filters applied."""
    node = search_index.matching(REGISTER, parsed)
    query = _filtered(filters, closed_only)
    condition = Licence.id.in_(node)
    if exact_ids:
        condition |= id_in(Licence.id, exact_ids)
    return query.where(condition)


def _facts(ids, documents):
    """[(licence id, status, name text, region code, [field codes])] of the hits, from their search
    documents (read with the hits): what a small result set is counted and ranked by."""
    values = _token_values(int(time.monotonic() // ENTITIES_TTL), id(Licence._meta.database.obj))
    facts = []
    for licence_id in ids:
        if licence_id not in documents:
            continue
        _, name, tokens = documents[licence_id]
        status, region, fields = "", "", []
        for token in tokens.split():
            kind, code = values.get(token, ("", ""))
            if kind == "status":
                status = code
            elif kind == "region":
                region = code
            elif kind == "field":
                fields.append(code)
        facts.append((licence_id, status, name, region, fields))
    return facts


@functools.lru_cache(maxsize=2)
def _token_values(period, database_identity):
    """{filter token: (kind, code)} for statuses, regions and fields: tokens read back as values."""
    values = {search_index.filter_token("status", s): ("status", s) for s in rules.STATUSES}
    values.update({search_index.filter_token("region", c): ("region", c) for c in _names(Region)})
    values.update({search_index.filter_token("field", c): ("field", c) for c in _names(ProfessionalField)})
    return values


@functools.lru_cache(maxsize=4)
def _names_cached(model, period, database_identity):
    return dict(model.select(model.code, model.name).tuples())


def _names(model):
    """{code: name} of a small classifier (regions, professional fields), kept for a few minutes."""
    return _names_cached(model, int(time.monotonic() // ENTITIES_TTL), id(Licence._meta.database.obj))


def _ranked_page(facts, parsed, exact_ids, page, size):
    order = {status: index for index, status in enumerate(rules.STATUSES)}
    candidates = [
        (licence_id, (order.get(status, 9), name, licence_id)) for licence_id, status, name, _, _ in facts
    ]
    names = {licence_id: name for licence_id, _, name, _, _ in facts}
    ordered = search_index.rank(parsed, candidates, names, exact_ids, limit=page * size)
    return ordered[(page - 1) * size : page * size]


# --- Facets -------------------------------------------------------------------------------------------


def _facet_key(filters, closed_only):
    """Facets are cached per register version (its last change) and query."""
    return (
        Licence.version(),
        _figures_version() if filters.employment is not None or filters.sort == "-employment" else None,
        closed_only,
        filters.q,
        tuple(filters.params(page=1, sort="", size=25)),
    )


def _figures_version():
    """The employment figures' version: they are written anew on each change, so the largest id."""
    from register.quality.models import EmploymentFigure

    return EmploymentFigure.select(pw.fn.MAX(EmploymentFigure.id)).scalar()


_FACET_CACHE = {}
_FACET_CACHE_SIZE = 512


def _facet_counts(key, matched, narrowed=True):
    """{"status": {code: n}, "region": {code: (name, n)}, "field": {code: (name, n)}} over all hits.

    `narrowed` False: the hits are the whole register, so no membership test is needed.
    """
    ids = matched.select(Licence.id).order_by()
    status = dict(
        matched.select(Licence.status, pw.fn.COUNT(Licence.id)).order_by().group_by(Licence.status).tuples()
    )
    region = {
        code: (name, count)
        for code, name, count in Licence.select(Region.code, Region.name, pw.fn.COUNT(Licence.id))
        .join(Centre)
        .join(Settlement)
        .join(Region)
        .where(Licence.id.in_(ids))
        .group_by(Region.code, Region.name)
        .tuples()
    }
    fields = _field_counts(LicensedSpeciality.licence.in_(ids) if narrowed else True)
    return _remember_facets(key, {"status": status, "region": region, "field": fields})


def _field_counts(licences):
    """{field code: (name, licences)} over the current specialities of the licences the condition keeps."""
    return {
        code: (name, count)
        for code, name, count in LicensedSpeciality.select(
            LicensedSpeciality.field_code,
            ProfessionalField.name,
            pw.fn.COUNT(LicensedSpeciality.licence.distinct()),
        )
        .join(ProfessionalField, on=(ProfessionalField.code == LicensedSpeciality.field_code))
        .where(LicensedSpeciality.removed_on.is_null() & licences)
        .group_by(LicensedSpeciality.field_code, ProfessionalField.name)
        .tuples()
    }


def _facet_counts_of(facts):
    """The facets of a known list of hits (_facts), counted here."""
    status, region, field = {}, {}, {}
    for _, code, _, region_code, field_codes in facts:
        status[code] = status.get(code, 0) + 1
        region[region_code] = region.get(region_code, 0) + 1
        for field_code in field_codes:
            field[field_code] = field.get(field_code, 0) + 1
    regions, fields = _names(Region), _names(ProfessionalField)
    return {
        "status": status,
        "region": {code: (regions.get(code, code), n) for code, n in region.items() if code},
        "field": {code: (fields.get(code, code), n) for code, n in field.items()},
    }


def _remember_facets(key, facets):
    if len(_FACET_CACHE) >= _FACET_CACHE_SIZE:
        _FACET_CACHE.pop(next(iter(_FACET_CACHE)))
    _FACET_CACHE[key] = facets
    return facets
