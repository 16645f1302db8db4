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
from certification.outreach.models import TABLES as OUTREACH_TABLES
from portal import create_app
from portal.accounts import User
from portal.audit import AuditEntry
from portal.db import database, open_database
from register.blanks.models import TABLES as BLANK_TABLES
from register.documents.models import TABLES as DOCUMENT_TABLES
from register.licensing.models import TABLES as LICENSING_TABLES
from register.models import REGISTER_TABLES
from register.quality.models import TABLES as QUALITY_TABLES

TEST_PASSWORD = "correct horse battery staple"
REFERENCE_TABLES = {
    "region",
    "municipality",
    "settlement",
    "professional_field",
    "profession",
    "speciality",
}


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path():
    """Debian's Chromium, or CHROMIUM_PATH."""
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the test run (each test opens its own context: its own cookies)."""
    path = chromium_path()
    if not path:
        skip_or_fail("REQUIRE_BROWSER", "Chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("REQUIRE_BROWSER", "playwright is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def pytest_collection_modifyitems(items):
    """The long tests first: the browser's, then the hostile-input module (its fuzz run). pytest-xdist
    hands tests out in this order, and long ones at the end would leave one worker running them while
    the other idles. A stable sort, so each module stays in one piece (its app is built once)."""

    def rank(item):
        if item.get_closest_marker("browser"):
            return 0
        return 1 if item.path.name == "test_hostile_input.py" else 2

    items.sort(key=rank)


def required(variable):
    """Whether CI asked that tests needing this never be skipped."""
    return os.environ.get(variable, "").lower() in ("1", "true", "yes")


def skip_or_fail(variable, reason):
    """Skip, or fail when the environment variable says the test must run."""
    if required(variable):
        pytest.fail(f"{reason} (and {variable}=1 forbids skipping)")
    pytest.skip(reason)


def _worker_database(url):
    """Under pytest-xdist, each worker's own PostgreSQL database beside the one named (created
    once, e.g. registar_test_gw0): the workers must not drop each other's schema."""
    from urllib.parse import urlsplit, urlunsplit

    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/')}_{worker}"
    server = open_database(url)
    if not server.execute_sql("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
        server.execute_sql(f'CREATE DATABASE "{name}"')
    server.close()
    return urlunsplit(parts._replace(path=f"/{name}"))


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
        url = _worker_database(url)
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
        _count_reference_writes(database.obj)
    database.close()
    return url


def _written_models():
    """The models of every table the tests write (reference data excluded), parents first."""
    models = [m for m in REGISTER_TABLES if m._meta.table_name not in REFERENCE_TABLES]
    return models + [
        User,
        AuditEntry,
        *LICENSING_TABLES,
        *CERT_TABLES,
        *BLANK_TABLES,
        *DOCUMENT_TABLES,
        *QUALITY_TABLES,
        *OUTREACH_TABLES,
    ]


def _clear_tables():
    """Empty every table the tests write, keeping the reference data loaded once."""
    import search_index

    registers = {row[0] for row in database.execute_sql("SELECT DISTINCT register FROM search_doc")}
    for register in sorted(registers | {"licences"}):  # the certificates' documents too
        search_index.clear(register)
    models = _written_models()
    if isinstance(database.obj, peewee.PostgresqlDatabase):
        names = ", ".join(f'"{m._meta.table_name}"' for m in models)
        database.execute_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
    else:
        # One query finds the tables that hold rows: only those are emptied (most tests write few).
        probes = ", ".join(f'(SELECT 1 FROM "{m._meta.table_name}" LIMIT 1)' for m in models)
        filled = database.execute_sql(f"SELECT {probes}").fetchone()
        for model, has_rows in reversed(list(zip(models, filled, strict=True))):
            if has_rows:
                model.delete().execute()
    _forget_database_caches()


# What the app caches per database that only the reference data (REFERENCE_TABLES) or nothing a test
# writes decides: settlements, classifiers, professions, SQL statements. Building them again costs up to
# half a second (5,256 settlements analysed), so a rolled-back test that wrote no reference row leaves
# them to the next test on the same connection (SharedConnection.end). Any other end clears them too.
REFERENCE_CACHES = {
    "register.places._index",
    "register.search._token_values",
    "register.search._names_cached",
    "register.search.indexing._entities",
    "register.licensing.models._speciality_words",
    "register.views._form_choices",
    "register.views._options_html",
    "register.models.common._listing_statement",
    "register.models.common._version_statement",
}
# A test-only table counting writes to the reference tables (triggers, installed with the test
# database): read at a test's start and end, inside its transaction, it tells whether the test wrote one.
REFERENCE_WRITES = "test_reference_writes"


def _count_reference_writes(db):
    """Triggers on every reference table that add one to REFERENCE_WRITES on any write."""
    db.execute_sql(f"CREATE TABLE {REFERENCE_WRITES} (n INTEGER NOT NULL)")
    db.execute_sql(f"INSERT INTO {REFERENCE_WRITES} (n) VALUES (0)")
    bump = f"UPDATE {REFERENCE_WRITES} SET n = n + 1"
    if isinstance(db, peewee.PostgresqlDatabase):
        db.execute_sql(
            "CREATE FUNCTION test_reference_write() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN {bump}; RETURN NULL; END $$"
        )
    for table in sorted(REFERENCE_TABLES):
        if isinstance(db, peewee.PostgresqlDatabase):
            db.execute_sql(
                "CREATE TRIGGER test_reference_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE"
                f' ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION test_reference_write()'
            )
            continue
        for operation in ("INSERT", "UPDATE", "DELETE"):
            db.execute_sql(
                f'CREATE TRIGGER test_reference_{operation.lower()}_{table} AFTER {operation} ON "{table}" '
                f"BEGIN {bump}; END"
            )


def _reference_writes(db):
    """The count of writes to the reference tables, as the connection's transaction sees it (None
    when it cannot be read, e.g. in a PostgreSQL transaction a failed statement spoilt)."""
    try:
        with db.savepoint():
            return db.execute_sql(f"SELECT n FROM {REFERENCE_WRITES}").fetchone()[0]
    except peewee.DatabaseError:
        return None


def _forget_database_caches(keep_reference=False):
    """Drop what the app caches per database (keyed by the database object's identity): a test's
    rolled-back or deleted rows must not be remembered by the next test on the same connection.
    With `keep_reference`, the REFERENCE_CACHES stay (the caller knows no reference row changed)."""
    import sys

    import search_index

    search_index._KNOWN_TERMS.clear()
    for name, module in list(sys.modules.items()):
        if module is None or name.split(".")[0] not in (
            "portal",
            "register",
            "certification",
            "search_index",
        ):
            continue
        for attribute, value in list(vars(module).items()):
            code = getattr(getattr(value, "__wrapped__", None), "__code__", None)
            if code is not None and hasattr(value, "cache_clear"):
                if keep_reference and f"{name}.{attribute}" in REFERENCE_CACHES:
                    continue
                if {"database_identity", "identity"} & set(code.co_varnames[: code.co_argcount]):
                    value.cache_clear()


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


def _commits(request):
    """Whether the test's writes must be committed (seen by other connections): a browser test's
    server threads, another process, a second connection holding SQLite's lock. Such a test gets its
    own app, and the tables are emptied after it; every other test is rolled back."""
    return (
        request.node.get_closest_marker("commits") is not None
        or request.node.get_closest_marker("browser") is not None
        or "live_server" in request.fixturenames
    )


class SharedConnection:
    """The test run's shared connection: each test runs inside a transaction on it, rolled back at
    the end, so that the tables need no emptying; the app is built once per module.

    The app closes the connection after every request in tests (portal/db.py) and a test may build
    another app (which rebinds the proxy and closes the connection first): while a test runs,
    close() leaves the connection open, and a rebinding commits what the test wrote so far (the
    other app's connection must see it, as before) and has the tables emptied after the test.

    Tests marked shared_data(build) share the data `build(app)` writes: built once, in a transaction
    that the next test without the same mark rolls back; each of them runs in a savepoint.
    """

    def __init__(self, db):
        self.db = db
        self.running = False  # a test's transaction is open
        self.committed = False  # the test rebound the proxy: its writes were committed
        self.shared = None  # the build function of the shared data in the open transaction
        self.savepoint = None
        self.sequences = self.shared_sequences = None
        self.reference_writes = None  # REFERENCE_WRITES' count when the test began
        real_close = db.close

        def close():
            if (self.running or self.shared is not None) and db.in_transaction():
                return False  # a request's teardown: the test's (or the shared data's) transaction goes on
            return real_close()

        db.close = close
        database.attach_callback(self._rebound)

    def _rebound(self, obj):
        if obj is self.db or not self.db.in_transaction():
            return
        while self.db.in_transaction():
            self.db.pop_transaction()
        if self.running:
            self.db.commit()
            self.committed = True
        else:  # another app between tests: the shared data would hold SQLite's write lock
            self.db.rollback()
            self._restore_sequences(self.sequences)
            _forget_database_caches()
        self.shared = self.savepoint = None

    def _bind(self):
        database.initialize(self.db)
        self.db.connect(reuse_if_open=True)

    def _rollback(self):
        while self.db.in_transaction():
            self.db.pop_transaction()
        self.db.rollback()
        self.db._clear_commit_callbacks()

    def release(self):
        """Roll back the shared data's transaction, if one is open."""
        if self.shared is not None:
            self._bind()
            self._rollback()
            self._restore_sequences(self.sequences)
            self.shared = self.savepoint = None
            _forget_database_caches()

    def begin(self, app, shared=None):
        if self.shared is not None and self.shared is not shared:
            self.release()
        self._bind()
        if self.sequences is None and isinstance(self.db, peewee.PostgresqlDatabase):
            self.sequences = self._sequence_values()
        self.committed, self.running = False, True
        self.reference_writes = _reference_writes(self.db)
        if shared is not None and self.shared is None:
            self.db.transaction().__enter__()
            with app.app_context():
                shared(app)
            if not self.committed:
                self.shared = shared
                self.shared_sequences = self.sequences and self._sequence_values()
        if self.shared is not None:
            self.savepoint = self.db.savepoint()
            self.savepoint.__enter__()
        elif not self.db.in_transaction():
            self.db.transaction().__enter__()

    def end(self):
        self.running = False
        # The reference caches outlive a test that wrote no reference row on this connection (read
        # before the rollback undoes the count).
        keep_reference = not self.committed and database.obj is self.db
        if keep_reference:
            count = _reference_writes(self.db)
            keep_reference = count is not None and count == self.reference_writes
        if self.committed:
            self._bind()
            _clear_tables()
        elif self.shared is not None:
            while self.db.transaction_depth() > 1:  # a transaction the test left unfinished
                self.db.pop_transaction()
            self.savepoint.rollback(False)
            self.savepoint = None
            self._restore_sequences(self.shared_sequences)
        else:
            self._rollback()
            self._restore_sequences(self.sequences)
        _forget_database_caches(keep_reference=keep_reference)

    def _sequence_values(self):
        cursor = self.db.execute_sql("SELECT schemaname, sequencename, last_value FROM pg_sequences")
        return {(schema, name): value for schema, name, value in cursor.fetchall()}

    def _restore_sequences(self, values):
        """PostgreSQL's sequences do not roll back: put the ones a test moved back where they were,
        so that ids start where they did (as TRUNCATE ... RESTART IDENTITY made them)."""
        if values is None:
            return
        for key, value in self._sequence_values().items():
            before = values.get(key)
            if value != before:
                target, called = (before, "true") if before is not None else (1, "false")
                name = ".".join(f'"{part}"' for part in key)
                self.db.execute_sql(f"SELECT setval('{name}', {target}, {called})")


@pytest.fixture(scope="session")
def _shared_connection(database_url, tmp_path_factory):
    """The connection every rolled-back test runs on."""
    create_app(app_config(database_url, tmp_path_factory.mktemp("shared")))
    shared = SharedConnection(database.obj)
    yield shared
    shared.release()
    if not shared.db.is_closed():
        shared.db.close()


@pytest.fixture(scope="module")
def _module_app(_shared_connection, database_url, tmp_path_factory):
    """One app per module (building one compiles ~450 URL rules): its configuration and extensions
    are put back before every test."""
    app = create_app(app_config(database_url, tmp_path_factory.mktemp("app")))
    database.initialize(_shared_connection.db)
    if isinstance(_shared_connection.db, peewee.PostgresqlDatabase):
        _savepoint_per_request(app, _shared_connection)
    return app, dict(app.config), dict(app.extensions)


def _savepoint_per_request(app, shared):
    """On PostgreSQL a failed statement spoils the whole transaction, where outside tests it spoils
    only its own request (autocommit): each request of a test runs in a savepoint, rolled back if a
    statement failed in it, so that the test's next requests work as they would."""
    from flask import g
    from psycopg2.extensions import TRANSACTION_STATUS_INERROR

    @app.before_request
    def _begin_savepoint():
        if shared.running and database.obj is shared.db and shared.db.in_transaction():
            g.test_savepoint = shared.db.savepoint()
            g.test_savepoint.__enter__()

    @app.teardown_request
    def _end_savepoint(exc):
        savepoint = g.pop("test_savepoint", None)
        if savepoint is None or database.obj is not shared.db or not shared.db.in_transaction():
            return
        if shared.db.connection().get_transaction_status() == TRANSACTION_STATUS_INERROR:
            savepoint.rollback(False)
        else:
            savepoint.commit(False)


@pytest.fixture
def app(request, database_url, tmp_path):
    """The app on the test database; after the test, the database holds reference data only (and
    the data of a shared_data mark)."""
    if _commits(request):
        request.getfixturevalue("_shared_connection").release()  # another connection will write
        app = create_app(app_config(database_url, tmp_path))
        yield app
        with app.app_context():
            _clear_tables()
        database.close()
    else:
        shared = request.getfixturevalue("_shared_connection")
        app, config, extensions = request.getfixturevalue("_module_app")
        app.config.clear()
        app.config.update(config, DATA_DIR=str(tmp_path / "data"), UPLOAD_DIR=str(tmp_path / "uploads"))
        app.extensions.clear()
        app.extensions.update(extensions)
        marker = request.node.get_closest_marker("shared_data")
        shared.begin(app, marker.args[0] if marker else None)
        try:
            yield app
        finally:
            shared.end()
    shutil.rmtree(tmp_path / "data", ignore_errors=True)


@pytest.fixture
def english(request):
    """The site in English, for tests that read the English wording (Bulgarian is the default):
    the app's language and, when the test has a client, its cookie."""
    if "app" in request.fixturenames:
        request.getfixturevalue("app").config["SITE_LANGUAGE"] = "en"
    if "client" in request.fixturenames:
        request.getfixturevalue("client").set_cookie("lang", "en")


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
