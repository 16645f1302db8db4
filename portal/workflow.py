"""The workflow engine every procedure shares (licensing, certification, and those to come).

A procedure is a `Workflow`: its table of moves (action -> states it starts from, state it leads
to, roles that may make it), the model it moves and the model of its timeline. The engine checks a
move against the table, writes it with its timeline event and audit entry in one transaction,
refuses it on a stale version (the optimistic lock), and answers who may see an item at the fetch
(authorisation at the fetch). Steps refused raise the procedure's `DomainError`, whose message is
for the person who asked. The engine never sees `request`.
"""

from flask_babel import lazy_gettext as _l

from portal import audit
from portal.accounts import User, create_user
from portal.dates import utcnow
from portal.db import database

APPLICANT = "applicant"

MOVED_ON = _l("This step cannot be taken now: the application has moved on.")
NOT_ALLOWED = _l("You may not take this step.")
STALE = _l("Someone else changed this application meanwhile: reload it to see what changed, then try again.")


class DomainError(ValueError):
    """A workflow step refused: `message` is for the person who asked, `field` the form field it
    concerns (None for the whole form)."""

    def __init__(self, message, field=None):
        super().__init__(str(message))
        self.message = message
        self.field = field


def may_move(transitions, user, action, item):
    """Whether `user` may make `action` on `item` now: the table's row for it is
    (states it starts from, state it leads to, roles that may make it); an applicant only on its
    own item (`item.applicant_id`)."""
    starts, _, roles = transitions[action]
    if item.state not in starts or user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.role == APPLICANT:
        return APPLICANT in roles and item.applicant_id == user.id
    return user.has_role(*[r for r in roles if r != APPLICANT])


def is_own(user, item, states):
    """Whether `item` is the applicant `user`'s own and in one of `states` (what it may edit)."""
    return (
        item.state in states
        and getattr(user, "is_authenticated", False)
        and user.role == APPLICANT
        and item.applicant_id == user.id
    )


def update_if_current(instance, version, changes, error=DomainError):
    """Write `changes` (with the next version and the time) to `instance`'s row only if it is still
    at `version`, and to `instance` in memory: the optimistic lock that turns two people's edits
    into a clear message, not a lost update. Raises `error` (a message for the person) when someone
    else changed it meanwhile. Returns the fields written."""
    model = type(instance)
    fields = {**changes, "version": version + 1, "updated_at": utcnow()}
    updated = model.update(**fields).where((model.id == instance.id) & (model.version == version)).execute()
    if updated != 1:
        raise error(STALE)
    for name, value in fields.items():
        setattr(instance, name, value)
    return fields


class Workflow:
    """One procedure: a subclass names its transition table, the model it moves, its timeline's
    model, its error and its audit names, and answers `snapshot` (what the audit entry keeps before
    and after a move) and `sees` (who of the staff sees an item at the fetch; an applicant sees its
    own item only). `event_states`: whether the timeline records the states a move goes between."""

    name = entity = ""
    model = event_model = None
    transitions = {}
    error = DomainError
    event_states = False
    event_field = "application"  # the timeline model's foreign key to the item

    def snapshot(self, item):
        """What the audit entry of a move keeps of the item before and after it."""
        return {"state": item.state, "version": item.version}

    def sees(self, user, item):
        """The item if this member of staff may see it, else None (no staff role sees it here)."""
        return None

    def may(self, user, action, item):
        """Whether the user may make this move on this item now (may_move over the table)."""
        return may_move(self.transitions, user, action, item)

    def fetch(self, item_id, user):
        """The item the user may see, or None (authorisation at the fetch): its own for an
        applicant; for staff, what `sees` allows."""
        if user is None or not getattr(user, "is_authenticated", False):
            return None
        item = self.model.get_or_none(self.model.id == item_id)
        if item is None:
            return None
        if user.role == APPLICANT:
            return item if item.applicant_id == user.id else None
        return self.sees(user, item)

    def update_if_current(self, item, version, changes):
        """The optimistic lock (update_if_current), refused as this workflow's error."""
        return update_if_current(item, version, changes, self.error)

    def audit(self, user, action, item, before=None, after=None):
        """The audit entry of a step: `<workflow>.<action>` on the item."""
        audit.record(user, f"{self.name}.{action}", self.entity, item.id, before, after)

    def record_event(self, item, user, action, *, on_date=None, note="", from_state=""):
        """A step on the item's timeline (leading to the item's current state)."""
        states = {"from_state": from_state, "to_state": item.state} if self.event_states else {}
        return self.event_model.create(
            **{self.event_field: item}, actor=user, action=action, on_date=on_date, note=note, **states
        )

    def create(self, user, action, *, note="", **fields):
        """A new item with its first timeline event and audit entry (call inside a transaction)."""
        item = self.model.create(**fields)
        self.record_event(item, user, action, note=note)
        self.audit(user, action, item, after=self.snapshot(item))
        return item

    def register(self, email, name, **fields):
        """Registration: the applicant's account (no password yet) and its first item together.
        Returns the user; None, writing nothing, when the e-mail has an account already: the caller
        answers as for a new address and tells the owner by mail
        (portal.accounts.tell_owner_of_registration), so that no page tells which e-mails have one."""
        if User.by_email(email) is not None:
            return None
        with database.atomic():
            user = create_user(email, APPLICANT, name=name)
            self.create(user, "register", applicant=user, email=email, **fields)
        return user

    def move(self, item, user, action, version, *, on_date=None, note="", changes=None):
        """Make one move of the table, with its timeline event and audit entry, in one transaction,
        if the version is current."""
        starts, to_state, _ = self.transitions[action]
        if not self.may(user, action, item):
            raise self.error(MOVED_ON if item.state not in starts else NOT_ALLOWED)
        with database.atomic():
            before, from_state = self.snapshot(item), item.state
            self.update_if_current(item, version, {"state": to_state, **(changes or {})})
            self.record_event(item, user, action, on_date=on_date, note=note, from_state=from_state)
            self.audit(user, action, item, before, self.snapshot(item))
