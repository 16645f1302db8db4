"""Experts assigned to a licensing application, one per professional field (000 step 7)."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Create the table."""

    @migrator.create_model
    class ExpertAssignment(pw.Model):
        id = pw.AutoField()
        application = pw.ForeignKeyField(
            column_name="application_id",
            field="id",
            model=migrator.orm["licensing_application"],
            on_delete="CASCADE",
        )
        field_code = pw.CharField(max_length=3)
        expert = pw.ForeignKeyField(
            column_name="expert_id", field="id", model=migrator.orm["user_account"], on_delete="RESTRICT"
        )
        assigned_at = pw.DateTimeField()

        class Meta:
            table_name = "expert_assignment"
            indexes = ((("application", "field_code"), True),)


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Drop the table."""
    migrator.remove_model("expert_assignment")
