"""A centre's blanks in Chromium (issue 16 part 1): the centre enters a handover protocol with a range
and its scan, marks one blank spoiled and confirms last year's report; NAPOO sees it confirmed. The
centre's blanks page fits a 320 px phone."""

import datetime

import pytest

from register.blanks.models import BlankReport
from register.documents.models import CentreAccount
from tests.factories import make_licence
from tests.test_browser import _idle, live_server  # noqa: F401
from tests.test_browser_documents import PNG, _login, _user

pytestmark = pytest.mark.browser

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips or fails with the reason
    expect = None


def test_a_centre_enters_marks_and_confirms_and_napoo_sees_it(browser, live_server, app):  # noqa: F811
    last_year = datetime.date.today().year - 1
    with app.app_context():
        licence = make_licence(number="201900001")
        centre_id, centre_name = licence.centre_id, licence.centre.name
        CentreAccount.create(user=_user("director@example.com", "centre"), centre=centre_id)
        _user("officer@example.com", "napoo_officer")

    context, page = _login(browser, live_server, "director@example.com")
    page.goto(f"{live_server}/centre/{centre_id}/blanks")
    page.click("text=Enter a handover protocol")
    page.fill("#protocol-form input[name=number]", "ПП-1")
    page.fill("#protocol-form input[name=drawn_up_on]", f"{last_year}-03-02")
    page.fill("#protocol-form input[name=other_party]", "Печатница")
    page.select_option("#protocol-form select[name=kind]", "qualification")
    page.fill("#protocol-form input[name=series]", "А-25")
    page.fill("#protocol-form input[name=first_number]", "1000")
    page.fill("#protocol-form input[name=last_number]", "1049")
    page.set_input_files(
        "#protocol-form input[name=scan]",
        files=[{"name": "protocol.png", "mimeType": "image/png", "buffer": PNG}],
    )
    with page.expect_navigation():
        page.click("#protocol-form button[type=submit]")
    expect(page.locator("main")).to_contain_text("protocol.png")

    page.goto(f"{live_server}/centre/{centre_id}/blanks/mark")
    page.select_option("#mark-form select[name=state]", "spoiled")
    page.fill("#mark-form input[name=series]", "А-25")
    page.fill("#mark-form input[name=first_number]", "1001")
    page.fill("#mark-form input[name=last_number]", "1001")
    with page.expect_navigation():
        page.click("#mark-form button[type=submit]")
    _idle(page)
    row = page.locator("#ranges tbody tr")
    expect(row).to_contain_text("1000–1049")
    expect(row).to_contain_text("49")  # unused

    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320

    page.click("text=Open the report")
    expect(page.locator("#report-figures")).to_contain_text("50")
    with page.expect_navigation():
        page.click("#confirm-report button")
    expect(page.locator("#report-state")).to_contain_text("Confirmed on")
    context.close()
    with app.app_context():
        assert BlankReport.of(centre_id, last_year) is not None

    officer_context, officer = _login(browser, live_server, "officer@example.com")
    officer.goto(f"{live_server}/staff/blanks/")
    expect(officer.locator("#reports")).to_contain_text(centre_name)
    expect(officer.locator("#reports")).to_contain_text("confirmed on")
    officer_context.close()
