"""Files of licensing applications (the e-signed application first; documents and photos later)."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Create the table."""

    @migrator.create_model
    class Attachment(pw.Model):
        id = pw.AutoField()
        application = pw.ForeignKeyField(
            column_name="application_id",
            field="id",
            model=migrator.orm["licensing_application"],
            on_delete="CASCADE",
        )
        purpose = pw.CharField(max_length=32)
        original_name = pw.CharField(max_length=255)
        stored_name = pw.CharField(max_length=64, unique=True)
        size = pw.IntegerField()
        sha256 = pw.CharField(max_length=64)
        content_type = pw.CharField(max_length=64)
        uploaded_by = pw.ForeignKeyField(
            column_name="uploaded_by_id",
            field="id",
            model=migrator.orm["user_account"],
            null=True,
            on_delete="SET NULL",
        )
        uploaded_at = pw.DateTimeField()

        class Meta:
            table_name = "application_attachment"


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Drop the table."""
    migrator.remove_model("application_attachment")
