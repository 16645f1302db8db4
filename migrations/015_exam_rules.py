"""BAUP certification, issue 10 (004, the written exam): final marks rounded once, half up, to one
decimal (the setting MARK_DECIMALS' default; certification.rules.round_mark), so that the marks
already stored agree with the pass decision taken on them."""

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
    """Round the stored final marks."""
    migrator.run(_round_final_marks, database)


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Nothing to undo: the unrounded means are not kept."""
