"""Issue 12 (001 arts. 28(1), 30): the archive's whole path. The NAPOO chair's written notice to the
head of the РУО of the centre's seat; the reason recorded when the РУО designates a school outside its
region; the day the documentation was handed over."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Create the notice table and add the designation's two columns."""

    @migrator.create_model
    class ArchiveNotice(pw.Model):
        id = pw.AutoField()
        licence = pw.ForeignKeyField(
            column_name="licence_id",
            field="id",
            model=migrator.orm["licence"],
            unique=True,
            on_delete="CASCADE",
        )
        number = pw.CharField(max_length=50)
        date = pw.DateField()
        region = pw.ForeignKeyField(
            column_name="region_code", field="code", model=migrator.orm["region"], on_delete="RESTRICT"
        )
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "archive_notice"

    migrator.add_fields(
        "archive_designation",
        outside_region_reason=pw.TextField(default=""),
        handed_over_on=pw.DateField(null=True),
    )


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Drop the columns and the table."""
    migrator.remove_fields("archive_designation", "outside_region_reason", "handed_over_on")
    migrator.remove_model("archive_notice")
