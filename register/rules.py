"""The register's legal rules: one function each, named after the rule, citing its source."""

import datetime

from portal.dates import add_months, add_time  # noqa: F401  (imported from here by older code)

# Public helpers, not rules: calendar arithmetic and the event table's bookkeeping. The rule index
# (portal/rule_index.py) lists every other public function here as a rule, with its source and tests.
NOT_RULES = frozenset({"add_months", "add_time", "status_after_event"})

# Licence statuses as NAPOO's information system names them (DOMAIN.md E).
ACTIVE = "active"
TEMPORARILY_REVOKED = "temporarily_revoked"
REVOKED = "revoked"
TERMINATED = "terminated"
DELETED = "deleted"
STATUSES = (ACTIVE, TEMPORARILY_REVOKED, REVOKED, TERMINATED, DELETED)

# Kinds of licence event (DOMAIN.md E, "status details" and status changes).
FIRST_LICENSING = "first_licensing"
AMENDMENT = "amendment"
CHANGES_ENTERED = "changes_entered"
TEMPORARY_REVOCATION = "temporary_revocation"
FINAL_REVOCATION = "final_revocation"
TERMINATION = "termination"
RESTORATION = "restoration"
DELETION = "deletion"
EVENT_KINDS = (
    FIRST_LICENSING,
    AMENDMENT,
    CHANGES_ENTERED,
    TEMPORARY_REVOCATION,
    FINAL_REVOCATION,
    TERMINATION,
    RESTORATION,
    DELETION,
)

TEMPORARY_REVOCATION_MONTHS = (3, 4, 6)
ARCHIVE_RETENTION_YEARS = 50
ARCHIVE_TEXT_MAX = 4000
# Licensing began with the Vocational Education and Training Act (ЗПОО) of 1999: no licence
# event is older (the earliest a licence event form takes).
LICENSING_BEGAN = datetime.date(1999, 1, 1)

_EIK9_WEIGHTS = ((1, 2, 3, 4, 5, 6, 7, 8), (3, 4, 5, 6, 7, 8, 9, 10))
_EIK13_WEIGHTS = ((2, 7, 3, 5), (4, 9, 5, 7))


def _check_digit(digits, weight_sets):
    """BULSTAT check digit: weighted sum mod 11, a second weight set on 10, and 0 on 10 again."""
    for weights in weight_sets:
        remainder = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if remainder != 10:
            return remainder
    return 0


def eik_is_valid(eik):
    """An ЕИК/BULSTAT code has 9 or 13 digits with valid check digits (Закон за търговския регистър
    и регистъра на ЮЛНЦ, чл. 23; Наредба за BULSTAT кода: the 9th and 13th digits are checks)."""
    if not isinstance(eik, str) or not eik.isascii() or not eik.isdigit() or len(eik) not in (9, 13):
        return False
    digits = [int(c) for c in eik]
    if _check_digit(digits[:8], _EIK9_WEIGHTS) != digits[8]:
        return False
    if len(digits) == 13:
        return _check_digit(digits[8:12], _EIK13_WEIGHTS) == digits[12]
    return True


def temporary_revocation_end(start, months):
    """A licence is temporarily revoked for 3, 4 or 6 months from the order (ЗПОО чл. 22, ал. 6;
    NAPOO's status vocabulary, DOMAIN.md E); returns the last day of the revocation."""
    if months not in TEMPORARY_REVOCATION_MONTHS:
        raise ValueError(f"temporary revocation lasts 3, 4 or 6 months, not {months}")
    return add_time(add_months(start, months), days=-1)


def archive_retention_end(handover_deadline):
    """A closed centre's documentation is kept 50 years (Наредба № 2/2018, чл. 28, ал. 1: "Срокът на
    съхранение е 50 години."). The ordinance names no day the 50 years start from, so this date is
    only the stored column's estimate from the handover deadline: the public pages never print it
    as fact; they say "kept for 50 years" with the handover date when it is known."""
    return add_months(handover_deadline, 12 * ARCHIVE_RETENTION_YEARS)  # 29 February: the 28th


# Statuses whose archive the register shows: a deleted licence was revoked or terminated first,
# and art. 30's information stays so that a former trainee still finds the documentation.
ARCHIVE_STATUSES = (REVOKED, TERMINATED, DELETED)


def archive_location_required(status):
    """The register shows where the archive is kept for finally revoked licences and terminated
    rights (Наредба № 2/2018, чл. 30: "В регистъра на центровете за професионално обучение,
    поддържан от НАПОО, в частта с окончателно отнети лицензии/прекратени права по лицензията се
    посочва мястото за съхраняване на документацията, определено в заповедта по чл. 28, ал. 1.").
    A licence deleted from the register after its closure keeps that information."""
    return status in ARCHIVE_STATUSES


def archive_notice_region(centre_region_code):
    """The РУО the NAPOO chair notifies is the one of the centre's seat, one per region (Наредба
    № 2/2018, чл. 28, ал. 1: "председателят на НАПОО уведомява писмено началника на РУО по
    местонахождение на центъра.")."""
    return centre_region_code


def archive_school_in_region(ruo_region_code, school_region_code, reason=""):
    """The РУО designates a school of its own region, unless a reason for another is recorded
    (Наредба № 2/2018, чл. 28, ал. 1: "Със заповед на началника на РУО се определя професионална
    гимназия на територията на съответното РУО"). An unknown region (None) is not refused."""
    if not ruo_region_code or not school_region_code or ruo_region_code == school_region_code:
        return True
    return bool((reason or "").strip())


# The archive's stages as the public pages name them (001 art. 28(1)).
ARCHIVE_CLOSED, ARCHIVE_NOTIFIED, ARCHIVE_DESIGNATED, ARCHIVE_HANDED_OVER = (
    "closed",
    "notified",
    "designated",
    "handed_over",
)


def archive_stage(notice_date, designated, handed_over_on):
    """Where a closed centre's documentation is on its legal path (001 art. 28(1)): the chair's
    notice, then the РУО's order designating the school, then the handover."""
    if designated:
        return ARCHIVE_HANDED_OVER if handed_over_on else ARCHIVE_DESIGNATED
    return ARCHIVE_NOTIFIED if notice_date else ARCHIVE_CLOSED


# Which events may follow which status, and the status each one leaves behind.
_TRANSITIONS = {
    FIRST_LICENSING: ((None,), ACTIVE),
    AMENDMENT: ((ACTIVE,), ACTIVE),
    CHANGES_ENTERED: ((ACTIVE, TEMPORARILY_REVOKED), None),
    TEMPORARY_REVOCATION: ((ACTIVE,), TEMPORARILY_REVOKED),
    FINAL_REVOCATION: ((ACTIVE, TEMPORARILY_REVOKED), REVOKED),
    TERMINATION: ((ACTIVE, TEMPORARILY_REVOKED), TERMINATED),
    RESTORATION: ((TEMPORARILY_REVOKED,), ACTIVE),
    DELETION: ((REVOKED, TERMINATED), DELETED),
}


def event_allowed(kind, status):
    """Whether an event of `kind` may be recorded on a licence in `status` (ЗПОО чл. 22: a licence
    is amended while in force, revoked or terminated once, restored only after a temporary
    revocation, and deleted from the register only once closed)."""
    allowed_from, _ = _TRANSITIONS[kind]
    return status in allowed_from


def status_after_event(kind, status):
    """The licence status an event leaves: its target, or the status unchanged."""
    _, target = _TRANSITIONS[kind]
    return target or status
