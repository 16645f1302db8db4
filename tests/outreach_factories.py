"""Information days and consultations for tests, built through the services (fake names only)."""

import datetime

from certification.outreach import services


def make_schedule(year=2026, number="7", user=None):
    return services.adopt_schedule(year, number, datetime.date(year, 1, 15), user)


def make_day(
    schedule=None, day=None, capacity=30, place="София, ул. Примерна 1", topic="Certification, level D"
):
    schedule = schedule or make_schedule(year=(day or datetime.date(2026, 6, 1)).year)
    return services.add_day(
        schedule,
        {
            "day": day or datetime.date(schedule.year, 6, 1),
            "starts_at": "10:00",
            "place": place,
            "online_link": "",
            "topic": topic,
            "capacity": capacity,
        },
    )
