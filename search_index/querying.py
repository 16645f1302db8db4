"""Querying: a visitor's text parsed into a Query, matched against a register's documents, and
corrected word by word when it finds nothing (typos)."""

import bisect
import functools
from dataclasses import dataclass, field

from portal.db import database
from search_index import analysis
from search_index.indexing import _field, engine, root

# Words that carry no meaning in a search ("центрове за обучение в Пловдив").
STOPWORDS = frozenset(
    "и в във на за с със от до по към при а но или че да не ли се си е са ще бе как кой коя кое кои".split()
)
MAX_WORDS = 8


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
