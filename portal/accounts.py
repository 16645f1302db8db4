"""Staff accounts: users, roles, passwords, and the role checks every view uses."""

import datetime
import functools
import hashlib

import peewee as pw
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import abort, current_app, redirect, request, url_for
from flask_login import LoginManager, UserMixin, current_user

from portal.db import BaseModel
from portal.tokens import load_token, make_token

STAFF_ROLES = ("napoo_officer", "napoo_expert", "napoo_committee", "napoo_chair", "admin")
# BAUP's certification (004): the Scheme Management Group (ГУС), assessors, the Board of the
# Certification Commission, the Appeals Committee. Not NAPOO staff: the register's staff pages
# are not theirs.
CERT_ROLES = ("scheme_group", "assessor", "board", "appeals")
# An applicant is a training centre applying for a licence, or a person applying for certification.
# A centre's account acts for a licensed centre it is linked to (register.documents.models.CentreAccount):
# its courses, participants and the documents it issues.
CENTRE_ROLE = "centre"
ROLES = (*STAFF_ROLES, *CERT_ROLES, "applicant", CENTRE_ROLE)

_hasher = PasswordHasher()  # Argon2id with the library's current recommended parameters
login_manager = LoginManager()


def _utcnow():
    return datetime.datetime.now(datetime.UTC).replace(tzinfo=None)


class User(UserMixin, BaseModel):
    """A staff user with one role."""

    email = pw.CharField(max_length=255, unique=True)
    name = pw.CharField(max_length=255, default="")
    role = pw.CharField(max_length=32)
    password_hash = pw.CharField(max_length=255, default="")
    active = pw.BooleanField(default=True)
    created_at = pw.DateTimeField(default=_utcnow)
    # Moves on whenever the user logs out or their password, role or activity changes: a session
    # holds the version it began with (get_id) and ends once it differs (_load_user).
    session_version = pw.IntegerField(default=0)

    class Meta:
        table_name = "user_account"

    # Changing any of these ends every session of the user (save).
    SESSION_FIELDS = frozenset({"password_hash", "role", "active"})

    def get_id(self):
        """Flask-Login: what the session keeps, the id and the session version ("5:3")."""
        return f"{self.id}:{self.session_version}"

    def save(self, *args, **kwargs):
        """Save; a new password, role or activity ends every session of the user. The version is
        never written from this instance (it may be stale): only moved on in the database."""
        if self.id is None or kwargs.get("force_insert") or kwargs.get("only") is not None:
            return super().save(*args, **kwargs)
        ending = bool(self.SESSION_FIELDS & {field.name for field in self.dirty_fields})
        fields = [f for f in self._meta.sorted_fields if f is not User.session_version and not f.primary_key]
        saved = super().save(*args, only=fields, **kwargs)
        if ending:
            self.end_sessions()
        return saved

    def end_sessions(self):
        """End every session of the user (logout, a new password or role): move their version on."""
        User.update(session_version=User.session_version + 1).where(User.id == self.id).execute()
        self.session_version = User.select(User.session_version).where(User.id == self.id).scalar()
        self._dirty.discard("session_version")

    @property
    def is_active(self):
        """Flask-Login: a deactivated user cannot log in."""
        return self.active

    def set_password(self, password):
        """Hash and keep a new password (the caller saves)."""
        self.password_hash = _hasher.hash(password)

    def check_password(self, password):
        """Whether the password matches; never raises on a malformed or empty hash."""
        if not self.password_hash:
            return False
        try:
            return _hasher.verify(self.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def has_role(self, *roles):
        """Whether the user holds one of the roles (admin holds them all)."""
        return self.role == "admin" or self.role in roles

    @classmethod
    def by_email(cls, email):
        """The user with that e-mail, case-insensitively, or None."""
        return cls.get_or_none(cls.email == (email or "").strip().lower())


# Hashed in place of a password check when the e-mail has no account (or no password yet), so that
# a login with an unknown e-mail takes as long as one with a known e-mail and a wrong password.
DUMMY_PASSWORD = "not a password: only the time of a check"


def authenticate(email, password):
    """The active user with this e-mail and password, or None. An unknown e-mail, an account without
    a password and a deactivated one cost an Argon2 hash all the same: the time of the answer does
    not tell whether the e-mail has an account (issue 11, user enumeration)."""
    user = User.by_email(email)
    if user is None or not user.password_hash:
        _hasher.hash(DUMMY_PASSWORD)
        return None
    if not user.check_password(password) or not user.is_active:
        return None
    return user


def _password_fingerprint(user):
    """Changes whenever the password does, so a set-password link works once."""
    return hashlib.sha256(f"{user.id}:{user.password_hash}".encode()).hexdigest()[:16]


def set_password_token(user):
    """A signed link token that lets `user` set a password once."""
    return make_token("set-password", {"uid": user.id, "fp": _password_fingerprint(user)})


def set_password_hours():
    """How many hours a set-password link works (SET_PASSWORD_MAX_AGE), for the mail and pages."""
    return current_app.config["SET_PASSWORD_MAX_AGE"] // 3600


def reset_password_token(user):
    """A signed link token for a forgotten password (its own salt and a shorter life than a new
    account's link, RESET_PASSWORD_MAX_AGE_HOURS): it opens the same set-password page, once."""
    return make_token("reset-password", {"uid": user.id, "fp": _password_fingerprint(user)})


def user_for_set_password_token(token):
    """The user a set-password token (a new account's, or a forgotten password's) is for, or None if
    forged, expired or already used."""
    data = load_token("set-password", token, current_app.config["SET_PASSWORD_MAX_AGE"])
    if data is None:
        hours = current_app.config["RESET_PASSWORD_MAX_AGE_HOURS"]
        data = load_token("reset-password", token, int(hours * 3600))
    if not isinstance(data, dict):
        return None
    user = User.get_or_none(User.id == data.get("uid"))
    if user is None or not user.active or data.get("fp") != _password_fingerprint(user):
        return None
    return user


@login_manager.user_loader
def _load_user(session_id):
    """The session's user if active and the session began at their current session version (a
    logout, a new password or role since ends it); sessions without a version end too."""
    user_id, _, version = str(session_id).partition(":")
    try:
        user_id, version = int(user_id), int(version)
    except ValueError:
        return None
    return User.get_or_none(
        (User.id == user_id) & (User.active == True) & (User.session_version == version)  # noqa: E712
    )


def start_session(user):
    """Log `user` in and give the session a fresh CSRF token: a token seen before login (on a
    shared machine, or planted) is not valid in the user's session."""
    from flask import g, session
    from flask_login import login_user
    from flask_wtf.csrf import generate_csrf

    login_user(user)
    session.pop("csrf_token", None)
    g.pop("csrf_token", None)  # generate_csrf keeps the request's token here
    generate_csrf()


def end_session(user):
    """Log out, ending every session of the user (on every device), not only this cookie."""
    from flask_login import logout_user

    user.end_sessions()
    logout_user()


def _wants_redirect():
    """A browser navigating gets a login page; htmx and JSON clients get a status code."""
    if request.headers.get("HX-Request") and not request.headers.get("HX-Boosted"):
        return False
    best = request.accept_mimetypes.best_match(["text/html", "application/json"], "text/html")
    return best == "text/html"


def role_required(*roles):
    """Allow the view to users holding one of `roles`: anonymous browsers go to the login page,
    anonymous clients get 401, users without the role get 403."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                if _wants_redirect():
                    return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
                abort(401)
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_roles = roles
        return wrapped

    return decorator


def staff_required(view):
    """Any staff role."""
    return role_required(*STAFF_ROLES)(view)


def create_user(email, role, name=""):
    """Create a user with no password yet; they set one through a signed link."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    return User.create(email=email.strip().lower(), role=role, name=name)


def send_set_password_link(user, subject, intro, link=None):
    """Mail a new user their username and the single-use, expiring link to set a password (never
    a password in a mail); `link` if given (already made), else a fresh one."""
    from flask_babel import gettext as _

    from portal.mail import send_mail
    from portal.web import public_url

    link = link or public_url("accounts.set_password", token=set_password_token(user))
    return send_mail(
        user.email,
        subject,
        intro
        + "\n\n"
        + _("Your username: %(username)s", username=user.email)
        + "\n"
        + _("Set your password here (the link works once, for %(hours)d hours):", hours=set_password_hours())
        + f"\n{link}\n",
    )


def send_reset_password_link(user):
    """Mail the owner of an account the link to set a new password (forgotten password)."""
    from flask_babel import gettext as _

    from portal.mail import send_mail
    from portal.web import public_url

    link = public_url("accounts.set_password", token=reset_password_token(user))
    hours = current_app.config["RESET_PASSWORD_MAX_AGE_HOURS"]
    return send_mail(
        user.email,
        _("Registar: set a new password"),
        _("Someone, perhaps you, asked to set a new password for your account.")
        + "\n"
        + _("Your username: %(username)s", username=user.email)
        + "\n"
        + _("Set a new password here (the link works once, for %(hours)s hours):", hours=hours)
        + f"\n{link}\n\n"
        + _("If it was not you, ignore this mail: your password stays as it is."),
    )


def tell_owner_of_registration(user):
    """Mail the owner of an account that someone tried to register again with its e-mail: the
    registration page answers as for a new address, so that it does not tell anyone which e-mails
    have an account (issue 11, user enumeration)."""
    from flask_babel import gettext as _

    from portal.mail import send_mail
    from portal.web import public_url

    return send_mail(
        user.email,
        _("Registar: a registration with your e-mail"),
        _("Someone, perhaps you, tried to register a new account with this e-mail, which has one already.")
        + "\n"
        + _("Log in here: %(url)s", url=public_url("accounts.login"))
        + "\n"
        + _(
            "Forgot your password? Ask for a link to set a new one: %(url)s",
            url=public_url("accounts.forgot_password"),
        )
        + "\n\n"
        + _("If it was not you, ignore this mail: nothing has changed."),
    )


def mail_after_registration(user, email, subject, intro):
    """After a registration form: the new `user` gets the set-password link; when the service
    created nobody (None: the e-mail has an account), the account's owner is told instead."""
    if user is None:
        owner = User.by_email(email)
        return tell_owner_of_registration(owner) if owner is not None else None
    return send_set_password_link(user, subject, intro)
