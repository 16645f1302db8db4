#!/usr/bin/env python3
"""The comparison behind the engine choice: Whoosh against the project's search (SQLite FTS5).

    .venv/bin/pip install whoosh3          # bench-only, optional
    .venv/bin/python bench/search_engines.py [--size 100000] [--queries 200] [--out FILE.jsonl]

The same bulk-built register (bench/bulk.py, cached) is indexed twice:
- Whoosh: one document per licence with the centre's name, owner and settlement (three TEXT
  fields, StandardAnalyzer: a regex tokenizer and lower-casing, no stemming: Whoosh has no
  Bulgarian stemmer), in a temp dir, one writer, one commit;
- the project: `register.search.reindex()` on a copy of the database (its documents also hold the
  licence number, ЕИК, municipality, region and professions: more text than Whoosh gets).
Then the same text queries (single words, two words, prefixes, typos, Latin forms, towns, owners:
the kinds of bench/search.py without numbers and filters) are timed on both, each once after one
warm-up pass: Whoosh `searcher.search(query, limit=25)` (AND of the words over the three fields,
the last word also as a prefix, as the project treats it), and on the project's side the engine
alone (`search_index.first_ids(..., 25)`, the closest equivalent) and the whole
`register.search.search()` (count, facets, ranking, typo suggestions). Hits are reported too:
Whoosh finds nothing for typos and Latin spellings, which is part of why it lost.
Figures are JSON lines (--out or stdout) and a table; nothing is asserted.
"""

import argparse
import datetime
import os
import shutil
import sqlite3
import sys
import tempfile
import time
import uuid

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
for path in (ROOT, BENCH):
    if path not in sys.path:
        sys.path.insert(0, path)

import bulk  # noqa: E402
import run as regbench  # noqa: E402
from run import log, percentile  # noqa: E402
from search import Emitter, build_queries  # noqa: E402

TEXT_KINDS = ("word", "two_words", "prefix", "typo", "latin", "town", "owner")


def stats(values):
    return {
        "n": len(values),
        "p50": percentile(values, 0.5),
        "p95": percentile(values, 0.95),
        "max": max(values) if values else None,
    }


def whoosh_side(db_path, queries, workdir, limit):
    try:
        from whoosh import index
        from whoosh.analysis import StandardAnalyzer
        from whoosh.fields import ID, TEXT, Schema
        from whoosh.query import And, Or, Prefix, Term
    except ImportError:
        raise SystemExit("whoosh is not installed: .venv/bin/pip install whoosh3") from None
    analyzer = StandardAnalyzer(stoplist=None, minsize=1)
    schema = Schema(
        id=ID(stored=True, unique=False),
        name=TEXT(analyzer=analyzer),
        owner=TEXT(analyzer=analyzer),
        place=TEXT(analyzer=analyzer),
    )
    folder = os.path.join(workdir, "whoosh")
    os.makedirs(folder)
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    started = time.perf_counter()
    ix = index.create_in(folder, schema)
    writer = ix.writer(limitmb=256)
    count = 0
    for licence_id, name, owner, place in conn.execute(
        "SELECT l.id, c.name, c.owner_name, s.name FROM licence AS l JOIN centre AS c ON c.id = l.centre_id"
        " JOIN settlement AS s ON s.ekatte = c.settlement_ekatte ORDER BY l.id"
    ):
        writer.add_document(id=str(licence_id), name=name, owner=owner, place=place)
        count += 1
    writer.commit()
    build_s = time.perf_counter() - started
    conn.close()
    size_mib = sum(os.path.getsize(os.path.join(folder, f)) for f in os.listdir(folder)) / 2**20
    log(f"  whoosh: {count} documents in {build_s:.1f} s, {size_mib:.0f} MiB")

    def compile_query(text):
        words = [t.text for t in analyzer(text)]
        parts = []
        for i, word in enumerate(words):
            last = i == len(words) - 1
            options = [Term(f, word) for f in ("name", "owner", "place")]
            if last:
                options += [Prefix(f, word) for f in ("name", "owner", "place")]
            parts.append(Or(options))
        return And(parts) if parts else None

    compiled = [compile_query(q["q"]) for q in queries]
    timings, hits = [], []
    with ix.searcher() as searcher:
        for rep in range(2):  # a warm-up pass, then the timed one
            for item, query in zip(queries, compiled, strict=True):
                t0 = time.perf_counter()
                found = searcher.search(query, limit=limit) if query is not None else []
                n = len(found) if query is not None else 0
                elapsed = (time.perf_counter() - t0) * 1000.0
                if rep:
                    timings.append((item["kind"], elapsed))
                    hits.append((item["kind"], n))
    return {"build_s": build_s, "documents": count, "index_mib": size_mib, "timings": timings, "hits": hits}


def project_side(db_path, queries, limit, budget):
    from werkzeug.datastructures import MultiDict

    import search_index
    from portal import create_app
    from portal.db import database
    from register import search
    from register.filters import RegisterFilters

    app = create_app({"DATABASE_URL": "sqlite:///" + db_path, "SECRET_KEY": "bench-only-secret"})
    with app.app_context():
        database.connect(reuse_if_open=True)
        started = time.perf_counter()
        indexed = search.reindex()
        build_s = time.perf_counter() - started
        log(f"  project: register.search.reindex() {indexed} licences in {build_s:.1f} s")
        parsed = [search_index.parse(q["q"]) for q in queries]
        engine, engine_hits, full = [], [], []
        for rep in range(2):
            for item, query in zip(queries, parsed, strict=True):
                t0 = time.perf_counter()
                ids = search_index.first_ids(search.REGISTER, query, limit)
                elapsed = (time.perf_counter() - t0) * 1000.0
                if rep:
                    engine.append((item["kind"], elapsed))
                    engine_hits.append((item["kind"], len(ids)))
        deadline = time.perf_counter() + budget
        for rep in range(2):
            for item in queries:
                if time.perf_counter() > deadline:
                    break
                flt = RegisterFilters.from_args(MultiDict({"q": item["q"]}))
                t0 = time.perf_counter()
                result = search.search(flt)
                elapsed = (time.perf_counter() - t0) * 1000.0
                if rep:
                    full.append((item["kind"], elapsed, len(result.rows)))
        database.close()
    file_mib = os.path.getsize(db_path) / 2**20
    return {
        "build_s": build_s,
        "documents": indexed,
        "db_mib": file_mib,
        "engine": engine,
        "engine_hits": engine_hits,
        "full": full,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=100000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2018)
    parser.add_argument("--limit", type=int, default=25)
    parser.add_argument("--budget", type=float, default=120, help="seconds for the search() passes")
    parser.add_argument("--out")
    args = parser.parse_args(argv)
    run_id = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ-") + uuid.uuid4().hex[:6]
    git = regbench.git_state()
    handle = open(args.out, "a", encoding="utf-8") if args.out else sys.stdout  # noqa: SIM115
    table_out = sys.stdout if args.out else sys.stderr
    emit = Emitter(handle, run_id, git)
    workdir = tempfile.mkdtemp(prefix="registar-engines-")
    try:
        cached, _ = bulk.build(args.size, args.seed)
        db_path = os.path.join(workdir, "registar.sqlite3")
        shutil.copyfile(cached, db_path)
        # Text queries only (Whoosh gets no numbers or filters): ~args.queries of them.
        pool = [q for q in build_queries(db_path, args.seed, args.queries * 2) if q["kind"] in TEXT_KINDS]
        queries = pool[: args.queries]
        log(f"  {len(queries)} queries")
        w = whoosh_side(db_path, queries, workdir, args.limit)
        p = project_side(db_path, queries, args.limit, args.budget)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    size = args.size
    rows = []
    for engine, build_s, timings, hits in (
        ("whoosh", w["build_s"], w["timings"], w["hits"]),
        ("sqlite_fts5_first_ids", p["build_s"], p["engine"], p["engine_hits"]),
        ("register_search", None, [(k, ms) for k, ms, _ in p["full"]], [(k, n) for k, _, n in p["full"]]),
    ):
        s = stats([ms for _, ms in timings])
        zero = {}
        for kind, n in hits:
            zero.setdefault(kind, [0, 0])
            zero[kind][0] += n == 0
            zero[kind][1] += 1
        if build_s is not None:
            emit(size, "engine_build_s", build_s, "s", engine=engine)
        for stat in ("p50", "p95", "max"):
            emit(size, f"engine_query_{stat}_ms", s[stat], "ms", engine=engine, n=s["n"])
        emit(
            size,
            "engine_zero_hit_queries",
            sum(z for z, _ in zero.values()),
            "queries",
            engine=engine,
            per_kind={k: f"{z}/{n}" for k, (z, n) in zero.items()},
        )
        rows.append((engine, build_s, s, zero))
    emit(size, "engine_index_mib", w["index_mib"], "MiB", engine="whoosh")
    emit(
        size,
        "engine_index_mib",
        p["db_mib"],
        "MiB",
        engine="sqlite_fts5",
        note="whole database file after reindex (register + index)",
    )
    print(
        f"\nEngine comparison {run_id}, {size:,} licences, {len(queries)} text queries, top {args.limit}",
        file=table_out,
    )
    print(
        "| engine | build s | p50 ms | p95 ms | max ms | queries with no hit (typo / latin / all) |",
        file=table_out,
    )
    print("| --- | ---: | ---: | ---: | ---: | --- |", file=table_out)
    for engine, build_s, s, zero in rows:

        def z(kind, zero=zero):
            return "{}/{}".format(*zero.get(kind, (0, 0)))

        total = sum(a for a, _ in zero.values())
        build = f"{build_s:.1f}" if build_s is not None else "(same index)"
        print(
            f"| {engine} | {build} | {s['p50']:.2f} | {s['p95']:.2f} | {s['max']:.1f} |"
            f" {z('typo')} / {z('latin')} / {total}/{s['n']} |",
            file=table_out,
        )
    if args.out:
        handle.close()


if __name__ == "__main__":
    main()
