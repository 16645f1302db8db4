"""The document's way into the register (001 art. 22), on the shared engine (portal.workflow).

A centre enters a document (draft) and, where NAPOO checks it (rules.check_required), submits it;
NAPOO checks it condition by condition and either clears it (22(5)) or returns it with a term for
fixes (22(8)); the centre fixes and resubmits; the repeated check (22(9)) clears it or refuses it
(22(10)). A cleared document, or one NAPOO does not check, enters the register when the centre
records its stamp and registration and uploads its images (22(6)-(7)). A duplicate of a closed
centre's document is recorded by NAPOO on behalf of the school that keeps the archive (001 art. 16(4)).
"""

from portal.accounts import STAFF_ROLES
from portal.workflow import DomainError, Workflow
from register.documents.models import (
    CLEARED,
    DRAFT,
    REFUSED,
    REGISTERED,
    RESUBMITTED,
    RETURNED,
    SUBMITTED,
    CentreAccount,
    DocumentEvent,
    IssuedDocument,
)

CENTRE = "centre"  # in the table: whoever acts for the document's centre (CentreAccount)
OFFICER = "napoo_officer"

# action -> (states it starts from, state it leads to, roles that may make it)
TRANSITIONS = {
    "submit": ((DRAFT,), SUBMITTED, (CENTRE,)),
    "clear": ((SUBMITTED, RESUBMITTED), CLEARED, (OFFICER,)),
    "return": ((SUBMITTED,), RETURNED, (OFFICER,)),
    "resubmit": ((RETURNED,), RESUBMITTED, (CENTRE,)),
    "refuse": ((RESUBMITTED, RETURNED), REFUSED, (OFFICER,)),
    # A cleared document, or a draft NAPOO does not check; NAPOO for a closed centre's duplicate.
    "register": ((CLEARED, DRAFT), REGISTERED, (CENTRE, OFFICER)),
}


class DocumentError(DomainError):
    """A step on a document refused; the message is for the person who asked."""


class DocumentWorkflow(Workflow):
    """The register of issued documents on the engine: the item is an IssuedDocument, the actor on
    the centre's side anyone who acts for its centre, on NAPOO's its officers."""

    name, entity = "documents", "issued_document"
    model, event_model = IssuedDocument, DocumentEvent
    transitions, error = TRANSITIONS, DocumentError
    event_states = True
    event_field = "document"

    def may(self, user, action, document):
        """Whether the user may make this move on this document now: the centre's side by its
        accounts, NAPOO's by role (the admin counts as every role)."""
        starts, _, roles = self.transitions[action]
        if document.state not in starts or user is None or not getattr(user, "is_authenticated", False):
            return False
        if CENTRE in roles and CentreAccount.acts_for(user, document.centre_id):
            return True
        staff = [r for r in roles if r != CENTRE]
        return bool(staff) and user.has_role(*staff)

    def fetch(self, document_id, user):
        """The document the user may see, or None: its centre's accounts and NAPOO's staff."""
        if user is None or not getattr(user, "is_authenticated", False):
            return None
        document = IssuedDocument.get_or_none(IssuedDocument.id == document_id)
        if document is None:
            return None
        if user.has_role(*STAFF_ROLES) or CentreAccount.acts_for(user, document.centre_id):
            return document
        return None

    def snapshot(self, document):
        """The state, the round of the check and its term before and after a move."""
        return {
            "state": document.state,
            "check_round": document.check_round,
            "fix_deadline": document.fix_deadline.isoformat() if document.fix_deadline else None,
            "version": document.version,
        }


WORKFLOW = DocumentWorkflow()
may = WORKFLOW.may
get_document_for = WORKFLOW.fetch
