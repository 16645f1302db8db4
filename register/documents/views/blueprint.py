"""The documents blueprint and what its templates share (labels, permissions). Its own module, so
that the view modules import the blueprint without importing the package that imports them."""

from flask import Blueprint

bp = Blueprint("documents", __name__)


@bp.context_processor
def _labels():
    from register.documents.labels import (
        ACTION_LABELS,
        CONDITION_LABELS,
        COURSE_KIND_LABELS,
        EXAM_RESULT_LABELS,
        KIND_LABELS,
        STATE_LABELS,
    )

    return {
        "DOCUMENT_KIND_LABELS": KIND_LABELS,
        "DOCUMENT_STATE_LABELS": STATE_LABELS,
        "DOCUMENT_ACTION_LABELS": ACTION_LABELS,
        "CONDITION_LABELS": CONDITION_LABELS,
        "COURSE_KIND_LABELS": COURSE_KIND_LABELS,
        "EXAM_RESULT_LABELS": EXAM_RESULT_LABELS,
    }
