"""BAUP certification's rules: one function each, named after the rule, citing its source.

Source: BAUP's "Процедури по сертификация и ресертификация", `004` in shared/seeds (DOMAIN.md C;
the source wins where they differ). The copy we have lost its article (чл.) numbers, and the
cross-references left in it ("такса по чл.13", "сертификат по чл.26") do not fit a count of its
articles, so an article is cited by its subject and its paragraph (ал.) number, which survived:
"004 (written exam) ал.13". The written-exam article's two lists are one article: its ал.10 speaks
of "квесторът по ал.9", the invigilator of the second list's third paragraph.

Terms counted in months or years end on the same day of the month that many months or years on, or
on that month's last day when it has no such day (the general rule of Bulgarian law on counting
terms, ЗЗД чл. 72 and ГПК чл. 60, applied by analogy: 004 is a private scheme's rules and has no
rule of its own). Terms counted in days do not count their first day.

A term that ends on a day off ends on the next working day (`deadline_moved_off_day_off`, ЗЗД чл. 72
ал. 3, the general rule of Bulgarian civil law; 004 has none of its own). The paragraph speaks of
"the last day of the term", whatever the term is counted in, so it moves every term that gives a
person the last day to do something, counted forward from an event, in days, months or years alike:
here `appeal_due`, `appeal_without_feedback_due`, the three months of `certification_fee_due` and
`may_sit_until`. Terms counted in working days (`admission_notice_due`, `feedback_request_due`)
already end on a working day. Not moved, because they are not a last day to act: a ban's last day
(`ban_ends`: moving it would lengthen a sanction), limits counted backwards from an event ("не
по-късно от един месец преди" the first stage, "две седмици преди" the next stage: moving them
forward would shorten the time they guarantee), and the waiting terms of certificate_rules (the
earliest day the Board may decide) and the certificate's validity.
"""

import datetime
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from certification.admission_rules import (  # noqa: F401 - split out, re-exported here
    _EGN_WEIGHTS,
    _LNCH_WEIGHTS,
    ADMISSION_NOTICE_WORKING_DAYS,
    ADMISSION_VALID_DAYS,
    ADMISSION_VALID_YEARS,
    APPEAL_DAYS,
    BAN_YEARS,
    CERTIFICATION_FEE_MONTHS,
    CERTIFICATION_FEE_MONTHS_BEFORE_STAGE,
    FEEDBACK_REQUEST_WORKING_DAYS,
    _ten_digits,
    admission_notice_due,
    appeal_due,
    appeal_without_feedback_due,
    ban_ends,
    certification_fee_due,
    deadline_moved_off_day_off,
    egn_birth_date,
    egn_check_digit,
    egn_is_valid,
    feedback_request_due,
    is_banned,
    is_working_day,
    lnch_is_valid,
    may_sit,
    may_sit_until,
    personal_number_is_valid,
    working_days_after,
)
from portal.dates import add_time
from portal.disclosure_rules import MIN_PERSONS_PER_FIGURE, disclosable, share_disclosable

# Public helpers that apply or serve a rule but are not one: the rule index (portal/rule_index.py)
# lists every other public function here as a rule, with its source and tests.
NOT_RULES = frozenset({"parse_mark"})  # and admission_rules.NOT_RULES for the names it holds

LEVELS = ("D", "C", "B")
_LOOKALIKES = str.maketrans({"С": "C", "В": "B"})  # Cyrillic letters a Bulgarian keyboard types


# --- The entry check and false data -----------------------------------------------------------

ENTRY_ASSESSORS = 2
EXEMPT, MET, NOT_MET, OPEN = "exempt", "met", "not_met", "open"


def experience_finding(level, opinions):
    """What the assessors found of the entry requirements of experience (004 (refusal) ал.2 т.3-4
    and ал.4; (admission) ал.1): "Липса на минимално изискуем опит и/или компетенции и/или
    квалификация за получаване на сертификат за съответното ниво. Наличието на това основание за
    отказ се определя от най-малко двама оценители"; "Основанието по ал.2 т.3 и т.4 е неприложимо,
    когато заявителят е посочил, че желае да премине процедура по сертификация за ниво D". The
    admission article ("се назначават най-малко двама оценители, които проверяват наличието или
    неналичието на основания за допускане ... за ниво С") names level C; the refusal article
    exempts D alone, so levels C and B are checked by at least two assessors.

    `opinions` are the appointed assessors' opinions, True where one finds the requirements met.
    Level D: EXEMPT, whatever was given. Levels C and B: MET where at least two find them met and
    more find them met than not; NOT_MET where at least two find them not met and more find so than
    not; otherwise OPEN (fewer than two opinions, or the assessors split evenly). 004 says nothing of
    assessors who disagree: the site's reading is that a split leaves the finding open until the
    Board appoints another assessor.
    """
    if _level(level) == "D":
        return EXEMPT
    met = sum(1 for o in opinions if o)
    not_met = len(opinions) - met
    if met >= ENTRY_ASSESSORS and met > not_met:
        return MET
    if not_met >= ENTRY_ASSESSORS and not_met > met:
        return NOT_MET
    return OPEN


def void_after_hearing(attended, good_reason, confirmed):
    """Whether the hearing on misleading data lets the application be declared void (004
    (application documents) ал.4-5): "В случай на установяване наличието на подвеждащи данни, които
    са/са били от съществено значение за допускането на заявителя ..., той бива уведомен и му се
    дава право да бъде изслушан"; "Неявяването на заявителя на такова изслушване без уважителни
    причини се приема за отказ за съдействие и е основание за обявяване на неговата кандидатура за
    невалидна, а в случай, че нарушението е установено след като такъв сертификат е бил издаден, и
    до невалидност на издаденият по тази процедура сертификат".

    `attended` is None before the hearing's outcome is recorded: no ground yet (False). Attended:
    the ground is the misleading data `confirmed` at the hearing. Absent without a `good_reason`:
    the ground of ал.5. Absent with a good reason: no ground; the applicant is heard another day.
    The 3-year bar of ал.6 ("умишлено е укрил ... и/или с умисъл е предоставил документи с невярно
    съдържание", rules.ban_ends) is a further finding of intent, taken only once this is True.
    """
    if attended is None:
        return False
    if attended:
        return bool(confirmed)
    return not good_reason


# --- The written exam -------------------------------------------------------------------------

EXAM_DURATION_MINUTES = 180  # 004 (written exam) ал.7: "3 часа, независимо от нивото"
LATE_MINUTES_ALLOWED = 10
MIN_CANDIDATES_PER_SESSION = 2


def admitted_to_exam(minutes_late):
    """The invigilator bars a candidate "когато закъснението е над 10 минути" (004 (written exam)
    ал.10 т.4): 10 minutes late is admitted, more is not. `minutes_late` is a number of minutes or a
    timedelta, and counts exactly: 10 minutes and 1 second is over 10 minutes. Early (negative) or
    on time is admitted."""
    if isinstance(minutes_late, datetime.timedelta):
        return minutes_late <= datetime.timedelta(minutes=LATE_MINUTES_ALLOWED)
    return minutes_late <= LATE_MINUTES_ALLOWED


def session_may_be_held(candidates):
    """ "Забранява се провеждането на писмен изпит за по-малко от двама кандидати" (004 (written
    exam) ал.13): a session needs at least two candidates. `candidates` is the number the
    invigilator identified and let in (ал.10 т.1 and т.4): those seated but absent or more than 10
    minutes late do not sit it, so they do not count."""
    return candidates >= MIN_CANDIDATES_PER_SESSION


def _level(level):
    code = level.strip().upper().translate(_LOOKALIKES) if isinstance(level, str) else level
    if code not in LEVELS:
        raise ValueError(f"no IPMA level {level!r}: one of {', '.join(LEVELS)}")
    return code


def assessors_required(level):
    """Written exams are marked "от най-малко един оценител за ниво D и поне двама оценители за ниво
    С" (004 (marking of the written exam) ал.1). Level B has no written exam (004 (written exam)
    ал.1: levels D and C sit it): ValueError, as for an unknown level. A Cyrillic С or В is read as
    the Latin letter."""
    code = _level(level)
    if code == "B":
        raise ValueError("level B has no written exam")
    return {"D": 1, "C": 2}[code]


FIRST_MARK = "first_mark"
SECOND_MARK = "second_mark"
CONSENSUS = "consensus"
ARBITER = "arbiter"
MARK_DIFFERENCE_THRESHOLD = 20


@dataclass(frozen=True)
class Reconciliation:
    """A written exam's final mark, or what is still needed to reach it: None when `final` is set,
    else FIRST_MARK, SECOND_MARK, CONSENSUS or ARBITER."""

    final: float | None
    needs: str | None


def _mark(value, what="a mark"):
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        raise ValueError(f"{what} is a number from 0 to 100, not {value!r}")
    return value


def reconcile(marks, *, level, agreed=None, cannot_agree=False, arbiter=None, threshold=20):
    """The final mark of a written exam from its assessors' individual marks (004 (marking of the
    written exam) ал.1-2): "Оценяването на резултатите от писмения изпит се извършва от най-малко
    един оценител за ниво D и поне двама оценители за ниво С"; "Когато е налице разминаване в
    оценката на двама оценители с по-малко от 20%, крайната оценка се формира като
    средно-аритметично ... Във всеки друг случай, оценителите се стремят да постигнат консенсус ...
    Когато това е невъзможно, се назначава трети оценител-арбитър. Крайната оценка в тези случаи е
    средно-аритметично от оценките на тримата оценители."

    - No mark yet: FIRST_MARK is needed. One mark is final for level D; level C needs a second
      (ал.1).
    - The marks differing by less than `threshold` → their mean, whatever else was recorded (a
      consensus or arbiter recorded before an assessor corrected a mark no longer counts). Reading of
      "20%": 20 percentage points of the 0-100 scale (not 20% of either mark); the threshold is a
      parameter so that the app keeps it as a setting. The difference is rounded to 9 decimals so
      that 70.1 and 50.1 differ by 20, not 19.999999999999996.
    - Otherwise `agreed`, the assessors' consensus mark, is final; until it is recorded, or the
      assessors record that they cannot agree (`cannot_agree`), a consensus is needed.
    - They cannot agree: an arbiter is needed; with the `arbiter`'s mark, the final is the mean of
      the assessors' marks and the arbiter's.

    More than two markers: ал.1 sets a minimum ("най-малко", "поне"), so the Board may appoint more;
    ал.2 speaks of two. The site's reading for three or more: every two of them must differ by less
    than `threshold` (the highest minus the lowest), and the mean is of all the marks; otherwise
    consensus, then an arbiter, and the arbiter's mark joins the mean of all ("средно-аритметично
    от оценките на" every assessor who marked).

    Marks are numbers from 0 to 100. ValueError for level B (no written exam), a consensus mark
    together with `cannot_agree`, or an arbiter's mark without `cannot_agree`.
    """
    code = _level(level)
    required = assessors_required(code)
    marks = [_mark(m) for m in marks]
    if not 0 < threshold <= 100:
        raise ValueError("the threshold is more than 0 and at most 100 points")
    if agreed is not None:
        _mark(agreed, "the consensus mark")
        if cannot_agree:
            raise ValueError("a consensus mark, yet the assessors recorded they cannot agree")
    if arbiter is not None:
        _mark(arbiter, "the arbiter's mark")
        if not cannot_agree:
            raise ValueError("an arbiter is appointed only when the assessors cannot agree")
    if not marks:
        return Reconciliation(None, FIRST_MARK)
    if len(marks) < required:
        return Reconciliation(None, SECOND_MARK)
    if round(max(marks) - min(marks), 9) < threshold:
        return Reconciliation(sum(marks) / len(marks), None)
    if agreed is not None:
        return Reconciliation(float(agreed), None)
    if not cannot_agree:
        return Reconciliation(None, CONSENSUS)
    if arbiter is None:
        return Reconciliation(None, ARBITER)
    return Reconciliation((sum(marks) + arbiter) / (len(marks) + 1), None)


def round_mark(value, decimals):
    """The final mark as stored, shown and compared with the pass mark: rounded ONCE, half up, to
    `decimals` places (the setting MARK_DECIMALS). 004 sets no precision and no rounding; this is
    the site's choice, so that the mark on the page and the pass decision never disagree (59.95 is
    60.0 and passes a pass mark of 60; 59.949 is 59.9 and does not).

    The mean of marks is computed in binary floating point, so the value is first read back at 9
    decimals (as `reconcile` reads a difference): (59.9 + 60.0) / 2 is 59.95, not 59.9499999...
    None stays None."""
    if value is None:
        return None
    exact = Decimal(str(round(float(value), 9)))
    return float(exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


class TooManyDecimals(ValueError):
    """A mark typed with more decimals than the precision in force."""


def parse_mark(text, decimals):
    """A mark as typed (a dot or a comma before the decimals) → a number from 0 to 100 with at most
    `decimals` decimal places, or ValueError saying which of the two it is not. The same precision
    as `round_mark`: an assessor cannot type a mark the page would show otherwise."""
    text = str(text).strip()
    # ASCII digits only: Decimal() also reads '٣' and full-width digits, and exponents ('1e1').
    if not re.fullmatch(r"[0-9]+(?:[.,][0-9]+)?", text):
        raise ValueError("not a number")
    try:
        number = Decimal(text.replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ValueError("not a number") from None
    if not number.is_finite() or not 0 <= number <= 100:
        raise ValueError("not a number from 0 to 100")
    if -number.normalize().as_tuple().exponent > decimals:
        raise TooManyDecimals(f"at most {decimals} decimals")
    return float(number)


def passed(final, pass_mark):
    """Whether a final mark passes: at least the pass mark, a setting: 004 sets no pass mark, only
    that "Единствено кандидатът, който е преминал успешно писмения изпит, има право да участва в
    по-нататъшната процедура" (004 (marking of the written exam) ал.12)."""
    return final >= pass_mark


# --- Publication ------------------------------------------------------------------------------

MARKS_KNOWN_DAYS_BEFORE_NEXT_STAGE = 14


def results_disclosable(marks, passed):
    """Whether a cohort's marks may be published by candidate ID at all (004 (marking of the written
    exam) ал.5-7). Ал.6: "Когато има основание да се счита, че поради малкия брой на успешно
    преминалите процеса на сертификация или поради малкия брой на явилите се кандидати, е възможно
    установяването на персоналните оценки на кандидатите, ал. 5 не се прилага и не се допуска
    публикуването на данни за получените оценки"; ал.7: "Данни, които обобщават резултатите за
    по-малко от три лица, или статистически данни и оценки, в които относителният дял на едно лице е
    над 85 на сто от общия обем не могат да бъдат разгласявани".

    `marks` are the cohort's final marks (0-100) and `passed` says, for each, whether its candidate
    passed (the written exam: the mark against the pass mark in force; levels C and B: the assessors'
    recommendation). Both grounds of ал.6 are checked, with ал.7's figures: at least three candidates,
    no mark over 85% of their total (`share_disclosable`), and at least three who passed and three
    who did not, unless none (`figure_disclosable`: the certificate register later names those who
    pass, so one or two who passed, or one or two left out, are identifiable). When this is False,
    nothing about the marks is published, not even pass or fail by ID: the results are communicated
    to each candidate individually. ValueError when the two lists differ in length."""
    marks = [_mark(m) for m in marks]
    passed = [bool(p) for p in passed]
    if len(passed) != len(marks):
        raise ValueError("one outcome per mark")
    if len(marks) < MIN_PERSONS_PER_FIGURE or not share_disclosable(marks):
        return False
    passing = sum(passed)
    return disclosable({"pass": passing, "fail": len(marks) - passing})


def next_stage_allowed_from(marks_known_on):
    """The first day the next stage may be held for a candidate whose marks became known on
    `marks_known_on`: "Оценката следва да бъде достояние на кандидатите поне две седмици преди
    провеждането на следващите изпитни процедури" (004 (marking of the written exam) ал.8). Two
    weeks are 14 days: published 1 June, the next stage may be on 15 June, not on 14 June."""
    return add_time(marks_known_on, days=MARKS_KNOWN_DAYS_BEFORE_NEXT_STAGE)
