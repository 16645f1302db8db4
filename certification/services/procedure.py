"""BAUP certification (004; DOMAIN.md C) on the workflow engine (portal.workflow): who takes part,
the one table of moves, the error, who may see an application, and withdrawing it."""

import datetime

from certification.models import (
    ADMITTED,
    COMPLETE,
    DRAFT,
    INCOMPLETE,
    REFUSED,
    SUBMITTED,
    VOID,
    WITHDRAWN,
    CertApplication,
    CertEvent,
)
from portal.db import database
from portal.workflow import APPLICANT, Workflow
from register.services import RegisterError

GROUP = ("scheme_group",)


BOARD = ("board",)


# action -> (states it starts from, state it leads to, roles that may take it)
TRANSITIONS = {
    "submit": ((DRAFT, INCOMPLETE), SUBMITTED, (APPLICANT,)),
    "incomplete": ((SUBMITTED,), INCOMPLETE, GROUP),  # a deadline to complete it (004)
    "complete": ((SUBMITTED,), COMPLETE, GROUP),
    "void": ((INCOMPLETE,), VOID, GROUP),  # the deadline missed: void, the documents kept
    "admit": ((COMPLETE,), ADMITTED, BOARD),
    "refuse": ((COMPLETE,), REFUSED, BOARD),
    "withdraw": ((DRAFT, SUBMITTED, INCOMPLETE, COMPLETE), WITHDRAWN, (APPLICANT,)),
    # misleading data, after the hearing (hearings.void_for_false_data)
    "void_false_data": ((SUBMITTED, INCOMPLETE, COMPLETE, ADMITTED), VOID, BOARD),
}


class CertificationError(RegisterError):
    """A certification step refused; the message is for the person who asked."""


class CertificationWorkflow(Workflow):
    """The certification procedure on the engine (portal.workflow)."""

    name, entity = "certification", "cert_application"
    model, event_model = CertApplication, CertEvent
    transitions, error = TRANSITIONS, CertificationError

    def sees(self, user, application):
        """Staff who see an application with its personal data: the Group and the Board any; the
        Appeals Committee one whose refusal is appealed to it (CertApplication.appealed). Assessors
        never see an application: an entry assessor reads what the check needs on its own page
        (appointments.entry_check_for), the others candidate IDs only."""
        if user.has_role("scheme_group", "board"):
            return application
        if user.role == "appeals":
            return CertApplication.appealed().where(CertApplication.id == application.id).first()
        return None


WORKFLOW = CertificationWorkflow()


# Whether the user may make this move on this application now (portal.workflow.may_move).
may = WORKFLOW.may


# The application the user may see, or None (authorisation at the fetch, CertificationWorkflow.sees).
get_application_for = WORKFLOW.fetch


def withdraw(application, user, version):
    """The applicant withdraws the application (before the Board's decision)."""
    with database.atomic():
        WORKFLOW.move(application, user, "withdraw", version, on_date=datetime.date.today())
