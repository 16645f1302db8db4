"""The rules of a centre's blanks (register.blanks.rules), each at its edges: 001 arts. 24-27."""

import datetime

import pytest

from register.blanks import rules

D = datetime.date


def test_only_the_centre_requests_through_its_profile():
    """001 art. 24(5): the centre requests through its profile."""
    assert rules.request_through_profile(True) is True
    assert rules.request_through_profile(False) is False


@pytest.mark.parametrize(
    ("drawn_up_on", "deadline"),
    [
        (D(2026, 1, 5), D(2026, 1, 15)),  # Monday + 10 days: Thursday
        (D(2024, 2, 19), D(2024, 2, 29)),  # a leap year: 29 February is the last day
        (D(2023, 2, 19), D(2023, 3, 1)),  # not a leap year: 1 March
        (D(2026, 2, 18), D(2026, 3, 2)),  # Saturday 28 February: Monday 2 March
        (D(2026, 2, 21), D(2026, 3, 4)),  # Tuesday 3 March, a holiday: Wednesday 4 March
        (D(2026, 4, 21), D(2026, 5, 4)),  # Friday 1 May, a holiday, then the weekend: Monday 4 May
    ],
)
def test_a_protocol_is_entered_within_10_days_moved_off_a_day_off(drawn_up_on, deadline):
    """001 art. 25(6): "В 10-дневен срок от изготвянето на протокола"."""
    assert rules.protocol_entry_deadline(drawn_up_on) == deadline


@pytest.mark.parametrize(
    ("today", "overdue"),
    [(D(2024, 2, 28), False), (D(2024, 2, 29), False), (D(2024, 3, 1), True)],
)
def test_a_protocol_not_entered_is_overdue_from_the_day_after_the_last(today, overdue):
    """001 art. 25(6): the day before, the day and the day after the last day (29 February 2024)."""
    assert rules.protocol_entry_overdue(D(2024, 2, 19), None, today) is overdue


def test_a_protocol_entered_late_stays_late():
    assert rules.protocol_entry_overdue(D(2024, 2, 19), D(2024, 3, 1), D(2030, 1, 1)) is True
    assert rules.protocol_entry_overdue(D(2024, 2, 19), D(2024, 2, 29), D(2030, 1, 1)) is False


def test_a_handover_is_entered_by_both_centres():
    """001 art. 25(6) т. 2: "и двете институции въвеждат"."""
    assert rules.handover_entered_by_both(True, True)
    assert not rules.handover_entered_by_both(True, False)
    assert not rules.handover_entered_by_both(False, True)


@pytest.mark.parametrize(
    ("year", "deadline"),
    [(2023, D(2024, 4, 30)), (2024, D(2025, 4, 30)), (2026, D(2027, 4, 30))],
)
def test_the_report_is_confirmed_by_30_april_of_the_next_year(year, deadline):
    """001 art. 26(4): "в срок до 30 април"; a date, not moved off a day off (30 April 2027 is
    Orthodox Good Friday)."""
    assert rules.blank_report_deadline(year) == deadline


@pytest.mark.parametrize(
    ("today", "overdue"),
    [(D(2024, 4, 29), False), (D(2024, 4, 30), False), (D(2024, 5, 1), True)],
)
def test_the_report_of_2023_is_overdue_from_1_may_2024_a_leap_year(today, overdue):
    assert rules.blank_report_overdue(2023, None, today) is overdue


@pytest.mark.parametrize(
    ("confirmed_on", "overdue"),
    [(D(2025, 4, 29), False), (D(2025, 4, 30), False), (D(2025, 5, 1), True)],
)
def test_a_report_confirmed_on_30_april_is_in_time(confirmed_on, overdue):
    assert rules.blank_report_overdue(2024, confirmed_on, D(2030, 1, 1)) is overdue


@pytest.mark.parametrize(
    ("year", "today", "open_"),
    [(2025, D(2025, 12, 31), False), (2025, D(2026, 1, 1), True), (2024, D(2024, 2, 29), False)],
)
def test_a_year_is_reported_once_it_has_ended(year, today, open_):
    """001 art. 26(1): "се отчитат ежегодно"."""
    assert rules.blank_report_year_open(year, today) is open_


def test_the_closing_balance_of_annex_5():
    assert rules.closing_balance(10, 100, 30, 5, 2) == 73


@pytest.mark.parametrize(
    ("closing", "held", "adds_up"),
    [(73, 73, True), (72, 73, False), (73, 72, False), (74, 74, False)],
)
def test_the_report_adds_up_only_when_the_blanks_held_agree(closing, held, adds_up):
    assert rules.report_adds_up(10, 100, 30, 5, 2, closing, held) is adds_up


def test_a_negative_remainder_never_adds_up():
    assert rules.report_adds_up(0, 1, 2, 0, 0, -1, -1) is False


@pytest.mark.parametrize(
    ("destroyed_on", "deadline"),
    [
        (D(2024, 2, 29), D(2024, 4, 30)),  # the leap day: the same year's 30 April
        (D(2024, 4, 29), D(2024, 4, 30)),
        (D(2024, 4, 30), D(2024, 4, 30)),  # destroyed on 30 April: that day
        (D(2024, 5, 1), D(2025, 4, 30)),  # the day after: the next year's
        (D(2026, 12, 31), D(2027, 4, 30)),
    ],
)
def test_a_destruction_protocol_is_entered_by_30_april(destroyed_on, deadline):
    """001 art. 27(5): "В срок до 30 април протоколът по ал. 2 се сканира ... и се въвежда"."""
    assert rules.destruction_entry_deadline(destroyed_on) == deadline


@pytest.mark.parametrize("state", rules.BLANK_STATES)
def test_only_blanks_the_centre_holds_are_destroyed(state):
    """001 art. 27(1): defective, spoiled and the unused remainder."""
    assert rules.may_be_destroyed(state) is (state in (rules.SPOILED, rules.DEFECTIVE, rules.UNUSED))


@pytest.mark.parametrize("state", [*rules.BLANK_STATES, None])
def test_a_destroyed_blank_never_carries_a_document(state):
    """001 art. 27(3): the number is cut out and glued to the protocol."""
    assert rules.blank_may_carry_document(state) is (state in (None, rules.UNUSED, rules.USED))


def test_protocols_and_reports_are_kept_50_years():
    """001 arts. 25(7), 26(5), 27(4): "Срокът на съхранение е 50 години."."""
    assert rules.kept_fifty_years() == 50
