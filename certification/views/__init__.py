"""BAUP certification on the web: the public pages (how to apply, the assessors, results by ID, a
candidate's own result) and the applicant's, the Group's, the Board's and the assessors' pages.

Views are short: a form, a service call, a redirect or the page again with its errors."""

from flask import Blueprint

bp = Blueprint("certification", __name__, url_prefix="/certification")


@bp.context_processor
def _labels():
    from certification import exams, labels, rules, stages

    return {
        "CERT_STATES": labels.CERT_STATES,
        "CERT_MISSING": labels.CERT_MISSING,
        "CERT_FILES": labels.CERT_FILES,
        "CERT_ACTIONS": labels.CERT_ACTIONS,
        "CERT_NEEDS": labels.CERT_NEEDS,
        "CERT_LINKS": labels.CERT_LINKS,
        "CERT_GROUPS": labels.CERT_GROUPS,
        "CERT_GUIDANCE": labels.CERT_GUIDANCE,
        "CERT_ELEMENTS": labels.CERT_ELEMENTS,
        "may_sit_until": rules.may_sit_until,
        "competences_stand_in": stages.competences_stand_in,
        "ban_ends": rules.ban_ends,
        "mark_text": exams.format_mark,
        "mark_step": exams.mark_step(),
        "mark_decimals": exams.mark_decimals(),
    }


# The views register their routes on bp when imported.
from certification.views import admission, applications, candidates, common, public, sessions  # noqa: E402, F401
