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
ROLES = (*STAFF_ROLES, *CERT_ROLES, "applicant")

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

    class Meta:
        table_name = "user_account"

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


def _password_fingerprint(user):
    """Changes whenever the password does, so a set-password link works once."""
    return hashlib.sha256(f"{user.id}:{user.password_hash}".encode()).hexdigest()[:16]


def set_password_token(user):
    """A signed link token that lets `user` set a password once."""
    return make_token("set-password", {"uid": user.id, "fp": _password_fingerprint(user)})


def user_for_set_password_token(token):
    """The user a set-password token is for, or None if forged, expired or already used."""
    data = load_token("set-password", token, current_app.config["SET_PASSWORD_MAX_AGE"])
    if not isinstance(data, dict):
        return None
    user = User.get_or_none(User.id == data.get("uid"))
    if user is None or not user.active or data.get("fp") != _password_fingerprint(user):
        return None
    return user


@login_manager.user_loader
def _load_user(user_id):
    return User.get_or_none((User.id == int(user_id)) & (User.active == True))  # noqa: E712


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


def send_set_password_link(user, subject, intro):
    """Mail a new user their username and the single-use, expiring link to set a password (never
    a password in a mail)."""
    from flask_babel import gettext as _

    from portal.mail import send_mail
    from portal.web import public_url

    link = public_url("accounts.set_password", token=set_password_token(user))
    return send_mail(
        user.email,
        subject,
        intro
        + "\n\n"
        + _("Your username: %(username)s", username=user.email)
        + "\n"
        + _("Set your password here (the link works once, for 3 days):")
        + f"\n{link}\n",
    )
