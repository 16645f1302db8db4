#!/usr/bin/env python3
"""The register of issued documents at scale: verification and the centre's document list at
1,000,000 registered documents, as ratios to `/healthz` measured in the same run.

    .venv/bin/python bench/documents.py [--documents 1000000] [--centres 50] [--seconds 2]
    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1/registar_bench .venv/bin/python bench/documents.py

The database is a fresh SQLite file in a temp dir (or BENCH_DATABASE_URL, whose tables are
dropped and made again by the migrations): the places, the List of professions, a few licences
through the importer, a course each, then the documents with executemany in batches (the holder's
keyed hash computed as the app does; a third of them at the largest centre). Every figure is taken
in-process with Flask's test client (no HTTP server: the ratio to /healthz through the same client
is what compares), the median of repeated calls for --seconds each. The plan of each query is
printed, so a full scan shows. Figures only: no pass/fail.
"""

import argparse
import datetime
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

BATCH = 20_000
EXPLAIN = {"sqlite": "EXPLAIN QUERY PLAN ", "postgres": "EXPLAIN "}


def log(message):
    print(message, file=sys.stderr, flush=True)


def fresh_postgres(url):
    """Drop every table of the bench database (the migrations make them again)."""
    import peewee as pw
    from playhouse.db_url import connect

    db = connect(url)
    db.execute_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    db.close()
    return pw


def build(app, documents, centres):
    """Reference data, `centres` licences with a course each, and `documents` registered
    documents; returns (licence numbers, the largest centre's id, samples to look up)."""
    from portal.cli import upgrade_database
    from portal.db import database
    from register.documents import rules
    from register.documents.identity import personal_number_hash
    from register.documents.models import IssuedDocument, normalise_number
    from register.places import load_places
    from register.professions import import_professions
    from tests.document_factories import fake_egn, make_course
    from tests.factories import make_licence

    started = time.perf_counter()
    upgrade_database()
    load_places()
    import_professions()
    licences = [make_licence(number=f"2019{n:05d}") for n in range(1, centres + 1)]
    courses = [make_course(licence) for licence in licences]
    log(f"reference data and {centres} licences: {time.perf_counter() - started:.1f} s")

    placeholder = database.param
    columns = (
        "centre_id, course_id, kind, series, factory_number, registration_number, registered_on, "
        "registered_year, holder_name, holder_hash, verify_key, issued_by_archive, state, check_round, "
        "verify_token, created_at, updated_at, version"
    )
    sql = f"INSERT INTO issued_document ({columns}) VALUES ({', '.join([placeholder] * 18)})"
    largest = courses[0]
    samples = []
    # 10,000 holders, each with a few documents: the keyed hash computed once per holder, as the app
    # computes it (the insert is what is timed, not HMAC).
    people = [
        fake_egn(n % 1000, born=datetime.date(1960 + n // 1000, 1 + n % 12, 1 + n % 28))
        for n in range(10_000)
    ]
    hashes = [personal_number_hash(egn) for egn in people]
    started = time.perf_counter()
    first_day = datetime.date(2019, 1, 1)
    with database.atomic():
        cursor = database.connection().cursor()
        rows = []
        for n in range(documents):
            # A third at the largest centre, the rest spread over the others.
            course = largest if n % 3 == 0 else courses[1 + n % (len(courses) - 1)]
            kind = rules.QUALIFICATION if n % 4 else rules.TRAINING
            numbered = rules.factory_numbered(kind)
            series = f"А-{19 + n % 7}" if numbered else ""
            number = str(100000 + n)
            egn = people[n % len(people)]
            day = first_day + datetime.timedelta(days=n % 2500)
            stamp = datetime.datetime.combine(day, datetime.time(9)) + datetime.timedelta(seconds=n % 3600)
            token = secrets.token_urlsafe(16)
            rows.append(
                (
                    course.centre_id,
                    course.id,
                    kind,
                    series,
                    number if numbered else "",
                    number,
                    day,
                    day.year,
                    "",
                    hashes[n % len(people)],
                    f"{normalise_number(series)}/{normalise_number(number)}",
                    "",
                    "registered",
                    1 if numbered else 0,
                    token,
                    stamp,
                    stamp,
                    1,
                )
            )
            if n % 99_991 == 7:
                samples.append({"kind": kind, "series": series, "number": number, "egn": egn, "token": token})
            if len(rows) == BATCH:
                cursor.executemany(sql, rows)
                rows = []
        if rows:
            cursor.executemany(sql, rows)
    seconds = time.perf_counter() - started
    log(f"{documents:,} documents inserted: {seconds:.1f} s ({documents / seconds:,.0f}/s)")
    database.execute_sql("ANALYZE")
    count = IssuedDocument.select().count()
    return [licence.number for licence in licences], largest.centre_id, samples, count


def timed(call, seconds, at_least=20):
    """Median and 95th percentile (ms) of `call()` repeated for about `seconds`."""
    call()  # warm-up
    times, until = [], time.perf_counter() + seconds
    while time.perf_counter() < until or len(times) < at_least:
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], len(times)


def plan(sql_and_params):
    """The database's plan of one query, as one line."""
    from portal.db import database

    engine = "sqlite" if database.param == "?" else "postgres"
    sql, params = sql_and_params
    rows = database.execute_sql(EXPLAIN[engine] + sql, params).fetchall()
    return " | ".join(str(r[-1]) if engine == "sqlite" else str(r[0]) for r in rows)


def measure(app, numbers, largest, samples, seconds):
    """(label, median ms, p95 ms, n, plan) of each operation; /healthz first."""
    from register.documents.identity import personal_number_hash
    from register.documents.models import IssuedDocument
    from register.documents.verification import verify_key

    client = app.test_client()
    hit, miss = samples[len(samples) // 2], dict(samples[0], number="999999999")

    def post(sample):
        form = {
            "kind": sample["kind"],
            "series": sample["series"],
            "number": sample["number"],
            "personal_number": sample["egn"],
        }

        def call():
            response = client.post("/documents/verify", data=form)
            assert response.status_code == 200, response.status_code
            return response

        return call

    assert "verdict valid" in post(hit)().text and "verdict unknown" in post(miss)().text

    def get(url, status=200):
        def call():
            response = client.get(url)
            assert response.status_code == status, (url, response.status_code)
            response.close()

        return call

    def page(number):
        def call():
            return list(IssuedDocument.of_centre(largest).paginate(number, 25))

        return call

    with app.app_context():
        lookup = (
            IssuedDocument.select()
            .where(
                (IssuedDocument.kind == hit["kind"])
                & (IssuedDocument.verify_key == verify_key(hit["kind"], hit["series"], hit["number"]))
                & (IssuedDocument.holder_hash == personal_number_hash(hit["egn"]))
                & (IssuedDocument.state == "registered")
            )
            .limit(1)
        )
        plans = {
            "find_registered": plan(lookup.sql()),
            "holder link": plan(
                IssuedDocument.select().where(IssuedDocument.verify_token == hit["token"]).sql()
            ),
            "of_centre page 1": plan(IssuedDocument.of_centre(largest).paginate(1, 25).sql()),
            "yearly_counts": plan(
                IssuedDocument.select(IssuedDocument.registered_year, IssuedDocument.kind)
                .where((IssuedDocument.centre == largest) & (IssuedDocument.state == "registered"))
                .group_by(IssuedDocument.registered_year, IssuedDocument.kind)
                .sql()
            ),
        }
    results = [("/healthz", *timed(get("/healthz"), seconds), "")]
    results.append(("POST /documents/verify (hit)", *timed(post(hit), seconds), plans["find_registered"]))
    results.append(("POST /documents/verify (miss)", *timed(post(miss), seconds), plans["find_registered"]))
    results.append(
        ("/documents/v/<token>", *timed(get(f"/documents/v/{hit['token']}"), seconds), plans["holder link"])
    )
    results.append(
        (
            "/documents/v/<unknown> (404)",
            *timed(get("/documents/v/unknown", 404), seconds),
            plans["holder link"],
        )
    )
    results.append(
        (
            "/licences/<largest centre> (counts)",
            *timed(get(f"/licences/{numbers[0]}"), seconds),
            plans["yearly_counts"],
        )
    )
    with app.app_context():
        results.append(
            ("of_centre(largest).paginate(1, 25)", *timed(page(1), seconds), plans["of_centre page 1"])
        )
        results.append(("of_centre(largest).paginate(400, 25)", *timed(page(400), seconds), ""))
    return results


def report(results, documents, largest_count, engine):
    """The Markdown table."""
    base = results[0][1]
    lines = [
        f"{documents:,} registered documents ({largest_count:,} at the largest centre), {engine}, "
        "in-process (Flask test client), median of repeated calls",
        "",
        "| operation | p50 ms | p95 ms | n | p50 × /healthz | plan |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for label, median, p95, n, query_plan in results:
        lines.append(f"| {label} | {median:.2f} | {p95:.2f} | {n} | {median / base:.1f} | {query_plan} |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1_000_000)
    parser.add_argument("--centres", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--keep", action="store_true", help="keep the temp dir")
    args = parser.parse_args()

    from portal import create_app
    from portal.db import database

    folder = tempfile.mkdtemp(prefix="registar-bench-documents-")
    url = os.environ.get("BENCH_DATABASE_URL")
    if url:
        fresh_postgres(url)
    else:
        url = f"sqlite:///{folder}/registar.sqlite3"
    config = {
        "TESTING": True,
        "DATABASE_URL": url,
        "SECRET_KEY": "bench",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "DATA_DIR": f"{folder}/data",
        "UPLOAD_DIR": f"{folder}/uploads",
    }
    app = create_app(config)
    try:
        with app.app_context():
            numbers, largest, samples, count = build(app, args.documents, args.centres)
            from register.documents.models import IssuedDocument

            largest_count = IssuedDocument.select().where(IssuedDocument.centre == largest).count()
        engine = "PostgreSQL" if url.startswith("postgres") else "SQLite"
        results = measure(app, numbers, largest, samples, args.seconds)
        print(report(results, count, largest_count, engine))
    finally:
        database.close()
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
