"""BAUP certification (004): the hash of each candidate's personal access code, the secret mailed
with the admission notice that proves the candidate reads their own result (candidates admitted
before have none and sign in instead)."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Add the column."""
    migrator.add_fields("cert_candidate", access_code_hash=pw.CharField(max_length=64, null=True))


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Drop the column."""
    migrator.remove_fields("cert_candidate", "access_code_hash")
