"""A centre's courses, participants, CSV import and blanks (issue 15, part 1): the services at their
edges, the views (full page and htmx), who may read and write, and that no ЕГН leaks."""

import datetime
import io
from decimal import Decimal

import pytest

from portal.accounts import User
from register.documents import courses as services
from register.documents import rules
from register.documents.models import REGISTERED, CentreAccount, Course, Participant
from register.documents.workflow import DocumentError
from register.models import LicensedSpeciality
from tests.document_factories import (
    fake_egn,
    fake_lnch,
    make_blanks,
    make_course,
    make_document,
    make_participant,
)
from tests.factories import HOTEL, PROGRAMMER, make_licence

# These tests read the English wording (the Bulgarian is the site's default).
pytestmark = pytest.mark.usefixtures("english")


D = datetime.date


def course_fields(licence, **changes):
    values = {
        "licence": licence.id,
        "speciality": PROGRAMMER,
        "kind": "training",
        "framework_programme": "Б",
        "training_form": "daytime",
        "starts_on": D(2025, 9, 1),
        "ends_on": D(2026, 1, 15),
        "hours": 960,
    }
    values.update(changes)
    return values


def person(number=None, **changes):
    values = {
        "personal_number": number or fake_egn(),
        "first_name": "Мария",
        "middle_name": "Тестова",
        "last_name": "Примерна",
        "birth_date": D(1990, 1, 1),
        "sex": "f",
        "citizenship": "България",
        "entry_education": "secondary",
    }
    values.update(changes)
    return values


# --- Courses -----------------------------------------------------------------------------------


def test_a_course_is_recorded_with_a_speciality_the_licence_covered(app):
    with app.app_context():
        licence = make_licence(number="201900001")
        course = services.save_course(licence.centre_id, course_fields(licence))
        assert course.id and course.speciality_id == PROGRAMMER
        with pytest.raises(DocumentError, match="recorded already"):  # a double submit
            services.save_course(licence.centre_id, course_fields(licence))


@pytest.mark.parametrize(
    ("added", "removed", "accepted"),
    [
        (D(2025, 9, 1), None, True),  # added on the start date
        (D(2025, 9, 2), None, False),  # added the day after
        (D(2020, 1, 1), D(2025, 9, 1), False),  # removed on the start date
        (D(2020, 1, 1), D(2025, 9, 2), True),  # removed the day after
    ],
)
def test_the_speciality_as_the_licence_stood_on_the_start_date(app, added, removed, accepted):
    with app.app_context():
        licence = make_licence(number="201900001")
        LicensedSpeciality.update(added_on=added, removed_on=removed).where(
            LicensedSpeciality.licence == licence.id
        ).execute()
        if accepted:
            assert services.save_course(licence.centre_id, course_fields(licence))
        else:
            with pytest.raises(DocumentError) as refused:
                services.save_course(licence.centre_id, course_fields(licence))
            assert refused.value.field == "speciality"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends_on": D(2025, 8, 31)}, "ends_on"),
        ({"hours": 0}, "hours"),
        ({"hours": -5}, "hours"),
        ({"kind": "other"}, "kind"),
        ({"framework_programme": "Ж"}, "framework_programme"),
        ({"training_form": "online"}, "training_form"),
        ({"speciality": HOTEL}, "speciality"),
    ],
)
def test_a_course_is_refused_with_the_field_at_fault(app, changes, field):
    with app.app_context():
        licence = make_licence(number="201900001")
        with pytest.raises(DocumentError) as refused:
            services.save_course(licence.centre_id, course_fields(licence, **changes))
        assert refused.value.field == field


def test_a_course_ends_on_its_start_date_at_the_earliest(app):
    with app.app_context():
        licence = make_licence(number="201900001")
        assert services.save_course(licence.centre_id, course_fields(licence, ends_on=D(2025, 9, 1)))


def test_another_centres_licence_is_refused(app):
    with app.app_context():
        mine = make_licence(number="201900001")
        other = make_licence(number="201900002", eik="175074752")
        with pytest.raises(DocumentError, match="licences"):
            services.save_course(mine.centre_id, course_fields(other))


def test_a_stale_form_and_a_registered_document_stop_an_edit(app):
    with app.app_context():
        licence = make_licence(number="201900001")
        course = make_course(licence)
        with pytest.raises(DocumentError, match="changed"):
            services.save_course(licence.centre_id, course_fields(licence, hours=100), course, version=99)
        services.save_course(licence.centre_id, course_fields(licence, hours=100), course, course.version)
        assert Course.get_by_id(course.id).hours == 100 and course.version == 2
        make_document(make_participant(course), state=REGISTERED)
        with pytest.raises(DocumentError, match="in the register"):
            services.save_course(licence.centre_id, course_fields(licence, hours=50), course, course.version)


def test_the_exam_protocol_is_not_before_the_start(app):
    with app.app_context():
        course = make_course(make_licence(number="201900001"))
        with pytest.raises(DocumentError) as refused:
            services.record_exam_protocol(course, course.version, "7", D(2025, 8, 31))
        assert refused.value.field == "exam_protocol_date"
        services.record_exam_protocol(course, course.version, "7", D(2025, 9, 1))
        assert Course.get_by_id(course.id).exam_protocol_number == "7"


# --- Participants ------------------------------------------------------------------------------


def test_a_participant_is_added_once_per_course_with_a_keyed_hash(app):
    with app.app_context():
        course = make_course(make_licence(number="201900001"))
        number = fake_egn(501)
        added = services.save_participant(course, person(number))
        assert added.number_kind == "egn" and added.number_hash and number not in added.number_hash
        with pytest.raises(DocumentError) as refused:
            services.save_participant(course, person(number))
        assert refused.value.field == "personal_number"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"personal_number": "900101000"}, "personal_number"),  # nine digits
        ({"birth_date": D(1990, 1, 2)}, "birth_date"),  # not the ЕГН's
        ({"first_name": " "}, "first_name"),
        ({"sex": "x"}, "sex"),
        ({"entry_education": "phd"}, "entry_education"),
    ],
)
def test_a_participant_is_refused_with_the_field_at_fault(app, changes, field):
    with app.app_context():
        course = make_course(make_licence(number="201900001"))
        with pytest.raises(DocumentError) as refused:
            services.save_participant(course, person(**changes))
        assert refused.value.field == field


def test_an_lnch_is_taken_with_any_birth_date(app):
    lnch = fake_lnch()
    with app.app_context():
        course = make_course(make_licence(number="201900001"))
        added = services.save_participant(course, person(lnch, birth_date=D(1985, 5, 5)))
        assert added.number_kind == "lnch"


def test_a_participant_named_by_a_document_stays(app):
    with app.app_context():
        course = make_course(make_licence(number="201900001"))
        kept, gone = make_participant(course), make_participant(course)
        make_document(kept)
        with pytest.raises(DocumentError, match="stay"):
            services.remove_participant(kept)
        services.remove_participant(gone)
        assert Participant.get_or_none(Participant.id == gone.id) is None


@pytest.mark.parametrize(
    ("mark", "accepted"),
    [("2.00", True), ("6", True), ("1.99", False), ("6.01", False), ("x", False), ("", True)],
)
def test_marks_are_2_to_6(app, mark, accepted):
    with app.app_context():
        course = make_course(make_licence(number="201900001"))
        someone = make_participant(course)
        call = lambda: services.record_results(course, course.version, {someone.id: ("passed", mark, "")})  # noqa: E731
        if accepted:
            call()
            assert Participant.get_by_id(someone.id).exam_result == "passed"
        else:
            with pytest.raises(DocumentError) as refused:
                call()
            assert refused.value.field == f"theory-{someone.id}"


def test_results_are_all_or_nothing(app):
    with app.app_context():
        course = make_course(make_licence(number="201900001"))
        one, two = make_participant(course, exam_result=""), make_participant(course, exam_result="")
        with pytest.raises(DocumentError):
            services.record_results(
                course, course.version, {one.id: ("passed", "", ""), two.id: ("bad", "", "")}
            )
        assert Participant.get_by_id(one.id).exam_result == ""
        with pytest.raises(DocumentError, match="absent"):
            services.record_results(course, course.version, {one.id: ("absent", "5", "")})


# --- The CSV import ----------------------------------------------------------------------------

HEADER = "personal_number;first_name;middle_name;last_name;birth_date;sex;citizenship;entry_education"


def csv_of(*rows, header=HEADER, sep=";"):
    lines = [header.replace(";", sep), *[sep.join(row) for row in rows]]
    return ("\n".join(lines) + "\n").encode()


def row(number, born="1990-01-01", first="Иван"):
    return [number, first, "Тестов", "Примеров", born, "м", "България", "secondary"]


@pytest.mark.parametrize("sep", [";", ","])
@pytest.mark.parametrize("bom", [False, True])
def test_a_good_file_is_imported_whole(app, sep, bom):
    with app.app_context():
        course = make_course(make_licence(number="201900001"))
        data = csv_of(row(fake_egn(601)), row(fake_egn(602)), sep=sep)
        data = ("\ufeff".encode() + data) if bom else data
        assert services.import_participants(course, data) == 2
        assert Participant.of_course(course.id).count() == 2
        assert {p.sex for p in Participant.of_course(course.id)} == {"m"}


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        (row("900101000"), "personal_number"),
        (row(None, born="1990-13-01"), "YYYY-MM-DD"),
        (row(None, born="1990-01-02"), "birth_date"),
        (row(None, first=""), "first_name"),
    ],
)
def test_a_bad_row_stops_the_whole_file_and_is_named_by_its_line(app, bad, reason):
    with app.app_context():
        course = make_course(make_licence(number="201900001"))
        if bad[0] is None:
            bad[0] = fake_egn(610)
        with pytest.raises(services.ImportRefused) as refused:
            services.import_participants(course, csv_of(row(fake_egn(611)), bad))
        assert [line for line, _ in refused.value.problems] == [3]
        text = str(refused.value.problems[0][1])
        assert reason in text and bad[0] not in text
        assert Participant.of_course(course.id).count() == 0


def test_the_same_person_twice_or_already_listed_is_refused(app):
    with app.app_context():
        course = make_course(make_licence(number="201900001"))
        number = fake_egn(620)
        with pytest.raises(services.ImportRefused) as refused:
            services.import_participants(course, csv_of(row(number), row(number)))
        assert refused.value.problems[0][0] == 3
        make_participant(course, personal_number=number)
        with pytest.raises(services.ImportRefused) as refused:
            services.import_participants(course, csv_of(row(fake_egn(621)), row(number)))
        assert refused.value.problems[0][0] == 3
        assert Participant.of_course(course.id).count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("име;фамилия\nx;y\n".encode(), "lacks the columns"),
        ("personal_number;x".encode("utf-16"), "UTF-8"),
        (HEADER.encode() + b"\n", "no rows"),
    ],
)
def test_a_file_that_is_not_the_format_is_refused(app, data, message):
    with app.app_context():
        course = make_course(make_licence(number="201900001"))
        with pytest.raises(services.ImportRefused, match=message):
            services.import_participants(course, data)


def test_more_rows_than_the_setting_are_refused(app):
    with app.app_context():
        course = make_course(make_licence(number="201900001"))
        data = csv_of(*[row(fake_egn(700 + i)) for i in range(3)])
        with pytest.raises(services.ImportRefused, match="more than 2"):
            services.import_participants(course, data, max_rows=2)
        assert services.import_participants(course, data, max_rows=3) == 3


# --- Blanks ------------------------------------------------------------------------------------


def blank_fields(**changes):
    values = {
        "kind": rules.QUALIFICATION,
        "series": "А-25",
        "first_number": 1000,
        "last_number": 1099,
        "received_on": D(2025, 6, 1),
        "protocol_number": "5",
    }
    values.update(changes)
    return values


@pytest.mark.parametrize(
    ("first", "last", "accepted"),
    [(1100, 1199, True), (1099, 1199, False), (900, 1000, False), (900, 999, True), (1050, 1060, False)],
)
def test_overlapping_ranges_of_a_series_are_refused(app, first, last, accepted):
    with app.app_context():
        licence = make_licence(number="201900001")
        make_blanks(licence.centre_id)
        call = lambda: services.register_blanks(  # noqa: E731
            licence.centre_id, blank_fields(series="a-25", first_number=first, last_number=last)
        )
        if accepted:
            assert call().series == "А-25"  # the Latin look-alike read as the printed Cyrillic
        else:
            with pytest.raises(DocumentError, match="registered already"):
                call()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": rules.TRAINING}, "kind"),
        ({"last_number": 999}, "last_number"),
        ({"series": " "}, "series"),
        ({"protocol_number": ""}, "protocol_number"),
    ],
)
def test_a_batch_is_refused_with_the_field_at_fault(app, changes, field):
    with app.app_context():
        licence = make_licence(number="201900001")
        with pytest.raises(DocumentError) as refused:
            services.register_blanks(licence.centre_id, blank_fields(**changes))
        assert refused.value.field == field
        assert services.register_blanks(licence.centre_id, blank_fields(series="Б", last_number=1000))


# --- Centre accounts ---------------------------------------------------------------------------


def test_the_cli_creates_a_centre_account_and_prints_a_link(app):
    runner = app.test_cli_runner()
    with app.app_context():
        licence = make_licence(number="201900001")
    result = runner.invoke(args=["register", "centre-account", "director@example.test", "201900001"])
    assert result.exit_code == 0, result.output
    assert "set-password" in result.output
    with app.app_context():
        user = User.by_email("director@example.test")
        assert user.role == "centre" and CentreAccount.acts_for(user, licence.centre_id)
    again = runner.invoke(args=["register", "centre-account", "director@example.test", "201900001"])
    assert again.exit_code == 0 and "linked" in again.output
    missing = runner.invoke(args=["register", "centre-account", "x@example.test", "209999999"])
    assert missing.exit_code != 0


# --- Views -------------------------------------------------------------------------------------


@pytest.fixture
def centre_user(app, client, login):
    """A centre's account, logged in, acting for licence 201900001's centre with one course."""
    user = login("centre")
    with app.app_context():
        licence = make_licence(number="201900001")
        CentreAccount.create(user=user.id, centre=licence.centre_id)
        course = make_course(licence)
    return licence.centre_id, course.id


def test_the_centre_home_opens_the_one_centre(client, centre_user):
    centre_id, _ = centre_user
    response = client.get("/centre/")
    assert response.status_code == 302 and f"/centre/{centre_id}/courses" in response.location
    page = client.get(f"/centre/{centre_id}/courses")
    assert page.status_code == 200 and "4810301" in page.text
    fragment = client.get(f"/centre/{centre_id}/courses", headers={"HX-Request": "true"})
    assert fragment.text.lstrip().startswith('<div id="course-list">')


def test_a_course_through_the_form(client, centre_user):
    centre_id, _ = centre_user
    data = {
        "licence": "1",
        "speciality": PROGRAMMER,
        "kind": "validation",
        "framework_programme": "А",
        "training_form": "evening",
        "starts_on": "2026-02-01",
        "hours": "40",
    }
    bad = client.post(f"/centre/{centre_id}/courses/new", data={**data, "hours": "0"})
    assert bad.status_code == 422 and "above zero" in bad.text
    htmx = client.post(
        f"/centre/{centre_id}/courses/new",
        data={**data, "ends_on": "2026-01-01"},
        headers={"HX-Request": "true"},
    )
    assert htmx.status_code == 422 and htmx.text.lstrip().startswith("<form")
    refreshed = client.post(f"/centre/{centre_id}/courses/new", data={**data, "refresh": "1"})
    assert refreshed.status_code == 200 and "4810301" in refreshed.text  # JavaScript off: the choices again
    good = client.post(f"/centre/{centre_id}/courses/new", data=data)
    assert good.status_code == 303


def test_a_participant_through_the_forms_and_a_confirmed_removal(client, centre_user):
    centre_id, course_id = centre_user
    base = f"/centre/{centre_id}/courses/{course_id}"
    number = fake_egn(801)
    data = {k: (v.isoformat() if isinstance(v, D) else v) for k, v in person(number).items()}
    assert client.post(f"{base}/participants/new", data=data).status_code == 303
    twice = client.post(f"{base}/participants/new", data=data)
    assert twice.status_code == 422 and "already" in twice.text
    page = client.get(base)
    assert number in page.text  # the centre sees its people's numbers
    with client.application.app_context():
        pid = Participant.get(Participant.personal_number == number).id
    confirm = client.get(f"{base}/participants/{pid}/remove")
    assert confirm.status_code == 200 and "Мария" in confirm.text
    assert client.post(f"{base}/participants/{pid}/remove").status_code == 303
    assert client.post(f"{base}/participants/{pid}/remove").status_code == 303  # a double click


def test_results_on_one_form(client, centre_user, app):
    centre_id, course_id = centre_user
    with app.app_context():
        someone = make_participant(Course.get_by_id(course_id), exam_result="")
    url = f"/centre/{centre_id}/courses/{course_id}/results"
    bad = client.post(
        url, data={"version": "1", f"result-{someone.id}": "passed", f"theory-{someone.id}": "7"}
    )
    assert bad.status_code == 422 and "2.00 to 6.00" in bad.text
    stale = client.post(url, data={"version": "9", f"result-{someone.id}": "passed"})
    assert stale.status_code == 422 and "changed" in stale.text
    assert (
        client.post(
            url, data={"version": "1", f"result-{someone.id}": "passed", f"theory-{someone.id}": "5,50"}
        ).status_code
        == 303
    )
    with app.app_context():
        assert Participant.get_by_id(someone.id).theory_mark == Decimal("5.50")


def test_the_import_page_names_each_bad_line_and_imports_a_good_file(client, centre_user, app):
    centre_id, course_id = centre_user
    url = f"/centre/{centre_id}/courses/{course_id}/import"
    page = client.get(url)
    assert "personal_number" in page.text and "birth_date" in page.text
    secret = fake_egn(811)
    bad = csv_of(row(fake_egn(810)), row(secret, born="1990-01-05"))
    answer = client.post(
        url, data={"file": (io.BytesIO(bad), "people.csv")}, content_type="multipart/form-data"
    )
    assert answer.status_code == 422 and "Line 3" in answer.text and secret not in answer.text
    wrong = client.post(
        url, data={"file": (io.BytesIO(b"x"), "people.xlsx")}, content_type="multipart/form-data"
    )
    assert wrong.status_code == 422 and ".csv" in wrong.text
    good = csv_of(row(fake_egn(812)))
    answer = client.post(
        url, data={"file": (io.BytesIO(good), "people.csv")}, content_type="multipart/form-data"
    )
    assert answer.status_code == 303


def test_blanks_through_the_handover_protocol_form(client, centre_user):
    """The centre's blanks are entered as a handover protocol's row (register.blanks, 001 art. 25(6))."""
    centre_id, _ = centre_user
    data = {
        "direction": "received",
        "number": "3",
        "drawn_up_on": "2026-01-05",
        "other_party": "Печатница",
        "kind": "qualification",
        "series": "А-26",
        "first_number": "1",
        "last_number": "50",
    }
    url = f"/centre/{centre_id}/blanks/protocols/new"
    assert client.post(url, data=data).status_code == 303
    again = client.post(url, data=data)
    assert again.status_code == 422 and "registered already" in again.text
    assert "А-26" in client.get(f"/centre/{centre_id}/blanks").text


@pytest.mark.parametrize("role", ["napoo_officer", "napoo_expert", "applicant", "centre", "assessor"])
def test_who_reads_and_who_writes_a_centres_courses(app, client, login, role):
    """NAPOO's staff read any centre (a write is 403); another account, a centre's included, gets
    404; nobody but the centre and NAPOO sees a participant's ЕГН."""
    with app.app_context():
        licence = make_licence(number="201900001")
        course = make_course(licence)
        number = make_participant(course).personal_number
    login(role)
    base = f"/centre/{licence.centre_id}/courses/{course.id}"
    staff = role.startswith("napoo")
    for url in (f"/centre/{licence.centre_id}/courses", base, f"/centre/{licence.centre_id}/blanks"):
        response = client.get(url)
        assert response.status_code == (200 if staff else 404), url
        assert staff or number not in response.text
    write = client.post(f"{base}/results", data={"version": "1"})
    assert write.status_code == (403 if staff else 404)
    if staff:
        assert number in client.get(base).text


def test_the_course_pages_forms_answer_htmx_with_their_block(client, centre_user, app):
    centre_id, course_id = centre_user
    base = f"/centre/{centre_id}/courses/{course_id}"
    with app.app_context():
        make_participant(Course.get_by_id(course_id))
    hx = {"HX-Request": "true"}
    protocol = client.post(
        f"{base}/protocol",
        data={"version": "1", "exam_protocol_number": "8", "exam_protocol_date": "2025-08-01"},
        headers=hx,
    )
    assert protocol.status_code == 422 and protocol.text.lstrip().startswith('<div id="protocol">')
    assert "before the course began" in protocol.text
    results = client.post(f"{base}/results", data={"version": "7"}, headers=hx)
    assert results.status_code == 422 and results.text.lstrip().startswith('<div id="results-block">')
    done = client.post(
        f"{base}/protocol",
        data={"version": "1", "exam_protocol_number": "8", "exam_protocol_date": "2026-01-20"},
        headers=hx,
    )
    assert done.status_code == 200 and done.headers["HX-Redirect"].endswith(base)


def test_a_course_edited_through_its_form_and_a_stale_form(client, centre_user, app):
    centre_id, course_id = centre_user
    url = f"/centre/{centre_id}/courses/{course_id}/edit"
    form = client.get(url)
    assert form.status_code == 200 and 'value="960"' in form.text
    data = {
        "version": "1",
        "licence": "1",
        "speciality": PROGRAMMER,
        "kind": "training",
        "framework_programme": "Б",
        "training_form": "daytime",
        "starts_on": "2025-09-01",
        "ends_on": "2026-01-15",
        "hours": "900",
    }
    assert client.post(url, data=data).status_code == 303
    stale = client.post(url, data={**data, "hours": "800"})  # the same page sent again
    assert stale.status_code == 422 and "changed" in stale.text
    with app.app_context():
        assert Course.get_by_id(course_id).hours == 900


def test_a_file_too_large_is_refused_with_a_message(app, client, centre_user, monkeypatch):
    monkeypatch.setitem(app.config, "PARTICIPANT_IMPORT_MAX_BYTES", 2048)
    centre_id, course_id = centre_user
    url = f"/centre/{centre_id}/courses/{course_id}/import"
    big = io.BytesIO(b"x" * 2049)
    answer = client.post(url, data={"file": (big, "people.csv")}, content_type="multipart/form-data")
    assert answer.status_code == 422 and "larger than 2 KB" in answer.text


def test_a_centre_account_lands_on_its_centre_with_a_header_link(app, client, make_user):
    from tests.conftest import TEST_PASSWORD

    user = make_user("centre")
    with app.app_context():
        licence = make_licence(number="201900001")
        CentreAccount.create(user=user.id, centre=licence.centre_id)
    response = client.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 303 and response.location.endswith("/centre/")
    assert 'href="/centre/"' in client.get(f"/centre/{licence.centre_id}/courses").text
