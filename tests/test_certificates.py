"""BAUP certificates (004, decision and certificate) and the public register: issued or refused on
the Board's decision two weeks from the marking of the last element, a checked number, 5 years'
validity computed at every request, withdrawal, the daily expiry and reminder runs, search by name
(Latin letters too) and number, and never the candidate ID."""

import datetime
import json

import pytest

from certification import certificate_rules, certificates, services
from certification.certificate_numbers import certificate_number_is_valid
from certification.models import DECLARATIONS, Candidate, Certificate, CertificateEvent
from portal.accounts import User
from portal.formats import format_day
from portal.mail import outbox
from tests.test_certification import _english, _published  # noqa: F401 - the autouse fixture

TODAY = datetime.date.today()


def mark_on(app, session, day):
    """Date the final marks of a session's papers to `day` (noon in Sofia: 10:00 UTC in winter,
    09:00 in summer), as if marked then, not when the test ran."""
    from certification.models import Seat

    with app.app_context():
        Seat.update(final_at=datetime.datetime.combine(day, datetime.time(9))).where(
            Seat.session == session.id
        ).execute()


def hand_in_all(app, ids, marker, certify=True):
    """The marker of a level-D exam hands in for each candidate (004 (decision) ал.1)."""
    from certification import stages

    with app.app_context():
        for candidate_id in ids:
            candidate = Candidate.get(Candidate.candidate_id == candidate_id)
            stages.hand_in(marker, candidate, certify, "Матрица: всички елементи", "Мотиви на оценката.")


@pytest.fixture
def passed(app, client, make_user):
    """A published level-D exam, its marks recorded on the exam day and handed in: the first
    candidate passed (72), the second did not (55)."""
    session, ids, marker = _published(app, client, make_user, day=TODAY - datetime.timedelta(days=20))
    mark_on(app, session, session.day)
    hand_in_all(app, ids, marker)
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


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "bg",
            (
                "СЕРТИФИКАТ",
                "БАУП",
                "Registar",
                "Номер на сертификата",
                "български",
                "Проверка на сертификата",
            ),
        ),
        (
            "en",
            ("CERTIFICATE", "BAUP", "Registar", "Certificate number", "Bulgarian", "Verify this certificate"),
        ),
    ],
)
def test_the_certificate_is_a_designed_a4_page_in_its_language(app, passed, language, words):
    """One A4 page with both marks as text, the number, the dates written out in the certificate's
    language (not the reader's), the language's name (not its code), how to verify and the address;
    the same certificate gives the same bytes."""
    import io

    from pypdf import PdfReader

    from portal.formats import locale_for

    issued = _issue(app, passed)
    url = "https://registar.example.org/v/token"
    with app.test_request_context(headers={"Cookie": "lang=en" if language == "bg" else "lang=bg"}):
        certificate = Certificate.get_by_id(issued.id)
        pdf = certificates.certificate_pdf(certificate, language, url)
        assert certificates.certificate_pdf(certificate, language, url) == pdf
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    text = " ".join(reader.pages[0].extract_text().split()).replace("\u00a0", " ")
    for word in (*words, certificate.number, certificate.holder_name, url):
        assert word in text, word
    for day in (certificate.issued_on, certificate.expires_on):
        assert format_day(day, "long", locale_for(language)).replace("\u202f", " ") in text
    assert " bg " not in f" {text} "


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
    assert "INVALID" in page and "its validity expired" in page.lower()
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
        body = outbox()[-1].get_content()  # 004 (validity): an expired certificate is recertified too
        assert "before or after the expiry" in body and "before it expires" not in body
        with pytest.raises(services.CertificationError, match="reason"):
            certificates.withdraw(board, Certificate.get(), TODAY, " ")
        certificates.withdraw(board, Certificate.get(), TODAY, "Неверни данни.")
        assert CertificateEvent.select().where(CertificateEvent.kind == "withdrawn").count() == 1
    page = client.get(f"/certificates/{issued.number}").text
    assert "INVALID" in page and "Неверни данни." in page
    assert issued.number in client.get("/certificates/?status=withdrawn").text
    assert issued.number not in client.get("/certificates/?status=valid").text


def test_withdrawing_a_certificate_on_the_page_asks_for_the_reason_and_a_confirmation(app, client, passed):
    """A withdrawal is destructive: without "I confirm" ticked (JavaScript off, where hx-confirm asks
    nothing) or without a reason it is refused and the certificate stays valid; with both it is
    withdrawn, and the register says so."""
    from tests.test_certification import log_in

    issued = _issue(app, passed)
    with app.app_context():
        url = f"/certification/applications/{Certificate.get().application_id}/certificate"
    log_in(client, app, "board.cert@example.com", password_set=True)
    form = {"on_date": TODAY.isoformat(), "reason": "Неверни данни."}
    unconfirmed = client.post(f"{url}/withdraw", data=form)
    assert unconfirmed.status_code == 422 and "Confirm the Board" in unconfirmed.text
    no_reason = client.post(f"{url}/withdraw", data=form | {"reason": " ", "confirm": "yes"})
    assert no_reason.status_code == 422
    with app.app_context():
        assert Certificate.get().withdrawn_on is None
    page = client.get(url.rsplit("/", 1)[0]).text
    assert 'id="confirm-withdraw-certificate"' in page and "hx-confirm" in page
    assert client.post(f"{url}/withdraw", data=form | {"confirm": "yes"}).status_code == 303
    with app.app_context():
        assert Certificate.get().withdrawn_on == TODAY
    assert "INVALID" in client.get(f"/certificates/{issued.number}").text


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
    target = f"{app.config['PUBLIC_BASE_URL']}/v/{token}"  # the public address, not the request's host
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


def test_recertification_lists_projects_since_the_certificate_and_renews_an_expired_one(app, client, passed):
    """A holder applies to recertify: projects ended before the certificate are refused; an expired
    certificate is recertified (004 (validity): after 5 years recertification is needed), a withdrawn
    one is not (certificate_rules.may_recertify)."""
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
        CertApplication.update(self_assessment="x", **dict.fromkeys(DECLARATIONS, True)).where(
            CertApplication.id == renewal.id
        ).execute()
        renewal = CertApplication.get_by_id(renewal.id)
        _fill_minimum(renewal)
        Certificate.update(withdrawn_on=TODAY - datetime.timedelta(days=3)).execute()
        with pytest.raises(services.CertificationError, match="was withdrawn"):
            services.submit(CertApplication.get_by_id(renewal.id), holder, renewal.version)
        assert CertApplication.get_by_id(renewal.id).state == "draft"
        Certificate.update(withdrawn_on=None).execute()  # expired only: recertified
        services.submit(CertApplication.get_by_id(renewal.id), holder, renewal.version)
        assert CertApplication.get_by_id(renewal.id).state == "submitted"


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


def test_the_exports_stream_every_certificate_past_500_and_the_page_announces_its_twins(app, client):
    """/certificates.csv and .json carry the whole register (not the first 500 rows), streamed like
    the licence register's exports; /certificates/ sends `Link: rel="alternate"` for the CSV, the
    JSON and the Atom feed, and names them in its head."""
    from certification.certificate_numbers import certificate_number

    count = 523
    issued = datetime.date(2025, 1, 2)
    with app.app_context():
        Certificate.insert_many(
            [
                {
                    "number": certificate_number("D", 2025, n),
                    "level": "D",
                    "holder_name": f"Тестов Притежател {n}",
                    "issued_on": issued,
                    "expires_on": certificate_rules.expires_on(issued),
                    "verify_token": f"token-{n}",
                }
                for n in range(1, count + 1)
            ]
        ).execute()
        assert Certificate.select().count() == count
    answer = client.get("/certificates.csv")
    assert answer.status_code == 200 and answer.is_streamed
    lines = answer.data.decode().splitlines()
    assert lines[0] == "number,holder_name,level,issued_on,expires_on,status,withdrawn_on"
    numbers = {line.split(",")[0] for line in lines[1:]}
    assert len(lines) == count + 1
    assert numbers == {certificate_number("D", 2025, n) for n in range(1, count + 1)}
    data = json.loads(client.get("/certificates.json?level=D").data)
    assert data["query"] == {"q": "", "level": "D", "status": ""}
    assert len(data["certificates"]) == count and len({c["number"] for c in data["certificates"]}) == count
    assert json.loads(client.get("/certificates.json?level=C").data)["certificates"] == []
    page = client.get("/certificates/?level=D")
    links = page.headers["Link"]
    for kind, url in (
        ("text/csv", "/certificates.csv?level=D"),
        ("application/json", "/certificates.json?level=D"),
        ("application/atom+xml", "/certificates/feed.atom"),
    ):
        assert f'<{url}>; rel="alternate"; type="{kind}"' in links
        assert f'<link rel="alternate" type="{kind}" href="{url}">' in page.text
    assert page.text.count("<tr>") == 50 + 1  # the page itself shows the first 50 rows


@pytest.mark.parametrize(("days", "allowed"), [(13, False), (14, True)])
def test_the_two_weeks_run_from_the_marking_not_the_exam(app, client, passed, days, allowed):
    """004 (decision) ал.4: the exam was 20 days ago but its final marks were recorded 14 days ago:
    13 days from the marking the Group may not report nor the Board decide; 14 days on it may."""
    session, ids, board = passed
    marked = TODAY - datetime.timedelta(days=14)
    mark_on(app, session, marked)
    day = marked + datetime.timedelta(days=days)
    with app.app_context():
        group = User.get(User.email == "group@example.com")
        winner = Candidate.get(Candidate.candidate_id == ids[0])
        assert certificates.last_element_on(winner) == marked
        if not allowed:
            with pytest.raises(services.CertificationError, match="two weeks from the marking"):
                certificates.report_to_board(group, winner, day)
            Candidate.update(reported_on=day).where(Candidate.id == winner.id).execute()
            with pytest.raises(services.CertificationError, match=format_day(marked)):
                certificates.issue(board, Candidate.get_by_id(winner.id), day, "Председател", "Оценител")
            assert not Certificate.select().exists()
            return
        certificates.report_to_board(group, winner, day)
        issued = certificates.issue(board, Candidate.get_by_id(winner.id), day, "Председател", "Оценител")
        assert issued.issued_on == day and Certificate.select().count() == 1


def test_no_certificate_before_the_final_marks_exist(app, client, passed):
    """004 (decision) ал.4: without the written exam's final mark no clock runs: the Group's report
    and the Board's decision are refused, whatever the exam's date, and nothing is recorded."""
    from certification.models import Seat

    session, ids, board = passed
    with app.app_context():
        group = User.get(User.email == "group@example.com")
        winner = Candidate.get(Candidate.candidate_id == ids[0])
        certificates.report_to_board(group, winner, TODAY)
        Seat.update(final_mark=None, final_at=None).where(Seat.candidate == winner).execute()
        winner = Candidate.get_by_id(winner.id)
        assert certificates.last_element_on(winner) is None
        for step in (
            lambda: certificates.report_to_board(group, winner, TODAY),
            lambda: certificates.issue(board, winner, TODAY, "Председател", "Оценител"),
            lambda: certificates.refuse(board, winner, TODAY, "Липсва оценка."),
        ):
            with pytest.raises(services.CertificationError, match="no final mark yet for: the written exam"):
                step()
        assert not Certificate.select().exists()
        url = f"/certification/applications/{winner.application_id}"
    from tests.test_certification import log_in

    log_in(client, app, "group@example.com", password_set=True)
    assert "There is no final mark yet for: the written exam" in client.get(url).text


@pytest.mark.parametrize(
    ("stored_utc", "day"),
    [
        (datetime.datetime(2026, 6, 1, 20, 59), datetime.date(2026, 6, 1)),  # 23:59 in Sofia (UTC+3)
        (datetime.datetime(2026, 6, 1, 21, 0), datetime.date(2026, 6, 2)),  # midnight in Sofia
        (datetime.datetime(2026, 12, 1, 21, 59), datetime.date(2026, 12, 1)),  # 23:59 (UTC+2)
        (datetime.datetime(2026, 12, 1, 22, 0), datetime.date(2026, 12, 2)),
    ],
)
def test_a_mark_counts_on_its_day_in_sofia(app, stored_utc, day):
    """The day a final mark was recorded is Sofia's day, not UTC's, summer and winter."""
    with app.app_context():
        assert certificates._local_day(stored_utc) == day


def test_the_recommendation_informs_but_does_not_bind_the_board(app, client, passed):
    """004 (decision) ал.5: the assessor recommends not certifying; the Board may still issue on the
    marks and all the factors."""
    from certification import stages

    session, ids, board = passed
    with app.app_context():
        group = User.get(User.email == "group@example.com")
        marker = User.get(User.email == "lead@example.com")
        winner = Candidate.get(Candidate.candidate_id == ids[0])
        stages.hand_in(marker, winner, False, "Матрица", "Слаби отговори по казуса.")
        assert stages.recommended(winner)[1] is False
        certificates.report_to_board(group, winner, TODAY)
        issued = certificates.issue(board, Candidate.get_by_id(winner.id), TODAY, "Председател", "Оценител")
        assert Certificate.get_by_id(issued.id).application_id == winner.application_id


def test_the_board_decides_not_to_issue_with_reasons_told_to_the_candidate(app, client, passed):
    """004 (decision) ал.5: the Board's page shows the marking days and the hand-ins; a decision not
    to issue needs the confirmation and the reasons (refused without, nothing recorded), is recorded,
    mailed to the candidate and shown on their page; no certificate can follow it."""
    from certification.models import CertificateRefusal
    from tests.test_certification import log_in

    session, ids, board = passed
    with app.app_context():
        group = User.get(User.email == "group@example.com")
        winner = Candidate.get(Candidate.candidate_id == ids[0])
        certificates.report_to_board(group, winner, TODAY)
        url = f"/certification/applications/{winner.application_id}"
        email = winner.application.email
    log_in(client, app, "board.cert@example.com")
    page = client.get(url).text
    assert 'id="board-marks"' in page and "Мотиви на оценката." in page and 'id="refuse-form"' in page
    assert "does not bind it" in page
    form = {"on_date": TODAY.isoformat(), "reasons": "Нарушение на етичния кодекс."}
    unconfirmed = client.post(f"{url}/certificate/refuse", data=form)
    assert unconfirmed.status_code == 422 and "Confirm the Board" in unconfirmed.text
    issue = {"on_date": TODAY.isoformat(), "chair_name": "П", "lead_assessor_name": "О"}
    unconfirmed_issue = client.post(f"{url}/certificate/issue", data=issue)
    assert unconfirmed_issue.status_code == 422 and "Confirm the Board" in unconfirmed_issue.text
    no_reasons = client.post(f"{url}/certificate/refuse", data={**form, "reasons": " ", "confirm": "yes"})
    assert no_reasons.status_code == 422 and "Give the reasons" in no_reasons.text
    with app.app_context():
        assert not CertificateRefusal.select().exists()
        sent_before = len(outbox())
    done = client.post(f"{url}/certificate/refuse", data={**form, "confirm": "yes"})
    assert done.status_code == 303
    with app.app_context():
        refusal = CertificateRefusal.get()
        assert refusal.candidate_id == winner.id and refusal.reasons == form["reasons"]
        mail = outbox()[sent_before:]
        assert len(mail) == 1 and mail[0]["To"] == email and form["reasons"] in mail[0].get_content()
        with pytest.raises(services.CertificationError, match="decided not to issue"):
            certificates.issue(board, Candidate.get_by_id(winner.id), TODAY, "Председател", "Оценител")
        assert not Certificate.select().exists()
    issue_after = client.post(f"{url}/certificate/issue", data={**issue, "confirm": "yes"})
    assert issue_after.status_code == 422 and "decided not to issue" in issue_after.text
    log_in(client, app, email)
    mine = client.get(url).text
    assert 'id="certificate-refusal"' in mine and form["reasons"] in mine and 'id="refuse-form"' not in mine


def test_level_d_markers_hand_in_after_the_final_mark_and_the_board_sees_it(app, client, make_user):
    """004 (decision) ал.1 for every level: the marker of a level-D paper sees the candidate on the
    assessing page by ID once the final mark is in, hands in the process and marks with reasons, the
    matrix and a recommendation; another assessor may not; the Board's page shows the hand-in."""
    from certification import stages
    from certification.models import Recommendation, Seat
    from tests.test_certification import log_in

    session, ids, marker = _published(app, client, make_user, day=TODAY - datetime.timedelta(days=20))
    stranger = make_user("assessor", "other.assessor@example.com")
    with app.app_context():
        winner = Candidate.get(Candidate.candidate_id == ids[0])
        with pytest.raises(services.CertificationError, match="not assigned"):
            stages.hand_in(stranger, winner, True, "Матрица", "Мотиви.")
        Seat.update(final_mark=None).where(Seat.candidate == winner).execute()
        with pytest.raises(services.CertificationError, match="final mark comes first"):
            stages.hand_in(marker, Candidate.get_by_id(winner.id), True, "Матрица", "Мотиви.")
        Seat.update(final_mark=72).where(Seat.candidate == winner).execute()
        assert stages.recommended(winner) == (None, False)
        application_id = winner.application_id
    log_in(client, app, "lead@example.com", password_set=True)
    grid = client.get("/certification/assessing").text
    assert ids[0] in grid and f'id="hand-in-{winner.id}"' in grid and "Примерна" not in grid
    empty = client.post("/certification/assessing/hand-in", data={"candidate": winner.id, "certify": "yes"})
    assert empty.status_code == 422 and "assessment matrix" in empty.text
    sent = client.post(
        "/certification/assessing/hand-in",
        data={
            "candidate": winner.id,
            "certify": "yes",
            "matrix": "Матрица D: 46 елемента",
            "reasons": "Тестова част 40/50, есе 32/50.",
        },
    )
    assert sent.status_code == 303
    with app.app_context():
        handed = Recommendation.get(Recommendation.candidate == winner.id)
        assert handed.assessor_id == marker.id and handed.certify and "есе" in handed.reasons
        assert stages.recommended(Candidate.get_by_id(winner.id))[1] is True
        with pytest.raises(services.CertificationError, match="levels C and B"):  # D's is the exam's
            stages.publish_final(User.get(User.email == "group@example.com"), winner)
    make_user("board", "board.d@example.com")
    log_in(client, app, "board.d@example.com")
    page = client.get(f"/certification/applications/{application_id}").text
    assert "Тестова част 40/50, есе 32/50." in page and "recommends certifying" in page
