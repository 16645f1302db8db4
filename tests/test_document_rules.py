"""The register of issued documents' rules (register.documents.rules), each at its edges."""

import datetime
from types import SimpleNamespace

import pytest

from register.documents import rules

D = datetime.date


def test_document_kinds_are_the_seven_of_art_5_5_in_order():
    kinds = rules.document_kinds()
    assert len(kinds) == 7
    assert kinds[0] == rules.QUALIFICATION and kinds[-1] == rules.EUROPASS
    assert [row[1] for row in rules.DOCUMENT_KINDS] == [1, 2, 3, 4, 5, 6, 7]


@pytest.mark.parametrize("kind", rules.KINDS)
def test_check_required_only_for_the_two_certificates_of_art_22_2(kind):
    assert rules.check_required(kind) is (kind in (rules.QUALIFICATION, rules.VALIDATION))


def test_an_annex_is_checked_with_its_document():
    assert rules.annex_check_required(rules.QUALIFICATION) is True
    assert rules.annex_check_required(rules.TRAINING) is False


@pytest.mark.parametrize("kind", rules.KINDS)
def test_factory_numbered_blanks_are_3_54_and_3_54v(kind):
    assert rules.factory_numbered(kind) is (kind in (rules.QUALIFICATION, rules.VALIDATION))


def test_validation_kinds():
    assert rules.is_validation(rules.VALIDATION) and rules.is_validation(rules.PART_VALIDATION)
    assert not rules.is_validation(rules.QUALIFICATION)


def test_duplicate_mark_is_in_capitals():
    assert rules.duplicate_mark() == "ДУБЛИКАТ"


@pytest.mark.parametrize(
    ("registered", "protocol", "allowed"),
    [
        (D(2026, 3, 9), D(2026, 3, 10), False),  # a day before the protocol
        (D(2026, 3, 10), D(2026, 3, 10), True),  # the same day
        (D(2026, 3, 11), D(2026, 3, 10), True),
        (D(2026, 3, 11), None, True),
        (None, D(2026, 3, 10), False),
    ],
)
def test_registration_not_before_protocol(registered, protocol, allowed):
    assert rules.registration_not_before_protocol(registered, protocol) is allowed


def test_duplicate_issuer_is_the_archive_only_for_a_closed_centre():
    assert rules.duplicate_issuer_is_archive(True) is True
    assert rules.duplicate_issuer_is_archive(False) is False


def test_duplicate_needs_the_original_in_the_register():
    assert rules.duplicate_needs_original(object()) is True
    assert rules.duplicate_needs_original(None) is False


def test_check_conditions_training_and_validation_have_nine_points_each():
    training = rules.check_conditions(rules.QUALIFICATION)
    validation = rules.check_conditions(rules.VALIDATION)
    assert [c[1] for c in training] == list(range(1, 10)) == [c[1] for c in validation]
    assert training[0][0] == "on_course_list" and validation[0][0] == "applied_for_validation"
    assert {c[0] for c in training if c[2] == rules.SYSTEM} == {
        "on_course_list",
        "speciality_licensed",
        "profession_listed",
        "passed_exam",
        "factory_number",
    }
    assert validation[5][0] == "comparison_protocols" and validation[5][2] == rules.OFFICER


def test_person_on_course_list():
    course, other = SimpleNamespace(id=1), SimpleNamespace(id=2)
    person = SimpleNamespace(course_id=1)
    assert rules.person_on_course_list(person, course) is True
    assert rules.person_on_course_list(person, other) is False
    assert rules.person_on_course_list(None, course) is False


def test_speciality_licensed():
    assert rules.speciality_licensed("5230101", ["5230101", "5230102"]) is True
    assert rules.speciality_licensed("5230103", ["5230101"]) is False
    assert rules.speciality_licensed("5230101", []) is False


def test_speciality_trained_for_validation():
    assert rules.speciality_trained_for_validation("5230101", {"5230101"}) is True
    assert rules.speciality_trained_for_validation("5230101", set()) is False


@pytest.mark.parametrize(
    ("began", "listed_from", "listed_until", "listed"),
    [
        (D(2025, 1, 1), None, None, True),
        (D(2025, 1, 1), D(2025, 1, 1), None, True),  # added that very day
        (D(2024, 12, 31), D(2025, 1, 1), None, False),  # a day before it was added
        (D(2025, 6, 30), None, D(2025, 7, 1), True),  # the last day it was on the List
        (D(2025, 7, 1), None, D(2025, 7, 1), False),  # the day it left the List
        (None, None, None, False),
    ],
)
def test_profession_listed_when_training_began(began, listed_from, listed_until, listed):
    assert rules.profession_listed_when_training_began(began, listed_from, listed_until) is listed


@pytest.mark.parametrize(
    ("result", "passed"), [("passed", True), ("failed", False), ("absent", False), ("", False)]
)
def test_passed_exam_protocol(result, passed):
    assert rules.passed_exam_protocol(result) is passed


@pytest.mark.parametrize(
    ("series", "number", "used", "registered"),
    [
        ("А-24", "100", False, True),  # the first of the batch
        ("А-24", "199", False, True),  # the last
        ("А-24", "099", False, False),  # one before
        ("А-24", "200", False, False),  # one after
        ("Б-24", "150", False, False),  # another series
        ("А-24", "150", True, False),  # already on another document
        ("А-24", "", False, False),
        ("А-24", "15x", False, False),
        ("А-24", "1²0", False, False),  # a digit to str.isdigit, not to int()
        ("А-24", "١٥٠", False, False),  # Arabic-Indic digits: not a factory number
    ],
)
def test_factory_number_registered(series, number, used, registered):
    blanks = [("А-24", 100, 199)]
    assert rules.factory_number_registered(series, number, blanks, used) is registered


@pytest.mark.parametrize(
    ("met", "round_number", "outcome"),
    [(True, 1, "cleared"), (False, 1, "returned"), (True, 2, "cleared"), (False, 2, "refused")],
)
def test_check_outcome(met, round_number, outcome):
    assert rules.check_outcome(met, round_number) == outcome


def test_fix_deadline_is_set_after_today():
    today = D(2026, 11, 30)
    assert rules.fix_deadline_is_set(D(2026, 12, 1), today) is True
    assert rules.fix_deadline_is_set(today, today) is False
    assert rules.fix_deadline_is_set(None, today) is False


def test_term_for_fixes_passed_the_day_after_its_last_day():
    last_day = D(2026, 12, 10)
    assert rules.term_for_fixes_passed(last_day, D(2026, 12, 10)) is False
    assert rules.term_for_fixes_passed(last_day, D(2026, 12, 11)) is True
    assert rules.term_for_fixes_passed(None, D(2026, 12, 11)) is False
