"""BAUP certification, part 1 (004): applications, referees, projects, files, timeline, bans,
assessors and declarations, admission, candidates, exam sessions, seats and marks."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Create the tables."""

    @migrator.create_model
    class CertApplication(pw.Model):
        id = pw.AutoField()
        applicant = pw.ForeignKeyField(
            column_name="applicant_id", field="id", model=migrator.orm["user_account"], on_delete="RESTRICT"
        )
        state = pw.CharField(max_length=16, index=True, default="draft")
        level = pw.CharField(max_length=1)
        recertification = pw.BooleanField(default=False)
        previous_certificate = pw.CharField(max_length=64, default="")
        full_name = pw.CharField(max_length=255)
        personal_number = pw.CharField(max_length=10)
        email = pw.CharField(max_length=255)
        phone = pw.CharField(max_length=100, default="")
        language = pw.CharField(max_length=2, default="bg")
        self_assessment = pw.TextField(default="")
        report_project = pw.CharField(max_length=500, default="")
        report_sector = pw.CharField(max_length=200, default="")
        knows_conditions = pw.BooleanField(default=False)
        lists_public = pw.BooleanField(default=False)
        ethics = pw.BooleanField(default=False)
        submitted_on = pw.DateField(null=True)
        complete_by = pw.DateField(null=True)
        created_at = pw.DateTimeField()
        updated_at = pw.DateTimeField()
        version = pw.IntegerField(default=1)

        class Meta:
            table_name = "cert_application"

    @migrator.create_model
    class Referee(pw.Model):
        id = pw.AutoField()
        application = pw.ForeignKeyField(
            column_name="application_id", field="id", model=CertApplication, on_delete="CASCADE"
        )
        name = pw.CharField(max_length=255)
        contact = pw.CharField(max_length=255)

        class Meta:
            table_name = "cert_referee"

    @migrator.create_model
    class Project(pw.Model):
        id = pw.AutoField()
        application = pw.ForeignKeyField(
            column_name="application_id", field="id", model=CertApplication, on_delete="CASCADE"
        )
        kind = pw.CharField(max_length=16, default="project")
        title = pw.CharField(max_length=500)
        organisation = pw.CharField(max_length=255, default="")
        role = pw.CharField(max_length=255)
        started_on = pw.DateField()
        ended_on = pw.DateField(null=True)
        intensity = pw.CharField(max_length=100, default="")

        class Meta:
            table_name = "cert_project"

    @migrator.create_model
    class CertAttachment(pw.Model):
        id = pw.AutoField()
        application = pw.ForeignKeyField(
            column_name="application_id", field="id", model=CertApplication, on_delete="CASCADE"
        )
        purpose = pw.CharField(max_length=32)
        original_name = pw.CharField(max_length=255)
        stored_name = pw.CharField(max_length=64, unique=True)
        size = pw.IntegerField()
        sha256 = pw.CharField(max_length=64)
        content_type = pw.CharField(max_length=64)
        uploaded_by = pw.ForeignKeyField(
            column_name="uploaded_by_id",
            field="id",
            model=migrator.orm["user_account"],
            null=True,
            on_delete="SET NULL",
        )
        uploaded_at = pw.DateTimeField()

        class Meta:
            table_name = "cert_attachment"

    @migrator.create_model
    class CertEvent(pw.Model):
        id = pw.AutoField()
        application = pw.ForeignKeyField(
            column_name="application_id", field="id", model=CertApplication, on_delete="CASCADE"
        )
        at = pw.DateTimeField()
        actor = pw.ForeignKeyField(
            column_name="actor_id",
            field="id",
            model=migrator.orm["user_account"],
            null=True,
            on_delete="SET NULL",
        )
        action = pw.CharField(max_length=32)
        on_date = pw.DateField(null=True)
        note = pw.TextField(default="")

        class Meta:
            table_name = "cert_event"

    @migrator.create_model
    class Ban(pw.Model):
        id = pw.AutoField()
        personal_number = pw.CharField(max_length=10, index=True)
        ground = pw.CharField(max_length=16)
        decided_on = pw.DateField()
        application = pw.ForeignKeyField(
            column_name="application_id", field="id", model=CertApplication, null=True, on_delete="SET NULL"
        )

        class Meta:
            table_name = "cert_ban"

    @migrator.create_model
    class AssessorProfile(pw.Model):
        id = pw.AutoField()
        user = pw.ForeignKeyField(
            column_name="user_id",
            field="id",
            model=migrator.orm["user_account"],
            unique=True,
            on_delete="CASCADE",
        )
        public_name = pw.CharField(max_length=255)
        organisation = pw.CharField(max_length=255, default="")
        levels = pw.CharField(max_length=8, default="DCB")
        listed = pw.BooleanField(default=True)

        class Meta:
            table_name = "cert_assessor"

    @migrator.create_model
    class Declaration(pw.Model):
        id = pw.AutoField()
        application = pw.ForeignKeyField(
            column_name="application_id", field="id", model=CertApplication, on_delete="CASCADE"
        )
        assessor = pw.ForeignKeyField(
            column_name="assessor_id", field="id", model=migrator.orm["user_account"], on_delete="CASCADE"
        )
        kind = pw.CharField(max_length=16)
        trained_until = pw.DateField(null=True)
        note = pw.CharField(max_length=500, default="")
        declared_at = pw.DateTimeField()

        class Meta:
            table_name = "cert_declaration"

    @migrator.create_model
    class AdmissionOpinion(pw.Model):
        id = pw.AutoField()
        application = pw.ForeignKeyField(
            column_name="application_id", field="id", model=CertApplication, on_delete="CASCADE"
        )
        assessor = pw.ForeignKeyField(
            column_name="assessor_id", field="id", model=migrator.orm["user_account"], on_delete="RESTRICT"
        )
        favourable = pw.BooleanField()
        text = pw.TextField()
        given_at = pw.DateTimeField()

        class Meta:
            table_name = "cert_opinion"
            indexes = [(("application", "assessor"), True)]

    @migrator.create_model
    class AdmissionDecision(pw.Model):
        id = pw.AutoField()
        application = pw.ForeignKeyField(
            column_name="application_id", field="id", model=CertApplication, on_delete="CASCADE"
        )
        admitted = pw.BooleanField()
        grounds = pw.CharField(max_length=64, default="")
        reasons = pw.TextField(default="")
        decided_on = pw.DateField()
        decided_by = pw.ForeignKeyField(
            column_name="decided_by_id", field="id", model=migrator.orm["user_account"], on_delete="RESTRICT"
        )
        notify_by = pw.DateField()
        notified_on = pw.DateField(null=True)

        class Meta:
            table_name = "cert_decision"

    @migrator.create_model
    class Candidate(pw.Model):
        id = pw.AutoField()
        application = pw.ForeignKeyField(
            column_name="application_id", field="id", model=CertApplication, unique=True, on_delete="CASCADE"
        )
        candidate_id = pw.CharField(max_length=16, unique=True)
        level = pw.CharField(max_length=1)
        admitted_on = pw.DateField()
        annulled_on = pw.DateField(null=True)

        class Meta:
            table_name = "cert_candidate"

    @migrator.create_model
    class ExamSession(pw.Model):
        id = pw.AutoField()
        level = pw.CharField(max_length=1)
        starts_at = pw.DateTimeField()
        place = pw.CharField(max_length=255)
        duration_minutes = pw.IntegerField(default=180)
        protocol = pw.TextField(default="")
        protocol_filed_at = pw.DateTimeField(null=True)
        published_on = pw.DateField(null=True)
        next_stage_on = pw.DateField(null=True)

        class Meta:
            table_name = "cert_session"

    @migrator.create_model
    class Seat(pw.Model):
        id = pw.AutoField()
        session = pw.ForeignKeyField(
            column_name="session_id", field="id", model=ExamSession, on_delete="CASCADE"
        )
        candidate = pw.ForeignKeyField(
            column_name="candidate_id", field="id", model=Candidate, on_delete="RESTRICT"
        )
        present = pw.BooleanField(null=True)
        minutes_late = pw.IntegerField(default=0)
        admitted = pw.BooleanField(null=True)
        cheating = pw.BooleanField(default=False)
        agreed_mark = pw.FloatField(null=True)
        agreed_by = pw.ForeignKeyField(
            column_name="agreed_by_id",
            field="id",
            model=migrator.orm["user_account"],
            null=True,
            on_delete="SET NULL",
        )
        agreed_at = pw.DateTimeField(null=True)
        cannot_agree = pw.BooleanField(default=False)
        final_mark = pw.FloatField(null=True)
        final_at = pw.DateTimeField(null=True)
        version = pw.IntegerField(default=1)

        class Meta:
            table_name = "cert_seat"
            indexes = [(("session", "candidate"), True)]

    @migrator.create_model
    class MarkAssignment(pw.Model):
        id = pw.AutoField()
        seat = pw.ForeignKeyField(column_name="seat_id", field="id", model=Seat, on_delete="CASCADE")
        assessor = pw.ForeignKeyField(
            column_name="assessor_id", field="id", model=migrator.orm["user_account"], on_delete="RESTRICT"
        )
        arbiter = pw.BooleanField(default=False)

        class Meta:
            table_name = "cert_mark_assignment"
            indexes = [(("seat", "assessor"), True)]

    @migrator.create_model
    class Mark(pw.Model):
        id = pw.AutoField()
        seat = pw.ForeignKeyField(column_name="seat_id", field="id", model=Seat, on_delete="CASCADE")
        assessor = pw.ForeignKeyField(
            column_name="assessor_id", field="id", model=migrator.orm["user_account"], on_delete="RESTRICT"
        )
        value = pw.FloatField()
        arbiter = pw.BooleanField(default=False)
        entered_at = pw.DateTimeField()

        class Meta:
            table_name = "cert_mark"
            indexes = [(("seat", "assessor"), True)]


TABLES = (
    "cert_mark",
    "cert_mark_assignment",
    "cert_seat",
    "cert_session",
    "cert_candidate",
    "cert_decision",
    "cert_opinion",
    "cert_declaration",
    "cert_assessor",
    "cert_ban",
    "cert_event",
    "cert_attachment",
    "cert_project",
    "cert_referee",
    "cert_application",
)


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Drop the tables, children first."""
    for name in TABLES:
        migrator.remove_model(name)
