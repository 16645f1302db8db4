"""BAUP certification, part 2 (004): the assessors of a candidate's report and interview, their marks
and their recommendations."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Create the tables."""
    candidate_model, user_model = migrator.orm["cert_candidate"], migrator.orm["user_account"]

    def candidate_key():
        return pw.ForeignKeyField(column_name="candidate_id", field="id", model=candidate_model, on_delete="CASCADE")

    def assessor_key():
        return pw.ForeignKeyField(column_name="assessor_id", field="id", model=user_model, on_delete="RESTRICT")

    @migrator.create_model
    class StageAssessor(pw.Model):
        id = pw.AutoField()
        candidate = candidate_key()
        assessor = assessor_key()

        class Meta:
            table_name = "cert_stage_assessor"
            indexes = ((("candidate", "assessor"), True),)

    @migrator.create_model
    class StageMark(pw.Model):
        id = pw.AutoField()
        candidate = candidate_key()
        stage = pw.CharField(max_length=16)
        assessor = assessor_key()
        joint = pw.BooleanField(default=False)
        value = pw.FloatField()
        reasons = pw.TextField(default="")
        entered_at = pw.DateTimeField()

        class Meta:
            table_name = "cert_stage_mark"
            indexes = ((("candidate", "stage", "assessor", "joint"), True),)

    @migrator.create_model
    class Recommendation(pw.Model):
        id = pw.AutoField()
        candidate = candidate_key()
        assessor = assessor_key()
        certify = pw.BooleanField()
        matrix = pw.TextField()
        reasons = pw.TextField()
        handed_in_at = pw.DateTimeField()

        class Meta:
            table_name = "cert_recommendation"
            indexes = ((("candidate", "assessor"), True),)


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Drop the tables."""
    for name in ("cert_recommendation", "cert_stage_mark", "cert_stage_assessor"):
        migrator.remove_model(name)
