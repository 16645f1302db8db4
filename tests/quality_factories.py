"""Factories for the self-assessment: a centre's graduates of a year (registered documents with
made-up people) and their follow-ups, written straight to the tables. Call inside an app context."""

import datetime
import itertools

from register.documents.models import REGISTERED
from register.quality.models import GraduateFollowUp
from tests.document_factories import make_course, make_document, make_participant

_numbers = itertools.count(5000)


def make_graduates(licence, year=2025, count=3, registered_on=None, statuses=(), source="graduate"):
    """`count` graduates of the licence's centre registered in `year` (on `registered_on`, default 27
    January), each with a follow-up whose status at 12 months is the matching one of `statuses`
    (none where `statuses` is shorter). Returns their documents."""
    day = registered_on or datetime.date(year, 1, 27)
    course = make_course(
        licence, starts_on=datetime.date(year - 1, 9, 1), ends_on=datetime.date(year - 1, 12, 15)
    )
    documents = []
    for index in range(count):
        number = next(_numbers)
        person = make_participant(course, serial=number, first_name=f"Завършил{index}", last_name="Примеров")
        document = make_document(
            person,
            state=REGISTERED,
            factory_number=str(number),
            registration_number=f"Р-{number}",
            registered_on=day,
            registered_year=year,
        )
        if index < len(statuses):
            GraduateFollowUp.create(document=document.id, status_12=statuses[index], source=source)
        documents.append(document)
    return documents
