"""Demo data of information days and consultations for `make run`: the Board's schedule with a past
day and two upcoming ones, a few registrations (made-up names, @example.test) and two consultations,
made through the services."""

import datetime

from certification.models import AssessorProfile
from portal.db import database

from . import services
from .models import EMAIL, INTERVIEW, Consultation, InfoDaySchedule

DAYS = (
    (-60, "Сертифициране на ниво D: процедура и изисквания", "София, бул. Примерен 1, зала 2", ""),
    (30, "Сертифициране на ниво C и B", "", "https://meet.example.test/baup-info"),
    (120, "Пресертифициране и по-високо ниво", "Пловдив, ул. Примерна 5", ""),
)
PEOPLE = (
    ("Демо Посетител Първи", "visitor1@example.test"),
    ("Демо Посетител Втори", "visitor2@example.test"),
)


def seed_demo_info_days(group, board, today=None):
    """Create the demo once (nothing if a schedule exists)."""
    today = today or datetime.date.today()
    if InfoDaySchedule.select().exists():
        return
    with database.atomic():
        schedules = {}
        days = []
        for offset, topic, place, link in DAYS:
            day = today + datetime.timedelta(days=offset)
            if day.year not in schedules:
                number = f"{len(schedules) + 1}/{day.year}"
                schedules[day.year] = services.adopt_schedule(
                    day.year, number, datetime.date(day.year, 1, 10), board
                )
            fields = {
                "day": day,
                "starts_at": "10:00",
                "place": place,
                "online_link": link,
                "topic": topic,
                "capacity": 25,
            }
            days.append(services.add_day(schedules[day.year], fields))
        for name, email in PEOPLE:
            services.register(days[1], name, email, True, today)
        if not Consultation.select().exists():
            assessor = AssessorProfile.accounts().first()
            for offset, form, question in (
                (-10, INTERVIEW, "Какви документи са нужни за ниво D?"),
                (-3, EMAIL, "Колко струва пресертифицирането?"),
            ):
                services.record_consultation(
                    {
                        "given_on": today + datetime.timedelta(days=offset),
                        "asked_by": "Демо Питащ",
                        "contacts": "asker@example.test",
                        "form": form,
                        "questions": question,
                        "answers": "Вижте страницата за процедурата; демо отговор.",
                        "assessor": assessor,
                    },
                    group,
                )
