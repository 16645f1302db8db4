"""The Board's and the Group's pages: the schedules of information days (the Board adopts them and
adds their days; the Group is warned when none falls in the coming 12 months), a day's registrations
(the Group's), and the record of consultations (the Group's only: personal data)."""

import datetime

from flask import abort, request, url_for
from flask_login import current_user

from certification.models import AssessorProfile
from portal.accounts import role_required
from portal.web import form_page, get_or_404, parse_int, redirect_after_post, render, run_step

from . import services
from .forms import ConsultationForm, DayForm, ScheduleForm
from .labels import FORM_LABELS
from .models import Consultation, InfoDay, InfoDayRegistration, InfoDaySchedule
from .views import bp

group_or_board = role_required("scheme_group", "board")
group = role_required("scheme_group")
board = role_required("board")
PAGE_SIZE = 25


def _schedules_page(schedule_form, day_form, errors, day_errors=None, schedule_id=None):
    return form_page(
        "outreach/schedules.html",
        "schedules",
        schedule_form,
        errors,
        day_form=day_form,
        day_errors=day_errors or {},
        failed_schedule=schedule_id,
        schedules=list(InfoDaySchedule.listing()),
        warning=services.schedule_warning(datetime.date.today()),
        may_adopt=current_user.has_role("board"),
        may_list=current_user.has_role("scheme_group"),
    )


@bp.route("/information-days/schedules", methods=["GET", "POST"])
@group_or_board
def schedules():
    """The Board's decisions and their days; the Board records a new decision."""
    form = ScheduleForm()
    errors = {}
    if request.method == "POST":
        if not current_user.has_role("board"):
            abort(403)
        if form.validate_on_submit() and run_step(
            lambda: services.adopt_schedule(
                form.year.data, form.decision_number.data, form.decision_date.data, current_user
            ),
            errors,
            services.OutreachError,
        ):
            return redirect_after_post(url_for("info_days.schedules"))
    return _schedules_page(form, DayForm(formdata=None), errors)


@bp.post("/information-days/schedules/<int:schedule_id>/days")
@board
def add_day(schedule_id):
    """A day added to the Board's decision."""
    schedule = get_or_404(InfoDaySchedule, InfoDaySchedule.id == schedule_id)
    form = DayForm()
    errors = {}
    if form.validate_on_submit():
        fields = {name: getattr(form, name).data for name in form.data if name != "csrf_token"}
        if run_step(lambda: services.add_day(schedule, fields), errors, services.OutreachError):
            return redirect_after_post(url_for("info_days.schedules"))
    errors.update({n: " ".join(str(m) for m in ms) for n, ms in form.errors.items()})
    response, _status = _schedules_page(ScheduleForm(formdata=None), form, {}, errors, schedule.id)
    return response, 422


@bp.get("/information-days/<int:day_id>/registrations")
@group
def registrations(day_id):
    """Who registered for the day (the Group's only)."""
    day = get_or_404(InfoDay, InfoDay.id == day_id)
    return render("outreach/registrations.html", day=day, rows=list(InfoDayRegistration.of_day(day)))


@bp.route("/consultations/", methods=["GET", "POST"])
@group
def consultations():
    """The consultations given, paged (the Group's only). A search is POSTed: the text typed is
    often a person's name, which stays out of the URL and so out of the access log."""
    text = (request.form.get("q") or "").strip()[:200] if request.method == "POST" else ""
    query = Consultation.search(text)
    total = query.count()
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(parse_int(request.values.get("page", "1"), low=1) or 1, pages)
    found = {"items": list(query.paginate(page, PAGE_SIZE)), "page": page, "pages": pages, "total": total}
    return render(
        "outreach/consultations.html", block="results", q=text, found=found, FORM_LABELS=FORM_LABELS
    )


@bp.route("/consultations/new", methods=["GET", "POST"])
@group
def new_consultation():
    """The Group records a consultation it gave (004 ал.7)."""
    form = ConsultationForm()
    accounts = list(AssessorProfile.accounts())
    form.assessor.choices = [("", "—")] + [(str(u.id), u.name or u.email) for u in accounts]
    errors = {}
    if form.validate_on_submit():
        chosen = {str(u.id): u for u in accounts}.get(form.assessor.data)
        fields = {
            n: getattr(form, n).data
            for n in ("given_on", "asked_by", "contacts", "form", "questions", "answers")
        }
        fields["assessor"] = chosen
        if run_step(
            lambda: services.record_consultation(fields, current_user), errors, services.OutreachError
        ):
            return redirect_after_post(url_for("info_days.consultations"))
    return form_page("outreach/consultation_form.html", "consultation_form", form, errors)
