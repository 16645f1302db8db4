"""Bulgarian law's rules on counting terms, for every body's deadlines (certification's, the centres'
blanks, ...): which days are working days, and where a term that ends on a day off ends. One function
each, citing its source, as in every `*_rules.py` module."""

import datetime

from portal.dates import bulgarian_calendar


def is_working_day(day):
    """A Bulgarian working day: not a Saturday or Sunday, and not an official holiday or day off
    (Кодекс на труда, чл. 154, with the days moved when a holiday falls on a weekend, and the
    Orthodox Easter days), as the `holidays` package lists them for "BG"; a Saturday it lists as a
    working one is working. Days off the Council of Ministers declares are included only if the
    package knows them."""
    return bulgarian_calendar(day.year).is_working_day(day)


def deadline_moved_off_day_off(last_day):
    """The last day of a term, moved off a day off: "Когато последният ден на срока е неприсъствен,
    срокът изтича в първия следващ присъствен ден" (ЗЗД чл. 72 ал. 3; ГПК чл. 60 ал. 6 says the same
    for court terms). A working day (`is_working_day`) is returned as it is; a Saturday, a Sunday or
    an official holiday moves to the first working day after it (Saturday 10 October 2026 → Monday
    12 October; Orthodox Good Friday 10 April 2026 → Tuesday 14 April, after Easter Monday)."""
    day = last_day
    while not is_working_day(day) and day < datetime.date.max:  # the calendar's end stops the move
        day += datetime.timedelta(days=1)
    return day
