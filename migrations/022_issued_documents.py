"""Issue 15 (001 arts. 5, 13-16, 22): the register of issued documents: centre accounts, courses and
their participants, registered blanks, documents with NAPOO's check, timeline and images; the List of
professions' dates."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Create the tables; add the List's dates to professions."""
    migrator.add_fields(
        "profession",
        listed_from=pw.DateField(null=True),
        listed_until=pw.DateField(null=True),
    )

    @migrator.create_model
    class CentreAccount(pw.Model):
        id = pw.AutoField()
        user = pw.ForeignKeyField(
            column_name="user_id", field="id", model=migrator.orm["user_account"], on_delete="CASCADE"
        )
        centre = pw.ForeignKeyField(
            column_name="centre_id", field="id", model=migrator.orm["centre"], on_delete="CASCADE"
        )
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "centre_account"
            indexes = ((("user", "centre"), True),)

    @migrator.create_model
    class Course(pw.Model):
        id = pw.AutoField()
        centre = pw.ForeignKeyField(
            column_name="centre_id", field="id", model=migrator.orm["centre"], on_delete="CASCADE", index=True
        )
        licence = pw.ForeignKeyField(
            column_name="licence_id", field="id", model=migrator.orm["licence"], on_delete="RESTRICT"
        )
        speciality = pw.ForeignKeyField(
            column_name="speciality_code", field="code", model=migrator.orm["speciality"]
        )
        kind = pw.CharField(max_length=12, default="training")
        framework_programme = pw.CharField(max_length=2, default="")
        training_form = pw.CharField(max_length=24, default="")
        starts_on = pw.DateField()
        ends_on = pw.DateField(null=True)
        hours = pw.IntegerField(null=True)
        exam_protocol_number = pw.CharField(max_length=50, default="")
        exam_protocol_date = pw.DateField(null=True)
        created_at = pw.DateTimeField()
        updated_at = pw.DateTimeField()
        version = pw.IntegerField(default=1)

        class Meta:
            table_name = "course"

    @migrator.create_model
    class Participant(pw.Model):
        id = pw.AutoField()
        course = pw.ForeignKeyField(
            column_name="course_id", field="id", model=migrator.orm["course"], on_delete="CASCADE"
        )
        first_name = pw.CharField(max_length=100)
        middle_name = pw.CharField(max_length=100, default="")
        last_name = pw.CharField(max_length=100)
        personal_number = pw.CharField(max_length=10)
        number_kind = pw.CharField(max_length=4, default="egn")
        number_hash = pw.CharField(max_length=64, index=True)
        birth_date = pw.DateField(null=True)
        entry_education = pw.CharField(max_length=100, default="")
        applied_on = pw.DateField(null=True)
        exam_result = pw.CharField(max_length=8, default="")
        theory_mark = pw.DecimalField(max_digits=3, decimal_places=2, null=True)
        practice_mark = pw.DecimalField(max_digits=3, decimal_places=2, null=True)
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "participant"
            indexes = ((("course", "personal_number"), True),)

    @migrator.create_model
    class BlankBatch(pw.Model):
        id = pw.AutoField()
        centre = pw.ForeignKeyField(
            column_name="centre_id", field="id", model=migrator.orm["centre"], on_delete="CASCADE", index=True
        )
        kind = pw.CharField(max_length=16)
        series = pw.CharField(max_length=20)
        first_number = pw.IntegerField()
        last_number = pw.IntegerField()
        received_on = pw.DateField()
        protocol_number = pw.CharField(max_length=50, default="")
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "blank_batch"

    @migrator.create_model
    class IssuedDocument(pw.Model):
        id = pw.AutoField()
        centre = pw.ForeignKeyField(
            column_name="centre_id", field="id", model=migrator.orm["centre"], on_delete="CASCADE"
        )
        course = pw.ForeignKeyField(
            column_name="course_id", field="id", model=migrator.orm["course"], null=True, on_delete="RESTRICT"
        )
        participant = pw.ForeignKeyField(
            column_name="participant_id",
            field="id",
            model=migrator.orm["participant"],
            null=True,
            on_delete="RESTRICT",
        )
        kind = pw.CharField(max_length=16)
        series = pw.CharField(max_length=20, default="")
        factory_number = pw.CharField(max_length=20, default="")
        registration_number = pw.CharField(max_length=50, default="")
        registered_on = pw.DateField(null=True)
        registered_year = pw.SmallIntegerField(null=True)
        holder_name = pw.CharField(max_length=300, default="")
        holder_hash = pw.CharField(max_length=64, default="")
        verify_key = pw.CharField(max_length=48, default="")
        original = pw.ForeignKeyField(
            column_name="original_id", field="id", model="self", null=True, on_delete="RESTRICT"
        )
        parent = pw.ForeignKeyField(column_name="parent_id", field="id", model="self", null=True, on_delete="RESTRICT")
        issued_by_archive = pw.CharField(max_length=500, default="")
        state = pw.CharField(max_length=12, default="draft", index=True)
        check_round = pw.SmallIntegerField(default=0)
        fix_deadline = pw.DateField(null=True)
        submitted_at = pw.DateTimeField(null=True, index=True)
        entered_at = pw.DateTimeField(null=True)
        verify_token = pw.CharField(max_length=32, unique=True)
        created_by = pw.ForeignKeyField(
            column_name="created_by_id", field="id", model=migrator.orm["user_account"], null=True, on_delete="SET NULL"
        )
        created_at = pw.DateTimeField()
        updated_at = pw.DateTimeField()
        version = pw.IntegerField(default=1)

        class Meta:
            table_name = "issued_document"
            indexes = (
                (("kind", "verify_key", "holder_hash"), False),
                (("centre", "state", "registered_year", "kind"), False),
            )

    @migrator.create_model
    class DocumentCondition(pw.Model):
        id = pw.AutoField()
        document = pw.ForeignKeyField(
            column_name="document_id", field="id", model=migrator.orm["issued_document"], on_delete="CASCADE"
        )
        round = pw.SmallIntegerField()
        code = pw.CharField(max_length=32)
        met = pw.BooleanField(null=True)
        decided_by = pw.CharField(max_length=8)
        evidence = pw.TextField(default="")
        officer = pw.ForeignKeyField(
            column_name="officer_id", field="id", model=migrator.orm["user_account"], null=True, on_delete="SET NULL"
        )
        recorded_at = pw.DateTimeField()

        class Meta:
            table_name = "document_condition"
            indexes = ((("document", "round", "code"), True),)

    @migrator.create_model
    class DocumentEvent(pw.Model):
        id = pw.AutoField()
        document = pw.ForeignKeyField(
            column_name="document_id", field="id", model=migrator.orm["issued_document"], on_delete="CASCADE"
        )
        at = pw.DateTimeField()
        actor = pw.ForeignKeyField(
            column_name="actor_id", field="id", model=migrator.orm["user_account"], null=True, on_delete="SET NULL"
        )
        action = pw.CharField(max_length=32)
        from_state = pw.CharField(max_length=12, default="")
        to_state = pw.CharField(max_length=12, default="")
        on_date = pw.DateField(null=True)
        note = pw.TextField(default="")

        class Meta:
            table_name = "document_event"

    @migrator.create_model
    class DocumentImage(pw.Model):
        id = pw.AutoField()
        document = pw.ForeignKeyField(
            column_name="document_id", field="id", model=migrator.orm["issued_document"], on_delete="CASCADE"
        )
        original_name = pw.CharField(max_length=255)
        stored_name = pw.CharField(max_length=64, unique=True)
        size = pw.IntegerField()
        sha256 = pw.CharField(max_length=64)
        content_type = pw.CharField(max_length=64)
        uploaded_by = pw.ForeignKeyField(
            column_name="uploaded_by_id", field="id", model=migrator.orm["user_account"], null=True, on_delete="SET NULL"
        )
        uploaded_at = pw.DateTimeField()

        class Meta:
            table_name = "document_image"


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Drop the tables and the List's dates."""
    for name in (
        "document_image",
        "document_event",
        "document_condition",
        "issued_document",
        "blank_batch",
        "participant",
        "course",
        "centre_account",
    ):
        migrator.remove_model(name)
    migrator.remove_fields("profession", "listed_from", "listed_until")
