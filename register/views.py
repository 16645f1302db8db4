"""The public register and the staff pages that change it."""

import datetime
import functools
import json
import os
import time

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    request,
    send_file,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from portal import uploads
from portal.accounts import role_required, staff_required
from portal.db import database
from portal.web import (
    csv_response,
    form_page,
    get_or_404,
    htmx,
    list_response,
    parse_int,
    redirect_after_post,
    render,
    run_step,
    stored_download,
    wants_excel,
)
from register import archive_letter, export, rules, search
from register.filters import RegisterFilters
from register.forms import ArchiveForm, ArchiveHandoverForm, ArchiveNoticeForm, LicenceEventForm
from register.labels import EVENT_LABELS, KIND_LABELS, SORT_LABELS, STATUS_LABELS
from register.models import (
    ArchiveNotice,
    HandoverProtocol,
    Licence,
    LicenceEvent,
    Municipality,
    Profession,
    ProfessionalField,
    Region,
    Settlement,
)
from register.services import (
    RegisterError,
    designate_archive,
    get_licence_for_edit,
    record_archive_notice,
    record_event,
    record_handover,
)

bp = Blueprint("register", __name__)

EDITORS = ("napoo_officer", "napoo_chair")


@bp.app_context_processor
def _labels():
    locale = str(get_locale())
    return {
        "STATUS_LABELS": _translated("status", locale),
        "EVENT_LABELS": _translated("event", locale),
        "KIND_LABELS": _translated("kind", locale),
    }


@functools.lru_cache(maxsize=16)
def _translated(kind, locale):
    """The labels as plain text in the request's language, once per language: a page of 25 rows
    would otherwise look each one up in the catalogue again."""
    labels = {"status": STATUS_LABELS, "event": EVENT_LABELS, "kind": KIND_LABELS, "sort": SORT_LABELS}[kind]
    return {code: str(label) for code, label in labels.items()}


@bp.get("/")
def home():
    """Home: a search box, counts by status, the latest changes."""
    return render(
        "register/home.html",
        counts=Licence.status_counts(),
        latest=list(LicenceEvent.latest(10)),
    )


def _facets():
    """The filter form's choices: regions, municipalities by region, fields and professions.

    They change only when the classifiers are loaded (a CLI command), so each process keeps them
    for a few minutes instead of reading ~400 rows for every page.
    """
    return _form_choices(int(time.monotonic() // CHOICES_TTL), id(database.obj))


CHOICES_TTL = 300


@functools.lru_cache(maxsize=2)
def _form_choices(period, database_identity):
    municipalities = {}
    for m in Municipality.ordered():
        municipalities.setdefault(m.region_id, []).append(m)
    professions = {}
    for p in Profession.ordered():
        professions.setdefault(p.field_id, []).append(p)
    return {
        "regions": list(Region.ordered()),
        "municipalities": municipalities,
        "fields": list(ProfessionalField.ordered()),
        "professions": professions,
    }


def _options(kind, selected):
    """The <option>s of the region or field select, one selected: the same few dozen for every
    page, so built once per choice instead of escaped anew on each request."""
    return _options_html(kind, selected, int(time.monotonic() // CHOICES_TTL), id(database.obj))


@functools.lru_cache(maxsize=256)
def _options_html(kind, selected, period, database_identity):
    choices = _form_choices(period, database_identity)
    if kind == "region":
        items = [(r.code, r.name) for r in choices["regions"]]
    else:
        items = [(f.code, f"{f.code} {f.name}") for f in choices["fields"]]
    return Markup("").join(
        Markup('<option value="{}"{}>{}</option>').format(
            code, Markup(" selected") if code == selected else "", label
        )
        for code, label in items
    )


def _listing(endpoint, template, closed_only, fmt):
    """The register or its closed part, as HTML, CSV or JSON from the same search."""
    filters = RegisterFilters.from_args(request.args, current_app.config["PAGE_SIZE"])
    alternate = {f: url_for(endpoint, fmt=f) + filters.querystring(page=1) for f in ("csv", "json")}

    def page():
        result = search.search(filters, closed_only, want_facets=request.args.get("facets") == "1")
        return render(
            template,
            # The counts asked for after the page (facets=1) are their own block.
            block="facets" if request.args.get("facets") == "1" else "results",
            filters=filters,
            result=result,
            rows=list(export.licence_rows(result.ids, with_specialities=False)),
            endpoint=endpoint,
            closed=closed_only,
            alternate=alternate,
            page_title=list_title(closed_only, filters.q, result.page),
            excel_csv=alternate["csv"] + ("&" if "?" in alternate["csv"] else "?") + "excel=1",
            sort_labels=_translated("sort", str(get_locale())),
            oob_selects=bool(htmx) and not htmx.boosted,
            region_options=_options("region", filters.region),
            field_options=_options("field", filters.field),
            **_facets(),
        )

    matched = search.matches(filters, closed_only).query if fmt else None
    return list_response(
        fmt,
        page=page,
        rows=lambda: export._chunks(matched),
        fieldnames=export.COLUMN_NAMES,
        filename=endpoint.split(".")[-1],
        meta=lambda: {"query": dict(filters.params()), "count": matched.count()},
        alternate={"text/csv": alternate["csv"], "application/json": alternate["json"]},
    )


def list_title(closed, query, page):
    """One <title> for each list page: the list, the search words and the page number, so that
    tabs, history and bookmarks tell two searches apart."""
    title = _("Closed centres and their archives") if closed else _("Register of licensed training centres")
    if query:
        title = _("%(title)s: “%(query)s”", title=title, query=query)
    if page > 1:
        title = _("%(title)s, page %(page)d", title=title, page=page)
    return title


@bp.get("/licences/", defaults={"fmt": None})
@bp.get("/licences.<any(csv, json):fmt>")
def licences(fmt):
    """The register: search, filters, sort, pages; .csv and .json of the same query."""
    return _listing("register.licences", "register/licences.html", False, fmt)


@bp.get("/licences/revoked", defaults={"fmt": None})
@bp.get("/licences/revoked.<any(csv, json):fmt>")
def revoked(fmt):
    """Finally revoked and terminated licences with where their archives are kept (001 art. 30)."""
    return _listing("register.revoked", "register/licences.html", True, fmt)


@bp.get("/licences/<number>", defaults={"fmt": None})
@bp.get("/licences/<number>.<any(json):fmt>")
def licence(number, fmt):
    """One centre and its licence: professions by field, history, and the archive box."""
    item = Licence.by_number(number)
    if item is None:
        abort(404)
    row = next(export.licence_rows([item.id]))
    if fmt == "json":
        row["history"] = [
            {
                "kind": e.kind,
                "date": e.date.isoformat(),
                "order_number": e.order_number,
                "months": e.months,
                "reason": e.reason,
            }
            for e in item.history()
        ]
        return Response(json.dumps(row, ensure_ascii=False, indent=1), mimetype="application/json")
    archive, notice = item.archive, item.archive_notice
    protocols = item.handover_protocols() if item.is_closed else []
    response = current_app.make_response(
        render(
            "register/licence.html",
            licence=item,
            row=row,
            fields=item.specialities_by_field(include_removed=True),
            history=list(item.history()),
            archive=archive,
            notice=notice,
            protocol=protocols[0] if protocols else None,
            can_edit=current_user.is_authenticated and current_user.has_role(*EDITORS),
            archive_stage=rules.archive_stage(
                notice.date if notice else None, archive is not None, archive and archive.handed_over_on
            ),
        )
    )
    response.headers["Link"] = (
        f'<{url_for("register.licence", number=number, fmt="json")}>; rel="alternate"; '
        'type="application/json"'
    )
    return response


@bp.get("/data/")
def data():
    """Full dumps of the public register, with the data dictionary."""
    return render("register/data.html", columns=export.COLUMNS, dumps=_fresh_dumps())


@bp.get("/data/registar-licences.<any(csv, json):fmt>")
def data_dump(fmt):
    """Download a full dump, regenerated first if the register changed since it was written."""
    path = _fresh_dumps()[fmt]["path"]
    if fmt == "csv" and wants_excel(request.args):
        name = os.path.splitext(os.path.basename(path))[0]
        response = csv_response(export.iter_file(path), name, excel=True)
        response.headers["Cache-Control"] = "no-cache"
        return response
    mimetype = "text/csv" if fmt == "csv" else "application/json"
    return send_file(
        path, mimetype=mimetype, as_attachment=True, download_name=os.path.basename(path), max_age=0
    )


def _fresh_dumps():
    """{fmt: {path, size, written}}, rewriting the dumps when older than the register's last change."""
    data_dir = current_app.config["DATA_DIR"]
    paths = export.dump_paths(data_dir)
    changed = Licence.last_changed()
    stale = any(not os.path.exists(p) for p in paths.values())
    if not stale and changed:
        written = min(os.path.getmtime(p) for p in paths.values())
        stale = changed.replace(tzinfo=datetime.UTC).timestamp() > written
    if stale:
        export.write_dumps(data_dir)
    return {
        fmt: {
            "path": path,
            "size": os.path.getsize(path),
            "written": datetime.datetime.fromtimestamp(os.path.getmtime(path), datetime.UTC),
        }
        for fmt, path in paths.items()
    }


# --- Staff --------------------------------------------------------------------------------------


@bp.get("/staff/")
@staff_required
def staff_home():
    """The staff start page: find a licence to work on, and the latest changes."""
    number = (request.args.get("number") or "").strip()
    found = Licence.by_number(number) if number else None
    if found and current_user.has_role(*EDITORS):
        return redirect(url_for("register.new_event", number=found.number), 303)
    return render(
        "register/staff_home.html",
        number=number,
        not_found=bool(number) and found is None,
        latest=list(LicenceEvent.latest(15)),
        can_edit=current_user.has_role(*EDITORS),
    )


def _editable(number):
    """The licence an editor works on, else a 404."""
    item = get_licence_for_edit(number, current_user)
    if item is None:
        abort(404)
    return item


def _settlement(code):
    return Settlement.get_or_none(Settlement.ekatte == (code or "").strip())


@bp.route("/staff/licences/<number>/events/new", methods=["GET", "POST"])
@role_required(*EDITORS)
def new_event(number):
    """Record an event on a licence; a revocation or termination may carry the archive."""
    item = _editable(number)
    form = LicenceEventForm().for_status(item.status)
    errors = {}
    if form.validate_on_submit():
        archive = form.archive_data()
        if archive is not None:
            archive["school_settlement"] = _settlement(archive["school_settlement"])
        run_step(
            lambda: record_event(
                item,
                current_user,
                form.kind.data,
                form.date.data,
                form.order_number.data,
                form.reason.data or "",
                form.notes.data or "",
                parse_int(form.months.data or ""),  # blank or spaces: none chosen
                archive,
            ),
            errors,
            RegisterError,
        )
        if not errors:
            flash(_("The event is recorded and the public register shows it."), "success")
            return redirect_after_post(url_for("register.licence", number=item.number))
    return form_page("register/event_form.html", "event_form", form, errors, licence=item)


@bp.route("/staff/licences/<number>/archive", methods=["GET", "POST"])
@role_required(*EDITORS)
def archive(number):
    """Record or correct where a closed centre's archive is kept."""
    item = _editable(number)
    form = ArchiveForm()
    if request.method == "GET" and item.archive:
        form.fill_from(item.archive)
    errors = {}
    if form.validate_on_submit():
        data = form.archive_data() or {}
        data["school_settlement"] = _settlement(data.get("school_settlement"))
        run_step(lambda: designate_archive(item, current_user, data), errors, RegisterError)
        if not errors:
            flash(_("The archive designation is saved."), "success")
            return redirect_after_post(url_for("register.licence", number=item.number))
    return form_page(
        "register/archive_form.html",
        "archive_form",
        form,
        errors,
        licence=item,
        closed=rules.archive_location_required(item.status),
    )


def _archive_step(number, form_class, save, template_block, message, fill=None):
    """One stage of the archive's path (notice or handover) on its own staff form: the form again
    with its errors and everything typed kept, or a 303 to the public page once saved. A refused
    upload is the `protocol` field's error."""
    item = _editable(number)
    form = form_class()
    if request.method == "GET" and fill:
        fill(form, item)
    errors = {}
    if form.validate_on_submit():
        run_step(lambda: save(item, form), errors, RegisterError, upload_field="protocol")
        if not errors:
            flash(message, "success")
            return redirect_after_post(url_for("register.licence", number=item.number))
    return form_page(
        "register/archive_step.html",
        "step_form",
        form,
        errors,
        licence=item,
        step=template_block,
        closed=rules.archive_location_required(item.status),
        notice=item.archive_notice,
        archive=item.archive,
        protocols=item.handover_protocols() if template_block == "handover" else [],
    )


def _fill_notice(form, item):
    """Show a recorded notice for correction."""
    notice = item.archive_notice
    if notice:
        form.number.data, form.date.data = notice.number, notice.date


@bp.route("/staff/licences/<number>/archive/notice", methods=["GET", "POST"])
@role_required(*EDITORS)
def archive_notice(number):
    """Record the NAPOO chair's written notice to the РУО of the centre's seat (001 art. 28(1))."""
    return _archive_step(
        number,
        ArchiveNoticeForm,
        lambda item, form: record_archive_notice(item, current_user, form.date.data, form.number.data),
        "notice",
        _("The notice to the Regional Education Directorate is recorded."),
        _fill_notice,
    )


@bp.get("/staff/licences/<number>/archive/notice.pdf")
@role_required(*EDITORS)
def archive_notice_pdf(number):
    """The notice as a PDF letter from the NAPOO chair to the head of the РУО, for signing."""
    item = _editable(number)
    notice = item.archive_notice
    if notice is None:
        abort(404)
    data = archive_letter.notice_pdf(item, notice)
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f"inline; filename=notice-{item.number}.pdf"
    return response


@bp.route("/staff/licences/<number>/archive/handover", methods=["GET", "POST"])
@role_required(*EDITORS)
def archive_handover(number):
    """Record the day the documentation was handed over to the designated school, with its protocol
    file if one is chosen: the file is stored first and removed again if the handover is refused."""
    return _archive_step(
        number,
        ArchiveHandoverForm,
        lambda item, form: uploads.store_then(
            [form.protocol.data],
            lambda stored: record_handover(item, current_user, form.date.data, stored[0] if stored else None),
        ),
        "handover",
        _("The handover is recorded."),
    )


@bp.get("/staff/licences/<number>/archive/protocols/<int:protocol_id>")
@role_required(*EDITORS)
def archive_protocol(number, protocol_id):
    """A handover protocol file, to the editors only, as an attachment with its original name."""
    item = _editable(number)
    found = get_or_404(
        HandoverProtocol, (HandoverProtocol.id == protocol_id) & (HandoverProtocol.licence == item)
    )
    return stored_download(found, uploads.safe_filename(found.original_name))


@bp.get("/staff/archives")
@role_required(*EDITORS)
def archives_awaiting():
    """Closed centres whose archive designation is missing or whose handover is overdue, oldest first."""
    return render("register/archives_awaiting.html", rows=ArchiveNotice.awaiting(datetime.date.today()))
