"""`make screenshots`: the demo site in Chromium at a phone's and a laptop's width, as PNGs to look at.

Serves the demo register (a temporary SQLite database, `flask register demo` and the demo
certification) on a free loopback port, and writes docs/screenshots/<page>-<width>.png for the home
page, a search, a revoked centre with its archive, a certificate and a session's results, at 390 and
1366 CSS pixels. Not a test: nothing passes or fails, the pictures are for a person (issue 13)."""

import os
import shutil
import sys
import tempfile
import threading

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
OUT = os.path.join(ROOT, "docs", "screenshots")
WIDTHS = {390: 844, 1366: 900}


def demo_app(folder):
    """The app on a fresh database under `folder`, with the demo register and certification."""
    from portal import create_app

    app = create_app(
        {
            "TESTING": True,  # the development secret key, no mail sent
            "DATABASE_URL": "sqlite:///" + os.path.join(folder, "demo.sqlite3"),
            "SECRET_KEY": "screenshots-only",
            "RATELIMIT_ENABLED": False,
            "DATA_DIR": os.path.join(folder, "data"),
            "UPLOAD_DIR": os.path.join(folder, "uploads"),
            "MAIL_OUTBOX_DIR": os.path.join(folder, "outbox"),
        }
    )
    with app.app_context():
        from portal.cli import upgrade_database

        upgrade_database()
    runner = app.test_cli_runner()
    for command in (["register", "demo", "--centres", "300"], ["demo-logins"]):
        result = runner.invoke(args=command)
        if result.exit_code:
            raise SystemExit(f"flask {' '.join(command)} failed:\n{result.output}")
    return app


def pages(app):
    """(name, path) of the pages to photograph, found in the demo data."""
    from certification.models import Certificate, ExamSession
    from register import rules
    from register.models import ArchiveDesignation, Licence

    with app.app_context():
        revoked = (
            Licence.select()
            .join(ArchiveDesignation)
            .where(Licence.status == rules.REVOKED)
            .order_by(Licence.number)
            .first()
        )
        certificate = Certificate.select().order_by(Certificate.id).first()
        session = ExamSession.select().where(ExamSession.published_on.is_null(False)).first()
    found = [("home", "/"), ("search", "/licences/?q=програмист")]
    found.append(("revoked-centre", f"/licences/{revoked.number}") if revoked else None)
    found.append(("certificate", f"/certificates/{certificate.number}") if certificate else None)
    found.append(("result", f"/certification/results/{session.id}") if session else None)
    return [page for page in found if page]


def _quiet_handler():
    from werkzeug.serving import WSGIRequestHandler

    class Quiet(WSGIRequestHandler):
        def log_request(self, *args, **kwargs):
            """No access log: the script prints the files it writes."""

    return Quiet


def main():
    """Serve, photograph, stop."""
    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server

    from tests.conftest import CHROMIUM_ARGS, chromium_path

    QuietHandler = _quiet_handler()
    os.makedirs(OUT, exist_ok=True)
    folder = tempfile.mkdtemp(prefix="registar-screenshots-")
    try:
        app = demo_app(folder)
        server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        thread.start()
        base = f"http://127.0.0.1:{server.server_port}"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
            )
            for width, height in WIDTHS.items():
                context = browser.new_context(viewport={"width": width, "height": height}, locale="bg-BG")
                page = context.new_page()
                for name, path in pages(app):
                    page.goto(base + path)
                    page.wait_for_load_state("networkidle")
                    target = os.path.join(OUT, f"{name}-{width}.png")
                    page.screenshot(path=target, full_page=True)
                    print(target)
                context.close()
            browser.close()
        server.shutdown()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
