"""BAUP certificates (004, decision and certificate) and the public register: issued on the Board's
decision two weeks after the last element, a checked number, 5 years' validity computed at every
request, withdrawal, the daily expiry and reminder runs, search by name (Latin letters too) and
number, and never the candidate ID."""

import datetime
import json

import pytest

from certification import certificate_rules, certificates, services
from certification.certificate_numbers import certificate_number_is_valid
from certification.models import DECLARATIONS, Candidate, Certificate, CertificateEvent
from portal.accounts import User
from portal.mail import outbox
from tests.test_certification import _english, _published  # noqa: F401 - the autouse fixture

TODAY = datetime.date.today()


@pytest.fixture
def passed(app, client, make_user):
    """A published level-D exam: the first candidate passed (72), the second did not (55)."""
    session, ids, _ = _published(app, client, make_user, day=TODAY - datetime.timedelta(days=20))
    board = make_user("board", "board.cert@example.com")
    return session, ids, board


def test_issue_after_two_weeks_with_a_checked_number_and_five_years(app, client, passed):
    session, ids, board = passed
    with app.app_context():
        winner = Candidate.get(Candidate.candidate_id == ids[0])
        loser = Candidate.get(Candidate.candidate_id == ids[1])
        group = User.get(User.email == "group@example.com")
        with pytest.raises(services.CertificationError, match="reports the candidate"):
            certificates.issue(board, winner, TODAY, "Председател", "Оценител")
        with pytest.raises(services.CertificationError, match="two weeks"):  # 13 days after the exam
            certificates.report_to_board(group, winner, session.day + datetime.timedelta(days=13))
        with pytest.raises(services.CertificationError, match="may not"):
            certificates.report_to_board(board, winner, session.day + datetime.timedelta(days=14))
        certificates.report_to_board(group, winner, session.day + datetime.timedelta(days=14))
        certificates.report_to_board(group, loser, session.day + datetime.timedelta(days=14))
        winner, loser = Candidate.get_by_id(winner.id), Candidate.get_by_id(loser.id)
        with pytest.raises(services.CertificationError, match="two weeks"):
            certificates.issue(
                board, winner, session.day + datetime.timedelta(days=13), "Председател", "Оценител"
            )
        with pytest.raises(services.CertificationError, match="future"):
            certificates.issue(board, winner, TODAY + datetime.timedelta(days=1), "Председател", "Оценител")
        with pytest.raises(services.CertificationError, match="not passed"):
            certificates.issue(
                board, loser, session.day + datetime.timedelta(days=14), "Председател", "Оценител"
            )
        with pytest.raises(services.CertificationError, match="may not"):
            certificates.issue(User.get(User.email == "group@example.com"), winner, session.day, "x", "y")
        issued = certificates.issue(
            board, winner, session.day + datetime.timedelta(days=14), "Председател", "Оценител"
        )
        assert certificate_number_is_valid(issued.number) and issued.number.startswith("BAUP-D-")
        assert issued.expires_on == certificate_rules.expires_on(issued.issued_on)
        assert issued.holder_name == winner.application.full_name
        with pytest.raises(services.CertificationError, match="has been issued"):
            certificates.issue(
                board, winner, session.day + datetime.timedelta(days=15), "Председател", "Оценител"
            )
    page = client.get(f"/certificates/{issued.number}").text
    assert 'id="verdict"' in page and "VALID" in page and issued.holder_name in page
    assert ids[0] not in page  # never the candidate ID


def _issue(app, passed):
    session, ids, board = passed
    with app.app_context():
        winner = Candidate.get(Candidate.candidate_id == ids[0])
        group = User.get(User.email == "group@example.com")
        certificates.report_to_board(group, winner, session.day + datetime.timedelta(days=14))
        winner = Candidate.get_by_id(winner.id)
        return certificates.issue(
            board, winner, session.day + datetime.timedelta(days=14), "Председател", "Оценител"
        )


def test_the_register_finds_by_name_in_latin_letters_and_by_number_without_the_candidate_id(
    app, client, passed
):
    issued = _issue(app, passed)
    ids = passed[1]
    by_latin = client.get("/certificates/?q=Primerna").text  # "Примерна" typed in Latin letters
    assert issued.number in by_latin and ids[0] not in by_latin
    assert issued.number in client.get(f"/certificates/?q={issued.number.lower()}").text
    assert issued.number not in client.get("/certificates/?q=Несъществуващ").text
    assert issued.number not in client.get("/certificates/?level=C").text
    data = json.loads(client.get("/certificates.json?q=Примерна").data)
    assert [c["number"] for c in data["certificates"]] == [issued.number]
    assert set(data["certificates"][0]) == {
        "number",
        "holder_name",
        "level",
        "issued_on",
        "expires_on",
        "status",
        "withdrawn_on",
    }
    csv_text = client.get("/certificates.csv").data.decode()
    assert issued.number in csv_text and ids[0] not in csv_text and "@" not in csv_text


def test_expiry_is_computed_at_every_request_and_recorded_by_the_daily_run(app, client, passed, monkeypatch):
    """An expired certificate shows as invalid because its validity expired, with no run needed;
    `flask certification expire` records the event once."""
    issued = _issue(app, passed)
    after = issued.expires_on + datetime.timedelta(days=1)

    monkeypatch.setattr(
        "certification.public._now", lambda: datetime.datetime.combine(after, datetime.time(12))
    )
    on_last_day = datetime.datetime.combine(issued.expires_on, datetime.time(12))
    page = client.get(f"/certificates/{issued.number}").text
    assert "INVALID" in page and "its validity expired" in page
    assert issued.number in client.get("/certificates/?status=expired").text
    monkeypatch.setattr("certification.public._now", lambda: on_last_day)  # the last day: still valid
    assert "INVALID" not in client.get(f"/certificates/{issued.number}").text
    runner = app.test_cli_runner()
    assert (
        "1 expiries recorded"
        in runner.invoke(args=["certification", "expire", "--today", after.isoformat()]).output
    )
    assert (
        "0 expiries recorded"
        in runner.invoke(args=["certification", "expire", "--today", after.isoformat()]).output
    )
    with app.app_context():
        assert [e.kind for e in Certificate.get().history()] == ["issued", "expired"]


def test_withdrawal_and_reminders(app, client, passed):
    """The Board withdraws with a date and reason (the register shows it); reminders go at 6, 3 and
    1 months before expiry, each once."""
    issued = _issue(app, passed)
    board = passed[2]
    runner = app.test_cli_runner()
    six_before = issued.expires_on.replace(year=issued.expires_on.year) - datetime.timedelta(days=183)
    first = runner.invoke(args=["certification", "remind", "--today", six_before.isoformat()]).output
    again = runner.invoke(args=["certification", "remind", "--today", six_before.isoformat()]).output
    assert "1 reminders sent" in first and "0 reminders sent" in again
    with app.app_context():
        assert "expires on" in outbox()[-1]["Subject"]
        with pytest.raises(services.CertificationError, match="reason"):
            certificates.withdraw(board, Certificate.get(), TODAY, " ")
        certificates.withdraw(board, Certificate.get(), TODAY, "Неверни данни.")
        assert CertificateEvent.select().where(CertificateEvent.kind == "withdrawn").count() == 1
    page = client.get(f"/certificates/{issued.number}").text
    assert "INVALID" in page and "Неверни данни." in page
    assert issued.number in client.get("/certificates/?status=withdrawn").text
    assert issued.number not in client.get("/certificates/?status=valid").text


def test_unknown_numbers_and_tokens_say_so(app, client, passed):
    issued = _issue(app, passed)
    unknown = client.get("/certificates/BAUP-D-2020-0001-0")
    assert unknown.status_code == 404 and "No BAUP certificate has this number" in unknown.text
    assert client.get("/v/not-a-token").status_code == 404
    with app.app_context():
        token = Certificate.get().verify_token
    followed = client.get(f"/v/{token}")
    assert followed.status_code == 302 and followed.headers["Location"].endswith(
        f"/certificates/{issued.number}"
    )


def test_certificate_pdfs_in_both_languages_with_the_qr_code_to_the_verification_page(app, client, passed):
    """004: the certificate in Bulgarian and in English, text extractable, with the holder's names,
    number, dates, level title, chair and lead assessor; its QR code encodes the short link that
    leads to the public page; only the holder (and the Group, the Board) download it."""
    import io

    import qrcode
    from pypdf import PdfReader

    from tests.test_certification import log_in

    issued = _issue(app, passed)
    with app.app_context():
        application_id = Certificate.get().application_id
        email = Certificate.get().application.email
        token = Certificate.get().verify_token
    url = f"/certification/applications/{application_id}/certificate-bg.pdf"
    assert client.get(url).status_code == 302  # anonymous: log in first
    log_in(client, app, email)
    texts = {}
    for language in ("bg", "en"):
        response = client.get(f"/certification/applications/{application_id}/certificate-{language}.pdf")
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        reader = PdfReader(io.BytesIO(response.data))
        texts[language] = reader.pages[0].extract_text()
        image = reader.pages[0].images[0].image
    assert (
        "Сертифициран специалист по управление на проекти" in texts["bg"]
        and issued.holder_name in texts["bg"]
    )
    assert "Certified Project Management Associate" in texts["en"] and issued.number in texts["en"]
    assert "Председател" in texts["bg"] and "Оценител" in texts["en"]
    target = f"http://localhost/v/{token}"
    assert target in texts["en"].replace("\n", "")
    expected = qrcode.make(target, border=2).get_image().convert("L")
    assert image.convert("L").size == expected.size
    assert image.convert("L").tobytes() == expected.tobytes()  # the QR code encodes that link
    assert client.get(f"/v/{token}").headers["Location"].endswith(f"/certificates/{issued.number}")


def test_the_feed_lists_issues_and_expiries(app, client, passed):
    """The Atom feed of the register: an issue, then the expiry the daily run records; no
    candidate ID, no reminder."""
    import xml.etree.ElementTree as ElementTree

    issued = _issue(app, passed)
    runner = app.test_cli_runner()
    after = issued.expires_on + datetime.timedelta(days=1)
    runner.invoke(args=["certification", "expire", "--today", after.isoformat()])
    response = client.get("/certificates/feed.atom")
    assert response.mimetype == "application/atom+xml"
    root = ElementTree.fromstring(response.data)
    titles = [
        e.findtext("{http://www.w3.org/2005/Atom}title")
        for e in root.iter("{http://www.w3.org/2005/Atom}entry")
    ]
    assert len(titles) == 2 and all(issued.number in t for t in titles)
    assert passed[1][0] not in response.data.decode()


def test_recertification_lists_projects_since_the_certificate_and_comes_before_expiry(app, client, passed):
    """A holder applies to recertify: projects ended before the certificate are refused; once the
    certificate has expired, a recertification is refused (apply at a level instead)."""
    from certification.models import CertApplication, Project

    issued = _issue(app, passed)
    with app.app_context():
        holder = Certificate.get().application.applicant
        renewal = services.start_application(holder, "D", recertification=True)
        CertApplication.update(previous_certificate=issued.number).where(
            CertApplication.id == renewal.id
        ).execute()
        renewal = CertApplication.get_by_id(renewal.id)
        Project.create(
            application=renewal,
            title="Стар проект",
            role="ръководител",
            started_on=datetime.date(2015, 1, 1),
            ended_on=issued.issued_on - datetime.timedelta(days=1),
        )
        assert "projects_since" in renewal.missing()
        Project.delete().where(Project.application == renewal).execute()
        Certificate.update(
            issued_on=TODAY - datetime.timedelta(days=2000), expires_on=TODAY - datetime.timedelta(days=1)
        ).execute()
        assert renewal.previous_bau_certificate().number == issued.number
        with pytest.raises(services.CertificationError, match="no longer valid"):
            # the rest of the application complete: only the expiry stands in the way
            CertApplication.update(self_assessment="x", **dict.fromkeys(DECLARATIONS, True)).where(
                CertApplication.id == renewal.id
            ).execute()
            renewal = CertApplication.get_by_id(renewal.id)
            _fill_minimum(renewal)
            services.submit(CertApplication.get_by_id(renewal.id), holder, renewal.version)


def _fill_minimum(application):
    from certification.models import Project, Referee
    from tests.test_certification import attach_records

    for n in (1, 2):
        Referee.create(application=application, name=f"Препоръчител {n}", contact=f"r{n}@example.com")
    Project.create(
        application=application,
        title="Нов проект",
        role="ръководител",
        started_on=TODAY - datetime.timedelta(days=100),
    )
    attach_records(application)
