#!/usr/bin/env python3
"""How long `flask register import` holds SQLite's write lock, against the whole import.

    .venv/bin/python bench/import_lock.py [--centres 2000] [--seed 1]

A fresh SQLite database in a temp dir with the places and professions; N generated demo licences
are imported once (all created), then again (all updated). Prints the seconds spent reading,
validating and analysing (outside the lock), in the write transaction (BEGIN IMMEDIATE to COMMIT),
and the share of the import that web writes would have to wait for. A figure, not a test.
"""

import argparse
import contextlib
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main():
    """Build the database, import twice, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--centres", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    from portal import create_app
    from portal import db as portal_db
    from portal.cli import upgrade_database
    from register import importer
    from register.demo import generate_records
    from register.places import load_places
    from register.professions import import_professions

    held = []

    @contextlib.contextmanager
    def timed_transaction():
        start = time.perf_counter()
        with portal_db.write_transaction():
            yield
        held.append(time.perf_counter() - start)

    importer.write_transaction = timed_transaction
    with tempfile.TemporaryDirectory() as directory:
        url = "sqlite:///" + os.path.join(directory, "bench.sqlite3")
        app = create_app({"DATABASE_URL": url, "TESTING": True, "DATABASE_KEEP_OPEN": True})
        with app.app_context():
            upgrade_database()
            load_places()
            import_professions()
            records = list(generate_records(args.centres, args.seed))
            for label in ("create", "update"):
                held.clear()
                start = time.perf_counter()
                report = importer.import_records(records)
                total = time.perf_counter() - start
                print(
                    f"{label}: {len(records)} licences ({report.created} created, {report.updated} updated)"
                    f" in {total:.2f} s; write lock held {held[0]:.2f} s ({held[0] / total:.0%}),"
                    f" {total - held[0]:.2f} s of reading and analysing outside it"
                )


if __name__ == "__main__":
    main()
