"""Licensing applications (NAPOO's ten steps, 000): the application and its profile, timeline,
letters of irregularities, files, specialities applied for, experts, inspections and verdicts."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Create the tables."""
    user_model, speciality_model = migrator.orm["user_account"], migrator.orm["speciality"]

    def user_key(column, **extra):
        return pw.ForeignKeyField(column_name=column, field="id", model=user_model, **extra)

    @migrator.create_model
    class LicensingApplication(pw.Model):
        id = pw.AutoField()
        kind = pw.CharField(max_length=32, default="first_licensing")
        state = pw.CharField(max_length=32, default="draft", index=True)
        applicant = user_key("applicant_id", on_delete="RESTRICT")
        organisation_name = pw.CharField(max_length=255)
        eik = pw.CharField(max_length=13, index=True)
        representative = pw.CharField(max_length=255)
        email = pw.CharField(max_length=255)
        licence = pw.ForeignKeyField(
            column_name="licence_id",
            field="id",
            model=migrator.orm["licence"],
            null=True,
            on_delete="RESTRICT",
        )
        filed_on = pw.DateField(null=True)
        filing_channel = pw.CharField(max_length=16, default="")
        incoming_number = pw.CharField(max_length=64, default="")
        created_at = pw.DateTimeField()
        updated_at = pw.DateTimeField()
        version = pw.IntegerField(default=1)
        centre_name = pw.CharField(max_length=500, default="")
        centre_kind = pw.CharField(max_length=4, default="cpo")
        settlement = pw.ForeignKeyField(
            column_name="settlement_ekatte",
            field="ekatte",
            model=migrator.orm["settlement"],
            null=True,
            on_delete="RESTRICT",
        )
        address = pw.CharField(max_length=500, default="")
        postcode = pw.CharField(max_length=4, default="")
        phone = pw.CharField(max_length=100, default="")
        delivery_channel = pw.CharField(max_length=16, default="")

        class Meta:
            table_name = "licensing_application"

    def application_key():
        return pw.ForeignKeyField(
            column_name="application_id", field="id", model=LicensingApplication, on_delete="CASCADE"
        )

    @migrator.create_model
    class ApplicationEvent(pw.Model):
        id = pw.AutoField()
        application = application_key()
        at = pw.DateTimeField()
        actor = user_key("actor_id", null=True, on_delete="SET NULL")
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
        application = application_key()
        sent_on = pw.DateField()
        deadline = pw.DateField()
        items = pw.TextField()
        fixed_on = pw.DateField(null=True)

        class Meta:
            table_name = "irregularity_letter"

    @migrator.create_model
    class Attachment(pw.Model):
        id = pw.AutoField()
        application = application_key()
        purpose = pw.CharField(max_length=32)
        original_name = pw.CharField(max_length=255)
        stored_name = pw.CharField(max_length=64, unique=True)
        size = pw.IntegerField()
        sha256 = pw.CharField(max_length=64)
        content_type = pw.CharField(max_length=64)
        uploaded_by = user_key("uploaded_by_id", null=True, on_delete="SET NULL")
        uploaded_at = pw.DateTimeField()
        inspection_id = pw.IntegerField(null=True, index=True)

        class Meta:
            table_name = "application_attachment"

    @migrator.create_model
    class RequestedSpeciality(pw.Model):
        id = pw.AutoField()
        application = application_key()
        speciality = pw.ForeignKeyField(column_name="speciality_code", field="code", model=speciality_model)
        added_at = pw.DateTimeField()

        class Meta:
            table_name = "requested_speciality"
            indexes = ((("application", "speciality"), True),)

    @migrator.create_model
    class ExpertAssignment(pw.Model):
        id = pw.AutoField()
        application = application_key()
        field_code = pw.CharField(max_length=3)
        expert = user_key("expert_id", on_delete="RESTRICT")
        assigned_at = pw.DateTimeField()

        class Meta:
            table_name = "expert_assignment"
            indexes = ((("application", "field_code"), True),)

    @migrator.create_model
    class Inspection(pw.Model):
        id = pw.AutoField()
        application = application_key()
        expert = user_key("expert_id", on_delete="RESTRICT")
        visited_on = pw.DateField()
        place = pw.CharField(max_length=500)
        findings = pw.TextField()
        recorded_at = pw.DateTimeField()

        class Meta:
            table_name = "inspection"

    @migrator.create_model
    class Verdict(pw.Model):
        id = pw.AutoField()
        application = application_key()
        speciality = pw.ForeignKeyField(column_name="speciality_code", field="code", model=speciality_model)
        expert = user_key("expert_id", on_delete="RESTRICT")
        positive = pw.BooleanField()
        reasons = pw.TextField()
        recorded_at = pw.DateTimeField()

        class Meta:
            table_name = "verdict"
            indexes = ((("application", "speciality"), True),)


TABLES = (
    "verdict",
    "inspection",
    "expert_assignment",
    "requested_speciality",
    "application_attachment",
    "irregularity_letter",
    "application_event",
    "licensing_application",
)


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Drop the tables, children first."""
    for name in TABLES:
        migrator.remove_model(name)
