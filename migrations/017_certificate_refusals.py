"""BAUP certification (004 (decision) ал.5): the Board's decision not to issue a certificate, with its
reasons."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Create the table."""

    @migrator.create_model
    class CertificateRefusal(pw.Model):
        id = pw.AutoField()
        candidate = pw.ForeignKeyField(
            column_name="candidate_id",
            field="id",
            model=migrator.orm["cert_candidate"],
            unique=True,
            on_delete="CASCADE",
        )
        decided_on = pw.DateField()
        reasons = pw.TextField()
        decided_by = pw.ForeignKeyField(
            column_name="decided_by_id", field="id", model=migrator.orm["user_account"], on_delete="RESTRICT"
        )
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "cert_certificate_refusal"


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Drop the table."""
    migrator.remove_model("cert_certificate_refusal")
