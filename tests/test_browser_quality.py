"""The annual self-assessment in Chromium (issue 16 part 2): the centre records its graduates'
status at 12 months, scores and files its report on last year, and the public licence page shows
the employment indicator, never a graduate."""

import datetime
import re

import pytest

from register.documents.models import CentreAccount
from register.quality import services
from tests.factories import make_licence
from tests.quality_factories import make_graduates
from tests.test_browser import _idle, live_server  # noqa: F401
from tests.test_browser_documents import _login, _user
from tests.test_browser_phone import _too_wide

pytestmark = pytest.mark.browser

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips or fails with the reason
    expect = None


def test_the_centre_follows_its_graduates_and_files_its_report(browser, live_server, app):  # noqa: F811
    year = datetime.date.today().year - 1
    with app.app_context():
        licence = make_licence(number="201900001")
        centre_id = licence.centre_id
        CentreAccount.create(user=_user("director@example.com", "centre"), centre=centre_id)
        graduates = make_graduates(licence, year=year - 1, count=3)  # 12 months passed long ago
        ids = [d.id for d in graduates]
        names = [d.holder_name for d in graduates]
        typed = [i.id for i in services.indicators(year) if not i.computed]

    context, page = _login(browser, live_server, "director@example.com")
    base = f"{live_server}/centre/{centre_id}/quality"
    for document_id in ids:
        page.goto(f"{base}/graduates/{year - 1}/{document_id}")
        _idle(page)
        page.select_option("#status_12", "in_profession")
        page.select_option("#source", "employer")
        with page.expect_navigation():  # saved: htmx is told to load the list
            page.click("#follow-up-form button[type=submit]")
        _idle(page)
    expect(page.locator("tr.graduate")).to_have_count(3)
    expect(page.locator("tr.graduate").first).to_contain_text("Employed in the profession")

    page.goto(f"{base}/reports/{year}")
    _idle(page)
    expect(page.locator("tr.employment-figure")).to_contain_text("100 %")  # computed, not typed
    for indicator_id in typed:
        page.select_option(f"#score-{indicator_id}", "4")
        page.fill(f"#evidence-{indicator_id}", "Протокол № 1")
    page.click("#report-form button[type=submit]")
    _idle(page)
    expect(page.locator("#file-report button")).to_be_visible()
    page.click("#file-report button")
    _idle(page)
    expect(page.locator("#report-filed")).to_contain_text("Filed on")
    expect(page.locator(f"#score-{typed[0]}")).to_be_disabled()
    page.set_viewport_size({"width": 320, "height": 640})  # every page works on a phone
    for url in (
        f"{base}/reports/{year}",
        f"{base}/graduates/{year - 1}",
        f"{base}/graduates/{year - 1}/{ids[0]}",
    ):
        page.goto(url)
        _idle(page)
        assert _too_wide(page) <= 0, url
    context.close()

    visitor = browser.new_context(locale="en-GB")
    public = visitor.new_page()
    public.goto(f"{live_server}/lang/en?next=/licences/201900001")
    public.wait_for_url(re.compile(r"/licences/201900001$"))
    expect(public.locator("#employment-of-graduates tr.employment-figure")).to_contain_text("100 %")
    text = public.content()
    assert not any(name in text for name in names)
    visitor.close()
