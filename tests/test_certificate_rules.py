"""BAUP certification's rules from the report to the certificate (004), and certificate numbers, at
their edges. Pure functions: no app."""

import datetime
import itertools

import pytest

from certification import certificate_numbers as numbers
from certification import certificate_rules as rules

D = datetime.date
DAY = datetime.timedelta(days=1)


# --- Validity ---------------------------------------------------------------------------------


def test_certificate_valid_through_the_fifth_anniversary():
    """expires_on / is_valid_on / status_on: valid the day before and the day of the fifth
    anniversary, expired the day after."""
    issued = D(2026, 3, 10)
    assert rules.expires_on(issued) == D(2031, 3, 10)
    for day, status in ((D(2031, 3, 9), "valid"), (D(2031, 3, 10), "valid"), (D(2031, 3, 11), "expired")):
        assert rules.status_on(issued, day) == status
        assert rules.is_valid_on(issued, day) == (status == "valid")


def test_certificate_valid_from_its_issue():
    """is_valid_on / status_on: valid on the day of issue; before it there is no certificate."""
    issued = D(2026, 3, 10)
    assert rules.status_on(issued, issued) == "valid"
    assert not rules.is_valid_on(issued, issued - DAY)
    with pytest.raises(ValueError):
        rules.status_on(issued, issued - DAY)


def test_certificate_issued_on_29_february_ends_on_28_february():
    """expires_on: no 29 February five years on: valid through 28 February, expired on 1 March."""
    issued = D(2028, 2, 29)
    assert rules.expires_on(issued) == D(2033, 2, 28)
    assert rules.status_on(issued, D(2033, 2, 28)) == "valid"
    assert rules.status_on(issued, D(2033, 3, 1)) == "expired"


def test_withdrawal_wins_from_its_date():
    """status_on / is_valid_on: valid the day before the withdrawal, withdrawn from its day on,
    also after the date the certificate would have expired."""
    issued, withdrawn = D(2026, 3, 10), D(2027, 5, 20)
    assert rules.status_on(issued, withdrawn - DAY, withdrawn) == "valid"
    assert rules.status_on(issued, withdrawn, withdrawn) == "withdrawn"
    assert not rules.is_valid_on(issued, withdrawn, withdrawn)
    assert rules.status_on(issued, D(2031, 3, 11), withdrawn) == "withdrawn"


def test_withdrawal_after_expiry_shows_from_its_date():
    """status_on: expired until a later withdrawal, withdrawn from it."""
    issued, withdrawn = D(2026, 3, 10), D(2032, 1, 5)
    assert rules.status_on(issued, withdrawn - DAY, withdrawn) == "expired"
    assert rules.status_on(issued, withdrawn, withdrawn) == "withdrawn"


def test_withdrawal_before_issue_refused():
    """status_on: a certificate cannot be withdrawn before it is issued."""
    with pytest.raises(ValueError):
        rules.status_on(D(2026, 3, 10), D(2026, 4, 1), D(2026, 3, 9))


# --- The Board's decision ---------------------------------------------------------------------


def test_board_decides_from_two_weeks_after_the_last_element():
    """board_may_decide_on / board_may_decide: day 13 is too early, day 14 (the same weekday two
    weeks on) is allowed."""
    assessed = D(2026, 6, 1)  # a Monday
    assert rules.board_may_decide_on(assessed) == D(2026, 6, 15)
    assert not rules.board_may_decide(assessed, assessed + 13 * DAY)
    assert rules.board_may_decide(assessed, assessed + 14 * DAY)
    assert not rules.board_may_decide(assessed, assessed)


@pytest.mark.parametrize(
    ("level", "marked_on", "last"),
    [
        ("D", {"written_exam": D(2026, 6, 1)}, D(2026, 6, 1)),
        ("D", {"written_exam": None}, None),
        ("D", {}, None),
        (
            "C",
            {"written_exam": D(2026, 3, 2), "report": D(2026, 5, 20), "interview": D(2026, 6, 1)},
            D(2026, 6, 1),
        ),
        # the report's joint mark recorded after the interview's: the latest marking counts
        (
            "C",
            {"written_exam": D(2026, 3, 2), "report": D(2026, 6, 3), "interview": D(2026, 6, 1)},
            D(2026, 6, 3),
        ),
        ("C", {"written_exam": D(2026, 3, 2), "report": D(2026, 5, 20), "interview": None}, None),
        ("B", {"report": D(2026, 5, 20), "interview": D(2026, 6, 1)}, D(2026, 6, 1)),
        ("B", {"report": None, "interview": D(2026, 6, 1)}, None),
    ],
)
def test_last_element_marked_on_the_latest_final_mark_of_the_level(level, marked_on, last):
    """last_element_marked_on: 004 (decision) ал.4, the clock runs from the marking of the last
    element due for the level; none while an element due has no final mark."""
    assert rules.last_element_marked_on(level, marked_on) == last


@pytest.mark.parametrize(("level", "marked_on"), [("D", {"report": D(2026, 6, 1)}), ("A", {})])
def test_last_element_marked_on_refuses_elements_not_due(level, marked_on):
    """last_element_marked_on: level D has no report; there is no level A."""
    with pytest.raises(ValueError):
        rules.last_element_marked_on(level, marked_on)


@pytest.mark.parametrize(("days", "allowed"), [(13, False), (14, True), (15, True)])
def test_board_decides_two_weeks_from_the_marking_not_from_the_exam(days, allowed):
    """board_may_decide with last_element_marked_on: the exam on 18 May, its final mark recorded on
    1 June: the two weeks run from 1 June (day 13, 14 and 15 after the marking)."""
    marked = rules.last_element_marked_on("D", {"written_exam": D(2026, 6, 1)})
    assert rules.board_may_decide(marked, marked + days * DAY) is allowed
    assert rules.board_may_decide(D(2026, 5, 18), marked + 13 * DAY)  # counted from the exam it would pass


# --- The report -------------------------------------------------------------------------------


@pytest.mark.parametrize(("days_before", "in_time"), [(9, False), (10, True), (11, True), (0, False)])
def test_report_in_time_ten_days_before_the_interview(days_before, in_time):
    """report_in_time: sent 10 or more days before the interview is in time, 9 is late."""
    interview = D(2026, 6, 11)
    assert rules.report_in_time(interview - days_before * DAY, interview) is in_time


def test_report_in_time_with_an_agreed_term():
    """report_in_time: the candidate and the Group may agree another term (004 (report) ал.7)."""
    interview = D(2026, 6, 11)
    assert rules.report_in_time(interview - 3 * DAY, interview, days=3)
    assert not rules.report_in_time(interview - 2 * DAY, interview, days=3)


@pytest.mark.parametrize(
    ("level", "counts", "shortfall"),
    [
        ("C", {"technical": 12, "behavioural": 5, "contextual": 4}, {}),
        ("C", {"technical": 11, "behavioural": 5, "contextual": 4}, {"technical": 1}),
        ("C", {"technical": 12, "behavioural": 4, "contextual": 4}, {"behavioural": 1}),
        ("C", {"technical": 12, "behavioural": 5, "contextual": 3}, {"contextual": 1}),
        ("B", {"technical": 14, "behavioural": 8, "contextual": 6}, {}),
        (
            "B",
            {"technical": 13, "behavioural": 7, "contextual": 5},
            {"technical": 1, "behavioural": 1, "contextual": 1},
        ),
        ("B", {"technical": 40, "behavioural": 20, "contextual": 10}, {}),
        ("C", {}, {"technical": 12, "behavioural": 5, "contextual": 4}),  # a missing group counts 0
    ],
)
def test_coverage_shortfall_at_the_minima(level, counts, shortfall):
    """coverage_shortfall: the minimum itself is met, one fewer is one short, per group."""
    assert rules.coverage_shortfall(level, counts) == shortfall


@pytest.mark.parametrize(
    ("level", "counts"),
    [
        ("D", {"technical": 12}),  # level D writes no report
        ("A", {"technical": 12}),
        ("C", {"technical": -1}),
        ("C", {"technical": 1.5}),
        ("C", {"technicl": 12}),  # a typo in a group's name
    ],
)
def test_coverage_shortfall_refuses_nonsense(level, counts):
    """coverage_shortfall: no report for D, no unknown level or group, counts are whole from 0."""
    with pytest.raises(ValueError):
        rules.coverage_shortfall(level, counts)


@pytest.mark.parametrize(
    ("level", "pages", "annexes", "flags"),
    [
        ("C", 5, 10, []),
        ("C", 15, 0, []),
        ("C", 4, 10, ["pages_below"]),
        ("C", 16, 11, ["pages_above", "annexes_above"]),
        ("B", 10, 15, []),
        ("B", 25, 15, []),
        ("B", 9, 16, ["pages_below", "annexes_above"]),
        ("B", 26, 0, ["pages_above"]),
        ("С", 4, 0, ["pages_below"]),  # a Cyrillic С
    ],
)
def test_report_guidance_at_the_bounds(level, pages, annexes, flags):
    """report_guidance_flags: the recommended bounds and the annexes' maximum themselves pass."""
    assert rules.report_guidance_flags(level, pages, annexes) == flags


def test_report_guidance_refuses_level_d_and_negative_counts():
    """report_guidance_flags: no report for D; pages and annexes are whole numbers from 0."""
    for args in (("D", 5, 0), ("C", -1, 0), ("C", 5, -1)):
        with pytest.raises(ValueError):
            rules.report_guidance_flags(*args)


# --- The interview ----------------------------------------------------------------------------

START = datetime.datetime(2026, 6, 11, 9, 0)


def minutes_after_start(minutes):
    return START + datetime.timedelta(minutes=minutes)


def test_interview_for_c_lasts_at_least_60_minutes():
    """interview_end: 59 minutes is too short for C, 60 is enough."""
    with pytest.raises(ValueError):
        rules.interview_end(START, 59, "C")
    assert rules.interview_end(START, 60, "C") == minutes_after_start(60)


def test_interview_for_b_has_no_minimum():
    """interview_end: 004 states no minimum for B."""
    assert rules.interview_end(START, 30, "B") == minutes_after_start(30)
    with pytest.raises(ValueError):
        rules.interview_end(START, 0, "B")


@pytest.mark.parametrize(
    ("conversation", "end"),
    [
        (90, 90),  # ends at the 90-minute mark: no break
        (91, 106),  # one break after 90 minutes
        (165, 180),  # one break: exactly 3 hours
    ],
)
def test_interview_breaks_after_every_90_minutes(conversation, end):
    """interview_end: a 15-minute break after each 90 minutes that more conversation follows."""
    assert rules.interview_end(START, conversation, "C") == minutes_after_start(end)
    assert rules.interview_end(START, conversation, "B") == minutes_after_start(end)


@pytest.mark.parametrize("conversation", [166, 180, 181])
def test_interview_over_three_hours_with_its_breaks_refused(conversation):
    """interview_end: the breaks count toward the 3 hours: 166 minutes and a break make 181."""
    with pytest.raises(ValueError):
        rules.interview_end(START, conversation, "C")


def test_interview_longer_breaks_count_too():
    """interview_end: a longer break moves the end and counts toward the 3 hours; under 15 is
    refused."""
    assert rules.interview_end(START, 100, "B", break_minutes=20) == minutes_after_start(120)
    with pytest.raises(ValueError):
        rules.interview_end(START, 161, "B", break_minutes=20)
    with pytest.raises(ValueError):
        rules.interview_end(START, 100, "B", break_minutes=14)


@pytest.mark.parametrize("level", ["D", "A", None])
def test_interview_only_for_c_and_b(level):
    """interview_end: level D has no interview; an unknown level is refused."""
    with pytest.raises(ValueError):
        rules.interview_end(START, 60, level)


# --- Titles and reminders ---------------------------------------------------------------------


def test_level_titles_in_both_languages():
    """level_title: 004's Bulgarian titles and IPMA's English ones; Cyrillic С/В read as Latin."""
    assert rules.level_title("D", "bg") == "Сертифициран специалист по управление на проекти"
    assert rules.level_title("C", "en") == "Certified Project Manager"
    assert rules.level_title("В", "bg") == "Сертифициран старши ръководител на проекти"  # Cyrillic В
    assert rules.level_title("b", "EN") == "Certified Senior Project Manager"


@pytest.mark.parametrize(("level", "language"), [("C", "de"), ("C", None), ("A", "bg")])
def test_level_title_refuses_other_languages_and_levels(level, language):
    """level_title: only "bg" and "en", only D, C and B."""
    with pytest.raises(ValueError):
        rules.level_title(level, language)


@pytest.mark.parametrize(("status", "allowed"), [("valid", True), ("expired", True), ("withdrawn", False)])
def test_may_recertify_a_valid_or_expired_certificate(status, allowed):
    """may_recertify: 004 (validity) ал.1, after the 5 years recertification is needed: an expired
    certificate is recertified, a valid one may be, a withdrawn one is not."""
    assert rules.may_recertify(status) is allowed


@pytest.mark.parametrize("issued", [D(2026, 3, 10), D(2028, 2, 29)])
def test_may_recertify_the_day_before_of_and_after_the_expiry(issued):
    """may_recertify with status_on: the last valid day, the day of expiry's end and the day after
    all allow recertification."""
    expiry = rules.expires_on(issued)
    for day in (expiry - DAY, expiry, expiry + DAY):
        assert rules.may_recertify(rules.status_on(issued, day))
    with pytest.raises(ValueError):
        rules.may_recertify("void")


def test_reminders_become_due_on_their_day():
    """reminders_due: the 6-month reminder is due on its day, not the day before."""
    expiry = D(2031, 3, 10)
    assert rules.reminders_due(expiry, D(2030, 9, 9), set()) == []
    assert rules.reminders_due(expiry, D(2030, 9, 10), set()) == [6]
    assert rules.reminders_due(expiry, D(2031, 2, 9), set()) == [6, 3]
    assert rules.reminders_due(expiry, D(2031, 2, 10), set()) == [6, 3, 1]


def test_reminders_are_idempotent():
    """reminders_due: asked again after sending, nothing more; the next one only on its day."""
    expiry = D(2031, 3, 10)
    today = D(2030, 12, 10)
    due = rules.reminders_due(expiry, today, set())
    assert due == [6, 3]
    assert rules.reminders_due(expiry, today, set(due)) == []
    assert rules.reminders_due(expiry, today, set(due)) == []
    assert rules.reminders_due(expiry, D(2031, 2, 10), set(due)) == [1]


def test_reminders_month_end_and_after_expiry():
    """reminders_due: 31 August less 6 months is the last day of February; none after the expiry,
    still on its last day."""
    assert rules.reminders_due(D(2031, 8, 31), D(2031, 2, 27), set()) == []
    assert rules.reminders_due(D(2031, 8, 31), D(2031, 2, 28), set()) == [6]
    assert rules.reminders_due(D(2031, 3, 10), D(2031, 3, 10), {6}) == [3, 1]
    assert rules.reminders_due(D(2031, 3, 10), D(2031, 3, 11), set()) == []


@pytest.mark.parametrize(
    ("level", "held", "replaced"),
    [
        ("C", [("D", D(2024, 5, 1), "d")], "d"),  # a higher level replaces the lower one
        ("B", [("D", D(2020, 5, 1), "d"), ("C", D(2024, 5, 1), "c")], "c"),
        ("B", [("C", D(2024, 5, 1), "c"), ("D", D(2025, 5, 1), "d")], "c"),  # the highest, not the latest
        ("C", [("C", D(2019, 5, 1), "old"), ("C", D(2024, 5, 1), "new")], "new"),  # of a level, the latest
        ("D", [("D", D(2021, 5, 1), "d")], "d"),  # an expired D, certified again: recertified
        ("D", [("C", D(2024, 5, 1), "c")], None),  # a lower level replaces nothing
        ("C", [("D", D(2024, 5, 1), "d"), ("C", D(2024, 5, 1), "c")], "c"),
        ("C", [], None),
    ],
)
def test_replaced_certificate_the_latest_at_or_below_the_new_level(level, held, replaced):
    """replaced_certificate: 004 (certificate contents) ал.1 т.8 and (validity) ал.1, a certificate
    at a higher level (or a recertification) names the highest one held at or below its level."""
    assert rules.replaced_certificate(level, held) == replaced


# --- Certificate numbers ----------------------------------------------------------------------

SAMPLES = [
    ("C", 2026, 1),
    ("D", 2026, 1),
    ("B", 2026, 1),
    ("C", 2000, 9999),
    ("D", 2099, 4711),
    ("B", 2031, 250),
]
TYPED = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-"


def test_certificate_number_format():
    """certificate_number: BAUP, level, year, 4-digit sequence, check character."""
    assert numbers.certificate_number("C", 2026, 1) == "BAUP-C-2026-0001-7"
    assert numbers.certificate_number("С", 2026, 1) == "BAUP-C-2026-0001-7"  # a Cyrillic С


@pytest.mark.parametrize(("level", "year", "sequence"), SAMPLES)
def test_certificate_number_round_trip(level, year, sequence):
    """certificate_number / parse_certificate_number: what is made is read back."""
    number = numbers.certificate_number(level, year, sequence)
    assert numbers.certificate_number_is_valid(number)
    assert numbers.parse_certificate_number(number) == (level, year, sequence)


def test_every_check_character_occurs():
    """certificate_number: the check character runs over all 31 symbols of its alphabet."""
    checks = {numbers.certificate_number("C", 2026, sequence)[-1] for sequence in range(1, 200)}
    assert checks == set(numbers.CHECK_ALPHABET)


@pytest.mark.parametrize(("level", "year", "sequence"), SAMPLES)
def test_every_single_substitution_detected(level, year, sequence):
    """certificate_number_is_valid: every character replaced by any other letter, digit or hyphen
    fails; so does parsing every letter-or-digit substitution."""
    number = numbers.certificate_number(level, year, sequence)
    for position, char in itertools.product(range(len(number)), TYPED):
        if char != number[position]:
            changed = number[:position] + char + number[position + 1 :]
            assert not numbers.certificate_number_is_valid(changed), changed
            if char != "-" and number[position] != "-":
                with pytest.raises(ValueError):
                    numbers.parse_certificate_number(changed)


def swaps(text):
    for i, j in itertools.combinations(range(len(text)), 2):
        if text[i] != text[j]:
            yield text[:i] + text[j] + text[i + 1 : j] + text[i] + text[j + 1 :], j - i == 1


@pytest.mark.parametrize(("level", "year", "sequence"), SAMPLES)
def test_transpositions_detected(level, year, sequence):
    """certificate_number_is_valid / parse_certificate_number: every swap of two different
    characters fails, adjacent or not, in the canonical form and without hyphens (where the last
    digit and the check character are neighbours)."""
    number = numbers.certificate_number(level, year, sequence)
    adjacent = 0
    for swapped, is_adjacent in swaps(number):
        adjacent += is_adjacent
        assert not numbers.certificate_number_is_valid(swapped), swapped
    assert adjacent > 0
    for swapped, _ in swaps(number.replace("-", "")):
        with pytest.raises(ValueError):
            numbers.parse_certificate_number(swapped)


def test_swap_of_last_digit_and_digit_check_detected():
    """parse_certificate_number: written without hyphens, "…0001" + "7" swapped to "…0007" + "1"."""
    assert numbers.certificate_number("C", 2026, 1) == "BAUP-C-2026-0001-7"
    assert numbers.parse_certificate_number("BAUPC202600017") == ("C", 2026, 1)
    with pytest.raises(ValueError):
        numbers.parse_certificate_number("BAUPC202600071")


@pytest.mark.parametrize(
    "typed",
    [
        "BAUP-C-2026-0001-7",
        "  baup-c-2026-0001-7 ",
        "BAUPC202600017",
        "baup c 2026 0001 7",
        "BAUP–C–2026–0001–7",  # en dashes, as a word processor writes them
        "BAUP-С-2026-0001-7",  # a Cyrillic С for the level
        "ВАUР-С-2026-0001-7",  # Cyrillic В, А, Р and С, typed on a Bulgarian keyboard
    ],
)
def test_normalise_typed_numbers(typed):
    """normalise_certificate_number: case, spaces, missing hyphens, dashes and a Cyrillic С all give
    the canonical form, which parses."""
    assert numbers.normalise_certificate_number(typed) == "BAUP-C-2026-0001-7"
    assert numbers.parse_certificate_number(typed) == ("C", 2026, 1)


def test_only_the_canonical_form_is_valid_as_is():
    """certificate_number_is_valid: typed forms are valid only once normalised."""
    assert not numbers.certificate_number_is_valid("baup-c-2026-0001-7")
    assert not numbers.certificate_number_is_valid("BAUPC202600017")
    assert not numbers.certificate_number_is_valid(" BAUP-C-2026-0001-7")
    assert not numbers.certificate_number_is_valid(None)


def test_normalise_leaves_other_text_cleaned_only():
    """normalise_certificate_number: text of another length is trimmed and upper-cased, not
    reshaped; a non-string is refused."""
    assert numbers.normalise_certificate_number(" baup-c-2026-001-7 ") == "BAUP-C-2026-001-7"
    with pytest.raises(ValueError):
        numbers.normalise_certificate_number(None)


@pytest.mark.parametrize(
    ("level", "year", "sequence"),
    [
        ("A", 2026, 1),
        ("E", 2026, 1),
        ("", 2026, 1),
        (None, 2026, 1),
        ("C", 1999, 1),
        ("C", 2100, 1),
        ("C", 2026, 0),
        ("C", 2026, 10000),
        ("C", True, 1),
        ("C", 2026, 1.0),
        ("C", "2026", 1),
    ],
)
def test_certificate_number_refuses_bad_parts(level, year, sequence):
    """certificate_number: only D, C, B; years 2000 to 2099; sequences 1 to 9999, as whole numbers."""
    with pytest.raises(ValueError):
        numbers.certificate_number(level, year, sequence)


def with_check(level, year, sequence):
    """A number of the right shape with its check character, whatever its parts."""
    payload = f"BAUP{level}{year}{sequence}"
    return f"BAUP-{level}-{year}-{sequence}-{numbers._check_character(payload)}"


@pytest.mark.parametrize(
    ("level", "year", "sequence"),
    [
        ("A", "2026", "0001"),
        ("E", "2026", "0001"),
        ("C", "1999", "0001"),
        ("C", "2100", "0001"),
        ("C", "2026", "0000"),
    ],
)
def test_invalid_level_year_or_sequence_rejected_despite_the_check(level, year, sequence):
    """certificate_number_is_valid / parse_certificate_number: a right check character does not save
    an unknown level, a year outside 2000-2099 or sequence 0000."""
    number = with_check(level, year, sequence)
    assert not numbers.certificate_number_is_valid(number)
    with pytest.raises(ValueError):
        numbers.parse_certificate_number(number)


@pytest.mark.parametrize(
    "text", ["", "BAUP", "XBAU-C-2026-0001-7", "BAUP-C-2026-0001-7-7", "BAUP-C-２０２６-0001-7", 17]
)
def test_parse_refuses_other_text(text):
    """parse_certificate_number: anything but a valid number raises ValueError."""
    with pytest.raises(ValueError):
        numbers.parse_certificate_number(text)
