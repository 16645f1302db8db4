"""BAUP certification on the web: the public pages (how to apply, the assessors, results by ID, a
candidate's own result) and the applicant's, the Group's, the Board's and the assessors' pages.

Views are short: a form, a service call, a redirect or the page again with its errors.

One blueprint, a module per seam: public (how to apply, schedule, results, a candidate's own
result), applications (the list, the page, the applicant's data and files), admission (the moves,
the entry check, declarations, the hearing, the appeal), candidates (report, interview, hand-ins,
the certificate's decisions), sessions (exams, marking, appeals); common holds what they share.
One route per step: no hidden `action` field to switch on."""

from flask import Blueprint
from flask_login import current_user

from certification import exams, labels, rules, stages

bp = Blueprint("certification", __name__, url_prefix="/certification")


def permissions(user):
    """What the user's role lets a certification page offer (each step's service checks it again):
    the Group's steps, the Board's, either's, and the report to the Board (the Group's, or the
    admin's, never a Board member's own)."""
    signed_in = user.is_authenticated
    return {
        "group": signed_in and user.has_role("scheme_group"),
        "board": signed_in and user.has_role("board"),
        "scheme": signed_in and user.has_role("scheme_group", "board"),
        "report_to_board": signed_in and user.role in ("scheme_group", "admin"),
    }


@bp.context_processor
def _labels():
    return {
        "may": permissions(current_user),
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
