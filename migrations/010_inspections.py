"""On-site inspections by the experts (000 step 8), their photos as attachments."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Create the table; attachments may belong to an inspection."""

    @migrator.create_model
    class Inspection(pw.Model):
        id = pw.AutoField()
        application = pw.ForeignKeyField(
            column_name="application_id",
            field="id",
            model=migrator.orm["licensing_application"],
            on_delete="CASCADE",
        )
        expert = pw.ForeignKeyField(
            column_name="expert_id", field="id", model=migrator.orm["user_account"], on_delete="RESTRICT"
        )
        visited_on = pw.DateField()
        place = pw.CharField(max_length=500)
        findings = pw.TextField()
        recorded_at = pw.DateTimeField()

        class Meta:
            table_name = "inspection"

    migrator.add_fields("application_attachment", inspection_id=pw.IntegerField(null=True, index=True))


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Drop them."""
    migrator.remove_fields("application_attachment", "inspection_id")
    migrator.remove_model("inspection")
