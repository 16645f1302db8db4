"""Accounts and the security baseline: login, signed set-password links, CSRF, headers, limits."""

import re

import pytest
from itsdangerous import URLSafeTimedSerializer

from portal import create_app
from portal.accounts import User, set_password_token
from portal.audit import AuditEntry
from tests.conftest import TEST_PASSWORD


def test_login_and_logout(client, make_user):
    """A staff user logs in, lands on the staff page, and logs out."""
    user = make_user("napoo_officer")
    response = client.post("/login", data={"email": user.email.upper(), "password": TEST_PASSWORD})
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/staff/")
    assert client.get("/staff/").status_code == 200
    assert client.post("/logout").status_code == 303
    assert client.get("/staff/").status_code == 302


def test_wrong_password_keeps_the_email(client, make_user):
    """A failed login says so, keeps what was typed, and logs nothing in."""
    user = make_user("napoo_officer")
    response = client.post("/login", data={"email": user.email, "password": "nope"})
    assert response.status_code == 422
    assert 'id="login-error"' in response.text
    assert f'value="{user.email}"' in response.text
    assert client.get("/staff/").status_code == 302


def test_login_redirect_goes_back_but_never_offsite(client, make_user):
    """?next= returns to a local page only."""
    user = make_user("napoo_chair")
    data = {"email": user.email, "password": TEST_PASSWORD}
    assert client.post("/login?next=/data/", data=data).headers["Location"] == "/data/"
    client.post("/logout")
    assert client.post("/login?next=https://evil.example/", data=data).headers["Location"] == "/staff/"


def test_password_is_hashed_with_argon2(app, make_user):
    """Passwords are stored as Argon2id hashes."""
    user = make_user("admin")
    with app.app_context():
        stored = User.get_by_id(user.id).password_hash
    assert stored.startswith("$argon2id$")
    assert TEST_PASSWORD not in stored


def test_users_create_prints_a_single_use_link(app, runner, client):
    """`flask users create` makes a user and a link that sets the password once."""
    result = runner.invoke(args=["users", "create", "new@example.test", "--role", "napoo_expert"])
    assert result.exit_code == 0, result.output
    link = re.search(r"http://\S+/account/set-password/(\S+)", result.output)
    assert link
    path = f"/account/set-password/{link.group(1)}"
    assert client.get(path).status_code == 200
    short = client.post(path, data={"password": "short", "confirm": "short"})
    assert short.status_code == 422 and "12" in short.text
    good = {"password": "a long new password", "confirm": "a long new password"}
    assert client.post(path, data=good).status_code == 303
    assert client.get(path).status_code == 410  # used once: the link is dead
    response = client.post("/login", data={"email": "new@example.test", "password": good["password"]})
    assert response.status_code == 303


@pytest.mark.parametrize("role", ["boss", ""])
def test_users_create_rejects_unknown_roles(runner, role):
    """Only the known roles."""
    result = runner.invoke(args=["users", "create", "x@example.test", "--role", role])
    assert result.exit_code != 0


def test_set_password_token_expires_and_is_bound_to_its_purpose(app, make_user, client):
    """A token past max_age, forged, or signed for another purpose is refused."""
    user = make_user("napoo_officer")
    with app.test_request_context():
        token = set_password_token(user)
        other = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="registar.other").dumps(
            {"uid": user.id}
        )
    app.config["SET_PASSWORD_MAX_AGE"] = -1
    assert client.get(f"/account/set-password/{token}").status_code == 410
    app.config["SET_PASSWORD_MAX_AGE"] = 3600
    assert client.get(f"/account/set-password/{token}").status_code == 200
    assert client.get(f"/account/set-password/{token[:-2]}xx").status_code == 410
    assert client.get(f"/account/set-password/{other}").status_code == 410


def test_login_is_audited(app, client, make_user):
    """Every staff action leaves an audit entry."""
    user = make_user("napoo_officer")
    client.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
    with app.app_context():
        assert AuditEntry.select().where(AuditEntry.action == "login").count() == 1


@pytest.fixture
def csrf_app(database_url, tmp_path):
    """The app with CSRF protection on, as in production."""
    return create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "t",
            "RATELIMIT_ENABLED": False,
            "DATA_DIR": str(tmp_path),
        }
    )


def test_csrf_rejects_a_post_without_token(csrf_app, make_user):
    """A state-changing request without the CSRF token is refused, htmx included."""
    client = csrf_app.test_client()
    user = make_user("napoo_officer")
    response = client.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 400
    htmx = client.post("/logout", headers={"HX-Request": "true"})
    assert htmx.status_code == 400
    assert htmx.headers["HX-Retarget"] == "#htmx-errors"


def test_csrf_token_in_form_and_htmx_header(csrf_app, make_user):
    """The login form carries a token; once signed in, every page puts one in hx-headers on <body>,
    and htmx requests that send it pass."""
    client = csrf_app.test_client()
    user = make_user("napoo_officer")
    page = client.get("/login").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert "hx-headers" not in page  # anonymous: the form's own token is enough
    response = client.post(
        "/login", data={"email": user.email, "password": TEST_PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 303
    page = client.get("/licences/").text
    header = re.search(r'<body[^>]* hx-headers=\'\{"X-CSRFToken": "([^"]+)"\}\'', page)
    assert header
    assert client.post(
        "/logout", headers={"HX-Request": "true", "X-CSRFToken": header.group(1)}
    ).status_code in (
        200,
        303,
    )


def test_public_pages_set_no_cookie(csrf_app):
    """An anonymous visitor of the public register gets no session cookie (nothing to consent to)."""
    client = csrf_app.test_client()
    for url in ("/", "/licences/", "/licences/?q=знание", "/licences/revoked", "/data/"):
        response = client.get(url)
        assert response.status_code == 200
        assert "Set-Cookie" not in response.headers, url


def test_security_headers(client):
    """CSP with no inline script, and the usual hardening headers."""
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "<script>" not in response.text  # no inline script anywhere on the page


def test_session_cookie_flags(database_url, tmp_path, make_user):
    """The session cookie is HttpOnly, SameSite=Lax, and Secure outside debug and tests."""
    production = create_app(
        {
            "DATABASE_URL": database_url,
            "SECRET_KEY": "t",
            "WTF_CSRF_ENABLED": False,
            "DATA_DIR": str(tmp_path),
        }
    )
    assert production.config["SESSION_COOKIE_SECURE"] is True
    user = make_user("napoo_officer")
    client = production.test_client()
    response = client.post(
        "/login",
        data={"email": user.email, "password": TEST_PASSWORD},
        base_url="https://localhost",
    )
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie


def test_login_is_rate_limited(database_url, tmp_path, make_user):
    """Flask-Limiter: after ten attempts a minute, 429."""
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "t",
            "WTF_CSRF_ENABLED": False,
            "DATA_DIR": str(tmp_path),
            "LOGIN_RATE_LIMIT": "3 per minute",
        }
    )
    client = app.test_client()
    codes = [client.post("/login", data={"email": "a@b.c", "password": "x"}).status_code for _ in range(4)]
    assert codes == [422, 422, 422, 429]
    assert client.get("/login").status_code == 200  # the form itself is not limited


def test_users_create_can_mail_the_link(app, runner):
    """--send e-mails the same link; with sending suppressed it waits in the outbox."""
    from portal.mail import outbox

    result = runner.invoke(args=["users", "create", "mail@example.test", "--role", "admin", "--send"])
    assert result.exit_code == 0, result.output
    link = re.search(r"set-password link: (\S+)", result.output).group(1)
    with app.app_context():
        (message,) = outbox()
    assert message["To"] == "mail@example.test"
    assert link in message.get_content()
