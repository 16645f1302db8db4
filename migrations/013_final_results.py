"""BAUP certification, part 2 (004): the day a C or B candidate's final result (report, interview,
recommendation) was published by candidate ID."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Add the column."""
    migrator.add_fields("cert_candidate", final_published_on=pw.DateField(null=True))


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Drop the column."""
    migrator.remove_fields("cert_candidate", "final_published_on")
