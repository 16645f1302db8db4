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

    link = url_for("accounts.set_password", token=set_password_token(user), _external=True)
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


def send_reset_password_link(user):
    """Mail the owner of an account the link to set a new password (forgotten password)."""
    from flask_babel import gettext as _

    from portal.mail import send_mail

    link = url_for("accounts.set_password", token=reset_password_token(user), _external=True)
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

    return send_mail(
        user.email,
        _("Registar: a registration with your e-mail"),
        _("Someone, perhaps you, tried to register a new account with this e-mail, which has one already.")
        + "\n"
        + _("Log in here: %(url)s", url=url_for("accounts.login", _external=True))
        + "\n"
        + _(
            "Forgot your password? Ask for a link to set a new one: %(url)s",
            url=url_for("accounts.forgot_password", _external=True),
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
