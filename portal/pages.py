"""CMS-free content pages: Markdown files in site/content, one per language.

A page may name a value the site holds in force (a deadline, a fee, a pass mark) by a placeholder
`{{ name }}` instead of typing it: a function registered with `page_values` supplies the values at
each request, so a changed setting changes the page (issue 17). Only names are substituted (no
expressions, no templates), each value escaped; a name no source supplies stays as written, and a
test checks that every page's placeholders are known."""

import functools
import os
import re

import markdown
from flask import Blueprint, Response, abort, request
from flask_babel import get_locale
from markupsafe import Markup, escape

from portal.web import render

SITE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "site")
CONTENT = os.path.join(SITE, "content")
STATIC = os.path.join(SITE, "static")
bp = Blueprint("pages", __name__)
PLACEHOLDER = re.compile(r"\{\{\s*([a-z][a-z0-9_]*)\s*\}\}")
_value_sources = []


def page_values(source):
    """Register `source()` -> {name: value} as a supplier of the pages' placeholders (a decorator)."""
    _value_sources.append(source)
    return source


def placeholder_values():
    """Every placeholder's value in force now, from the registered sources."""
    values = {}
    for source in _value_sources:
        values.update(source())
    return values


def fill_placeholders(text, values):
    """`text` with each `{{ name }}` that `values` knows replaced by its value, escaped (a name it
    does not know stays as written)."""

    def value(match):
        name = match[1]
        return str(escape(values[name])) if name in values else match[0]

    return Markup(PLACEHOLDER.sub(value, str(text)))


@functools.lru_cache(maxsize=64)
def _load(path, mtime):
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    first, _, body = text.partition("\n")
    title = first.lstrip("#").strip()
    html = markdown.markdown(body, extensions=["tables", "sane_lists", "toc"], output_format="html")
    return title, Markup(_scrolling_tables(html))


def _scrolling_tables(html):
    """Each table inside its own labelled region that scrolls sideways on a phone, the page never
    (WCAG 1.4.10, issue 13); the label names the table by its columns."""

    def wrap(match):
        columns = [
            re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<th[^>]*>(.*?)</th>", match[0])
        ]
        label = escape(", ".join(c for c in columns if c) or "table")
        return f'<div class="table-scroll" role="region" aria-label="{label}" tabindex="0">{match[0]}</div>'

    return re.sub(r"<table>.*?</table>", wrap, html, flags=re.S)


def load_page(slug, language):
    """(title, html) of a page in the language, falling back to Bulgarian; None if no such page."""
    if not slug.replace("-", "").isalnum():
        return None
    for lang in (language, "bg"):
        path = os.path.join(CONTENT, f"{slug}.{lang}.md")
        if os.path.exists(path):
            return _load(path, os.path.getmtime(path))
    return None


def page_slugs():
    """Slugs of every content page."""
    return sorted({name.split(".")[0] for name in os.listdir(CONTENT) if name.endswith(".md")})


@bp.get("/pages/<slug>")
def page(slug):
    """A content page inside the layout."""
    loaded = load_page(slug, str(get_locale()))
    if loaded is None:
        abort(404)
    title, html = loaded
    if PLACEHOLDER.search(html) or PLACEHOLDER.search(title):  # most pages name no value
        values = placeholder_values()
        title, html = fill_placeholders(escape(title), values), fill_placeholders(html, values)
    return render("site/page.html", title=title, body=html, slug=slug)


@bp.get("/favicon.ico")
def favicon():
    """The site's icon where browsers look for it first, so a first visit logs no 404 (issue 13).
    The SVG itself: every browser that asks for /favicon.ico today draws SVG icons too. Served from
    memory, not as a file: a browser drops its icon request when it moves on, and an open file left
    behind by an aborted response is a leak."""
    response = Response(_favicon(), mimetype="image/svg+xml")
    response.cache_control.public = True
    response.cache_control.max_age = 86400
    response.add_etag()
    return response.make_conditional(request)


@functools.cache
def _favicon():
    with open(os.path.join(STATIC, "favicon.svg"), "rb") as icon:
        return icon.read()
