"""Issue 15, part 2: a centre enters its documents, NAPOO checks them condition by condition (001
art. 22(3)/(4)), returns them with a term (22(8)), checks again (22(9)) and refuses (22(10)) or
clears them (22(5)); the centre registers them with their images (22(6)-(7)); duplicates (art. 16),
of a closed centre's by NAPOO for the school that keeps the archive (16(4)); NAPOO's queue."""

import datetime
import io
import os
from types import SimpleNamespace

import pytest

from register import rules as register_rules
from register.documents import rules
from register.documents.models import (
    CLEARED,
    DRAFT,
    REFUSED,
    REGISTERED,
    RESUBMITTED,
    RETURNED,
    SUBMITTED,
    DocumentCondition,
    DocumentEvent,
    DocumentImage,
    IssuedDocument,
)
from register.models import Profession
from tests.conftest import TEST_PASSWORD
from tests.document_factories import (
    make_blanks,
    make_centre_account,
    make_course,
    make_document,
    make_participant,
)
from tests.factories import make_licence

TODAY = datetime.date.today()
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
OFFICER_CODES = [code for code, _p, who in rules.TRAINING_CONDITIONS if who == rules.OFFICER]


@pytest.fixture(autouse=True)
def english(app):
    """The assertions read the wording in English (the lead translates after the merge)."""
    app.config["SITE_LANGUAGE"] = "en"


def sign_in(client, user):
    response = client.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 303


@pytest.fixture
def world(app, make_user):
    """A licensed centre with its account, a course that passed its exam on 20.01.2026, a person on
    its list, a batch of blanks А-25 1000-1099; a signed-in centre client and an officer client."""
    centre_user = make_user("centre")
    officer = make_user("napoo_officer")
    with app.app_context():
        licence = make_licence(number="201500001")
        make_centre_account(centre_user, licence)
        course = make_course(licence)
        person = make_participant(course)
        make_blanks(licence.centre_id)
    centre_client, officer_client = app.test_client(), app.test_client()
    sign_in(centre_client, centre_user)
    sign_in(officer_client, officer)
    for c in (centre_client, officer_client):
        c.set_cookie("lang", "en")
    return SimpleNamespace(
        centre_id=licence.centre_id,
        licence=licence,
        course=course,
        person=person,
        centre=centre_client,
        officer=officer_client,
        centre_user=centre_user,
        officer_user=officer,
    )


def base(world):
    return f"/centre/{world.centre_id}/documents"


def enter(world, kind=rules.QUALIFICATION, series="A-25", number="1000", **extra):
    data = {"participant": world.person.id, "kind": kind, "series": series, "factory_number": number, **extra}
    return world.centre.post(f"{base(world)}/new", data=data)


def doc(app, document_id=None):
    with app.app_context():
        query = IssuedDocument.select().order_by(IssuedDocument.id.desc())
        return query.where(IssuedDocument.id == document_id).get() if document_id else query.get()


def check(world, document, findings=None, deadline=None):
    """Post NAPOO's check: every officer condition met unless `findings` says otherwise."""
    data = {"version": document.version}
    for code in OFFICER_CODES:
        met, note = (findings or {}).get(code, (True, ""))
        data[f"met_{code}"] = "yes" if met else "no"
        data[f"note_{code}"] = note
    if deadline is not None:
        data["fix_deadline"] = deadline.isoformat()
    return world.officer.post(f"/staff/documents/{document.id}/check", data=data)


def step(world, document, action):
    return world.centre.post(f"{base(world)}/{document.id}/{action}", data={"version": document.version})


def register(world, document, on="2026-01-27", files=((PNG, "scan.png"),), number="7"):
    data = {
        "version": str(document.version),
        "registration_number": number,
        "registered_on": on,
        "images": [(io.BytesIO(content), name) for content, name in files],
    }
    return world.centre.post(
        f"{base(world)}/{document.id}/register", data=data, content_type="multipart/form-data"
    )


def stored_files(app):
    folder = app.config["UPLOAD_DIR"]
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


# --- Entering a document ---------------------------------------------------------------------


def test_centre_enters_a_document_as_a_draft_with_its_first_event(app, world):
    response = enter(world)
    assert response.status_code == 303
    document = doc(app)
    assert document.state == DRAFT
    assert (document.series, document.factory_number) == ("А-25", "1000")  # Latin A read as Cyrillic
    assert document.holder_name == "Иван Тестов Примеров"
    assert document.holder_hash == world.person.number_hash
    assert document.verify_key == "А-25/1000"
    with app.app_context():
        assert [e.action for e in DocumentEvent.select().where(DocumentEvent.document == document)] == [
            "create"
        ]
    page = world.centre.get(f"{base(world)}/{document.id}").text
    assert "Being prepared by the centre" in page and world.person.personal_number not in page


@pytest.mark.parametrize(
    ("series", "number", "field"), [("", "1000", "series"), ("А-25", "", "factory_number")]
)
def test_factory_numbered_kind_needs_series_and_number(app, world, series, number, field):
    response = enter(world, series=series, number=number)
    assert response.status_code == 422
    assert "Enter the series and the factory number" in response.text
    with app.app_context():
        assert IssuedDocument.select().count() == 0


def test_training_certificate_needs_no_blank_number(app, world):
    assert enter(world, kind=rules.TRAINING, series="", number="").status_code == 303
    assert doc(app).kind == rules.TRAINING


def test_validation_kind_needs_a_validation_course(app, world):
    response = enter(world, kind=rules.VALIDATION)
    assert response.status_code == 422 and "validation document needs a validation" in response.text


def test_europass_needs_a_parent_of_the_same_person(app, world):
    assert enter(world, kind=rules.EUROPASS, series="", number="").status_code == 422
    with app.app_context():
        other = make_participant(world.course)
        foreign = make_document(other, kind=rules.TRAINING)
        own = make_document(world.person, kind=rules.TRAINING)
    response = enter(world, kind=rules.EUROPASS, series="", number="", parent=foreign.id)
    assert response.status_code == 422
    assert enter(world, kind=rules.EUROPASS, series="", number="", parent=own.id).status_code == 303
    assert doc(app).parent_id == own.id


def test_a_person_of_another_centre_is_not_found(app, world, make_user):
    with app.app_context():
        other = make_licence(number="201500009")
        stranger = make_participant(make_course(other))
    response = world.centre.post(
        f"{base(world)}/new", data={"participant": stranger.id, "kind": rules.TRAINING}
    )
    assert response.status_code == 422  # not among the form's choices


# --- The check: the whole paths ----------------------------------------------------------------


def test_submit_return_resubmit_refuse(app, world):
    enter(world)
    document = doc(app)
    assert step(world, document, "submit").status_code == 303
    document = doc(app)
    assert document.state == SUBMITTED and document.submitted_at is not None
    deadline = TODAY + datetime.timedelta(days=14)
    response = check(world, document, {"form_filled": (False, "the date is missing")}, deadline)
    assert response.status_code == 303
    document = doc(app)
    assert (document.state, document.check_round, document.fix_deadline) == (RETURNED, 1, deadline)
    with app.app_context():
        conditions = list(DocumentCondition.select().where(DocumentCondition.document == document))
        letter = DocumentEvent.select().where(DocumentEvent.action == "return").get().note
    assert len(conditions) == 9 and {c.round for c in conditions} == {1}
    unmet = [c.code for c in conditions if not c.met]
    assert unmet == ["form_filled"]
    assert "The document is filled in as required: the date is missing" in letter
    page = world.centre.get(f"{base(world)}/{document.id}").text
    assert "Returned for fixes" in page and "the date is missing" in page
    # The centre fixes the data and sends it again.
    fix = world.centre.post(
        f"{base(world)}/{document.id}/edit",
        data={"version": document.version, "series": "А-25", "factory_number": "1001", "holder_name": ""},
    )
    assert fix.status_code == 303
    document = doc(app)
    assert document.factory_number == "1001" and document.verify_key == "А-25/1001"
    assert step(world, document, "resubmit").status_code == 303
    document = doc(app)
    assert document.state == RESUBMITTED
    page = world.officer.get(f"/staff/documents/{document.id}/check").text
    assert "The repeated check (001 art. 22(9))" in page
    response = check(world, document, {"form_filled": (False, "still missing")})
    assert response.status_code == 303
    document = doc(app)
    assert (document.state, document.check_round) == (REFUSED, 2)
    with app.app_context():
        letter = DocumentEvent.select().where(DocumentEvent.action == "refuse").get().note
        assert DocumentCondition.select().where(DocumentCondition.round == 2).count() == 9
    assert "22(10)" in letter and "still missing" in letter
    # Refused: no more edits.
    assert "The document's data" not in world.centre.get(f"{base(world)}/{document.id}").text


def test_submit_clear_register(app, world):
    enter(world)
    step(world, doc(app), "submit")
    document = doc(app)
    page = world.officer.get(f"/staff/documents/{document.id}/check").text
    assert "on the list of course" in page
    assert "speciality 4810301 in licence 201500001 since" in page
    assert "exam protocol 12 of" in page and ": passed" in page
    assert "blank А-25 1000 in batch 1000-1099 received" in page and "on no other document" in page
    assert check(world, document).status_code == 303
    document = doc(app)
    assert document.state == CLEARED
    assert register(world, document).status_code == 303
    document = doc(app)
    assert document.state == REGISTERED
    assert (document.registration_number, document.registered_year) == ("7", 2026)
    assert document.entered_at is not None
    with app.app_context():
        image = DocumentImage.get()
    assert stored_files(app) == [image.stored_name]
    url = f"{base(world)}/{document.id}/images/{image.id}"
    download = world.centre.get(url)
    assert download.status_code == 200 and download.data == PNG
    assert "no-store" in download.headers["Cache-Control"]
    download.close()
    staff = world.officer.get(url)
    assert staff.status_code == 200
    staff.close()


def test_not_checked_kind_registers_from_draft(app, world):
    enter(world, kind=rules.TRAINING, series="", number="")
    document = doc(app)
    response = step(world, document, "submit")
    assert response.status_code == 422 and "does not check this kind" in response.text
    assert register(world, document, number="15").status_code == 303
    document = doc(app)
    assert document.state == REGISTERED and document.verify_key == "/15"


def test_checked_kind_cannot_register_from_draft(app, world):
    enter(world)
    document = doc(app)
    assert register(world, document).status_code == 422
    assert doc(app).state == DRAFT
    assert stored_files(app) == []


# --- The check's conditions, by the site's records ----------------------------------------------


def submitted(app, world, **participant):
    with app.app_context():
        for name, value in participant.items():
            setattr(world.person, name, value)
        world.person.save()
    enter(world)
    step(world, doc(app), "submit")
    return doc(app)


def unmet_after_check(app, world, document):
    check(world, document, deadline=TODAY + datetime.timedelta(days=1))
    with app.app_context():
        return [
            c.code
            for c in DocumentCondition.select().where(
                (DocumentCondition.document == document.id) & (DocumentCondition.met == False)  # noqa: E712
            )
        ]


def test_failed_exam_is_unmet(app, world):
    document = submitted(app, world, exam_result="failed")
    assert unmet_after_check(app, world, document) == ["passed_exam"]


def test_blank_outside_the_batch_is_unmet(app, world):
    enter(world, number="1100")
    step(world, doc(app), "submit")
    assert unmet_after_check(app, world, doc(app)) == ["factory_number"]


def test_blank_on_another_document_is_unmet(app, world):
    with app.app_context():
        make_document(make_participant(world.course), state=REGISTERED)
    document = submitted(app, world)
    assert unmet_after_check(app, world, document) == ["factory_number"]


@pytest.mark.parametrize(
    ("listed_from", "listed_until", "met"),
    [
        (datetime.date(2025, 9, 1), None, True),  # listed the day the course began
        (datetime.date(2025, 9, 2), None, False),  # the day after
        (None, datetime.date(2025, 9, 2), True),  # dropped the day after it began
        (None, datetime.date(2025, 9, 1), False),  # dropped the day it began
    ],
)
def test_profession_on_the_list_when_the_course_began(app, world, listed_from, listed_until, met):
    with app.app_context():
        Profession.update(listed_from=listed_from, listed_until=listed_until).where(
            Profession.code == "481030"
        ).execute()
    document = submitted(app, world)
    assert ("profession_listed" in unmet_after_check(app, world, document)) is not met


def test_speciality_not_in_the_licence_is_unmet(app, world):
    with app.app_context():
        from register.models import LicensedSpeciality

        LicensedSpeciality.update(added_on=datetime.date(2025, 9, 2)).execute()
    document = submitted(app, world)
    assert unmet_after_check(app, world, document) == ["speciality_licensed"]


# --- The term to fix (001 art. 22(8)) ------------------------------------------------------------


@pytest.mark.parametrize(("days", "accepted"), [(0, False), (1, True), (-1, False)])
def test_fix_deadline_must_be_after_today(app, world, days, accepted):
    document = submitted(app, world)
    response = check(world, document, {"art_13g": (False, "")}, TODAY + datetime.timedelta(days=days))
    assert (response.status_code == 303) is accepted
    assert doc(app).state == (RETURNED if accepted else SUBMITTED)
    if not accepted:
        assert "must be a date after today" in response.text
        with app.app_context():
            assert DocumentCondition.select().count() == 0


def test_check_page_suggests_the_sites_term(app, world):
    document = submitted(app, world)
    page = world.officer.get(f"/staff/documents/{document.id}/check").text
    suggested = (TODAY + datetime.timedelta(days=14)).isoformat()
    assert f'value="{suggested}"' in page and "the site suggests 14 days" in page


def test_undecided_officer_condition_is_refused(app, world):
    document = submitted(app, world)
    data = {"version": document.version}
    response = world.officer.post(f"/staff/documents/{document.id}/check", data=data)
    assert response.status_code == 422 and "Record every condition" in response.text
    assert doc(app).state == SUBMITTED


def returned(app, world, deadline):
    document = submitted(app, world)
    check(world, document, {"art_13g": (False, "no proof")}, TODAY + datetime.timedelta(days=1))
    with app.app_context():
        IssuedDocument.update(fix_deadline=deadline).execute()
    return doc(app)


def test_refuse_unfixed_not_on_the_day_of_the_term(app, world):
    document = returned(app, world, TODAY)
    page = world.officer.get(f"/staff/documents/{document.id}/check").text
    assert "that day included" in page
    response = world.officer.post(
        f"/staff/documents/{document.id}/refuse", data={"version": document.version}
    )
    assert response.status_code == 422 and "has not passed yet" in response.text
    assert doc(app).state == RETURNED


def test_refuse_unfixed_the_day_after_the_term(app, world):
    document = returned(app, world, TODAY - datetime.timedelta(days=1))
    page = world.officer.get(f"/staff/documents/{document.id}/check").text
    assert "repeated check of 001 art. 22(9)-(10)" in page
    response = world.officer.post(
        f"/staff/documents/{document.id}/refuse", data={"version": document.version}
    )
    assert response.status_code == 303
    assert doc(app).state == REFUSED
    with app.app_context():
        note = DocumentEvent.select().where(DocumentEvent.action == "refuse").get().note
    assert "Not fixed by" in note and "no proof" in note


def test_centre_cannot_check_or_refuse(app, world):
    document = submitted(app, world)
    assert world.centre.get(f"/staff/documents/{document.id}/check").status_code == 403
    assert world.centre.get("/staff/documents/").status_code == 403


def test_stale_version_is_refused(app, world):
    document = submitted(app, world)
    document.version -= 1
    response = check(world, document)
    assert response.status_code == 422 and "changed this application meanwhile" in response.text
    assert doc(app).state == SUBMITTED


# --- Registration: the date and the images --------------------------------------------------------


@pytest.mark.parametrize(("on", "accepted"), [("2026-01-20", True), ("2026-01-19", False)])
def test_registration_not_before_the_protocol(app, world, on, accepted):
    enter(world, kind=rules.TRAINING, series="", number="")
    response = register(world, doc(app), on=on)
    assert (response.status_code == 303) is accepted
    if not accepted:
        assert "cannot be before the exam protocol" in response.text
        assert stored_files(app) == []
        assert doc(app).state == DRAFT


@pytest.mark.parametrize(
    "files",
    [
        (),
        ((b"GIF89a" + b"\x00" * 64, "scan.gif"),),
        ((b"\x89PNG\r\n\x1a\n" + b"\x00" * 2048, "big.png"),),
    ],
)
def test_bad_uploads_leave_nothing(app, world, files):
    app.config["UPLOAD_MAX_BYTES"] = 1024
    enter(world, kind=rules.TRAINING, series="", number="")
    response = register(world, doc(app), files=files)
    assert response.status_code == 422
    assert doc(app).state == DRAFT
    assert stored_files(app) == []
    with app.app_context():
        assert DocumentImage.select().count() == 0


# --- Authorisation ---------------------------------------------------------------------------


def test_other_centres_documents_are_not_found(app, world, make_user, client):
    enter(world)
    document = doc(app)
    stranger = make_user("centre", email="other-centre@example.test")
    with app.app_context():
        make_centre_account(stranger, make_licence(number="201500009"))
    sign_in(client, stranger)
    assert client.get(f"{base(world)}/{document.id}").status_code == 404
    assert client.get(base(world)).status_code == 404
    assert client.post(f"{base(world)}/{document.id}/submit", data={"version": 1}).status_code == 404
    assert doc(app).state == DRAFT
    # Its own centre's address with another centre's document: not found either.
    own = f"/centre/{doc(app).centre_id + 1}/documents/{document.id}"
    assert world.centre.get(own).status_code == 404


# --- The lists -------------------------------------------------------------------------------------


def test_centre_list_filters_by_state_and_pages(app, world):
    with app.app_context():
        for _ in range(26):
            make_document(world.person, kind=rules.TRAINING)
        make_document(world.person, kind=rules.TRAINING, state=REGISTERED)
    page = world.centre.get(base(world)).text
    assert "27 documents" in page and "page 1 of 2" in page
    assert "28" not in world.centre.get(base(world) + "?page=9").text.split("documents")[0]
    only = world.centre.get(base(world) + "?state=registered")
    assert "1 document" in only.text
    fragment = world.centre.get(base(world) + "?state=registered", headers={"HX-Request": "true"}).text
    assert fragment.lstrip().startswith('<div id="documents">')


def test_queue_oldest_first_with_overdue_marked(app, world):
    now = datetime.datetime(2026, 2, 1, 9, 0)
    with app.app_context():
        newer = make_document(world.person, state=SUBMITTED, submitted_at=now, factory_number="1001")
        older = make_document(
            world.person,
            state=SUBMITTED,
            submitted_at=now - datetime.timedelta(days=3),
            factory_number="1002",
        )
        late = make_document(
            world.person,
            state=RETURNED,
            submitted_at=now - datetime.timedelta(days=9),
            fix_deadline=TODAY - datetime.timedelta(days=1),
            factory_number="1003",
        )
        make_document(world.person, state=REGISTERED, factory_number="1004")
    page = world.officer.get("/staff/documents/").text
    assert "Waiting for the check: 2" in page and "Term passed without fixes: 1" in page
    positions = [page.index(f"/staff/documents/{d.id}/check") for d in (late, older, newer)]
    assert positions == sorted(positions)
    assert 'class="overdue"' in page and "А-25 1004" not in page


# --- Duplicates (001 art. 16) ------------------------------------------------------------------


def test_centre_enters_a_duplicate_of_a_registered_document(app, world):
    with app.app_context():
        original = make_document(world.person, state=REGISTERED)
    form = world.centre.get(f"{base(world)}/{original.id}/duplicate").text
    assert "ДУБЛИКАТ" in form and "reg. No 7" in form
    response = world.centre.post(
        f"{base(world)}/{original.id}/duplicate",
        data={"series": "А-25", "factory_number": "1050", "holder_name": "Иван Тестов Новев"},
    )
    assert response.status_code == 303
    duplicate = doc(app)
    assert duplicate.original_id == original.id and duplicate.holder_name == "Иван Тестов Новев"
    assert duplicate.state == DRAFT and duplicate.issued_by_archive == ""
    page = world.centre.get(f"{base(world)}/{duplicate.id}").text
    assert "ДУБЛИКАТ" in page and "Duplicate of" in page
    assert "А-25 1050" in world.centre.get(f"{base(world)}/{original.id}").text


def test_duplicate_of_a_draft_is_refused(app, world):
    enter(world)
    document = doc(app)
    response = world.centre.post(
        f"{base(world)}/{document.id}/duplicate", data={"series": "А-25", "factory_number": "1050"}
    )
    assert response.status_code == 422 and "only of a document in the register" in response.text


def test_closed_centres_duplicate_by_napoo_for_the_archive(app, world):
    with app.app_context():
        original = make_document(world.person, state=REGISTERED)
        closed = make_licence(number="201500002", status=register_rules.REVOKED, archive=True)
        IssuedDocument.update(centre=closed.centre_id).execute()
        from register.documents.models import CentreAccount, Course

        Course.update(centre=closed.centre_id).execute()
        CentreAccount.update(centre=closed.centre_id).execute()
    url = f"/centre/{closed.centre_id}/documents/{original.id}/duplicate"
    refused = world.centre.post(url, data={"series": "А-25", "factory_number": "1051"})
    assert refused.status_code == 422 and "NAPOO records the duplicate" in refused.text
    page = world.officer.get(url).text
    assert "on behalf of Професионална гимназия по икономика „Тест“" in page
    response = world.officer.post(url, data={"series": "А-25", "factory_number": "1051"})
    assert response.status_code == 303
    duplicate = doc(app)
    assert duplicate.issued_by_archive == "Професионална гимназия по икономика „Тест“"
    # NAPOO registers it itself: no centre is left to send it to a check.
    data = {
        "version": str(duplicate.version),
        "registration_number": "D-1",
        "registered_on": "2026-03-02",
        "images": [(io.BytesIO(PNG), "scan.png")],
    }
    done = world.officer.post(
        f"/centre/{closed.centre_id}/documents/{duplicate.id}/register",
        data=data,
        content_type="multipart/form-data",
    )
    assert done.status_code == 303
    assert doc(app, duplicate.id).state == REGISTERED


# --- More edges ----------------------------------------------------------------------------------


def test_staff_do_not_enter_a_centres_documents(app, world):
    assert world.officer.get(f"{base(world)}/new").status_code == 403
    response = world.officer.post(
        f"{base(world)}/new", data={"participant": world.person.id, "kind": "training"}
    )
    assert response.status_code == 403
    with app.app_context():
        assert IssuedDocument.select().count() == 0
    assert world.officer.get(base(world)).status_code == 200  # staff read the list


def test_data_is_not_editable_while_checked(app, world):
    document = submitted(app, world)
    response = world.centre.post(
        f"{base(world)}/{document.id}/edit",
        data={"version": document.version, "series": "А-25", "factory_number": "1009"},
    )
    assert response.status_code == 422 and "can be changed only while" in response.text
    assert doc(app).factory_number == "1000"


def test_images_are_never_public(app, world, client):
    enter(world, kind=rules.TRAINING, series="", number="")
    document = doc(app)
    register(world, document)
    with app.app_context():
        image = DocumentImage.get()
    url = f"{base(world)}/{document.id}/images/{image.id}"
    assert client.get(url).status_code == 302  # to the login page
    assert world.centre.get(f"{base(world)}/{document.id}/images/{image.id + 1}").status_code == 404


def test_refused_check_over_htmx_swaps_the_form(app, world):
    document = submitted(app, world)
    response = world.officer.post(
        f"/staff/documents/{document.id}/check",
        data={"version": document.version},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    assert response.text.lstrip().startswith('<div id="check_form">')
    assert "Record every condition" in response.text


def validation_world(app, world, applied_on=datetime.date(2025, 8, 1), trained=True):
    """A validation of the same speciality, its person applied; with or without a training course."""
    with app.app_context():
        from register.documents.models import Course, Participant

        if not trained:
            Course.update(kind="validation").where(Course.id == world.course.id).execute()
            course = Course.get_by_id(world.course.id)
        else:
            course = make_course(world.licence, kind="validation")
        person = make_participant(course, applied_on=applied_on)
        make_blanks(world.centre_id, kind=rules.VALIDATION, series="В-25")
        world.person = Participant.get_by_id(person.id)
    enter(world, kind=rules.VALIDATION, series="В-25", number="1000")
    step(world, doc(app), "submit")
    return doc(app)


def test_validation_conditions_of_art_22_4(app, world):
    document = validation_world(app, world)
    page = world.officer.get(f"/staff/documents/{document.id}/check").text
    assert "(001 art. 22(4))" in page and "applied on" in page and "the centre trains in it" in page
    assert "comparison protocols" in page
    findings = {"comparison_protocols": (True, "")}
    data = {"version": document.version}
    for code, _p, who in rules.VALIDATION_CONDITIONS:
        if who == rules.OFFICER:
            data[f"met_{code}"] = "yes" if findings.get(code, (True,))[0] else "no"
    assert world.officer.post(f"/staff/documents/{document.id}/check", data=data).status_code == 303
    assert doc(app).state == CLEARED


def test_validation_without_a_training_course_or_application_is_unmet(app, world):
    document = validation_world(app, world, applied_on=None, trained=False)
    data = {"version": document.version, "fix_deadline": (TODAY + datetime.timedelta(days=3)).isoformat()}
    for code, _p, who in rules.VALIDATION_CONDITIONS:
        if who == rules.OFFICER:
            data[f"met_{code}"] = "yes"
    assert world.officer.post(f"/staff/documents/{document.id}/check", data=data).status_code == 303
    with app.app_context():
        unmet = sorted(
            c.code
            for c in DocumentCondition.select().where(DocumentCondition.met == False)  # noqa: E712
        )
    assert unmet == ["applied_for_validation", "speciality_licensed"]
    assert doc(app).state == RETURNED
