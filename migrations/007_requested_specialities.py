"""The specialities a licensing application asks for (000 step 3)."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Create the table."""

    @migrator.create_model
    class RequestedSpeciality(pw.Model):
        id = pw.AutoField()
        application = pw.ForeignKeyField(
            column_name="application_id",
            field="id",
            model=migrator.orm["licensing_application"],
            on_delete="CASCADE",
        )
        speciality = pw.ForeignKeyField(
            column_name="speciality_code", field="code", model=migrator.orm["speciality"]
        )
        added_at = pw.DateTimeField()

        class Meta:
            table_name = "requested_speciality"
            indexes = ((("application", "speciality"), True),)


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Drop the table."""
    migrator.remove_model("requested_speciality")
