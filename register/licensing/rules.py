"""The licensing procedure's legal rules: one function each, named after the rule, citing its source.

Source: NAPOO's description of the procedure, `000` in shared/seeds (DOMAIN.md A), steps 5, 6 and 9.
"""

import datetime
from dataclasses import dataclass

from portal.dates import add_months, add_time

LICENSING_TERM_MONTHS = 3


@dataclass(frozen=True)
class Pause:
    """A letter listing irregularities: sent on `letter_on`, fixes due by `deadline`, filed on
    `fixed_on` (None while not filed)."""

    letter_on: datetime.date
    deadline: datetime.date
    fixed_on: datetime.date | None = None

    def end(self, today):
        """The day the term runs again: the fixes' filing, or the deadline if they came later or
        not at all; None while the pause goes on."""
        if self.fixed_on is not None and self.fixed_on <= self.deadline:
            return self.fixed_on
        if self.fixed_on is not None or self.deadline <= today:
            return self.deadline
        return None


@dataclass(frozen=True)
class Term:
    """Where the licensing term stands on a day (or stood on the day of the decision)."""

    filed_on: datetime.date
    due_on: datetime.date  # the last day of the term (while paused: if the term ran again today)
    days_left: int  # from `today` (or the decision) to due_on; negative when overdue; frozen while paused
    paused: bool
    paused_days: int
    decided_on: datetime.date | None = None  # the chair's order, the refusal or the withdrawal
    length: int = 0  # the term's days without pauses (three calendar months from the filing)

    @property
    def decided(self):
        return self.decided_on is not None

    @property
    def day(self):
        """The day of the term the decision came on (pauses not counted): 0 the filing day,
        `length` the last day of the term; None while undecided."""
        if self.decided_on is None:
            return None
        return (self.decided_on - self.filed_on).days - self.paused_days

    @property
    def in_time(self):
        """Whether the decision came by the last day of the term (None while undecided)."""
        if self.decided_on is None:
            return None
        return self.decided_on <= self.due_on

    @property
    def overdue(self):
        """Undecided, running and past its last day (a decided term is never overdue: it stopped)."""
        return self.decided_on is None and not self.paused and self.days_left < 0


def licensing_term(filed_on, pauses, today, decided_on=None):
    """The 3-month licensing term, the time NAPOO has to decide, on `today`, or as it stood on the
    day of the decision (`decided_on`: the chair's order, a refusal or a withdrawal), after which it
    no longer counts.

    000, step 5: „От момента на внасяне на заявлението в НАПОО започва да тече 3-месечния срок за
    лицензиране.“ Step 9 says what ends it: „При положителна оценка от експертите и експертната
    комисия председателят на НАПОО издава заповед за лицензиране.“ (the term is the time for that
    order; a refusal or a withdrawal ends the procedure as well).

    The pauses are a reading of step 6: „При наличие на нередовности, ще получите писмо за
    отстраняването им (в периода определен за отстраняването им, 3-месечния срок за лицензиране
    спира да тече).“ The site reads "the period set for removing them" as running from the letter
    until the fixes are filed, or until the deadline set in the letter if they are filed later or
    not at all, whichever is first (a pause still open on the day of the decision ends with it).

    Months are calendar months: the term ends on the filing day's number three months on, or on the
    last day of that month when it has no such day (filed 30 November → 28/29 February; 31 January →
    30 April). Each day of a pause moves the end one day later. Raises ValueError for a pause before
    the filing or pauses that overlap.
    """
    as_of = decided_on or today
    paused_days, paused = 0, False
    previous_end = filed_on
    for pause in sorted(pauses, key=lambda p: p.letter_on):
        if pause.letter_on < previous_end:
            raise ValueError("a pause starts before the filing or before the previous pause ended")
        if pause.deadline < pause.letter_on:
            raise ValueError("the deadline for the fixes is before the letter")
        end = pause.end(as_of)
        if end is None:  # still paused: counted up to today, so the days left stay as they were
            paused = decided_on is None
            end = max(as_of, pause.letter_on)
        elif decided_on is not None:  # a deadline after the decision: the pause ended with it
            end = max(min(end, decided_on), pause.letter_on)
        paused_days += (end - pause.letter_on).days
        previous_end = end
    end_of_months = add_months(filed_on, LICENSING_TERM_MONTHS)
    due_on = add_time(end_of_months, days=paused_days)
    length = (end_of_months - filed_on).days
    return Term(filed_on, due_on, (due_on - as_of).days, paused, paused_days, decided_on, length)


def speciality_is_licensed(expert_positive, committee_rejected):
    """Whether the chair's order includes a speciality (000, step 9: „При положителна оценка от
    експертите и експертната комисия председателят на НАПОО издава заповед за лицензиране. Ако по
    някоя от професиите/специалностите получите отрицателна оценка, тя няма да бъде включена в
    издадената Ви лицензия.“): only when the expert assessed it positively and the expert committee
    did not reject it."""
    return bool(expert_positive) and not committee_rejected
