"""Issue 11: a per-user session version; a session remembers the version it began with and ends
when the user's version moves on (logout, a new password, a new role)."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Add the column (every user starts at 0: sessions from before carry no version and end)."""
    migrator.add_fields("user_account", session_version=pw.IntegerField(default=0))


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Drop the column."""
    migrator.remove_fields("user_account", "session_version")
