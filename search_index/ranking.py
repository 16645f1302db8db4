"""Ranking and highlighting: candidates ordered by how well their names match the query's words, and
the matching words of a name marked."""

import functools
import heapq
import re

from markupsafe import Markup, escape

from search_index import analysis
from search_index.indexing import engine, root


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
