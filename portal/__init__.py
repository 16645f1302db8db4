"""The app shell: create_app wires configuration, the database, extensions and blueprints."""

import functools
import os
import re

import peewee
from flask import Flask, g, has_request_context, request, session
from flask_babel import get_translations
from flask_babel import gettext as _
from jinja2 import pass_context
from markupsafe import Markup

from portal import accounts, cli, db, formats
from portal.config import check_secret_key, load_config
from portal.extensions import babel, csrf, limiter
from portal.web import IdConverter, Request, htmx, keep_address_after_post, refuse_nul_bytes

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)


def select_locale():
    """The language: the visitor's choice (cookie), else the site's default (Bulgarian)."""
    from flask import current_app

    chosen = request.cookies.get("lang") if has_request_context() else None  # the CLI has no visitor
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    return current_app.config["SITE_LANGUAGE"]


def create_app(config=None):
    """Build the app: defaults, then the environment, then `config`; nothing runs at import."""
    app = Flask(
        __name__,
        instance_path=os.path.join(ROOT, "instance"),
        template_folder=os.path.join(ROOT, "templates"),
        static_folder=os.path.join(ROOT, "site", "static"),
        static_url_path="/static",
    )
    app.url_map.converters["int"] = IdConverter  # before any route is added
    app.request_class = Request
    load_config(app, config)
    check_secret_key(app)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = os.path.join(ROOT, "translations")

    db.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    csrf.init_app(app)
    limiter.init_app(app)
    htmx.init_app(app)
    accounts.login_manager.init_app(app)
    accounts.login_manager.login_view = "accounts.login"
    accounts.login_manager.login_message = None

    from certification.outreach.views import bp as info_days_bp
    from certification.public import bp as certificates_bp
    from certification.views import bp as certification_bp
    from portal.pages import bp as pages_bp
    from portal.rule_index import bp as rule_index_bp
    from portal.views import bp as accounts_bp
    from register.blanks.views import bp as blanks_bp
    from register.documents.views import bp as documents_bp
    from register.licensing.views import bp as licensing_bp
    from register.place_views import bp as places_bp
    from register.quality.views import bp as quality_bp
    from register.views import bp as register_bp

    app.register_blueprint(accounts_bp)
    app.register_blueprint(register_bp)
    app.register_blueprint(licensing_bp)
    app.register_blueprint(documents_bp)
    app.register_blueprint(blanks_bp)
    app.register_blueprint(places_bp)
    app.register_blueprint(quality_bp)
    app.register_blueprint(certification_bp)
    app.register_blueprint(certificates_bp)
    app.register_blueprint(info_days_bp)
    app.register_blueprint(pages_bp)
    app.register_blueprint(rule_index_bp)
    cli.init_app(app)
    _install_templates(app)
    _install_security_headers(app)
    _install_request_log_filter(app)
    _install_error_pages(app)
    app.before_request(refuse_nul_bytes)
    app.after_request(keep_address_after_post)
    return app


@functools.lru_cache(maxsize=8192)
def _catalogue_text(locale, message, autoescape):
    """(the message in `locale` as a format string, the same formatted without variables or None,
    the names of its integer placeholders): each (language, message) is looked up and marked safe
    once, not on every use in a template. `locale` is the cache key: callers pass the current one."""
    text, counted = _figures_as_text(get_translations().ugettext(message))
    template = Markup(text) if autoescape else text
    try:
        plain = template % {}
    except (KeyError, TypeError, ValueError):  # it needs its variables
        plain = None
    return template, plain, counted


_INTEGER_PLACEHOLDER = re.compile(r"%\((\w+)\)d")


@functools.lru_cache(maxsize=8192)
def _figures_as_text(text):
    """(`text` with each `%(name)d` turned into `%(name)s`, those names): the figure is then given
    formatted by Babel ("1 234 лицензии", not "1234"), while the catalogue keeps its msgids."""
    counted = frozenset(_INTEGER_PLACEHOLDER.findall(text))
    return (_INTEGER_PLACEHOLDER.sub(r"%(\1)s", text) if counted else text), counted


def _with_figures(variables, counted):
    """`variables` with the integers that fill a `%(name)d` formatted the reader's way."""
    for name in counted:
        value = variables.get(name)
        if isinstance(value, int | float) and not isinstance(value, bool):
            variables[name] = formats.format_number(int(value))
    return variables


def _request_locale():
    """The current language's code, worked out once per request (Flask-Babel's get_locale and
    str() of a babel Locale cost more than the catalogue lookup itself)."""
    from flask_babel import get_locale

    if not has_request_context():
        return str(get_locale())
    code = g.get("_locale_code")
    if code is None:
        code = g._locale_code = str(get_locale())
    return code


def link(endpoint, **values):
    """url_for for the links every page repeats (menus, assets): each built once per process.
    Only for URLs that do not depend on the request beyond its script root."""
    return _link(request.script_root, endpoint, tuple(sorted(values.items())))


@functools.lru_cache(maxsize=1024)
def _link(script_root, endpoint, values):
    from flask import url_for

    return url_for(endpoint, **dict(values))


@pass_context
def _template_gettext(context, message, **variables):
    """Jinja's new-style gettext (the message is trusted, its variables escaped), cached."""
    template, plain, counted = _catalogue_text(_request_locale(), message, context.eval_ctx.autoescape)
    if variables or plain is None:
        return template % _with_figures(variables, counted)
    return plain


@pass_context
def _template_ngettext(context, singular, plural, num, **variables):
    """Jinja's new-style ngettext, its figures (`%(num)d`) formatted the reader's way."""
    variables.setdefault("num", num)
    text, counted = _figures_as_text(get_translations().ungettext(singular, plural, num))
    template = Markup(text) if context.eval_ctx.autoescape else text
    return template % _with_figures(variables, counted)


def _install_templates(app):
    # Templates look up ~50 messages a page; Flask-Babel finds the catalogue anew for each one.
    app.jinja_env.install_gettext_callables(
        gettext=lambda message: get_translations().ugettext(message),
        ngettext=lambda singular, plural, n: get_translations().ungettext(singular, plural, n),
        newstyle=True,
        pgettext=lambda context, message: get_translations().upgettext(context, message),
        npgettext=lambda c, s, p, n: get_translations().unpgettext(c, s, p, n),
    )
    app.jinja_env.globals["gettext"] = app.jinja_env.globals["_"] = _template_gettext
    app.jinja_env.globals["ngettext"] = _template_ngettext
    app.jinja_env.globals["link"] = link
    # One formatter for pages and messages (portal/formats.py): "30.11.2026 г.", "1 234", "72,5".
    app.jinja_env.filters["date"] = formats.format_day
    app.jinja_env.filters["datetime"] = formats.format_moment
    app.jinja_env.filters["number"] = formats.format_number
    app.jinja_env.filters["filesize"] = formats.format_size
    app.jinja_env.filters["language_name"] = formats.language_name
    app.jinja_env.add_extension("jinja2.ext.do")

    from search_index import highlight

    app.jinja_env.globals["highlight"] = highlight

    @app.context_processor
    def _globals():
        return {"current_locale": _request_locale(), "languages": app.config["LANGUAGES"]}


def _install_security_headers(app):
    @app.after_request
    def _headers(response):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if not app.debug and not app.testing and request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        # htmx swaps fragments from the same URL as the page: caches must keep them apart.
        response.vary.add("HX-Request")
        if _signed_in(app) or request.endpoint == "accounts.set_password":
            # A signed-in page (or one opened by a set-password link) is the user's alone: no
            # shared cache keeps it, no browser shows it from history after logout.
            response.headers["Cache-Control"] = "private, no-store"
        return response


def _signed_in(app):
    """Whether the request carries a signed-in session; a visitor without a session cookie is not
    looked up (reading the session would add Vary: Cookie to every public page)."""
    return app.config["SESSION_COOKIE_NAME"] in request.cookies and bool(session.get("_user_id"))


def _install_request_log_filter(app):
    """`make dev`: werkzeug's request log hides tokens, as gunicorn's does under `make run`."""
    import logging

    from portal.access_log import HideCredentials

    werkzeug_log = logging.getLogger("werkzeug")
    if not any(isinstance(f, HideCredentials) for f in werkzeug_log.filters):
        werkzeug_log.addFilter(HideCredentials())


def _install_error_pages(app):
    from flask import render_template
    from flask.globals import request_ctx
    from flask_wtf.csrf import CSRFError

    messages = {
        400: lambda: _("The request could not be understood."),
        401: lambda: _("Please log in to continue."),
        403: lambda: _("You do not have access to this page."),
        404: lambda: _("We could not find that page."),
        405: lambda: _("That action is not allowed here."),
        410: lambda: _("This link has expired or was already used."),
        413: lambda: _("The file is too large."),
        429: lambda: _("Too many attempts. Please wait a minute and try again."),
        500: lambda: _("Something went wrong on our side. Please try again."),
    }

    def render_error(code, message, headers=None):
        """The error as JSON, an htmx fragment or a page, whichever the request asked for."""
        headers = dict(headers or {})
        g.error_message = message
        if request_ctx.url_adapter is None:
            # A Host header not in TRUSTED_HOSTS: no URL can be built, so no page around the message.
            return message + "\n", code, {**headers, "Content-Type": "text/plain; charset=utf-8"}
        if request.path.endswith(".json") or request.accept_mimetypes.best == "application/json":
            return {"error": message, "status": code}, code, headers
        if htmx and not htmx.boosted:
            # Show the message above the page and leave the form that was sent, and its input, alone.
            fragment = render_template("_htmx_error.html", message=message)
            headers.update({"HX-Retarget": "#htmx-errors", "HX-Reswap": "innerHTML"})
            return fragment, code, headers
        return render_template("error.html", code=code, message=message), code, headers

    def handler(error):
        """An HTTP error's page, in the reader's language."""
        code = getattr(error, "code", 500) or 500
        message = messages.get(code, messages[500])()
        if isinstance(error, CSRFError):
            message = _("The form has expired. Reload the page and submit it again.")
        return render_error(code, message)

    def database_error(error):
        """A busy database (a long import holds SQLite's write lock, or PostgreSQL's lock timeout
        ran out) is a 503 with Retry-After: the visitor can simply try again, and nothing was
        written (the transaction rolled back). Any other database error stays a logged 500."""
        if not db.is_busy(error):
            app.log_exception((type(error), error, error.__traceback__))
            return render_error(500, messages[500]())
        app.logger.warning("database busy on %s %s: %s", request.method, request.path, error)
        message = _(
            "The register is busy saving other changes. Nothing was saved: please try again in a moment."
        )
        return render_error(503, message, {"Retry-After": str(db.RETRY_AFTER_SECONDS)})

    for code in messages:
        app.register_error_handler(code, handler)
    app.register_error_handler(CSRFError, handler)
    app.register_error_handler(peewee.OperationalError, database_error)
