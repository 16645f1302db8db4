"""Demo data of the register of issued documents for `make run`: a centre's account, two courses with
their people, registered blanks, documents in the register (one a duplicate, one of a closed centre),
one returned for fixes, one refused, one waiting for NAPOO's check; the values to try the public
verification with. Made-up people: names from a fixed list, ЕГН with valid check digits of a birth
date in 1990 and serials no real register issued in that order."""

import datetime
import io
import random

from werkzeug.datastructures import FileStorage

from portal import uploads
from portal.accounts import User, create_user
from portal.db import database
from portal.identity_rules import egn_check_digit
from register.documents import checking, rules, services
from register.documents.identity import personal_number_hash
from register.documents.models import (
    RETURNED,
    BlankBatch,
    CentreAccount,
    Course,
    Participant,
)
from register.models import ArchiveDesignation, Licence, LicensedSpeciality

DEMO_CENTRE_USER = "director@demo.registar.test"
FIRST = ("Мария", "Георги", "Елена", "Николай", "Десислава", "Петър", "Яна", "Стоян")
MIDDLE = ("Демова", "Примерна", "Тестова", "Образцова")
LAST = ("Демова", "Примерова", "Тестова", "Образцова")


def demo_egn(serial, born=datetime.date(1990, 3, 14)):
    """A made-up ЕГН with a valid check digit."""
    digits = f"{born:%y%m%d}{serial:03d}"
    return digits + str(egn_check_digit(digits))


def _image(label):
    """A small PNG standing in for a scanned document (stored like an upload)."""
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (420, 300), (246, 241, 226))
    ImageDraw.Draw(picture).text((20, 20), f"ОБРАЗЕЦ / SAMPLE\n{label}", fill=(40, 40, 40))
    data = io.BytesIO()
    picture.save(data, "PNG")
    data.seek(0)
    return FileStorage(stream=data, filename=f"{label}.png", content_type="image/png")


def _licence_with_speciality(closed):
    """A demo licence (active or closed with an archive) and one speciality it covers."""
    query = (
        Licence.select()
        .join(LicensedSpeciality)
        .where(
            LicensedSpeciality.removed_on.is_null()
            & (LicensedSpeciality.added_on < datetime.date(2024, 1, 1))
        )
    )
    if closed:
        query = query.switch(Licence).join(ArchiveDesignation)
    else:
        query = query.where(Licence.status == "active")
    licence = query.order_by(Licence.number).first()
    if licence is None:
        return None, None
    speciality = (
        LicensedSpeciality.select()
        .where((LicensedSpeciality.licence == licence) & LicensedSpeciality.removed_on.is_null())
        .order_by(LicensedSpeciality.speciality)
        .first()
    )
    return licence, speciality


def _course(licence, speciality, starts_on, protocol_date, protocol_number):
    starts_on = max(starts_on, speciality.added_on)
    protocol_date = max(protocol_date, starts_on + datetime.timedelta(days=60))
    return Course.create(
        centre=licence.centre_id,
        licence=licence,
        speciality=speciality.speciality_id,
        kind="training",
        framework_programme="Б",
        training_form="daytime",
        starts_on=starts_on,
        ends_on=protocol_date - datetime.timedelta(days=5),
        hours=660,
        exam_protocol_number=protocol_number,
        exam_protocol_date=protocol_date,
    )


def _people(course, rng, serials, failed=()):
    people = []
    for serial in serials:
        number = demo_egn(serial)
        people.append(
            Participant.create(
                course=course,
                first_name=rng.choice(FIRST),
                middle_name=rng.choice(MIDDLE),
                last_name=rng.choice(LAST),
                personal_number=number,
                number_kind="egn",
                number_hash=personal_number_hash(number),
                birth_date=datetime.date(1990, 3, 14),
                entry_education="secondary",
                exam_result="failed" if serial in failed else "passed",
                theory_mark=None if serial in failed else 5,
                practice_mark=None if serial in failed else 5,
            )
        )
    return people


def _document(user, person, number, series="А-25"):
    return services.enter_document(user, person, rules.QUALIFICATION, series, str(number))


def _officer_results(document, unmet=()):
    """The officer's points of a round: met, except those in `unmet`."""
    return {
        code: (code not in unmet, "Демо: не е попълнен както се изисква." if code in unmet else "")
        for code, _point, who in rules.check_conditions(document.kind)
        if who == rules.OFFICER
    }


def _register(document, user, on_date, registration_number):
    stored = uploads.store(_image(f"{document.series} {document.factory_number}"))
    services.register_document(document, user, document.version, registration_number, on_date, [stored])


def _path(document, centre_user, officer, *outcomes):
    """Submit, then NAPOO's rounds, each "clear" (all met) or not (the form not filled as required):
    the first such round returns it with a term, the repeated one refuses it."""
    today = datetime.date.today()
    services.submit(document, centre_user, document.version)
    for index, outcome in enumerate(outcomes):
        results = _officer_results(document, () if outcome == "clear" else ("form_filled",))
        deadline = checking.default_fix_deadline(today)
        checking.record_check(document, officer, document.version, results, today, deadline)
        if document.state == RETURNED and index + 1 < len(outcomes):
            services.resubmit(document, centre_user, document.version)


def seed_demo_documents(officer):
    """Create the demo once (nothing if a course exists). Returns (the centre's user, the values to
    verify a demo document with: kind, series, number, ЕГН), or (user, None) when the register has no
    licence to hang it on. Made through the services: the same rules as real use."""
    user = User.by_email(DEMO_CENTRE_USER) or create_user(DEMO_CENTRE_USER, "centre", "Демо директор на ЦПО")
    licence, speciality = _licence_with_speciality(closed=False)
    if licence is None:
        return user, None
    first_serial = 101
    sample = (rules.QUALIFICATION, "А-25", "1000", demo_egn(first_serial))
    if Course.select().exists():
        return user, sample
    rng = random.Random(2015)
    today = datetime.date.today()
    with database.atomic():
        CentreAccount.get_or_create(user=user, centre=licence.centre_id)
        BlankBatch.create(
            centre=licence.centre_id,
            kind=rules.QUALIFICATION,
            series="А-25",
            first_number=1000,
            last_number=1199,
            received_on=datetime.date(2025, 6, 2),
            protocol_number="ПП-25/14",
        )
        course = _course(licence, speciality, datetime.date(2025, 2, 3), datetime.date(2025, 9, 26), "31")
        people = _people(course, rng, range(first_serial, first_serial + 6), failed={first_serial + 5})
        documents = [_document(user, person, 1000 + i) for i, person in enumerate(people[:5])]
        for i, document in enumerate(documents[:3]):  # three in the register
            _path(document, user, officer, "clear")
            _register(document, user, course.exam_protocol_date + datetime.timedelta(days=10), str(41 + i))
        # A duplicate of the first (the original lost): its own blank, linked to the original.
        duplicate = services.enter_duplicate(user, documents[0], "А-25", "1150")
        _path(duplicate, user, officer, "clear")
        _register(duplicate, user, today - datetime.timedelta(days=30), "7")
        # Returned for fixes, its term running; refused after the repeated check.
        _path(documents[3], user, officer, "return")
        _path(documents[4], user, officer, "return", "refuse")
        # A newer course: one document waiting for NAPOO's check.
        newer = _course(
            licence, speciality, datetime.date(2025, 10, 6), today - datetime.timedelta(days=12), "8"
        )
        waiting = _document(user, _people(newer, rng, [first_serial + 10])[0], 1010)
        services.submit(waiting, user, waiting.version)
        _closed_centre_document(officer, rng)
    return user, sample


def _closed_centre_document(officer, rng):
    """A document of a centre since closed, entered while it worked: its verification says where
    the archive is kept."""
    licence, speciality = _licence_with_speciality(closed=True)
    if licence is None:
        return
    began = licence.licence_date
    course = _course(licence, speciality, began, began + datetime.timedelta(days=200), "3")
    person = _people(course, rng, [150])[0]
    BlankBatch.create(
        centre=licence.centre_id,
        kind=rules.QUALIFICATION,
        series="Б-19",
        first_number=500,
        last_number=599,
        received_on=licence.licence_date,
    )
    email = "closed-centre@demo.registar.test"  # the account the centre had while it worked
    user = User.by_email(email) or create_user(email, "centre", "Демо ЦПО, закрит")
    CentreAccount.get_or_create(user=user, centre=licence.centre_id)
    document = _document(user, person, 500, series="Б-19")
    _path(document, user, officer, "clear")
    _register(document, user, course.exam_protocol_date + datetime.timedelta(days=7), "12")
