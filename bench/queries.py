"""In-process timings of the register's query (find_licences), run by bench/run.py as a subprocess.

    .venv/bin/python bench/queries.py --database-url sqlite:////abs/db.sqlite3 --params JSON

Prints JSON lines on stdout as it goes: {"api": ...} first, then one {"query": {...}, "plans": [...]}
a variant, so a run stopped half-way still has its figures. Every loop is bounded by --reps and by
--budget seconds per operation (at least --min-reps repetitions; an operation whose first run took
longer than --slow seconds gets no warm-up and only 3 repetitions). A variant that raises is
reported with its error and the others still run.

Text search: when find_licences() takes `q` (the basic LIKE search), it is called with it; when
the words go through register.search instead, the search's `matches()` query is timed, and
`search.search()` (what the page runs: count, facets, ranked page) is timed as well.
"""

import argparse
import inspect
import itertools
import json
import logging
import math
import os
import sys
import time
import traceback

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

PAGE_SIZE = 25


def percentile(values, fraction):
    """Nearest-rank percentile of a non-empty list."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


class _Capture(logging.Handler):
    """Collects the (sql, params) pairs peewee logs at DEBUG."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.queries = []

    def emit(self, record):
        if isinstance(record.msg, tuple) and len(record.msg) == 2:
            self.queries.append(record.msg)


class Register:
    """The query functions of whichever version of the app is on disk."""

    def __init__(self):
        from register import models

        self.models = models
        self.find = models.find_licences
        self.takes_q = "q" in inspect.signature(self.find).parameters
        try:
            from register import search
            from register.filters import RegisterFilters
        except ImportError:
            search = RegisterFilters = None
        self.search = search if search is not None and hasattr(search, "matches") else None
        self.filters = RegisterFilters
        self.api = "find_licences(q=...)" if self.takes_q else "register.search.matches(filters)"

    def query(self, q="", **kwargs):
        """The peewee query of every licence matching the words and filters, in `sort` order."""
        if not q:
            return self.find(**kwargs)
        if self.takes_q:
            return self.find(q=q, **kwargs)
        if self.search is None:
            raise RuntimeError("find_licences() takes no q and register.search has no matches()")
        closed_only = kwargs.pop("closed_only", False)
        filters = self.filters(q=q, **kwargs)
        return self.search.matches(filters, closed_only).query

    def page(self, query, number):
        """One page of rows ready to list, the way the listing reads it: the page's ids from the
        (lean) query, then the rows by id (Licence.rows), where the app has that; else the rows."""
        licence = self.models.Licence
        if hasattr(licence, "rows"):
            ids = [i for (i,) in query.select(licence.id).paginate(number, PAGE_SIZE).tuples()]
            return licence.rows(ids)
        return list(query.paginate(number, PAGE_SIZE))

    def search_page(self, q="", page=1, cold=False, **kwargs):
        """register.search.search(): what the listing page asks for. cold: its facet cache emptied
        first (a query nobody asked since the register last changed)."""
        closed_only = kwargs.pop("closed_only", False)
        options = {}
        if "want_facets" in inspect.signature(self.search.search).parameters:
            options["want_facets"] = True
        if cold:
            cache = getattr(self.search, "_FACET_CACHE", None)
            if hasattr(cache, "clear"):
                cache.clear()
        return self.search.search(self.filters(q=q, page=page, **kwargs), closed_only, **options)


def _variants(p):
    """(name, function of Register returning a callable) for each timed operation."""
    deep = p["deep_page_date"]
    q, rare, field, profession = p["q"], p["q_rare"], p["field"], p["profession"]

    def page(n=1, **kw):
        return lambda r: lambda: r.page(r.query(**kw), n)

    def count(**kw):
        return lambda r: lambda: r.query(**kw).count()

    out = [
        ("no filter: page 1", page()),
        ("no filter: count", count()),
        (f"q={q}: page 1", page(q=q)),
        (f"q={q}: count", count(q=q)),
        (f"q={rare} (rare word): page 1", page(q=rare)),
        ("region=SOF: page 1", page(region="SOF")),
        ("region=SOF: count", count(region="SOF")),
        (f"region=SOF field={field}: page 1", page(region="SOF", field=field)),
        (f"profession={profession}: page 1", page(profession=profession)),
        (f"profession={profession}: count", count(profession=profession)),
        ("closed_only: page 1", page(closed_only=True)),
        ("closed_only: count", count(closed_only=True)),
        (f"sort=-date: page {deep}", page(deep, sort="-date")),
        (f"sort=name: page {deep}", page(deep, sort="name")),
    ]
    numbers = itertools.cycle(p["numbers"])
    out.append(("Licence.by_number", lambda r: lambda: r.models.Licence.by_number(next(numbers))))
    # The listing's whole data function, where there is one, with the facet counts (asked for, where
    # that is optional): warm = its per-process cache hit, as for a repeated query; cold = emptied.
    for label, kw in (("no filter", {}), (f"q={q}", {"q": q}), ("region=SOF", {"region": "SOF"})):
        for cold in (False, True):
            out.append(
                (
                    f"search.search({label}), {'cold' if cold else 'warm'} facet cache",
                    lambda r, kw=kw, cold=cold: (
                        (lambda: r.search_page(cold=cold, **kw)) if r.search else None
                    ),
                )
            )
    return out


def _size(value):
    if isinstance(value, int):
        return value
    if isinstance(value, list):
        return len(value)
    total = getattr(value, "total", None)
    return total if isinstance(total, int) else int(value is not None)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--data-dir", default="")
    parser.add_argument("--params", required=True, help="JSON: q, q_rare, field, profession, ...")
    parser.add_argument("--reps", type=int, default=50)
    parser.add_argument("--min-reps", type=int, default=5)
    parser.add_argument("--budget", type=float, default=20.0, help="seconds per operation, at most")
    parser.add_argument("--slow", type=float, default=2.0, help="seconds: a slower first run is slow")
    args = parser.parse_args()
    params = json.loads(args.params)

    from portal import create_app
    from portal.db import database

    config = {"DATABASE_URL": args.database_url, "SECRET_KEY": "bench-only-secret"}
    if args.data_dir:
        config["DATA_DIR"] = args.data_dir
    app = create_app(config)

    def emit(item):
        print(json.dumps(item, ensure_ascii=False), flush=True)

    peewee_log = logging.getLogger("peewee")
    with app.app_context(), app.test_request_context("/licences/"):
        register = Register()
        emit({"api": register.api})
        database.connect(reuse_if_open=True)
        for name, make in _variants(params):
            job = make(register)
            if job is None:
                continue
            try:
                # The plan of every statement the operation runs, captured once, untimed.
                capture = _Capture()
                peewee_log.addHandler(capture)
                old_level = peewee_log.level
                peewee_log.setLevel(logging.DEBUG)
                first = time.perf_counter()
                try:
                    value = job()
                finally:
                    first = time.perf_counter() - first
                    peewee_log.removeHandler(capture)
                    peewee_log.setLevel(old_level)
                plans = [
                    {
                        "sql": sql,
                        "params": [str(x) for x in sql_params],
                        "plan": [
                            row[-1] for row in database.execute_sql("EXPLAIN QUERY PLAN " + sql, sql_params)
                        ],
                    }
                    for sql, sql_params in capture.queries
                    if sql.lstrip().upper().startswith(("SELECT", "WITH"))
                ]
                slow = first > args.slow
                if not slow:
                    job()  # one more warm-up
                min_reps = 3 if slow else args.min_reps
                times = []
                started = time.perf_counter()
                for _ in range(args.reps):
                    t0 = time.perf_counter()
                    job()
                    times.append((time.perf_counter() - t0) * 1000.0)
                    if len(times) >= min_reps and time.perf_counter() - started > args.budget:
                        break
            except Exception as error:  # a variant the app on disk cannot run: report, go on
                if database.in_transaction():
                    database.rollback()
                failure = {"name": name, "error": f"{type(error).__name__}: {error}"}
                emit({"query": failure, "plans": []})
                print(f"    {name:45} FAILED {failure['error']}", file=sys.stderr, flush=True)
                traceback.print_exc(limit=3, file=sys.stderr)
                continue
            result = {
                "name": name,
                "reps": len(times),
                "p50_ms": percentile(times, 0.50),
                "p95_ms": percentile(times, 0.95),
                "min_ms": min(times),
                "statements": len(plans),
                "result": _size(value),
            }
            emit({"query": result, "plans": plans})
            print(
                f"    {name:45} p50 {result['p50_ms']:8.2f} ms  ({len(times)} reps)",
                file=sys.stderr,
                flush=True,
            )
        database.close()


if __name__ == "__main__":
    main()
