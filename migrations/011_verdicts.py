"""The experts' verdicts per speciality (000 step 9)."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Create the table."""

    @migrator.create_model
    class Verdict(pw.Model):
        id = pw.AutoField()
        application = pw.ForeignKeyField(
            column_name="application_id",
            field="id",
            model=migrator.orm["licensing_application"],
            on_delete="CASCADE",
        )
        speciality = pw.ForeignKeyField(column_name="speciality_code", field="code", model=migrator.orm["speciality"])
        expert = pw.ForeignKeyField(
            column_name="expert_id", field="id", model=migrator.orm["user_account"], on_delete="RESTRICT"
        )
        positive = pw.BooleanField()
        reasons = pw.TextField()
        recorded_at = pw.DateTimeField()

        class Meta:
            table_name = "verdict"
            indexes = ((("application", "speciality"), True),)


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Drop the table."""
    migrator.remove_model("verdict")
