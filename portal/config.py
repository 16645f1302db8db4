"""Configuration: defaults, then the environment, then the mapping a caller passes."""

import os
import secrets

# The development key: known to everyone who reads this file, so create_app refuses it (and an
# empty key) outside debug and tests (check_secret_key).
DEVELOPMENT_SECRET_KEY = "dev-only-not-secret"
# `make run` keeps a random key in this file of the instance folder (git-ignored), created once
# (instance_secret_key), and the app uses it when the environment sets no SECRET_KEY.
SECRET_KEY_FILE = "secret_key"

DEFAULTS = {
    "SECRET_KEY": DEVELOPMENT_SECRET_KEY,
    "DATABASE_URL": "sqlite:///instance/registar.sqlite3",
    # Milliseconds a SQLite write waits for another connection's write lock (an import, say)
    # before the visitor gets a 503 "busy, try again" page with Retry-After.
    "DATABASE_BUSY_TIMEOUT": 5000,
    "SITE_LANGUAGE": "bg",
    "LANGUAGES": ("bg", "en"),
    "BABEL_DEFAULT_TIMEZONE": "Europe/Sofia",
    "MAIL_SENDER": "registar@localhost",
    # The site's public address: links in mail, PDFs and the CLI are built on it, never on the
    # request's Host header (which the client chooses). The default is where `make run` serves.
    "PUBLIC_BASE_URL": "http://127.0.0.1:8000",
    # Host names the site answers to (comma-separated in the environment; a leading dot allows
    # subdomains); any other Host header gets 400. Empty: outside debug and tests, the host of
    # PUBLIC_BASE_URL only (trusted_hosts); in debug and tests, any.
    "TRUSTED_HOSTS": None,
    "MAIL_SERVER": "",
    "MAIL_PORT": 25,
    "MAIL_SUPPRESS_SEND": True,
    "MAIL_OUTBOX_DIR": "",  # where unsent mail is written as .eml files (make run sets instance/outbox)
    "PAGE_SIZE": 25,
    "DATA_DIR": "",
    "RATELIMIT_ENABLED": True,
    "RATELIMIT_STORAGE_URI": "memory://",
    "RATELIMIT_HEADERS_ENABLED": True,
    "LOGIN_RATE_LIMIT": "10 per minute",
    # Seconds a set-password link works (once: it dies when the password is set). Hours, not days:
    # a link lying in a mailbox or a forwarded mail is a key to the account.
    "SET_PASSWORD_MAX_AGE": 12 * 3600,
    # A forgotten password's link (its own salt): how many hours it works, once.
    "RESET_PASSWORD_MAX_AGE_HOURS": 2,
    # The forms that mail the address typed (the two registrations, a forgotten password), per
    # client address: they answer the same for every address, and must not mail-bomb anyone.
    "MAIL_FORM_RATE_LIMIT": "5 per minute; 20 per hour",
    # How many days an information day's cancel link works (the site's choice: 004 sets none; a
    # schedule is adopted for a year, so a little more than a year).
    "INFO_DAY_CANCEL_MAX_AGE_DAYS": 400,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "WTF_CSRF_TIME_LIMIT": None,
    "MAX_CONTENT_LENGTH": 20 * 1024 * 1024,
    "UPLOAD_MAX_BYTES": 10 * 1024 * 1024,  # one uploaded file
    "UPLOAD_DIR": "",  # where uploads are kept, outside the web root (default: instance/uploads)
    # BAUP certification (004): the written exam's pass mark per level (0-100): 004 sets none, so it
    # is the value BAUP's Board adopts (the pages say so and show it); how far apart two
    # assessors' marks may be before they must agree one (points of the 0-100 scale), and how often
    # one address may look up a result by candidate ID.
    "PASS_MARKS": {"D": 60, "C": 60},
    "MARK_DIFFERENCE_POINTS": 20,
    # Marks are typed and final marks rounded (half up) to this many decimals: the site's choice,
    # as 004 sets no precision (certification.rules.round_mark, parse_mark).
    "MARK_DECIMALS": 1,
    "LOOKUP_RATE_LIMIT": "10 per minute",
    # BAUP's fees in euro: "Размерът на таксата се определя с решение на Управителния Съвет на СК"
    # (004 (fees) ал.1.2, ал.4.2), so 004 sets no amount: the Board's decision, typed here. The
    # initial fee for reviewing the documents, and the certification fee per level; None: not
    # published on the site, and the pages say to ask BAUP.
    "CERTIFICATION_FEES": {"initial": None, "D": None, "C": None, "B": None},
    # 004 (marking of the written exam) ал.11 lets a candidate appeal a mark without feedback, with a
    # reason the Appeals Committee accepts, and sets no term: BAUP's Board's reading is this many
    # calendar days after the last day to ask for feedback (rules.appeal_without_feedback_due), the
    # 10 days of ал.10 as if the feedback had come that day.
    "APPEAL_WITHOUT_FEEDBACK_DAYS": 10,
    # The competence elements a report's coverage counts against (CSV: code, group, name_en,
    # name_bg). BAUP's National Competence Requirements, which 004 names, are not published here:
    # empty means the shipped IPMA ICB 3.0 list (certification/data/competences.csv) stands in,
    # and the pages say so. Point it at BAUP's own list when it is available.
    "COMPETENCE_ELEMENTS_FILE": "",
    # The register of issued documents (001 art. 22). The key of the keyed hash (HMAC-SHA-256) of a
    # holder's ЕГН/ЛНЧ that a verification compares (empty: derived from SECRET_KEY; set it on its
    # own so that a new SECRET_KEY does not end every verification). The term NAPOO suggests for a
    # centre to fix a mismatch (001 art. 22(8) sets none: the site's choice, the officer changes it).
    # How often one address may ask the verification page.
    "PERSONAL_NUMBER_KEY": "",
    "DOCUMENT_FIX_DAYS": 14,
    "VERIFY_RATE_LIMIT": "10 per minute; 100 per hour",
    # The most people one CSV file may add to a course's list (the site's choice).
    "PARTICIPANT_IMPORT_MAX_ROWS": 500,
    "PARTICIPANT_IMPORT_MAX_BYTES": 1024 * 1024,
    # The annual quality self-assessment (002 asks for it "ежегодно" and sets no date): the report on
    # a year is due on this month-day of the next year (the site's choice), and an indicator is
    # scored from 1 to this (the site's choice; NAPOO's form may say otherwise).
    "SELF_ASSESSMENT_DUE": "03-31",
    "SELF_ASSESSMENT_SCALE": 5,
}

# Environment variables read at start; each maps to a config key of the same name.
ENVIRONMENT = (
    "SECRET_KEY",
    "DATABASE_URL",
    "PUBLIC_BASE_URL",
    "TRUSTED_HOSTS",
    "SITE_LANGUAGE",
    "MAIL_SERVER",
    "MAIL_PORT",
    "MAIL_SENDER",
    "MAIL_SUPPRESS_SEND",
    "MAIL_OUTBOX_DIR",
    "DATA_DIR",
    "UPLOAD_DIR",
    "UPLOAD_MAX_BYTES",
    "RATELIMIT_STORAGE_URI",
    "SESSION_COOKIE_SECURE",
    "COMPETENCE_ELEMENTS_FILE",
    "PERSONAL_NUMBER_KEY",
)
BOOLEANS = {"MAIL_SUPPRESS_SEND", "SESSION_COOKIE_SECURE"}


def load_config(app, overrides=None):
    """Fill app.config from defaults, the environment and overrides, in that order."""
    app.config.update(DEFAULTS)
    for name in ENVIRONMENT:
        if name in os.environ:
            value = os.environ[name]
            if name in ("MAIL_PORT", "UPLOAD_MAX_BYTES"):
                value = int(value)
            elif name in BOOLEANS:
                value = value.lower() in ("1", "true", "yes")
            elif name == "TRUSTED_HOSTS":
                value = [host.strip() for host in value.split(",") if host.strip()] or None
            app.config[name] = value
    if "SECRET_KEY" not in os.environ:
        kept = _read_secret_key(os.path.join(app.instance_path, SECRET_KEY_FILE))
        if kept:
            app.config["SECRET_KEY"] = kept
    if overrides:
        app.config.update(overrides)
    app.config["BABEL_DEFAULT_LOCALE"] = app.config["SITE_LANGUAGE"]
    if not app.config["DATA_DIR"]:
        app.config["DATA_DIR"] = os.path.join(app.instance_path, "data")
    if not app.config["UPLOAD_DIR"]:
        app.config["UPLOAD_DIR"] = os.path.join(app.instance_path, "uploads")
    app.config["TRUSTED_HOSTS"] = trusted_hosts(app)
    # Cookies travel only over HTTPS outside debug and tests, unless the caller says otherwise.
    if "SESSION_COOKIE_SECURE" not in (overrides or {}) and "SESSION_COOKIE_SECURE" not in os.environ:
        app.config["SESSION_COOKIE_SECURE"] = not (
            app.debug or app.config.get("TESTING") or os.environ.get("FLASK_DEBUG") == "1"
        )


def trusted_hosts(app):
    """Flask's TRUSTED_HOSTS (3.1+: a request with another Host header gets 400): the configured
    list; else, outside debug and tests, the host of PUBLIC_BASE_URL; else None (any host)."""
    configured = app.config.get("TRUSTED_HOSTS")
    if configured:
        return list(configured)
    if app.debug or app.config.get("TESTING") or os.environ.get("FLASK_DEBUG") == "1":
        return None
    from urllib.parse import urlsplit

    host = urlsplit(app.config["PUBLIC_BASE_URL"]).hostname or "localhost"
    # The machine's own address answers by either name (`make run` prints 127.0.0.1).
    return ["127.0.0.1", "localhost"] if host in ("127.0.0.1", "localhost") else [host]


def _read_secret_key(path):
    """The key kept in `path`, or None when there is no such file."""
    try:
        with open(path, encoding="ascii") as handle:
            return handle.read().strip() or None
    except FileNotFoundError:
        return None


def instance_secret_key(path):
    """The random key kept in `path`, created (readable by its owner only) if the file is missing:
    `make run` calls it, so every run and every worker signs with the same key, never the
    development one."""
    kept = _read_secret_key(path)
    if kept:
        return kept
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    key = secrets.token_hex(32)
    try:
        # O_EXCL: of two runs starting at once, one writes and the other reads what it wrote.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_secret_key(path)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    return key


def check_secret_key(app):
    """Refuse to start outside debug and tests with the development key or an empty one: anyone
    could sign a session cookie (an admin's) with it."""
    if app.debug or app.testing or app.config.get("TESTING"):
        return
    key = app.config.get("SECRET_KEY")
    if not key or key == DEVELOPMENT_SECRET_KEY:
        raise RuntimeError(
            "SECRET_KEY is not set: set the SECRET_KEY environment variable to a long random value "
            "(e.g. `openssl rand -hex 32`), or run through `make run`, which keeps one in "
            f"instance/{SECRET_KEY_FILE}. The development key is refused outside debug and tests."
        )
