"""Information days (issue 17 part B, 004 ал.6): the Board adopts a schedule and its days, the public
sees upcoming and past days with places left (never who registered), a person registers (consent,
capacity, no double registration) and cancels through the mailed link; the Group sees the list and is
warned when no day falls in the coming 12 months."""

import datetime
import re

import pytest

from certification.outreach import services
from certification.outreach.models import InfoDay, InfoDayRegistration
from portal.mail import outbox
from tests.outreach_factories import make_day, make_schedule

TODAY = datetime.date.today()
FUTURE = TODAY + datetime.timedelta(days=30)


@pytest.fixture(autouse=True)
def _english(request):
    if "app" in request.fixturenames:
        request.getfixturevalue("app").config["SITE_LANGUAGE"] = "en"
    if "client" in request.fixturenames:
        request.getfixturevalue("client").set_cookie("lang", "en")


def _future_day(capacity=30):
    return make_day(make_schedule(year=FUTURE.year), day=FUTURE, capacity=capacity)


def _register(client, day, email="reg1@example.com", consent="y"):
    data = {"full_name": "Тест Регистриран", "email": email}
    if consent:
        data["consent"] = consent
    return client.post(f"/certification/information-days/{day.id}", data=data)


def test_the_board_adopts_a_schedule_and_adds_a_day(app, client, login):
    login("board")
    with app.app_context():
        response = client.post(
            "/certification/information-days/schedules",
            data={"year": FUTURE.year, "decision_number": "12", "decision_date": TODAY.isoformat()},
        )
        assert response.status_code == 303
        schedule = services.InfoDaySchedule.get()
        response = client.post(
            f"/certification/information-days/schedules/{schedule.id}/days",
            data={
                "day": FUTURE.isoformat(),
                "starts_at": "10:00",
                "topic": "Level C",
                "place": "Sofia",
                "capacity": 20,
            },
        )
        assert response.status_code == 303
        assert InfoDay.get().topic == "Level C"


def test_a_day_needs_a_place_or_a_link_and_a_time(app, client, login):
    login("board")
    with app.app_context():
        schedule = make_schedule(year=FUTURE.year)
        url = f"/certification/information-days/schedules/{schedule.id}/days"
        data = {"day": FUTURE.isoformat(), "starts_at": "10:00", "topic": "Level C", "capacity": 20}
        response = client.post(url, data=data)
        assert response.status_code == 422
        assert "place or the online link" in response.text
        response = client.post(url, data={**data, "place": "Sofia", "starts_at": "25:00"})
        assert response.status_code == 422 and "HH:MM" in response.text
        assert InfoDay.select().count() == 0


def test_the_group_may_not_adopt_a_schedule(app, client, login):
    login("scheme_group")
    response = client.post(
        "/certification/information-days/schedules",
        data={"year": 2026, "decision_number": "1", "decision_date": "2026-01-10"},
    )
    assert response.status_code == 403


def test_a_person_registers_gets_a_mail_and_cancels(app, client):
    with app.app_context():
        day = _future_day()
        response = _register(client, day)
        assert response.status_code == 303
        page = client.get(response.headers["Location"]).text
        assert "You are registered" in page
        mail = outbox()[-1]
        assert mail["To"] == "reg1@example.com"
        body = mail.get_content()
        assert "reg1@example.com" not in re.search(r"https?://\S+", body).group(0)
        link = re.search(r"https?://[^/]+(/\S+)", body).group(1)
        page = client.get(link)
        assert page.status_code == 200 and "Do you want to cancel" in page.text
        assert InfoDayRegistration.get().cancelled_at is None  # a GET changes nothing
        assert client.post(link).status_code == 303
        assert InfoDayRegistration.get().cancelled_at is not None
        assert "Your registration is cancelled" in client.get(link).text
        assert client.post(link).status_code == 303  # twice is harmless


def test_a_forged_cancel_link_is_404(client):
    assert client.get("/certification/information-days/cancel/forged.token.value").status_code == 404


def test_consent_is_required(app, client):
    with app.app_context():
        day = _future_day()
        response = _register(client, day, consent=None)
        assert response.status_code == 422
        assert InfoDayRegistration.select().count() == 0


def test_the_same_email_registers_once_and_again_after_cancelling(app, client):
    with app.app_context():
        day = _future_day()
        assert _register(client, day, email="Same@Example.com").status_code == 303
        response = _register(client, day, email="same@example.com")
        assert response.status_code == 422 and "already registered" in response.text
        services.cancel(InfoDayRegistration.get())
        assert _register(client, day, email="same@example.com").status_code == 303
        assert InfoDayRegistration.select().count() == 1
        assert InfoDayRegistration.get().cancelled_at is None


def test_capacity_is_enforced_and_a_cancelled_place_is_free_again(app, client):
    with app.app_context():
        day = _future_day(capacity=1)
        assert _register(client, day, email="a@example.com").status_code == 303
        response = _register(client, day, email="b@example.com")
        assert response.status_code == 422 and "No places are left" in response.text
        services.cancel(InfoDayRegistration.get())
        assert _register(client, day, email="b@example.com").status_code == 303


def test_a_past_day_takes_no_registration(app):
    with app.app_context():
        yesterday = TODAY - datetime.timedelta(days=1)
        day = make_day(make_schedule(year=yesterday.year), day=yesterday)
        with pytest.raises(services.OutreachError):
            services.register(day, "Тест", "x@example.com", True, TODAY)


def test_the_public_list_shows_places_left_and_no_personal_data(app, client):
    with app.app_context():
        day = _future_day(capacity=3)
        services.register(day, "Скрито Име", "hidden@example.com", True, TODAY)
        past = TODAY - datetime.timedelta(days=400)
        make_day(make_schedule(year=past.year, number="3"), day=past, topic="An old day")
        for url in ("/certification/information-days", f"/certification/information-days/{day.id}"):
            page = client.get(url).text
            assert "2 places left" in page
            assert "Скрито Име" not in page and "hidden@example.com" not in page
        assert "An old day" in client.get("/certification/information-days").text


def test_the_group_sees_the_registrations_and_the_warning(app, client, login):
    login("scheme_group")
    with app.app_context():
        page = client.get("/certification/information-days/schedules").text
        assert "no information day in the coming 12 months" in page
        day = _future_day()
        services.register(day, "Видимо Име", "seen@example.com", True, TODAY)
        page = client.get("/certification/information-days/schedules").text
        assert "no information day in the coming 12 months" not in page
        page = client.get(f"/certification/information-days/{day.id}/registrations").text
        assert "Видимо Име" in page and "seen@example.com" in page


def test_the_demo_seeds_days_registrations_and_consultations(app, make_user):
    from certification.outreach.demo import seed_demo_info_days
    from certification.outreach.models import Consultation

    group, board = make_user("scheme_group"), make_user("board")
    with app.app_context():
        seed_demo_info_days(group, board)
        seed_demo_info_days(group, board)  # once
        assert InfoDay.select().count() == 3
        assert InfoDay.past(TODAY).count() == 1
        assert InfoDayRegistration.select().count() == 2
        assert Consultation.select().count() == 2


def test_the_groups_certification_home_links_and_warns(app, client, login):
    login("scheme_group")
    with app.app_context():
        page = client.get("/certification/applications/").text
        assert 'id="info-day-warning"' in page and "/certification/consultations/" in page
        _future_day()
        assert 'id="info-day-warning"' not in client.get("/certification/applications/").text


def test_a_day_submitted_twice_is_recorded_once(app, client, login):
    login("board")
    with app.app_context():
        schedule = make_schedule(year=FUTURE.year)
        url = f"/certification/information-days/schedules/{schedule.id}/days"
        data = {
            "day": FUTURE.isoformat(),
            "starts_at": "10:00",
            "topic": "Level C",
            "place": "Sofia",
            "capacity": 20,
        }
        assert client.post(url, data=data).status_code == 303
        response = client.post(url, data=data)
        assert response.status_code == 422 and "already has a day" in response.text
        assert InfoDay.select().count() == 1
