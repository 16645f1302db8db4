"""BAUP certification's rules (004) and candidate IDs, at their edges. Pure functions: no app."""

import datetime
import random
import re
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from certification import candidate_ids as ids
from certification import rules
from certification.rules import Reconciliation
from portal import disclosure_rules

D = datetime.date


# --- Personal numbers: synthetic ones, built here from the algorithm --------------------------


def egn_remainder(first9):
    return sum(int(d) * w for d, w in zip(first9, (2, 4, 8, 5, 10, 9, 7, 3, 6), strict=True)) % 11


def make_egn(born, serial="000"):
    """A synthetic ЕГН for a birth date and three region/order digits."""
    month = born.month + {18: 20, 19: 0, 20: 40}[born.year // 100]
    first9 = f"{born.year % 100:02d}{month:02d}{born.day:02d}{serial}"
    return first9 + str(egn_remainder(first9) % 10)


def make_lnch(first9):
    weights = (21, 19, 17, 13, 11, 9, 7, 3, 1)
    return first9 + str(sum(int(d) * w for d, w in zip(first9, weights, strict=True)) % 10)


def one_digit_changes(number):
    for position in range(len(number)):
        for digit in "0123456789":
            if digit != number[position]:
                yield number[:position] + digit + number[position + 1 :]


@pytest.mark.parametrize(
    "born",
    [
        D(1800, 1, 1),  # month + 20
        D(1899, 12, 31),
        D(1900, 1, 1),  # month as is
        D(2000, 2, 29),  # month + 40, a leap day
        D(2099, 12, 31),
    ],
)
def test_egn_valid_in_each_century(born):
    """egn_is_valid: the month code of each century, and the date read back."""
    egn = make_egn(born)
    assert rules.egn_is_valid(egn) and rules.personal_number_is_valid(egn)
    assert rules.egn_birth_date(egn) == born


def test_egn_any_one_digit_change_fails():
    """egn_is_valid: every one-digit change of a number whose weighted sum leaves 1-9 is refused."""
    egn = make_egn(D(1850, 6, 15), "124")
    assert egn_remainder(egn[:9]) in range(1, 10)
    assert rules.egn_is_valid(egn)
    assert not any(rules.egn_is_valid(changed) for changed in one_digit_changes(egn))


def test_egn_remainder_ten_gives_check_digit_zero():
    """egn_is_valid: a weighted sum leaving 10 takes the check digit 0."""
    egn = make_egn(D(1805, 5, 5), "006")
    assert egn_remainder(egn[:9]) == 10
    assert egn.endswith("0") and rules.egn_is_valid(egn)


@pytest.mark.parametrize(
    "first9",
    [
        "001300000",  # month 13
        "002000000",  # month 20: neither century
        "000023000",  # month 0
        "000100000",  # day 0
        "000230000",  # 30 February 1900
        "000229000",  # 29 February 1900: not a leap year
        "014229000",  # 29 February 2001
        "005301000",  # month 53
    ],
)
def test_egn_impossible_dates_fail(first9):
    """egn_is_valid: a right check digit does not save an impossible date."""
    assert not rules.egn_is_valid(first9 + str(egn_remainder(first9) % 10))


@pytest.mark.parametrize(
    "text", ["", "123456789", "12345678901", "00010100a0", "００１０１０００００", None, 1]
)
def test_personal_number_shapes_fail(text):
    """egn_is_valid / lnch_is_valid: exactly 10 ASCII digits, as a string."""
    assert not rules.egn_is_valid(text)
    assert not rules.lnch_is_valid(text)
    assert not rules.personal_number_is_valid(text)


def test_lnch_valid_and_any_one_digit_change_fails():
    """lnch_is_valid: weights 21..1, sum mod 10; every weight is prime to 10, so any change shows."""
    lnch = make_lnch("100000000")
    assert lnch == "1000000001"
    assert rules.lnch_is_valid(lnch) and rules.personal_number_is_valid(lnch)
    assert not any(rules.lnch_is_valid(changed) for changed in one_digit_changes(lnch))


# --- Bans -------------------------------------------------------------------------------------


def test_ban_lasts_to_the_third_anniversary_inclusive():
    """ban_ends / is_banned: banned on the decision day and on the anniversary, free the day after."""
    decided = D(2026, 3, 10)
    assert rules.ban_ends(decided) == D(2029, 3, 10)
    assert rules.is_banned(decided, decided)
    assert rules.is_banned(decided, D(2029, 3, 10))
    assert not rules.is_banned(decided, D(2029, 3, 11))
    assert not rules.is_banned(decided, D(2026, 3, 9))


def test_ban_decided_on_29_february_ends_on_28_february():
    """ban_ends: no 29 February three years on: the last day of February."""
    assert rules.ban_ends(D(2028, 2, 29)) == D(2031, 2, 28)
    assert rules.is_banned(D(2028, 2, 29), D(2031, 2, 28))
    assert not rules.is_banned(D(2028, 2, 29), D(2031, 3, 1))


# --- Working days and deadlines ---------------------------------------------------------------


def test_working_days_skip_a_weekend():
    """working_days_after: Friday + 1 is Monday; the 15th after a Friday is three weeks on."""
    assert rules.working_days_after(D(2026, 6, 5), 1) == D(2026, 6, 8)
    assert rules.admission_notice_due(D(2026, 6, 5)) == D(2026, 6, 26)
    assert rules.admission_notice_due(D(2026, 6, 6)) == D(2026, 6, 26)  # a Saturday decision


def test_admission_notice_across_christmas():
    """admission_notice_due: 24, 25 and 28 December 2026 (26th on a Saturday, moved to Monday) and
    1 January 2027 are off: without them the 15th working day would be 8 January."""
    assert rules.admission_notice_due(D(2026, 12, 18)) == D(2027, 1, 14)


def test_admission_notice_across_orthodox_easter():
    """admission_notice_due: Good Friday 10 April to Easter Monday 13 April 2026 and 1 May are off."""
    assert not rules.is_working_day(D(2026, 4, 10)) and not rules.is_working_day(D(2026, 4, 13))
    assert rules.working_days_after(D(2026, 4, 9), 1) == D(2026, 4, 14)
    assert rules.admission_notice_due(D(2026, 4, 9)) == D(2026, 5, 5)


def test_feedback_request_across_an_observed_holiday():
    """feedback_request_due: Unification Day on Sunday 6 September 2026 makes Monday 7th a day off."""
    assert rules.feedback_request_due(D(2026, 9, 4)) == D(2026, 9, 21)


def test_working_days_count_from_one():
    """working_days_after: there is no 0th working day."""
    with pytest.raises(ValueError):
        rules.working_days_after(D(2026, 6, 5), 0)


@pytest.mark.parametrize(
    ("last_day", "moved_to"),
    [
        (D(2026, 10, 9), D(2026, 10, 9)),  # a Friday: kept
        (D(2026, 10, 10), D(2026, 10, 12)),  # a Saturday: the Monday
        (D(2026, 10, 11), D(2026, 10, 12)),  # a Sunday: the Monday
        (D(2026, 10, 12), D(2026, 10, 12)),  # a Monday: kept
        (D(2026, 4, 9), D(2026, 4, 9)),  # the Thursday before Orthodox Easter 2026: kept
        (D(2026, 4, 10), D(2026, 4, 14)),  # Good Friday: past Easter Monday
        (D(2026, 4, 12), D(2026, 4, 14)),  # Easter Sunday
        (D(2026, 4, 13), D(2026, 4, 14)),  # Easter Monday
        (D(2026, 12, 24), D(2026, 12, 29)),  # Christmas Eve: 25th, the 26th moved to the 28th
    ],
)
def test_deadline_moved_off_day_off(last_day, moved_to):
    """deadline_moved_off_day_off (ЗЗД чл. 72 ал. 3): a day off moves to the next working day."""
    assert rules.deadline_moved_off_day_off(last_day) == moved_to


@pytest.mark.parametrize(
    ("feedback_on", "due"),
    [
        (D(2026, 9, 21), D(2026, 10, 1)),  # a Thursday: 10 calendar days, weekends counted
        (D(2026, 9, 30), D(2026, 10, 12)),  # 10 October is a Saturday: the Monday
        (D(2026, 10, 1), D(2026, 10, 12)),  # 11 October is a Sunday: the Monday
        (D(2026, 10, 2), D(2026, 10, 12)),  # the Monday itself
        (D(2026, 3, 31), D(2026, 4, 14)),  # 10 April 2026 is Orthodox Good Friday: after Easter Monday
    ],
)
def test_appeal_due_is_ten_calendar_days_moved_off_a_day_off(feedback_on, due):
    """appeal_due: 10 calendar days after the feedback; a last day off moves to the next working day."""
    assert rules.appeal_due(feedback_on) == due


# --- Admission and fees -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("admitted", "last_day", "days"),
    [
        (D(2026, 3, 10), D(2027, 3, 10), 365),
        (D(2027, 3, 10), D(2028, 3, 10), 366),  # across 29 February 2028
        (D(2028, 2, 29), D(2029, 2, 28), 365),
        (D(2026, 10, 10), D(2027, 10, 11), 366),  # 10 October 2027 is a Sunday: the Monday
    ],
)
def test_may_sit_to_the_same_date_a_year_on(admitted, last_day, days):
    """may_sit_until / may_sit: the same date a year on is the last day (day 365, or 366 across a
    leap day), moved off a day off; the day after is not allowed."""
    assert rules.may_sit_until(admitted) == last_day
    assert (last_day - admitted).days == days
    assert rules.may_sit(admitted, last_day)
    assert not rules.may_sit(admitted, last_day + datetime.timedelta(days=1))
    assert not rules.may_sit(admitted, admitted - datetime.timedelta(days=1))
    assert rules.ADMISSION_VALID_DAYS == 365


@pytest.mark.parametrize(
    ("notice", "first_stage", "due"),
    [
        (D(2026, 1, 9), D(2026, 6, 1), D(2026, 4, 9)),  # three months come first
        (D(2026, 1, 10), D(2026, 6, 1), D(2026, 4, 14)),  # 10 April 2026: Good Friday, past Easter
        (D(2026, 1, 10), D(2026, 4, 1), D(2026, 3, 1)),  # a month before the stage comes first
        (D(2026, 2, 1), D(2026, 6, 1), D(2026, 5, 1)),  # both the same day
        (D(2026, 11, 30), D(2027, 6, 1), D(2027, 3, 1)),  # no 30 February; the 28th is a Sunday
        (D(2027, 3, 10), D(2027, 6, 1), D(2027, 5, 1)),  # a month before the stage: never moved
        (D(2027, 12, 1), D(2028, 3, 31), D(2028, 2, 29)),  # a month before 31 March 2028
    ],
)
def test_certification_fee_due_is_the_earlier(notice, first_stage, due):
    """certification_fee_due: 3 months from the notice (moved off a day off), but no later than a
    month before the stage (counted backwards: not moved)."""
    assert rules.certification_fee_due(notice, first_stage) == due


# --- The written exam -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("late", "admitted"),
    [
        (-5, True),
        (0, True),
        (10, True),
        (10.5, False),
        (11, False),
        (datetime.timedelta(minutes=10), True),
        (datetime.timedelta(minutes=10, seconds=1), False),
    ],
)
def test_admitted_to_exam_up_to_ten_minutes_late(late, admitted):
    """admitted_to_exam: 10 minutes late is admitted, anything more is not."""
    assert rules.admitted_to_exam(late) is admitted


@pytest.mark.parametrize(("candidates", "held"), [(0, False), (1, False), (2, True), (3, True)])
def test_session_needs_two_candidates(candidates, held):
    """session_may_be_held: no written exam for fewer than two candidates."""
    assert rules.session_may_be_held(candidates) is held


@pytest.mark.parametrize(("level", "count"), [("D", 1), ("C", 2), ("c", 2), ("С", 2)])  # last: Cyrillic
def test_assessors_required(level, count):
    """assessors_required: one for D, two for C."""
    assert rules.assessors_required(level) == count


@pytest.mark.parametrize("level", ["B", "В", "A", "", None])
def test_assessors_required_refuses_b_and_unknown_levels(level):
    """assessors_required: level B has no written exam; other letters are no level."""
    with pytest.raises(ValueError):
        rules.assessors_required(level)


def test_exam_constants():
    """The 3-hour exam, and the three levels."""
    assert rules.EXAM_DURATION_MINUTES == 180 and rules.LEVELS == ("D", "C", "B")


# --- Reconciliation of marks ------------------------------------------------------------------


def test_level_d_one_mark_is_final():
    """reconcile: one assessor suffices for level D."""
    assert rules.reconcile([72], level="D") == Reconciliation(72, None)


@pytest.mark.parametrize("level", ["D", "C"])
def test_no_mark_yet_needs_a_first(level):
    """reconcile: before any assessor marks, a first mark is needed."""
    assert rules.reconcile([], level=level) == Reconciliation(None, "first_mark")


def test_level_c_one_mark_needs_a_second():
    """reconcile: level C needs two assessors' marks."""
    assert rules.reconcile([72], level="C") == Reconciliation(None, "second_mark")


@pytest.mark.parametrize(
    ("marks", "result"),
    [
        ([60, 79.9], Reconciliation(69.95, None)),  # 19.9 apart: the mean
        ([79.9, 60], Reconciliation(69.95, None)),
        ([60, 80], Reconciliation(None, "consensus")),  # 20 apart: consensus
        ([80, 60], Reconciliation(None, "consensus")),
        ([70.1, 50.1], Reconciliation(None, "consensus")),  # 20 apart, not 19.999999999999996
        ([0, 100], Reconciliation(None, "consensus")),
        ([55, 55], Reconciliation(55, None)),
    ],
)
def test_two_marks_mean_below_the_threshold(marks, result):
    """reconcile: less than 20 points apart → the mean; 20 or more → a consensus is needed."""
    got = rules.reconcile(marks, level="C")
    assert got.needs == result.needs
    if result.final is None:
        assert got.final is None
    else:
        assert got.final == pytest.approx(result.final)


def test_level_d_with_two_marks_follows_the_two_mark_rule():
    """reconcile: two assessors of a level D exam reconcile like level C."""
    assert rules.reconcile([50, 90], level="D").needs == "consensus"


def test_agreed_consensus_is_final():
    """reconcile: the assessors' consensus mark is the final mark."""
    assert rules.reconcile([50, 90], level="C", agreed=66) == Reconciliation(66, None)


def test_cannot_agree_needs_an_arbiter():
    """reconcile: no consensus → a third assessor (arbiter) is needed."""
    assert rules.reconcile([50, 90], level="C", cannot_agree=True) == Reconciliation(None, "arbiter")


def test_arbiter_makes_the_mean_of_three():
    """reconcile: with the arbiter's mark the final is the mean of the three."""
    got = rules.reconcile([50, 90], level="C", cannot_agree=True, arbiter=85)
    assert got.needs is None and got.final == pytest.approx(75)


def test_close_marks_decide_over_earlier_records():
    """reconcile: marks corrected to less than 20 apart give the mean, whatever was recorded before."""
    assert rules.reconcile([70, 75], level="C", agreed=60) == Reconciliation(72.5, None)
    assert rules.reconcile([70, 75], level="C", cannot_agree=True, arbiter=40) == Reconciliation(72.5, None)


def test_threshold_is_a_setting():
    """reconcile: the threshold is a parameter (points on the 0-100 scale)."""
    assert rules.reconcile([60, 70], level="C", threshold=10).needs == "consensus"
    assert rules.reconcile([60, 69.9], level="C", threshold=10).final == pytest.approx(64.95)


@pytest.mark.parametrize(
    ("marks", "result"),
    [
        ([60, 70, 79.9], Reconciliation(69.966666667, None)),  # 19.9 apart at most: the mean of all
        ([79.9, 70, 60], Reconciliation(69.966666667, None)),
        ([60, 70, 80], Reconciliation(None, "consensus")),  # highest and lowest 20 apart
        ([60, 61, 62, 79.9], Reconciliation(65.725, None)),  # four markers
        ([60, 61, 62, 80], Reconciliation(None, "consensus")),
        ([70.1, 60, 50.1], Reconciliation(None, "consensus")),  # 20 apart, not 19.999999999999996
    ],
)
def test_more_than_two_markers_every_pair_below_the_threshold(marks, result):
    """reconcile, the site's reading for three or more markers: every two under 20 points apart →
    the mean of all; otherwise a consensus is needed."""
    got = rules.reconcile(marks, level="C")
    assert got.needs == result.needs
    if result.final is None:
        assert got.final is None
    else:
        assert got.final == pytest.approx(result.final)


def test_more_than_two_markers_then_an_arbiter_joins_the_mean():
    """reconcile: three markers who cannot agree, and the arbiter: the mean of the four marks."""
    assert rules.reconcile([50, 70, 90], level="C", cannot_agree=True).needs == "arbiter"
    got = rules.reconcile([50, 70, 90], level="C", cannot_agree=True, arbiter=70)
    assert got == Reconciliation(70, None)
    assert rules.reconcile([50, 70, 90], level="C", agreed=65) == Reconciliation(65, None)


# --- The entry check and the hearing on false data ----------------------------------------------


@pytest.mark.parametrize(
    ("level", "opinions", "finding"),
    [
        ("D", [], "exempt"),  # ал.4: the experience ground does not apply to D
        ("D", [False, False], "exempt"),
        ("d", [], "exempt"),
        ("C", [], "open"),
        ("C", [True], "open"),  # one assessor is not "най-малко двама"
        ("C", [False], "open"),
        ("C", [True, True], "met"),
        ("C", [False, False], "not_met"),
        ("C", [True, False], "open"),  # a split: the Board appoints another
        ("C", [True, False, False], "not_met"),
        ("C", [True, True, False], "met"),
        ("C", [True, True, False, False], "open"),
        ("B", [], "open"),  # B is checked too
        ("B", [True], "open"),
        ("B", [True, True], "met"),
        ("B", [False, False], "not_met"),
        ("С", [True, True], "met"),  # a Cyrillic С
    ],
)
def test_experience_finding_two_assessors_for_c_and_b(level, opinions, finding):
    """experience_finding: two assessors for C and B; D exempt; a split is open."""
    assert rules.experience_finding(level, opinions) == finding


def test_experience_finding_refuses_an_unknown_level():
    """experience_finding: an unknown level is an error, not an exemption."""
    with pytest.raises(ValueError):
        rules.experience_finding("A", [True, True])


@pytest.mark.parametrize(
    ("attended", "good_reason", "confirmed", "void"),
    [
        (None, False, None, False),  # no outcome recorded yet: no ground
        (True, False, True, True),  # heard, the misleading data confirmed
        (True, False, False, False),  # heard, cleared
        (False, False, None, True),  # ал.5: absent without a good reason
        (False, True, None, False),  # absent with a good reason: heard another day
    ],
)
def test_void_after_hearing(attended, good_reason, confirmed, void):
    """void_after_hearing: ал.4-5 of the application documents."""
    assert rules.void_after_hearing(attended, good_reason, confirmed) is void


@pytest.mark.parametrize(
    "kwargs",
    [
        {"marks": [101], "level": "D"},
        {"marks": [-1], "level": "D"},
        {"marks": [True], "level": "D"},
        {"marks": ["50"], "level": "D"},
        {"marks": [50, 60], "level": "B"},  # no written exam
        {"marks": [50, 90], "level": "C", "agreed": 101},
        {"marks": [50, 90], "level": "C", "agreed": 70, "cannot_agree": True},
        {"marks": [50, 90], "level": "C", "arbiter": 70},  # an arbiter with no disagreement
        {"marks": [50, 90], "level": "C", "cannot_agree": True, "arbiter": -3},
        {"marks": [50, 90], "level": "C", "threshold": 0},
    ],
)
def test_reconcile_refuses_impossible_input(kwargs):
    """reconcile: marks from 0 to 100, and no contradictory records."""
    with pytest.raises(ValueError):
        rules.reconcile(**kwargs)


@pytest.mark.parametrize(("final", "result"), [(60, True), (59.99, False), (60.01, True)])
def test_passed_at_the_pass_mark(final, result):
    """passed: a final mark equal to the pass mark passes."""
    assert rules.passed(final, 60) is result


# --- Publication ------------------------------------------------------------------------------


@pytest.mark.parametrize(("persons", "ok"), [(0, True), (1, False), (2, False), (3, True), (40, True)])
def test_figure_needs_three_persons(persons, ok):
    """figure_disclosable: 1 or 2 persons behind a figure → not published; a zero is about no one."""
    assert disclosure_rules.figure_disclosable(persons) is ok


@pytest.mark.parametrize("persons", [-1, 1.5, True])
def test_figure_counts_are_whole(persons):
    """figure_disclosable: a count of persons is a whole number from 0."""
    with pytest.raises(ValueError):
        disclosure_rules.figure_disclosable(persons)


@pytest.mark.parametrize(
    ("counts", "ok"),
    [
        ({"pass": 3, "fail": 1}, False),
        ({"pass": 3, "fail": 3}, True),
        ({"pass": 5, "fail": 0}, True),
        ([3, 2], False),
        ([], True),
    ],
)
def test_disclosable_statistic_of_counts(counts, ok):
    """disclosable: every figure of a statistic must aggregate 0 or at least 3 persons."""
    assert disclosure_rules.disclosable(counts) is ok


@pytest.mark.parametrize(
    ("values", "ok"),
    [
        ([85, 15], True),  # exactly 85%
        ([17, 2, 1], True),  # 17/20 = 85%
        ([85.01, 14.99], False),  # just over
        ([86, 14], False),
        ([0.85, 0.15], True),  # exact as written, despite binary floats
        ([50, 50], True),
        ([0, 0, 0], False),  # no share to compute
        ([], False),
    ],
)
def test_share_of_one_person_at_most_85_percent(values, ok):
    """share_disclosable: one person's share over 85% of the total bars publication; 85% does not."""
    assert disclosure_rules.share_disclosable(values) is ok


def test_share_refuses_negative_values():
    """share_disclosable: contributions are not negative."""
    with pytest.raises(ValueError):
        disclosure_rules.share_disclosable([50, -1, 60])


@pytest.mark.parametrize(
    ("marks", "ok"),
    [
        ([70], False),  # one candidate
        ([70, 80], False),  # two
        ([50, 60, 70], True),  # three
        ([100, 0, 0], False),  # one share is 100%
        ([90, 5, 5], False),  # 90%
        ([85, 10, 5], True),  # 85% exactly
    ],
)
def test_results_disclosable_by_candidates(marks, ok):
    """results_disclosable (ал.6-7): three candidates at least, and no share over 85% (all passed)."""
    assert rules.results_disclosable(marks, [True] * len(marks)) is ok


@pytest.mark.parametrize(
    ("marks", "ok"),
    [
        ([40, 60, 70, 80], False),  # one failed: identifiable beside three public certificate holders
        ([40, 45, 50, 60, 70, 80], True),  # three and three
        ([60, 70, 80], True),  # all passed: nobody failed
        ([40, 45, 50], True),  # nobody passed
        ([40, 45, 60, 70], False),  # two passed
        ([40, 45, 50, 60, 70], False),  # two passed of five
        ([40, 45, 50, 60, 70, 80, 90], True),  # three failed, four passed
    ],
)
def test_results_disclosable_with_the_pass_mark(marks, ok):
    """results_disclosable (ал.6: few who passed): 1 or 2 passing or failing bars publication."""
    assert rules.results_disclosable(marks, [rules.passed(m, 60) for m in marks]) is ok


def test_results_disclosable_needs_one_outcome_per_mark():
    """results_disclosable: the outcomes are the marks' own."""
    with pytest.raises(ValueError):
        rules.results_disclosable([50, 60, 70], [True, True])


@pytest.mark.parametrize(
    ("published", "due"),
    [
        (D(2026, 9, 4), D(2026, 10, 1)),  # feedback by Monday 21 September; 10 days on: Thursday
        (D(2026, 9, 14), D(2026, 10, 9)),  # feedback by Tuesday 29 September (22nd: a holiday)
        (D(2026, 9, 15), D(2026, 10, 12)),  # feedback by Wednesday 30 September; 10 October: Saturday
        (D(2026, 9, 16), D(2026, 10, 12)),  # feedback by Thursday 1 October; 11 October: Sunday
    ],
)
def test_appeal_without_feedback_due(published, due):
    """appeal_without_feedback_due (ал.11, the Board's reading): 10 days after the last day to ask
    for feedback, moved off a day off; the day after is too late."""
    assert rules.appeal_without_feedback_due(published) == due
    assert rules.appeal_without_feedback_due(published, days=0) == rules.feedback_request_due(published)


def test_appeal_without_feedback_is_not_open_ended():
    """appeal_without_feedback_due: no appeal 400 days after the publication."""
    published = D(2026, 9, 4)
    assert published + datetime.timedelta(days=400) > rules.appeal_without_feedback_due(published)
    with pytest.raises(ValueError):
        rules.appeal_without_feedback_due(published, days=-1)


marks_strategy = st.one_of(st.integers(0, 100), st.floats(0, 100, allow_nan=False))


@given(st.lists(marks_strategy, max_size=2))
def test_fewer_than_three_marks_never_disclosable(marks):
    """results_disclosable (property): fewer than three marks are never published."""
    assert not rules.results_disclosable(marks, [True] * len(marks))


@given(st.lists(marks_strategy, max_size=12))
def test_disclosable_results_have_no_dominant_share(marks):
    """results_disclosable (property): when True, at least three marks and no share over 85%."""
    if rules.results_disclosable(marks, [rules.passed(m, 60) for m in marks]):
        exact = [Fraction(str(m)) for m in marks]
        assert len(marks) >= 3
        assert max(exact) / sum(exact) <= Fraction(85, 100)


@pytest.mark.parametrize(
    ("next_stage", "allowed"), [(D(2026, 6, 14), False), (D(2026, 6, 15), True), (D(2026, 6, 16), True)]
)
def test_marks_known_two_weeks_before_the_next_stage(next_stage, allowed):
    """next_stage_allowed_from: published 1 June, 15 June is 14 days on (allowed, the first day),
    14 June is 13 (refused)."""
    assert rules.next_stage_allowed_from(D(2026, 6, 1)) == D(2026, 6, 15)
    assert (next_stage >= rules.next_stage_allowed_from(D(2026, 6, 1))) is allowed


@pytest.mark.parametrize(
    ("value", "decimals", "rounded"),
    [
        (59.95, 1, 60.0),  # half up: shown 60.0 and passes 60
        (59.949, 1, 59.9),
        (59.94, 1, 59.9),
        ((59.9 + 60.0) / 2, 1, 60.0),  # the float mean 59.9499999... read as 59.95
        ((70 + 50.1) / 2, 1, 60.1),
        ((80 + 60 + 40.1) / 3, 1, 60.0),  # 60.0333...
        (60.05, 0, 60.0),
        (59.5, 0, 60.0),
        (59.949, 2, 59.95),
        (100, 1, 100.0),
        (0, 1, 0.0),
        (None, 1, None),
    ],
)
def test_final_mark_rounded_once_half_up(value, decimals, rounded):
    """round_mark: the site's precision (MARK_DECIMALS), half up, once."""
    assert rules.round_mark(value, decimals) == rounded


@pytest.mark.parametrize(("final", "passes"), [(59.95, True), (59.949, False), (59.9, False), (60, True)])
def test_the_rounded_mark_and_the_pass_decision_agree(final, passes):
    """The pass decision is taken on the rounded mark, the one shown (pass mark 60, one decimal)."""
    rounded = rules.round_mark(final, 1)
    assert rules.passed(rounded, 60) is passes
    assert (format(rounded, ".1f") >= "60.0") is passes


@pytest.mark.parametrize(
    ("typed", "decimals", "value"),
    [
        ("79.9", 1, 79.9),
        ("79,9", 1, 79.9),
        (" 80 ", 1, 80.0),
        ("0", 1, 0.0),
        ("100.0", 1, 100.0),
        ("79.90", 1, 79.9),
        (79.9, 1, 79.9),
        ("79.95", 2, 79.95),
    ],
)
def test_a_mark_as_typed(typed, decimals, value):
    """parse_mark: a dot or a comma; trailing zeros are not decimals."""
    assert rules.parse_mark(typed, decimals) == value


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("79.95", rules.TooManyDecimals),
        ("100.01", ValueError),
        ("-0.1", ValueError),
        ("101", ValueError),
        ("NaN", ValueError),
        ("Infinity", ValueError),
        ("", ValueError),
        ("седем", ValueError),
        (None, ValueError),
    ],
)
def test_a_mark_refused_as_typed(typed, error):
    """parse_mark: more decimals than the precision, out of 0-100, or not a number."""
    with pytest.raises(error):
        rules.parse_mark(typed, 1)


# --- Candidate IDs ----------------------------------------------------------------------------

ID_FORMAT = re.compile(r"^[23456789A-HJ-NP-Z]{4}-[23456789A-HJ-NP-Z]{4}-[23456789A-HJ-NP-Z]{3}$")


def test_alphabet_is_easy_to_read_aloud():
    """candidate IDs: 32 distinct symbols, without 0, O, 1 or I."""
    assert len(ids.ALPHABET) == len(set(ids.ALPHABET)) == 32
    assert not set("0O1I") & set(ids.ALPHABET)


def test_entropy_at_least_50_bits():
    """candidate IDs: 10 random symbols of 32 carry 50 bits."""
    assert len(ids.ALPHABET) ** ids.RANDOM_SYMBOLS >= 2**50
    assert ids.ENTROPY_BITS >= 50


def test_ten_thousand_new_ids_are_valid_and_distinct():
    """new_candidate_id: from the system's secure source, valid, in display form, all different."""
    new = [ids.new_candidate_id() for _ in range(10_000)]
    assert len(set(new)) == len(new)
    assert all(ID_FORMAT.match(i) and ids.candidate_id_is_valid(i) for i in new)


def test_seeded_source_is_used():
    """new_candidate_id: a given random source decides the symbols (tests can seed one)."""
    assert ids.new_candidate_id(random.Random(7)) == ids.new_candidate_id(random.Random(7))


SAMPLE_IDS = ["K7QX-M3PD-W9U"] + [ids.new_candidate_id(random.Random(seed)) for seed in range(5)]


@pytest.mark.parametrize("candidate_id", SAMPLE_IDS)
def test_every_single_substitution_is_detected(candidate_id):
    """candidate_id_is_valid: any one symbol changed, the check symbol included, is refused."""
    compact = candidate_id.replace("-", "")
    assert ids.candidate_id_is_valid(compact)
    for position in range(len(compact)):
        for symbol in ids.ALPHABET:
            if symbol != compact[position]:
                changed = compact[:position] + symbol + compact[position + 1 :]
                assert not ids.candidate_id_is_valid(changed), (position, symbol)


@pytest.mark.parametrize("candidate_id", SAMPLE_IDS)
def test_every_transposition_is_detected(candidate_id):
    """candidate_id_is_valid: two different symbols swapped, adjacent or not, are refused."""
    compact = candidate_id.replace("-", "")
    for i in range(len(compact)):
        for j in range(i + 1, len(compact)):
            if compact[i] != compact[j]:
                swapped = list(compact)
                swapped[i], swapped[j] = swapped[j], swapped[i]
                assert not ids.candidate_id_is_valid("".join(swapped)), (i, j)


@pytest.mark.parametrize(
    "typed", ["K7QX-M3PD-W9U", "k7qx-m3pd-w9u", "K7QXM3PDW9U", " k7qx m3pd w9u ", "K7-QXM-3PDW9U"]
)
def test_normalise_accepts_case_spaces_and_hyphens(typed):
    """normalise_candidate_id: any case, spaces and hyphens anywhere → the display form."""
    assert ids.candidate_id_is_valid(typed)
    assert ids.normalise_candidate_id(typed) == "K7QX-M3PD-W9U"


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "K7QX-M3PD-W9",  # too short
        "K7QX-M3PD-W9UU",  # too long
        "K7QX-M3PD-W9V",  # wrong check symbol
        "K7QX-M3PD-W0U",  # 0 is not in the alphabet, and is not read as anything
        "K7QX-M3PD-WOU",  # nor O
        "K7QX-M3PD-W1U",
        "K7QX-M3PD-WIU",
        "К7QX-M3PD-W9U",  # a Cyrillic К
        "K7QX_M3PD_W9U",
        None,
    ],
)
def test_normalise_refuses_what_is_not_an_id(typed):
    """normalise_candidate_id / candidate_id_is_valid: nothing is mapped or guessed."""
    assert not ids.candidate_id_is_valid(typed)
    with pytest.raises(ValueError):
        ids.normalise_candidate_id(typed)
