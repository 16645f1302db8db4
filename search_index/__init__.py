"""Search behind one interface: analyse, index in the record's own transaction, match, rank, suggest.

Registers (licences now; certificates and documents later) call:
  index_document(register, ref_id, name, other_texts)  -- inside the transaction that wrote the record
  remove_document(register, ref_id)
  parse(text) -> Query;  matching(register, query) -> SQL node of matching ids, or None
  suggest(register, query) -> a corrected Query or None
  documents(register, ids);  rank(query, candidates, names)
  highlight(text, query) -> Markup
Only search_index/engines.py holds engine-specific SQL.
"""

import bisect
import functools
import heapq
import re
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from portal.db import database
from search_index import analysis
from search_index.engines import engine_for

# Words that carry no meaning in a search ("центрове за обучение в Пловдив").
STOPWORDS = frozenset(
    "и в във на за с със от до по към при а но или че да не ли се си е са ще бе как кой коя кое кои".split()
)
MAX_WORDS = 8


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


@dataclass
class Query:
    """A visitor's query, analysed: the words that count, with their alternatives."""

    text: str
    words: list = field(default_factory=list)  # analysis.query_terms entries, stopwords removed
    corrected: bool = False
    required: list = field(default_factory=list)  # groups of filter_token()s: any of a group, every group
    entities: object = None  # Entities whose tokens a word also matches

    def with_required(self, groups):
        """The same words, also requiring these filter token groups."""
        return Query(self.text, list(self.words), self.corrected, [list(g) for g in groups], self.entities)

    def with_words(self, words, text="", corrected=False, required=()):
        """Other words, with the same entities."""
        return Query(text, list(words), corrected, [list(g) for g in required], self.entities)

    @property
    def numbers(self):
        """The words that are numbers (licence number, ЕИК, certificate number)."""
        return [w["word"] for w in self.words if w["number"]]

    @property
    def empty(self):
        """Nothing to search for."""
        return not self.words

    def alternatives(self):
        """[[(term, is_prefix), ...] per word]: the last word also matches as a prefix."""
        result = []
        for index, word in enumerate(self.words):
            last = index == len(self.words) - 1
            options = {(word["exact"], last)}
            if not word["number"]:
                options = _prefix_options(word["exact"], last)
                options.add((word["stem"], False))
                options.add((root(word["exact"]), False))
                if word["latin"]:
                    options.update(_prefix_options(word["latin"], last))
                if self.entities is not None:
                    options.update((token, False) for token in self.entities.tokens(word, last))
            result.append(sorted(options))
        for group in self.required:
            result.append([(token, False) for token in group])
        return result


# Prefixes up to this long are answered by the full-text index's own prefix indexes (engines.py);
# a longer one is turned into the vocabulary's words that start with it, when there are few.
INDEXED_PREFIX = 3
MAX_COMPLETIONS = 64


def _prefix_options(term, prefix):
    """{(term, is_prefix)}: the term, and as a prefix either itself or the words it completes to.

    An engine answers a long prefix by merging every matching term's hits before it can return the
    first ("обуч*" reads all of "обучение"'s 90,000 documents); the same words as plain terms are
    merged as they are read, so a page of hits costs a fraction of a millisecond.
    """
    if not prefix:
        return {(term, False)}
    if len(term) <= INDEXED_PREFIX:
        return {(term, True)}
    completions = engine().terms_starting(term, MAX_COMPLETIONS + 1)
    if len(completions) > MAX_COMPLETIONS:
        return {(term, True)}
    return {(term, False)} | {(word, False) for word in completions}


def parse(text, entities=None):
    """Analyse a query; stopwords are dropped unless nothing else is left. A word also matches the
    tokens of the `entities` (see Entities) whose names contain it."""
    terms = analysis.query_terms(text or "")
    meaningful = [t for t in terms if t["word"] not in STOPWORDS]
    return Query(text=text or "", words=(meaningful or terms)[:MAX_WORDS], entities=entities)


class Entities:
    """Things thousands of documents share (places, professions), indexed once instead of in each.

    A document carries one token per entity (a filter_token, written as is); a query word that is in
    an entity's name, as the index would have analysed it (word, stem, root, Latin key; the last word
    also as a prefix), matches that token too. Far fewer terms per document than writing the names'
    words into every one, and the same hits.
    """

    MAX_TOKENS = 200  # per word: a two-letter prefix may start many names

    def __init__(self, named):
        """`named` is {token: name}."""
        by_term, words = {}, set()
        for token, text in named.items():
            _, terms, vocabulary = _field(text or "")
            for term in terms:
                by_term.setdefault(term, set()).add(token)
            words.update(w for w in vocabulary if not analysis.is_number(w))
        self.by_term = {term: tuple(sorted(tokens)) for term, tokens in by_term.items()}
        self.terms = tuple(sorted(self.by_term))
        self.words = tuple(sorted(words))

    def tokens(self, word, prefix=False):
        """The tokens of the entities whose names contain the query word (analysis.query_terms)."""
        found = set()
        for term in {word["exact"], word["stem"], root(word["exact"]), word["latin"]}:
            found.update(self.by_term.get(term, ()))
        if prefix:
            for start in {word["exact"], word["latin"]} - {""}:
                index = bisect.bisect_left(self.terms, start)
                while index < len(self.terms) and self.terms[index].startswith(start):
                    found.update(self.by_term[self.terms[index]])
                    index += 1
                    if len(found) > self.MAX_TOKENS:
                        break
        return sorted(found)[: self.MAX_TOKENS]


def matching(register, query):
    """A SQL node selecting the ids of the register's documents that match every word, or None."""
    if query.empty:
        return None
    return engine().matching(register, query.alternatives())


def first_ids(register, query, limit, offset=0):
    """Up to `limit` ids of matching documents in the index's order, read from the index alone and
    stopping early: for existence, capped counts, and listing large result sets."""
    return list(first_documents(register, query, limit, offset))


def first_documents(register, query, limit, offset=0):
    """{ref_id: (ref_id, normalised name text, filter tokens text)} of up to `limit` matching
    documents, in the index's order (first_ids, with what documents() gives, from the same read)."""
    if query.empty:
        return {}
    return {row[0]: row for row in engine().first_documents(register, query.alternatives(), limit, offset)}


# --- Typos ----------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4)
def _vocabulary(identity, size):
    return tuple(engine().vocabulary())


def _nearest(word, vocabulary):
    """Vocabulary words within the typo limit (a swap of neighbours is one edit), nearest first."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    limit = analysis.typo_limit(word)
    if not limit:
        return []
    # Only words whose length is within the limit can be within it: a fifth of the vocabulary.
    buckets = _by_length(vocabulary)
    found = []
    for length in range(len(word) - limit, len(word) + limit + 1):
        if length in buckets:
            found += process.extract(
                word, buckets[length], scorer=OSA.distance, score_cutoff=limit, limit=None
            )
    # Nearest first; among equals, the one of the same length, then the alphabetically first.
    found.sort(key=lambda hit: (hit[1], abs(len(hit[0]) - len(word)), hit[0]))
    return [hit[0] for hit in found[:8] if hit[0] != word]


_BUCKETS = {}


def _by_length(vocabulary):
    """{length: tuple of words} of a vocabulary tuple (kept while it is the same object)."""
    if _BUCKETS.get("of") is not vocabulary:
        buckets = {}
        for term in vocabulary:
            buckets.setdefault(len(term), []).append(term)
        _BUCKETS.update(of=vocabulary, buckets={n: tuple(words) for n, words in buckets.items()})
    return _BUCKETS["buckets"]


def suggest(register, query, has_hits):
    """A corrected Query for words with no hits (edit distance 1, or 2 from 8 letters), or None.

    `has_hits(query)` tells whether a query finds anything; among equally near corrections of a
    word, the first with which the whole query finds something wins.
    """
    current = engine()
    vocabulary = _vocabulary(id(database.obj), current.vocabulary_size())
    if query.entities is not None:
        vocabulary = _with_entity_words(vocabulary, query.entities.words)
    words = list(query.words)
    changed = False
    for index, word in enumerate(query.words):
        if word["number"] or has_hits(query.with_words([word], text=word["word"])):
            continue
        target = word["word"] if analysis.is_cyrillic(word["word"]) else word["latin"]
        options = [t[0] for t in (analysis.query_terms(c) for c in _nearest(target, vocabulary)[:5]) if t]
        if not options:
            continue
        chosen = options[0]
        for option in options:
            trial = words[:index] + [option] + words[index + 1 :]
            if has_hits(query.with_words(trial, required=query.required)):
                chosen = option
                break
        words[index] = chosen
        changed = True
    if not changed:
        return None
    return query.with_words(words, " ".join(w["word"] for w in words), True, query.required)


_MERGED = {}


def _with_entity_words(vocabulary, entity_words):
    """The documents' vocabulary and the entities' names' words, as one sorted tuple (kept while
    both are the same objects: hashing a large tuple on every call would cost more than it saves)."""
    key = (id(vocabulary), id(entity_words))
    if _MERGED.get("key") != key:
        merged = tuple(sorted(set(vocabulary) | set(entity_words)))
        _MERGED.update(key=key, parts=(vocabulary, entity_words), merged=merged)
    return _MERGED["merged"]


# --- Ranking and highlighting ------------------------------------------------------------------------


@functools.lru_cache(maxsize=65536)
def _word_forms(word):
    """(word, stem, root, latin key) of a normalised word."""
    return word, analysis.stem(word), root(word), analysis.latin_key(analysis.to_latin(word))


def _word_matches(query_word, forms, prefix):
    exact, stem, word_root, latin = forms
    if exact == query_word["exact"] or (prefix and exact.startswith(query_word["exact"])):
        return 1
    if (
        stem == query_word["stem"]
        or word_root == root(query_word["exact"])
        or (
            query_word["latin"]
            and (latin == query_word["latin"] or (prefix and latin.startswith(query_word["latin"])))
        )
    ):
        return 2
    return 0


def name_tier(query, name_text, _seen=None):
    """1: every word is in the name as typed; 2: in the name as stem or transliteration; 3: elsewhere.

    `_seen` is a dict for one query's ranking: names share most of their words, so each word is
    compared with the query once."""
    if not query.words:
        return 1
    seen = {} if _seen is None else _seen
    if len(query.words) == 1:  # the usual query: the best level of any name word, 1 ends the search
        best = 3
        for name_word in name_text.split():
            levels = seen.get(name_word)
            if levels is None:
                levels = seen[name_word] = (_word_matches(query.words[0], _word_forms(name_word), True) or 3,)
            if levels[0] < best:
                best = levels[0]
                if best == 1:
                    break
        return best
    rows = []
    for name_word in name_text.split():
        levels = seen.get(name_word)
        if levels is None:
            forms, last = _word_forms(name_word), len(query.words) - 1
            levels = seen[name_word] = tuple(
                _word_matches(word, forms, index == last) or 3 for index, word in enumerate(query.words)
            )
        rows.append(levels)
    if not rows:
        return 3
    # Each query word's best level over the name's words; the tier is the worst of those.
    return max(min(column) for column in zip(*rows, strict=True))


def documents(register, ref_ids):
    """{ref_id: (ref_id, normalised name text, filter tokens text)} of indexed documents: for
    ranking, and for counting hits by their filter values without reading the records."""
    return {row[0]: row for row in engine().documents(register, ref_ids)}


def rank(query, candidates, names, exact_ids=(), limit=None):
    """Order candidate ids: exact number match, then name tiers, then fuzzy, then the tie key.

    `candidates` is [(ref_id, tie_key)], the tie key being e.g. (status order, name); `names` is
    {ref_id: normalised name text} (documents()). With `limit`, only the first `limit` ids.
    """
    exact_ids = set(exact_ids)
    seen = {}
    fuzzy = 3 if query.corrected else 0
    # Plain tuples compared by sort itself: a key function per candidate costs more than the sort.
    keyed = [
        (0 if ref_id in exact_ids else name_tier(query, names.get(ref_id, ""), seen) + fuzzy, tie, ref_id)
        for ref_id, tie in candidates
    ]
    ordered = heapq.nsmallest(limit, keyed) if limit is not None else sorted(keyed)
    return [ref_id for _, _, ref_id in ordered]


_WORDS = re.compile(r"(\w+)")


def highlight(text, query):
    """The text with the words that match the query in <mark>, everything else escaped."""
    if query is None or query.empty:
        return escape(text)
    key = tuple((w["exact"], w["stem"], w["latin"]) for w in query.words)
    # re.split with a group: [between, word, between, word, ..., between]; words need no escaping.
    parts = _WORDS.split(str(text))
    for index in range(0, len(parts), 2):
        parts[index] = escape(parts[index])
    for index in range(1, len(parts), 2):
        if _chunk_matches(parts[index], key):
            parts[index] = "<mark>" + parts[index] + "</mark>"
    return Markup("".join(parts))


@functools.lru_cache(maxsize=65536)
def _chunk_matches(chunk, query_key):
    """Whether a word of a name matches one of the query's words (cached: names share words)."""
    words = [{"exact": exact, "stem": stem, "latin": latin} for exact, stem, latin in query_key]
    forms = [_word_forms(w) for w in analysis.words(chunk)]
    return any(
        _word_matches(word, f, index == len(words) - 1) for index, word in enumerate(words) for f in forms
    )


def fold(text):
    """Normalised text (kept for callers that store a sort key)."""
    return analysis.normalise(text)
