"""Browser tests: the real pages in Debian's Chromium, driven by Playwright."""

import datetime
import re
import threading

import pytest
from werkzeug.serving import make_server

from register import rules
from register.models import Licence
from tests.conftest import TEST_PASSWORD
from tests.factories import HOTEL, PROGRAMMER, SOFIA, VARNA, make_licence

pytestmark = pytest.mark.browser

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips or fails with the reason
    expect = None


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
    # shutdown() waits for the loop to look again: every 0.5 s by default, half a second per test.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    # Links in mail point at the site's public address: here, this server.
    app.config["PUBLIC_BASE_URL"] = f"http://127.0.0.1:{server.server_port}"
    yield app.config["PUBLIC_BASE_URL"]
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


def test_archive_path_notice_order_handover(app, page, live_server, login_in_browser):
    """001 art. 28(1), issue 12: an officer revokes a licence, records the chair's notice to the РУО
    of the centre's seat, the РУО's order (a school outside the region refused until a reason is
    given, what was typed kept) and the handover; the public page shows each stage in turn."""
    app.config["SITE_LANGUAGE"] = "en"  # the assertions read the wording
    public = f"{live_server}/licences/202100004"
    page.on("dialog", lambda dialog: dialog.accept())
    login_in_browser(page, live_server)
    page.goto(f"{live_server}/staff/licences/202100004/events/new")
    page.select_option("#kind", "final_revocation")
    page.fill("#date", "2026-11-02")
    page.fill("#order_number", "Л-779")
    page.click("#event-form button[type=submit]")
    page.wait_for_url(re.compile(r"/licences/202100004$"))
    stage = page.locator(".archive-box .archive-stage")
    expect(stage).to_contain_text("notice to the Regional Education Directorate is not yet recorded")

    page.goto(f"{live_server}/staff/licences/202100004/archive/notice")
    page.fill("#number", "07-00-99")
    page.fill("#date", "2026-11-03")
    page.click("#step-form button[type=submit]")
    page.wait_for_url(re.compile(r"/licences/202100004$"))
    expect(stage).to_contain_text("Notice sent to РУО")
    expect(stage).to_contain_text("designation pending")
    page.goto(f"{live_server}/licences/revoked")
    expect(page.locator("#results")).to_contain_text("designation pending")

    page.goto(f"{live_server}/staff/licences/202100004/archive")
    page.fill("#archive_order_number", "РД-01-556")
    page.fill("#archive_order_date", "2026-11-20")
    page.fill("#archive_school_name", "Професионална гимназия „Далечна“")
    page.fill("#archive_school_settlement", VARNA)  # Varna: not the Sofia РУО's region
    page.fill("#archive_handover_deadline", "2027-02-28")
    page.click("#archive-form button[type=submit]")
    expect(page.locator("#field-archive_outside_region_reason.has-error")).to_be_visible()
    assert page.input_value("#archive_school_name") == "Професионална гимназия „Далечна“"
    page.fill("#archive_outside_region_reason", "Измислена причина за теста.")
    page.click("#archive-form button[type=submit]")
    page.wait_for_url(re.compile(r"/licences/202100004$"))
    box = page.locator(".archive-box")
    expect(box).to_contain_text("Професионална гимназия „Далечна“")
    expect(stage).to_contain_text("the handover is not yet recorded")

    page.goto(f"{live_server}/staff/licences/202100004/archive/handover")
    page.fill("#date", "2026-11-25")
    page.click("#step-form button[type=submit]")
    page.wait_for_url(re.compile(r"/licences/202100004$"))
    expect(stage).to_contain_text("Handed over to the school on")
    expect(box).to_contain_text("for 50 years (001 art. 28(1))")
    assert "Kept until" not in box.inner_text()
    page.goto(public)
    assert "Професионална гимназия „Далечна“" in page.locator(".archive-box").inner_text()
    with app.app_context():
        licence = Licence.by_number("202100004")
        assert licence.archive_notice.region_id == "SOF"  # the РУО of the centre's seat
        assert licence.archive.outside_region_reason == "Измислена причина за теста."
        assert licence.archive.handed_over_on == datetime.date(2026, 11, 25)


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
    "/rules",
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
    "/account/forgot-password",
    "/licences/000",
    "/certificates/",
    "/certificates/BAUP-D-2026-0001-0",
    "/certification/apply",
    "/certification/assessors",
    "/certification/results/",
    "/certification/schedule",
    "/certification/my-result",
    "/certification/results/final",
    "/certification/information-days",
    "/certificates/?q=x",
    "/certification/",
    "/certification/forms/",
    "/certification/competences",
    "/pages/certification-procedure",
    "/pages/certification-faq",
    "/pages/certification-results",
]


@pytest.mark.parametrize("language", ["bg", "en"])
def test_accessibility_of_public_pages(browser, live_server, language):
    """axe-core finds no violations on any public page, in either language."""
    from axe_playwright_python.base import AxeResults
    from axe_playwright_python.sync_playwright import DEFAULT_OPTIONS, Axe

    context = browser.new_context(bypass_csp=True)
    # axe-core loaded with each page, instead of Axe.run sending its 570 kB to every page again.
    context.add_init_script(Axe().axe_script)
    context.add_cookies([{"name": "lang", "value": language, "url": live_server}])
    page = context.new_page()
    failures = {}
    for path in PUBLIC_PAGES:
        page.goto(live_server + path)
        result = AxeResults(page.evaluate("options => axe.run(document, options)", DEFAULT_OPTIONS))
        if result.violations_count:
            failures[path] = result.generate_report()
    context.close()
    assert not failures, "\n\n".join(f"{path}:\n{report}" for path, report in failures.items())


def _log_in(browser, base, email):
    """A new browser context logged in through the real form."""
    context = browser.new_context(locale="bg-BG", accept_downloads=True, bypass_csp=True)  # axe
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{base}/login")
    page.fill("#email", email)
    page.fill("#password", TEST_PASSWORD)
    page.click("form.stack button[type=submit]")
    page.wait_for_url(re.compile(r"/(staff|applications)/$"))
    return page


def _submit(page, selector):
    """Click a form's submit button and wait for the page that answers."""
    with page.expect_navigation():
        page.click(f"{selector} button[type=submit]")
    _idle(page)


def _idle(page):
    """Wait until htmx has swapped, settled and wired up what a boosted request brought in (a form
    typed into before that would not be listened to yet)."""
    page.wait_for_load_state()
    page.wait_for_function(
        "() => window.htmx && !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    )


def _accessible(page):
    """axe-core finds no violation on the page as it stands."""
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page)
    assert not result.violations_count, result.generate_report()


def _pdf_text(path):
    from pypdf import PdfReader

    return "\n".join(p.extract_text() for p in PdfReader(path).pages)


def test_licensing_all_ten_steps(browser, live_server, app, make_user, tmp_path):
    """NAPOO's ten steps with real clicks and uploads, each by its own person: registration, the
    e-mailed link, the profile, bases, documents and specialities, the generated PDF, the signed
    filing, a letter of irregularities and its fixes, experts, an inspection, a positive and a
    negative verdict, the committee, the chair's order and the delivery; the licence ends up in the
    public register with the positively assessed speciality only."""
    import datetime

    from portal.mail import outbox

    pdf, png = tmp_path / "документ.pdf", tmp_path / "снимка.png"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    officer = make_user("napoo_officer", "officer.steps@example.com")
    expert = make_user("napoo_expert", "expert.steps@example.com")
    make_user("napoo_committee", "committee.steps@example.com")
    make_user("napoo_chair", "chair.steps@example.com")

    # 1. Registration, on the public form.
    context = browser.new_context(locale="bg-BG", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server}/apply")
    page.fill("#organisation_name", "Браузър Обучение ООД")
    page.fill("#eik", "121604193")
    page.fill("#representative", "Мария Браузърова")
    page.fill("#email", "centre.steps@example.com")
    page.click("#apply-form button[type=submit]")
    page.wait_for_url(re.compile(r"/apply/sent$"))

    # 2. The e-mailed single-use link sets the password; then the applicant logs in.
    with app.app_context():
        body = outbox()[-1].get_content()
    link = re.search(r"https?://\S+/account/set-password/\S+", body).group(0)
    page.goto(link)
    page.fill("#password", TEST_PASSWORD)
    page.fill("#confirm", TEST_PASSWORD)
    _submit(page, "form.stack")
    context.close()
    page = _log_in(browser, live_server, "centre.steps@example.com")
    page.click("table.register a")
    page.wait_for_url(re.compile(r"/applications/\d+$"))
    application_url = page.url

    # 3. The profile (autosaved on each change), the specialities, the premises and the documents.
    for selector, value in [
        ("#centre_name", "ЦПО „Браузър“"),
        ("#settlement", SOFIA),
        ("#address", "ул. Тестова 5"),
        ("#postcode", "1000"),
        ("#phone", "02 111 2222"),
    ]:
        page.fill(selector, value)
        with page.expect_response(lambda r: r.url.endswith("/profile")):
            page.press(selector, "Tab")
    with page.expect_response(lambda r: r.url.endswith("/profile")):
        page.select_option("#delivery_channel", "email")
    expect(page.locator("#checklist")).not_to_contain_text("телефон")
    for word, code in [("програмист", PROGRAMMER), ("хотел", HOTEL)]:
        _idle(page)
        page.fill("#sq", word)
        row = page.locator("#speciality-results li", has_text=code)
        expect(row).to_have_count(1)
        with page.expect_navigation():
            row.locator("button").click()
        expect(page.locator("#requested")).to_contain_text(code)
    for kind, use in [("training_base", "both"), ("office", None)]:
        page.select_option("#premises-kind", kind)
        page.fill("#premises-settlement", SOFIA)
        page.fill("#premises-address", "ул. Тестова 5")
        if use:
            page.select_option("#premises-use", use)
        page.select_option("#premises-tenure", "rented")
        page.set_input_files("#premises-document", str(pdf))
        _submit(page, "#premises-form")
    expect(page.locator("#premises-list li")).to_have_count(2)
    for purpose in ("licensing_form", "curricula", "rules_of_activity", "fee_receipt"):
        page.set_input_files(f"#file-{purpose}", str(png))
        with page.expect_navigation():
            page.locator(f"form:has(#file-{purpose}) button").click()
    expect(page.locator("#checklist.success")).to_be_visible()
    _accessible(page)

    # 4. The generated application: a PDF with the data and the fingerprint shown on the page.
    fingerprint = page.locator("#fingerprint").inner_text()
    with page.expect_download() as download:
        page.click("#generate-link", no_wait_after=True)
    generated = tmp_path / "заявление.pdf"
    download.value.save_as(generated)
    text = _pdf_text(generated)
    assert "ЦПО „Браузър“" in text and fingerprint in text.replace("\n", "")

    # 5. Filing: the signed application uploaded; the term starts.
    page.set_input_files("#file-signed", str(generated))
    _submit(page, "#step-file")
    expect(page.locator("#term")).to_contain_text(re.compile(r"\d"))  # the days left, now running
    expect(page.locator("#timeline")).to_contain_text(fingerprint)

    # 6. The officer finds an irregularity; the applicant files the fixes; the officer finds it regular.
    staff = _log_in(browser, live_server, officer.email)
    staff.goto(application_url)
    _accessible(staff)  # the officer's page: several step forms, each field's id unique
    staff.fill("#letter-items", "Формулярът не е подписан.")
    staff.fill("#letter-deadline", (datetime.date.today() + datetime.timedelta(days=14)).isoformat())
    _submit(staff, "#step-letter")
    page.reload()
    expect(page.locator(".letter")).to_contain_text("Формулярът не е подписан.")
    page.fill("#fixes-note", "Подписан и качен отново.")
    _submit(page, "#step-fixes")
    staff.reload()
    _submit(staff, "#step-regular")

    # 7. An expert for each professional field, then the letter naming them.
    for code in (PROGRAMMER, HOTEL):
        staff.select_option(f"#expert-{code[:3]}", str(expert.id))
        with staff.expect_navigation():
            staff.locator(f"form:has(#expert-{code[:3]}) button").click()
    _submit(staff, "#step-experts")
    with app.app_context():
        letter = outbox()[-1]
        assert letter["To"] == "centre.steps@example.com" and "napoo_expert" in letter.get_content()

    # 8. The expert inspects the training base, with a photo.
    assessor = _log_in(browser, live_server, expert.email)
    assessor.goto(application_url)
    assessor.fill("#place", "Учебна база, ул. Тестова 5")
    assessor.fill("#findings", "Залата е оборудвана.")
    assessor.set_input_files("#photos", str(png))
    _submit(assessor, "#inspection-form")
    expect(assessor.locator(".inspection")).to_contain_text("Залата е оборудвана.")

    # 9. Verdicts (one positive, one negative), the committee's confirmation, the chair's order.
    for code, positive, reasons in [
        (PROGRAMMER, "yes", "Има база и преподаватели."),
        (HOTEL, "no", "Няма учебна кухня."),
    ]:
        form = assessor.locator(f"form.verdict-form:has(#reasons-{code})")
        form.locator(f"input[name=positive][value={positive}]").check()
        form.locator(f"#reasons-{code}").fill(reasons)
        with assessor.expect_navigation():
            form.locator("button").click()
    committee = _log_in(browser, live_server, "committee.steps@example.com")
    committee.goto(application_url)
    _submit(committee, "#step-confirm")
    chair = _log_in(browser, live_server, "chair.steps@example.com")
    chair.goto(application_url)
    chair.fill("#order-order_number", "РД-09-100")
    _submit(chair, "#step-order")
    number = chair.locator("#licence-link a").inner_text()

    # 10. The order and the licence delivered by e-mail, as PDFs; recorded on the timeline.
    staff.reload()
    _submit(staff, "#step-deliver")
    with app.app_context():
        attached = [part.get_filename() for part in outbox()[-1].iter_attachments()]
    assert len(attached) == 2 and any(number in name for name in attached)
    page.reload()
    with page.expect_download() as download:
        page.click("#order-documents a >> nth=0", no_wait_after=True)
    download.value.save_as(tmp_path / "order.pdf")
    order = _pdf_text(tmp_path / "order.pdf")
    assert "РД-09-100" in order and "Няма учебна кухня." in order

    # The licence is in the public register with the positively assessed speciality only.
    public = browser.new_context().new_page()
    public.goto(f"{live_server}/licences/{number}")
    assert PROGRAMMER in public.content() and HOTEL not in public.content()
    assert "ЦПО „Браузър“" in public.locator("h1").inner_text()


def test_certification_from_application_to_result_by_id(browser, live_server, app, make_user, tmp_path):
    """BAUP certification in Chromium: a person applies, fills in and submits the application; the
    Group finds it complete; the Board admits (level D: no opinions needed) and the candidate's ID
    goes by e-mail; the Group schedules the exam, seats the candidates by ID, files the protocol and
    proposes the assessor, whom the Board appoints, who marks on the grid (IDs only); the Group
    publishes. Two sat, so no row is public: a look-up by the public ID and date shows nothing, and
    the candidate alone reads the result, with the access code mailed with the notice or logged in
    (the application's link)."""
    import datetime

    from certification import services
    from certification.models import AdmissionDecision, Candidate, CertApplication
    from portal.mail import outbox
    from tests.test_certification import attach_records, complete, synthetic_egn

    today = datetime.date.today()
    pdf = tmp_path / "cv.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    group = make_user("scheme_group", "group.browser@example.com")
    make_user("board", "board.browser@example.com")
    assessor = make_user("assessor", "assessor.browser@example.com")

    # The application, on the public form and then the applicant's pages.
    context = browser.new_context(locale="bg-BG")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server}/certification/apply")
    page.fill("#full_name", "Браузърна Кандидатка Тестова")
    page.fill("#personal_number", synthetic_egn(77))
    page.fill("#email", "cand.browser@example.com")
    page.select_option("#level", "D")
    page.click("#cert-apply-form button[type=submit]")
    page.wait_for_url(re.compile(r"/apply/sent$"))
    with app.app_context():
        link = re.search(r"https?://\S+/account/set-password/\S+", outbox()[-1].get_content()).group(0)
    page.goto(link)
    page.fill("#password", TEST_PASSWORD)
    page.fill("#confirm", TEST_PASSWORD)
    _submit(page, "form.stack")
    context.close()
    page = _log_in(browser, live_server, "cand.browser@example.com")
    page.click("#own a")
    page.wait_for_url(re.compile(r"/certification/applications/\d+$"))
    application_url = page.url
    page.fill("#self_assessment", "Ръководя проекти от пет години.")
    for box in (
        "#consents_data",
        "#data_accurate",
        "#knows_conditions",
        "#lists_public",
        "#knows_misuse",
        "#ethics",
    ):
        page.check(box)
    _submit(page, "#application-form")
    for n in (1, 2):
        page.fill("#referee_name", f"Препоръчител {n}")
        page.fill("#referee_contact", f"ref{n}@example.com")
        _submit(page, "#referee-form")
    page.fill("#project-title", "Нова информационна система")
    page.fill("#project-role", "ръководител на проекта")
    page.fill("#project-started_on", "2021-03-01")
    _submit(page, "#project-form")
    for purpose in ("cv", "initial_fee"):
        page.set_input_files(f"#cert-file-{purpose}", str(pdf))
        with page.expect_navigation():
            page.locator(f"form:has(#cert-file-{purpose}) button").click()
        _idle(page)
    expect(page.locator("#checklist .success")).to_be_visible()
    _submit(page, "#step-submit")

    # The Group's review and the Board's decision.
    staff = _log_in(browser, live_server, "group.browser@example.com")
    staff.goto(application_url)
    staff.select_option("#review-outcome", "complete")
    _submit(staff, "#step-review")
    board = _log_in(browser, live_server, "board.browser@example.com")
    board.goto(application_url)
    board.select_option("#decision-outcome", "admit")
    board.on("dialog", lambda dialog: dialog.accept())  # hx-confirm: the Board's decision
    _submit(board, "#step-decide")
    with app.app_context():
        mine = Candidate.get().candidate_id
        assert mine in outbox()[-1].get_content()
        # The access code (four groups of four; the candidate ID has 4-4-3), in the mail's language.
        code = re.search(r"\b([A-Z0-9]{4}(?:-[A-Z0-9]{4}){3})\b", outbox()[-1].get_content()).group(1)
        # A second admitted candidate: a written exam is not held for fewer than two.
        other = services.register_candidate(
            "Втора Кандидатка Тестова", synthetic_egn(78), "second@example.com", "D"
        )
        application = complete(app, "second@example.com")
        services.submit(application, other, application.version)
        application = CertApplication.get_by_id(application.id)
        services.review(application, group, application.version, True)
        application = CertApplication.get_by_id(application.id)
        board_user = application.applicant.__class__.get(email="board.browser@example.com")
        services.decide_admission(application, board_user, application.version, True, today)
        second = Candidate.get(Candidate.application == application).candidate_id
        for decision in AdmissionDecision.select():  # the notice, and the proof of the certification fee
            services.record_notice(decision, group, today)
            attach_records(decision.application, ("certification_fee",))

    # The exam: scheduled, candidates seated by ID, the protocol, the assessor assigned.
    staff.goto(f"{live_server}/certification/sessions/")
    staff.fill("#starts_at", f"{today.isoformat()}T09:00")
    staff.fill("#place", "София, зала 2")
    _submit(staff, "#session-form")
    for candidate_id in (mine, second):
        staff.fill("#candidate_id", candidate_id)
        _submit(staff, "#seat-form")
    expect(staff.locator("#seats tbody tr")).to_have_count(2)
    for row in range(2):
        staff.locator("#seats tbody tr").nth(row).locator("input[type=checkbox][name^=present]").check()
    _submit(staff, "#protocol-form")
    for row in range(2):  # the Group proposes, the Board appoints
        staff.select_option("#assign-seat", index=row)
        staff.select_option("#assign-assessor", str(assessor.id))
        _submit(staff, "#assign-form")
    session_url = staff.url
    board.goto(session_url)
    for _ in range(2):
        with board.expect_navigation():
            board.locator("#paper-assessors form:has(input[name=step]) button").first.click()
        _idle(board)
    expect(board.locator("#paper-assessors strong")).to_have_count(2)  # "appointed", twice

    # The assessor's grid: IDs only; each mark saved on its own row (htmx).
    marker = _log_in(browser, live_server, "assessor.browser@example.com")
    marker.goto(f"{live_server}/certification/marking")
    assert "Браузърна" not in marker.content() and synthetic_egn(77) not in marker.content()
    for candidate_id, value in ((mine, "82"), (second, "40")):
        row = marker.locator("#marking tbody tr", has_text=candidate_id)
        row.locator("input[name=mark]").fill(value)
        with marker.expect_response(lambda r: "/certification/marking/" in r.url):
            row.locator("button[type=submit]").click()
        # Bulgarian: a decimal comma.
        expect(marker.locator("#marking tbody tr", has_text=candidate_id)).to_contain_text(f"{value},0")

    # Published: two sat, so disclosure control publishes no row. Whoever holds the public ID and
    # date sees nothing; the candidate alone reads the mark, with the access code or logged in.
    staff.reload()
    staff.on("dialog", lambda dialog: dialog.accept())
    _submit(staff, "#publish-form")
    expect(staff.locator(".success")).to_be_visible()
    public = browser.new_context(locale="bg-BG").new_page()
    public.goto(f"{live_server}/certification/my-result")
    public.fill("#candidate_id", mine.lower())
    public.fill("#exam_day", today.isoformat())
    public.click("#lookup-form button[type=submit]")
    expect(public.locator("#my-result")).to_be_visible()
    expect(public.locator("#my-result")).not_to_contain_text("82,0")
    expect(public.locator("#my-result form")).to_have_count(0)
    public.fill("#candidate_id", mine.lower())
    public.fill("#exam_day", today.isoformat())
    public.fill("#access_code", code.lower())
    public.click("#lookup-form button[type=submit]")
    expect(public.locator("#my-result")).to_contain_text("82,0")
    expect(public.locator("#my-result .feedback-form")).to_be_visible()
    page.goto(application_url)
    page.click("#my-results-link")
    expect(page.locator("#my-results")).to_contain_text("82,0")
    expect(page.locator("#my-results")).not_to_contain_text("40,0")


def test_certificate_from_a_passed_exam_to_the_public_register_and_past_expiry(
    browser, live_server, app, client, make_user, monkeypatch
):
    """The Board issues the certificate of a candidate who passed (two weeks after the exam), the
    public register finds it by the holder's name typed in Latin letters, its page says VALID; the
    same page after the expiry date says INVALID because the validity expired."""
    import datetime

    from certification.models import Candidate, Certificate
    from tests.test_certificates import hand_in_all, mark_on
    from tests.test_certification import _published

    today = datetime.date.today()
    app.config["WTF_CSRF_ENABLED"] = False  # the set-up posts through the test client
    session, ids, marker = _published(app, client, make_user, day=today - datetime.timedelta(days=20))
    app.config["WTF_CSRF_ENABLED"] = True
    mark_on(app, session, session.day)  # marked on the exam day: the two weeks run from the marking
    hand_in_all(app, ids[:1], marker)
    make_user("board", "board.issue@example.com")
    with app.app_context():
        application_id = Candidate.get(Candidate.candidate_id == ids[0]).application_id
    group = _log_in(browser, live_server, "group@example.com")
    group.goto(f"{live_server}/certification/applications/{application_id}")
    group.fill("#report-on", today.isoformat())
    _submit(group, "#board-report-form")
    expect(group.locator("#reported-on")).to_be_visible()
    board = _log_in(browser, live_server, "board.issue@example.com")
    board.goto(f"{live_server}/certification/applications/{application_id}")
    board.fill("#issue-on", today.isoformat())
    board.fill("#chair_name", "Председател Примерен")
    board.fill("#lead_assessor_name", "Оценител Примерен")
    dialogs = []
    board.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
    board.check("#issue-confirm")
    _submit(board, "#issue-form")
    assert dialogs  # the Board confirms its decision
    number = board.locator("#certificate-link").inner_text()

    public = browser.new_context(locale="bg-BG").new_page()
    public.set_default_timeout(10_000)
    public.goto(f"{live_server}/certificates/")
    public.locator("#q").press_sequentially("Primerna", delay=20)
    # the live search answers after its 300 ms pause: wait for it, or its late answer would pull the
    # page back from the certificate clicked below (the register lists the one certificate anyway)
    public.wait_for_url(re.compile(r"q=Primerna"))
    _idle(public)
    row = public.locator("#certificates tbody tr", has_text=number)
    expect(row).to_have_count(1)
    assert ids[0] not in public.content()
    row.locator("a").click()
    public.wait_for_url(re.compile(r"/certificates/BAUP-D-"))
    expect(public.locator("#verdict")).to_contain_text("ВАЛИДЕН")
    with app.app_context():
        expires = Certificate.get().expires_on
    monkeypatch.setattr(
        "certification.public._now",
        lambda: datetime.datetime.combine(expires + datetime.timedelta(days=1), datetime.time(9)),
    )
    public.reload()
    expect(public.locator("#verdict")).to_contain_text("НЕВАЛИДЕН")
    expect(public.locator("#verdict")).to_contain_text("изтекъл")


def test_withdrawing_an_application_asks_for_confirmation(browser, live_server, app):
    """A destructive step in Chromium: without "I confirm" ticked the browser does not send the
    form (JavaScript or not); ticked, hx-confirm asks; declined, nothing happens; accepted, the
    application is withdrawn."""
    from certification import services
    from certification.models import WITHDRAWN, CertApplication
    from tests.test_certification import synthetic_egn

    with app.app_context():
        user = services.register_candidate(
            "Оттегляща Кандидатка Тестова", synthetic_egn(79), "w@example.com", "D"
        )
        user.set_password(TEST_PASSWORD)
        user.save()
        application_id = CertApplication.get(CertApplication.applicant == user).id
    page = _log_in(browser, live_server, "w@example.com")
    page.goto(f"{live_server}/certification/applications/{application_id}")
    page.click("#step-withdraw button[type=submit]")  # the box is not ticked: nothing is sent
    assert page.evaluate("document.querySelector('#confirm-withdraw').validity.valueMissing")
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.check("#confirm-withdraw")
    page.click("#step-withdraw button[type=submit]")
    page.wait_for_function("() => !document.querySelector('.htmx-request')")
    assert asked and ("cannot be taken back" in asked[0] or "не може" in asked[0])
    with app.app_context():
        assert CertApplication.get_by_id(application_id).state != WITHDRAWN
    page.once("dialog", lambda dialog: dialog.accept())
    _submit(page, "#step-withdraw")
    with app.app_context():
        assert CertApplication.get_by_id(application_id).state == WITHDRAWN


def test_licensing_committee_rejects_a_speciality_with_confirmation(
    browser, live_server, app, client, make_user
):
    """000 step 9 with JavaScript on: the committee's rejection asks (hx-confirm); dismissed, nothing
    is written; accepted, the speciality shows the committee's reasons and is left out of the order."""
    from register.licensing import services
    from register.licensing.models import LicensingApplication, Verdict
    from register.models import Speciality
    from tests.test_licensing import VALID_EIK, _assessed

    with app.app_context():
        codes = [s.code for s in Speciality.select().order_by(Speciality.code).limit(2)]
        # Registered here: the live server's app asks the test client's form post for a CSRF token.
        services.register_applicant("Учебен център Пример ООД", VALID_EIK, "Иван Примеров", "c@example.com")
    application, _officer, _expert, committee, _chair = _assessed(app, client, make_user, codes, "js")
    page = _log_in(browser, live_server, committee.email)
    page.goto(f"{live_server}/applications/{application.id}")
    form = f"#reject-{codes[1]}"
    page.fill(f"#committee-reasons-{codes[1]}", "Учебните програми не съответстват.")
    page.check(f"#confirm-reject-{codes[1]}")
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.click(f"{form} button[type=submit]")
    page.wait_for_timeout(300)  # the dismissed question sends nothing; give it a moment to be sure
    assert asked and codes[1] in asked[0]
    with app.app_context():
        assert not Verdict.select().where(Verdict.committee_reasons != "").exists()
    page.once("dialog", lambda dialog: dialog.accept())
    _submit(page, form)
    expect(page.locator(".committee-rejection")).to_contain_text("Учебните програми не съответстват.")
    with app.app_context():
        rejected = Verdict.get(Verdict.speciality == codes[1])
        assert rejected.committee_reasons == "Учебните програми не съответстват."
        assert LicensingApplication.get().state == "in_assessment"


def test_rule_index_fits_a_phone(browser, live_server):
    """/rules on a 360-pixel screen: no horizontal scrolling (cards, long names broken), and the
    tests of a rule open from their summary."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{live_server}/rules")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    card = page.locator('[id="certification.rules.session_may_be_held"]')
    assert "Забранява се провеждането на писмен изпит" in card.inner_text()
    card.locator("summary").click()
    expect(card.locator("details li").first).to_be_visible()
    context.close()
