"""Fixtures: app, client, runner, login(role); a database per test run on SQLite or PostgreSQL.

TEST_DATABASE_URL=postgresql://... runs the whole suite on PostgreSQL. REQUIRE_BROWSER=1 and
REQUIRE_POSTGRES=1 turn a browser or PostgreSQL test that would be skipped into a failure, so
that CI cannot pass by skipping.
"""

import os
import shutil

import peewee
import pytest

from certification.models import TABLES as CERT_TABLES
from portal import create_app
from portal.accounts import User
from portal.audit import AuditEntry
from portal.db import database, open_database
from register.licensing.models import TABLES as LICENSING_TABLES
from register.models import REGISTER_TABLES

TEST_PASSWORD = "correct horse battery staple"
REFERENCE_TABLES = {
    "region",
    "municipality",
    "settlement",
    "professional_field",
    "profession",
    "speciality",
}


def required(variable):
    """Whether CI asked that tests needing this never be skipped."""
    return os.environ.get(variable, "").lower() in ("1", "true", "yes")


def skip_or_fail(variable, reason):
    """Skip, or fail when the environment variable says the test must run."""
    if required(variable):
        pytest.fail(f"{reason} (and {variable}=1 forbids skipping)")
    pytest.skip(reason)


def _reset_postgres(url):
    db = open_database(url)
    db.execute_sql("DROP SCHEMA IF EXISTS public CASCADE")
    db.execute_sql("CREATE SCHEMA public")
    db.close()


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing():
    """Argon2id at its lowest cost in tests: the real parameters are the library's defaults."""
    from argon2 import PasswordHasher

    from portal import accounts

    real = accounts._hasher
    accounts._hasher = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
    yield
    accounts._hasher = real


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """A fresh, migrated database for the test run, with the places and professions loaded."""
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        _reset_postgres(url)
    else:
        url = "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite3")
    app = create_app({"TESTING": True, "DATABASE_URL": url})
    with app.app_context():
        from portal.cli import upgrade_database
        from register.places import load_places
        from register.professions import import_professions

        upgrade_database()
        load_places()
        import_professions()
    database.close()
    return url


def _clear_tables():
    """Empty every table the tests write, keeping the reference data loaded once."""
    import search_index

    search_index.clear("licences")
    models = [m for m in REGISTER_TABLES if m._meta.table_name not in REFERENCE_TABLES]
    models += [User, AuditEntry, *LICENSING_TABLES, *CERT_TABLES]
    if isinstance(database.obj, peewee.PostgresqlDatabase):
        names = ", ".join(f'"{m._meta.table_name}"' for m in models)
        database.execute_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
    else:
        for model in reversed(models):
            model.delete().execute()


def app_config(database_url, folder, **overrides):
    """The configuration of a test app on the test database, its files under `folder`."""
    return {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "DATA_DIR": str(folder / "data"),
        "UPLOAD_DIR": str(folder / "uploads"),
        "SERVER_NAME": None,
        **overrides,
    }


@pytest.fixture
def app(database_url, tmp_path):
    """The app on the test database, emptied of everything but reference data after the test."""
    app = create_app(app_config(database_url, tmp_path))
    yield app
    with app.app_context():
        _clear_tables()
    database.close()
    shutil.rmtree(tmp_path / "data", ignore_errors=True)


@pytest.fixture
def client(app):
    """A test client."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """A CLI runner."""
    return app.test_cli_runner()


@pytest.fixture
def make_user(app):
    """Create a user with a role and the test password."""

    def make(role, email=None):
        with app.app_context():
            user = User.create(email=email or f"{role}@example.test", role=role, name=role)
            user.set_password(TEST_PASSWORD)
            user.save()
            return user

    return make


@pytest.fixture
def login(client, make_user):
    """login(role): create a user with that role and log the test client in as them."""

    def do_login(role):
        user = make_user(role)
        response = client.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
        assert response.status_code == 303, response.text
        return user

    return do_login
