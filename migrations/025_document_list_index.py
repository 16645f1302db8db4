"""The centre's list of its documents, newest first, at 1,000,000 documents (bench/documents.py):
issued_document (centre_id, created_at, id) lets IssuedDocument.of_centre(...).paginate read a page
from the index instead of sorting all of a large centre's documents. Plain SQL both engines accept."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Create the index."""
    migrator.sql(
        "CREATE INDEX IF NOT EXISTS issued_document_centre_created "
        "ON issued_document (centre_id, created_at, id)"
    )


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Drop it."""
    migrator.sql("DROP INDEX IF EXISTS issued_document_centre_created")
