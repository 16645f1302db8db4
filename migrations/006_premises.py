"""Licensing step 3: the centre's training bases and office, each with its ownership or rent document."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Create the premises table."""

    @migrator.create_model
    class Premises(pw.Model):
        id = pw.AutoField()
        application = pw.ForeignKeyField(
            column_name="application_id",
            field="id",
            model=migrator.orm["licensing_application"],
            on_delete="CASCADE",
        )
        kind = pw.CharField(max_length=16)
        settlement = pw.ForeignKeyField(
            column_name="settlement_ekatte",
            field="ekatte",
            model=migrator.orm["settlement"],
            on_delete="RESTRICT",
        )
        address = pw.CharField(max_length=500)
        use = pw.CharField(max_length=16, default="")
        tenure = pw.CharField(max_length=16)
        document = pw.ForeignKeyField(
            column_name="document_id",
            field="id",
            model=migrator.orm["application_attachment"],
            on_delete="RESTRICT",
        )

        class Meta:
            table_name = "premises"


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Drop the premises table."""
    migrator.remove_model("premises")
