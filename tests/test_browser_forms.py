"""Forms in Chromium (issue 13): a refused step leaves a URL that reloads, a settlement is picked by
name from live suggestions."""

import re

import pytest

from portal.accounts import User
from register.licensing import services
from register.licensing.models import LicensingApplication
from tests.conftest import TEST_PASSWORD
from tests.test_browser import _idle, _log_in, live_server  # noqa: F401

pytestmark = pytest.mark.browser

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips or fails with the reason
    expect = None


def _applicant(app, email="forms.applicant@example.com"):
    """A registered applicant with a password and a draft application; returns its id."""
    with app.app_context():
        user = services.register_applicant("Форми Обучение ООД", "121604193", "Иван Формов", email)
        user = User.get_by_id(user.id)
        user.set_password(TEST_PASSWORD)
        user.save()
        return LicensingApplication.get(LicensingApplication.applicant == user).id


def test_a_refused_step_leaves_an_address_that_reloads(browser, live_server, app):  # noqa: F811
    """With JavaScript on, a boosted step refused with 422 shows its message while the address bar
    stays on the application's page (htmx would push the POST-only URL: a reload answered 405)."""
    application_id = _applicant(app)
    page = _log_in(browser, live_server, "forms.applicant@example.com")
    url = f"{live_server}/applications/{application_id}"
    page.goto(url)
    _idle(page)
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.click("#step-file button[type=submit]")  # no file chosen: refused
    assert answer.value.status == 422
    _idle(page)
    expect(page.locator("#step-file .error")).to_be_visible()
    assert page.url == url
    reloaded = page.reload()
    assert reloaded is not None and reloaded.status < 400
    assert not re.search(r"/file$", page.url)
    page.context.close()


def test_a_settlement_is_picked_from_live_suggestions(browser, live_server, app):  # noqa: F811
    """Typing part of a name fills the field's suggestion list (with municipality and region);
    the chosen one is autosaved as its EKATTE code. The field's own request inherits nothing of the
    form's (its autosave target, its confirmation)."""
    application_id = _applicant(app)
    page = _log_in(browser, live_server, "forms.applicant@example.com")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{live_server}/applications/{application_id}")
    _idle(page)
    page.locator("#settlement").press_sequentially("Плов", delay=30)
    options = page.locator("#settlement-options option")
    expect(options.first).to_have_attribute("value", re.compile(r"^гр\. Пловдив, .*\(56784\)$"))
    value = options.first.get_attribute("value")
    with page.expect_response(lambda r: r.url.endswith("/profile")) as saved:
        page.fill("#settlement", value)
        page.press("#settlement", "Tab")
    assert saved.value.status == 200
    expect(page.locator("#seat-name")).to_contain_text("Пловдив")
    with app.app_context():
        assert LicensingApplication.get_by_id(application_id).settlement_id == "56784"
    assert not dialogs
    page.context.close()


def test_the_archive_settlement_suggests_without_asking_to_confirm(browser, live_server, app, make_user):  # noqa: F811
    """On the event form (which confirms before recording) typing a settlement asks nothing."""
    officer = make_user("napoo_officer", "forms.officer@example.com")
    page = _log_in(browser, live_server, officer.email)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{live_server}/staff/licences/202100001/events/new")
    _idle(page)
    page.locator("#archive_school_settlement").press_sequentially("Варн", delay=30)
    expect(page.locator("#archive_school_settlement-options option").first).to_have_attribute(
        "value", re.compile(r"\(10135\)$")
    )
    assert not dialogs
    expect(page.locator("#event-form")).to_be_visible()  # not replaced by the suggestions
    page.context.close()


@pytest.mark.parametrize("language", ["bg", "en"])
def test_the_settlement_page_is_accessible(browser, live_server, language):  # noqa: F811
    """axe-core finds no violation on the public settlement search, with and without results."""
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(bypass_csp=True)
    context.add_cookies([{"name": "lang", "value": language, "url": live_server}])
    page = context.new_page()
    for query in ("", "?q=Плов", "?q=Ябълкоград"):
        page.goto(f"{live_server}/places/settlements{query}")
        result = Axe().run(page)
        assert not result.violations_count, result.generate_report()
    context.close()
