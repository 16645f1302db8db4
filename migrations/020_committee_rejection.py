"""Licensing, step 9 of 000: the expert committee may reject a speciality the expert assessed
positively, with its reasons; the chair's order then leaves it out."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Add the columns."""
    migrator.add_fields(
        "verdict",
        committee_reasons=pw.TextField(default=""),
        committee_rejected_on=pw.DateField(null=True),
    )


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Drop the columns."""
    migrator.remove_fields("verdict", "committee_reasons", "committee_rejected_on")
