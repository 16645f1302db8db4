#!/usr/bin/env python3
"""Registar benchmarks: import speed, HTTP throughput and latency, server memory, query timings.

    .venv/bin/python bench/run.py [--sizes 1000,100000] [--seconds 5] [--keep] [--fresh]
    make bench BENCH_ARGS="--sizes 1000 --seconds 3"

For each size N: a fresh SQLite database in a temp dir (`flask db upgrade`, then
`flask register demo --centres N`), gunicorn on a free port of 127.0.0.1, a closed-loop load of
--clients concurrent clients per endpoint, then find_licences() timed in a separate process.
Every figure is printed with its ratio to the site's own /healthz measured in the same run:
there are no pass/fail thresholds. See bench/README.md for what each figure means.
"""

import argparse
import collections
import datetime
import hashlib
import http.client
import itertools
import json
import math
import os
import platform
import random
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

import bulk  # bench/bulk.py, beside this file: the cache key of a built database

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")
PAGE_SIZE = 25  # the app's default PAGE_SIZE
# What the generated database depends on: a change to any of these invalidates the cache.
CACHE_INPUTS = (
    "migrations",
    "register/demo.py",
    "register/importer.py",
    "register/models",
    "register/places.py",
    "register/professions.py",
    "register/rules.py",
    "register/search",
    "register/data",
    "search_index",
)


class BenchError(RuntimeError):
    """A step failed: the message says which and why."""


# --- small helpers ------------------------------------------------------------------------------


def log(message=""):
    print(message, file=sys.stderr, flush=True)


def percentile(values, fraction):
    """Nearest-rank percentile; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def ratio(a, b):
    return a / b if a is not None and b else None


def bin_path(name):
    """An executable of the venv that runs this script, else the project's .venv."""
    for folder in (os.path.dirname(sys.executable), os.path.join(ROOT, ".venv", "bin")):
        path = os.path.join(folder, name)
        if os.path.exists(path):
            return path
    raise BenchError(f"{name} not found next to {sys.executable} nor in .venv/bin (make install)")


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tail(path, lines=20):
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return "".join(handle.readlines()[-lines:])
    except OSError:
        return ""


def tree_fingerprint():
    """A hash of HEAD, the uncommitted changes and the untracked files' names: it changes when
    anyone edits the app, so a run can tell whether the code moved under it."""
    try:
        parts = [
            subprocess.run(["git", *args], cwd=ROOT, capture_output=True, timeout=30).stdout
            for args in (
                ("rev-parse", "HEAD"),
                ("diff", "HEAD", "--", ".", ":!bench"),
                ("status", "--porcelain", "--", ".", ":!bench"),
            )
        ]
    except (OSError, subprocess.SubprocessError):
        return None
    return hashlib.sha256(b"\0".join(parts)).hexdigest()[:12]


def git_state():
    def run(*args):
        try:
            return subprocess.run(
                ["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=10
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""

    changed = [line for line in run("status", "--porcelain").splitlines() if line]
    return {"commit": run("rev-parse", "--short", "HEAD"), "uncommitted_files": len(changed)}


# --- processes ----------------------------------------------------------------------------------


def run_timed(cmd, env, timeout, logfile):
    """Run cmd to completion (bounded by timeout); returns (seconds, peak RSS MiB, output)."""
    with open(logfile, "w", encoding="utf-8") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            deadline = started + timeout
            while True:
                pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
                if pid:
                    proc.returncode = os.waitstatus_to_exitcode(status)
                    break
                if time.perf_counter() > deadline:
                    proc.kill()
                    proc.wait()
                    raise BenchError(f"{' '.join(cmd[1:])} ran over {timeout:.0f} s and was stopped")
                time.sleep(0.1)
        except BaseException:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            raise
        seconds = time.perf_counter() - started
    output = tail(logfile, 200)
    if proc.returncode != 0:
        raise BenchError(f"{' '.join(cmd[1:])} failed ({proc.returncode}):\n{tail(logfile)}")
    return seconds, usage.ru_maxrss / 1024.0, output


def process_tree(root_pid):
    """root_pid and its descendants, from /proc."""
    children = collections.defaultdict(list)
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as handle:
                stat = handle.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children[ppid].append(int(entry))
    found, todo = [], [root_pid]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def cpu_seconds_busy():
    """Seconds of CPU the whole machine spent not idle, from /proc/stat."""
    with open("/proc/stat", encoding="utf-8") as handle:
        fields = [int(x) for x in handle.readline().split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def cpu_seconds_of(pids):
    """User + system CPU seconds of these processes, from /proc/<pid>/stat."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", encoding="utf-8") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return total / os.sysconf("SC_CLK_TCK")


class CpuShare:
    """How much CPU the server, this script, and everything else on the machine used meanwhile."""

    def __init__(self, server):
        self.server = server
        self.start = self._sample()

    def _sample(self):
        own = os.times()
        return (
            time.perf_counter(),
            cpu_seconds_busy(),
            cpu_seconds_of(process_tree(self.server.proc.pid)),
            own.user + own.system,
        )

    def result(self):
        end = self._sample()
        wall, busy, server, own = (b - a for a, b in zip(self.start, end, strict=True))
        return {
            "wall_s": wall,
            "server_cpus": server / wall,
            "load_generator_cpus": own / wall,
            "other_processes_cpus": max(0.0, (busy - server - own) / wall),
            "machine_cpus": os.cpu_count(),
            "loadavg_1min_end": os.getloadavg()[0],
        }


class Server:
    """gunicorn serving wsgi:app on 127.0.0.1, stopped by its own pid whatever happens."""

    def __init__(self, env, workdir, workers=2, threads=1):
        self.env, self.workdir, self.workers, self.threads = env, workdir, workers, threads
        self.proc = None
        self.port = None
        self.logfile = os.path.join(workdir, "gunicorn.log")

    def start(self, timeout=60):
        self.port = free_port()
        cmd = [
            bin_path("gunicorn"),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--threads",
            str(self.threads),
            "wsgi:app",
        ]
        out = open(self.logfile, "w", encoding="utf-8")  # noqa: SIM115 - closed with the process
        self.proc = subprocess.Popen(
            cmd,
            cwd=ROOT,
            env=self.env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches us, and we stop it ourselves
        )
        out.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise BenchError(f"gunicorn exited ({self.proc.returncode}):\n{tail(self.logfile)}")
            booted = len(re.findall(r"Booting worker", tail(self.logfile, 200)))
            if booted >= self.workers and self._ready():
                # Every worker answers /readyz (the connection closes each time: sync workers).
                if all(self._ready() for _ in range(4 * self.workers)):
                    return
            time.sleep(0.2)
        raise BenchError(f"gunicorn was not ready within {timeout} s:\n{tail(self.logfile)}")

    def _ready(self):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
            conn.request("GET", "/readyz")
            ok = conn.getresponse().status == 200
            conn.close()
            return ok
        except (OSError, http.client.HTTPException):
            return False

    def rss(self):
        """{"total_mib": ..., "processes": {pid: MiB}} over gunicorn's master and workers."""
        pids = process_tree(self.proc.pid)
        per = {pid: rss_kib(pid) / 1024.0 for pid in pids}
        return {"total_mib": sum(per.values()), "processes": len(per), "per_pid_mib": per}

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)  # its own group: start_new_session
            self.proc.wait(timeout=15)


# --- the database -------------------------------------------------------------------------------


def cache_key(size, seed):
    return f"registar-demo-n{size}-seed{seed}-{bulk.inputs_hash(CACHE_INPUTS)}"


def checkpoint(db_path):
    """Fold the WAL into the main file, so the database is one file to copy."""
    conn = sqlite3.connect(db_path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def build_database(args, size, workdir, env):
    """A database of `size` demo centres at workdir/registar.sqlite3; returns the import figures."""
    db_path = os.path.join(workdir, "registar.sqlite3")
    flask = bin_path("flask")
    key = cache_key(size, args.seed)
    cached_db = os.path.join(args.cache_dir, key + ".sqlite3")
    cached_meta = os.path.join(args.cache_dir, key + ".json")
    use_cache = size >= args.cache_min
    if use_cache and not args.fresh and os.path.exists(cached_db) and os.path.exists(cached_meta):
        log(f"  database: cached {cached_db}")
        shutil.copyfile(cached_db, db_path)
        with open(cached_meta, encoding="utf-8") as handle:
            figures = json.load(handle)
        figures["cached"] = True
        run_timed([flask, "db", "upgrade"], env, 120, os.path.join(workdir, "upgrade.log"))
        return db_path, figures

    upgrade_s, _, _ = run_timed([flask, "db", "upgrade"], env, 300, os.path.join(workdir, "upgrade.log"))
    log(f"  flask register demo --centres {size} (timeout {args.import_timeout:.0f} s) ...")
    import_s, import_rss, output = run_timed(
        [flask, "register", "demo", "--centres", str(size), "--seed", str(args.seed)],
        env,
        args.import_timeout,
        os.path.join(workdir, "demo.log"),
    )
    match = re.search(r"created (\d+), updated (\d+), rejected (\d+)", output)
    if not match:
        raise BenchError(f"flask register demo printed no report:\n{output[-2000:]}")
    created, _, rejected = (int(x) for x in match.groups())
    checkpoint(db_path)
    figures = {
        "cached": False,
        "built_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "upgrade_s": upgrade_s,
        "import_s": import_s,
        "import_rows_per_s": created / import_s if import_s else None,
        "import_peak_rss_mib": import_rss,
        "created": created,
        "rejected": rejected,
        "cache_key": key,
    }
    log(f"  imported {created} in {import_s:.1f} s ({figures['import_rows_per_s']:.0f} rows/s)")
    if use_cache:
        os.makedirs(args.cache_dir, exist_ok=True)
        partial = cached_db + f".{os.getpid()}.tmp"
        shutil.copyfile(db_path, partial)
        os.replace(partial, cached_db)
        # Older builds of the same N and seed (the app changed since): no longer usable.
        prefix = f"registar-demo-n{size}-seed{args.seed}-"
        for name in os.listdir(args.cache_dir):
            if name.startswith(prefix) and not name.startswith(key):
                try:
                    os.remove(os.path.join(args.cache_dir, name))
                except OSError:
                    pass
        with open(cached_meta, "w", encoding="utf-8") as handle:
            json.dump(figures, handle, indent=1)
    return db_path, figures


def probe(db_path, seed, q_override=None):
    """What the requests ask for, chosen from the data: a common word, a field, numbers, pages."""
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        total = conn.execute("SELECT COUNT(*) FROM licence").fetchone()[0]
        if not total:
            raise BenchError("the generated register is empty")
        counts = collections.Counter()
        # The words people search by: the centre's and owner's names and the place (what the basic
        # search folded into licence.search_text, and what the search index holds).
        sample = conn.execute(
            "SELECT c.name || ' ' || c.owner_name || ' ' || s.name FROM licence AS l"
            " JOIN centre AS c ON c.id = l.centre_id"
            " JOIN settlement AS s ON s.ekatte = c.settlement_ekatte ORDER BY l.id LIMIT 5000"
        ).fetchall()
        for (text,) in sample:
            counts.update({w for w in re.findall(r"[^\W\d_]{4,}", text.lower())})
        # "A common word": the most frequent one that still narrows the register (<= 20 % of rows).
        ceiling = 0.20 * len(sample)
        common = [w for w, n in counts.most_common() if n <= ceiling]
        q = q_override or (common[0] if common else "център")
        q_rare = next((w for w, n in sorted(counts.items(), key=lambda x: (x[1], x[0])) if n >= 1))
        field = conn.execute(
            "SELECT field_code FROM licensed_speciality WHERE removed_on IS NULL"
            " GROUP BY field_code ORDER BY COUNT(*) DESC, field_code LIMIT 1"
        ).fetchone()[0]
        profession = conn.execute(
            "SELECT profession_code FROM licensed_speciality WHERE removed_on IS NULL"
            " GROUP BY profession_code ORDER BY COUNT(*) DESC, profession_code LIMIT 1"
        ).fetchone()[0]
        rng = random.Random(seed)
        ids = [row[0] for row in conn.execute("SELECT id FROM licence ORDER BY id")]
        picked = rng.sample(ids, k=min(40, len(ids)))
        marks = ",".join("?" * len(picked))
        numbers = [
            row[0]
            for row in conn.execute(f"SELECT number FROM licence WHERE id IN ({marks}) ORDER BY id", picked)
        ]
        revoked = [
            row[0] for row in conn.execute("SELECT number FROM licence WHERE status = 'revoked' ORDER BY id")
        ]
        if revoked:
            numbers.append(rng.choice(revoked))
        pages = max(1, -(-total // PAGE_SIZE))
    finally:
        conn.close()
    return {
        "licences": total,
        "q": q,
        "q_rare": q_rare,
        "field": field,
        "profession": profession,
        "numbers": numbers,
        "revoked_number": numbers[-1] if revoked else None,
        "pages": pages,
        "deep_page": max(1, pages * 9 // 10),
        "deep_page_date": max(1, pages * 9 // 10),
    }


# --- the load generator -------------------------------------------------------------------------


def load(port, paths, seconds, clients, max_requests, headers=None):
    """A closed loop: `clients` threads, each with one connection, request after request, until
    `seconds` pass or `max_requests` are sent. Returns the raw latencies, statuses and bytes."""
    headers = dict(headers or {})
    counter = itertools.count()  # next() on it is atomic under the GIL
    results = []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        latencies, statuses, body_bytes, samples = [], collections.Counter(), 0, {}
        try:
            while time.perf_counter() < deadline:
                index = next(counter)
                if index >= max_requests:
                    break
                path = paths[index % len(paths)]
                t0 = time.perf_counter()
                try:
                    conn.request("GET", path, headers=headers)
                    response = conn.getresponse()
                    body = response.read()
                    status = response.status
                    if response.will_close:
                        conn.close()  # sync workers close; the next request reconnects
                except (OSError, http.client.HTTPException) as error:
                    conn.close()
                    status, body = type(error).__name__, b""
                latencies.append((time.perf_counter() - t0) * 1000.0)
                statuses[status] += 1
                body_bytes += len(body)
                if status != 200 and status not in samples:
                    samples[status] = f"{path}: {body[:200].decode('utf-8', 'replace')}"
                elif status == 200 and "fragment" not in samples:
                    samples["fragment"] = b"<html" not in body[:2000].lower()
        finally:
            conn.close()
            with lock:
                results.append((latencies, statuses, body_bytes, samples))

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 120)
    raw = {
        "elapsed": time.perf_counter() - started,
        "latencies": [x for r in results for x in r[0]],
        "statuses": collections.Counter(),
        "bytes": sum(r[2] for r in results),
        "samples": {},
    }
    for r in results:
        raw["statuses"].update(r[1])
        raw["samples"].update(r[3])
    return raw


def summarise(rounds, max_requests):
    """One endpoint's figures over its rounds: throughput is requests over time under load."""
    latencies = [x for r in rounds for x in r["latencies"]]
    elapsed = sum(r["elapsed"] for r in rounds)
    statuses = collections.Counter()
    samples = {}
    for r in rounds:
        statuses.update(r["statuses"])
        samples.update(r["samples"])
    n = len(latencies)
    return {
        "requests": n,
        "seconds": elapsed,
        "rps": n / elapsed if elapsed else None,
        "round_rps": [len(r["latencies"]) / r["elapsed"] for r in rounds if r["elapsed"]],
        "p50_ms": percentile(latencies, 0.50),
        "p95_ms": percentile(latencies, 0.95),
        "max_ms": max(latencies) if latencies else None,
        "kib_per_response": sum(r["bytes"] for r in rounds) / 1024.0 / n if n else None,
        "errors": sum(v for k, v in statuses.items() if k != 200),
        "statuses": {str(k): v for k, v in statuses.items()},
        "error_samples": {str(k): v for k, v in samples.items() if k != "fragment"},
        "is_fragment": samples.get("fragment"),
        "capped": n >= max_requests,
    }


def endpoints(p):
    """(label, paths, headers) for every endpoint measured; /healthz, the baseline, first."""
    q = p["q"]
    from urllib.parse import quote

    qs = quote(q)
    return [
        ("/healthz", ["/healthz"], None),
        ("/licences/", ["/licences/"], None),
        (f"/licences/?q={q}", [f"/licences/?q={qs}"], None),
        (
            f"/licences/?region=SOF&field={p['field']}",
            [f"/licences/?region=SOF&field={p['field']}"],
            None,
        ),
        (f"/licences/?page={p['deep_page']}", [f"/licences/?page={p['deep_page']}"], None),
        (
            f"/licences/<number> ({len(p['numbers'])} sampled, 1 revoked)",
            [f"/licences/{n}" for n in p["numbers"]],
            None,
        ),
        ("/licences/revoked", ["/licences/revoked"], None),
        (f"/licences/?q={q} (htmx fragment)", [f"/licences/?q={qs}"], {"HX-Request": "true"}),
        # The page asks for its facet counts in a second htmx request when the hits are many.
        (
            f"/licences/?q={q}&facets=1 (htmx, facet counts)",
            [f"/licences/?q={qs}&facets=1"],
            {"HX-Request": "true"},
        ),
        ("/ (home)", ["/"], None),
    ]


def measure_http(args, env, workdir, params):
    """Every endpoint, --rounds times in turn (so a slow minute on the machine is shared by all),
    each round --seconds/--rounds long after a warm-up in the first round."""
    server = Server(env, workdir, workers=args.workers, threads=args.threads)
    targets = endpoints(params)
    raw = {label: [] for label, _, _ in targets}
    memory = {}
    per_round = args.seconds / args.rounds
    cap = max(1, math.ceil(args.max_requests / args.rounds))
    try:
        started = time.perf_counter()
        server.start()
        log(f"  gunicorn ready on 127.0.0.1:{server.port} in {time.perf_counter() - started:.1f} s")
        memory["ready"] = server.rss()
        cpu = CpuShare(server)
        for round_number in range(args.rounds):
            for label, paths, headers in targets:
                if round_number == 0:
                    warmup = max(0.5, min(2.0, args.seconds / 5))
                    load(server.port, paths, warmup, args.clients, cap, headers)
                result = load(server.port, paths, per_round, args.clients, cap, headers)
                raw[label].append(result)
                rps = len(result["latencies"]) / result["elapsed"]
                errors = sum(v for k, v in result["statuses"].items() if k != 200)
                log(
                    f"    [{round_number + 1}/{args.rounds}] {label:55} {rps:8.1f} req/s"
                    f"  p50 {percentile(result['latencies'], 0.5) or 0:7.1f} ms  errors {errors}"
                )
                if label == "/healthz" and round_number == 0:
                    memory["after_healthz"] = server.rss()
        memory["after_all"] = server.rss()
        cpu_use = cpu.result()
    finally:
        server.stop()
    rows = []
    for label, _, _ in targets:
        row = summarise(raw[label], args.max_requests)
        row["endpoint"] = label
        rows.append(row)
    return rows, memory, cpu_use


def measure_queries(args, env, db_url, data_dir, params):
    cmd = [
        sys.executable,
        os.path.join(BENCH, "queries.py"),
        "--database-url",
        db_url,
        "--data-dir",
        data_dir,
        "--params",
        json.dumps(params, ensure_ascii=False),
        "--reps",
        str(args.reps),
        "--budget",
        str(args.query_budget),
    ]
    failure = None
    try:
        proc = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, timeout=args.query_timeout)
        output = proc.stdout
        if proc.returncode != 0:
            failure = f"bench/queries.py failed ({proc.returncode})"
    except subprocess.TimeoutExpired as error:
        output = error.stdout or b""
        failure = f"bench/queries.py ran over {args.query_timeout:.0f} s and was stopped"
    found = {"api": None, "queries": [], "plans": {}, "error": failure}
    for line in output.decode("utf-8", "replace").splitlines():
        try:
            item = json.loads(line)
        except ValueError:
            continue
        if "api" in item:
            found["api"] = item["api"]
        if "query" in item:
            found["queries"].append(item["query"])
            found["plans"][item["query"]["name"]] = item.get("plans", [])
    return found


# --- one size -----------------------------------------------------------------------------------


def bench_size(args, size, result):
    """Fill `result` step by step, so a failure keeps the figures measured before it."""
    workdir = tempfile.mkdtemp(prefix=f"registar-bench-{size}-")
    result["workdir"] = workdir if args.keep else None
    result["tree_at_start"] = tree_fingerprint()
    try:
        db_path = os.path.join(workdir, "registar.sqlite3")
        db_url = "sqlite:///" + os.path.abspath(db_path)  # four slashes: an absolute path
        data_dir = os.path.join(workdir, "data")
        env = dict(os.environ)
        env.update(
            {
                "FLASK_APP": "wsgi.py",
                "DATABASE_URL": db_url,
                "DATA_DIR": data_dir,
                "PYTHONUNBUFFERED": "1",
            }
        )
        env.pop("FLASK_DEBUG", None)
        db_path, result["import"] = build_database(args, size, workdir, env)
        result["db_mib"] = os.path.getsize(db_path) / 1048576.0
        params = probe(db_path, args.seed, args.q)
        result["params"] = params
        log(
            f"  {params['licences']} licences; q={params['q']!r} field={params['field']}"
            f" profession={params['profession']} deep page={params['deep_page']}"
        )
        rows, memory, cpu_use = measure_http(args, env, workdir, params)
        result["http"] = rows
        result["memory"] = memory
        result["cpu"] = cpu_use
        base = rows[0]
        for row in rows:
            row["rps_ratio"] = ratio(row["rps"], base["rps"])
            row["p50_ratio"] = ratio(row["p50_ms"], base["p50_ms"])
        if not args.skip_queries:
            log("  in-process find_licences() timings ...")
            queries = measure_queries(args, env, db_url, data_dir, params)
            for row in queries["queries"]:
                row["p50_ratio"] = ratio(row.get("p50_ms"), base["p50_ms"])
            result["query_api"] = queries.get("api")
            result["queries"] = queries["queries"]
            result["plans"] = queries["plans"]
            if queries["error"]:
                raise BenchError(queries["error"])
    finally:
        result["tree_at_end"] = tree_fingerprint()
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


# --- report -------------------------------------------------------------------------------------


def fmt(value, spec=".1f", none="–"):
    return none if value is None else format(value, spec)


def markdown(result):
    size, imp, p = result["size"], result.get("import", {}), result.get("params", {})
    lines = [f"### N = {size:,} centres".replace(",", " ")]
    if result.get("tree_at_start") != result.get("tree_at_end"):
        lines.append(
            "\n**Warning:** the project's files changed while this size was measured "
            f"(tree {result.get('tree_at_start')} → {result.get('tree_at_end')}): gunicorn and the "
            "in-process timings may have run different code."
        )
    if "error" in result:
        lines.append(f"\n**failed:** {result['error']}\n")
        if not imp:
            return "\n".join(lines)
    if imp:
        source = f"cached, built {imp.get('built_at', '?')}" if imp.get("cached") else "this run"
        lines.append(
            f"\nImport (`flask register demo --centres {size}`, {source}): "
            f"{fmt(imp.get('import_s'))} s, **{fmt(imp.get('import_rows_per_s'), '.0f')} rows/s**, "
            f"peak RSS {fmt(imp.get('import_peak_rss_mib'), '.0f')} MiB; "
            f"{imp.get('created')} created, {imp.get('rejected')} rejected; "
            f"database file {fmt(result.get('db_mib'), '.1f')} MiB."
        )
    mem = result.get("memory", {})
    if mem:
        base = mem.get("after_healthz") or mem.get("ready")
        after = mem.get("after_all", {})
        lines.append(
            f"\nServer RSS (gunicorn master + workers, {base.get('processes')} processes): "
            f"ready {fmt(mem['ready']['total_mib'], '.0f')} MiB, after /healthz load "
            f"{fmt(base['total_mib'], '.0f')} MiB, after all endpoints "
            f"{fmt(after.get('total_mib'), '.0f')} MiB "
            f"(**×{fmt(ratio(after.get('total_mib'), base['total_mib']), '.2f')}** of the "
            f"/healthz-only RSS)."
        )
    if result.get("http"):
        lines += [
            "",
            "| endpoint | req/s | × /healthz req/s | p50 ms | p95 ms | p50 × /healthz p50 "
            "| KiB/resp | requests | errors |",
            "|---|--:|--:|--:|--:|--:|--:|--:|--:|",
        ]
        for row in result["http"]:
            lines.append(
                f"| `{row['endpoint']}` | {fmt(row['rps'])} | {fmt(row['rps_ratio'], '.3f')} "
                f"| {fmt(row['p50_ms'])} | {fmt(row['p95_ms'])} | {fmt(row['p50_ratio'], '.1f')} "
                f"| {fmt(row['kib_per_response'])} | {row['requests']}"
                f"{' (cap)' if row['capped'] else ''} | {row['errors']} |"
            )
        base = result["http"][0]
        if base.get("round_rps"):
            spread = ratio(max(base["round_rps"]), min(base["round_rps"]))
            lines.append(
                "\nNoise: /healthz req/s by round "
                + ", ".join(fmt(x, ".0f") for x in base["round_rps"])
                + f" (max/min ×{fmt(spread, '.2f')}); the other rows share the same rounds."
            )
        cpu = result.get("cpu")
        if cpu:
            lines.append(
                f"CPU use while measuring ({cpu['machine_cpus']} CPUs): gunicorn "
                f"{fmt(cpu['server_cpus'], '.2f')}, load generator {fmt(cpu['load_generator_cpus'], '.2f')}, "
                f"**other processes {fmt(cpu['other_processes_cpus'], '.2f')}** CPUs on average."
            )
    if result.get("queries"):
        lines += [
            "",
            f"| in-process, text search via {result.get('query_api') or '?'} | p50 ms | p95 ms "
            "| p50 × /healthz p50 | rows | SQL statements | reps |",
            "|---|--:|--:|--:|--:|--:|--:|",
        ]
        for row in result["queries"]:
            if "error" in row:
                lines.append(f"| {row['name']} | **failed**: {row['error'][:120]} | | | | | |")
                continue
            lines.append(
                f"| {row['name']} | {fmt(row['p50_ms'], '.2f')} | {fmt(row['p95_ms'], '.2f')} "
                f"| {fmt(row['p50_ratio'], '.2f')} | {row['result']} | {row.get('statements', '')} "
                f"| {row['reps']} |"
            )
    if p:
        lines.append(
            f"\nParameters: q=`{p['q']}` (rare word `{p['q_rare']}`), field `{p['field']}`, "
            f"profession `{p['profession']}`, deep page {p['deep_page']} of {p['pages']}, "
            f"revoked licence `{p['revoked_number']}`."
        )
    return "\n".join(lines)


def _interrupt(signum, frame):
    """SIGTERM behaves like Ctrl-C: unwind, stop gunicorn, remove the temp dirs."""
    raise KeyboardInterrupt


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,100000", help="comma-separated centre counts")
    parser.add_argument("--seconds", type=float, default=5.0, help="load duration per endpoint")
    parser.add_argument(
        "--rounds", type=int, default=3, help="split --seconds into this many interleaved rounds"
    )
    parser.add_argument("--clients", type=int, default=4, help="concurrent closed-loop clients")
    parser.add_argument("--max-requests", type=int, default=50000, help="cap per endpoint")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seed", type=int, default=2018)
    parser.add_argument("--q", default=None, help="search word (default: a common word in the data)")
    parser.add_argument("--reps", type=int, default=50, help="repetitions per in-process query")
    parser.add_argument("--query-budget", type=float, default=20.0, help="seconds per query, max")
    parser.add_argument("--query-timeout", type=float, default=1800.0)
    parser.add_argument("--import-timeout", type=float, default=1800.0)
    parser.add_argument("--skip-queries", action="store_true")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN QUERY PLAN too")
    parser.add_argument("--keep", action="store_true", help="keep the temp dirs (and print them)")
    parser.add_argument("--fresh", action="store_true", help="rebuild cached databases")
    parser.add_argument("--cache-min", type=int, default=10000, help="cache databases this big+")
    parser.add_argument("--cache-dir", default=os.path.join(tempfile.gettempdir(), "registar-bench-cache"))
    parser.add_argument(
        "--out",
        default=os.path.join(tempfile.gettempdir(), "registar-bench", "latest.json"),
        help="where the JSON goes",
    )
    args = parser.parse_args()
    args.rounds = max(1, args.rounds)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]

    signal.signal(signal.SIGTERM, _interrupt)

    report = {
        "started_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "git": git_state(),
        "args": vars(args),
        "sizes": [],
    }
    failed = False
    try:
        for size in sizes:
            log(f"== N = {size}")
            result = {"size": size}
            report["sizes"].append(result)
            try:
                bench_size(args, size, result)
            except (BenchError, subprocess.SubprocessError, OSError, ValueError) as error:
                failed = True
                log(f"  FAILED: {error}")
                result["error"] = str(error)
    except KeyboardInterrupt:
        log("interrupted: gunicorn stopped; partial results follow")
        failed = True
    report["finished_at"] = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")

    print(
        f"## Registar benchmarks — {report['started_at']}, {report['machine']['cpus']} CPUs, "
        f"Python {report['machine']['python']}, commit {report['git']['commit']}"
        f" (+{report['git']['uncommitted_files']} uncommitted files)\n"
        f"\n{args.clients} closed-loop clients, {args.seconds:g} s per endpoint in {args.rounds} "
        f"interleaved round(s), gunicorn "
        f"{args.workers} workers × {args.threads} thread(s), SQLite.\n"
    )
    for result in report["sizes"]:
        print(markdown(result))
        print()
        if args.explain and result.get("plans"):
            print("<details><summary>EXPLAIN QUERY PLAN</summary>\n")
            for name, statements in result["plans"].items():
                print(f"**{name}**\n")
                for statement in statements:
                    print("```\n" + "\n".join(statement["plan"]) + "\n```")
            print("</details>\n")
        if args.keep and result.get("workdir"):
            print(f"(kept {result['workdir']})\n")
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump(report, handle, ensure_ascii=False, indent=1, default=str)
    log(f"JSON: {args.out}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
