"""Relevance of the register's search over the demo data (`flask register demo --centres 1000 --seed 2018`).

tests/search/relevance.csv holds queries a person would type to find one specific centre, each with the
licence number(s) they expect: one, or up to three separated by "|" when the query fits that many equally.
hit@1: the first result is expected; hit@3: one of the first three is; MRR: 1/rank of the first expected
result within the first ten, else 0. `pytest -s` prints the metrics per kind and every miss.
"""

import csv
import os
import time
from collections import defaultdict

from werkzeug.datastructures import MultiDict

CSV = os.path.join(os.path.dirname(os.path.abspath(__file__)), "relevance.csv")
KINDS = {
    "latin",
    "informal",
    "typo",
    "inflected",
    "prefix",
    "quotes",
    "number",
    "mixed",
    "phrase",
    "owner",
    "place",
}

# Both engines reach 1.00 on all three over these 82 queries; the bar sits just below, so a change
# that loses even a few queries fails (hit@3 >= 0.95 is the target).
MIN_HIT1 = 0.97
MIN_HIT3 = 0.97
MIN_MRR = 0.97


def load_queries():
    """[(query, {expected numbers}, kind, note)] from relevance.csv."""
    with open(CSV, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    queries = []
    for row in rows:
        expected = {number.strip() for number in row["expected"].split("|") if number.strip()}
        assert 1 <= len(expected) <= 3, row
        assert row["kind"] in KINDS, row
        queries.append((row["query"], expected, row["kind"], row["note"]))
    return queries


def reciprocal_rank(numbers, expected, depth=10):
    """1/rank of the first expected number within the first `depth`, else 0."""
    for rank, number in enumerate(numbers[:depth], start=1):
        if number in expected:
            return 1 / rank
    return 0.0


def evaluate(queries, search):
    """{"all": metrics, kind: metrics}, misses; `search(query)` returns licence numbers, best first."""
    sums = defaultdict(lambda: [0, 0, 0, 0.0])  # count, hit@1, hit@3, reciprocal rank
    misses = []
    for query, expected, kind, note in queries:
        numbers = search(query)
        rr = reciprocal_rank(numbers, expected)
        hit1 = bool(numbers) and numbers[0] in expected
        hit3 = any(number in expected for number in numbers[:3])
        for key in ("all", kind):
            totals = sums[key]
            totals[0] += 1
            totals[1] += hit1
            totals[2] += hit3
            totals[3] += rr
        if not hit1:
            misses.append((kind, query, "|".join(sorted(expected)), rr, numbers[:3], note))
    metrics = {
        key: {"n": n, "hit@1": h1 / n, "hit@3": h3 / n, "mrr": rr / n}
        for key, (n, h1, h3, rr) in sums.items()
    }
    return metrics, misses


def report(metrics, misses, engine, seconds):
    """The per-kind table and the misses, as text."""
    lines = [f"Search relevance on {engine} ({seconds:.1f} s for {metrics['all']['n']} queries)"]
    lines.append(f"{'kind':<10} {'n':>3} {'hit@1':>6} {'hit@3':>6} {'MRR':>6}")
    for key in sorted(k for k in metrics if k != "all") + ["all"]:
        m = metrics[key]
        lines.append(f"{key:<10} {m['n']:>3} {m['hit@1']:>6.3f} {m['hit@3']:>6.3f} {m['mrr']:>6.3f}")
    lines.append(f"Misses at rank 1 ({len(misses)}): kind | query | expected | RR | first three")
    for kind, query, expected, rr, first, note in misses:
        lines.append(
            f"  {kind} | {query} | {expected} | {rr:.2f} | {' '.join(first) or '(nothing)'}  [{note}]"
        )
    return "\n".join(lines)


def test_search_relevance_over_the_demo_data(app):
    from register.demo import load_demo
    from register.filters import RegisterFilters
    from register.search import search

    queries = load_queries()
    assert len(queries) >= 60
    with app.app_context():
        from portal.db import database

        load_demo(1000, 2018)

        def numbers(query):
            filters = RegisterFilters.from_args(MultiDict({"q": query}))
            return [row.number for row in search(filters).rows]

        started = time.perf_counter()
        metrics, misses = evaluate(queries, numbers)
        seconds = time.perf_counter() - started
        text = report(metrics, misses, type(database.obj).__name__, seconds)
    print("\n" + text)
    overall = metrics["all"]
    assert overall["hit@1"] >= MIN_HIT1, text
    assert overall["hit@3"] >= MIN_HIT3, text
    assert overall["mrr"] >= MIN_MRR, text
