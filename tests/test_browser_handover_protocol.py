"""The handover's protocol file in Chromium (issue 12, 001 art. 28(1)): the htmx form sends the file
(multipart, with the CSRF header), a refused file comes back in place with the date kept."""

import re

import pytest
from playwright.sync_api import expect

from tests.test_browser import live_server, login_in_browser, page  # noqa: F401

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_handover_with_its_protocol_through_the_form(app, page, live_server, login_in_browser):  # noqa: F811
    """A text file is refused beside the file field, the date typed kept; a PDF is then kept with
    the handover, the public box says only that a protocol is on file, and the staff link downloads it."""
    app.config["SITE_LANGUAGE"] = "en"  # the assertions read the wording
    login_in_browser(page, live_server)
    page.goto(f"{live_server}/staff/licences/202100003/archive/handover")
    page.fill("#date", "2020-08-20")
    page.set_input_files(
        "#protocol", files=[{"name": "notes.pdf", "mimeType": "application/pdf", "buffer": b"plain text"}]
    )
    page.click("#step-form button[type=submit]")
    expect(page.locator("#field-protocol.has-error")).to_contain_text("not of an accepted type")
    assert page.input_value("#date") == "2020-08-20"
    page.set_input_files(
        "#protocol",
        files=[{"name": "Протокол.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    page.click("#step-form button[type=submit]")
    page.wait_for_url(re.compile(r"/licences/202100003$"))
    expect(page.locator(".archive-box")).to_contain_text("handover protocol on file")
    assert "Протокол.pdf" not in page.locator(".archive-box").inner_text()
    link = page.get_by_role("link", name="Протокол.pdf")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "Протокол.pdf"
    with open(download.value.path(), "rb") as saved:
        assert saved.read() == PDF
