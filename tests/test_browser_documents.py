"""From a course to a document a stranger verifies, in Chromium (issue 15): the centre adds a person
to its course and records the exam, registers its blanks and enters the document; NAPOO checks it
condition by condition; the centre registers it with its scanned image; a stranger verifies it with
the holder's ЕГН, and a wrong ЕГН gets "no such document"."""

import re

import pytest

from portal.accounts import User
from register.documents.models import CentreAccount, IssuedDocument
from tests.conftest import TEST_PASSWORD
from tests.document_factories import fake_egn, make_course
from tests.factories import make_licence
from tests.test_browser import _idle, live_server  # noqa: F401

pytestmark = pytest.mark.browser

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips or fails with the reason
    expect = None

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _user(email, role):
    user = User.create(email=email, role=role, name=role)
    user.set_password(TEST_PASSWORD)
    user.save()
    return user


def _login(browser, live_server, email):  # noqa: F811
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server}/lang/en?next=/login")
    page.fill("#email", email)
    page.fill("#password", TEST_PASSWORD)
    page.click("form.stack button[type=submit]")
    page.wait_for_load_state()
    return context, page


def test_from_a_course_to_a_document_a_stranger_verifies(browser, live_server, app):  # noqa: F811
    egn = fake_egn(7)
    with app.app_context():
        licence = make_licence(number="201900001")
        centre_id = licence.centre_id
        CentreAccount.create(user=_user("director@example.com", "centre"), centre=centre_id)
        _user("officer@example.com", "napoo_officer")
        course_id = make_course(licence).id

    context, page = _login(browser, live_server, "director@example.com")
    course_url = f"{live_server}/centre/{centre_id}/courses/{course_id}"
    page.goto(f"{course_url}/participants/new")
    _idle(page)
    page.fill("#personal_number", egn)
    page.fill("#first_name", "Мария")
    page.fill("#last_name", "Примерна")
    page.fill("#birth_date", "1990-01-01")
    page.click("#participant-form button[type=submit]")
    page.wait_for_url(re.compile(rf"/courses/{course_id}$"))
    _idle(page)
    page.select_option("#results-block select", "passed")
    with page.expect_navigation():  # saved: htmx is told to load the course's page again
        page.click("#results-block button[type=submit]")
    _idle(page)
    expect(page.locator("#results-block select")).to_have_value("passed")

    page.goto(f"{live_server}/centre/{centre_id}/blanks/protocols/new")
    _idle(page)
    page.fill("#protocol-form input[name=number]", "ПП-1")
    page.fill("#protocol-form input[name=drawn_up_on]", "2025-06-01")
    page.fill("#protocol-form input[name=other_party]", "Печатница")
    page.select_option("#protocol-form select[name=kind]", "qualification")
    page.fill("#protocol-form input[name=series]", "А-25")
    page.fill("#protocol-form input[name=first_number]", "1000")
    page.fill("#protocol-form input[name=last_number]", "1099")
    with page.expect_navigation():
        page.click("#protocol-form button[type=submit]")
    _idle(page)
    expect(page.locator("main")).to_contain_text("1099")

    page.goto(course_url)
    page.click("text=Enter a document")
    page.wait_for_url(re.compile(r"/documents/new"))
    page.select_option("select[name=kind]", "qualification")
    page.fill("input[name=series]", "A-25")  # typed on a Latin keyboard: read as the Cyrillic А-25
    page.fill("input[name=factory_number]", "1000")
    page.click("#document_form button[type=submit]")
    page.wait_for_url(re.compile(r"/documents/\d+$"))
    with page.expect_navigation():
        page.click("text=Send to NAPOO for its check")
    with app.app_context():
        document = IssuedDocument.get()
        assert document.state == "submitted" and document.series == "А-25"

    officer_context, officer = _login(browser, live_server, "officer@example.com")
    officer.goto(f"{live_server}/staff/documents/")
    officer.click(f"a[href$='/staff/documents/{document.id}/check']")
    officer.wait_for_url(re.compile(r"/check$"))
    for radio in officer.locator("input[type=radio][value=yes]").all():
        radio.check()
    with officer.expect_navigation():
        officer.click("text=Record the check")
    with app.app_context():
        assert IssuedDocument.get_by_id(document.id).state == "cleared"
    officer_context.close()

    page.reload()
    page.fill("input[name=registration_number]", "7")
    page.fill("input[name=registered_on]", "2026-01-27")
    page.set_input_files(
        "input[name=images]", files=[{"name": "scan.png", "mimeType": "image/png", "buffer": PNG}]
    )
    with page.expect_navigation():
        page.click("#register button[type=submit]")
    with app.app_context():
        assert IssuedDocument.get_by_id(document.id).state == "registered"
    context.close()

    stranger_context = browser.new_context(locale="en-GB")
    stranger = stranger_context.new_page()
    stranger.set_default_timeout(10_000)
    stranger.goto(f"{live_server}/lang/en?next=/documents/verify")
    _idle(stranger)

    def verify(personal_number):
        stranger.select_option("select[name=kind]", "qualification")
        stranger.fill("input[name=series]", "А-25")
        stranger.fill("input[name=number]", "1000")
        stranger.fill("input[name=personal_number]", personal_number)
        stranger.click("form.verify-form button[type=submit]")
        _idle(stranger)

    verify(fake_egn(8))
    expect(stranger.locator("#verification")).to_contain_text("No such document")
    verify(egn)
    expect(stranger.locator("#verification")).to_contain_text("Genuine and in the register")
    assert egn not in stranger.content() and "Примерна" not in stranger.content()
    stranger_context.close()
