"""Issue 17 part B (004 "Подготовка и консултации" ал.6-7): the Board's schedules of information days,
the days, the registrations for them, and the Group's record of consultations."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Create the tables."""

    @migrator.create_model
    class InfoDaySchedule(pw.Model):
        id = pw.AutoField()
        year = pw.SmallIntegerField()
        decision_number = pw.CharField(max_length=40)
        decision_date = pw.DateField()
        adopted_by = pw.ForeignKeyField(
            column_name="adopted_by_id",
            field="id",
            model=migrator.orm["user_account"],
            null=True,
            on_delete="SET NULL",
        )
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "info_day_schedule"
            indexes = ((("year", "decision_number"), True),)

    @migrator.create_model
    class InfoDay(pw.Model):
        id = pw.AutoField()
        schedule = pw.ForeignKeyField(
            column_name="schedule_id",
            field="id",
            model=migrator.orm["info_day_schedule"],
            on_delete="RESTRICT",
        )
        day = pw.DateField()
        starts_at = pw.CharField(max_length=5)
        place = pw.CharField(max_length=300, default="")
        online_link = pw.CharField(max_length=500, default="")
        topic = pw.CharField(max_length=300)
        capacity = pw.IntegerField()
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "info_day"
            indexes = ((("day",), False),)

    @migrator.create_model
    class InfoDayRegistration(pw.Model):
        id = pw.AutoField()
        info_day = pw.ForeignKeyField(
            column_name="info_day_id", field="id", model=migrator.orm["info_day"], on_delete="RESTRICT"
        )
        full_name = pw.CharField(max_length=200)
        email = pw.CharField(max_length=254)
        consented_at = pw.DateTimeField()
        created_at = pw.DateTimeField()
        cancelled_at = pw.DateTimeField(null=True)

        class Meta:
            table_name = "info_day_registration"
            indexes = ((("info_day", "email"), True),)

    @migrator.create_model
    class Consultation(pw.Model):
        id = pw.AutoField()
        given_on = pw.DateField()
        asked_by = pw.CharField(max_length=200)
        contacts = pw.CharField(max_length=300)
        form = pw.CharField(max_length=16)
        questions = pw.TextField()
        answers = pw.TextField()
        assessor = pw.ForeignKeyField(
            column_name="assessor_id",
            field="id",
            model=migrator.orm["user_account"],
            null=True,
            on_delete="SET NULL",
        )
        recorded_by = pw.ForeignKeyField(
            column_name="recorded_by_id",
            field="id",
            model=migrator.orm["user_account"],
            null=True,
            on_delete="SET NULL",
        )
        created_at = pw.DateTimeField()
        search_text = pw.TextField(default="")

        class Meta:
            table_name = "consultation"
            indexes = ((("given_on",), False),)


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Drop the tables."""
    for name in ("consultation", "info_day_registration", "info_day", "info_day_schedule"):
        migrator.remove_model(name)
