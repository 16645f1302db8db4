"""The licensing application's profile (000 step 3): the centre, its seat, the delivery channel."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Add the profile's columns."""
    migrator.add_fields(
        "licensing_application",
        centre_name=pw.CharField(max_length=500, default=""),
        centre_kind=pw.CharField(max_length=4, default="cpo"),
        settlement=pw.ForeignKeyField(
            migrator.orm["settlement"],
            null=True,
            field="ekatte",
            column_name="settlement_ekatte",
            on_delete="RESTRICT",
        ),
        address=pw.CharField(max_length=500, default=""),
        postcode=pw.CharField(max_length=4, default=""),
        phone=pw.CharField(max_length=100, default=""),
        delivery_channel=pw.CharField(max_length=16, default=""),
    )


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Drop them."""
    migrator.remove_fields(
        "licensing_application",
        "centre_name",
        "centre_kind",
        "settlement",
        "address",
        "postcode",
        "phone",
        "delivery_channel",
    )
