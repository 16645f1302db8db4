#!/usr/bin/env python3
"""Search benchmarks: reindex time, in-process search() latency, search page throughput and memory.

    .venv/bin/python bench/search.py [--sizes 100000,1000000] [--seconds 20] [--out FILE.jsonl]

For each size N: a bulk-built SQLite register (bench/bulk.py, cached) copied to a temp dir;
`flask search reindex` timed (the index is not in the cached file); a mixed set of >= 500 queries
built deterministically from the data; `register.search.search()` timed in-process for every query
(one warm-up pass, then one timed pass); gunicorn with 2 sync workers, /healthz and the search page
(cycling through the query set) under a closed loop of --clients clients; worker RSS from /proc.

Every figure is printed as a JSON line (run id, commit, size, metric, value, unit, ratio to the
/healthz of the same run where it applies) to --out or stdout, and in a short table (stdout when
--out is given, else stderr). No pass/fail thresholds: the issue's targets are printed beside the
figures for reading, never asserted. See bench/README.md, "Search".
"""

import argparse
import collections
import cProfile
import datetime
import io
import itertools
import json
import os
import pstats
import random
import re
import shutil
import signal
import sqlite3
import sys
import tempfile
import threading
import time
import uuid
from urllib.parse import urlencode

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
for path in (ROOT, BENCH):
    if path not in sys.path:
        sys.path.insert(0, path)

import bulk  # noqa: E402
import run as regbench  # noqa: E402  (bench/run.py: Server, percentile, /proc helpers)
from run import BenchError, log, percentile  # noqa: E402

# The targets, printed beside the figures (never asserted).
TARGETS = {
    100000: {"page_ratio": 0.15, "inproc_ms": 20},
    1000000: {"page_ratio": 0.05, "inproc_ms": 60, "reindex_s": 60},
}
KINDS = ("word", "two_words", "prefix", "typo", "latin", "town", "owner", "number", "eik", "region", "field")


# --- the query set -------------------------------------------------------------------------------------


def _letters(text, minimum=4):
    return [w for w in re.findall(r"[^\W\d_]+", text) if len(w) >= minimum]


def build_queries(db_path, seed, count):
    """>= count query dicts {"kind", "q", params...}, chosen from the data, the same for the same seed."""
    from search_index.analysis import to_latin

    rng = random.Random(seed)
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        top = conn.execute("SELECT MAX(id) FROM licence").fetchone()[0]
        ids = sorted(rng.sample(range(1, top + 1), k=min(top, 600)))
        marks = ",".join("?" * len(ids))
        rows = conn.execute(
            "SELECT l.number, c.name, c.owner_name, c.eik, s.name, s.region_code FROM licence AS l"
            " JOIN centre AS c ON c.id = l.centre_id JOIN settlement AS s ON s.ekatte = c.settlement_ekatte"
            f" WHERE l.id IN ({marks}) ORDER BY l.id",
            ids,
        ).fetchall()
        fields = [
            r[0]
            for r in conn.execute(
                "SELECT field_code FROM licensed_speciality WHERE removed_on IS NULL"
                " GROUP BY field_code ORDER BY COUNT(*) DESC, field_code"
            )
        ]
    finally:
        conn.close()
    if not rows:
        raise BenchError("the register is empty")
    per_kind = max(1, -(-count // len(KINDS)))
    out = collections.OrderedDict()

    def add(kind, q, **extra):
        q = q.strip()
        if q and (q, tuple(sorted(extra.items()))) not in out:
            out[(q, tuple(sorted(extra.items())))] = {"kind": kind, "q": q, **extra}

    def name_word(row, minimum=4):
        words = [w for w in _letters(row[1], minimum) if w.lower() not in ("към", "център")] or _letters(
            row[1], 3
        )
        return rng.choice(words) if words else row[4]

    def typo(word):
        word = word.lower()
        i = rng.randrange(1, len(word) - 1)
        if rng.random() < 0.5:
            return word[:i] + word[i + 1] + word[i] + word[i + 2 :]  # swap neighbours
        return word[:i] + word[i + 1 :]  # drop a letter

    makers = {
        "word": lambda r: add("word", name_word(r).lower()),
        "two_words": lambda r: add("two_words", f"{name_word(r)} {r[4]}".lower()),
        "prefix": lambda r: add("prefix", (w := name_word(r, 5).lower())[: rng.randint(3, min(5, len(w)))]),
        "typo": lambda r: (w := name_word(r, 5)) and len(w) >= 5 and add("typo", typo(w)),
        "latin": lambda r: add(
            "latin",
            " ".join(to_latin(w.lower()) for w in ([name_word(r)] + ([r[4]] if rng.random() < 0.5 else []))),
        ),
        "town": lambda r: add("town", r[4]),
        "owner": lambda r: (w := _letters(r[2], 4)) and add("owner", rng.choice(w)),
        "number": lambda r: add("number", r[0]),
        "eik": lambda r: add("eik", r[3]),
        "region": lambda r: add("region", name_word(r).lower(), region=rng.choice([r[5], "SOF"])),
        "field": lambda r: add("field", name_word(r).lower(), field=rng.choice(fields[:8])),
    }
    cycle = itertools.cycle(rows)
    for kind in KINDS:
        target = sum(1 for v in out.values() if v["kind"] == kind) + per_kind
        for _ in range(per_kind * 20):
            if sum(1 for v in out.values() if v["kind"] == kind) >= target:
                break
            makers[kind](next(cycle))
    queries = list(out.values())
    rng.shuffle(queries)  # kinds interleaved: a pass cut short by its budget still covers them all
    return queries


def query_args(item):
    return {k: v for k, v in item.items() if k in ("q", "region", "field")}


def page_path(item):
    return "/licences/?" + urlencode(query_args(item))


# --- in-process ----------------------------------------------------------------------------------------


class StatementLog:
    """Wraps the bound database's execute_sql: every statement with its time (for --explain)."""

    def __init__(self, database):
        self.database, self.records, self.original = database, None, database.execute_sql

    def __enter__(self):
        self.records = []
        original = self.original

        def traced(sql, params=None, *args, **kwargs):
            t0 = time.perf_counter()
            cursor = original(sql, params, *args, **kwargs)
            self.records.append((sql, list(params or ()), (time.perf_counter() - t0) * 1000.0))
            return cursor

        self.database.execute_sql = traced
        return self

    def __exit__(self, *exc):
        del self.database.execute_sql  # back to the class's method


def measure_inprocess(db_path, queries, budget, explain=0, profile=False):
    """search.search() per query: a warm-up pass (first call: facets computed), then a timed pass."""
    from werkzeug.datastructures import MultiDict

    from portal import create_app
    from portal.db import database
    from register import search
    from register.filters import RegisterFilters

    app = create_app({"DATABASE_URL": "sqlite:///" + db_path, "SECRET_KEY": "bench-only-secret"})
    result = {"first": [], "timed": [], "budget_s": budget, "slowest": [], "profile": None}
    with app.app_context():
        database.connect(reuse_if_open=True)
        filters = [RegisterFilters.from_args(MultiDict(query_args(q))) for q in queries]
        hits = {}
        passes = [("first", result["first"], 0.4), ("timed", result["timed"], 0.6)]
        if profile:  # a separate pass: the profiler's overhead stays out of the timed figures
            passes.append(("profiled", [], 0.2))
        for name, bucket, share in passes:
            deadline = time.perf_counter() + budget * share
            profiler = cProfile.Profile() if name == "profiled" else None
            for item, flt in zip(queries, filters, strict=True):
                if time.perf_counter() > deadline:
                    break
                if profiler:
                    profiler.enable()
                t0 = time.perf_counter()
                found = search.search(flt)
                elapsed = (time.perf_counter() - t0) * 1000.0
                if profiler:
                    profiler.disable()
                bucket.append((item["kind"], elapsed))
                hits[item["q"], item.get("region"), item.get("field")] = (
                    found.total,
                    len(found.rows),
                    found.suggestion,
                )
            log(f"    in-process {name} pass: {len(bucket)}/{len(queries)} queries")
            if profiler:
                text = io.StringIO()
                pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(30)
                result["profile"] = text.getvalue()
        result["hits"] = {
            "zero_rows": sum(1 for v in hits.values() if v[1] == 0),
            "over_cap": sum(1 for v in hits.values() if v[0] is None),
            "corrected": sum(1 for v in hits.values() if v[2]),
            "queries": len(hits),
        }
        if explain:
            timed = sorted(zip(queries, result["timed"], strict=False), key=lambda pair: -pair[1][1])[
                :explain
            ]
            for item, (_, ms) in timed:
                search._FACET_CACHE.clear()
                with StatementLog(database.obj) as statements:
                    search.search(RegisterFilters.from_args(MultiDict(query_args(item))))
                top = sorted(statements.records, key=lambda r: -r[2])[:3]
                entry = {"query": item, "ms": ms, "statements": len(statements.records), "top": []}
                for sql, params, stmt_ms in top:
                    plan = [
                        row[-1]
                        for row in database.execute_sql("EXPLAIN QUERY PLAN " + sql, params).fetchall()
                    ]
                    entry["top"].append(
                        {"ms": stmt_ms, "sql": sql[:1500], "params": params[:8], "plan": plan}
                    )
                result["slowest"].append(entry)
        database.close()
    return result


def latency_figures(samples):
    by_kind = collections.defaultdict(list)
    for kind, ms in samples:
        by_kind[kind].append(ms)
    values = [ms for _, ms in samples]
    overall = {
        "n": len(values),
        "p50": percentile(values, 0.5),
        "p95": percentile(values, 0.95),
        "max": max(values) if values else None,
    }
    kinds = {
        k: {"n": len(v), "p50": percentile(v, 0.5), "p95": percentile(v, 0.95), "max": max(v)}
        for k, v in by_kind.items()
    }
    return overall, kinds


# --- HTTP ----------------------------------------------------------------------------------------------


def load_kinds(port, items, seconds, clients, max_requests):
    """run.load with each request's kind kept: (kind, ms, status) per request, elapsed seconds."""
    import http.client

    counter = itertools.count()
    results, lock = [], threading.Lock()
    deadline = time.perf_counter() + seconds

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine = []
        try:
            while time.perf_counter() < deadline:
                index = next(counter)
                if index >= max_requests:
                    break
                kind, path = items[index % len(items)]
                t0 = time.perf_counter()
                try:
                    conn.request("GET", path)
                    response = conn.getresponse()
                    response.read()
                    status = response.status
                    if response.will_close:
                        conn.close()
                except (OSError, http.client.HTTPException) as error:
                    conn.close()
                    status = type(error).__name__
                mine.append((kind, (time.perf_counter() - t0) * 1000.0, status))
        finally:
            conn.close()
            with lock:
                results.extend(mine)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 120)
    return results, time.perf_counter() - started


def measure_http(env, workdir, queries, args):
    env = dict(env, GUNICORN_CMD_ARGS="--worker-class sync")  # run.Server passes --workers/--threads
    server = regbench.Server(env, workdir, workers=2, threads=1)
    search_items = [(q["kind"], page_path(q)) for q in queries]
    out = {"healthz": [], "search": [], "memory": {}}
    try:
        t0 = time.perf_counter()
        server.start()
        log(
            f"  gunicorn (2 sync workers) ready on 127.0.0.1:{server.port}"
            f" in {time.perf_counter() - t0:.1f} s"
        )
        out["memory"]["ready"] = server.rss()
        cpu = regbench.CpuShare(server)
        load_kinds(server.port, [("healthz", "/healthz")], 1.0, args.clients, 2000)  # warm-up
        per_round = args.seconds / args.rounds
        per_round_h = args.healthz_seconds / args.rounds
        offset = 0
        for round_number in range(args.rounds):
            res, el = load_kinds(
                server.port, [("healthz", "/healthz")], per_round_h, args.clients, args.max_requests
            )
            out["healthz"].append((res, el))
            log(f"    [{round_number + 1}/{args.rounds}] /healthz {len(res) / el:8.1f} req/s")
            # Each round continues the cycle through the query set where the last one stopped.
            items = search_items[offset:] + search_items[:offset]
            res, el = load_kinds(server.port, items, per_round, args.clients, args.max_requests)
            offset = (offset + len(res)) % len(search_items)
            out["search"].append((res, el))
            errors = sum(1 for r in res if r[2] != 200)
            log(
                f"    [{round_number + 1}/{args.rounds}] search page {len(res) / el:8.1f} req/s,"
                f" errors {errors}"
            )
            out["memory"][f"after_round_{round_number + 1}"] = server.rss()
        out["cpu"] = cpu.result()
    finally:
        server.stop()
    return out


def http_figures(rounds):
    samples = [r for res, _ in rounds for r in res]
    elapsed = sum(el for _, el in rounds)
    lat = [ms for _, ms, _ in samples]
    by_kind = collections.defaultdict(list)
    for kind, ms, _ in samples:
        by_kind[kind].append(ms)
    return {
        "requests": len(samples),
        "seconds": elapsed,
        "rps": len(samples) / elapsed if elapsed else None,
        "round_rps": [len(res) / el for res, el in rounds if el],
        "p50": percentile(lat, 0.5),
        "p95": percentile(lat, 0.95),
        "max": max(lat) if lat else None,
        "errors": sum(1 for _, _, status in samples if status != 200),
        "statuses": dict(collections.Counter(str(s) for _, _, s in samples)),
        "kinds": {
            k: {"n": len(v), "p50": percentile(v, 0.5), "p95": percentile(v, 0.95)}
            for k, v in by_kind.items()
        },
    }


# --- one size ------------------------------------------------------------------------------------------


class Emitter:
    """JSON lines: one object per measurement."""

    def __init__(self, handle, run_id, git):
        self.handle, self.run_id, self.git, self.rows = handle, run_id, git, []

    def __call__(self, size, metric, value, unit, ratio=None, **extra):
        row = {
            "run_id": self.run_id,
            "commit": self.git["commit"],
            "uncommitted_files": self.git["uncommitted_files"],
            "size": size,
            "metric": metric,
            "value": round(value, 4) if isinstance(value, float) else value,
            "unit": unit,
        }
        if ratio is not None:
            row["ratio_to_healthz"] = round(ratio, 5)
        row.update(extra)
        self.rows.append(row)
        self.handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        self.handle.flush()


def reindex(env, workdir, timeout, label):
    seconds, peak_rss, output = regbench.run_timed(
        [regbench.bin_path("flask"), "search", "reindex"], env, timeout, os.path.join(workdir, f"{label}.log")
    )
    match = re.search(r"indexed (\d+) licences in ([\d.]+) s", output)
    return {
        "wall_s": seconds,
        "internal_s": float(match.group(2)) if match else None,
        "indexed": int(match.group(1)) if match else None,
        "peak_rss_mib": peak_rss,
    }


def bench_size(args, size, emit, table):
    workdir = tempfile.mkdtemp(prefix=f"registar-search-bench-{size}-")
    try:
        cached, figures = bulk.build(size, args.seed, fresh=args.fresh, timeout=args.build_timeout)
        emit(
            size,
            "bulk_build_s",
            figures["build_s"],
            "s",
            cached=figures.get("cached", False),
            licences=figures["licences"],
        )
        db_path = os.path.join(workdir, "registar.sqlite3")
        shutil.copyfile(cached, db_path)
        env = bulk.flask_env(db_path)
        env.update(PYTHONUNBUFFERED="1", DATA_DIR=os.path.join(workdir, "data"))
        env.pop("FLASK_DEBUG", None)

        log(f"  flask search reindex ({size}) ...")
        first = reindex(env, workdir, args.reindex_timeout, "reindex")
        log(
            f"  reindex: {first['wall_s']:.1f} s wall, {first['internal_s']} s inside,"
            f" peak RSS {first['peak_rss_mib']:.0f} MiB"
        )
        emit(
            size,
            "reindex_s",
            first["wall_s"],
            "s",
            internal_s=first["internal_s"],
            indexed=first["indexed"],
            note="flask search reindex on a database without an index (process start included)",
        )
        emit(size, "reindex_peak_rss_mib", first["peak_rss_mib"], "MiB")
        table.append(
            (
                size,
                "reindex (flask search reindex, empty index)",
                f"{first['wall_s']:.1f} s",
                f"target <= {TARGETS.get(size, {}).get('reindex_s', '-')} s",
            )
        )
        if size <= args.reindex_again_max:
            again = reindex(env, workdir, args.reindex_timeout, "reindex2")
            log(f"  reindex again (replacing the index): {again['wall_s']:.1f} s")
            emit(size, "reindex_replace_s", again["wall_s"], "s", internal_s=again["internal_s"])
            table.append((size, "reindex again (index present)", f"{again['wall_s']:.1f} s", ""))
        regbench.checkpoint(db_path)
        emit(size, "db_file_mib", os.path.getsize(db_path) / 2**20, "MiB")

        queries = build_queries(db_path, args.seed, args.queries)
        kinds = collections.Counter(q["kind"] for q in queries)
        log(f"  {len(queries)} queries: " + ", ".join(f"{k} {n}" for k, n in kinds.items()))
        with open(os.path.join(args.artifacts, f"queries-{size}.json"), "w", encoding="utf-8") as handle:
            json.dump(queries, handle, ensure_ascii=False, indent=0)

        http = None
        if not args.skip_http:
            http = measure_http(env, workdir, queries, args)
        healthz = http_figures(http["healthz"]) if http else None
        h_rps, h_p50 = (healthz["rps"], healthz["p50"]) if healthz else (None, None)

        inproc = None
        if not args.skip_inproc:
            inproc = measure_inprocess(db_path, queries, args.inproc_budget, args.explain, args.profile)
            for name, metric in (("timed", "search_inproc"), ("first", "search_inproc_first_call")):
                overall, per_kind = latency_figures(inproc[name])
                for stat in ("p50", "p95", "max"):
                    emit(
                        size,
                        f"{metric}_{stat}_ms",
                        overall[stat],
                        "ms",
                        regbench.ratio(overall[stat], h_p50),
                        n=overall["n"],
                    )
                for kind, fig in sorted(per_kind.items()):
                    for stat in ("p50", "p95"):
                        emit(
                            size,
                            f"{metric}_{stat}_ms",
                            fig[stat],
                            "ms",
                            regbench.ratio(fig[stat], h_p50),
                            kind=kind,
                            n=fig["n"],
                        )
                if name == "timed":
                    target = TARGETS.get(size, {}).get("inproc_ms", "-")
                    table.append(
                        (
                            size,
                            f"search() p50 / p95 / max, {overall['n']} queries",
                            f"{overall['p50']:.1f} / {overall['p95']:.1f} / {overall['max']:.0f} ms",
                            f"target p50, p95 <= {target} ms",
                        )
                    )
                    worst = sorted(per_kind.items(), key=lambda kv: -kv[1]["p95"])[:3]
                    table.append(
                        (
                            size,
                            "  slowest kinds (p95)",
                            ", ".join(f"{k} {v['p95']:.0f} ms" for k, v in worst),
                            "",
                        )
                    )
                else:
                    table.append(
                        (
                            size,
                            "search() first call (facets computed), p50 / p95",
                            f"{overall['p50']:.1f} / {overall['p95']:.1f} ms",
                            "",
                        )
                    )
            emit(size, "search_inproc_hits", inproc["hits"]["queries"], "queries", **inproc["hits"])
            if inproc["slowest"]:
                path = os.path.join(args.artifacts, f"slowest-{size}.json")
                with open(path, "w", encoding="utf-8") as handle:
                    json.dump(inproc["slowest"], handle, ensure_ascii=False, indent=1)
                log(f"  slowest queries with their statements and plans: {path}")
            if inproc["profile"]:
                path = os.path.join(args.artifacts, f"profile-{size}.txt")
                with open(path, "w", encoding="utf-8") as handle:
                    handle.write(inproc["profile"])
                log(f"  profile of a third in-process pass: {path}")

        if http:
            page = http_figures(http["search"])
            emit(size, "healthz_rps", h_rps, "req/s", 1.0, requests=healthz["requests"])
            emit(size, "healthz_p50_ms", h_p50, "ms", 1.0)
            emit(
                size,
                "search_page_rps",
                page["rps"],
                "req/s",
                regbench.ratio(page["rps"], h_rps),
                requests=page["requests"],
                errors=page["errors"],
                queries=len(queries),
            )
            emit(size, "search_page_p50_ms", page["p50"], "ms", regbench.ratio(page["p50"], h_p50))
            emit(size, "search_page_p95_ms", page["p95"], "ms", regbench.ratio(page["p95"], h_p50))
            for kind, fig in sorted(page["kinds"].items()):
                emit(
                    size,
                    "search_page_p50_ms",
                    fig["p50"],
                    "ms",
                    regbench.ratio(fig["p50"], h_p50),
                    kind=kind,
                    n=fig["n"],
                )
            mem = http["memory"]
            last = mem[f"after_round_{args.rounds}"]
            ready = mem["ready"]
            emit(
                size,
                "server_rss_mib",
                last["total_mib"],
                "MiB",
                regbench.ratio(last["total_mib"], ready["total_mib"]),
                when="after search load",
                ready_mib=ready["total_mib"],
                note="ratio is to the RSS when ready (after /readyz)",
            )
            emit(
                size,
                "worker_rss_max_mib",
                max(last["per_pid_mib"].values()),
                "MiB",
                per_process=last["per_pid_mib"],
            )
            emit(size, "cpu_share", http["cpu"]["server_cpus"], "cpus", **http["cpu"])
            target = TARGETS.get(size, {}).get("page_ratio", "-")
            table.append((size, "/healthz", f"{h_rps:.0f} req/s, p50 {h_p50:.1f} ms", ""))
            table.append(
                (
                    size,
                    f"search page ({len(queries)} queries cycled)",
                    f"{page['rps']:.1f} req/s = {page['rps'] / h_rps:.3f} x /healthz,"
                    f" p50 {page['p50']:.0f} ms, p95 {page['p95']:.0f} ms, errors {page['errors']}",
                    f"target >= {target} x",
                )
            )
            table.append(
                (
                    size,
                    "gunicorn RSS (master + 2 workers)",
                    f"{last['total_mib']:.0f} MiB (ready {ready['total_mib']:.0f}); largest process "
                    f"{max(last['per_pid_mib'].values()):.0f} MiB",
                    "",
                )
            )
    finally:
        if args.keep:
            log(f"  kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--seed", type=int, default=2018)
    parser.add_argument("--queries", type=int, default=550, help="size of the query set (>= 500 by default)")
    parser.add_argument("--seconds", type=float, default=30, help="search page load, all rounds together")
    parser.add_argument("--healthz-seconds", type=float, default=6)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--max-requests", type=int, default=50000)
    parser.add_argument("--inproc-budget", type=float, default=240, help="seconds for both in-process passes")
    parser.add_argument("--explain", type=int, default=5, help="EXPLAIN the N slowest queries' statements")
    parser.add_argument("--profile", action="store_true", help="cProfile a third in-process pass")
    parser.add_argument(
        "--reindex-again-max",
        type=int,
        default=100000,
        help="also time a second reindex (index present) up to this size",
    )
    parser.add_argument("--reindex-timeout", type=float, default=900)
    parser.add_argument("--build-timeout", type=float, default=1500)
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument("--skip-inproc", action="store_true")
    parser.add_argument("--fresh", action="store_true", help="rebuild the bulk database")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--out", help="JSON lines here (else stdout; the table then goes to stderr)")
    parser.add_argument("--artifacts", default="/tmp/registar-bench", help="query sets, plans, profiles")
    args = parser.parse_args(argv)
    os.makedirs(args.artifacts, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    run_id = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ-") + uuid.uuid4().hex[:6]
    git = regbench.git_state()
    handle = open(args.out, "a", encoding="utf-8") if args.out else sys.stdout  # noqa: SIM115
    table_out = sys.stdout if args.out else sys.stderr
    emit = Emitter(handle, run_id, git)
    table = []
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # finally blocks stop gunicorn
    try:
        for size in sizes:
            log(f"== {size} licences")
            started = time.perf_counter()
            try:
                bench_size(args, size, emit, table)
            except BenchError as error:
                log(f"  FAILED: {error}")
                emit(size, "error", str(error), "")
            emit(size, "size_wall_s", time.perf_counter() - started, "s")
    finally:
        if args.out:
            handle.close()
    print(
        f"\nSearch benchmark {run_id}, commit {git['commit']} ({git['uncommitted_files']} files changed)",
        file=table_out,
    )
    print("| size | measurement | figure | issue target |\n| ---: | --- | --- | --- |", file=table_out)
    for size, what, figure, target in table:
        print(f"| {size:,} | {what} | {figure} | {target} |", file=table_out)


if __name__ == "__main__":
    main()
