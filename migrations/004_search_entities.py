"""Search documents, second shape: place and profession names leave the documents.

Each licence's document now carries one token for its settlement (beside the region, municipality
and profession tokens it had), and a query word in a place's or profession's name matches that
token (search_index.Entities): about a third fewer terms per document, so a faster reindex and a
smaller index. The SQLite table also stops keeping per-document lengths (columnsize=0), which only
bm25 reads. The index is rebuilt here, in the migration's transaction.
"""

import peewee as pw
from peewee_migrate import Migrator


def _rebuild(database):
    from register.search import reindex
    from search_index.engines import engine_for

    engine = engine_for(database)
    engine.drop_schema()
    engine.create_schema()
    reindex()


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Recreate the search tables and write every document in the new shape."""
    migrator.run(lambda: _rebuild(database))


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """The old shape cannot be written by this code: leave the tables, `flask search reindex` after."""
