"""A centre's course in Chromium (issue 15): the results form and the participant form answer in
place with their errors, the address bar stays on a page that reloads, and the page passes axe."""

import re

import pytest

from portal.accounts import User
from register.documents.models import CentreAccount, Course
from tests.conftest import TEST_PASSWORD
from tests.document_factories import make_course, make_participant
from tests.factories import make_licence
from tests.test_browser import _accessible, _idle, live_server  # noqa: F401

pytestmark = pytest.mark.browser

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips or fails with the reason
    expect = None


def _centre_course(app, email="centre.browser@example.com"):
    """A centre's account with a password, acting for a centre with one course of one person."""
    with app.app_context():
        licence = make_licence(number="201900001")
        user = User.create(email=email, role="centre", name="centre")
        user.set_password(TEST_PASSWORD)
        user.save()
        CentreAccount.create(user=user.id, centre=licence.centre_id)
        course = make_course(licence)
        make_participant(course, exam_result="")
        return licence.centre_id, course.id


def test_results_and_a_participant_answer_in_place(browser, live_server, app):  # noqa: F811
    centre_id, course_id = _centre_course(app)
    context = browser.new_context(locale="bg-BG", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server}/login")
    page.fill("#email", "centre.browser@example.com")
    page.fill("#password", TEST_PASSWORD)
    page.click("form.stack button[type=submit]")
    page.wait_for_url(re.compile(rf"/centre/{centre_id}/courses$"))
    url = f"{live_server}/centre/{centre_id}/courses/{course_id}"
    page.goto(url)
    _idle(page)
    _accessible(page)
    page.fill("#results-block input[name^=theory]", "7")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.click("#results-block button[type=submit]")
    assert answer.value.status == 422
    _idle(page)
    expect(page.locator("#results-block .error")).to_be_visible()
    assert page.url == url
    page.fill("#results-block input[name^=theory]", "5.50")
    page.select_option("#results-block select", "passed")
    with page.expect_navigation():  # saved: htmx is told to load the course's page again
        page.click("#results-block button[type=submit]")
    _idle(page)
    expect(page.locator("#results-block input[name^=theory]")).to_have_value("5.50")
    with app.app_context():
        assert Course.get_by_id(course_id).version == 2

    page.goto(f"{url}/participants/new")
    _idle(page)
    page.fill("#personal_number", "123")
    page.fill("#first_name", "Мария")
    page.fill("#last_name", "Примерна")
    page.fill("#birth_date", "1990-01-01")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.click("#participant-form button[type=submit]")
    assert answer.value.status == 422
    _idle(page)
    expect(page.locator("#participant-form .error")).to_be_visible()
    assert page.url.endswith("/participants/new")
    _accessible(page)
    for path in ("courses", "courses/new", f"courses/{course_id}/import", "blanks"):
        page.goto(f"{live_server}/centre/{centre_id}/{path}")
        _idle(page)
        _accessible(page)
    context.close()
