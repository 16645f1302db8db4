"""Dates, moments, numbers and language names the reader's way, through Babel (CLDR), in one place:
the Jinja filters and the Python messages use the same functions, so a page and a message agree.

Bulgarian: "30.11.2026 г.", "30.11.2026 г., 14:05", "1 234", "72,5", "български".
English (British conventions, as for an EU reader): "30 Nov 2026", "30 Nov 2026, 14:05", "1,234",
"72.5", "Bulgarian". Years always have four digits (CLDR's "short" date has two: never used here)."""

import datetime
from decimal import Decimal

from babel import Locale, dates, numbers

# The language the site speaks → the CLDR locale its figures follow.
FORMAT_LOCALES = {"bg": "bg", "en": "en_GB"}


def current_locale():
    """The Babel locale for the current language (the request's, or force_locale's), or Bulgarian
    where there is none (no app context)."""
    from flask import has_app_context

    code = "bg"
    if has_app_context():
        from flask_babel import get_locale

        found = get_locale()
        if found is not None:
            code = found.language
    return _locale(FORMAT_LOCALES.get(code, code))


def _locale(code):
    return Locale.parse(code)


def format_day(value, fmt="medium", locale=None):
    """A date: "30.11.2026 г." / "30 Nov 2026" ("medium"), or "30 ноември 2026 г." ("long");
    an ISO string (from an export) too; "" for none."""
    if not value:
        return ""
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if fmt == "short":  # CLDR's short date has a two-digit year ("30.11.26 г."): never shown
        fmt = "medium"
    return dates.format_date(value, fmt, locale=locale or current_locale())


def format_moment(value, locale=None):
    """A moment in the site's time zone: the medium date and the short time ("30.11.2026 г., 14:05").
    A naive value is UTC (as stored). One within hours of the calendar's ends (a stored
    9999-12-31T23:59) cannot move zones, and is shown as stored rather than failing."""
    if not value:
        return ""
    locale = locale or current_locale()
    pattern = (
        str(locale.datetime_formats["medium"])
        .replace("{1}", locale.date_formats["medium"].pattern)
        .replace("{0}", locale.time_formats["short"].pattern)
    )
    try:
        return dates.format_datetime(value, pattern, tzinfo=_time_zone(), locale=locale)
    except OverflowError:
        return dates.format_datetime(value.replace(tzinfo=None), pattern, locale=locale)


def _time_zone():
    from flask import has_app_context

    if has_app_context():
        from flask_babel import get_timezone

        return get_timezone()
    return dates.get_timezone("Europe/Sofia")


def format_number(value, decimals=None, locale=None):
    """A figure with the language's separators ("12 345,6" / "12,345.6"). `decimals`: exactly that
    many places (the value is expected already rounded, as marks are: no second rounding here);
    None: an integer as is, a fraction with up to 3 places. None or "" stays "—"."""
    if value is None or value == "":
        return "—"
    locale = locale or current_locale()
    if decimals is None:
        return numbers.format_decimal(value, locale=locale)
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    number = Decimal(str(value)) if isinstance(value, float) else value
    return numbers.format_decimal(number, format=pattern, locale=locale, decimal_quantization=True)


def format_size(size, locale=None):
    """A file's size in KiB with one decimal ("12,3 KiB")."""
    if size is None:
        return "—"
    return f"{format_number(round(size / 1024, 1), 1, locale)}\u00a0KiB"


def language_name(code, locale=None):
    """A language's name in the reader's language ("български", "Bulgarian") for its code; an
    unknown code is shown as given."""
    if not code:
        return ""
    locale = locale or current_locale()
    return locale.languages.get(str(code).strip().lower(), str(code))


def locale_for(language):
    """The Babel locale for one of the site's languages ("bg", "en"), for a document made in a
    given language whatever the reader's (a certificate)."""
    return _locale(FORMAT_LOCALES.get(language, language))
