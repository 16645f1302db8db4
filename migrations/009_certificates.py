"""BAUP certificates (004, decision and certificate): the public register and each certificate's history."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Create the tables."""

    @migrator.create_model
    class Certificate(pw.Model):
        id = pw.AutoField()
        number = pw.CharField(max_length=32, unique=True)
        level = pw.CharField(max_length=1, index=True)
        holder_name = pw.CharField(max_length=255)
        language = pw.CharField(max_length=2, default="bg")
        issued_on = pw.DateField()
        expires_on = pw.DateField(index=True)
        application = pw.ForeignKeyField(
            column_name="application_id",
            field="id",
            model=migrator.orm["cert_application"],
            null=True,
            on_delete="SET NULL",
        )
        chair_name = pw.CharField(max_length=255, default="")
        lead_assessor_name = pw.CharField(max_length=255, default="")
        replaces_number = pw.CharField(max_length=64, default="")
        replaces_date = pw.DateField(null=True)
        replaces_issuer = pw.CharField(max_length=255, default="")
        withdrawn_on = pw.DateField(null=True)
        withdrawal_reason = pw.TextField(default="")
        verify_token = pw.CharField(max_length=32, unique=True)
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "cert_certificate"

    @migrator.create_model
    class CertificateEvent(pw.Model):
        id = pw.AutoField()
        certificate = pw.ForeignKeyField(
            column_name="certificate_id", field="id", model=Certificate, on_delete="CASCADE"
        )
        kind = pw.CharField(max_length=16)
        on_date = pw.DateField()
        note = pw.TextField(default="")
        at = pw.DateTimeField()

        class Meta:
            table_name = "cert_certificate_event"
            indexes = ((("certificate", "kind", "on_date"), True),)


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Drop the tables."""
    for name in ("cert_certificate_event", "cert_certificate"):
        migrator.remove_model(name)
