"""Licensing applications on the web: registration (public), the applicant's and NAPOO's pages.

Views are short: a form, a service call, a redirect or the form again with its errors. One
blueprint, its views by the procedure's stages: `applications` (registration, the lists, the steps
of services.TRANSITIONS), `drafting` (step 3, the application's content), `assessment` (steps 7-9,
the experts), `files` (the generated PDFs and the uploaded files); `procedure` builds the
application's page and its step forms."""

from flask import Blueprint

bp = Blueprint("licensing", __name__)


def _guidance(slug):
    """(title, html) of a guidance page of site/content (guide-*.md) in the reader's language."""
    from flask_babel import get_locale

    from portal.pages import load_page

    return load_page(f"guide-{slug}", str(get_locale())) or ("", "")


@bp.context_processor
def _labels():
    from register.licensing.labels import (
        ACTION_LABELS,
        DELIVERY_LABELS,
        DOCUMENT_LABELS,
        KIND_LABELS,
        MISSING_LABELS,
        PREMISES_LABELS,
        STATE_LABELS,
        STEP_TITLES,
    )

    return {
        "guidance": _guidance,
        "APPLICATION_KINDS": KIND_LABELS,
        "DOCUMENT_LABELS": DOCUMENT_LABELS,
        "DELIVERY_LABELS": DELIVERY_LABELS,
        "PREMISES_LABELS": PREMISES_LABELS,
        "STATE_LABELS": STATE_LABELS,
        "ACTION_LABELS": ACTION_LABELS,
        "STEP_TITLES": STEP_TITLES,
        "MISSING_LABELS": MISSING_LABELS,
    }


# The routes, registered on `bp` as each module is imported.
from register.licensing.views import applications, assessment, drafting, files  # noqa: E402, F401
