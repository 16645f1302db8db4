"""The certification blueprint and what its templates share (labels, permissions). Its own module, so
that the view modules import the blueprint without importing the package that imports them."""

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
