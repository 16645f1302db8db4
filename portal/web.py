"""Helpers the views share: one URL answers a full page or, for htmx, just the block that changes."""

import csv
import io
import itertools
import json
import os
import re
from urllib.parse import urlsplit

import flask
from flask import Response, abort, make_response, render_template, request, send_file, stream_with_context
from flask_htmx import HTMX
from jinja2_fragments.flask import render_block
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter
from werkzeug.utils import cached_property

htmx = HTMX()

# The largest integer an id or a version column holds: PostgreSQL's `integer` (peewee's AutoField
# is SERIAL, its IntegerField INTEGER); SQLite's holds up to 2^63-1. A larger value in a query is a
# database error, a 500, instead of finding nothing.
MAX_ID = 2**31 - 1
# ASCII digits only: str.isdigit() and int() accept '²', '٣' and full-width digits too.
_INTEGER = re.compile(r"-?[0-9]{1,19}")


def parse_int(text, low=0, high=MAX_ID):
    """`text` (a string from a request, or an int from code) as an integer of ASCII digits within
    [low, high], else None."""
    if isinstance(text, int) and not isinstance(text, bool):
        return text if low <= text <= high else None
    if not isinstance(text, str):
        return None
    text = text.strip()
    if not _INTEGER.fullmatch(text):
        return None
    value = int(text)
    return value if low <= value <= high else None


def refuse_nul_bytes():
    """Before each request: a NUL character in the path or a form field is a 400, nothing written
    (no one types it; PostgreSQL refuses it in text, which would be a 500 deep in a view). The query
    string is cleaned instead (Request.args), an uploaded file's name too (uploads.safe_filename)."""
    values = [request.path, *(text for pair in request.form.items(multi=True) for text in pair)]
    if any("\x00" in text for text in values):
        abort(400)


class Request(flask.Request):
    """Flask's request, its query string without NUL characters: a search or a look-up reads it
    as the visitor meant it (the search takes control characters for spaces anyway)."""

    @cached_property
    def args(self):
        """The query string's parameters, NUL removed from names and values."""
        raw = super().args
        if not any("\x00" in text for pair in raw.items(multi=True) for text in pair):
            return raw
        return ImmutableMultiDict(
            [(name.replace("\x00", ""), value.replace("\x00", "")) for name, value in raw.items(multi=True)]
        )


def form_id(name):
    """The record id the form field `name` carries, or None when it is missing or not a possible id
    (the lookup then finds nothing and the view answers its own "not found")."""
    return parse_int(request.form.get(name), low=1)


def form_version():
    """The version the page was rendered with (the optimistic lock); a garbled one reads as -1, which
    no record has, so the lock refuses it with its message (the record changed), never a 500."""
    return parse_version(request.form.get("version"))


def parse_version(text):
    """An optimistic-lock version from a form: a garbled one (`x`, a date, '²', beyond the column's
    range once incremented) reads as -1, which no record has."""
    version = parse_int(text, high=MAX_ID - 1)
    return -1 if version is None else version


class IdConverter(IntegerConverter):
    """`<int:...>` in every route: ASCII digits up to MAX_ID, so a larger id is a 404, not a 500
    (Werkzeug's own takes any length, and Unicode digits)."""

    regex = r"[0-9]{1,19}"

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):
        """Werkzeug's integer converter with MAX_ID as its default maximum."""
        super().__init__(map, fixed_digits, min, max, signed)


def render(template, block=None, **context):
    """The full page, or only `block` when htmx asked for it (a boosted navigation, or htmx
    restoring a page missing from its history cache, gets the page)."""
    if block and htmx and not htmx.boosted and not htmx.history_restore_request:
        return render_block(template, block, **context)
    return render_template(template, **context)


def safe_next(target, default="/"):
    """A local path to go back to after a redirect, never another site."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


def public_url(endpoint, **values):
    """The absolute URL of `endpoint` on the site's public address (PUBLIC_BASE_URL), for links
    that leave the request (mail, PDFs, the CLI): never built from the request's Host header,
    which a client chooses (a set-password link to the attacker's host, token included)."""
    from flask import current_app

    base = urlsplit(current_app.config["PUBLIC_BASE_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https"
    )
    return adapter.build(endpoint, values, force_external=True)


def keep_address_after_post(response):
    """After each request: a boosted form's POST that htmx swaps in (a refused step, 422, or a page
    answered without a redirect) leaves the address bar on the page the form was on. htmx would push
    the POST's URL, which a reload or a shared link then GETs: 405, or a different page. A redirect
    is followed by the browser and pushes the GET it leads to; a header a view set stays."""
    if (
        request.method not in ("GET", "HEAD")
        and htmx
        and htmx.boosted
        and not 300 <= response.status_code < 400
        and not any(name in response.headers for name in ("HX-Push-Url", "HX-Replace-Url", "HX-Location"))
    ):
        response.headers["HX-Push-Url"] = "false"
    return response


def redirect_after_post(url):
    """303 to `url`; for htmx, the HX-Redirect header, so htmx loads the page instead of swapping it."""
    from flask import redirect

    if htmx and not htmx.boosted:
        return Response("", 200, {"HX-Redirect": url})
    # A boosted form follows the 303 itself and swaps in the page it leads to; an HX-Redirect
    # to the same page with only a new #fragment would merely scroll, showing nothing new.
    return redirect(url, 303)


# --- Records, forms and refusals ----------------------------------------------------------------


def get_or_404(model, *conditions):
    """The one record of `model` that matches `conditions`, else a 404."""
    found = model.get_or_none(*conditions)
    if found is None:
        abort(404)
    return found


def form_errors(form):
    """{field: its messages as one text} of a form that did not validate."""
    return {name: " ".join(str(m) for m in messages) for name, messages in form.errors.items()}


def run_step(call, errors, refusals, field="form", upload_field=None):
    """Run the service `call` and return what it returns. A refusal (one of the domain errors
    `refusals`, each with `message` and `field`) is put in `errors` on its own field, else on
    `field`, and None returned; a refused upload goes on `upload_field` (given only where the step
    takes a file). The caller reads `errors` to know whether the step ran."""
    from portal.uploads import UploadError

    try:
        return call()
    except UploadError as error:
        if upload_field is None:
            raise
        errors[upload_field] = str(error)
    except refusals as error:
        errors[getattr(error, "field", None) or field] = str(error.message)
    return None


def invalid_status(errors):
    """The status of a form answered again: 422 with errors, to a browser and to htmx alike (one
    policy: base.html's htmx-config swaps a 422), 200 without."""
    return 422 if errors else 200


def form_page(template, block, form, errors, **context):
    """A form again with its errors (the form's own added to `errors`), its block to htmx."""
    errors.update(form_errors(form))
    return render(template, block=block, form=form, errors=errors, **context), invalid_status(errors)


# --- Downloads ----------------------------------------------------------------------------------


def private_download(source, name, mimetype):
    """A file (a path, or bytes made for this request) as an attachment named `name`, kept in no
    cache; a path lost from the disk is a 404 rather than a 500. send_file writes a non-ASCII name
    (an application's number is Cyrillic) as RFC 6266 asks."""
    if isinstance(source, bytes):
        source = io.BytesIO(source)
    elif not os.path.isfile(source):
        abort(404)
    response = send_file(source, mimetype=mimetype, as_attachment=True, download_name=name, max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response


def stored_download(stored, name):
    """An uploaded file (a row with `stored_name` and `content_type`) as a private download."""
    from portal.uploads import path_of

    return private_download(path_of(stored.stored_name), name, stored.content_type)


# --- One list as HTML, CSV and JSON -------------------------------------------------------------


def iter_csv(rows, fieldnames):
    """CSV text with a header line, UTF-8 with CRLF line ends as spreadsheets expect, a chunk at a
    time for large answers."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fieldnames, lineterminator="\r\n")
    writer.writeheader()
    for index, row in enumerate(rows, start=1):
        writer.writerow(row)
        if index % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def iter_json(rows, meta, meta_key="meta", rows_key="rows"):
    """{"meta": ..., "rows": [...]} streamed a row at a time (a register names its keys)."""
    yield json.dumps({meta_key: meta}, ensure_ascii=False)[:-1] + f", {json.dumps(rows_key)}: ["
    for index, row in enumerate(rows):
        yield ("," if index else "") + "\n" + json.dumps(row, ensure_ascii=False)
    yield "\n]}\n"


# Excel on Windows reads a CSV file as the system's code page (cp1251 in Bulgaria) unless it starts
# with a byte order mark; other programs take the mark as part of the first column's name, so the
# plain CSV goes without it and the Excel variant (?excel=1) with it.
BOM = "\ufeff"


def wants_excel(args):
    """Whether a CSV download asked for the Excel variant (`?excel=1`)."""
    return args.get("excel") == "1"


def csv_response(parts, filename, excel=False):
    """A CSV download streamed from text `parts`: plain UTF-8 for programs, or UTF-8 with a byte
    order mark for Excel (`excel`), the file named `<filename>.csv` or `<filename>-excel.csv`."""
    body = itertools.chain([BOM], parts) if excel else parts
    response = Response(stream_with_context(body), mimetype="text/csv")
    name = f"{filename}-excel.csv" if excel else f"{filename}.csv"
    response.headers["Content-Disposition"] = f"attachment; filename={name}"
    return response


def alternate_links(alternate, pages=None):
    """The `Link` header naming each {mimetype: url} twin of a page, and its {rel: url} neighbours
    (prev, next) when it is one page of a list."""
    links = [f'<{url}>; rel="alternate"; type="{kind}"' for kind, url in alternate.items()]
    links += [f'<{url}>; rel="{rel}"' for rel, url in (pages or {}).items()]
    return ", ".join(links)


def list_response(fmt, *, page, rows, fieldnames, filename, meta, keys=("meta", "rows"), alternate):
    """One list in the format asked (datasette's one data function, many formats): `fmt` "csv"
    streams `rows()` as CSV (with Excel's mark when `?excel=1`), "json" as {keys[0]: meta(),
    keys[1]: [...]}; otherwise the HTML `page()`, with a `Link` header naming each of `alternate`
    ({mimetype: url}) and, when `page()` returns (html, {rel: url}), the previous and next pages.
    The callables run only for the format asked."""
    if fmt == "csv":
        return csv_response(iter_csv(rows(), fieldnames), filename, wants_excel(request.args))
    if fmt == "json":
        body = iter_json(rows(), meta(), *keys)
        return Response(stream_with_context(body), mimetype="application/json")
    body = page()
    body, pages = body if isinstance(body, tuple) else (body, {})
    response = make_response(body)
    response.headers["Link"] = alternate_links(alternate, pages)
    return response
