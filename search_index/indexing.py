"""Indexing: a record's search document analysed (words, stems, roots, Latin keys, abbreviations) and
written in the record's own transaction; the vocabulary the typo suggestions read; clearing a register."""

import functools

from portal.db import database
from search_index import analysis
from search_index.engines import engine_for


def engine():
    """The engine for the bound database."""
    return engine_for(database.obj)


ARTICLES = ("та", "то", "те", "ът", "ят")


@functools.lru_cache(maxsize=262144)
def root(word):
    """A word without its definite article and final vowels (обучение, обучения, обучението → обучен;
    академия, академията → академ): catches the -ие/-ия nouns the light stemmer leaves apart.
    Cyrillic words of 6+ letters; the root keeps at least 4."""
    if len(word) < 6 or not analysis.is_cyrillic(word):
        return word
    for article in ARTICLES:
        if word.endswith(article) and len(word) - len(article) >= 5:
            word = word[: -len(article)]
            break
    trimmed = word.rstrip("аеиоуъюяй")
    return trimmed if len(trimmed) >= 4 else word


# Abbreviations that stand for the same words: a document with either form is found by both.
ABBREVIATIONS = {
    "цпо": "център за професионално обучение",
    "ципо": "център за информация и професионално ориентиране",
}


@functools.lru_cache(maxsize=131072)
def _expand(text):
    """The text with each abbreviation's long form, or each long form's abbreviation, added."""
    normalised = analysis.normalise(text)
    extra = []
    for short, long in ABBREVIATIONS.items():
        if short in normalised.split():
            extra.append(long)
        elif long in normalised:
            extra.append(short)
    return text if not extra else text + " " + " ".join(extra)


def _flat(terms):
    """Every distinct term of a text: words, stems, roots, Latin keys."""
    roots = [root(w) for w in terms["exact"]]
    return list(dict.fromkeys(terms["exact"] + terms["stems"] + roots + terms["latin"]))


@functools.lru_cache(maxsize=131072)
def _field(text):
    """(exact words, every distinct term, vocabulary words) of one text; places and professions
    repeat across thousands of documents, so this is cached."""
    terms = analysis.index_terms(text)
    return terms["exact"], _flat(terms), terms["exact"] + terms["latin"]


def _analyse(name, other_texts):
    """(name text, name terms, other terms, vocabulary words) of one document."""
    name_exact = _field(name or "")[0]
    _, name_terms, words = _field(_expand(name or ""))
    words = list(words)
    other_terms = []
    for text in other_texts:
        if text and text.isascii() and text.isdigit():
            other_terms.append(text)  # a licence number or ЕИК: itself, and no vocabulary word
        elif text:
            _, terms, more = _field(text)
            other_terms += terms
            words += more
    return " ".join(name_exact), name_terms, list(dict.fromkeys(other_terms)), words


def _remember(current, words):
    known = _KNOWN_TERMS.setdefault(id(database.obj), set())
    new = {w for w in words if w not in known and not analysis.is_number(w)}
    if new:
        current.add_terms(new)
        known.update(new)


@functools.lru_cache(maxsize=65536)
def filter_token(kind, value):
    """A term for a filter value ("region", "VAR" → "zzregionvar"): no Bulgarian or Latin word is
    one, and it is written as is, never analysed, so that filters and words meet in one index query."""
    return "zz" + kind + "".join(ch for ch in str(value).lower() if ch.isalnum())


def index_document(register, ref_id, name, other_texts=(), tokens=()):
    """Analyse and (re)write one document; call it inside the transaction that changed the record.

    `tokens` are filter_token()s, written as they are."""
    write_document(register, ref_id, analyse_document(name, other_texts, tokens))


def analyse_document(name, other_texts=(), tokens=()):
    """One document analysed, ready for write_document: the costly part of indexing, which needs
    no database, so an import does it before it takes the write lock."""
    return (*_analyse(name, other_texts), list(tokens))


def write_document(register, ref_id, analysed):
    """(Re)write one document analysed by analyse_document; inside the record's transaction."""
    name_text, name_terms, other_terms, words, tokens = analysed
    current = engine()
    current.upsert(register, ref_id, name_text, name_terms, other_terms, tokens)
    _remember(current, words)


def analyse_documents(documents):
    """[(ref_id, name, other_texts[, tokens])] → (rows for the engine's insert_many, vocabulary words).

    Rows are plain strings, ready to write: this runs in reindex's worker processes, and strings
    cost the writer less to receive than lists of terms."""
    rows, vocabulary = [], set()
    for ref_id, name, other_texts, *tokens in documents:
        name_text, name_terms, other_terms, words = _analyse(name, other_texts)
        tokens = list(tokens[0]) if tokens else []
        rows.append(
            (ref_id, name_text, " ".join(name_terms), " ".join(other_terms + tokens), " ".join(tokens))
        )
        vocabulary.update(words)
    return rows, vocabulary


def write_analysed(register, analysed):
    """Write documents analysed by analyse_documents, after `clear` (reindex)."""
    rows, vocabulary = analysed
    if rows:
        current = engine()
        current.insert_many(register, rows)
        _remember(current, vocabulary)


# Words this process has already put in the vocabulary (a cache: the table is the truth, and a word
# missed here after a rolled-back import only means one suggestion fewer until the next reindex).
_KNOWN_TERMS = {}


def clear(register):
    """Remove a register's documents and the whole vocabulary (before a reindex, or in tests)."""
    current = engine()
    current.clear(register)
    current.clear_vocabulary()
    _KNOWN_TERMS.pop(id(database.obj), None)


def remove_document(register, ref_id):
    """Remove one document from the index."""
    engine().delete(register, ref_id)
