"""Dates, numbers and language names the reader's way, through Babel, on every page and in every
message: four-digit years, no "г.." where a sentence ends on a date, grouped figures and a decimal
comma in Bulgarian, and a language's name rather than its code."""

import datetime
import re

import pytest
from babel import Locale

from certification.models import Certificate
from portal import formats
from register import rules
from tests.factories import make_licence
from tests.test_certificates import _issue, passed  # noqa: F401 - passed: a fixture
from tests.test_certification import log_in

BG, EN = formats.locale_for("bg"), formats.locale_for("en")
TWO_DIGIT_YEAR = re.compile(r"(?<![\d.])\d{1,2}[./]\d{1,2}[./]\d\d(?![\d.])")


def _plain(text):
    """`text` with Babel's no-break spaces as spaces, so expectations read naturally."""
    return text.replace("\u202f", " ").replace("\u00a0", " ")


# --- the formatting functions, at their edges ------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "locale", "expected"),
    [
        (datetime.date(2026, 11, 30), BG, "30.11.2026 г."),
        (datetime.date(2015, 3, 2), BG, "2.03.2015 г."),  # CLDR's Bulgarian: no leading zero on the day
        (datetime.date(2026, 11, 30), EN, "30 Nov 2026"),
        (datetime.date(1999, 1, 1), EN, "1 Jan 1999"),
        ("2026-11-30", BG, "30.11.2026 г."),  # an ISO string from an export
        (datetime.datetime(2026, 11, 30, 23, 30), BG, "30.11.2026 г."),  # a moment's day, as stored
    ],
)
def test_a_day_has_a_four_digit_year(day, locale, expected):
    assert _plain(formats.format_day(day, locale=locale)) == expected


def test_a_short_day_still_has_four_digits():
    """CLDR's "short" date is "30.11.26 г.": asked for, it is the medium one."""
    assert _plain(formats.format_day(datetime.date(2026, 11, 30), "short", BG)) == "30.11.2026 г."


def test_a_long_day_names_the_month():
    assert _plain(formats.format_day(datetime.date(2026, 11, 30), "long", BG)) == "30 ноември 2026 г."
    assert formats.format_day(datetime.date(2026, 11, 30), "long", EN) == "30 November 2026"


@pytest.mark.parametrize("empty", [None, ""])
def test_no_day_is_an_empty_string(empty):
    assert formats.format_day(empty) == "" and formats.format_moment(empty) == ""


def test_a_moment_is_shown_in_sofia_time_with_a_four_digit_year(app):
    """A stored (naive, UTC) moment in the site's time zone: 22:30 UTC on 30 November is 00:30 on
    1 December in Sofia (UTC+2 in winter)."""
    stored = datetime.datetime(2026, 11, 30, 22, 30)
    with app.app_context():
        assert _plain(formats.format_moment(stored, BG)) == "1.12.2026 г., 0:30"
        assert formats.format_moment(stored, EN) == "1 Dec 2026, 00:30"
        summer = datetime.datetime(2026, 7, 1, 9, 5)  # UTC+3
        assert _plain(formats.format_moment(summer, BG)) == "1.07.2026 г., 12:05"


def test_a_moment_at_the_end_of_the_calendar_is_shown_as_stored(app):
    """9999-12-31T23:59 cannot move to UTC+2: shown as stored, never an OverflowError."""
    with app.app_context():
        assert _plain(formats.format_moment(datetime.datetime(9999, 12, 31, 23, 59), BG)) == (
            "31.12.9999 г., 23:59"
        )


@pytest.mark.parametrize(
    ("value", "decimals", "bg", "en"),
    [
        (7, None, "7", "7"),
        (999, None, "999", "999"),
        (12345, None, "12 345", "12,345"),
        (1234567, None, "1 234 567", "1,234,567"),
        (72.5, 1, "72,5", "72.5"),
        (60, 1, "60,0", "60.0"),
        (59.9, 1, "59,9", "59.9"),
        (0, 0, "0", "0"),
        (100.0, 2, "100,00", "100.00"),
        (None, None, "—", "—"),
    ],
)
def test_figures_use_the_languages_separators(value, decimals, bg, en):
    assert _plain(formats.format_number(value, decimals, BG)) == bg
    assert formats.format_number(value, decimals, EN) == en


def test_a_size_in_kib():
    assert _plain(formats.format_size(12_595, BG)) == "12,3 KiB"
    assert _plain(formats.format_size(2_000_000, EN)) == "1,953.1 KiB"


@pytest.mark.parametrize(
    ("code", "locale", "name"),
    [("bg", BG, "български"), ("en", BG, "английски"), ("bg", EN, "Bulgarian"), ("EN", EN, "English")],
)
def test_a_language_is_named_in_the_readers_language(code, locale, name):
    assert formats.language_name(code, locale) == name


def test_an_unknown_language_code_is_shown_as_given():
    assert formats.language_name("zz-unknown", Locale.parse("bg")) == "zz-unknown"
    assert formats.language_name("", BG) == ""


def test_the_filters_follow_the_visitors_language(app):
    """Outside a request (the CLI, mail), the site's language; in a request, the visitor's."""
    with app.test_request_context(headers={"Cookie": "lang=en"}):
        assert formats.format_day(datetime.date(2026, 11, 30)) == "30 Nov 2026"
        assert formats.format_number(12345) == "12,345"
    with app.test_request_context():
        assert _plain(formats.format_day(datetime.date(2026, 11, 30))) == "30.11.2026 г."
        assert _plain(formats.format_number(12345)) == "12 345"


def test_an_integer_in_a_message_is_grouped(app):
    """`%(num)d` in a template's message gets Babel's grouping, the catalogue's msgid unchanged."""
    with app.test_request_context():
        template = app.jinja_env.from_string(
            '{{ ngettext("%(num)d licence", "%(num)d licences", n) }}|{{ _("page %(page)d", page=n) }}'
        )
        assert _plain(template.render(n=12345)) == "12 345 лицензии|страница 12 345"
        assert _plain(template.render(n=1)) == "1 лицензия|страница 1"


# --- the pages, in Bulgarian, with dated records ----------------------------------------------------


@pytest.fixture
def dated(app, client, passed):  # noqa: F811 - the imported fixture
    """A certificate issued (its exam, marks, report and decision dated), an active licence and a
    revoked one with its archive; the visitor reads Bulgarian."""
    app.config["SITE_LANGUAGE"] = "bg"
    client.set_cookie("lang", "bg")
    issued = _issue(app, passed)
    with app.app_context():
        make_licence(number="202300001", licence_date="2015-03-02")
        make_licence(number="202300002", status=rules.REVOKED, archive=True)
        certificate = Certificate.get_by_id(issued.id)
    session, ids, board = passed
    return {"certificate": certificate, "session": session, "ids": ids}


def _pages_in_bulgarian(app, client, dated):
    certificate, session = dated["certificate"], dated["session"]
    public = [
        "/",
        "/licences/",
        "/licences/revoked",
        "/licences/202300001",
        "/licences/202300002",
        "/data/",
        "/certificates/",
        f"/certificates/{certificate.number}",
        "/certification/results/",
        f"/certification/results/{session.id}",
        "/certification/schedule",
        "/certification/assessors",
    ]
    for path in public:
        yield path, client.get(path)
    log_in(client, app, "group@example.com")
    for path in ["/certification/applications/", f"/certification/applications/{certificate.application_id}"]:
        yield path, client.get(path)
    log_in(client, app, "board.cert@example.com")
    yield "board", client.get(f"/certification/applications/{certificate.application_id}")


def test_no_page_shows_a_two_digit_year_or_a_doubled_dot(app, client, dated):
    """The public and staff pages in Bulgarian, each with dates on it: every date has four digits,
    and a sentence ending on a date ends on its "г." (no "г..")."""
    seen_dates = 0
    for path, response in _pages_in_bulgarian(app, client, dated):
        assert response.status_code == 200, path
        text = _plain(response.text)
        assert "г.." not in text, path
        assert not TWO_DIGIT_YEAR.search(text), (path, TWO_DIGIT_YEAR.search(text).group())
        seen_dates += len(re.findall(r"\d{1,2}\.\d\d\.\d{4} г\.", text))
    assert seen_dates >= 10  # the pages did show dates, so the assertions above mean something


def test_a_message_ending_on_a_date_has_one_dot(app, dated):
    """A refusal whose Bulgarian sentence ends on a date: "… от 30.11.2026 г." (the service's date
    formatted as the pages format it, the catalogue's full stop dropped for it)."""
    from flask_babel import gettext

    with app.test_request_context():
        day = formats.format_day(datetime.date(2026, 11, 30))
        message = gettext("An appeal could be filed until %(day)s.", day=day)
    assert _plain(message) == "Жалба можеше да се подаде до 30.11.2026 г."


def test_the_certificate_page_names_the_language_and_marks_use_a_decimal_comma(app, client, dated):
    certificate, session = dated["certificate"], dated["session"]
    page = _plain(client.get(f"/certificates/{certificate.number}").text)
    assert re.search(r"<dd>български</dd>", page) and "<dd>bg</dd>" not in page
    client.set_cookie("lang", "en")
    assert "<dd>Bulgarian</dd>" in client.get(f"/certificates/{certificate.number}").text
    log_in(client, app, "group@example.com")  # the session's marks (too few sat to publish them)
    client.set_cookie("lang", "bg")
    marks = _plain(client.get(f"/certification/sessions/{session.id}").text)
    assert "72,0" in marks and "72.0" not in marks  # the passed candidate's mark (72)
    client.set_cookie("lang", "en")
    assert "72.0" in client.get(f"/certification/sessions/{session.id}").text


def test_the_data_page_shows_sizes_and_the_licence_count_groups_its_figures(app, client, dated):
    page = _plain(client.get("/data/").text)
    assert re.search(r"\d+,\d KiB", page) and not re.search(r"\d+\.\d KiB", page)
    assert re.search(r"\d{1,2}\.\d\d\.\d{4} г\., \d{1,2}:\d\d", page)  # when the files were written


def test_the_outbox_shows_when_a_mail_was_written_the_readers_way(app, client, login, tmp_path):
    """The unsent mail's Date header (RFC 2822, UTC) is shown as a moment in Sofia time, not raw."""
    from portal.mail import send_mail

    app.config["MAIL_OUTBOX_DIR"] = str(tmp_path / "outbox")
    with app.test_request_context():
        send_mail("someone@example.com", "Тема", "Текст")
    login("admin")
    client.set_cookie("lang", "bg")
    page = _plain(client.get("/staff/outbox").text)
    assert "+0000" not in page and re.search(r"\d{1,2}\.\d\d\.\d{4} г\., \d{1,2}:\d\d", page)
