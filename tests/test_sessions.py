"""Issue 11, points 1-5: secret key, links in mail, sessions that end, the outbox, caching and logs."""

import os
import re
import stat

import pytest
from flask import Flask

from certification.demo import synthetic_egn as demo_egn
from portal import create_app
from portal.accounts import User, set_password_token
from portal.config import DEVELOPMENT_SECRET_KEY, SECRET_KEY_FILE, instance_secret_key, load_config
from portal.mail import outbox
from tests.conftest import TEST_PASSWORD
from tests.test_accounts import csrf_app  # noqa: F401 - the fixture: the app with CSRF on

# --- 1. A known secret key -----------------------------------------------------------------------


@pytest.mark.parametrize("key", [DEVELOPMENT_SECRET_KEY, ""])
def test_production_refuses_the_development_or_an_empty_key(database_url, tmp_path, key, monkeypatch):
    """Outside debug and tests, create_app raises with the development key or an empty one."""
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"DATABASE_URL": database_url, "SECRET_KEY": key, "DATA_DIR": str(tmp_path)})


def test_debug_and_tests_may_use_the_development_key(database_url, tmp_path):
    """Tests (and debug) still start with the development key."""
    app = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": DEVELOPMENT_SECRET_KEY})
    assert app.config["SECRET_KEY"] == DEVELOPMENT_SECRET_KEY


def test_the_instance_key_is_made_once_and_kept(tmp_path, monkeypatch):
    """instance_secret_key (what `make run` calls): a long random key, readable by its owner only,
    the same on every later run; load_config uses it when the environment sets no SECRET_KEY."""
    path = tmp_path / "instance" / SECRET_KEY_FILE
    first = instance_secret_key(str(path))
    assert len(first) >= 64 and first != DEVELOPMENT_SECRET_KEY
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert instance_secret_key(str(path)) == first
    assert instance_secret_key(str(tmp_path / "other" / SECRET_KEY_FILE)) != first

    monkeypatch.delenv("SECRET_KEY", raising=False)
    app = Flask("probe", instance_path=str(tmp_path / "instance"))
    load_config(app)
    assert app.config["SECRET_KEY"] == first
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    load_config(app)
    assert app.config["SECRET_KEY"] == "from-the-environment"


# --- 2. Links in mail are built on PUBLIC_BASE_URL, never on the request's Host ------------------

ATTACKER = "http://attacker.example"
TOKEN = "eyJ1aWQiOjUsImZwIjoiYWJjIn0.Z0t1aQ.Xq3l9kC2mQe7VtRkq0n2bq8mH4s"  # a made-up signed token


@pytest.mark.parametrize(
    "path, data",
    [
        (
            "/certification/apply",
            {
                "full_name": "Примерна Кандидатка Тестова",
                "personal_number": demo_egn(1),
                "email": "candidate@example.com",
                "level": "C",
                "language": "bg",
            },
        ),
        (
            "/apply",
            {
                "organisation_name": "Учебен център Пример ООД",
                "eik": "121604193",
                "representative": "Иван Примеров",
                "email": "centre@example.com",
            },
        ),
    ],
)
def test_a_forged_host_does_not_reach_the_mailed_link(app, client, path, data):
    """POST /certification/apply (and the licensing /apply) with Host: attacker.example mails a
    set-password link to PUBLIC_BASE_URL, and the link works there."""
    app.config["PUBLIC_BASE_URL"] = "https://registar.example.org/portal"
    response = client.post(path, data=data, base_url=ATTACKER)
    assert response.status_code == 303, response.text
    with app.app_context():
        body = outbox()[-1].get_content()
        assert User.by_email(data["email"]).password_hash == ""
    assert "attacker.example" not in body
    (link,) = re.findall(r"https://registar\.example\.org/portal/account/set-password/\S+", body)
    opened = client.get(link.removeprefix("https://registar.example.org/portal"))
    assert opened.status_code == 200 and "password" in opened.text.lower()


def test_the_cli_link_is_on_the_public_address(app, runner):
    """flask users link prints a link on PUBLIC_BASE_URL."""
    app.config["PUBLIC_BASE_URL"] = "https://registar.example.org"
    assert (
        runner.invoke(args=["users", "create", "officer@example.test", "--role", "napoo_officer"]).exit_code
        == 0
    )
    result = runner.invoke(args=["users", "link", "officer@example.test"])
    assert result.output.startswith("https://registar.example.org/account/set-password/")


def test_unknown_hosts_are_refused_in_production(database_url, tmp_path, monkeypatch):
    """Outside debug and tests only the hosts of TRUSTED_HOSTS (by default PUBLIC_BASE_URL's) are
    answered: another Host header gets 400, before any view runs."""
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    monkeypatch.delenv("TRUSTED_HOSTS", raising=False)
    config = {"DATABASE_URL": database_url, "SECRET_KEY": "t", "DATA_DIR": str(tmp_path)}
    production = create_app({**config, "PUBLIC_BASE_URL": "https://registar.example.org"})
    assert production.config["TRUSTED_HOSTS"] == ["registar.example.org"]
    client = production.test_client()
    assert client.get("/healthz", base_url=ATTACKER).status_code == 400
    assert client.get("/healthz", base_url="https://registar.example.org").status_code == 200

    monkeypatch.setenv("TRUSTED_HOSTS", "registar.example.org, .bapm.example")
    listed = create_app(config).test_client()
    assert listed.get("/healthz", base_url="https://www.bapm.example").status_code == 200
    assert listed.get("/healthz", base_url=ATTACKER).status_code == 400
    monkeypatch.delenv("TRUSTED_HOSTS")
    local = create_app(config).test_client()  # `make run`'s default address
    assert local.get("/healthz", base_url="http://localhost:8000").status_code == 200
    assert local.get("/healthz", base_url=ATTACKER).status_code == 400


# --- 3. Logging out, a new password or a new role ends every session ----------------------------


def _stolen_cookie(app, client):
    """A second client holding a copy of `client`'s session cookie (a replayed or stolen cookie)."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def _refused(client):
    """Whether the staff page sends this client to the login form."""
    response = client.get("/staff/")
    return response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_replayed_cookie_is_refused_after_logout(app, client, login):
    """Logging out ends every session of the user: the old cookie no longer opens a staff page."""
    user = login("napoo_officer")
    thief = _stolen_cookie(app, client)
    assert thief.get("/staff/").status_code == 200  # the copy works while the session lasts
    assert client.post("/logout").status_code == 303
    assert _refused(thief) and _refused(client)
    with app.app_context():
        assert User.get_by_id(user.id).session_version == user.session_version + 1


def test_a_replayed_cookie_is_refused_after_a_password_change(app, client, login):
    """Setting a password through the mailed link ends the sessions opened before it."""
    user = login("napoo_officer")
    thief = _stolen_cookie(app, client)
    with app.app_context():
        token = set_password_token(User.get_by_id(user.id))
    new = "another long passphrase here"
    response = app.test_client().post(
        f"/account/set-password/{token}", data={"password": new, "confirm": new}
    )
    assert response.status_code == 303
    assert _refused(thief) and _refused(client)
    with app.app_context():
        assert User.get_by_id(user.id).check_password(new)


def test_a_replayed_cookie_is_refused_after_a_role_change(app, client, login):
    """A new role (or deactivation) ends the user's sessions: they log in again with the new role."""
    user = login("admin")
    thief = _stolen_cookie(app, client)
    with app.app_context():
        demoted = User.get_by_id(user.id)
        demoted.role = "napoo_expert"
        demoted.save()
    assert _refused(thief) and _refused(client)
    with app.app_context():
        assert User.get_by_id(user.id).session_version == user.session_version + 1


def test_an_unrelated_save_keeps_sessions_and_a_stale_save_does_not_revive_them(app, client, login):
    """A new name keeps the sessions; saving an instance loaded before a logout does not put the
    old version back (the version only moves on in the database)."""
    user = login("napoo_officer")
    with app.app_context():
        renamed = User.get_by_id(user.id)
        renamed.name = "Officer Renamed"
        renamed.save()
    assert client.get("/staff/").status_code == 200
    thief = _stolen_cookie(app, client)
    with app.app_context():
        stale = User.get_by_id(user.id)
    client.post("/logout")
    with app.app_context():
        stale.name = "Stale"
        stale.save()
    assert _refused(thief)


def test_a_cookie_without_a_session_version_is_refused(app, client, make_user):
    """A cookie signed with the key and only a user id (the forged admin of issue 11) opens nothing."""
    from flask.sessions import SecureCookieSessionInterface

    admin = make_user("admin")
    serializer = SecureCookieSessionInterface().get_signing_serializer(app)
    client.set_cookie("session", serializer.dumps({"_user_id": str(admin.id), "_fresh": True}))
    assert _refused(client)


def test_login_rotates_the_csrf_token(csrf_app, make_user):  # noqa: F811 - the imported fixture
    """The CSRF token from before login is not valid after it: a POST with it is refused (400)."""
    client = csrf_app.test_client()
    user = make_user("napoo_officer")
    page = client.get("/login").text
    before = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(
        "/login", data={"email": user.email, "password": TEST_PASSWORD, "csrf_token": before}
    )
    assert response.status_code == 303
    assert client.post("/logout", data={"csrf_token": before}).status_code == 400
    assert client.get("/staff/").status_code == 200  # still logged in: the logout was refused
    after = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/staff/").text)
    assert after and after.group(1) != before
    assert client.post("/logout", data={"csrf_token": after.group(1)}).status_code == 303


# --- 4. The outbox: the admin's development aid, without usable links -----------------------------


def test_the_outbox_is_the_admins_and_shows_no_usable_link(app, client, login, make_user, tmp_path):
    """An officer gets 403; the admin sees that the mail was written (to, subject) but neither the
    set-password token nor an access code; with a mail server configured the page is gone (404)."""
    from portal.accounts import send_set_password_link
    from portal.mail import send_mail

    app.config["MAIL_OUTBOX_DIR"] = str(tmp_path / "outbox")
    applicant = make_user("applicant", "person@example.test")
    with app.test_request_context():
        mailed = send_set_password_link(User.get_by_id(applicant.id), "Your account", "Welcome.")
        send_mail("person@example.test", "Your code", "Your personal access code: K7QX-M3PD-W9UA-4RTE.")
    token = re.search(r"/account/set-password/(\S+)", mailed.get_content()).group(1)
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == 2
    login("napoo_officer")
    assert client.get("/staff/outbox").status_code == 403
    client.post("/logout")
    login("admin")
    page = client.get("/staff/outbox")
    assert page.status_code == 200
    assert "person@example.test" in page.text and "Your account" in page.text and "Your code" in page.text
    assert "/account/set-password/[hidden]" in page.text
    assert token not in page.text and token.split(".")[-1] not in page.text
    assert "K7QX-M3PD-W9UA-4RTE" not in page.text
    app.config["MAIL_SERVER"] = "smtp.example.test"
    assert client.get("/staff/outbox").status_code == 404


def test_hide_credentials_keeps_ordinary_text():
    """Host names, addresses, file names and candidate IDs stay; tokens and codes go."""
    from portal.tokens import hide_credentials

    text = "https://registar.example.org/v/gSs6vWX4Df2r candidate@example.com заявление.pdf 2222-2222-22A"
    assert hide_credentials(text) == text
    compressed = ".eJyrVkrLz1eyUkpKLFKqBQAeAgS7.Z0t1aQ." + TOKEN[-27:]
    hidden = hide_credentials(f"/account/set-password/{TOKEN} and {compressed}")
    assert hidden == "/account/set-password/[hidden] and [hidden]"


# --- 5. No caching of signed-in pages, no tokens in the access log, links that expire in hours ----


def test_every_signed_in_response_is_no_store(app, client, login):
    """Cache-Control: private, no-store on every response to a signed-in user (pages, fragments,
    errors), and on the set-password page; public pages for visitors keep their caching."""
    assert "no-store" not in client.get("/licences/").headers.get("Cache-Control", "")
    assert client.get("/account/set-password/forged").headers["Cache-Control"] == "private, no-store"
    login("napoo_officer")
    for url in ("/staff/", "/licences/", "/applications/", "/no-such-page"):
        response = client.get(url)
        assert response.headers["Cache-Control"] == "private, no-store", url
    fragment = client.get("/licences/?q=a", headers={"HX-Request": "true"})
    assert fragment.headers["Cache-Control"] == "private, no-store"


def test_the_access_log_hides_set_password_tokens():
    """gunicorn's access log (make run's --logger-class) and werkzeug's request log (make dev)
    write a set-password path without its token, the Referer included."""
    import datetime
    import logging

    from gunicorn.config import Config

    from portal.access_log import AccessLogger, HideCredentials

    class Response:
        status = "200 OK"
        response_length = 10
        sent = 10
        headers = []

    class Req:
        headers = [("REFERER", f"http://127.0.0.1:8000/account/set-password/{TOKEN}")]

    environ = {
        "REQUEST_METHOD": "POST",
        "RAW_URI": f"/account/set-password/{TOKEN}?x=1",
        "PATH_INFO": f"/account/set-password/{TOKEN}",
        "QUERY_STRING": "x=1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": f"http://127.0.0.1:8000/account/set-password/{TOKEN}",
    }
    atoms = AccessLogger(Config()).atoms(Response(), Req(), environ, datetime.timedelta(seconds=1))
    line = Config().access_log_format % atoms
    assert TOKEN not in line and TOKEN.split(".")[-1] not in line
    assert '"POST /account/set-password/[hidden]?x=1 HTTP/1.1"' in line
    assert atoms["U"] == "/account/set-password/[hidden]"

    line = f"GET /account/set-password/{TOKEN} HTTP/1.1"
    record = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, '"%s" %s %s', (line, 200, 5), None)
    assert HideCredentials().filter(record)
    assert record.getMessage() == '"GET /account/set-password/[hidden] HTTP/1.1" 200 5'


def test_a_set_password_link_works_once_and_for_hours_not_days(app, client, make_user, monkeypatch):
    """SET_PASSWORD_MAX_AGE is 12 hours: a link made 11 hours ago opens, one made 13 hours ago is
    refused (410); once the password is set the same link is refused too."""
    import time

    assert app.config["SET_PASSWORD_MAX_AGE"] == 12 * 3600
    app.config["SITE_LANGUAGE"] = "en"  # the mail's wording is asserted in English
    user = make_user("applicant", "person@example.test")
    now = time.time()
    with app.app_context():
        fresh = User.get_by_id(user.id)
        monkeypatch.setattr(time, "time", lambda: now - 13 * 3600)
        old = set_password_token(fresh)
        monkeypatch.setattr(time, "time", lambda: now - 11 * 3600)
        recent = set_password_token(fresh)
        monkeypatch.undo()
    assert client.get(f"/account/set-password/{old}").status_code == 410
    assert client.get(f"/account/set-password/{recent}").status_code == 200
    new = "another long passphrase here"
    data = {"password": new, "confirm": new}
    assert client.post(f"/account/set-password/{recent}", data=data).status_code == 303
    assert client.get(f"/account/set-password/{recent}").status_code == 410
    with app.app_context():
        assert User.get_by_id(user.id).check_password(new)
    with app.test_request_context():
        from portal.accounts import send_set_password_link

        body = send_set_password_link(User.get_by_id(user.id), "Your account", "Welcome.").get_content()
    assert "for 12 hours" in body and "3 days" not in body
