"""Calendar arithmetic every workflow shares: the UTC timestamp, months added to a day, and a time
added without overflowing the calendar. Helpers, not rules: a term a rule sets is computed in the
rule's own module (register/rules.py, certification/rules.py, ...) with these."""

import calendar
import datetime


def utcnow():
    """Timestamps are stored in UTC, naive."""
    return datetime.datetime.now(datetime.UTC).replace(tzinfo=None)


def add_months(day, months):
    """The same day of the month `months` later, clamped to that month's last day; held at the
    calendar's ends (1 January of year 1, 31 December 9999), so that an odd stored date (year
    9999) gives an odd answer on the page, never an error."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    if not datetime.MINYEAR <= year <= datetime.MAXYEAR:
        return _calendar_end(day, forward=year > datetime.MAXYEAR)
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def add_time(moment, delta=None, **units):
    """`moment` (a date or a datetime) plus a timedelta (or timedelta's `days=`, `minutes=`...),
    held at the calendar's ends like add_months: date + timedelta overflows past year 9999."""
    delta = delta if delta is not None else datetime.timedelta(**units)
    try:
        return moment + delta
    except OverflowError:
        return _calendar_end(moment, forward=delta > datetime.timedelta(0))


def _calendar_end(moment, forward):
    """The last (or first) day or moment of the calendar, of `moment`'s own type."""
    return type(moment).max if forward else type(moment).min
