"""NAPOO's pages of the self-assessment: the overview of a year (filed, late, missing, the indicators
across centres) and the year's form of criteria and indicators, which NAPOO edits."""

import datetime

from flask import abort, redirect, request, url_for
from flask_login import current_user

from portal.accounts import STAFF_ROLES, role_required
from portal.web import form_page, get_or_404, parse_int, redirect_after_post, render, run_step
from register.blueprint import EDITORS
from register.quality import services
from register.quality.forms import IndicatorForm
from register.quality.models import EmploymentFigure, QualityIndicator, SelfAssessmentScore
from register.quality.views import _year, bp


@bp.get("/staff/quality/")
@role_required(*STAFF_ROLES)
def overview():
    """A year's reports: filed on time, late, missing, open; the indicators' mean scores across the
    filed reports and the employment figures of every centre (counts, not persons)."""
    today = datetime.date.today()
    year = parse_int(request.args.get("year"), low=2000, high=today.year + 1)
    if year is None:
        return redirect(url_for("quality.overview", year=today.year - 1))
    rows, counts = services.overview(year, today)
    return render(
        "quality/overview.html",
        block="overview",
        year=year,
        rows=rows,
        counts=counts,
        due=services.due_date(year),
        indicators=services.indicators(year),
        means=SelfAssessmentScore.mean_scores(year),
        figures=list(EmploymentFigure.of_year(year - 1)),
        today=today,
    )


@bp.route("/staff/quality/<int:year>/indicators", methods=["GET", "POST"])
@role_required(*STAFF_ROLES)
def indicators(year):
    """The year's criteria and indicators; NAPOO's officers and chair add one."""
    year = _year(year)
    if request.method == "POST":
        _require_editor()
    form = IndicatorForm()
    errors = {}
    if request.method == "POST" and form.validate_on_submit():
        fields = {name: getattr(form, name).data for name in ("criterion", "title", "guidance")}
        if run_step(
            lambda: services.add_indicator(year, fields, current_user), errors, services.QualityError
        ):
            return redirect_after_post(url_for("quality.indicators", year=year))
    return form_page(
        "quality/indicators.html",
        "indicator_form",
        form,
        errors,
        year=year,
        indicators=services.indicators(year),
        may_edit=_is_editor(),
    )


@bp.post("/staff/quality/<int:year>/indicators/<int:indicator_id>/remove")
@role_required(*EDITORS)
def remove_indicator(year, indicator_id):
    """An indicator taken off the year's form while no centre has scored it."""
    indicator = get_or_404(
        QualityIndicator, (QualityIndicator.id == indicator_id) & (QualityIndicator.year == year)
    )
    errors = {}
    run_step(lambda: services.remove_indicator(indicator, current_user), errors, services.QualityError)
    if errors:
        return form_page(
            "quality/indicators.html",
            "indicator_form",
            IndicatorForm(formdata=None),
            errors,
            year=year,
            indicators=services.indicators(year),
            may_edit=True,
        )
    return redirect_after_post(url_for("quality.indicators", year=year))


def _is_editor():
    """Whether the user edits the year's form (NAPOO's officers and chair, the admin)."""
    return current_user.has_role(*EDITORS)


def _require_editor():
    """A write of the form: NAPOO's officers and chair (and the admin), else 403."""
    if not _is_editor():
        abort(403)
