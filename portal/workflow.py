"""What the workflows (licensing, certification) share: who may make a move of a transition table."""

APPLICANT = "applicant"


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
