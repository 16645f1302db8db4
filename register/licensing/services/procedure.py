"""The licensing procedure on the workflow engine (portal.workflow): who takes part, the one table of
moves, the error, and who may see or edit an application. Never sees `request`."""

import datetime

from flask_babel import lazy_gettext as _l

from portal.db import database
from portal.workflow import APPLICANT, Workflow, is_own
from register.licensing.models import (
    AWAITING_FIXES,
    DRAFT,
    EVALUATED,
    FILED,
    IN_ASSESSMENT,
    LICENSED,
    REFUSED,
    REGULAR,
    WITHDRAWN,
    ApplicationEvent,
    LicensingApplication,
)
from register.services import RegisterError

OFFICER_ROLES = ("napoo_officer",)


COMMITTEE_ROLES = ("napoo_committee",)  # the expert committee (000 step 9)


CHAIR_ROLES = ("napoo_chair",)


# Who sees every application (an expert sees only those assigned to them; an applicant its own).
CASE_ROLES = (*OFFICER_ROLES, *COMMITTEE_ROLES, *CHAIR_ROLES)


# The one table of moves: action -> (states it may start from, state it leads to, roles that may make it).
TRANSITIONS = {
    "file": ((DRAFT,), FILED, (APPLICANT, *OFFICER_ROLES)),  # 000 step 5: the term starts
    "letter": ((FILED,), AWAITING_FIXES, OFFICER_ROLES),  # step 6: irregular, the term stops
    "fixes": ((AWAITING_FIXES,), FILED, (APPLICANT, *OFFICER_ROLES)),  # fixes filed: the term runs on
    "regular": ((FILED,), REGULAR, OFFICER_ROLES),  # step 6: regular, experts next (step 7)
    "experts": ((REGULAR,), IN_ASSESSMENT, OFFICER_ROLES),  # step 7: the letter naming the experts
    "confirm": ((IN_ASSESSMENT,), EVALUATED, COMMITTEE_ROLES),  # step 9: the expert committee confirms
    "order": ((EVALUATED,), LICENSED, CHAIR_ROLES),  # step 9: the chair's order creates the licence
    "deliver": ((LICENSED,), LICENSED, OFFICER_ROLES),  # step 10: the order and licence sent (recorded)
    "withdraw": ((DRAFT, FILED, AWAITING_FIXES, REGULAR, IN_ASSESSMENT, EVALUATED), WITHDRAWN, (APPLICANT,)),
    "refuse": ((FILED, AWAITING_FIXES, REGULAR, IN_ASSESSMENT, EVALUATED), REFUSED, CHAIR_ROLES),
}


class LicensingError(RegisterError):
    """A licensing step refused; the message is for the person who asked."""


class LicensingWorkflow(Workflow):
    """The licensing procedure on the engine (portal.workflow)."""

    name, entity = "licensing", "licensing_application"
    model, event_model = LicensingApplication, ApplicationEvent
    transitions, error = TRANSITIONS, LicensingError
    event_states = True

    def sees(self, user, application):
        """Staff see every application, an expert only those assigned to them (000 step 7)."""
        if user.role == "napoo_expert":
            return application if application.fields_assigned_to(user) else None
        return application if user.has_role(*CASE_ROLES) else None

    def snapshot(self, application):
        """The state and the filing (the term's start) before and after a move."""
        return {
            "state": application.state,
            "filed_on": application.filed_on,
            "filing_channel": application.filing_channel,
            "incoming_number": application.incoming_number,
            "version": application.version,
        }


WORKFLOW = LicensingWorkflow()


# Whether the user may make this move on this application now (portal.workflow.may_move).
may = WORKFLOW.may


# The application the user may see, or None (authorisation at the fetch, LicensingWorkflow.sees).
get_application_for = WORKFLOW.fetch


def _date(value, field, message):
    if not isinstance(value, datetime.date):
        raise LicensingError(message, field)
    return value


def may_edit_profile(user, application):
    """The applicant edits its own application's profile while preparing it (000 step 3)."""
    return is_own(user, application, (DRAFT,))


def _require_editable(application, user):
    if not may_edit_profile(user, application):
        raise LicensingError(_l("The documents can be changed only while the application is being prepared."))


PROFILE_FIELDS = (
    "centre_name",
    "centre_kind",
    "settlement",
    "address",
    "postcode",
    "phone",
    "delivery_channel",
)


def withdraw(application, user, version):
    """The applicant withdraws its application before the order."""
    with database.atomic():
        WORKFLOW.move(application, user, "withdraw", version, on_date=datetime.date.today())
