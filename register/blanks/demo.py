"""Demo blanks for `make run`, made through the services (the same rules as real use): the demo
centre's protocol from the printer still waiting for its scan, two blanks spoiled and one of them
destroyed by a protocol without its scan, a request awaiting NAPOO. Deterministic; no names of people."""

import datetime

from register.blanks import rules, services
from register.blanks.models import RECEIVED, BlankProtocol
from register.documents.models import CentreAccount


def seed_demo_blanks(centre_user):
    """Once (nothing if a protocol exists, or the demo centre has no range yet)."""
    centre = CentreAccount.centres_of(centre_user).first()
    if centre is None or BlankProtocol.select().exists():
        return
    today = datetime.date.today()
    qualification = {"kind": "qualification"}
    services.enter_protocol(
        centre_user,
        centre.id,
        {
            **qualification,
            "direction": RECEIVED,
            "number": "ПП-26/3",
            "drawn_up_on": today - datetime.timedelta(days=4),
            "other_party": "Демо печатница ЕАД",
            "series": "А-26",
            "first_number": 2000,
            "last_number": 2099,
        },
        [],
        today,
    )
    services.mark_blanks(
        centre_user,
        centre.id,
        {
            **qualification,
            "state": rules.SPOILED,
            "series": "А-25",
            "first_number": 1190,
            "last_number": 1191,
        },
        today,
    )
    services.enter_destruction(
        centre_user,
        centre.id,
        {
            **qualification,
            "number": "УП-1",
            "destroyed_on": today - datetime.timedelta(days=20),
            "committee": "Демо комисия: председател и двама членове",
            "series": "А-25",
            "numbers": "1190",
        },
        [],
        today,
    )
    services.request_blanks(centre_user, centre.id, "qualification", 200, today)
