"""The self-assessment's rules at their edges (002: "ежегодно да представят годишен доклад за
самооценка ..., включително и по индикатор реализация на завършилите лица"), and disclosure control
(portal.disclosure_rules, 004 (marking of the written exam) ал.7) as the employment indicator uses it."""

import datetime

import pytest

from portal import disclosure_rules
from register.documents import rules as document_rules
from register.quality import rules

D = datetime.date


@pytest.mark.parametrize(
    ("year", "month_day", "due"),
    [
        (2025, "03-31", D(2026, 3, 31)),
        (2025, "12-31", D(2026, 12, 31)),
        (2023, "02-29", D(2024, 2, 29)),  # a leap year has the day
        (2024, "02-29", D(2025, 2, 28)),  # a common year does not: its last day of February
    ],
)
def test_self_assessment_due(year, month_day, due):
    """The report on a year is due on the setting's month-day of the next year (the site's choice)."""
    assert rules.self_assessment_due(year, month_day) == due


DUE = D(2026, 3, 31)


@pytest.mark.parametrize(
    ("filed_on", "today", "standing"),
    [
        (D(2026, 3, 30), D(2026, 4, 5), rules.FILED),  # the day before
        (D(2026, 3, 31), D(2026, 4, 5), rules.FILED),  # the day itself
        (D(2026, 4, 1), D(2026, 4, 5), rules.LATE),  # the day after
        (None, D(2026, 3, 30), rules.OPEN),
        (None, D(2026, 3, 31), rules.OPEN),  # the due day is still open
        (None, D(2026, 4, 1), rules.MISSING),  # missing from the day after
    ],
)
def test_filing_status_at_the_deadline(filed_on, today, standing):
    """Filed on or before the due day: on time; after: late; not filed after it: missing."""
    assert rules.filing_status(filed_on, DUE, today) == standing


@pytest.mark.parametrize(
    ("registered_on", "months", "today", "open_"),
    [
        (D(2025, 1, 27), 6, D(2025, 7, 26), False),  # the day before
        (D(2025, 1, 27), 6, D(2025, 7, 27), True),  # the day
        (D(2025, 1, 27), 12, D(2026, 1, 26), False),
        (D(2025, 1, 27), 12, D(2026, 1, 27), True),
        (D(2025, 1, 27), 12, D(2026, 1, 28), True),  # the day after
        (D(2024, 2, 29), 12, D(2025, 2, 27), False),  # leap day: 12 months end on 28 February
        (D(2024, 2, 29), 12, D(2025, 2, 28), True),
        (D(2024, 8, 31), 6, D(2025, 2, 28), True),  # 31 August + 6 months: February's last day
    ],
)
def test_follow_up_open_after_its_months(registered_on, months, today, open_):
    """A status at 6 or 12 months is recorded from the day those months after the document."""
    assert rules.follow_up_open(registered_on, months, today) is open_


def test_graduates_year_of_report():
    """The report on 2026 gives the employment of the graduates of 2025 (12 months known)."""
    assert rules.graduates_year_of_report(2026) == 2025


@pytest.mark.parametrize(
    ("kind", "duplicate", "annex", "counts"),
    [
        (document_rules.QUALIFICATION, False, False, True),
        (document_rules.TRAINING, False, False, True),
        (document_rules.QUALIFICATION, True, False, False),  # a duplicate: the same graduate again
        (document_rules.VALIDATION, False, False, False),
        (document_rules.PART_VALIDATION, False, False, False),
        (document_rules.CAPACITY, False, False, False),
        (document_rules.EUROPASS, False, True, False),
    ],
)
def test_counts_as_graduate(kind, duplicate, annex, counts):
    """Graduates: the holders of 001 art. 5(5) т. 1-2 documents, not duplicates nor annexes."""
    assert rules.counts_as_graduate(kind, duplicate, annex) is counts


def test_employment_indicator_counts_known_statuses_only():
    """Unknown and unrecorded statuses are not in the denominator; employed at all includes the
    profession."""
    value = rules.employment_indicator(
        [rules.IN_PROFESSION, rules.IN_PROFESSION, rules.ELSEWHERE, rules.EDUCATION, rules.UNKNOWN, ""]
    )
    assert value == rules.Employment(known=4, in_profession=2, employed=3)


@pytest.mark.parametrize(
    ("in_profession", "known", "ok"),
    [
        (0, 0, False),  # nothing to publish
        (2, 2, False),  # two graduates
        (3, 3, True),  # three, all in the profession: no one is on the other side
        (0, 3, True),
        (2, 3, False),  # one graduate alone on the other side
        (1, 3, False),
        (3, 5, False),  # two on the other side
        (3, 6, True),
        (4, 7, True),
    ],
)
def test_indicator_disclosable(in_profession, known, ok):
    """At least three graduates with a known status, each side of the share 0 or at least three."""
    assert rules.indicator_disclosable(in_profession, known) is ok


@pytest.mark.parametrize(("persons", "ok"), [(0, True), (2, False), (3, True)])
def test_disclosure_thresholds(persons, ok):
    """figure_disclosable, the one rule, at the threshold of three persons."""
    assert disclosure_rules.figure_disclosable(persons) is ok


@pytest.mark.parametrize(("share", "shown"), [(None, None), (0, 0)])
def test_percent_helper(share, shown):
    """The helper keeps None and zero."""
    assert rules.percent(share) == shown
