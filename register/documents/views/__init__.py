"""The register of issued documents on the web: one blueprint, its views by who uses them:
`courses` (a centre's courses, participants and blanks), `checks` (the documents, NAPOO's check,
the queue), `public` (verification and the public counts)."""

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


# The routes, registered on `bp` as each module is imported.
from register.documents.views import checks, courses, public  # noqa: E402, F401
