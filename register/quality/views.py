"""The self-assessment on the web, a centre's side: its graduates' follow-up (by hand or a CSV file)
and its yearly report. Whoever acts for the centre writes; NAPOO's staff read every centre's; anyone
else gets 404 (authorisation at the fetch, the courses' `_centre`). NAPOO's pages are staff_views."""

import datetime

from flask import Blueprint, abort, current_app, request, url_for
from flask_login import current_user

from portal.accounts import ROLES, role_required
from portal.web import form_page, get_or_404, parse_int, redirect_after_post, render, run_step
from register.documents.course_forms import ImportForm
from register.documents.courses import ImportRefused
from register.documents.models import IssuedDocument
from register.documents.views.courses import centre_or_404, may_write, read_upload
from register.quality import rules, services
from register.quality.forms import FollowUpForm
from register.quality.labels import FILING_LABELS, SOURCE_LABELS, STATUS_LABELS
from register.quality.models import FILED, EmploymentFigure, graduate_years, graduates

bp = Blueprint("quality", __name__)
signed_in = role_required(*ROLES)
FIRST_YEAR = 2000


@bp.context_processor
def _labels():
    return {
        "FOLLOW_UP_STATUS_LABELS": STATUS_LABELS,
        "FOLLOW_UP_SOURCE_LABELS": SOURCE_LABELS,
        "FILING_LABELS": FILING_LABELS,
    }


def _year(year):
    """A year the pages take (from 2000 to next year), else 404."""
    if not FIRST_YEAR <= year <= datetime.date.today().year + 1:
        abort(404)
    return year


@bp.get("/centre/<int:centre_id>/quality")
@signed_in
def centre_quality(centre_id):
    """The centre's self-assessment: the reports by year and its graduates by year."""
    centre = centre_or_404(centre_id)
    today = datetime.date.today()
    report_year = today.year - 1
    return render(
        "quality/centre.html",
        centre=centre,
        report_year=report_year,
        report=services.report_of(centre.id, report_year),
        due=services.due_date(report_year),
        years=graduate_years(centre.id),
        figures=list(EmploymentFigure.of_centre(centre.id)),
    )


@bp.get("/centre/<int:centre_id>/quality/graduates/<int:year>")
@signed_in
def graduate_list(centre_id, year):
    """The centre's graduates of a year with their follow-up (personal data: the centre and NAPOO)."""
    centre = centre_or_404(centre_id)
    return render(
        "quality/graduates.html",
        centre=centre,
        year=_year(year),
        rows=list(graduates(centre.id, year)),
        may_write=may_write(centre),
        today=datetime.date.today(),
    )


@bp.route("/centre/<int:centre_id>/quality/graduates/<int:year>/<int:document_id>", methods=["GET", "POST"])
@signed_in
def follow_up(centre_id, year, document_id):
    """One graduate's status at 6 and 12 months, and its source."""
    centre = centre_or_404(centre_id, write=request.method == "POST")
    document = get_or_404(
        IssuedDocument,
        (IssuedDocument.id == document_id)
        & (IssuedDocument.id.in_(graduates(centre.id, _year(year)).select(IssuedDocument.id))),
    )
    current = document.follow_ups.first()
    form = FollowUpForm(obj=current if request.method == "GET" else None)
    errors = {}
    if form.validate_on_submit():
        fields = {name: getattr(form, name).data for name in ("status_6", "status_12", "source")}
        saved = run_step(
            lambda: services.record_follow_up(
                document,
                fields,
                current_user.id,
                datetime.date.today(),
                form.version.data if current else None,
            ),
            errors,
            services.QualityError,
        )
        if saved:
            return redirect_after_post(url_for("quality.graduate_list", centre_id=centre.id, year=year))
    return form_page(
        "quality/follow_up.html",
        "follow_up_form",
        form,
        errors,
        centre=centre,
        year=year,
        document=document,
        may_write=may_write(centre),
    )


@bp.route("/centre/<int:centre_id>/quality/graduates/<int:year>/import", methods=["GET", "POST"])
@signed_in
def import_follow_ups(centre_id, year):
    """Follow-ups from a CSV file: all rows, or none with each bad row named."""
    centre = centre_or_404(centre_id, write=True)
    form = ImportForm()
    errors, problems = {}, []
    if form.validate_on_submit():
        data = read_upload(request.files.get("file"), errors)
        if data is not None:
            try:
                services.import_follow_ups(
                    centre.id, _year(year), data, current_user.id, datetime.date.today()
                )
            except ImportRefused as error:
                errors["file"], problems = str(error.message), error.problems
            else:
                return redirect_after_post(url_for("quality.graduate_list", centre_id=centre.id, year=year))
    return form_page(
        "quality/import.html",
        "import_form",
        form,
        errors,
        centre=centre,
        year=year,
        problems=problems,
        columns=services.IMPORT_COLUMNS,
        statuses=rules.STATUSES,
        sources=list(SOURCE_LABELS),
        max_size=f"{current_app.config['PARTICIPANT_IMPORT_MAX_BYTES'] // 1024} KB",
    )


def _answers(indicators):
    """{indicator id: (score text, evidence)} from the report's form."""
    return {
        i.id: (request.form.get(f"score-{i.id}", ""), request.form.get(f"evidence-{i.id}", ""))
        for i in indicators
    }


@bp.route("/centre/<int:centre_id>/quality/reports/<int:year>", methods=["GET", "POST"])
@signed_in
def report(centre_id, year):
    """The centre's report on a year: the scores and evidence (POST saves a draft), the employment
    indicator computed from its graduates."""
    centre = centre_or_404(centre_id, write=request.method == "POST")
    year = _year(year)
    indicators = services.indicators(year)
    errors = {}
    if request.method == "POST":
        version = parse_int(request.form.get("version"))
        saved = run_step(
            lambda: services.save_report(centre.id, year, _answers(indicators), current_user.id, version),
            errors,
            services.QualityError,
        )
        if saved:
            return redirect_after_post(url_for("quality.report", centre_id=centre.id, year=year))
    return _report_page(centre, year, indicators, errors, typed=request.form if errors else None)


def _report_page(centre, year, indicators, errors, typed=None):
    """The report's page (its form's block to htmx), 422 with errors; `typed` is what a refused save
    sent, shown again instead of the saved draft."""
    report = services.report_of(centre.id, year)
    graduates_year = rules.graduates_year_of_report(year)
    page = render(
        "quality/report.html",
        block="report_form",
        centre=centre,
        year=year,
        indicators=indicators,
        report=report,
        scores=services.scores_of(report),
        filed=report is not None and report.state == FILED,
        due=services.due_date(year),
        scale=services.score_scale(),
        graduates_year=graduates_year,
        figures=[f for f in EmploymentFigure.of_centre(centre.id) if f.year == graduates_year],
        errors=errors,
        typed=typed,
        may_write=may_write(centre),
    )
    return page, 422 if errors else 200


@bp.post("/centre/<int:centre_id>/quality/reports/<int:year>/file")
@signed_in
def file_report(centre_id, year):
    """The report filed with NAPOO (once; a second click changes nothing)."""
    centre = centre_or_404(centre_id, write=True)
    year = _year(year)
    errors = {}
    version = parse_int(request.form.get("version"))
    run_step(
        lambda: services.file_report(centre.id, year, current_user.id, datetime.date.today(), version),
        errors,
        services.QualityError,
    )
    if errors:
        return _report_page(centre, year, services.indicators(year), errors)
    return redirect_after_post(url_for("quality.report", centre_id=centre.id, year=year))


# NAPOO's pages, on the same blueprint.
from register.quality import staff_views  # noqa: E402, F401
