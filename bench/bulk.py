#!/usr/bin/env python3
"""A SQLite register of N demo licences, built fast, for the search benchmarks only.

    .venv/bin/python bench/bulk.py --size 1000000 [--fresh] [--out /path/to/copy.sqlite3]

`flask register demo` goes through the importer (validation, peewee, the search index row by row:
~600 licences/s, half an hour for a million). This builds the same shape of data with direct SQL:

1. the schema with `flask db upgrade`, the places (`flask places load`) and the List of
   professions (`flask professions import`), as subprocesses (FLASK_APP=wsgi.py);
2. records from `register.demo.generate_records`, in chunks of --chunk with seeds derived from
   --seed (two generator processes, at most a few chunks in flight, so memory stays bounded);
   licence numbers already used by an earlier chunk are skipped (and counted), and chunks are
   generated until N licences are in;
3. centre, licence (sort_name = search_index.fold(name)), licensed_speciality (profession and
   field codes from the speciality table), licence_event and archive_designation rows inserted
   with sqlite3 executemany and explicit ids, one transaction per chunk.

The search index is NOT written: time `flask search reindex` on the result (bench/search.py does).
No ANALYZE either, like a database built by the importer. The result is cached under
/tmp/registar-bench-cache/ keyed by N, the seed and a hash of migrations/, register/demo.py,
register/data/ and this file; callers copy it before writing to it.
"""

import argparse
import ast
import datetime
import hashlib
import json
import multiprocessing
import os
import shutil
import sqlite3
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)
CACHE_DIR = "/tmp/registar-bench-cache"
# The schema comes from the migrations, and the search tables from the engines they call.
CACHE_INPUTS = ("migrations", "search_index/engines.py", "register/demo.py", "register/data", "bench/bulk.py")
STAMP = "2026-11-01 00:00:00"  # updated_at / created_at of every generated row


def log(message=""):
    print(message, file=sys.stderr, flush=True)


def bin_path(name):
    for folder in (os.path.dirname(sys.executable), os.path.join(ROOT, ".venv", "bin")):
        path = os.path.join(folder, name)
        if os.path.exists(path):
            return path
    raise RuntimeError(f"{name} not found next to {sys.executable} nor in .venv/bin")


def inputs_hash(items=CACHE_INPUTS):
    """A short hash of the code and data a cached database was built from (code compared as its
    syntax tree, so formatting and comments do not invalidate a cache)."""
    digest = hashlib.sha256()
    for item in items:
        path = os.path.join(ROOT, item)
        files = (
            sorted(
                os.path.join(folder, name)
                for folder, _, names in os.walk(path)
                for name in names
                if not name.endswith(".pyc")
            )
            if os.path.isdir(path)
            else [path]
        )
        for name in files:
            if os.path.exists(name):
                digest.update(os.path.relpath(name, ROOT).encode())
                with open(name, "rb") as handle:
                    content = handle.read()
                if name.endswith(".py"):  # code, not formatting or comments
                    try:
                        content = ast.dump(ast.parse(content)).encode()
                    except SyntaxError:
                        pass
                digest.update(content)
    return digest.hexdigest()[:12]


def cache_paths(size, seed, cache_dir=CACHE_DIR):
    key = f"registar-bulk-n{size}-seed{seed}-{inputs_hash()}"
    return os.path.join(cache_dir, key + ".sqlite3"), os.path.join(cache_dir, key + ".json"), key


def flask_env(db_path):
    env = dict(os.environ)
    env.update(FLASK_APP="wsgi.py", DATABASE_URL="sqlite:///" + os.path.abspath(db_path))
    env.setdefault("SECRET_KEY", "bench-only-secret")
    return env


def run_flask(args, env, timeout=300):
    result = subprocess.run(
        [bin_path("flask"), *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode != 0:
        raise RuntimeError(f"flask {' '.join(args)} failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return result.stdout


# --- generator processes ---------------------------------------------------------------------------

_APP = None


def _init_worker(db_path):
    global _APP
    sys.path.insert(0, ROOT)
    from portal import create_app

    _APP = create_app({"DATABASE_URL": "sqlite:///" + db_path, "SECRET_KEY": "bench-only-secret"})


def _generate(seed, count):
    """generate_records(count, seed) turned into rows without ids (compact to pickle)."""
    from register.demo import generate_records
    from search_index import fold

    with _APP.app_context():
        records = generate_records(count, seed)
    out = []
    for r in records:
        c = r["centre"]
        centre = (
            c["name"],
            c["kind"],
            c["owner_name"],
            c["eik"],
            c["settlement_ekatte"],
            c.get("address", ""),
            c.get("postcode", ""),
            c.get("phone", ""),
            c.get("email", ""),
            c.get("contact_person", ""),
            c.get("website", ""),
        )
        licence = (
            r["licence_number"],
            r["licence_date"],
            r.get("order_number", ""),
            r.get("order_date"),
            r["status"],
            r.get("status_date"),
            r.get("revoked_until"),
            fold(c["name"])[:500],
        )
        specs = [
            (s["code"], s.get("added_on") or r["licence_date"], s.get("removed_on"))
            for s in r["specialities"]
        ]
        events = [
            (
                e["kind"],
                e["date"],
                e.get("order_number", ""),
                e.get("months"),
                e.get("reason", ""),
                e.get("notes", ""),
            )
            for e in r["events"]
        ]
        a = r.get("archive")
        archive = None
        if a:
            archive = (
                a["order_number"],
                a["order_date"],
                a["school_name"],
                a["school_settlement_ekatte"],
                a.get("school_address", ""),
                a.get("school_contacts", ""),
                a["handover_deadline"],
                a.get("location_text", ""),
            )
        out.append((centre, licence, specs, events, archive))
    return out


# --- the build ---------------------------------------------------------------------------------------


def build(size, seed=2018, chunk=50000, fresh=False, cache_dir=CACHE_DIR, timeout=1800):
    """Path of a cached database of `size` licences (built now if missing) and its build figures."""
    db_path, meta_path, key = cache_paths(size, seed, cache_dir)
    if not fresh and os.path.exists(db_path) and os.path.exists(meta_path):
        with open(meta_path, encoding="utf-8") as handle:
            figures = json.load(handle)
        figures["cached"] = True
        log(f"  bulk database: cached {db_path}")
        return db_path, figures
    os.makedirs(cache_dir, exist_ok=True)
    partial = db_path + f".{os.getpid()}.tmp"
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(partial + suffix):
            os.remove(partial + suffix)
    started = time.perf_counter()
    env = flask_env(partial)
    run_flask(["db", "upgrade"], env)
    run_flask(["places", "load"], env)
    run_flask(["professions", "import"], env)
    schema_s = time.perf_counter() - started

    from register import rules  # the archive's retention date, as the importer computes it

    conn = sqlite3.connect(partial, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL").fetchone()
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-262144")  # 256 MiB
    conn.execute("PRAGMA temp_store=MEMORY")
    profession_of = dict(conn.execute("SELECT code, profession_code FROM speciality"))
    numbers = set(row[0] for row in conn.execute("SELECT number FROM licence"))
    next_id = (conn.execute("SELECT COALESCE(MAX(id), 0) FROM licence").fetchone()[0] or 0) + 1
    event_id = (conn.execute("SELECT COALESCE(MAX(id), 0) FROM licence_event").fetchone()[0] or 0) + 1
    spec_id = (conn.execute("SELECT COALESCE(MAX(id), 0) FROM licensed_speciality").fetchone()[0] or 0) + 1
    archive_id = (conn.execute("SELECT COALESCE(MAX(id), 0) FROM archive_designation").fetchone()[0] or 0) + 1

    inserted = skipped = generated = chunks = 0
    generate_s = insert_s = 0.0
    deadline = time.monotonic() + timeout
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(2, initializer=_init_worker, initargs=(partial,)) as pool:
        pending = []
        seq = 0

        def submit():
            nonlocal seq
            pending.append(pool.apply_async(_generate, (seed * 1000 + seq, chunk)))
            seq += 1

        for _ in range(3):
            submit()
        while inserted < size:
            if time.monotonic() > deadline:
                raise RuntimeError(f"bulk build ran over {timeout} s")
            wait0 = time.perf_counter()
            rows = pending.pop(0).get(timeout=max(1, deadline - time.monotonic()))
            generate_s += time.perf_counter() - wait0  # time the inserter waited for the generators
            if not pending or inserted + chunk * (len(pending) + 1) < size * 1.6:  # never far ahead
                submit()
            generated += len(rows)
            chunks += 1
            t0 = time.perf_counter()
            centres, licences, specs, events, archives = [], [], [], [], []
            for centre, licence, spec_rows, event_rows, archive in rows:
                if inserted + len(licences) >= size:
                    break
                if licence[0] in numbers:
                    skipped += 1
                    continue
                numbers.add(licence[0])
                lid = next_id
                next_id += 1
                centres.append((lid, *centre))
                licences.append((lid, licence[0], lid, *licence[1:], STAMP))
                for code, added, removed in spec_rows:
                    profession = profession_of[code]
                    specs.append((spec_id, lid, code, profession, profession[:3], added, removed))
                    spec_id += 1
                for kind, date, order, months, reason, notes in event_rows:
                    events.append(
                        (event_id, lid, kind, date, order, months, reason or "", notes or "", STAMP)
                    )
                    event_id += 1
                if archive:
                    deadline_date = datetime.date.fromisoformat(archive[6])
                    retention = rules.archive_retention_end(deadline_date).isoformat()
                    archives.append((archive_id, lid, *archive[:7], retention, archive[7]))
                    archive_id += 1
            conn.execute("BEGIN")
            conn.executemany(
                "INSERT INTO centre (id, name, kind, owner_name, eik, settlement_ekatte, address, postcode,"
                " phone, email, contact_person, website) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                centres,
            )
            conn.executemany(
                "INSERT INTO licence (id, number, centre_id, licence_date, order_number, order_date, status,"
                " status_date, revoked_until, sort_name, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                licences,
            )
            conn.executemany(
                "INSERT INTO licensed_speciality (id, licence_id, speciality_code, profession_code,"
                " field_code, added_on, removed_on) VALUES (?,?,?,?,?,?,?)",
                specs,
            )
            conn.executemany(
                "INSERT INTO licence_event (id, licence_id, kind, date, order_number, months, reason, notes,"
                " created_at) VALUES (?,?,?,?,?,?,?,?,?)",
                events,
            )
            conn.executemany(
                "INSERT INTO archive_designation (id, licence_id, order_number, order_date, school_name,"
                " school_settlement_ekatte, school_address, school_contacts, handover_deadline,"
                " retention_until, location_text) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                archives,
            )
            conn.execute("COMMIT")
            inserted += len(licences)
            insert_s += time.perf_counter() - t0
            log(
                f"  bulk: {inserted}/{size} licences ({skipped} duplicate numbers skipped), "
                f"{time.perf_counter() - started:.0f} s"
            )
        pool.terminate()  # chunks still in flight are not needed
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    total_s = time.perf_counter() - started
    os.replace(partial, db_path)
    for suffix in ("-wal", "-shm"):
        if os.path.exists(partial + suffix):
            os.remove(partial + suffix)
    prefix = f"registar-bulk-n{size}-seed{seed}-"
    for name in os.listdir(cache_dir):  # older builds of the same N and seed: inputs changed
        if name.startswith(prefix) and not name.startswith(key):
            try:
                os.remove(os.path.join(cache_dir, name))
            except OSError:
                pass
    figures = {
        "cached": False,
        "built_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "size": size,
        "licences": inserted,
        "generated": generated,
        "duplicate_numbers_skipped": skipped,
        "chunks": chunks,
        "schema_s": schema_s,
        "wait_for_generators_s": generate_s,
        "insert_s": insert_s,
        "build_s": total_s,
        "licences_per_s": inserted / total_s if total_s else None,
        "file_mib": os.path.getsize(db_path) / 2**20,
        "cache_key": key,
    }
    with open(meta_path, "w", encoding="utf-8") as handle:
        json.dump(figures, handle, indent=1)
    log(f"  bulk: {inserted} licences in {total_s:.1f} s ({figures['licences_per_s']:.0f}/s), {db_path}")
    return db_path, figures


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--seed", type=int, default=2018)
    parser.add_argument("--chunk", type=int, default=50000)
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--cache-dir", default=CACHE_DIR)
    parser.add_argument("--timeout", type=float, default=1800)
    parser.add_argument("--out", help="copy the database here")
    args = parser.parse_args(argv)
    path, figures = build(args.size, args.seed, args.chunk, args.fresh, args.cache_dir, args.timeout)
    if args.out:
        shutil.copyfile(path, args.out)
        path = args.out
    print(json.dumps({"path": path, **figures}))


if __name__ == "__main__":
    main()
