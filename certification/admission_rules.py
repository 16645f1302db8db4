"""BAUP certification's rules on who may be admitted and by when: personal numbers, bans, working days
and deadlines, admission and fees. One function each, named after the rule, citing its source (004,
as certification.rules explains; that module re-exports these names).

Terms counted in months or years end on the same day of the month that many months or years on, or
on that month's last day when it has no such day (the general rule of Bulgarian law on counting
terms, ЗЗД чл. 72 and ГПК чл. 60, applied by analogy: 004 is a private scheme's rules and has no
rule of its own). Terms counted in days do not count their first day. A term that ends on a day off
ends on the next working day (`deadline_moved_off_day_off`); certification.rules says which terms
move and which do not.
"""

from portal.dates import add_months, add_time, bulgarian_calendar, working_days_after  # noqa: F401
from portal.identity_rules import (  # noqa: F401 - moved to portal, re-exported here
    _EGN_WEIGHTS,
    _LNCH_WEIGHTS,
    _ten_digits,
    egn_birth_date,
    egn_check_digit,
    egn_is_valid,
    lnch_is_valid,
)
from portal.term_rules import deadline_moved_off_day_off, is_working_day  # noqa: F401 - moved to portal

# Helpers, not rules: the rule index leaves them out.
NOT_RULES = frozenset({"egn_check_digit", "is_banned", "may_sit", "working_days_after"})

# --- Personal numbers -------------------------------------------------------------------------


def personal_number_is_valid(text):
    """An applicant identifies with an ЕГН or, a foreigner, a ЛНЧ: "Заявлението е предназначено за
    идентифициране на заявителя" (004 (application) ал.2), and 004 names no document: either is
    accepted."""
    return egn_is_valid(text) or lnch_is_valid(text)


# --- Bans -------------------------------------------------------------------------------------

BAN_YEARS = 3


def ban_ends(decided_on):
    """The last day of a 3-year ban. Knowingly false data: no application "до изтичането на три
    години от вземане на решение за наличието на такива факти" (004 (application documents) ал.6),
    so `decided_on` is the decision's date; proven cheating: no new procedure "до изтичане на три
    години от датата на извършеното нарушение" (004 (written exam) ал.11), so it is the exam's date.

    Reading: the three years expire on the same date three years on (29 February → 28 February),
    and the ban lasts "until the expiry", so that day is its last: the person may apply again the
    day after. Decided 10 March 2026: banned to 10 March 2029 inclusive, free on 11 March 2029.
    """
    return add_months(decided_on, 12 * BAN_YEARS)


def is_banned(decided_on, today):
    """Whether a ban decided (or a violation committed) on `decided_on` bars the person `today`:
    from that day to `ban_ends` inclusive."""
    return decided_on <= today <= ban_ends(decided_on)


# --- Working days and deadlines ---------------------------------------------------------------


ADMISSION_NOTICE_WORKING_DAYS = 15
FEEDBACK_REQUEST_WORKING_DAYS = 10
APPEAL_DAYS = 10


def admission_notice_due(decided_on):
    """The last day to notify the applicant of the Board's decision: "в срок до 15 работни дни след
    постановяване на Решението за отказ" (004 (refusal of admission) ал.5). 004 sets this term for a
    refusal; it sets none for the notice of admission, which the app holds to the same term."""
    return working_days_after(decided_on, ADMISSION_NOTICE_WORKING_DAYS)


def feedback_request_due(published_on):
    """The last day a candidate may ask in writing for the errors and the reasons for a written-
    exam mark: "най-късно до десет работни дни след оповестяване на резултатите" (004 (marking of
    the written exam) ал.9)."""
    return working_days_after(published_on, FEEDBACK_REQUEST_WORKING_DAYS)


def appeal_due(feedback_on):
    """The last day to appeal the reasons for a mark to the Appeals Committee: "в десет-дневен срок
    от получаването на обратна връзка по ал.9" (004 (marking of the written exam) ал.10): 10
    calendar days, the day the feedback was received not counted, moved off a day off
    (`deadline_moved_off_day_off`)."""
    return deadline_moved_off_day_off(add_time(feedback_on, days=APPEAL_DAYS))


def appeal_without_feedback_due(published_on, days=APPEAL_DAYS):
    """The last day to appeal a written-exam mark without having received feedback first. 004
    (marking of the written exam) ал.11 allows it only with a reason the Committee accepts:
    "освен в случаите, когато към жалбата за получената оценка не се приложи обосновка за
    нежеланието и/или невъзможността на кандидата да премине тази процедура. Основателността на
    дадената обосновка се преценява от Комисията по жалбите", and sets no term for it.

    Reading (BAUP's Board's, a setting: APPEAL_WITHOUT_FEEDBACK_DAYS, passed as `days`): such an
    appeal runs as if the feedback had been received on the last day to ask for it, so `days`
    calendar days (the 10 of ал.10 by default) after `feedback_request_due(published_on)`, moved off
    a day off (`deadline_moved_off_day_off`). Published Friday 4 September 2026: feedback by Monday
    21 September, appeal without it by Thursday 1 October."""
    if isinstance(days, bool) or not isinstance(days, int) or days < 0:
        raise ValueError(f"a term in days is a whole number from 0, not {days!r}")
    last_feedback_day = feedback_request_due(published_on)
    return deadline_moved_off_day_off(add_time(last_feedback_day, days=days))


# --- Admission and fees -----------------------------------------------------------------------

ADMISSION_VALID_YEARS = 1
ADMISSION_VALID_DAYS = 365  # nominal, for display: the term is a calendar year (366 days over a 29 February)


def may_sit_until(admitted_on):
    """The last day a candidate who could not sit the planned dates may sit a later one: "на всяка
    следваща обявена дата, но не по-късно от една година от датата на решението за допускане"
    (004 (certification fee) ал.6). A year counts as a calendar year: the same date a year on is
    the last allowed day (day 365 after the decision, or day 366 when the year spans a 29
    February); admitted on 29 February, the last day is 28 February. A last day that is a day off
    moves to the next working day (`deadline_moved_off_day_off`)."""
    return deadline_moved_off_day_off(add_months(admitted_on, 12 * ADMISSION_VALID_YEARS))


def may_sit(admitted_on, exam_on):
    """Whether a candidate admitted on `admitted_on` may sit an exam on `exam_on`."""
    return admitted_on <= exam_on <= may_sit_until(admitted_on)


CERTIFICATION_FEE_MONTHS = 3
CERTIFICATION_FEE_MONTHS_BEFORE_STAGE = 1


def certification_fee_due(notice_on, first_stage_on):
    """The last day to hand in proof of the certification fee: "до три месеца от получаване на
    известието за допускане ..., но не по-късно от един месец преди реалното провеждане на първия
    етап" (004 (certification fee) ал.3): the earlier of three months after the day the candidate
    received the notice (`notice_on`) and one month before the first stage (stage on 31 March: the
    last day of February). A day before `notice_on` means the candidate cannot make that stage:
    admission moves to the next date or lapses (ал.4). The three months end on a working day
    (`deadline_moved_off_day_off`); the month before the stage counts backwards and is not moved."""
    return min(
        deadline_moved_off_day_off(add_months(notice_on, CERTIFICATION_FEE_MONTHS)),
        add_months(first_stage_on, -CERTIFICATION_FEE_MONTHS_BEFORE_STAGE),
    )
