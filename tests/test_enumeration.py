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
        client.post("/login", data={"email": f"u{n}@example.com", "password": "x"}).status_code
        for n in range(11)
    ]
    assert codes == [422] * 10 + [429]


def test_login_hashes_a_dummy_password_for_an_unknown_email(app, client, make_user, monkeypatch):
    """Point 8: an unknown e-mail, or an account without a password, costs an Argon2 hash as a wrong
    password does (the time does not tell them apart; no timing is asserted, the hash is)."""
    from portal import accounts

    calls = []
    real = accounts._hasher

    class Spy:
        """The hasher, counting its work."""

        def hash(self, password):
            calls.append("hash")
            return real.hash(password)

        def verify(self, hashed, password):
            calls.append("verify")
            return real.verify(hashed, password)

    make_user("board", "known@example.com")
    with app.app_context():
        accounts.create_user("nopassword@example.com", "applicant")
    monkeypatch.setattr(accounts, "_hasher", Spy())
    answers = []
    for email in ("known@example.com", "unknown@example.com", "nopassword@example.com"):
        calls.clear()
        response = client.post("/login", data={"email": email, "password": "wrong password"})
        answers.append((response.status_code, response.text.replace(email, "EMAIL")))  # kept in the form
        assert calls == ["verify"] if email.startswith("known") else calls == ["hash"], email
    assert answers[0] == answers[1] == answers[2]
    assert answers[0][0] == 422


def _licensing(client, email, eik):
    return client.post(
        "/apply",
        data={
            "organisation_name": "Учебен център Пример ООД",
            "eik": eik,
            "representative": "Иван Примеров",
            "email": email,
        },
    )


def _certification(client, email, serial):
    from tests.test_certification import synthetic_egn

    return client.post(
        "/certification/apply",
        data={
            "full_name": "Примерна Кандидатка Тестова",
            "personal_number": synthetic_egn(serial),
            "email": email,
            "level": "C",
            "language": "bg",
        },
    )


def _answer(client, response):
    """What the visitor sees of a POST: its status and where it leads, and that page."""
    page = client.get(response.headers["Location"]) if response.status_code == 303 else response
    return response.status_code, response.headers.get("Location"), page.status_code, page.text


def test_registration_answers_a_known_email_as_a_new_one_and_tells_the_owner(app, client, make_user):
    """Point 8: /apply and /certification/apply give an e-mail that has an account the answer a new
    one gets (status, page), write nothing for it, and mail its owner instead of telling the visitor."""
    from certification.models import CertApplication
    from portal.accounts import User
    from portal.mail import outbox
    from register.licensing.models import LicensingApplication

    make_user("applicant", "owner@example.com")
    with app.app_context():
        sent = outbox()
        new = _answer(client, _licensing(client, "new@example.com", "121604193"))
        assert sent[-1]["To"] == "new@example.com" and "set-password" in sent[-1].get_content()
        known = _answer(client, _licensing(client, "OWNER@example.com", "175074752"))
        assert known == new and new[0] == 303
        assert sent[-1]["To"] == "owner@example.com"
        assert "set-password" not in sent[-1].get_content()  # no link to take over the account
        assert "/account/forgot-password" in sent[-1].get_content()
        assert LicensingApplication.select().count() == 1
        count = len(sent)
        new = _answer(client, _certification(client, "person@example.com", 1))
        known = _answer(client, _certification(client, "owner@example.com", 2))
        assert known == new and new[0] == 303
        assert [m["To"] for m in sent[count:]] == ["person@example.com", "owner@example.com"]
        assert CertApplication.select().count() == 1
        assert User.select().where(User.email == "owner@example.com").count() == 1


def test_registrations_and_the_forgotten_password_are_rate_limited(database_url, tmp_path):
    """Point 8: each form that mails the address typed is limited per client address
    (MAIL_FORM_RATE_LIMIT); a refused form says nothing about the address either."""
    app = _limited_app(database_url, tmp_path, MAIL_FORM_RATE_LIMIT="2 per minute")
    client = app.test_client()
    for path, data in (
        ("/apply", {"email": "x"}),
        ("/certification/apply", {"email": "x"}),
        ("/account/forgot-password", {"email": "nobody@example.com"}),
    ):
        codes = [client.post(path, data=data).status_code for _ in range(3)]
        assert codes[-1] == 429 and 429 not in codes[:2], (path, codes)


def test_forgotten_password_end_to_end(app, client, make_user):
    """Point 8: the login page links to the form; every address gets the same answer; only an
    active account's owner gets a signed link (its own salt, RESET_PASSWORD_MAX_AGE_HOURS) that
    opens the set-password page once; the new password logs in, the old one no more."""
    from portal.accounts import User
    from portal.mail import outbox
    from tests.conftest import TEST_PASSWORD

    app.config["SITE_LANGUAGE"] = "en"  # the page's and the mail's wording are asserted in English

    make_user("board", "owner@example.com")
    make_user("board", "gone@example.com")
    with app.app_context():
        User.update(active=False).where(User.email == "gone@example.com").execute()
    assert 'href="/account/forgot-password"' in client.get("/login").text
    assert client.get("/account/forgot-password").status_code == 200
    with app.app_context():
        sent = outbox()
        answers = [
            _answer(client, client.post("/account/forgot-password", data={"email": email}))
            for email in ("owner@example.com", "nobody@example.com", "gone@example.com")
        ]
        assert answers[0] == answers[1] == answers[2]
        assert answers[0][:3] == (303, "/login", 200) and "a link to set a new password" in answers[0][3]
        assert [m["To"] for m in sent] == ["owner@example.com"]
        body = sent[0].get_content()
    link = re.search(r"http://[^/\s]+(/account/set-password/\S+)", body).group(1)
    assert client.get(link).status_code == 200
    assert (
        client.post(
            link, data={"password": "a brand new passphrase", "confirm": "a brand new passphrase"}
        ).status_code
        == 303
    )
    assert client.get(link).status_code == 410  # once
    assert (
        client.post("/login", data={"email": "owner@example.com", "password": TEST_PASSWORD}).status_code
        == 422
    )
    assert (
        client.post(
            "/login", data={"email": "owner@example.com", "password": "a brand new passphrase"}
        ).status_code
        == 303
    )


def test_a_forgotten_password_link_expires_in_hours(app, client, make_user, monkeypatch):
    """Point 8: the link lives RESET_PASSWORD_MAX_AGE_HOURS, and a new account's link does not
    stand in for it (their salts differ)."""
    from itsdangerous import URLSafeTimedSerializer

    from portal.accounts import reset_password_token, set_password_token

    user = make_user("board", "owner@example.com")
    with app.test_request_context():
        token = reset_password_token(user)
        assert token != set_password_token(user)
        forged = URLSafeTimedSerializer("test-secret", salt="registar.reset-password").dumps({"uid": user.id})
    app.config["RESET_PASSWORD_MAX_AGE_HOURS"] = 0
    monkeypatch.setattr("time.time", lambda: 4_000_000_000)
    assert client.get(f"/account/set-password/{token}").status_code == 410
    assert client.get(f"/account/set-password/{forged}").status_code == 410
