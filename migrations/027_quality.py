"""Issue 16 part 2 (002): the annual quality self-assessment: NAPOO's indicators per year, a centre's
report with its scores, each graduate's follow-up at 6 and 12 months, and the employment figures
computed from them."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Create the tables."""

    @migrator.create_model
    class QualityIndicator(pw.Model):
        id = pw.AutoField()
        year = pw.SmallIntegerField()
        position = pw.SmallIntegerField(default=0)
        criterion = pw.CharField(max_length=200)
        title = pw.CharField(max_length=300)
        guidance = pw.TextField(default="")
        computed = pw.CharField(max_length=16, default="")
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "quality_indicator"
            indexes = ((("year", "position"), True),)

    @migrator.create_model
    class SelfAssessment(pw.Model):
        id = pw.AutoField()
        centre = pw.ForeignKeyField(
            column_name="centre_id", field="id", model=migrator.orm["centre"], on_delete="CASCADE"
        )
        year = pw.SmallIntegerField()
        state = pw.CharField(max_length=8, default="draft")
        filed_on = pw.DateField(null=True)
        filed_at = pw.DateTimeField(null=True)
        filed_by = pw.ForeignKeyField(
            column_name="filed_by_id",
            field="id",
            model=migrator.orm["user_account"],
            null=True,
            on_delete="SET NULL",
        )
        created_at = pw.DateTimeField()
        updated_at = pw.DateTimeField()
        version = pw.IntegerField(default=1)

        class Meta:
            table_name = "self_assessment"
            indexes = ((("centre", "year"), True),)

    @migrator.create_model
    class SelfAssessmentScore(pw.Model):
        id = pw.AutoField()
        report = pw.ForeignKeyField(
            column_name="report_id", field="id", model=migrator.orm["self_assessment"], on_delete="CASCADE"
        )
        indicator = pw.ForeignKeyField(
            column_name="indicator_id",
            field="id",
            model=migrator.orm["quality_indicator"],
            on_delete="RESTRICT",
        )
        score = pw.SmallIntegerField(null=True)
        evidence = pw.TextField(default="")

        class Meta:
            table_name = "self_assessment_score"
            indexes = ((("report", "indicator"), True),)

    @migrator.create_model
    class GraduateFollowUp(pw.Model):
        id = pw.AutoField()
        document = pw.ForeignKeyField(
            column_name="document_id",
            field="id",
            model=migrator.orm["issued_document"],
            on_delete="CASCADE",
            unique=True,
        )
        status_6 = pw.CharField(max_length=16, default="")
        status_12 = pw.CharField(max_length=16, default="")
        source = pw.CharField(max_length=16, default="")
        recorded_at = pw.DateTimeField()
        recorded_by = pw.ForeignKeyField(
            column_name="recorded_by_id",
            field="id",
            model=migrator.orm["user_account"],
            null=True,
            on_delete="SET NULL",
        )
        version = pw.IntegerField(default=1)

        class Meta:
            table_name = "graduate_follow_up"

    @migrator.create_model
    class EmploymentFigure(pw.Model):
        id = pw.AutoField()
        centre = pw.ForeignKeyField(
            column_name="centre_id", field="id", model=migrator.orm["centre"], on_delete="CASCADE"
        )
        year = pw.SmallIntegerField()
        profession = pw.ForeignKeyField(
            column_name="profession_code", field="code", model=migrator.orm["profession"]
        )
        graduates = pw.IntegerField(default=0)
        known = pw.IntegerField(default=0)
        in_profession = pw.IntegerField(default=0)
        employed = pw.IntegerField(default=0)
        published = pw.BooleanField(default=False)
        share = pw.SmallIntegerField(null=True)

        class Meta:
            table_name = "employment_figure"
            indexes = ((("centre", "year", "profession"), True), (("published", "share"), False))


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Drop the tables."""
    for name in (
        "employment_figure",
        "graduate_follow_up",
        "self_assessment_score",
        "self_assessment",
        "quality_indicator",
    ):
        migrator.remove_model(name)
