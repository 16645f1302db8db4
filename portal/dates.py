"""Calendar arithmetic every workflow shares: the UTC timestamp, months added to a day, a time
added without overflowing the calendar, and Bulgarian working days. Helpers, not rules: a term a rule
sets is computed in the rule's own module (register/rules.py, certification/rules.py, ...) with
these, and what a working day is stays a rule there (certification.rules.is_working_day)."""

import calendar
import datetime
import functools

import holidays


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


@functools.cache
def bulgarian_calendar(year):
    """The `holidays` package's Bulgarian calendar of a year: its official holidays and days off,
    and the Saturdays it lists as working ones."""
    return holidays.country_holidays("BG", years=year)


def working_days_after(start, count):
    """The `count`-th working day after `start` (`start` itself never counts, whether or not it is
    a working day). Raises ValueError when `count` is below 1."""
    if count < 1:
        raise ValueError("count working days from 1")
    day = start
    while count and day < datetime.date.max:  # an odd stored 9999-12-31 ends the count there
        day += datetime.timedelta(days=1)
        if bulgarian_calendar(day.year).is_working_day(day):
            count -= 1
    return day
