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


# The term ends with the decision (000 steps 5 and 9): the chair's order, a refusal or a withdrawal.
FILED_ON = D(2026, 3, 10)  # the term's last day: 10 June 2026, 92 days on


def test_decided_on_the_last_day_is_in_time_and_never_overdue_later():
    term = licensing_term(FILED_ON, [], D(2026, 9, 26), decided_on=D(2026, 6, 10))
    assert term.decided and term.in_time and not term.overdue
    assert term.day == term.length == 92
    assert term.days_left == 0  # counted to the decision, not to today (108 days later)


def test_decided_the_day_after_the_last_day_is_late_by_one():
    term = licensing_term(FILED_ON, [], D(2026, 9, 26), decided_on=D(2026, 6, 11))
    assert term.decided and not term.in_time and not term.overdue
    assert term.day == 93 and term.days_left == -1


def test_decided_on_the_filing_day_is_day_zero():
    term = licensing_term(FILED_ON, [], FILED_ON, decided_on=FILED_ON)
    assert term.day == 0 and term.in_time


def test_with_a_pause_the_last_day_moves_and_the_decision_is_counted_without_it():
    pause = Pause(D(2026, 4, 1), D(2026, 4, 15), D(2026, 4, 8))  # 7 days do not count
    on_time = licensing_term(FILED_ON, [pause], D(2026, 12, 1), decided_on=D(2026, 6, 17))
    assert on_time.due_on == D(2026, 6, 17) and on_time.in_time and on_time.day == 92
    late = licensing_term(FILED_ON, [pause], D(2026, 12, 1), decided_on=D(2026, 6, 18))
    assert not late.in_time and late.day == 93 and late.days_left == -1


def test_a_pause_still_open_at_the_decision_ends_with_it():
    # Refused (or withdrawn) on 10 April while the fixes of the 1 April letter were awaited.
    pause = Pause(D(2026, 4, 1), D(2026, 4, 30))
    term = licensing_term(FILED_ON, [pause], D(2026, 12, 1), decided_on=D(2026, 4, 10))
    assert not term.paused and term.paused_days == 9
    assert term.day == (D(2026, 4, 10) - FILED_ON).days - 9 and term.in_time


def test_undecided_term_has_no_day_and_runs_on():
    term = licensing_term(FILED_ON, [], D(2026, 9, 26))
    assert not term.decided and term.day is None and term.in_time is None
    assert term.overdue and term.days_left == -108


@pytest.mark.parametrize(
    ("expert_positive", "committee_rejected", "licensed"),
    [(True, False, True), (True, True, False), (False, False, False), (False, True, False)],
)
def test_a_speciality_is_licensed_only_if_the_experts_and_the_committee_agree(
    expert_positive, committee_rejected, licensed
):
    from register.licensing.rules import speciality_is_licensed

    assert speciality_is_licensed(expert_positive, committee_rejected) is licensed
