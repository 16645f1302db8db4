"""What the register's models share: an id-list condition, the cached listing statements, and UTC now."""

import functools

import peewee as pw

from portal.dates import utcnow  # noqa: F401  (imported from here by older code)


def id_in(column, ids):
    """`column IN (ids)` for a list of integer ids, the numbers written into the SQL.

    peewee builds a bound parameter node for each value, which for the 1,000 ids of a search's
    hits costs several milliseconds a query; integers (cast here, so nothing else can get in) need
    no binding, and SQLite and PostgreSQL read the same text.
    """
    ids = [int(i) for i in ids]
    if not ids:
        return column.in_([])
    return column.in_(pw.SQL("(" + ",".join(map(str, ids)) + ")"))


_IDS_MARK = "-424242"  # stands for the id list in the cached listing statement


@functools.lru_cache(maxsize=4)
def _listing_statement(model, database_identity):
    """(column names, [(date column, converter)], SQL text, parameters) of Licence.listing for one
    database, the ids as _IDS_MARK."""
    query = model._listing_query(model.id.in_(pw.SQL(f"({_IDS_MARK})")))
    sql, params = query.sql()
    if sql.count(_IDS_MARK) != 1:
        raise RuntimeError("the listing statement's id mark is not unique")
    names, dates = [], []
    for node in query._returning:
        field = node.node if isinstance(node, pw.Alias) else node
        name = node._alias if isinstance(node, pw.Alias) else node.name
        names.append(name)
        if isinstance(field, pw.DateField | pw.DateTimeField):
            dates.append((name, field.python_value))
    return names, dates, sql, params


@functools.lru_cache(maxsize=4)
def _version_statement(model, database_identity):
    return model.select(pw.fn.MAX(model.updated_at)).sql()


# --- Places: the EKATTE classifier -------------------------------------------------------------
