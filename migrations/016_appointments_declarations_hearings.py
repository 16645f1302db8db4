"""BAUP certification (004): the Board appoints the assessors and the Group proposes (who and when,
for the entry check, the written exam's papers, the report and interview); the applicant's
declarations of consent, accurate data and the consequences of misuse; the hearing on misleading
data before the application is declared void."""

import peewee as pw
from peewee_migrate import Migrator

APPOINTMENT_TABLES = ("cert_mark_assignment", "cert_stage_assessor")
DECLARATIONS = ("consents_data", "data_accurate", "knows_misuse")


def _user_key(user_model, name, on_delete="SET NULL", null=True):
    return pw.ForeignKeyField(
        column_name=f"{name}_id", field="id", model=user_model, null=null, on_delete=on_delete, backref="+"
    )


def _appointment_fields(user_model):
    return {
        "proposed_by": _user_key(user_model, "proposed_by"),
        "proposed_at": pw.DateTimeField(null=True),
        "appointed_by": _user_key(user_model, "appointed_by"),
        "appointed_at": pw.DateTimeField(null=True),
    }


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Add the columns and tables; the assessors assigned before stay appointed (by no one recorded),
    and each assessor who gave an opinion counts as appointed to the entry check."""
    user_model, application_model = migrator.orm["user_account"], migrator.orm["cert_application"]
    for table in APPOINTMENT_TABLES:
        migrator.add_fields(table, **_appointment_fields(user_model))
        migrator.sql(f"UPDATE {table} SET appointed_at = CURRENT_TIMESTAMP")
    migrator.add_fields("cert_application", **{name: pw.BooleanField(default=False) for name in DECLARATIONS})

    @migrator.create_model
    class EntryAssessor(pw.Model):
        id = pw.AutoField()
        proposed_by = _user_key(user_model, "proposed_by")
        proposed_at = pw.DateTimeField(null=True)
        appointed_by = _user_key(user_model, "appointed_by")
        appointed_at = pw.DateTimeField(null=True)
        application = pw.ForeignKeyField(
            column_name="application_id", field="id", model=application_model, on_delete="CASCADE"
        )
        assessor = _user_key(user_model, "assessor", on_delete="RESTRICT", null=False)

        class Meta:
            table_name = "cert_entry_assessor"
            indexes = ((("application", "assessor"), True),)

    migrator.sql(
        "INSERT INTO cert_entry_assessor (application_id, assessor_id, appointed_at) "
        "SELECT application_id, assessor_id, given_at FROM cert_opinion"
    )

    @migrator.create_model
    class Hearing(pw.Model):
        id = pw.AutoField()
        application = pw.ForeignKeyField(
            column_name="application_id", field="id", model=application_model, on_delete="CASCADE"
        )
        finding = pw.TextField()
        hearing_on = pw.DateField()
        notified_by = _user_key(user_model, "notified_by")
        notified_at = pw.DateTimeField()
        attended = pw.BooleanField(null=True)
        good_reason = pw.TextField(default="")
        confirmed = pw.BooleanField(null=True)
        outcome = pw.TextField(default="")
        recorded_by = _user_key(user_model, "recorded_by")
        recorded_at = pw.DateTimeField(null=True)

        class Meta:
            table_name = "cert_hearing"


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Drop the tables and columns."""
    migrator.remove_model("cert_hearing")
    migrator.remove_model("cert_entry_assessor")
    migrator.remove_fields("cert_application", *DECLARATIONS)
    for table in APPOINTMENT_TABLES:
        migrator.remove_fields(table, "proposed_by", "proposed_at", "appointed_by", "appointed_at")
