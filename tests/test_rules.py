"""The register's legal rules, at their edges."""

import datetime

import pytest

from register import rules


@pytest.mark.parametrize(
    "eik",
    [
        "020469788",  # public examples of a validator library's README
        "1213961230342",
        "999999995",
        "200000002",
        "100000086",  # weights 1..8 leave 10: weights 3..10 decide
        "9999999951235",
        "9999999950052",  # 13th digit: weights 2,7,3,5 leave 10, weights 4,9,5,7 decide
        "000000000",
    ],
)
def test_valid_eik(eik):
    """ЕИК/BULSTAT with correct check digits."""
    assert rules.eik_is_valid(eik)


@pytest.mark.parametrize(
    "eik",
    [
        "",
        "12345678",  # 8 digits
        "1234567890",  # 10 digits
        "123456789",
        "1234567891234",
        "999999996",  # wrong 9th digit
        "9999999951236",  # wrong 13th digit
        "9999999961235",  # wrong 9th digit inside a 13-digit code
        "12345678a",
        "１２３４５６７８９",  # full-width digits are not ASCII
        None,
        123456789,
    ],
)
def test_invalid_eik(eik):
    """Wrong length, wrong check digit, or not ASCII digits."""
    assert not rules.eik_is_valid(eik)


def test_eik_check_digit_uses_second_weights_when_first_remainder_is_ten():
    """Weights 1..8 give remainder 10, so weights 3..10 decide."""
    digits = [int(c) for c in "10000008"]
    first = sum(d * w for d, w in zip(digits, range(1, 9), strict=True)) % 11
    second = sum(d * w for d, w in zip(digits, range(3, 11), strict=True)) % 11
    assert first == 10
    assert rules.eik_is_valid(f"10000008{second}")
    assert not rules.eik_is_valid(f"10000008{(second + 1) % 10}")


def test_eik_check_digit_zero_when_both_remainders_are_ten():
    """When both weight sets leave 10, the check digit is 0."""
    found = None
    for n in range(10_000_000, 10_300_000):
        digits = [int(c) for c in f"{n:08d}"]
        a = sum(d * w for d, w in zip(digits, range(1, 9), strict=True)) % 11
        b = sum(d * w for d, w in zip(digits, range(3, 11), strict=True)) % 11
        if a == 10 and b == 10:
            found = f"{n:08d}"
            break
    assert found is not None
    assert rules.eik_is_valid(found + "0")
    assert not rules.eik_is_valid(found + "1")


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (datetime.date(2026, 1, 15), 3, datetime.date(2026, 4, 14)),
        (datetime.date(2026, 1, 15), 4, datetime.date(2026, 5, 14)),
        (datetime.date(2026, 1, 15), 6, datetime.date(2026, 7, 14)),
        (
            datetime.date(2025, 11, 30),
            3,
            datetime.date(2026, 2, 27),
        ),  # clamped to 28 Feb, minus a day
        (datetime.date(2026, 8, 31), 6, datetime.date(2027, 2, 27)),
        (datetime.date(2027, 8, 31), 6, datetime.date(2028, 2, 28)),  # leap year
    ],
)
def test_temporary_revocation_end(start, months, end):
    """A temporary revocation of 3, 4 or 6 months ends the day before the same date N months on."""
    assert rules.temporary_revocation_end(start, months) == end


@pytest.mark.parametrize("months", [0, 1, 2, 5, 7, 12])
def test_temporary_revocation_other_periods_refused(months):
    """Only 3, 4 or 6 months."""
    with pytest.raises(ValueError):
        rules.temporary_revocation_end(datetime.date(2026, 1, 1), months)


@pytest.mark.parametrize(
    ("handover", "until"),
    [
        (datetime.date(2020, 8, 31), datetime.date(2070, 8, 31)),
        (datetime.date(2024, 2, 29), datetime.date(2074, 2, 28)),  # 2074 is not a leap year
        (datetime.date(2028, 2, 29), datetime.date(2078, 2, 28)),
    ],
)
def test_archive_kept_fifty_years(handover, until):
    """Ordinance No 2/2018 art. 28(1): documentation is kept 50 years."""
    assert rules.archive_retention_end(handover) == until


@pytest.mark.parametrize(
    ("status", "required"),
    [
        (rules.ACTIVE, False),
        (rules.TEMPORARILY_REVOKED, False),
        (rules.REVOKED, True),
        (rules.TERMINATED, True),
        (rules.DELETED, True),  # deleted after closure: art. 30's information stays (issue 12)
    ],
)
def test_archive_location_required(status, required):
    """Ordinance No 2/2018 art. 30: finally revoked and terminated licences show the archive, and a
    licence deleted from the register after its closure keeps it."""
    assert rules.archive_location_required(status) is required


def test_archive_notice_goes_to_the_ruo_of_the_centre_seat():
    """001 art. 28(1): the chair notifies the head of the РУО of the centre's location (its region)."""
    assert rules.archive_notice_region("PDV") == "PDV"


@pytest.mark.parametrize(
    ("ruo", "school", "reason", "allowed"),
    [
        ("PDV", "PDV", "", True),  # a school of the РУО's own region
        ("PDV", "VAR", "", False),  # another region, no reason: refused
        ("PDV", "VAR", "   ", False),  # spaces are no reason
        ("PDV", "VAR", "No vocational school in the region keeps such records.", True),
        (None, "VAR", "", True),  # an unknown region is not refused
        ("PDV", None, "", True),
    ],
)
def test_archive_school_in_region(ruo, school, reason, allowed):
    """001 art. 28(1): the РУО designates a vocational school on its own territory, unless a reason is
    recorded for another."""
    assert rules.archive_school_in_region(ruo, school, reason) is allowed


@pytest.mark.parametrize(
    ("notice", "designated", "handed_over", "stage"),
    [
        (None, False, None, rules.ARCHIVE_CLOSED),
        (datetime.date(2026, 11, 3), False, None, rules.ARCHIVE_NOTIFIED),
        (datetime.date(2026, 11, 3), True, None, rules.ARCHIVE_DESIGNATED),
        (None, True, None, rules.ARCHIVE_DESIGNATED),  # an order recorded before its notice
        (datetime.date(2026, 11, 3), True, datetime.date(2027, 1, 10), rules.ARCHIVE_HANDED_OVER),
    ],
)
def test_archive_stage(notice, designated, handed_over, stage):
    """001 art. 28(1): notice, then the РУО's order, then the handover."""
    assert rules.archive_stage(notice, designated, handed_over) == stage


@pytest.mark.parametrize(
    ("kind", "status", "allowed", "after"),
    [
        (rules.TEMPORARY_REVOCATION, rules.ACTIVE, True, rules.TEMPORARILY_REVOKED),
        (rules.TEMPORARY_REVOCATION, rules.TEMPORARILY_REVOKED, False, None),
        (rules.RESTORATION, rules.TEMPORARILY_REVOKED, True, rules.ACTIVE),
        (rules.RESTORATION, rules.ACTIVE, False, None),
        (rules.RESTORATION, rules.REVOKED, False, None),
        (rules.FINAL_REVOCATION, rules.ACTIVE, True, rules.REVOKED),
        (rules.FINAL_REVOCATION, rules.TEMPORARILY_REVOKED, True, rules.REVOKED),
        (rules.FINAL_REVOCATION, rules.REVOKED, False, None),
        (rules.TERMINATION, rules.ACTIVE, True, rules.TERMINATED),
        (rules.TERMINATION, rules.TERMINATED, False, None),
        (rules.AMENDMENT, rules.ACTIVE, True, rules.ACTIVE),
        (rules.AMENDMENT, rules.TEMPORARILY_REVOKED, False, None),
        (rules.CHANGES_ENTERED, rules.TEMPORARILY_REVOKED, True, rules.TEMPORARILY_REVOKED),
        (rules.DELETION, rules.REVOKED, True, rules.DELETED),
        (rules.DELETION, rules.ACTIVE, False, None),
        (rules.FIRST_LICENSING, rules.ACTIVE, False, None),
    ],
)
def test_event_transitions(kind, status, allowed, after):
    """Which events a status allows, and the status they leave."""
    assert rules.event_allowed(kind, status) is allowed
    if allowed:
        assert rules.status_after_event(kind, status) == after
