"""Consultations (issue 17 part B, 004 ал.7): the Group records each one given and searches them;
nobody else reads them."""

import datetime

import pytest

from certification.outreach import services
from certification.outreach.models import INTERVIEW, PHONE, Consultation


@pytest.fixture(autouse=True)
def _english(request):
    if "client" in request.fixturenames:
        request.getfixturevalue("client").set_cookie("lang", "en")


def _record(user=None, asked_by="Тест Питащ", questions="What does level D cost?", given_on=None):
    return services.record_consultation(
        {
            "given_on": given_on or datetime.date(2026, 2, 3),
            "asked_by": asked_by,
            "contacts": "asker@example.test",
            "form": PHONE,
            "questions": questions,
            "answers": "The fee in force.",
            "assessor": None,
        },
        user,
    )


def test_the_group_records_a_consultation(app, client, login, make_user):
    login("scheme_group")
    assessor = make_user("assessor")
    with app.app_context():
        response = client.post(
            "/certification/consultations/new",
            data={
                "given_on": "2026-02-03",
                "asked_by": "Тест Питащ",
                "contacts": "0888 000 000",
                "form": INTERVIEW,
                "questions": "How long is the procedure?",
                "answers": "About three months.",
                "assessor": str(assessor.id),
            },
        )
        assert response.status_code == 303
        row = Consultation.get()
        assert row.assessor_id == assessor.id and row.form == INTERVIEW
        page = client.get("/certification/consultations/").text
        assert "How long is the procedure?" in page


def test_a_consultation_needs_its_form_and_no_future_date(app, client, login):
    login("scheme_group")
    data = {
        "given_on": "2026-02-03",
        "asked_by": "A",
        "contacts": "c",
        "form": "dance",
        "questions": "q",
        "answers": "a",
    }
    response = client.post("/certification/consultations/new", data=data)
    assert response.status_code == 422 and "Choose the form" in response.text
    future = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    response = client.post(
        "/certification/consultations/new", data={**data, "form": PHONE, "given_on": future}
    )
    assert response.status_code == 422 and "future" in response.text
    with app.app_context():
        assert Consultation.select().count() == 0


def test_the_search_finds_by_name_and_question_and_pages(app, client, login):
    login("scheme_group")
    with app.app_context():
        _record(asked_by="Иван Тестов", questions="About recertification")
        _record(asked_by="Мария Примерна", questions="About level B")
        page = client.post("/certification/consultations/", data={"q": "recertification"}).text
        assert "Иван Тестов" in page and "Мария Примерна" not in page
        page = client.post("/certification/consultations/", data={"q": "Мария"}).text
        assert "Мария Примерна" in page and "Иван Тестов" not in page
        page = client.post("/certification/consultations/", data={"q": "  мАРИЯ  "}).text
        assert "Мария Примерна" in page and "Иван Тестов" not in page  # any case, Cyrillic too
        page = client.post("/certification/consultations/", data={"q": "RECERT"}).text
        assert "Иван Тестов" in page and "Мария Примерна" not in page
        page = client.post("/certification/consultations/", data={"q": "%"}).text
        assert "Иван Тестов" not in page  # a wildcard is a character, not "anything"
        for n in range(26):
            _record(asked_by=f"Тест {n}", questions="About the fee")
        page = client.get("/certification/consultations/").text
        assert "Page 1 of 2" in page
        assert "Page 2 of 2" in client.get("/certification/consultations/?page=2").text
        page = client.post("/certification/consultations/", data={"q": "fee", "page": "2"}).text
        assert "Page 2 of 2" in page and 'name="q" value="fee"' in page


def test_a_search_keeps_the_text_out_of_the_address(app, client, login):
    """The text searched is often a name: it is POSTed, never put in a link."""
    login("scheme_group")
    with app.app_context():
        for n in range(27):
            _record(asked_by=f"Тест {n}", questions="About the fee")
        page = client.post("/certification/consultations/", data={"q": "fee"}).text
        assert "q=fee" not in page and "?q=" not in page


@pytest.mark.parametrize("role", ["board", "assessor", "applicant", "napoo_officer"])
def test_only_the_group_reads_consultations(app, client, login, role):
    login(role)
    assert client.get("/certification/consultations/").status_code == 403
    assert client.get("/certification/consultations/new").status_code == 403


def test_a_consultation_submitted_twice_is_recorded_once(app):
    with app.app_context():
        _record()
        with pytest.raises(services.OutreachError):
            _record()
        assert Consultation.select().count() == 1
