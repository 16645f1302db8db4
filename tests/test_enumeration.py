"""Issue 11, points 8 and 9: nobody learns from the site whether an e-mail has an account (login,
registration, forgotten password), and the rate limits hold exactly as stated."""

import re
import shlex
from pathlib import Path

from portal import create_app
from portal.config import DEFAULTS

ROOT = Path(__file__).resolve().parent.parent


def _limited_app(database_url, tmp_path, **overrides):
    """The app with its rate limits on, at their defaults unless overridden."""
    return create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "t",
            "WTF_CSRF_ENABLED": False,
            "DATA_DIR": str(tmp_path),
            **overrides,
        }
    )


def _run_recipe():
    """The gunicorn command of `make run`, as words."""
    text = (ROOT / "Makefile").read_text()
    recipe = re.search(r"^run:.*?\n((?:\t.*\n)+)", text, re.M).group(1)
    return shlex.split(next(line for line in recipe.splitlines() if "gunicorn" in line))


def test_make_run_counts_the_limits_in_one_place():
    """Point 9: limits stored in memory are per process, so `make run` serves one worker process
    (threads share its count), unless a storage all workers share is set."""
    words = _run_recipe()
    workers = int(words[words.index("--workers") + 1]) if "--workers" in words else 1
    storage = next((w.split("=", 1)[1] for w in words if w.startswith("RATELIMIT_STORAGE_URI=")), None)
    storage = storage or DEFAULTS["RATELIMIT_STORAGE_URI"]
    assert workers == 1 or not storage.startswith("memory://"), words


def test_the_eleventh_login_in_a_minute_is_refused(database_url, tmp_path):
    """Point 9: at the stated limit (LOGIN_RATE_LIMIT, 10 a minute) the 11th attempt gets 429, the
    10th does not: counted exactly, for one address, whatever e-mail is tried."""
    assert DEFAULTS["LOGIN_RATE_LIMIT"] == "10 per minute"
    client = _limited_app(database_url, tmp_path).test_client()
    codes = [
        client.post("/login", data={"email": f"u{n}@example.test", "password": "x"}).status_code
        for n in range(11)
    ]
    assert codes == [422] * 10 + [429]
