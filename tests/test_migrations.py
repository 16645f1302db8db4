"""Migrations on a database that already holds data: an upgrade never loses a row."""

from portal import create_app
from portal.cli import migration_router, upgrade_database
from portal.db import database

SAMPLE = {
    "INT": 1,
    "REAL": 50.0,
    "DATE": "2026-01-02",
    "DATETIME": "2026-01-02 09:00:00",
    "BOOL": 0,
}


def _insert(table, **given):
    """Insert a row, giving every NOT NULL column without a default a sample value of its type."""
    row = dict(given)
    for _cid, name, kind, notnull, default, pk in database.execute_sql(f'PRAGMA table_info("{table}")'):
        if notnull and default is None and not pk and name not in row:
            row[name] = next((v for k, v in SAMPLE.items() if k in kind.upper()), "x")
    names = ", ".join(f'"{n}"' for n in row)
    marks = ", ".join("?" for _ in row)
    return database.execute_sql(
        f'INSERT INTO "{table}" ({names}) VALUES ({marks})', list(row.values())
    ).lastrowid


def test_an_upgrade_keeps_the_rows_that_refer_to_a_rebuilt_table(tmp_path):
    """Migration 015 adds NOT NULL columns to cert_session and cert_seat, which peewee-migrate does on
    SQLite by rebuilding the table; with foreign keys on, dropping the old table deleted every seat
    and mark that referred to it (ON DELETE CASCADE). upgrade_database turns them off for the run:
    a session with a seat and a mark from before 015 keeps both, and every reference still holds."""
    app = create_app({"TESTING": True, "DATABASE_URL": "sqlite:///" + str(tmp_path / "old.sqlite3")})
    with app.app_context():
        migration_router().run("013_final_results")
        user = _insert("user_account", email="marker@example.test", role="assessor")
        application = _insert("cert_application", applicant_id=user, level="D", state="admitted")
        candidate = _insert("cert_candidate", application_id=application, candidate_id="AAAA-BBBB-CCC")
        session = _insert("cert_session", level="D")
        seat = _insert("cert_seat", session_id=session, candidate_id=candidate, final_mark=59.95)
        _insert("cert_mark", seat_id=seat, assessor_id=user, value=59.95)
        upgrade_database()
        count = database.execute_sql
        assert count("SELECT count(*) FROM cert_seat").fetchone() == (1,)
        assert count("SELECT count(*) FROM cert_mark").fetchone() == (1,)
        assert count("SELECT not_held, final_mark FROM cert_session JOIN cert_seat").fetchone() == (0, 60.0)
        assert count("PRAGMA foreign_key_check").fetchall() == []
        assert count("PRAGMA foreign_keys").fetchone() == (1,)
    database.close()
