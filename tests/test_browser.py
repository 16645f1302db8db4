"""Browser tests: the real pages in Debian's Chromium, driven by Playwright."""

import os
import re
import shutil
import threading

import pytest
from werkzeug.serving import make_server

from register import rules
from tests.conftest import TEST_PASSWORD, skip_or_fail
from tests.factories import HOTEL, PROGRAMMER, SOFIA, VARNA, make_licence

pytestmark = pytest.mark.browser

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips or fails with the reason
    expect = None

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path():
    """Debian's Chromium, or CHROMIUM_PATH."""
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for the module."""
    path = chromium_path()
    if not path:
        skip_or_fail("REQUIRE_BROWSER", "Chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("REQUIRE_BROWSER", "playwright is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_server(app):
    """The app served on a free loopback port in a thread, with CSRF on as in production."""
    app.config["WTF_CSRF_ENABLED"] = True
    with app.app_context():
        make_licence(
            number="202100001",
            name="ЦПО „Алфа Знание“",
            settlement=VARNA,
            specialities=[PROGRAMMER],
        )
        make_licence(number="202100002", name="ЦПО „Бета“", settlement=SOFIA, specialities=[HOTEL])
        make_licence(
            number="202100003",
            name="ЦПО „Гама Архив“",
            settlement=VARNA,
            status=rules.REVOKED,
            archive=True,
        )
        make_licence(number="202100004", name="ЦПО „Делта“", settlement=SOFIA)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    # Wait for requests still being answered when the test ends, before the tables are emptied.
    server.daemon_threads = False
    server.block_on_close = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def page(browser):
    """A fresh page (own cookies) for each test."""
    context = browser.new_context(locale="bg-BG")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_search_as_you_type(page, live_server):
    """Typing in the search box narrows the results without a reload and updates the URL."""
    page.goto(f"{live_server}/licences/")
    assert page.locator("a.centre-name").count() == 4
    page.locator("#q").press_sequentially("знание", delay=30)
    expect(page.locator("a.centre-name")).to_have_count(1)
    assert page.locator("a.centre-name").inner_text() == "ЦПО „Алфа Знание“"
    page.wait_for_url(re.compile(r"q=%D0%B7%D0%BD%D0%B0%D0%BD%D0%B8%D0%B5|q=знание"))
    page.select_option("#region", "SOF")
    expect(page.locator("a.centre-name")).to_have_count(0)
    assert "region=SOF" in page.url
    # The municipality list follows the region without a reload (an out-of-band swap).
    expect(page.locator("#municipality option", has_text="Столична")).to_have_count(1)
    # The back button returns to the previous results, URL and all.
    page.go_back()
    expect(page.locator("a.centre-name")).to_have_count(1)
    assert "region=SOF" not in page.url


def test_filters_work_without_javascript(browser, live_server):
    """With JavaScript off, the filter form submits and the page lists the matches."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server}/licences/")
    page.fill("#q", "делта")
    page.click("#filters button[type=submit]")
    page.wait_for_url(re.compile(r"q="))
    assert page.locator("a.centre-name").all_inner_texts() == ["ЦПО „Делта“"]
    context.close()


def test_open_revoked_centre_and_see_its_archive(page, live_server):
    """From the closed centres' list to the centre's page, where the archive box names the school."""
    page.goto(f"{live_server}/licences/revoked")
    page.click("text=ЦПО „Гама Архив“")
    page.wait_for_url(re.compile(r"/licences/202100003$"))
    box = page.locator(".archive-box")
    assert box.is_visible()
    assert "Професионална гимназия по икономика „Тест“" in box.inner_text()


def test_switch_language_keeps_the_page(page, live_server):
    """Switching to English stays on the same page and query."""
    page.goto(f"{live_server}/licences/?q=бета")
    assert page.locator("html").get_attribute("lang") == "bg"
    page.click("a[hreflang=en]")
    page.wait_for_url(re.compile(r"/licences/\?q="))
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Register of licensed training centres"
    assert page.locator("a.centre-name").all_inner_texts() == ["ЦПО „Бета“"]


def test_staff_records_revocation_and_public_page_shows_it(page, live_server, make_user):
    """An officer logs in, records a final revocation with its archive, and the public page shows it."""
    user = make_user("napoo_officer")
    page.goto(f"{live_server}/login")
    page.fill("#email", user.email)
    page.fill("#password", TEST_PASSWORD)
    page.click("form.stack button[type=submit]")
    page.wait_for_url(re.compile(r"/staff/$"))
    page.fill("#number", "202100004")
    page.click("form.inline-form button[type=submit]")
    page.wait_for_url(re.compile(r"/staff/licences/202100004/events/new$"))
    page.select_option("#kind", "final_revocation")
    page.fill("#date", "2026-11-02")
    page.fill("#order_number", "Л-777")
    page.fill("#reason", "Системни нарушения")
    page.fill("#archive_order_number", "РД-01-555")
    page.fill("#archive_order_date", "2026-11-20")
    page.fill("#archive_school_name", "Професионална гимназия по транспорт „Браузър“")
    page.fill("#archive_school_settlement", SOFIA)
    page.fill("#archive_handover_deadline", "2027-02-28")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
    page.click("#event-form button[type=submit]")
    page.wait_for_url(re.compile(r"/licences/202100004$"))
    assert dialogs and "public register" in dialogs[0] or "публичния регистър" in dialogs[0]
    assert "Професионална гимназия по транспорт „Браузър“" in page.locator(".archive-box").inner_text()
    page.goto(f"{live_server}/licences/revoked")
    assert "ЦПО „Делта“" in page.locator("#results").inner_text()


def test_staff_form_error_keeps_input(page, live_server, login_in_browser):
    """A missing period for a temporary revocation comes back in place, keeping what was typed."""
    login_in_browser(page, live_server)
    page.goto(f"{live_server}/staff/licences/202100001/events/new")
    page.select_option("#kind", "temporary_revocation")
    page.fill("#date", "2026-11-02")
    page.fill("#order_number", "Л-778")
    page.fill("#reason", "Текст, който остава")
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("#event-form button[type=submit]")
    expect(page.locator("#field-months.has-error")).to_be_visible()
    assert page.input_value("#reason") == "Текст, който остава"
    assert page.url.endswith("/staff/licences/202100001/events/new")


@pytest.fixture
def login_in_browser(make_user):
    """Log a page in as an officer through the real form."""

    def do(page, base):
        user = make_user("napoo_officer")
        page.goto(f"{base}/login")
        page.fill("#email", user.email)
        page.fill("#password", TEST_PASSWORD)
        page.click("form.stack button[type=submit]")
        page.wait_for_url(re.compile(r"/staff/$"))

    return do


PUBLIC_PAGES = [
    "/",
    "/licences/",
    "/licences/?q=цпо&region=VAR",
    "/licences/revoked",
    "/licences/202100003",
    "/licences/202100001",
    "/data/",
    "/pages/licensing",
    "/pages/archives",
    "/pages/about-data",
    "/pages/faq",
    "/login",
    "/licences/000",
]


@pytest.mark.parametrize("language", ["bg", "en"])
def test_accessibility_of_public_pages(browser, live_server, language):
    """axe-core finds no violations on any public page, in either language."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = browser.new_context(bypass_csp=True)
    context.add_cookies([{"name": "lang", "value": language, "url": live_server}])
    page = context.new_page()
    failures = {}
    for path in PUBLIC_PAGES:
        page.goto(live_server + path)
        result = axe.run(page)
        if result.violations_count:
            failures[path] = result.generate_report()
    context.close()
    assert not failures, "\n\n".join(f"{path}:\n{report}" for path, report in failures.items())
