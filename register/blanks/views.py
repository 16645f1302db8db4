"""A centre's blanks on the web (blueprint `blanks`): its ranges and the state of each blank, its
protocols and their scans, the blanks it marks spoiled, its destruction protocols, its yearly report
and its requests; NAPOO's overview. Whoever acts for the centre writes; NAPOO's staff read every
centre's (403 on a write); anyone else gets 404. Nothing here is ever deleted (50 years)."""

import datetime

from flask import Blueprint, abort, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from portal import uploads
from portal.accounts import ROLES, STAFF_ROLES, role_required
from portal.web import (
    form_errors,
    form_page,
    get_or_404,
    invalid_status,
    redirect_after_post,
    render,
    run_step,
    stored_download,
)
from register.blanks import report, rules, services
from register.blanks.forms import (
    DecisionForm,
    DestructionForm,
    LookupForm,
    MarkForm,
    ProtocolForm,
    RequestForm,
    RowForm,
    ScanForm,
)
from register.blanks.labels import BLANK_STATE_LABELS, DIRECTION_LABELS, REQUEST_STATE_LABELS
from register.blanks.models import (
    BlankMark,
    BlankProtocol,
    BlankReport,
    BlankRequest,
    BlankScan,
    DestructionProtocol,
    awaiting_destruction,
    range_summary,
)
from register.documents.labels import KIND_LABELS
from register.documents.views.courses import centre_or_404, may_write
from register.documents.workflow import DocumentError

bp = Blueprint("blanks", __name__)
signed_in = role_required(*ROLES)
DECIDERS = ("napoo_officer", "napoo_chair", "admin")


@bp.context_processor
def _labels():
    return {
        "BLANK_STATE_LABELS": BLANK_STATE_LABELS,
        "DIRECTION_LABELS": DIRECTION_LABELS,
        "REQUEST_STATE_LABELS": REQUEST_STATE_LABELS,
        "KEPT_YEARS": rules.kept_fifty_years(),
        "DOCUMENT_KIND_LABELS": KIND_LABELS,
    }


def _today():
    return datetime.date.today()


def _fields(form):
    return {name: getattr(form, name).data for name in form.data if name not in ("csrf_token", "scan")}


def _scans(form):
    return [f for f in [form.scan.data] if f and getattr(f, "filename", "")]


@bp.get("/centre/<int:centre_id>/blanks")
@signed_in
def centre(centre_id):
    """The centre's blanks: what is due and when, its ranges with the state of their blanks, a
    look-up of one number, its protocols, reports and requests."""
    centre = centre_or_404(centre_id)
    today = _today()
    lookup = LookupForm(request.args)
    found = None
    if lookup.validate() and lookup.number.data and lookup.series.data:
        found = services.number_state(centre.id, lookup.kind.data, lookup.series.data, lookup.number.data)
    last_year = today.year - 1
    return render(
        "blanks/centre.html",
        block="lookup" if request.args.get("number") else None,
        centre=centre,
        today=today,
        summary=range_summary(centre.id),
        protocols=list(BlankProtocol.of_centre(centre.id)),
        awaiting=list(BlankProtocol.awaiting_receiver(centre.id)),
        destructions=list(DestructionProtocol.of_centre(centre.id)),
        marks=list(BlankMark.of_centre(centre.id).where(BlankMark.state.in_(rules.AWAITING_DESTRUCTION))),
        requests=list(BlankRequest.of_centre(centre.id)),
        last_year=last_year,
        last_report=BlankReport.of(centre.id, last_year),
        report_deadline=rules.blank_report_deadline(last_year),
        reports=list(
            BlankReport.select().where(BlankReport.centre == centre.id).order_by(BlankReport.year.desc())
        ),
        lookup=lookup,
        found=found,
        may_write=may_write(centre),
    )


def _protocol_form(centre, form):
    """The handovers from another centre this centre may enter its side of."""
    choices = [SelectChoice(0, "—")]
    for given in BlankProtocol.awaiting_receiver(centre.id):
        choices.append(
            SelectChoice(given.id, f"{given.centre.name}: № {given.number}, {given.drawn_up_on.isoformat()}")
        )
    form.counterpart.choices = choices


@bp.route("/centre/<int:centre_id>/blanks/protocols/new", methods=["GET", "POST"])
@signed_in
def new_protocol(centre_id):
    """A handover protocol (001 art. 25(2), annex 4): its row and its scanned colour copy."""
    centre = centre_or_404(centre_id, write=True)
    form = ProtocolForm()
    _protocol_form(centre, form)
    errors = {}
    if form.validate_on_submit():
        fields = _fields(form)
        chosen = form.counterpart.data or 0
        fields["counterpart"] = (
            BlankProtocol.awaiting_receiver(centre.id).where(BlankProtocol.id == chosen).first()
        )
        if chosen and fields["counterpart"] is None:
            errors["counterpart"] = str(services.STALE)
        else:
            protocol = run_step(
                lambda: uploads.store_then(
                    _scans(form),
                    lambda stored: services.enter_protocol(current_user, centre.id, fields, stored, _today()),
                ),
                errors,
                DocumentError,
                upload_field="scan",
            )
            if protocol is not None:
                return redirect_after_post(
                    url_for("blanks.protocol", centre_id=centre.id, protocol_id=protocol.id)
                )
    return form_page("blanks/protocol_form.html", "protocol_form", form, errors, centre=centre)


def _handover(centre_id, protocol_id):
    """The centre's protocol, and its page's facts of the handover's other side (art. 25(6) т. 2)."""
    item = get_or_404(BlankProtocol, (BlankProtocol.id == protocol_id) & (BlankProtocol.centre == centre_id))
    other_side = item.other_side()
    both = rules.handover_entered_by_both(item.entered_on, other_side and other_side.entered_on)
    return item, {"other_side": other_side, "entered_by_both": both}


@bp.route("/centre/<int:centre_id>/blanks/protocols/<int:protocol_id>", methods=["GET", "POST"])
@signed_in
def protocol(centre_id, protocol_id):
    """One handover protocol, its rows and scans; its scan uploaded later (within the 10 days)."""
    centre = centre_or_404(centre_id, write=request.method == "POST")
    item, context = _handover(centre.id, protocol_id)
    return _protocol_page(centre, item, "blanks/protocol.html", row_form=RowForm(formdata=None), **context)


@bp.post("/centre/<int:centre_id>/blanks/protocols/<int:protocol_id>/rows")
@signed_in
def add_row(centre_id, protocol_id):
    """One more row of a handover protocol (annex 4)."""
    centre = centre_or_404(centre_id, write=True)
    item, context = _handover(centre.id, protocol_id)
    form = RowForm()
    errors = {}
    if form.validate_on_submit():
        if run_step(lambda: services.add_row(current_user, item, _fields(form)), errors, DocumentError):
            return redirect_after_post(url_for("blanks.protocol", centre_id=centre.id, protocol_id=item.id))
    errors.update(form_errors(form))
    page = _render_protocol(
        centre, item, "blanks/protocol.html", ScanForm(formdata=None), errors, row_form=form, **context
    )
    return page, invalid_status(errors)


@bp.route("/centre/<int:centre_id>/blanks/destructions/<int:protocol_id>", methods=["GET", "POST"])
@signed_in
def destruction(centre_id, protocol_id):
    """One destruction protocol (001 art. 27), its numbers and scans; its scan uploaded later."""
    centre = centre_or_404(centre_id, write=request.method == "POST")
    item = get_or_404(
        DestructionProtocol,
        (DestructionProtocol.id == protocol_id) & (DestructionProtocol.centre == centre.id),
    )
    return _protocol_page(centre, item, "blanks/destruction.html")


def _protocol_page(centre, item, template, **context):
    """A protocol's page, and the upload of its scan."""
    form = ScanForm()
    errors = {}
    if form.validate_on_submit():
        run_step(
            lambda: uploads.store_then(
                _scans(form),
                lambda stored: services.attach_scan(current_user, item, stored, _today()),
                required=False,
            ),
            errors,
            DocumentError,
            upload_field="scan",
        )
        if not errors:
            return redirect_after_post(request.path)
    errors.update(form_errors(form))
    return _render_protocol(centre, item, template, form, errors, **context), invalid_status(errors)


def _render_protocol(centre, item, template, scan_form, errors, **context):
    """A protocol's page with its forms."""
    return render(
        template,
        centre=centre,
        item=item,
        scans=list(item.scans.order_by(BlankScan.id)),
        scan_form=scan_form,
        errors=errors,
        today=_today(),
        may_write=may_write(centre),
        **context,
    )


@bp.get("/centre/<int:centre_id>/blanks/scans/<int:scan_id>")
@signed_in
def scan(centre_id, scan_id):
    """A protocol's scan, to its centre and NAPOO's staff only, never public."""
    centre = centre_or_404(centre_id)
    item = get_or_404(BlankScan, BlankScan.id == scan_id)
    owner = item.protocol if item.protocol_id else item.destruction
    if owner.centre_id != centre.id:
        abort(404)
    return stored_download(item, uploads.safe_filename(item.original_name))


@bp.route("/centre/<int:centre_id>/blanks/mark", methods=["GET", "POST"])
@signed_in
def mark(centre_id):
    """Unused blanks marked spoiled or defective: they await the committee's destruction."""
    centre = centre_or_404(centre_id, write=True)
    form = MarkForm()
    errors = {}
    if form.validate_on_submit():
        if run_step(
            lambda: services.mark_blanks(current_user, centre.id, _fields(form), _today()),
            errors,
            DocumentError,
        ):
            return redirect_after_post(url_for("blanks.centre", centre_id=centre.id))
    return form_page("blanks/mark_form.html", "mark_form", form, errors, centre=centre)


@bp.route("/centre/<int:centre_id>/blanks/destructions/new", methods=["GET", "POST"])
@signed_in
def new_destruction(centre_id):
    """The committee's protocol of destroyed blanks (001 art. 27) and its scan."""
    centre = centre_or_404(centre_id, write=True)
    form = DestructionForm()
    errors = {}
    if form.validate_on_submit():
        fields = _fields(form)
        item = run_step(
            lambda: uploads.store_then(
                _scans(form),
                lambda stored: services.enter_destruction(current_user, centre.id, fields, stored, _today()),
            ),
            errors,
            DocumentError,
            upload_field="scan",
        )
        if item is not None:
            return redirect_after_post(
                url_for("blanks.destruction", centre_id=centre.id, protocol_id=item.id)
            )
    return form_page("blanks/destruction_form.html", "destruction_form", form, errors, centre=centre)


@bp.route("/centre/<int:centre_id>/blanks/reports/<int(min=1900, max=9998):year>", methods=["GET", "POST"])
@signed_in
def yearly_report(centre_id, year):
    """The yearly report of a year (001 art. 26, annex 5): generated; the centre confirms it."""
    centre = centre_or_404(centre_id, write=request.method == "POST")
    errors = {}
    if request.method == "POST":  # CSRFProtect has checked the token of every POST
        if run_step(lambda: report.confirm(current_user, centre.id, year, _today()), errors, DocumentError):
            return redirect_after_post(url_for("blanks.yearly_report", centre_id=centre.id, year=year))
    today = _today()
    confirmed = BlankReport.of(centre.id, year)
    page = render(
        "blanks/report.html",
        centre=centre,
        year=year,
        rows=report.generate(centre.id, year),
        confirmed=confirmed,
        deadline=rules.blank_report_deadline(year),
        year_open=rules.blank_report_year_open(year, today),
        today=today,
        errors=errors,
        may_write=may_write(centre),
    )
    return page, 422 if errors else 200


@bp.route("/centre/<int:centre_id>/blanks/requests/new", methods=["GET", "POST"])
@signed_in
def new_request(centre_id):
    """A request for blanks through the centre's profile (001 art. 24(5))."""
    centre = centre_or_404(centre_id, write=True)
    form = RequestForm()
    errors = {}
    if form.validate_on_submit():
        fields = (current_user, centre.id, form.kind.data, form.quantity.data, _today())
        if run_step(lambda: services.request_blanks(*fields), errors, DocumentError, field="quantity"):
            return redirect_after_post(url_for("blanks.centre", centre_id=centre.id))
    return form_page("blanks/request_form.html", "request_form", form, errors, centre=centre)


def _overview(errors):
    """NAPOO's overview page, with the refusal of a decision if any."""
    today = _today()
    last_year = today.year - 1
    page = render(
        "blanks/overview.html",
        today=today,
        requests=list(BlankRequest.awaiting()),
        not_entered=[
            p for p in BlankProtocol.not_entered() if rules.protocol_entry_overdue(p.drawn_up_on, None, today)
        ],
        awaiting=[
            p
            for p in BlankProtocol.awaiting_receiver()
            if rules.protocol_entry_overdue(p.drawn_up_on, None, today)
        ],
        reports_overdue=rules.blank_report_overdue(last_year, None, today),
        last_year=last_year,
        report_deadline=rules.blank_report_deadline(last_year),
        unreported=list(BlankReport.centres_without(last_year)),
        confirmed=list(BlankReport.confirmed_in(last_year)),
        destructions=list(DestructionProtocol.not_entered()),
        awaiting_destruction=awaiting_destruction(datetime.date(today.year, 1, 1)),
        may_decide=current_user.has_role(*DECIDERS),
        errors=errors,
    )
    return page, 422 if errors else 200


@bp.get("/staff/blanks/")
@role_required(*STAFF_ROLES)
def overview():
    """NAPOO's overview: requests to decide, protocols overdue or awaiting the receiving centre,
    centres without last year's confirmed report, destruction protocols without their scan."""
    return _overview({})


@bp.post("/staff/blanks/requests/<int:request_id>")
@role_required(*DECIDERS)
def decide(request_id):
    """NAPOO approves or refuses a request (001 art. 24(5)); a stale page is told so."""
    form = DecisionForm()
    errors = {}
    if form.validate_on_submit():
        run_step(
            lambda: services.decide_request(
                current_user, request_id, form.version.data, form.decision.data == "approve"
            ),
            errors,
            DocumentError,
        )
    else:
        errors["form"] = str(services.STALE)
    if errors:
        return _overview(errors)
    return redirect_after_post(url_for("blanks.overview"))
