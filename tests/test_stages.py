"""BAUP certification, levels C and B after the written exam (004): the report (at least 10 days
before the interview; competence elements against the minima; guidance on length) and the interview
(length and breaks)."""

import datetime
import io

import pytest

from certification import exams, services, stages
from certification.models import Candidate, CertApplication, Interview, Seat
from portal.accounts import User
from tests.test_certification import (  # noqa: F401 - autouse fixture
    _complete_application,
    _english,
    appoint_entry,
    log_in,
)

TODAY = datetime.date.today()
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def passed_c(app, client, make_user):
    """Two level-C candidates sat a published exam; the first passed (72.5), the second did not."""
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
            services.decide_admission(
                application, board, application.version, True, TODAY - datetime.timedelta(days=30)
            )
            ids.append(Candidate.get(Candidate.application == application).candidate_id)
    markers = [make_user("assessor", f"mk{n}@example.com") for n in (1, 2)]
    with app.app_context():
        group = User.get(User.email == "group@example.com")
        day = datetime.datetime.combine(TODAY - datetime.timedelta(days=5), datetime.time(9))
        session = exams.schedule_session(group, "C", day, "София")
        for candidate_id in ids:
            exams.seat_candidate(group, session, candidate_id)
        seats = list(session.seats.order_by(Seat.id))
        exams.file_protocol(group, session, {s.id: (True, 0, False) for s in seats})
        for seat, marks in zip(seats, ((70, 75), (40, 45)), strict=True):
            for marker, value in zip(markers, marks, strict=True):
                exams.assign_assessor(board, seat, marker)
                exams.enter_mark(marker, Seat.get_by_id(seat.id), value)
        exams.publish(group, session.__class__.get_by_id(session.id))
    return ids


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
    a recommendation, and the Board certifies two weeks after the interview; the certificate
    replaces nothing and is in the public register."""
    from certification import certificates

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
        with pytest.raises(services.CertificationError, match="not finished"):
            certificates.report_to_board(group, winner, TODAY)
        stages.hand_in(second, winner, True, "Матрица на компетенциите", "Отговаря на изискванията.")
        certificates.report_to_board(group, winner, TODAY)
        with pytest.raises(services.CertificationError, match="may not"):
            stages.publish_final(board, winner)
        stages.publish_final(group, winner)
        winner = Candidate.get_by_id(winner.id)
        with pytest.raises(services.CertificationError, match="two weeks"):
            certificates.issue(
                board, winner, held.date() + datetime.timedelta(days=13), "Председател", "Оценител"
            )
        issued = certificates.issue(board, winner, TODAY, "Председател", "Оценител")
        assert issued.level == "C" and issued.number.startswith("BAUP-C-")
    log_in(client, app, "st1@example.com", password_set=True)
    page = client.get("/certification/assessing").text
    assert (
        passed_c[0] in page
        and "Примерна" not in page
        and "@example.com" not in page.replace("st1@example.com", "")
    )
    assert issued.number in client.get("/certificates/?level=C").text
    final = client.get("/certification/results/final").text
    assert passed_c[0] in final and "Примерна" not in final
    assert "78.0" not in final  # one published result: no mark may be shown (disclosure control)
