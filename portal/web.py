"""Helpers the views share: one URL answers a full page or, for htmx, just the block that changes."""

import re
from urllib.parse import urlsplit

import flask
from flask import render_template, request
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
    from flask import abort

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
    """The full page, or only `block` when htmx asked for it (a boosted navigation gets the page)."""
    if block and htmx and not htmx.boosted:
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
    from flask import Response, redirect

    if htmx and not htmx.boosted:
        return Response("", 200, {"HX-Redirect": url})
    # A boosted form follows the 303 itself and swaps in the page it leads to; an HX-Redirect
    # to the same page with only a new #fragment would merely scroll, showing nothing new.
    return redirect(url, 303)
