"""Full-text search: the engine's tables (search_index.engines), replacing licence.search_text.

The documents are written by `flask search reindex` (and by every import and edit from now on).
"""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Create the search tables and drop the basic search's column."""
    from search_index.engines import engine_for

    migrator.remove_fields("licence", "search_text")
    migrator.run(lambda: engine_for(database).create_schema())


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Drop the search tables and bring the column back."""
    from search_index.engines import engine_for

    migrator.run(lambda: engine_for(database).drop_schema())
    migrator.add_fields("licence", search_text=pw.TextField(default=""))
