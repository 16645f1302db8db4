"""Configuration: defaults, then the environment, then the mapping a caller passes."""

import os

DEFAULTS = {
    "SECRET_KEY": "dev-only-not-secret",
    "DATABASE_URL": "sqlite:///instance/registar.sqlite3",
    # Milliseconds a SQLite write waits for another connection's write lock (an import, say)
    # before the visitor gets a 503 "busy, try again" page with Retry-After.
    "DATABASE_BUSY_TIMEOUT": 5000,
    "SITE_LANGUAGE": "bg",
    "LANGUAGES": ("bg", "en"),
    "BABEL_DEFAULT_TIMEZONE": "Europe/Sofia",
    "MAIL_SENDER": "registar@localhost",
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
    "SET_PASSWORD_MAX_AGE": 3 * 24 * 3600,
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
}

# Environment variables read at start; each maps to a config key of the same name.
ENVIRONMENT = (
    "SECRET_KEY",
    "DATABASE_URL",
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
            app.config[name] = value
    if overrides:
        app.config.update(overrides)
    app.config["BABEL_DEFAULT_LOCALE"] = app.config["SITE_LANGUAGE"]
    if not app.config["DATA_DIR"]:
        app.config["DATA_DIR"] = os.path.join(app.instance_path, "data")
    if not app.config["UPLOAD_DIR"]:
        app.config["UPLOAD_DIR"] = os.path.join(app.instance_path, "uploads")
    # Cookies travel only over HTTPS outside debug and tests, unless the caller says otherwise.
    if "SESSION_COOKIE_SECURE" not in (overrides or {}) and "SESSION_COOKIE_SECURE" not in os.environ:
        app.config["SESSION_COOKIE_SECURE"] = not (
            app.debug or app.config.get("TESTING") or os.environ.get("FLASK_DEBUG") == "1"
        )
