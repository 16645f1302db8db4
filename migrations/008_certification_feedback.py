"""BAUP certification (004): feedback requests on a written-exam mark and appeals to the Appeals Committee."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Create the tables."""
    user = migrator.orm["user_account"]

    @migrator.create_model
    class FeedbackRequest(pw.Model):
        id = pw.AutoField()
        seat = pw.ForeignKeyField(
            column_name="seat_id", field="id", model=migrator.orm["cert_seat"], on_delete="CASCADE"
        )
        asked_on = pw.DateField()
        text = pw.TextField()
        answer = pw.TextField(default="")
        answered_by = pw.ForeignKeyField(
            column_name="answered_by_id", field="id", model=user, null=True, on_delete="SET NULL"
        )
        answered_on = pw.DateField(null=True)

        class Meta:
            table_name = "cert_feedback"

    @migrator.create_model
    class Appeal(pw.Model):
        id = pw.AutoField()
        seat = pw.ForeignKeyField(
            column_name="seat_id", field="id", model=migrator.orm["cert_seat"], null=True, on_delete="CASCADE"
        )
        application = pw.ForeignKeyField(
            column_name="application_id",
            field="id",
            model=migrator.orm["cert_application"],
            null=True,
            on_delete="CASCADE",
        )
        filed_on = pw.DateField()
        text = pw.TextField()
        without_feedback_reason = pw.TextField(default="")
        upheld = pw.BooleanField(null=True)
        decision = pw.TextField(default="")
        decided_on = pw.DateField(null=True)
        decided_by = pw.ForeignKeyField(
            column_name="decided_by_id", field="id", model=user, null=True, on_delete="SET NULL"
        )

        class Meta:
            table_name = "cert_appeal"


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Drop the tables."""
    for name in ("cert_appeal", "cert_feedback"):
        migrator.remove_model(name)
