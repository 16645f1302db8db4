"""BAUP certification, levels C and B after the written exam (004): the report (at least 10 days
before the interview; competence elements against the minima; guidance on length) and the interview
(length and breaks)."""

import datetime
import io

import pytest

from certification import exams, services, stages
from certification.models import Candidate, CertApplication, Certificate, Interview, Seat
from portal.accounts import User
from portal.formats import format_day, locale_for
from tests.test_certification import (  # noqa: F401 - _english: an autouse fixture
    _complete_application,
    _english,
    appoint_entry,
    attach_records,
    log_in,
)

TODAY = datetime.date.today()
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def passed_c(app, client, make_user):
    """Two level-C candidates sat an exam (two_level_c_candidates)."""
    return two_level_c_candidates(app, client, make_user)


def two_level_c_candidates(app, client, make_user):
    """Two level-C candidates sat an exam 50 days ago, published 45 days ago; the first passed (72.5),
    the second did not."""
    board = make_user("board", "board@example.com")
    opinion_givers = [make_user("assessor", f"op{n}@example.com") for n in (1, 2)]
    ids = []
    for n in range(2):
        application, group = _complete_application(
            app, client, make_user, serial=30 + n, email=f"c{n}@example.com", level="C"
        )
        with app.app_context():
            appoint_entry(application, *opinion_givers)
            for assessor in opinion_givers:
                services.record_opinion(application, assessor, True, "Има опит.")
            application = CertApplication.get_by_id(application.id)
            decision = services.decide_admission(
                application, board, application.version, True, TODAY - datetime.timedelta(days=60)
            )
            services.record_notice(decision, group, TODAY - datetime.timedelta(days=60))
            attach_records(application, ("certification_fee",))
            ids.append(Candidate.get(Candidate.application == application).candidate_id)
    markers = [make_user("assessor", f"mk{n}@example.com") for n in (1, 2)]
    with app.app_context():
        group = User.get(User.email == "group@example.com")
        day = datetime.datetime.combine(TODAY - datetime.timedelta(days=50), datetime.time(9))
        session = exams.schedule_session(group, "C", day, "София")
        for candidate_id in ids:
            exams.seat_candidate(group, session, candidate_id)
        seats = list(session.seats.order_by(Seat.id))
        exams.file_protocol(group, session, {s.id: (True, 0, False) for s in seats})
        for seat, marks in zip(seats, ((70, 75), (40, 45)), strict=True):
            for marker, value in zip(markers, marks, strict=True):
                exams.assign_assessor(board, seat, marker)
                exams.enter_mark(marker, Seat.get_by_id(seat.id), value)
        # Published 45 days ago: the marks have been known two weeks before any interview here.
        exams.publish(group, session.__class__.get_by_id(session.id), TODAY - datetime.timedelta(days=45))
    return ids


def _earlier_level_d_certificate(application):
    """A level-D certificate issued three years ago to the same person (same personal number), on an
    earlier application of theirs."""
    from certification import certificate_rules
    from certification.certificate_numbers import certificate_number
    from certification.models import Certificate, CertificateEvent

    issued_on = TODAY - datetime.timedelta(days=3 * 365)
    earlier = CertApplication.create(
        applicant=application.applicant,
        state="admitted",
        level="D",
        full_name=application.full_name,
        personal_number=application.personal_number,
        email=application.email,
    )
    certificate = Certificate.create(
        number=certificate_number("D", issued_on.year, 1),
        level="D",
        holder_name=application.full_name,
        issued_on=issued_on,
        expires_on=certificate_rules.expires_on(issued_on),
        application=earlier,
        verify_token="earlier-d",
    )
    CertificateEvent.create(certificate=certificate, kind="issued", on_date=issued_on)
    return certificate


def _elements(technical, behavioural, contextual):
    codes = []
    for group, count in (("technical", technical), ("behavioural", behavioural), ("contextual", contextual)):
        codes += [e["code"] for e in stages.competence_elements() if e["group"] == group][:count]
    return codes


def test_the_report_with_its_coverage_then_the_interview_ten_days_later(app, client, passed_c):
    """Only the candidate who passed uploads; a report below the technical minimum is flagged to the
    assessors; the interview is refused 9 days after the upload and under 60 minutes, accepted at 10
    days and 60 minutes with its end computed; an upload under 10 days before it is refused."""
    with app.app_context():
        winner = Candidate.get(Candidate.candidate_id == passed_c[0])
        loser = Candidate.get(Candidate.candidate_id == passed_c[1])
        assert stages.may_report(winner) and not stages.may_report(loser)
    log_in(client, app, "c0@example.com")
    url = f"/certification/applications/{winner.application_id}"
    sent = client.post(
        f"{url}/report",
        data={
            "file": (io.BytesIO(PDF), "доклад.pdf"),
            "pages": "12",
            "annexes": "3",
            "elements": _elements(11, 5, 4),
        },
        content_type="multipart/form-data",
    )
    assert sent.status_code == 303
    page = client.get(url).text
    assert 'id="coverage-warning"' in page and "−1" in page
    log_in(client, app, "group@example.com", password_set=True)
    nine = datetime.datetime.combine(TODAY + datetime.timedelta(days=9), datetime.time(10))
    ten = nine + datetime.timedelta(days=1)
    early = client.post(
        f"{url}/interview",
        data={"starts_at": nine.strftime("%Y-%m-%dT%H:%M"), "conversation_minutes": "60", "place": "БАУП"},
    )
    assert early.status_code == 422 and "at least 10 days after the report" in early.text
    short = client.post(
        f"{url}/interview",
        data={"starts_at": ten.strftime("%Y-%m-%dT%H:%M"), "conversation_minutes": "59", "place": "БАУП"},
    )
    assert short.status_code == 422 and "at least 60 minutes" in short.text
    ok = client.post(
        f"{url}/interview",
        data={"starts_at": ten.strftime("%Y-%m-%dT%H:%M"), "conversation_minutes": "120", "place": "БАУП"},
    )
    assert ok.status_code == 303
    with app.app_context():
        interview = Interview.get()
        assert interview.ends_at == ten + datetime.timedelta(minutes=120 + 15)  # one break after 90 minutes
        with pytest.raises(services.CertificationError, match="at least 10 days before the interview"):
            stages.upload_report(
                User.by_email("c0@example.com"),
                Candidate.get_by_id(winner.id),
                {
                    "original_name": "x.pdf",
                    "stored_name": "x" * 32,
                    "size": 1,
                    "sha256": "0" * 64,
                    "content_type": "application/pdf",
                },
                10,
                0,
                [],
                today=ten.date() - datetime.timedelta(days=9),
            )
    log_in(client, app, "c1@example.com")
    refused = client.post(
        f"/certification/applications/{loser.application_id}/report",
        data={"file": (io.BytesIO(PDF), "доклад.pdf"), "pages": "12", "annexes": "0"},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 422 and "passed written exam" in refused.text


def test_level_c_from_report_marks_to_the_certificate(app, client, make_user, passed_c):
    """Two assessors assigned without conflict; the report marked jointly (hidden from the candidate
    until the interview is over), the interview marked by each and jointly with reasons, both hand in
    a recommendation, and the Board certifies two weeks from the marking of the last element (the
    interview's joint mark, recorded after the interview); the certificate names the level-D
    certificate of the same person it replaces (not a recertification) and is in the public
    register."""
    from certification import certificates
    from certification.models import StageMark

    first, second = (make_user("assessor", f"st{n}@example.com") for n in (1, 2))
    with app.app_context():
        group = User.get(User.email == "group@example.com")
        board = User.get(User.email == "board@example.com")
        winner = Candidate.get(Candidate.candidate_id == passed_c[0])
        stored = {
            "original_name": "r.pdf",
            "stored_name": "r" * 32,
            "size": 1,
            "sha256": "0" * 64,
            "content_type": "application/pdf",
        }
        stages.upload_report(
            User.by_email("c0@example.com"),
            winner,
            stored,
            12,
            2,
            _elements(12, 5, 4),
            today=TODAY - datetime.timedelta(days=30),
        )
        stages.assign_stage_assessor(group, winner, first, "propose")  # the Group proposes
        with pytest.raises(services.CertificationError, match="not assigned"):  # not appointed yet
            stages.record_stage_mark(first, winner, "report", 70, "x", joint=True)
        with pytest.raises(services.CertificationError, match="Only the Board"):
            stages.assign_stage_assessor(group, winner, first)
        appointed = stages.assign_stage_assessor(board, winner, first)  # the Board appoints
        assert (appointed.proposed_by_id, appointed.appointed_by_id) == (group.id, board.id)
        with pytest.raises(services.CertificationError, match="two assessors"):
            stages.record_stage_mark(first, winner, "report", 70, "x", joint=True)
        stages.assign_stage_assessor(board, winner, second)
        held = datetime.datetime.combine(TODAY - datetime.timedelta(days=15), datetime.time(10))
        stages.schedule_interview(group, winner, held, 90, "БАУП")
        with pytest.raises(services.CertificationError, match="jointly"):
            stages.record_stage_mark(first, winner, "report", 70)
        stages.record_stage_mark(first, winner, "report", 70, "Добре структуриран.", joint=True)
        assert stages.report_mark_for_candidate(winner, now=held) is None  # not before the interview is over
        assert stages.report_mark_for_candidate(winner).value == 70
        with pytest.raises(services.CertificationError, match="come first"):
            stages.hand_in(first, winner, True, "Матрица", "Причини")
        stages.record_stage_mark(first, winner, "interview", 75)
        with pytest.raises(services.CertificationError, match="Each assessor marks the interview first"):
            stages.record_stage_mark(first, winner, "interview", 77, "Рано.", joint=True)
        stages.record_stage_mark(second, winner, "interview", 80)
        stages.record_stage_mark(second, winner, "interview", 78, "Убедителен.", joint=True)
        stages.hand_in(first, winner, True, "Матрица на компетенциите", "Отговаря на изискванията.")
        # the written exam 40 days ago, marked 38 days ago; the report's joint mark 20 days ago, the
        # interview's (held 15 days ago) 14 days ago: the last marking
        exam = Seat.get(Seat.candidate == winner).session
        exam.__class__.update(
            starts_at=datetime.datetime.combine(TODAY - datetime.timedelta(days=40), datetime.time(9))
        ).where(exam.__class__.id == exam.id).execute()
        Seat.update(
            final_at=datetime.datetime.combine(TODAY - datetime.timedelta(days=38), datetime.time(9))
        ).where(Seat.session == exam.id).execute()
        marked = TODAY - datetime.timedelta(days=14)
        for stage, day in (("report", TODAY - datetime.timedelta(days=20)), ("interview", marked)):
            StageMark.update(entered_at=datetime.datetime.combine(day, datetime.time(9))).where(
                (StageMark.stage == stage) & StageMark.joint
            ).execute()
        with pytest.raises(services.CertificationError, match="hand in"):
            certificates.report_to_board(group, winner, TODAY)
        stages.hand_in(second, winner, True, "Матрица на компетенциите", "Отговаря на изискванията.")
        with pytest.raises(services.CertificationError, match="two weeks"):  # 13 days from the marking
            certificates.report_to_board(group, winner, TODAY - datetime.timedelta(days=1))
        certificates.report_to_board(group, winner, TODAY)
        with pytest.raises(services.CertificationError, match="may not"):
            stages.publish_final(board, winner)
        stages.publish_final(group, winner)
        winner = Candidate.get_by_id(winner.id)
        with pytest.raises(services.CertificationError, match="two weeks"):
            certificates.issue(board, winner, marked + datetime.timedelta(days=13), "Председател", "Оценител")
        earlier = _earlier_level_d_certificate(winner.application)
        issued = certificates.issue(board, winner, TODAY, "Председател", "Оценител")
        assert issued.level == "C" and issued.number.startswith("BAUP-C-")
        # 004 (certificate contents) ал.1 т.8: the C names the D it replaces, whose history says so
        assert (issued.replaces_number, issued.replaces_date) == (earlier.number, earlier.issued_on)
        assert [e.note for e in earlier.events if e.kind == "replaced"] == [issued.number]
    register_page = client.get(f"/certificates/{issued.number}").text
    assert "Replaces" in register_page and earlier.number in register_page
    assert issued.number in client.get(f"/certificates/{earlier.number}").text  # "Replaced by"
    with app.test_request_context():
        pdf = certificates.certificate_pdf(Certificate.get_by_id(issued.id), "en", "https://example.test/v/x")
    from pypdf import PdfReader

    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    issued_on = format_day(earlier.issued_on, "long", locale_for("en"))
    printed = f"Replaces certificate: {earlier.number}, {issued_on}"
    assert printed in " ".join(text.split())
    log_in(client, app, "st1@example.com", password_set=True)
    page = client.get("/certification/assessing").text
    assert (
        passed_c[0] in page
        and "Примерна" not in page
        and "@example.com" not in page.replace("st1@example.com", "")
    )
    assert issued.number in client.get("/certificates/?level=C").text
    final = client.get("/certification/results/final").text
    assert "Примерна" not in final and "withheld" in final
    # A cohort of one (published alone): no row, no recommendation, no mark (disclosure control).
    assert passed_c[0] not in final and "78.0" not in final


def test_the_competence_elements_are_labelled_a_stand_in_and_replaceable(app, client, passed_c, tmp_path):
    """The shipped IPMA ICB 3.0 list stands in for BAUP's National Competence Requirements (not in
    the sources): the candidate's and the assessors' pages say so; COMPETENCE_ELEMENTS_FILE replaces
    the list (the report form offers its elements, the note no longer claims the stand-in), and a
    malformed file is refused with the line at fault."""
    note = "IPMA ICB 3.0 elements used in place of BAUP's National Competence Requirements"
    with app.app_context():
        winner = Candidate.get(Candidate.candidate_id == passed_c[0])
        assert stages.competences_stand_in() and len(stages.competence_elements()) == 46
    url = f"/certification/applications/{winner.application_id}"
    log_in(client, app, "c0@example.com")
    assert note in client.get(url).text
    log_in(client, app, "mk1@example.com", password_set=True)
    assert note in client.get("/certification/assessing").text

    own = tmp_path / "baup.csv"
    own.write_text(
        "code,group,name_en,name_bg\nN1,technical,Scope,Обхват\nN2,behavioural,Ethics,Етика\n",
        encoding="utf-8",
    )
    app.config["COMPETENCE_ELEMENTS_FILE"] = str(own)
    with app.app_context():
        assert not stages.competences_stand_in()
        assert [e["code"] for e in stages.competence_elements()] == ["N1", "N2"]
    log_in(client, app, "c0@example.com")
    page = client.get(url).text
    assert note not in page and 'value="N1"' in page and 'value="1.01"' not in page
    bad = tmp_path / "bad.csv"
    bad.write_text("code,group,name_en,name_bg\nN1,technical,Scope,Обхват\nN1,other,X,Х\n", encoding="utf-8")
    app.config["COMPETENCE_ELEMENTS_FILE"] = str(bad)
    with app.app_context(), pytest.raises(ValueError, match="bad.csv:3"):
        stages.competence_elements()
