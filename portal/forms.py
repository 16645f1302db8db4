"""Forms for accounts, and the date range every form's dates are checked against."""

import datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from portal.formats import format_day
from portal.web import parse_version

# A date typed in a form lies between these: no record of the register or of certification is
# older than 1900, and none is planned further ahead than this many years. Dates outside are
# typing slips (9999 for 2025), and a stored one would make every date computed from it
# (+ 3 months, + 5 years, + 50 years of archive retention) overflow.
EARLIEST_DATE = datetime.date(1900, 1, 1)
YEARS_AHEAD = 50


def latest_date(years_ahead=YEARS_AHEAD, today=None):
    """The last day a form takes: the end of the year `years_ahead` years from today."""
    return datetime.date((today or datetime.date.today()).year + years_ahead, 12, 31)


def in_range(value, earliest=EARLIEST_DATE, years_ahead=YEARS_AHEAD):
    """Whether a date (or a datetime's day) lies in the range forms take."""
    day = value.date() if isinstance(value, datetime.datetime) else value
    return earliest <= day <= latest_date(years_ahead)


class DateRange:
    """A validator for every DateField and DateTimeLocalField: the date lies between `earliest`
    and the end of the year `years_ahead` years from today (the defaults suit most dates; a field
    whose domain is narrower says so, e.g. an exam is at most a few years ahead)."""

    def __init__(self, earliest=EARLIEST_DATE, years_ahead=YEARS_AHEAD):
        self.earliest, self.years_ahead = earliest, years_ahead

    def __call__(self, form, field):
        """Refuse a date outside the range, with the range in the message."""
        if field.data is not None and not in_range(field.data, self.earliest, self.years_ahead):
            raise ValidationError(
                _l(
                    "Enter a date between %(earliest)s and %(latest)s.",
                    earliest=format_day(self.earliest),
                    latest=format_day(latest_date(self.years_ahead)),
                )
            )


def parse_date(text, earliest=EARLIEST_DATE, years_ahead=YEARS_AHEAD):
    """A YYYY-MM-DD date typed in a request, in the range forms take; ValueError otherwise (the
    views that parse raw form data use this, never date.fromisoformat, so no date escapes the range)."""
    day = datetime.date.fromisoformat((text or "").strip())
    if not in_range(day, earliest, years_ahead):
        raise ValueError(f"{day} is outside {earliest}..{latest_date(years_ahead)}")
    return day


def parse_datetime(text, fmt="%Y-%m-%dT%H:%M", earliest=EARLIEST_DATE, years_ahead=YEARS_AHEAD):
    """A date and time typed in a request (an <input type=datetime-local>), in the range forms
    take; ValueError otherwise."""
    moment = datetime.datetime.strptime((text or "").strip(), fmt)
    if not in_range(moment, earliest, years_ahead):
        raise ValueError(f"{moment} is outside {earliest}..{latest_date(years_ahead)}")
    return moment


class VersionField(HiddenField):
    """The version of the record the page showed (the optimistic lock), as an int. A garbled value
    reads as -1, so the service's lock answers it with its message (the record changed): no 500."""

    def process_formdata(self, valuelist):
        """Parse strictly (ASCII digits, within the column's range)."""
        self.data = parse_version(valuelist[0]) if valuelist else None


class LoginForm(FlaskForm):
    """E-mail and password."""

    email = EmailField(_l("E-mail"), validators=[DataRequired()])
    password = PasswordField(_l("Password"), validators=[DataRequired()])


class ForgotPasswordForm(FlaskForm):
    """The e-mail of an account whose password is forgotten."""

    email = EmailField(_l("E-mail"), validators=[DataRequired()])


class SetPasswordForm(FlaskForm):
    """A new password, twice."""

    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), Length(min=12, message=_l("At least 12 characters."))],
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )
