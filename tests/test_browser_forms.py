"""Forms in Chromium (issue 13): a refused step leaves a URL that reloads, a settlement is picked by
name from live suggestions."""

import re

import pytest

from portal.accounts import User
from register.licensing import services
from register.licensing.models import LicensingApplication
from tests.conftest import TEST_PASSWORD
from tests.test_browser import _idle, _log_in, browser, live_server  # noqa: F401

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
