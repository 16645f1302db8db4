"""Issue 12 (001 art. 28(1)): the handover's protocol file, kept with the handover date it came with;
a new upload keeps the earlier ones."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Create the protocol table."""

    @migrator.create_model
    class HandoverProtocol(pw.Model):
        id = pw.AutoField()
        licence = pw.ForeignKeyField(
            column_name="licence_id", field="id", model=migrator.orm["licence"], on_delete="CASCADE"
        )
        original_name = pw.CharField(max_length=255)
        stored_name = pw.CharField(max_length=64, unique=True)
        size = pw.IntegerField()
        sha256 = pw.CharField(max_length=64)
        content_type = pw.CharField(max_length=64)
        handed_over_on = pw.DateField()
        uploaded_at = pw.DateTimeField()

        class Meta:
            table_name = "handover_protocol"


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Drop the table."""
    migrator.remove_model("handover_protocol")
