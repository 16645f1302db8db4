"""Issue 11 point 15: a busy database (a long import holding SQLite's write lock) is a 503 with
Retry-After, never a 500; and the importer holds the lock only for the writing."""

import sqlite3

import pytest

from portal import create_app
from portal.accounts import User
from portal.db import database, is_busy
from tests.factories import VALID_EIK

# A second connection takes the write lock: the tests' writes are committed, then emptied.
pytestmark = pytest.mark.commits

APPLICANT = {
    "organisation_name": "ЦПО „Примерно“ ООД",
    "eik": VALID_EIK,
    "representative": "Примерен Представител",
    "email": "busy-applicant@example.com",
}


@pytest.fixture
def busy_app(app, database_url):
    """The test app with a 50 ms busy timeout, and a second connection that can take the write
    lock of the same SQLite file (as `flask register import` does while it writes)."""
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite's write lock; PostgreSQL's lock timeouts are covered by is_busy")
    database.close()
    # English: the assertions read the message (the site's default language is Bulgarian).
    impatient = create_app({**app.config, "DATABASE_BUSY_TIMEOUT": 50, "SITE_LANGUAGE": "en"})
    holder = sqlite3.connect(database_url[len("sqlite:///") :], isolation_level=None, timeout=0)
    yield impatient, holder
    holder.close()
    database.close()


def _lock(holder):
    holder.execute("BEGIN IMMEDIATE")  # the importer's write transaction, held


@pytest.mark.parametrize(
    ("headers", "kind"),
    [
        ({}, "text/html"),
        ({"HX-Request": "true"}, "text/html"),
        ({"Accept": "application/json"}, "application/json"),
    ],
)
def test_a_write_while_the_lock_is_held_is_a_503_with_retry_after(busy_app, headers, kind):
    """Registering while another connection holds the write lock: 503, Retry-After, a clear
    message (a page, or JSON for a JSON client), and nothing half-written."""
    app, holder = busy_app
    _lock(holder)
    response = app.test_client().post("/apply", data=APPLICANT, headers=headers)
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    assert response.mimetype == kind
    if kind == "application/json":
        assert response.json["status"] == 503
        assert "try again" in response.json["error"]
    else:
        assert "try again" in response.text
    holder.execute("ROLLBACK")
    with app.app_context():
        assert not User.select().where(User.email == APPLICANT["email"]).exists()


def test_the_same_write_succeeds_once_the_lock_is_released(busy_app):
    """The 503 is about the lock, not the request: retried after the import, it goes through."""
    app, holder = busy_app
    _lock(holder)
    client = app.test_client()
    assert client.post("/apply", data=APPLICANT).status_code == 503
    holder.execute("COMMIT")
    assert client.post("/apply", data=APPLICANT).status_code == 303
    with app.app_context():
        assert User.select().where(User.email == APPLICANT["email"]).count() == 1


class FakePostgresError(Exception):
    """A psycopg error as peewee wraps it: the SQLSTATE in pgcode."""

    def __init__(self, pgcode, text):
        super().__init__(text)
        self.pgcode = pgcode


@pytest.mark.parametrize(
    ("error", "busy"),
    [
        (FakePostgresError("55P03", "canceling statement due to lock timeout"), True),
        (FakePostgresError("40P01", "deadlock detected"), True),
        (sqlite3.OperationalError("database is locked"), True),
        (sqlite3.OperationalError("no such table: licence"), False),
        (FakePostgresError("42P01", 'relation "licence" does not exist'), False),
    ],
)
def test_which_database_errors_mean_busy(error, busy):
    """Lock waits in vain are "busy" (503, retry); a missing table is a fault (500, logged)."""
    import peewee

    assert is_busy(peewee.OperationalError(error)) is busy
