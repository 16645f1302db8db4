"""The register's licences as documents of the search index: their filter tokens, the places and
professions they are analysed with, and the reindex (in other processes for a large register)."""

import functools
import itertools
import os
import time
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
    Region,
    Settlement,
    Speciality,
    id_in,
)

REGISTER = "licences"


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
