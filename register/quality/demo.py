"""Demo data of the self-assessment for `make run`: the follow-up of the demo centre's graduates
(made-up people of register.documents.demo, every status where its months have passed) and a draft
of its report on last year, made through the services."""

import datetime

from portal.db import database
from register.documents.models import CentreAccount
from register.quality import rules, services
from register.quality.models import GraduateFollowUp, graduate_years, graduates


def seed_demo_quality(centre_user, today=None):
    """Create the demo once (nothing if a follow-up exists or the user acts for no centre)."""
    today = today or datetime.date.today()
    centre = CentreAccount.centres_of(centre_user).first()
    if centre is None or GraduateFollowUp.select().exists():
        return
    with database.atomic():
        for year in graduate_years(centre.id):
            for document in graduates(centre.id, year):
                fields = {"source": "graduate"}
                for months, status in zip(
                    rules.FOLLOW_UP_MONTHS, (rules.ELSEWHERE, rules.IN_PROFESSION), strict=True
                ):
                    if rules.follow_up_open(document.registered_on, months, today):
                        fields[f"status_{months}"] = status
                services.record_follow_up(document, fields, centre_user.id, today)
        year = today.year - 1
        answers = {i.id: ("4", "Вътрешен доклад (демо)") for i in services.indicators(year) if not i.computed}
        if services.report_of(centre.id, year) is None:
            services.save_report(centre.id, year, answers, centre_user.id)
