"""Search behind one interface. For now the basic search: text folded for a substring match.

Issue #3 replaces this with the database's full-text search and a Bulgarian analyser; callers
keep using `fold` for the text they store and `terms` for what a visitor typed.
"""


def fold(text):
    """Lower-case, ё→е and single spaces: SQLite's LIKE does not fold Cyrillic, so we do it here."""
    return " ".join((text or "").lower().replace("ё", "е").split())


def terms(query, limit=8):
    """The words of a visitor's query, folded, at most `limit` of them."""
    return fold(query).split()[:limit]
