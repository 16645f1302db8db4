"""Log in, log out, set a password; health checks; the language switch."""

from flask import Blueprint, abort, current_app, flash, make_response, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import audit
from portal.accounts import (
    CENTRE_ROLE,
    CERT_ROLES,
    User,
    authenticate,
    end_session,
    role_required,
    send_reset_password_link,
    start_session,
    user_for_set_password_token,
)
from portal.db import database
from portal.extensions import limiter
from portal.forms import ForgotPasswordForm, LoginForm, SetPasswordForm
from portal.web import invalid_status, render, safe_next

bp = Blueprint("accounts", __name__)


@bp.app_context_processor
def _work_area():
    """Where the signed-in user's work is, for the header's links (the role decided here, not in the
    template): "applicant", "centre", "certification" or "napoo"; None for a visitor. An applicant
    whose first licence was granted acts for its centre too (`acts_for_centre`)."""
    from register.documents.models import CentreAccount

    if not current_user.is_authenticated:
        return {"work_area": None}
    if current_user.role == CENTRE_ROLE:
        return {"work_area": "centre"}
    if current_user.role == "applicant":
        # Asked only where the header is drawn (a full page), not for every htmx fragment.
        return {"work_area": "applicant", "acts_for_centre": CentreAccount.centres_of(current_user).exists}
    return {"work_area": "certification" if current_user.role in CERT_ROLES else "napoo"}


@bp.get("/healthz")
def healthz():
    """Alive: answers without touching the database (the benchmarks' baseline)."""
    return "ok\n", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}


@bp.get("/readyz")
def readyz():
    """Ready: the database answers."""
    try:
        database.execute_sql("SELECT 1")
    except Exception:  # any driver error means not ready
        current_app.logger.exception("readiness check failed")
        database.close()  # a kept-open connection that failed is not kept
        return "database unavailable\n", 503, {"Content-Type": "text/plain; charset=utf-8"}
    return "ok\n", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}


@bp.get("/lang/<code>")
def set_language(code):
    """Switch the interface language and go back to the same page."""
    target = safe_next(request.args.get("next"), url_for("register.home"))
    response = make_response(redirect(target, 303))
    if code in current_app.config["LANGUAGES"]:
        response.set_cookie("lang", code, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def login():
    """The staff login form."""
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            start_session(user)
            with database.atomic():
                audit.record(user, "login", "user", user.id)
            home = _home(user)
            return redirect(safe_next(request.args.get("next"), url_for(home)), 303)
        error = _("Wrong e-mail or password.")
    return render("portal/login.html", form=form, error=error), (200 if not error else 422)


@bp.post("/logout")
def logout():
    """Log out (every session of the user ends) and go home."""
    if current_user.is_authenticated:
        end_session(current_user._get_current_object())
    return redirect(url_for("register.home"), 303)


@bp.route("/account/forgot-password", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["MAIL_FORM_RATE_LIMIT"], methods=["POST"])
def forgot_password():
    """A forgotten password: the owner of an active account gets a link to set a new one by mail.
    Every address gets the same answer, so the form tells nobody which e-mails have an account."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = User.by_email(form.email.data)
        if user is not None and user.is_active:
            send_reset_password_link(user)
        flash(
            _(
                "If an account has this e-mail, a link to set a new password is on its way to it "
                "(it works for %(hours)s hours).",
                hours=current_app.config["RESET_PASSWORD_MAX_AGE_HOURS"],
            ),
            "success",
        )
        return redirect(url_for("accounts.login"), 303)
    status = invalid_status(form.errors)
    return render("portal/forgot_password.html", form=form), status


@bp.route("/account/set-password/<token>", methods=["GET", "POST"])
def set_password(token):
    """Set a password through the signed single-use link."""
    user = user_for_set_password_token(token)
    if user is None:
        return render("portal/link_invalid.html"), 410
    form = SetPasswordForm()
    if form.validate_on_submit():
        with database.atomic():
            user.set_password(form.password.data)
            user.save()
            audit.record(user, "set_password", "user", user.id)
        flash(_("Your password is set. You can log in now."), "success")
        return redirect(url_for("accounts.login"), 303)
    status = invalid_status(form.errors)
    return render("portal/set_password.html", form=form, user=user), status


@bp.get("/staff/outbox")
@role_required("admin")
def outbox():
    """Mail the site did not send, newest first: a development aid, for the admin only and only
    while no mail server is configured. It shows that a mail was written (to, subject, time), its
    tokens and access codes hidden: a link here is never a key to another user's account."""
    from portal.mail import outbox_summaries

    if current_app.config["MAIL_SERVER"]:
        abort(404)
    return render("portal/outbox.html", messages=outbox_summaries())


def _home(user):
    """Where a user lands after logging in: an applicant on its applications (for certification if
    that is what it applied for), a centre's account on its centre, BAUP's roles on the
    certification pages, NAPOO's on the staff page."""
    from certification.models import CertApplication

    if user.role == CENTRE_ROLE:
        return "documents.centre_home"
    if user.role == "applicant":
        if CertApplication.select().where(CertApplication.applicant == user).exists():
            return "certification.applications"
        return "licensing.applications"
    if user.role in ("scheme_group", "board", "appeals"):
        return "certification.applications"
    if user.role == "assessor":
        return "certification.applications"
    return "register.staff_home"
