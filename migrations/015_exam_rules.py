"""BAUP certification, issue 10 (004, the written exam): a session not held for fewer than two
candidates let in; the invigilator's report of cheating per seat and the Board's decision on it;
final marks rounded once, half up, to one decimal (the setting MARK_DECIMALS' default;
certification.rules.round_mark), so that the marks already stored agree with the pass decision."""

from decimal import ROUND_HALF_UP, Decimal

import peewee as pw
from peewee_migrate import Migrator


def _round_final_marks(database):
    """Round each stored final mark as rules.round_mark does (one decimal, half up, read at 9)."""
    rows = database.execute_sql(
        "SELECT id, final_mark FROM cert_seat WHERE final_mark IS NOT NULL"
    ).fetchall()
    for seat_id, value in rows:
        rounded = float(Decimal(str(round(float(value), 9))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
        if rounded != value:
            update = f"UPDATE cert_seat SET final_mark = {database.param} WHERE id = {database.param}"
            database.execute_sql(update, (rounded, seat_id))


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Add the columns; round the stored final marks."""
    migrator.add_fields("cert_session", not_held=pw.BooleanField(default=False))
    migrator.add_fields(
        "cert_seat",
        cheating_note=pw.TextField(default=""),
        cheating_upheld=pw.BooleanField(null=True),
        cheating_reasons=pw.TextField(default=""),
        cheating_decided_on=pw.DateField(null=True),
        cheating_decided_by=pw.ForeignKeyField(
            column_name="cheating_decided_by_id",
            field="id",
            model=migrator.orm["user_account"],
            null=True,
            on_delete="SET NULL",
        ),
    )
    migrator.run(_round_final_marks, database)


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Drop the columns (the unrounded means are not kept)."""
    migrator.remove_fields(
        "cert_seat",
        "cheating_note",
        "cheating_upheld",
        "cheating_reasons",
        "cheating_decided_on",
        "cheating_decided_by",
    )
    migrator.remove_fields("cert_session", "not_held")
