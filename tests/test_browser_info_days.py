"""Information days in Chromium (issue 17 part B): a person registers for a day (consent ticked),
opens the cancel link from the confirmation mail, confirms, and the place is free again; the pages
fit a phone."""

import datetime
import re

import pytest

from certification.outreach.models import InfoDayRegistration
from portal.mail import outbox
from tests.outreach_factories import make_day, make_schedule
from tests.test_browser import _idle, live_server  # noqa: F401
from tests.test_browser_documents import _login, _user
from tests.test_browser_phone import _too_wide

pytestmark = pytest.mark.browser

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips or fails with the reason
    expect = None


def _no_axe_violations(page):
    """axe-core finds nothing on the page as it stands (the day's page and the cancel page are not in
    PUBLIC_PAGES: they need a day)."""
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page)
    assert not result.violations_count, result.generate_report()


def test_a_person_registers_for_an_information_day_and_cancels(browser, live_server, app):  # noqa: F811
    future = datetime.date.today() + datetime.timedelta(days=20)
    with app.app_context():
        make_day(make_schedule(year=future.year), day=future, capacity=2, topic="Level D explained")

    context = browser.new_context(locale="en-GB", bypass_csp=True)  # axe
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server}/lang/en?next=/certification/information-days")
    page.wait_for_url(re.compile(r"/certification/information-days$"))
    expect(page.locator("main")).to_contain_text("2 places left")
    page.click("text=Level D explained")
    _idle(page)
    _no_axe_violations(page)
    page.fill("#full_name", "Тест Посетител")
    page.fill("#email", "visitor@example.com")
    page.click("#registration button[type=submit]")  # without consent: refused, nothing lost
    _idle(page)
    expect(page.locator("#field-consent .error")).to_be_visible()
    expect(page.locator("#email")).to_have_value("visitor@example.com")
    page.check("#consent")
    page.click("#registration button[type=submit]")
    _idle(page)
    expect(page.locator("#registration")).to_contain_text("You are registered")
    expect(page.locator("main")).not_to_contain_text("visitor@example.com")

    with app.app_context():
        body = outbox()[-1].get_content()
    link = re.search(r"https?://\S+/information-days/cancel/\S+", body).group(0)
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(link)
    _idle(page)
    assert _too_wide(page) <= 0
    expect(page.locator("main")).to_contain_text("Do you want to cancel")
    _no_axe_violations(page)
    page.click("main form button[type=submit]")
    _idle(page)
    expect(page.locator("main")).to_contain_text("Your registration is cancelled")
    page.goto(f"{live_server}/certification/information-days")
    _idle(page)
    assert _too_wide(page) <= 0
    expect(page.locator("main")).to_contain_text("2 places left")
    context.close()
    with app.app_context():
        assert InfoDayRegistration.get().cancelled_at is not None


def test_the_board_adopts_a_schedule_on_a_phone(browser, live_server, app):  # noqa: F811
    """The Board records its decision and adds a day at 320 px; the warning is gone."""
    future = datetime.date.today() + datetime.timedelta(days=40)
    with app.app_context():
        _user("board@example.com", "board")
    context, page = _login(browser, live_server, "board@example.com")
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{live_server}/certification/information-days/schedules")
    _idle(page)
    expect(page.locator("main .warning")).to_be_visible()
    page.fill("#year", str(future.year))
    page.fill("#decision_number", "5")
    page.fill("#decision_date", datetime.date.today().isoformat())
    page.click("#schedules > form button[type=submit]")
    _idle(page)
    page.click("#schedules details summary")
    page.fill("input[id$='-day']", future.isoformat())
    page.fill("input[id$='-starts_at']", "14:30")
    page.fill("input[id$='-topic']", "Level B on a phone")
    page.fill("input[id$='-place']", "Varna")
    page.fill("input[id$='-capacity']", "12")
    page.click("#schedules details button[type=submit]")
    _idle(page)
    expect(page.locator("#schedules table")).to_contain_text("Level B on a phone")
    expect(page.locator("main .warning")).to_have_count(0)
    assert _too_wide(page) <= 0
    context.close()
