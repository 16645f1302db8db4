"""In-process timings of the register's query (find_licences), run by bench/run.py as a subprocess.

    .venv/bin/python bench/queries.py --database-url sqlite:////abs/db.sqlite3 --params JSON

Prints one JSON object on stdout: {"queries": [...], "plans": {...}}. Every loop is bounded by
--reps and by --budget seconds per operation (at least --min-reps repetitions are always made).
"""

import argparse
import itertools
import json
import logging
import math
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)


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


def _variants(p):
    """(label, find_licences kwargs, operation, page) for each timed variant."""
    deep = p["deep_page_date"]
    out = [
        ("no filter", {}, "page", 1),
        ("no filter", {}, "count", None),
        (f"q={p['q']}", {"q": p["q"]}, "page", 1),
        (f"q={p['q']}", {"q": p["q"]}, "count", None),
        (f"q={p['q_rare']}", {"q": p["q_rare"]}, "page", 1),
        ("region=SOF", {"region": "SOF"}, "page", 1),
        ("region=SOF", {"region": "SOF"}, "count", None),
        (
            f"region=SOF field={p['field']}",
            {"region": "SOF", "field": p["field"]},
            "page",
            1,
        ),
        (f"profession={p['profession']}", {"profession": p["profession"]}, "page", 1),
        (f"profession={p['profession']}", {"profession": p["profession"]}, "count", None),
        ("closed_only", {"closed_only": True}, "page", 1),
        ("closed_only", {"closed_only": True}, "count", None),
        (f"sort=-date page={deep}", {"sort": "-date"}, "page", deep),
        (f"sort=name page={deep}", {"sort": "name"}, "page", deep),
    ]
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--data-dir", default="")
    parser.add_argument("--params", required=True, help="JSON: q, q_rare, field, profession, ...")
    parser.add_argument("--reps", type=int, default=50)
    parser.add_argument("--min-reps", type=int, default=5)
    parser.add_argument("--budget", type=float, default=20.0, help="seconds per operation, at most")
    args = parser.parse_args()
    params = json.loads(args.params)

    from portal import create_app
    from portal.db import database
    from register.models import Licence, find_licences

    config = {"DATABASE_URL": args.database_url}
    if args.data_dir:
        config["DATA_DIR"] = args.data_dir
    app = create_app(config)

    def operation(kwargs, op, page):
        if op == "count":
            return lambda: find_licences(**kwargs).count()
        return lambda: list(find_licences(**kwargs).paginate(page, 25))

    jobs = [
        (f"{label}: {op}" + (f" (page {page})" if op == "page" else ""), operation(k, op, page))
        for label, k, op, page in _variants(params)
    ]
    numbers = itertools.cycle(params["numbers"])
    jobs.append(("Licence.by_number", lambda: Licence.by_number(next(numbers))))

    results, plans = [], {}
    peewee_log = logging.getLogger("peewee")
    with app.app_context():
        database.connect(reuse_if_open=True)
        for name, job in jobs:
            # The plan of every statement the operation runs, captured once, untimed.
            capture = _Capture()
            peewee_log.addHandler(capture)
            old_level = peewee_log.level
            peewee_log.setLevel(logging.DEBUG)
            try:
                rows = job()
            finally:
                peewee_log.removeHandler(capture)
                peewee_log.setLevel(old_level)
            plans[name] = [
                {
                    "sql": sql,
                    "params": [str(x) for x in params_],
                    "plan": [row[-1] for row in database.execute_sql("EXPLAIN QUERY PLAN " + sql, params_)],
                }
                for sql, params_ in capture.queries
            ]
            if isinstance(rows, int):
                result_size = rows
            elif isinstance(rows, list):
                result_size = len(rows)
            else:
                result_size = int(rows is not None)
            job()  # one more warm-up
            times = []
            started = time.perf_counter()
            for _ in range(args.reps):
                t0 = time.perf_counter()
                job()
                times.append((time.perf_counter() - t0) * 1000.0)
                if len(times) >= args.min_reps and time.perf_counter() - started > args.budget:
                    break
            results.append(
                {
                    "name": name,
                    "reps": len(times),
                    "p50_ms": percentile(times, 0.50),
                    "p95_ms": percentile(times, 0.95),
                    "min_ms": min(times),
                    "result": result_size,
                }
            )
            print(
                f"    {name:45} p50 {results[-1]['p50_ms']:8.2f} ms  ({len(times)} reps)",
                file=sys.stderr,
                flush=True,
            )
        database.close()
    json.dump({"queries": results, "plans": plans}, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
