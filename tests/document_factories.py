"""Factories for the register of issued documents: centre accounts, courses, participants with
made-up ЕГН, registered blanks and documents, written straight to the tables (the services are what
the tests test). Call inside an app context."""

import datetime
import itertools

from portal.identity_rules import egn_check_digit
from register.documents import rules
from register.documents.identity import personal_number_hash
from register.documents.models import (
    DRAFT,
    REGISTERED,
    BlankBatch,
    CentreAccount,
    Course,
    IssuedDocument,
    Participant,
)
from tests.factories import PROGRAMMER

_serials = itertools.count(1)


def fake_egn(serial=None, born=datetime.date(1990, 1, 1)):
    """A made-up ЕГН with a valid check digit (born on `born`, 1900-1999)."""
    serial = next(_serials) if serial is None else serial
    digits = f"{born:%y%m%d}{serial % 1000:03d}"
    return digits + str(egn_check_digit(digits))


def make_centre_account(user, licence):
    """Let `user` act for the licence's centre."""
    return CentreAccount.create(user=user, centre=licence.centre_id)


def make_course(licence, speciality=PROGRAMMER, **fields):
    """A training course under the licence that has passed its exam."""
    values = {
        "centre": licence.centre_id,
        "licence": licence,
        "speciality": speciality,
        "kind": "training",
        "framework_programme": "Б",
        "training_form": "daytime",
        "starts_on": datetime.date(2025, 9, 1),
        "ends_on": datetime.date(2026, 1, 15),
        "hours": 960,
        "exam_protocol_number": "12",
        "exam_protocol_date": datetime.date(2026, 1, 20),
    }
    values.update(fields)
    return Course.create(**values)


def make_participant(course, serial=None, exam_result="passed", **fields):
    """A person on the course's list, with a made-up ЕГН."""
    number = fields.pop("personal_number", None) or fake_egn(serial)
    values = {
        "course": course,
        "first_name": "Иван",
        "middle_name": "Тестов",
        "last_name": "Примеров",
        "personal_number": number,
        "number_kind": "egn",
        "number_hash": personal_number_hash(number),
        "birth_date": datetime.date(1990, 1, 1),
        "entry_education": "secondary",
        "exam_result": exam_result,
    }
    values.update(fields)
    return Participant.create(**values)


def make_blanks(centre_id, kind=rules.QUALIFICATION, series="А-25", first=1000, last=1099):
    """A batch of registered blanks."""
    return BlankBatch.create(
        centre=centre_id,
        kind=kind,
        series=series,
        first_number=first,
        last_number=last,
        received_on=datetime.date(2025, 6, 1),
    )


def make_document(participant, kind=rules.QUALIFICATION, state=DRAFT, **fields):
    """A document for the participant (of its course's centre), in the state given; a registered
    one has its registration number and date."""
    course = participant.course
    values = {
        "centre": course.centre_id,
        "course": course,
        "participant": participant,
        "kind": kind,
        "series": "А-25" if rules.factory_numbered(kind) else "",
        "factory_number": "1000" if rules.factory_numbered(kind) else "",
        "holder_name": participant.full_name,
        "holder_hash": participant.number_hash,
        "state": state,
    }
    if state == REGISTERED:
        values.update(registration_number="7", registered_on=datetime.date(2026, 1, 27), registered_year=2026)
    values.update(fields)
    document = IssuedDocument(**values)
    document.refresh_verify_key()
    document.save(force_insert=True)
    return document


def fake_lnch(serial=0):
    """A made-up ЛНЧ with a valid check digit (the first one from `serial` on)."""
    from portal.identity_rules import lnch_is_valid

    for n in itertools.count(serial):
        for digit in range(10):
            number = f"1000{n % 100000:05d}{digit}"
            if lnch_is_valid(number):
                return number
    raise AssertionError("unreachable")
