"""The rule of information days (004 ал.6): at least one a year, tested at its edges."""

import datetime

from certification.outreach import rules

D = datetime.date


def test_a_day_today_or_exactly_a_year_ahead_counts():
    today = D(2026, 3, 10)
    assert not rules.info_day_missing([D(2026, 3, 10)], today)
    assert not rules.info_day_missing([D(2027, 3, 10)], today)


def test_a_day_yesterday_or_a_year_and_a_day_ahead_does_not():
    today = D(2026, 3, 10)
    assert rules.info_day_missing([D(2026, 3, 9)], today)
    assert rules.info_day_missing([D(2027, 3, 11)], today)
    assert rules.info_day_missing([], today)


def test_the_day_before_the_year_ends_counts():
    assert not rules.info_day_missing([D(2027, 3, 9)], D(2026, 3, 10))


def test_from_29_february_the_year_runs_to_28_february():
    today = D(2028, 2, 29)
    assert not rules.info_day_missing([D(2029, 2, 28)], today)
    assert rules.info_day_missing([D(2029, 3, 1)], today)
    assert not rules.info_day_missing([D(2028, 2, 29)], today)
    assert rules.info_day_missing([D(2028, 2, 28)], today)
