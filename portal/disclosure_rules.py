"""Disclosure control: the one statistical rule every published figure about persons passes
(certification's results, the counts of issued documents, the employment of a centre's graduates).

Sources: BAUP's procedure, 004 (marking of the written exam) ал.7: "Данни, които обобщават
резултатите за по-малко от три лица, или статистически данни и оценки, в които относителният дял на
едно лице е над 85 на сто от общия обем не могат да бъдат разгласявани"; it is the standard
threshold rule (at least n = 3 contributors) and (n, k) dominance rule (n = 1, k = 85%: no single
contributor makes up more than 85% of a total) of statistical disclosure control. 004 binds BAUP's
scheme only: the register applies the same rule to its own figures as the site's choice.
"""

import math
from fractions import Fraction

MIN_PERSONS_PER_FIGURE = 3
MAX_SHARE = Fraction(85, 100)


def figure_disclosable(persons):
    """ "Данни, които обобщават резултатите за по-малко от три лица ... не могат да бъдат
    разгласявани" (004 (marking of the written exam) ал.7): a figure aggregating 1 or 2 persons'
    results may not be published; 3 or more may.

    Reading: a zero is not a figure about anyone, so it may be published. The rule protects the
    persons a figure aggregates and a zero aggregates none; what it implies about the others
    ("nobody failed": all passed) is the complementary figure, judged on its own count."""
    if isinstance(persons, bool) or not isinstance(persons, int) or persons < 0:
        raise ValueError(f"a count of persons is a whole number from 0, not {persons!r}")
    return persons == 0 or persons >= MIN_PERSONS_PER_FIGURE


def disclosable(counts):
    """Whether a statistic of counts (e.g. {"pass": 3, "fail": 4}: the number of persons behind
    each figure; a mapping or a list of counts) may be published: every figure passes
    `figure_disclosable` (004 (marking of the written exam) ал.7). The 85% rule cannot fail here:
    with at least three persons behind every non-zero figure, no person is more than a third of
    any."""
    values = counts.values() if hasattr(counts, "values") else counts
    return all(figure_disclosable(persons) for persons in values)


def share_disclosable(values):
    """ "... или статистически данни и оценки, в които относителният дял на едно лице е над 85 на
    сто от общия обем не могат да бъдат разгласявани" (004 (marking of the written exam) ал.7), the
    (1, 85%) dominance rule: `values` holds each person's contribution to a total (e.g. their
    marks); the statistic may be published when no person's share of the total is over 85% (exactly
    85% may). Shares are computed exactly, from the numbers as written. An empty list or a total of
    0 (no share can be computed) is not disclosable. ValueError for a negative value."""
    amounts = []
    for value in values:
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise ValueError(f"a share is computed from a finite number, not {value!r}")
        if value < 0:
            raise ValueError(f"a person's contribution cannot be negative: {value!r}")
        amounts.append(Fraction(str(value)))
    total = sum(amounts)
    if total == 0:
        return False
    return max(amounts) / total <= MAX_SHARE
