"""The licensing term (000, steps 5-6), at its edges."""

import datetime

import pytest

from register.licensing.rules import Pause, licensing_term

D = datetime.date


def test_term_is_three_calendar_months():
    term = licensing_term(D(2026, 3, 10), [], D(2026, 3, 10))
    assert term.due_on == D(2026, 6, 10)
    assert term.days_left == (D(2026, 6, 10) - D(2026, 3, 10)).days
    assert not term.paused and not term.overdue and term.paused_days == 0


@pytest.mark.parametrize(
    ("filed", "due"),
    [
        (D(2026, 11, 30), D(2027, 2, 28)),  # no 30 February: the month's last day
        (D(2027, 11, 30), D(2028, 2, 29)),  # leap year
        (D(2027, 1, 31), D(2027, 4, 30)),  # no 31 April
        (D(2026, 10, 31), D(2027, 1, 31)),  # across the year
        (D(2026, 12, 1), D(2027, 3, 1)),
    ],
)
def test_month_ends(filed, due):
    assert licensing_term(filed, [], filed).due_on == due


def test_overdue_after_the_last_day_not_on_it():
    filed = D(2026, 3, 10)
    assert licensing_term(filed, [], D(2026, 6, 10)).days_left == 0
    assert not licensing_term(filed, [], D(2026, 6, 10)).overdue
    late = licensing_term(filed, [], D(2026, 6, 11))
    assert late.days_left == -1 and late.overdue


def test_fixes_filed_before_the_deadline_resume_the_term_that_day():
    # Letter 1 April, deadline 15 April, fixes filed 8 April: 7 days do not count.
    pause = Pause(D(2026, 4, 1), D(2026, 4, 15), D(2026, 4, 8))
    term = licensing_term(D(2026, 3, 10), [pause], D(2026, 5, 1))
    assert term.paused_days == 7
    assert term.due_on == D(2026, 6, 17)
    assert not term.paused


def test_fixes_filed_after_the_deadline_count_only_to_the_deadline():
    pause = Pause(D(2026, 4, 1), D(2026, 4, 15), D(2026, 4, 20))
    term = licensing_term(D(2026, 3, 10), [pause], D(2026, 5, 1))
    assert term.paused_days == 14
    assert term.due_on == D(2026, 6, 24)


def test_no_fixes_and_deadline_passed_runs_again_from_the_deadline():
    pause = Pause(D(2026, 4, 1), D(2026, 4, 15))
    term = licensing_term(D(2026, 3, 10), [pause], D(2026, 4, 16))
    assert not term.paused and term.paused_days == 14


def test_an_open_pause_freezes_the_days_left():
    pause = Pause(D(2026, 4, 1), D(2026, 4, 30))
    on_letter = licensing_term(D(2026, 3, 10), [pause], D(2026, 4, 1))
    later = licensing_term(D(2026, 3, 10), [pause], D(2026, 4, 20))
    assert on_letter.paused and later.paused
    assert on_letter.days_left == later.days_left == (D(2026, 6, 10) - D(2026, 4, 1)).days
    assert not later.overdue


def test_a_pause_spanning_a_month_end():
    # 25 January → 5 February: 11 days, across the month end.
    pause = Pause(D(2027, 1, 25), D(2027, 2, 10), D(2027, 2, 5))
    term = licensing_term(D(2026, 12, 31), [pause], D(2027, 3, 1))
    assert term.paused_days == 11
    assert term.due_on == D(2027, 3, 31) + datetime.timedelta(days=11)


def test_two_pauses_add_up():
    pauses = [
        Pause(D(2026, 5, 1), D(2026, 5, 10), D(2026, 5, 4)),  # 3 days
        Pause(D(2026, 4, 1), D(2026, 4, 15), D(2026, 4, 8)),  # 7 days (given out of order)
    ]
    term = licensing_term(D(2026, 3, 10), pauses, D(2026, 6, 1))
    assert term.paused_days == 10
    assert term.due_on == D(2026, 6, 20)


@pytest.mark.parametrize(
    "pauses",
    [
        [Pause(D(2026, 3, 1), D(2026, 3, 20))],  # before the filing
        [Pause(D(2026, 4, 1), D(2026, 4, 15), D(2026, 4, 10)), Pause(D(2026, 4, 5), D(2026, 4, 20))],
        [Pause(D(2026, 4, 10), D(2026, 4, 1))],  # deadline before the letter
    ],
)
def test_impossible_pauses_are_refused(pauses):
    with pytest.raises(ValueError):
        licensing_term(D(2026, 3, 10), pauses, D(2026, 6, 1))
