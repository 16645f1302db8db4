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
from register.documents import rules
from register.documents.identity import personal_number_hash
from register.documents.models import (
    CLEARED,
    REGISTERED,
    BlankBatch,
    CentreAccount,
    Course,
    DocumentCondition,
    DocumentImage,
    IssuedDocument,
    Participant,
)
from register.documents.workflow import WORKFLOW
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


def _document(user, person, number, **fields):
    values = {
        "centre": person.course.centre_id,
        "course": person.course,
        "participant": person,
        "kind": rules.QUALIFICATION,
        "series": "А-25",
        "factory_number": str(number),
        "holder_name": person.full_name,
        "holder_hash": person.number_hash,
        "created_by": user,
        **fields,
    }
    document = IssuedDocument(**values)
    document.refresh_verify_key()
    values = {name: getattr(document, name) for name in document._meta.fields if name != "id"}
    return WORKFLOW.create(user, "create", **values)


def _check(document, officer, round_number, unmet=()):
    """One round of NAPOO's check: every condition recorded, those in `unmet` not met."""
    for code, _point, decided_by in rules.check_conditions(document.kind):
        DocumentCondition.create(
            document=document,
            round=round_number,
            code=code,
            met=code not in unmet,
            decided_by=decided_by,
            evidence="Демо проверка." if code not in unmet else "Демо: несъответствие.",
            officer=officer if decided_by == rules.OFFICER else None,
        )


def _register(document, user, on_date, registration_number):
    stored = uploads.store(_image(f"{document.series} {document.factory_number}"))
    DocumentImage.create(document=document, uploaded_by=user, **stored)
    WORKFLOW.move(
        document,
        user,
        "register",
        document.version,
        on_date=on_date,
        changes={
            "registration_number": registration_number,
            "registered_on": on_date,
            "registered_year": on_date.year,
            "entered_at": datetime.datetime.combine(on_date, datetime.time(10)),
        },
    )


def _path(document, centre_user, officer, *outcomes, deadline=None):
    """Submit, then NAPOO's rounds: each outcome "clear", "return" or "refuse"."""
    WORKFLOW.move(document, centre_user, "submit", document.version, changes={"submitted_at": _now()})
    for round_number, outcome in enumerate(outcomes, start=1):
        unmet = () if outcome == "clear" else ("factory_number", "form_filled")
        _check(document, officer, round_number, unmet)
        changes = {"check_round": round_number}
        if outcome == "return":
            changes["fix_deadline"] = deadline
        WORKFLOW.move(document, officer, outcome, document.version, changes=changes, note="Демо проверка.")
        if outcome == "return" and round_number < len(outcomes):
            WORKFLOW.move(
                document, centre_user, "resubmit", document.version, changes={"submitted_at": _now()}
            )


def _now():
    return datetime.datetime.now(datetime.UTC).replace(tzinfo=None)


def seed_demo_documents(officer):
    """Create the demo once (nothing if a course exists). Returns (the centre's user, the values to
    verify a demo document with: kind, series, number, ЕГН), or (user, None) when the register has no
    licence to hang it on."""
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
            _register(document, user, datetime.date(2025, 10, 6), str(41 + i))
        # A duplicate of the first (lost original): its own blank, linked to the original.
        duplicate = _document(user, people[0], 1150, original=documents[0])
        _path(duplicate, user, officer, "clear")
        _register(duplicate, user, datetime.date(2026, 2, 16), "7")
        # Returned for fixes, with a term still running; refused after the repeated check.
        _path(documents[3], user, officer, "return", deadline=today + datetime.timedelta(days=10))
        _path(documents[4], user, officer, "return", "refuse", deadline=today - datetime.timedelta(days=20))
        # A newer course: one document waiting for NAPOO's check.
        newer = _course(
            licence, speciality, datetime.date(2025, 10, 6), today - datetime.timedelta(days=12), "8"
        )
        waiting = _document(user, _people(newer, rng, [first_serial + 10])[0], 1010)
        WORKFLOW.move(waiting, user, "submit", waiting.version, changes={"submitted_at": _now()})
        _closed_centre_document(officer, rng)
    assert IssuedDocument.select().where(IssuedDocument.state == CLEARED).count() == 0
    return user, sample


def _closed_centre_document(officer, rng):
    """A document of a centre since closed: its verification says where the archive is kept."""
    licence, speciality = _licence_with_speciality(closed=True)
    if licence is None:
        return
    course = _course(
        licence, speciality, licence.licence_date, licence.licence_date + datetime.timedelta(days=200), "3"
    )
    person = _people(course, rng, [150])[0]
    BlankBatch.create(
        centre=licence.centre_id,
        kind=rules.QUALIFICATION,
        series="Б-19",
        first_number=500,
        last_number=599,
        received_on=licence.licence_date,
    )
    # The account the centre had while it worked (it entered the document then).
    email = "closed-centre@demo.registar.test"
    user = User.by_email(email) or create_user(email, "centre", "Демо ЦПО, закрит")
    CentreAccount.get_or_create(user=user, centre=licence.centre_id)
    document = _document(user, person, 500, series="Б-19")
    _path(document, user, officer, "clear")
    on_date = course.exam_protocol_date + datetime.timedelta(days=7)
    _register(document, user, on_date, "12")
    assert document.state == REGISTERED
