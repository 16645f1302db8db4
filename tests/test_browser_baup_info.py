"""BAUP's public section in Chromium (issue 17, part A): from the menu to the landing page, to the
procedure (its figures filled from the settings in force), to the forms and a PDF beside its
online form."""

import pytest

from certification.admission_rules import FEEDBACK_REQUEST_WORKING_DAYS
from tests.test_browser import _idle, live_server  # noqa: F401

pytestmark = pytest.mark.browser


def test_from_the_menu_to_the_procedure_and_a_form(browser, live_server):  # noqa: F811
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server}/lang/en?next=/")
    page.locator(".main-nav").get_by_role("link", name="Certification", exact=True).click()
    page.wait_for_url("**/certification/")
    page.get_by_role("link", name="The certification procedure, step by step").click()
    page.wait_for_url("**/pages/certification-procedure")
    text = page.locator("main").inner_text()
    assert "{{" not in text and "The pass mark is 60 for level D" in text
    page.go_back()
    page.get_by_role("link", name="Rights and duties of applicants and holders").click()
    page.wait_for_url("**/pages/certification-rights")
    assert f"within {FEEDBACK_REQUEST_WORKING_DAYS} working days" in page.locator("main").inner_text()
    page.go_back()
    page.get_by_role("link", name="Forms and declarations to download").click()
    page.wait_for_url("**/certification/forms/")
    pdf = page.get_by_role("link", name="Declarations of the applicant (PDF)")
    response = page.request.get(live_server + pdf.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    page.get_by_role("link", name="the online form").first.click()
    page.wait_for_url("**/certification/apply")
    _idle(page)
    context.close()
