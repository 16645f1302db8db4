"""Indexes the listing needs at 100,000 licences (figures in bench/README.md).

- licence (licence_date, id): deep pages sorted by date read the index instead of sorting.
- licensed_speciality (field_code, licence_id) for current specialities: the field facet and filter.
Plain SQL that SQLite and PostgreSQL both accept (partial indexes included).
"""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Create the indexes."""
    migrator.sql("CREATE INDEX IF NOT EXISTS licence_date_id ON licence (licence_date, id)")
    migrator.sql(
        "CREATE INDEX IF NOT EXISTS licensed_speciality_current_field "
        "ON licensed_speciality (field_code, licence_id) WHERE removed_on IS NULL"
    )


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Drop them."""
    migrator.sql("DROP INDEX IF EXISTS licence_date_id")
    migrator.sql("DROP INDEX IF EXISTS licensed_speciality_current_field")
