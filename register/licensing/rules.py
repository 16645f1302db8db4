"""The licensing procedure's legal rules: one function each, named after the rule, citing its source.

Source: NAPOO's description of the procedure, `000` in shared/seeds (DOMAIN.md A), steps 5 and 6.
"""

import datetime
from dataclasses import dataclass

from register.rules import add_months, add_time

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
    """Where the licensing term stands on a day."""

    filed_on: datetime.date
    due_on: datetime.date  # the last day of the term (while paused: if the term ran again today)
    days_left: int  # from `today` to due_on; negative when overdue; frozen while paused
    paused: bool
    paused_days: int

    @property
    def overdue(self):
        return not self.paused and self.days_left < 0


def licensing_term(filed_on, pauses, today):
    """The 3-month licensing term (000, step 5: "from the filing of the application the 3-month term
    for licensing starts to run") and its pauses (000, step 6: "in the period set for removing the
    irregularities, the 3-month term stops running"): from the letter until the fixes are filed, or
    until the deadline set for them if they are filed later or not at all.

    Months are calendar months: the term ends on the filing day's number three months on, or on the
    last day of that month when it has no such day (filed 30 November → 28/29 February; 31 January →
    30 April). Each day of a pause moves the end one day later. Raises ValueError for a pause before
    the filing or pauses that overlap.
    """
    paused_days, paused = 0, False
    previous_end = filed_on
    for pause in sorted(pauses, key=lambda p: p.letter_on):
        if pause.letter_on < previous_end:
            raise ValueError("a pause starts before the filing or before the previous pause ended")
        if pause.deadline < pause.letter_on:
            raise ValueError("the deadline for the fixes is before the letter")
        end = pause.end(today)
        if end is None:  # still paused: counted up to today, so the days left stay as they were
            paused = True
            end = max(today, pause.letter_on)
        paused_days += (end - pause.letter_on).days
        previous_end = end
    due_on = add_time(add_months(filed_on, LICENSING_TERM_MONTHS), days=paused_days)
    return Term(filed_on, due_on, (due_on - today).days, paused, paused_days)
