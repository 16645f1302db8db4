"""BAUP certification, part 2 (004): the candidate's report with its competence elements, and the interview."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Create the tables."""
    candidate_model = migrator.orm["cert_candidate"]

    @migrator.create_model
    class Report(pw.Model):
        id = pw.AutoField()
        candidate = pw.ForeignKeyField(
            column_name="candidate_id", field="id", model=candidate_model, unique=True, on_delete="CASCADE"
        )
        original_name = pw.CharField(max_length=255)
        stored_name = pw.CharField(max_length=64, unique=True)
        size = pw.IntegerField()
        sha256 = pw.CharField(max_length=64)
        content_type = pw.CharField(max_length=64)
        pages = pw.IntegerField()
        annexes = pw.IntegerField(default=0)
        uploaded_on = pw.DateField()

        class Meta:
            table_name = "cert_report"

    @migrator.create_model
    class ReportElement(pw.Model):
        id = pw.AutoField()
        report = pw.ForeignKeyField(column_name="report_id", field="id", model=Report, on_delete="CASCADE")
        code = pw.CharField(max_length=8)

        class Meta:
            table_name = "cert_report_element"
            indexes = ((("report", "code"), True),)

    @migrator.create_model
    class Interview(pw.Model):
        id = pw.AutoField()
        candidate = pw.ForeignKeyField(
            column_name="candidate_id", field="id", model=candidate_model, unique=True, on_delete="CASCADE"
        )
        starts_at = pw.DateTimeField()
        conversation_minutes = pw.IntegerField()
        ends_at = pw.DateTimeField()
        place = pw.CharField(max_length=255)

        class Meta:
            table_name = "cert_interview"


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Drop the tables."""
    for name in ("cert_interview", "cert_report_element", "cert_report"):
        migrator.remove_model(name)
