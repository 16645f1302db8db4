"""Issue 15: a participant's sex and citizenship, which the course's list records (001 annex 2 т. 1:
"ЕГН/ЛНЧ, име, презиме, фамилия, дата на раждане, пол, гражданство")."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Add the columns."""
    migrator.add_fields(
        "participant",
        sex=pw.CharField(max_length=1, default=""),
        citizenship=pw.CharField(max_length=60, default=""),
    )


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Drop the columns."""
    migrator.remove_fields("participant", "sex", "citizenship")
