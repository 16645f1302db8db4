"""BAUP certification, part 2 (004): the issuer of a replaced certificate when it is not BAUP, and the
day the Group reported a candidate to the Board."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Add the columns."""
    migrator.add_fields("cert_application", previous_issuer=pw.CharField(max_length=255, default=""))
    migrator.add_fields("cert_candidate", reported_on=pw.DateField(null=True))


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Drop the columns."""
    migrator.remove_fields("cert_candidate", "reported_on")
    migrator.remove_fields("cert_application", "previous_issuer")
