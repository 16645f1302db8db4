"""BAUP certification workflow (004; DOMAIN.md C), part 1: applications, the Group's review, bans,
conflicts of interest, admission and candidate IDs, on the workflow engine (portal.workflow). Never
sees `request`; each move is checked against one transition table and written with its timeline
event and audit entry in one transaction, refused on a stale version. The names are importable from
here as before the split (procedure, application, admission)."""

from certification.services.admission import (
    CONFLICT_TRAINING_YEARS,
    conflict_of_interest,
    decide_admission,
    declare,
    experience_finding,
    overdue_notices,
    record_notice,
    record_opinion,
)
from certification.services.application import (
    EDITABLE,
    add_project,
    add_referee,
    attach,
    banned_until,
    may_edit,
    record_ban,
    register_candidate,
    remove_item,
    review,
    save_application,
    start_application,
    submit,
    void_if_overdue,
)
from certification.services.procedure import (
    BOARD,
    GROUP,
    TRANSITIONS,
    WORKFLOW,
    CertificationError,
    CertificationWorkflow,
    get_application_for,
    may,
    withdraw,
)
from portal.workflow import APPLICANT

__all__ = [
    "APPLICANT",
    "BOARD",
    "CONFLICT_TRAINING_YEARS",
    "CertificationError",
    "CertificationWorkflow",
    "EDITABLE",
    "GROUP",
    "TRANSITIONS",
    "WORKFLOW",
    "add_project",
    "add_referee",
    "attach",
    "banned_until",
    "conflict_of_interest",
    "decide_admission",
    "declare",
    "experience_finding",
    "get_application_for",
    "may",
    "may_edit",
    "overdue_notices",
    "record_ban",
    "record_notice",
    "record_opinion",
    "register_candidate",
    "remove_item",
    "review",
    "save_application",
    "start_application",
    "submit",
    "void_if_overdue",
    "withdraw",
]
