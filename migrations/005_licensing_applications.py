"""Licensing applications (NAPOO's ten steps, 000): the application, its timeline, its letters."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Create the three tables."""

    @migrator.create_model
    class LicensingApplication(pw.Model):
        id = pw.AutoField()
        kind = pw.CharField(max_length=32, default="first_licensing")
        state = pw.CharField(max_length=32, default="draft", index=True)
        applicant = pw.ForeignKeyField(
            column_name="applicant_id", field="id", model=migrator.orm["user_account"], on_delete="RESTRICT"
        )
        organisation_name = pw.CharField(max_length=255)
        eik = pw.CharField(max_length=13, index=True)
        representative = pw.CharField(max_length=255)
        email = pw.CharField(max_length=255)
        licence = pw.ForeignKeyField(
            column_name="licence_id", field="id", model=migrator.orm["licence"], null=True, on_delete="RESTRICT"
        )
        filed_on = pw.DateField(null=True)
        filing_channel = pw.CharField(max_length=16, default="")
        incoming_number = pw.CharField(max_length=64, default="")
        created_at = pw.DateTimeField()
        updated_at = pw.DateTimeField()
        version = pw.IntegerField(default=1)

        class Meta:
            table_name = "licensing_application"

    @migrator.create_model
    class ApplicationEvent(pw.Model):
        id = pw.AutoField()
        application = pw.ForeignKeyField(
            column_name="application_id", field="id", model=LicensingApplication, on_delete="CASCADE"
        )
        at = pw.DateTimeField()
        actor = pw.ForeignKeyField(
            column_name="actor_id", field="id", model=migrator.orm["user_account"], null=True, on_delete="SET NULL"
        )
        action = pw.CharField(max_length=32)
        from_state = pw.CharField(max_length=32, default="")
        to_state = pw.CharField(max_length=32, default="")
        on_date = pw.DateField(null=True)
        note = pw.TextField(default="")

        class Meta:
            table_name = "application_event"

    @migrator.create_model
    class IrregularityLetter(pw.Model):
        id = pw.AutoField()
        application = pw.ForeignKeyField(
            column_name="application_id", field="id", model=LicensingApplication, on_delete="CASCADE"
        )
        sent_on = pw.DateField()
        deadline = pw.DateField()
        items = pw.TextField()
        fixed_on = pw.DateField(null=True)

        class Meta:
            table_name = "irregularity_letter"


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Drop the three tables."""
    migrator.remove_model("irregularity_letter")
    migrator.remove_model("application_event")
    migrator.remove_model("licensing_application")
