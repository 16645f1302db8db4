"""Helpers the views share: one URL answers a full page or, for htmx, just the block that changes."""

from urllib.parse import urlsplit

from flask import render_template
from flask_htmx import HTMX
from jinja2_fragments.flask import render_block

htmx = HTMX()


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


def redirect_after_post(url):
    """303 to `url`; for htmx, the HX-Redirect header, so htmx loads the page instead of swapping it."""
    from flask import Response, redirect

    if htmx and not htmx.boosted:
        return Response("", 200, {"HX-Redirect": url})
    # A boosted form follows the 303 itself and swaps in the page it leads to; an HX-Redirect
    # to the same page with only a new #fragment would merely scroll, showing nothing new.
    return redirect(url, 303)
