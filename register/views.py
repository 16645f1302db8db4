"""The public register: home, the search and its exports, a licence, the open data; the blueprint
that register/staff_views.py adds the staff pages to."""

import datetime
import functools
import json
import os
import time

from flask import Response, abort, current_app, request, send_file, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from portal.db import database
from portal.web import csv_response, htmx, list_response, render, wants_excel
from register import export, rules, search
from register.blueprint import EDITORS, bp
from register.documents.labels import KIND_LABELS as DOCUMENT_KIND_LABELS
from register.documents.verification import public_counts
from register.filters import RegisterFilters
from register.labels import EVENT_LABELS, KIND_LABELS, SORT_LABELS, STATUS_LABELS
from register.models import Licence, LicenceEvent, Municipality, Profession, ProfessionalField, Region
from register.quality.public import employment_json, public_employment

# How the licence's JSON writes a count of 1 or 2 registered documents.
FEWER_THAN_3 = "fewer than 3"


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
        base = url_for(endpoint)
        pages = {"prev": base + filters.querystring(page=result.page - 1)} if result.page > 1 else {}
        if result.has_next:
            pages["next"] = base + filters.querystring(page=result.page + 1)
        html = render(
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
        return html, pages

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
    counts = public_counts(item.centre_id)
    employment = public_employment(item.centre_id)
    if fmt == "json":
        row["employment_of_graduates"] = employment_json(employment)
        # 1 or 2 documents are "fewer than 3" here as on the page (the site's choice).
        row["documents_registered"] = [
            {"year": year, "kind": kind, "count": FEWER_THAN_3 if count is None else count}
            for year, kind, count in counts
        ]
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
            document_counts=counts,
            employment=employment,
            DOCUMENT_KIND_LABELS=DOCUMENT_KIND_LABELS,
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


# The staff pages that change the register, on the same blueprint.
from register import staff_views  # noqa: E402, F401
