"""Issue 16 part 1 (001 arts. 24-27, annexes 4-5): a centre's factory-numbered blanks: requests,
handover protocols (a batch becomes a protocol's row), marked ranges (spoiled, defective, handed
over, destroyed), destruction protocols, their scans and the confirmed yearly reports."""

import peewee as pw
from peewee_migrate import Migrator


def _fk(migrator, table, column, null=False, on_delete="RESTRICT"):
    """A foreign key to `table`.id, as every table here declares it."""
    return pw.ForeignKeyField(
        column_name=column, field="id", model=migrator.orm[table], null=null, on_delete=on_delete
    )


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Create the tables; link a batch to its protocol."""

    @migrator.create_model
    class BlankRequest(pw.Model):
        id = pw.AutoField()
        centre = _fk(migrator, "centre", "centre_id")
        kind = pw.CharField(max_length=16)
        quantity = pw.IntegerField()
        requested_on = pw.DateField()
        requested_by = _fk(migrator, "user_account", "requested_by_id", null=True, on_delete="SET NULL")
        state = pw.CharField(max_length=10, default="requested", index=True)
        decided_by = _fk(migrator, "user_account", "decided_by_id", null=True, on_delete="SET NULL")
        decided_at = pw.DateTimeField(null=True)
        version = pw.IntegerField(default=1)

        class Meta:
            table_name = "blank_request"
            indexes = ((("centre",), False),)

    @migrator.create_model
    class BlankProtocol(pw.Model):
        id = pw.AutoField()
        centre = _fk(migrator, "centre", "centre_id")
        direction = pw.CharField(max_length=10)
        number = pw.CharField(max_length=50)
        drawn_up_on = pw.DateField()
        other_centre = _fk(migrator, "centre", "other_centre_id", null=True)
        other_party = pw.CharField(max_length=300, default="")
        counterpart = pw.ForeignKeyField(
            column_name="counterpart_id", field="id", model="self", null=True, on_delete="RESTRICT"
        )
        created_by = _fk(migrator, "user_account", "created_by_id", null=True, on_delete="SET NULL")
        created_at = pw.DateTimeField()
        entered_on = pw.DateField(null=True)

        class Meta:
            table_name = "blank_protocol"
            indexes = ((("centre",), False),)

    @migrator.create_model
    class DestructionProtocol(pw.Model):
        id = pw.AutoField()
        centre = _fk(migrator, "centre", "centre_id")
        number = pw.CharField(max_length=50)
        destroyed_on = pw.DateField()
        committee = pw.CharField(max_length=500)
        created_by = _fk(migrator, "user_account", "created_by_id", null=True, on_delete="SET NULL")
        created_at = pw.DateTimeField()
        entered_on = pw.DateField(null=True)

        class Meta:
            table_name = "destruction_protocol"
            indexes = ((("centre",), False),)

    @migrator.create_model
    class BlankMark(pw.Model):
        id = pw.AutoField()
        centre = _fk(migrator, "centre", "centre_id")
        kind = pw.CharField(max_length=16)
        series = pw.CharField(max_length=20)
        first_number = pw.IntegerField()
        last_number = pw.IntegerField()
        state = pw.CharField(max_length=12)
        marked_on = pw.DateField()
        protocol = _fk(migrator, "blank_protocol", "protocol_id", null=True)
        destruction = _fk(migrator, "destruction_protocol", "destruction_id", null=True)
        created_by = _fk(migrator, "user_account", "created_by_id", null=True, on_delete="SET NULL")
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "blank_mark"
            indexes = ((("centre",), False), (("kind", "series", "first_number"), False))

    @migrator.create_model
    class BlankScan(pw.Model):
        id = pw.AutoField()
        original_name = pw.CharField(max_length=255)
        stored_name = pw.CharField(max_length=64, unique=True)
        size = pw.IntegerField()
        sha256 = pw.CharField(max_length=64)
        content_type = pw.CharField(max_length=64)
        protocol = _fk(migrator, "blank_protocol", "protocol_id", null=True)
        destruction = _fk(migrator, "destruction_protocol", "destruction_id", null=True)
        uploaded_by = _fk(migrator, "user_account", "uploaded_by_id", null=True, on_delete="SET NULL")
        uploaded_at = pw.DateTimeField()

        class Meta:
            table_name = "blank_scan"

    @migrator.create_model
    class BlankReport(pw.Model):
        id = pw.AutoField()
        centre = _fk(migrator, "centre", "centre_id")
        year = pw.IntegerField()
        confirmed_on = pw.DateField()
        confirmed_by = _fk(migrator, "user_account", "confirmed_by_id", null=True, on_delete="SET NULL")
        confirmed_at = pw.DateTimeField()

        class Meta:
            table_name = "blank_report"
            indexes = ((("centre", "year"), True),)

    @migrator.create_model
    class BlankReportLine(pw.Model):
        id = pw.AutoField()
        report = _fk(migrator, "blank_report", "report_id")
        kind = pw.CharField(max_length=16)
        opening = pw.IntegerField()
        received = pw.IntegerField()
        used = pw.IntegerField()
        handed_over = pw.IntegerField()
        destroyed = pw.IntegerField()
        awaiting_destruction = pw.IntegerField()
        closing = pw.IntegerField()

        class Meta:
            table_name = "blank_report_line"

    migrator.add_fields("blank_batch", protocol=_fk(migrator, "blank_protocol", "protocol_id", null=True))


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Unlink the batches; drop the tables."""
    migrator.remove_fields("blank_batch", "protocol")
    for name in (
        "blank_report_line",
        "blank_report",
        "blank_scan",
        "blank_mark",
        "destruction_protocol",
        "blank_protocol",
        "blank_request",
    ):
        migrator.remove_model(name)
