"""Information days on the web, the public's side: the upcoming and past days (places left, never who
registered), a day's page with the registration form, and the cancel page a mailed link opens. The
Board's and the Group's pages are staff_views."""

import datetime

from flask import Blueprint, abort, current_app, request, url_for
from flask_babel import gettext as _

from portal.extensions import limiter
from portal.mail import send_mail
from portal.tokens import load_token, make_token
from portal.web import form_page, get_or_404, public_url, redirect_after_post, render, run_step

from . import services
from .forms import RegistrationForm
from .models import InfoDay, InfoDayRegistration

bp = Blueprint("info_days", __name__, url_prefix="/certification")
CANCEL = "info-day-cancel"


@bp.app_context_processor
def _warning():
    """`info_day_warning()` for the Group's pages of other blueprints (its certification home)."""
    return {"info_day_warning": lambda: services.schedule_warning(datetime.date.today())}


@bp.get("/information-days")
def public_list():
    """The adopted information days: upcoming (with places left) and past."""
    today = datetime.date.today()
    return render(
        "outreach/public_list.html",
        upcoming=list(InfoDay.upcoming(today)),
        past=list(InfoDay.past(today).limit(50)),
    )


@bp.route("/information-days/<int:day_id>", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["MAIL_FORM_RATE_LIMIT"], methods=["POST"])
def public_day(day_id):
    """A day's details and, while it is upcoming, the registration form; the confirmation with the
    cancel link goes by e-mail."""
    day = get_or_404(InfoDay, InfoDay.id == day_id)
    today = datetime.date.today()
    form = RegistrationForm()
    errors = {}
    if form.validate_on_submit():
        registration = run_step(
            lambda: services.register(day, form.full_name.data, form.email.data, form.consent.data, today),
            errors,
            services.OutreachError,
        )
        if registration is not None:
            _mail_confirmation(registration)
            return redirect_after_post(url_for("info_days.public_day", day_id=day.id, registered=1))
    return form_page(
        "outreach/public_day.html",
        "registration",
        form,
        errors,
        day=day,
        today=today,
        registered=request.args.get("registered") == "1",
    )


def _mail_confirmation(registration):
    """The registration's confirmation, with the link that cancels it (a signed token, not the address)."""
    day = registration.info_day
    link = public_url("info_days.cancel", token=make_token(CANCEL, registration.id))
    where = day.place or day.online_link
    send_mail(
        registration.email,
        _("BAUP information day: your registration"),
        _(
            "You are registered for BAUP's information day on %(date)s at %(time)s (%(where)s): %(topic)s.",
            date=day.day.strftime("%d.%m.%Y"),
            time=day.starts_at,
            where=where,
            topic=day.topic,
        )
        + "\n\n"
        + _("If you cannot come, cancel your registration here:")
        + f"\n{link}\n",
    )


@bp.route("/information-days/cancel/<token>", methods=["GET", "POST"])
def cancel(token):
    """The mailed cancel link: the page asks to confirm (a GET changes nothing), the POST cancels."""
    max_age = current_app.config["INFO_DAY_CANCEL_MAX_AGE_DAYS"] * 86400
    registration_id = load_token(CANCEL, token, max_age)
    if not isinstance(registration_id, int):
        abort(404)
    registration = get_or_404(InfoDayRegistration, InfoDayRegistration.id == registration_id)
    if request.method == "POST":
        services.cancel(registration)
        return redirect_after_post(url_for("info_days.cancel", token=token))
    return render("outreach/cancel.html", registration=registration, day=registration.info_day, token=token)


from certification.outreach import staff_views  # noqa: E402, F401  (the Board's and the Group's routes)
