"""BAUP certification (004): the Board appoints the assessors and the Group proposes (who and when,
for the entry check, the written exam's papers, the report and interview); the applicant's
declarations of consent, accurate data and the consequences of misuse; the hearing on misleading
data before the application is declared void."""

import peewee as pw
from peewee_migrate import Migrator

APPOINTMENT_TABLES = ("cert_mark_assignment", "cert_stage_assessor")
DECLARATIONS = ("consents_data", "data_accurate", "knows_misuse")


def _user_key(user_model, table, name, on_delete="SET NULL", null=True):
    """A key to the user table; its backref is unique (the rollback removes it by name)."""
    return pw.ForeignKeyField(
        column_name=f"{name}_id",
        field="id",
        model=user_model,
        null=null,
        on_delete=on_delete,
        backref=f"{table}_{name}_set",
    )


def _appointment_fields(user_model, table):
    return {
        "proposed_by": _user_key(user_model, table, "proposed_by"),
        "proposed_at": pw.DateTimeField(null=True),
        "appointed_by": _user_key(user_model, table, "appointed_by"),
        "appointed_at": pw.DateTimeField(null=True),
    }


def _add_declarations(database):
    """The declarations as NOT NULL DEFAULT false columns in one ALTER each: peewee-migrate would add
    them nullable and then rebuild the table on SQLite to make them NOT NULL, which fails once other
    tables' rows refer to an application (the demo's, a developer's data)."""
    postgres = isinstance(database, pw.PostgresqlDatabase)
    column = "BOOLEAN NOT NULL DEFAULT FALSE" if postgres else "INTEGER NOT NULL DEFAULT 0"
    for name in DECLARATIONS:
        database.execute_sql(f'ALTER TABLE "cert_application" ADD COLUMN "{name}" {column}')


def _drop_declarations(database):
    """Drop the declarations' columns (SQLite 3.35 and later drop a column in place)."""
    for name in DECLARATIONS:
        database.execute_sql(f'ALTER TABLE "cert_application" DROP COLUMN "{name}"')


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Add the columns and tables; the assessors assigned before stay appointed (by no one recorded),
    and each assessor who gave an opinion counts as appointed to the entry check."""
    user_model, application_model = migrator.orm["user_account"], migrator.orm["cert_application"]
    for table in APPOINTMENT_TABLES:
        migrator.add_fields(table, **_appointment_fields(user_model, table))
        migrator.sql(f"UPDATE {table} SET appointed_at = CURRENT_TIMESTAMP")
    migrator.run(_add_declarations, database)

    @migrator.create_model
    class EntryAssessor(pw.Model):
        id = pw.AutoField()
        proposed_by = _user_key(user_model, "cert_entry_assessor", "proposed_by")
        proposed_at = pw.DateTimeField(null=True)
        appointed_by = _user_key(user_model, "cert_entry_assessor", "appointed_by")
        appointed_at = pw.DateTimeField(null=True)
        application = pw.ForeignKeyField(
            column_name="application_id", field="id", model=application_model, on_delete="CASCADE"
        )
        assessor = _user_key(user_model, "cert_entry_assessor", "assessor", on_delete="RESTRICT", null=False)

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
        notified_by = _user_key(user_model, "cert_hearing", "notified_by")
        notified_at = pw.DateTimeField()
        attended = pw.BooleanField(null=True)
        good_reason = pw.TextField(default="")
        confirmed = pw.BooleanField(null=True)
        outcome = pw.TextField(default="")
        recorded_by = _user_key(user_model, "cert_hearing", "recorded_by")
        recorded_at = pw.DateTimeField(null=True)

        class Meta:
            table_name = "cert_hearing"


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Drop the tables and columns."""
    migrator.remove_model("cert_hearing")
    migrator.remove_model("cert_entry_assessor")
    migrator.run(_drop_declarations, database)
    for table in APPOINTMENT_TABLES:
        for key in ("proposed_by_id", "appointed_by_id"):  # SQLite drops no column that is indexed
            migrator.sql(f'DROP INDEX IF EXISTS "{table}_{key}"')
        migrator.remove_fields(table, "proposed_by", "proposed_at", "appointed_by", "appointed_at")
