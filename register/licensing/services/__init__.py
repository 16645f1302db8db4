"""The licensing workflow (000), along the procedure: drafting (steps 1-3), filing and regularity
(5-6), assessment (7-9), order and delivery (9-10), each step a move of one transition table on the
workflow engine (portal.workflow). Never sees `request`; every move is checked against the table,
written with its timeline event and audit entry in one transaction, and refused on a stale version
(two people editing at once). The names are importable from here as before the split."""

from portal.workflow import APPLICANT
from register.licensing.services.assessment import (
    assign_expert,
    confirm_verdicts,
    record_inspection,
    record_verdict,
    reject_verdict,
    send_experts_letter,
    verdicts_missing,
)
from register.licensing.services.drafting import (
    add_premises,
    attach_document,
    register_applicant,
    remove_premises,
    request_speciality,
    save_profile,
    start_amendment,
    withdraw_speciality,
)
from register.licensing.services.filing import (
    file_application,
    file_fixes,
    file_signed_application,
    find_regular,
    send_irregularity_letter,
)
from register.licensing.services.order import issue_order, record_delivery, refuse
from register.licensing.services.procedure import (
    CASE_ROLES,
    CHAIR_ROLES,
    COMMITTEE_ROLES,
    OFFICER_ROLES,
    PROFILE_FIELDS,
    TRANSITIONS,
    WORKFLOW,
    LicensingError,
    LicensingWorkflow,
    get_application_for,
    may,
    may_edit_profile,
    withdraw,
)

__all__ = [
    "APPLICANT",
    "CASE_ROLES",
    "CHAIR_ROLES",
    "COMMITTEE_ROLES",
    "OFFICER_ROLES",
    "PROFILE_FIELDS",
    "TRANSITIONS",
    "WORKFLOW",
    "LicensingError",
    "LicensingWorkflow",
    "add_premises",
    "assign_expert",
    "attach_document",
    "confirm_verdicts",
    "file_application",
    "file_fixes",
    "file_signed_application",
    "find_regular",
    "get_application_for",
    "issue_order",
    "may",
    "may_edit_profile",
    "record_delivery",
    "record_inspection",
    "record_verdict",
    "refuse",
    "register_applicant",
    "reject_verdict",
    "remove_premises",
    "request_speciality",
    "save_profile",
    "send_experts_letter",
    "send_irregularity_letter",
    "start_amendment",
    "verdicts_missing",
    "withdraw",
    "withdraw_speciality",
]
