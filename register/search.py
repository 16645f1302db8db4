"""The register's search: licences as documents of the search index, and the page a query returns."""

import functools
import itertools
import os
import time
from dataclasses import dataclass, field

import peewee as pw

import search_index
from register import rules
from register.models import (
    SORTS,
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
    id_in,
)

REGISTER = "licences"
COUNT_CAP = 1000  # up to this many hits: exact count, facets, ranking; beyond: the cheap path


# --- Documents ----------------------------------------------------------------------------------------


@dataclass
class Lookups:
    """The codes the documents need, read once per import or reindex."""

    places: dict = field(default_factory=dict)  # ekatte -> (municipality code, region code)
    specialities: dict = field(default_factory=dict)  # speciality code -> profession code
    place_tokens: dict = field(default_factory=dict)  # ekatte -> filter tokens, filled as used

    @classmethod
    def load(cls):
        """Read every settlement's and speciality's codes."""
        places = {
            ekatte: (municipality, region)
            for ekatte, municipality, region in Settlement.select(
                Settlement.ekatte, Settlement.municipality, Settlement.region
            ).tuples()
        }
        specialities = dict(Speciality.select(Speciality.code, Speciality.profession).tuples())
        return cls(places, specialities)


# The register's filters and the places and professions, written into each document as tokens no
# word can be (search_index.filter_token), so that words and filters are answered together by the
# full-text index. Place and profession names are not written into the documents: a word in one of
# them matches its token (entities()).
def filter_tokens(status, ekatte, speciality_codes, lookups):
    """The tokens of one licence: status, settlement, municipality, region, fields and professions."""
    professions = sorted({lookups.specialities[c] for c in speciality_codes if c in lookups.specialities})
    tokens = [search_index.filter_token("status", status), *_place_tokens(ekatte, lookups)]
    tokens += sorted({search_index.filter_token("field", p[:3]) for p in professions})
    tokens += [search_index.filter_token("profession", p) for p in professions]
    return tokens


def _place_tokens(ekatte, lookups):
    """The settlement's, region's and municipality's tokens (remembered per settlement)."""
    known = lookups.place_tokens.get(ekatte)
    if known is None:
        municipality, region = lookups.places.get(ekatte, ("", ""))
        kinds = (("settlement", ekatte), ("region", region), ("municipality", municipality))
        known = lookups.place_tokens[ekatte] = [search_index.filter_token(k, v) for k, v in kinds if v]
    return known


def filter_groups(filters, closed_only):
    """The filters as token groups (any token of a group, every group), or None if one cannot be."""
    groups = []
    statuses = list(rules.ARCHIVE_STATUSES) if closed_only else []
    if filters.statuses:
        statuses = [s for s in filters.statuses if not closed_only or s in statuses] or ["none"]
    if statuses:
        groups.append([search_index.filter_token("status", s) for s in statuses])
    for kind, value in (
        ("municipality", filters.municipality),
        ("region", "" if filters.municipality else filters.region),
        ("profession", filters.profession),
        ("field", "" if filters.profession else filters.field),
    ):
        if value:
            groups.append([search_index.filter_token(kind, value)])
    return groups


ENTITIES_TTL = 300  # seconds; places and professions change only when a CLI command loads them


def entities():
    """Settlements, municipalities, regions and professions by their tokens (search_index.Entities)."""
    return _entities(int(time.monotonic() // ENTITIES_TTL), id(Licence._meta.database.obj))


@functools.lru_cache(maxsize=2)
def _entities(period, database_identity):
    named = {}
    for kind, model, key in (
        ("settlement", Settlement, Settlement.ekatte),
        ("municipality", Municipality, Municipality.code),
        ("region", Region, Region.code),
        ("profession", Profession, Profession.code),
    ):
        for code, name in model.select(key, model.name).tuples():
            named[search_index.filter_token(kind, code)] = name
    return search_index.Entities(named)


def licence_document(number, name, owner_name, eik):
    """(name, other texts) of a licence: the centre's name; its owner and numbers."""
    return name, [owner_name, number, eik]


def index_licence(licence_id, number, status, centre, ekatte, speciality_codes, lookups):
    """Write one licence's document; call inside the transaction that wrote the licence."""
    document = analyse_licence(number, status, centre, ekatte, speciality_codes, lookups)
    search_index.write_document(REGISTER, licence_id, document)


def analyse_licence(number, status, centre, ekatte, speciality_codes, lookups):
    """One licence's search document analysed, before its id is known (an import prepares every
    row's outside the write transaction); written by index_licence or search_index.write_document."""
    name, others = licence_document(number, centre["name"], centre["owner_name"], centre["eik"])
    tokens = filter_tokens(status, ekatte, speciality_codes, lookups)
    return search_index.analyse_document(name, others, tokens)


def reindex_licence(licence):
    """Rewrite one licence's document from the database (after a status change)."""
    codes = [
        code
        for (code,) in LicensedSpeciality.select(LicensedSpeciality.speciality)
        .where((LicensedSpeciality.licence == licence) & LicensedSpeciality.removed_on.is_null())
        .tuples()
    ]
    centre = licence.centre
    index_licence(
        licence.id,
        licence.number,
        licence.status,
        {"name": centre.name, "owner_name": centre.owner_name, "eik": centre.eik},
        centre.settlement_id,
        codes,
        Lookups.load(),
    )


WORKERS_MINIMUM = 20000  # licences from which reindex reads and analyses in other processes


def reindex(batch=2000, progress=None, workers=None):
    """Rebuild every licence's document in one transaction; readers see the old index until commit.

    Documents go in by name, so that the index's own order is the register's name order: large
    result sets are then listed straight from the index (search_index.first_ids). Reading the
    licences in that order and analysing them costs more than the full-text engine's writes, so
    from WORKERS_MINIMUM licences two other processes (or `workers`) read and analyse alternate
    batches on their own connections while this one writes them in order (bench/README.md).
    """
    total = Licence.select().count()
    url = _database_url()
    if workers is None:
        workers = 2 if total >= WORKERS_MINIMUM else 0
    if not url or ":memory:" in url:
        workers = 0
    done = 0
    with Licence._meta.database.atomic():
        search_index.clear(REGISTER)
        bounds = _batch_bounds(batch)
        if workers:
            analysed_batches = _from_workers(url, bounds, workers)
        else:
            lookups = Lookups.load()
            analysed_batches = (
                search_index.analyse_documents(_documents(lower, upper, lookups))
                for lower, upper in itertools.pairwise([*bounds, None])
            )
        for analysed in analysed_batches:
            search_index.write_analysed(REGISTER, analysed)
            done += len(analysed[0])
            if progress:
                progress(done, total)
    return done


def _database_url():
    """A URL another process can open the same database with (a SQLite file by its full path)."""
    database = Licence._meta.database.obj
    if isinstance(database, pw.SqliteDatabase):
        return "sqlite:///" + os.path.abspath(database.database)
    from flask import current_app, has_app_context

    return current_app.config.get("DATABASE_URL") if has_app_context() else None


def _batch_bounds(batch):
    """The (sort name, id) that starts each batch of `batch` licences in name order (read from the
    index on sort_name as a stream: a million rows, one kept in every `batch`)."""
    cursor = Licence._meta.database.execute(
        Licence.select(Licence.sort_name, Licence.id).order_by(Licence.sort_name, Licence.id)
    )
    return [tuple(row) for index, row in enumerate(cursor) if index % batch == 0]


def _documents(lower, upper, lookups):
    """[(licence id, name, other texts, filter tokens)] of the licences from `lower` (a (sort name,
    id) pair, included) to `upper` (excluded; None for the end), in name order."""
    database = Licence._meta.database
    key = pw.Tuple(Licence.sort_name, Licence.id)
    rows = database.execute(  # a plain cursor: no per-value conversion for a million rows
        Licence.select(
            Licence.id,
            Licence.number,
            Centre.name,
            Centre.owner_name,
            Centre.eik,
            Centre.settlement,
            Licence.status,
        )
        .join(Centre)
        .where((key >= pw.Tuple(*lower)) & ((key < pw.Tuple(*upper)) if upper else True))
        .order_by(Licence.sort_name, Licence.id)
    ).fetchall()
    codes = {}
    for licence_id, code in database.execute(
        LicensedSpeciality.select(LicensedSpeciality.licence, LicensedSpeciality.speciality).where(
            id_in(LicensedSpeciality.licence, [row[0] for row in rows])
            & LicensedSpeciality.removed_on.is_null()
        )
    ).fetchall():
        codes.setdefault(licence_id, []).append(code)
    return [
        (
            licence_id,
            *licence_document(number, name, owner, eik),
            filter_tokens(status, ekatte, codes.get(licence_id, ()), lookups),
        )
        for licence_id, number, name, owner, eik, ekatte, status in rows
    ]


def _from_workers(url, bounds, workers):
    """Analysed batches in order, batch i read and analysed by worker i % workers; a worker's
    error is raised here (and the caller's transaction rolls back)."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")  # a fresh interpreter: no inherited connection
    ranges = list(itertools.pairwise([*bounds, None]))
    channels = [context.Queue(maxsize=3) for _ in range(workers)]  # memory stays bounded
    processes = [
        context.Process(
            target=reindex_worker, args=(url, ranges[number::workers], channels[number]), daemon=True
        )
        for number in range(workers)
    ]
    for process in processes:
        process.start()
    try:
        for index in range(len(ranges)):
            yield _receive(channels[index % workers], processes[index % workers])
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()
            process.join(timeout=10)


def _receive(channel, process):
    import queue as queues

    while True:
        try:
            item = channel.get(timeout=1)
        except queues.Empty:
            if not process.is_alive():
                raise RuntimeError(f"a reindex worker stopped (exit code {process.exitcode})") from None
            continue
        if isinstance(item, BaseException):
            raise RuntimeError("a reindex worker failed") from item
        return item


def reindex_worker(url, ranges, channel):
    """In another process: read and analyse the licences of each (lower, upper) range, in turn."""
    from portal.db import database, open_database

    try:
        database.initialize(open_database(url))
        lookups = Lookups.load()
        for lower, upper in ranges:
            channel.put(search_index.analyse_documents(_documents(lower, upper, lookups)))
    except Exception as error:  # sent to the parent, which raises it and rolls back
        channel.put(RuntimeError(f"{type(error).__name__}: {error}"))
    finally:
        if not database.is_closed():
            database.close()


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
        closed_only,
        filters.q,
        tuple(filters.params(page=1, sort="", size=25)),
    )


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
