"""The database: a peewee proxy bound at start from DATABASE_URL, opened per request."""

import os

import peewee
from playhouse.db_url import connect

database = peewee.DatabaseProxy()

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": "normal",
    "cache_size": -65536,  # 64 MiB of pages kept by each connection
    "mmap_size": 268435456,  # read the file through the OS page cache, without copying
}


# How long to tell a visitor to wait when the database was busy (a 503's Retry-After).
RETRY_AFTER_SECONDS = 5
# What SQLite and PostgreSQL say when a write waited for a lock in vain.
BUSY_MESSAGES = ("database is locked", "database is busy", "database table is locked", "lock timeout")
BUSY_SQLSTATES = {"55P03", "40P01"}  # lock_not_available, deadlock_detected


def is_busy(error):
    """Whether a database error means "another writer holds the lock", not a fault: try again."""
    # peewee wraps the driver's exception and keeps it as `orig` (psycopg's carries the SQLSTATE).
    causes = [cause for cause in (error, getattr(error, "orig", None), error.__cause__) if cause is not None]
    if {getattr(cause, "pgcode", None) for cause in causes} & BUSY_SQLSTATES:
        return True
    return any(text in str(cause).lower() for cause in causes for text in BUSY_MESSAGES)


class BaseModel(peewee.Model):
    """Base of every table: bound to the proxy."""

    class Meta:
        database = database


def open_database(url, instance_path=".", busy_timeout=5000):
    """Connect peewee to the URL: SQLite files get WAL, foreign keys and a busy timeout (how many
    milliseconds a write waits for another connection's write lock before giving up)."""
    if url.startswith("sqlite:///") and not url.startswith("sqlite:////"):
        relative = url[len("sqlite:///") :]
        if relative != ":memory:":
            path = relative
            if not os.path.isabs(path):
                path = os.path.join(os.path.dirname(instance_path), path)
            os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
            url = "sqlite:///" + os.path.abspath(path)
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    kwargs = {"pragmas": {**SQLITE_PRAGMAS, "busy_timeout": busy_timeout}} if url.startswith("sqlite") else {}
    return connect(url, **kwargs)


def init_app(app):
    """Bind the proxy; peewee connects on a thread's first query.

    A worker keeps its connection between requests (DATABASE_KEEP_OPEN, on by default): a new one
    for every request would start with an empty page cache and pay the connection set-up each time,
    which at 100,000 licences costs more than the queries. Tests close it after every request.
    """
    if database.obj is not None and not database.is_closed():
        database.close()
    database.initialize(
        open_database(app.config["DATABASE_URL"], app.instance_path, app.config["DATABASE_BUSY_TIMEOUT"])
    )
    keep_open = app.config.get("DATABASE_KEEP_OPEN", not app.config.get("TESTING"))

    # No connect in before_request: /healthz must answer without touching the database.
    @app.teardown_request
    def _close(exc):
        if exc is not None or not keep_open:
            if not database.is_closed():
                database.close()


def write_transaction():
    """A transaction that will write: on SQLite it takes the write lock at BEGIN (IMMEDIATE), so it
    waits for another writer up front instead of failing half-way when its first write finds the
    lock taken, and a caller can see exactly how long it holds the lock. Elsewhere, atomic()."""
    if isinstance(database.obj, peewee.SqliteDatabase) and not database.in_transaction():
        return database.atomic(lock_type="IMMEDIATE")
    return database.atomic()
