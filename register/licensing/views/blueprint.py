"""The licensing blueprint and what its templates share (labels, permissions). Its own module, so
that the view modules import the blueprint without importing the package that imports them."""

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
