"""BAUP certification (004), the written exam's rules read strictly (issue 10): no exam for fewer than
two candidates let in (the one let in moves to a later date); the 1-year window and the certification
fee for every stage; cheating reported by the invigilator and decided by the Board, the ban counted
from the exam's day; marks known two weeks before the next stage; a mistyped ID or number answered
with a message; one precision and one rounding of the marks, shown and compared alike."""

import datetime
import random

import pytest

from certification import exams, rules, services, stages
from certification.candidate_ids import new_candidate_id
from certification.models import (
    AdmissionDecision,
    Ban,
    Candidate,
    CertApplication,
    CertAttachment,
    CertEvent,
    ExamSession,
    Interview,
    Mark,
    Seat,
)
from portal.accounts import User
from portal.formats import format_day
from tests.test_certification import (  # noqa: F401 - _english: an autouse fixture
    TODAY,
    _admitted,
    _english,
    log_in,
    synthetic_egn,
    the_board,
)
from tests.test_stages import two_level_c_candidates

DAY = datetime.timedelta(days=1)


@pytest.fixture
def passed_c(app, client, make_user):
    """Two level-C candidates of an exam published 45 days ago, the first passed (test_stages')."""
    return two_level_c_candidates(app, client, make_user)


def _session(app, client, make_user, count, day=TODAY, level="D"):
    """A session on `day` with `count` admitted candidates seated; returns (session, their IDs)."""
    ids = _admitted(app, client, make_user, count, level=level, decided_on=day - 10 * DAY)
    with app.app_context():
        group = User.get(User.email == "group@example.com")
        session = exams.schedule_session(
            group, level, datetime.datetime.combine(day, datetime.time(9)), "Шумен"
        )
        for candidate_id in ids:
            exams.seat_candidate(group, session, candidate_id)
    return session, ids


def _shown(app, day):
    """A date as the pages show it (the site's language is English in these tests)."""
    with app.test_request_context():
        return format_day(day)


def _seats(session):
    return list(Seat.select().where(Seat.session == session).order_by(Seat.id))


# --- 004 (written exam) ал.13: no exam for fewer than two candidates let in ------------------------


@pytest.mark.parametrize(
    ("attendance", "held"),
    [
        ([(True, 0), (False, 0), (True, 11)], False),  # one let in: one absent, one 11 minutes late
        ([(True, 0), (True, 10), (False, 0)], True),  # two let in (10 minutes late is let in)
        ([(False, 0), (False, 0), (False, 0)], False),
    ],
)
def test_the_exam_is_held_only_for_two_candidates_let_in(app, client, make_user, attendance, held):
    """session_may_be_held counts those present and let in, not those seated: with one, the exam is
    not held, nobody is marked or failed, and the one let in moves to a later date (an event)."""
    session, ids = _session(app, client, make_user, 3)
    with app.app_context():
        group = User.get(User.email == "group@example.com")
        seats = _seats(session)
        exams.file_protocol(
            group,
            session,
            {s.id: (p, late, False, "") for s, (p, late) in zip(seats, attendance, strict=True)},
        )
        session = ExamSession.get_by_id(session.id)
        assert session.not_held is (not held) and session.protocol_filed_at is not None
        moved = CertEvent.select().where(CertEvent.action == "moved")
        assert moved.count() == (0 if held else sum(p and late <= 10 for p, late in attendance))
        assert all(c.annulled_on is None for c in Candidate.select())  # admission kept
    log_in(client, app, "group@example.com")
    page = client.get(f"/certification/sessions/{session.id}").text
    assert ('id="not-held"' in page) is (not held)
    if held:
        return
    assert ids[0] in page and _shown(app, rules.may_sit_until(TODAY - 10 * DAY)) in page
    with app.app_context():
        group = User.get(User.email == "group@example.com")
        session = ExamSession.get_by_id(session.id)
        with pytest.raises(services.CertificationError, match="not held"):
            exams.publish(group, session)
        with pytest.raises(services.CertificationError, match="not held"):
            exams.file_protocol(group, session, {})
        marker = make_user("assessor", "nobody-marks@example.com")
        exams.assign_assessor(the_board(), _seats(session)[0], marker)
        assert exams.seats_for_assessor(marker) == []
        with pytest.raises(services.CertificationError, match="not marked"):
            exams.enter_mark(marker, _seats(session)[0], "70")
        assert Mark.select().count() == 0
        # The one let in is seated in a later session, within the admission's year.
        later = exams.schedule_session(
            group, "D", datetime.datetime.combine(TODAY + 30 * DAY, datetime.time(9)), "Шумен"
        )
        assert exams.seat_candidate(group, later, ids[0]).candidate.candidate_id == ids[0]


def test_a_lone_seated_candidate_is_moved_not_failed(app, client, make_user):
    """One seated and present: the protocol records the exam as not held, and the candidate moves."""
    session, ids = _session(app, client, make_user, 1)
    log_in(client, app, "group@example.com")
    url = f"/certification/sessions/{session.id}"
    assert 'id="too-few"' in client.get(url).text
    with app.app_context():
        seat = _seats(session)[0]
    garbled = client.post(f"{url}/protocol", data={f"present-{seat.id}": "yes", f"late-{seat.id}": "5 мин"})
    assert garbled.status_code == 422 and f"Minutes late for {ids[0]}" in garbled.text
    with app.app_context():
        assert ExamSession.get_by_id(session.id).protocol_filed_at is None
    response = client.post(f"{url}/protocol", data={f"present-{seat.id}": "yes", f"late-{seat.id}": "0"})
    assert response.status_code == 303
    page = client.get(url).text
    assert 'id="not-held"' in page and ids[0] in page
    with app.app_context():
        assert ExamSession.get_by_id(session.id).not_held
        assert Seat.get_by_id(seat.id).final_mark is None
        event = CertEvent.get(CertEvent.action == "moved")
        assert event.on_date == TODAY and event.application_id == seat.candidate.application_id


@pytest.mark.parametrize(("filed_on", "allowed"), [(TODAY - DAY, False), (TODAY, True), (TODAY + DAY, True)])
def test_the_protocol_is_filed_from_the_exam_day(app, client, make_user, filed_on, allowed):
    """The invigilator's protocol records what happened: not before the exam's day."""
    session, _ids = _session(app, client, make_user, 2)
    with app.app_context():
        group = User.get(User.email == "group@example.com")
        attendance = {s.id: (True, 0, False, "") for s in _seats(session)}
        if allowed:
            exams.file_protocol(group, session, attendance, today=filed_on)
        else:
            with pytest.raises(services.CertificationError, match="on or after the day"):
                exams.file_protocol(group, session, attendance, today=filed_on)
        assert (ExamSession.get_by_id(session.id).protocol_filed_at is not None) is allowed


# --- 004 (certification fee) ал.3, ал.4, ал.6: the year and the fee, for every stage -------------


@pytest.mark.parametrize(("offset", "allowed"), [(-1, True), (0, True), (1, False)])
def test_the_year_from_admission_bounds_the_exam_and_the_interview(
    app, client, make_user, passed_c, offset, allowed
):
    """refuse_unless_may_take_stage, for the exam seating and the interview alike: the last day is
    the same date a year after the admission decision (rules.may_sit_until)."""
    with app.app_context():
        group = User.get(User.email == "group@example.com")
        winner = Candidate.get(Candidate.candidate_id == passed_c[0])
        day = rules.may_sit_until(winner.admitted_on) + offset * DAY
        starts = datetime.datetime.combine(day, datetime.time(10))
        session = exams.schedule_session(group, "C", starts, "Велико Търново")
        if allowed:
            exams.seat_candidate(group, session, passed_c[0])
            stages.schedule_interview(group, winner, starts, 60, "БАУП")
        else:
            for step in (
                lambda: exams.seat_candidate(group, session, passed_c[0]),
                lambda: stages.schedule_interview(group, winner, starts, 60, "БАУП"),
            ):
                with pytest.raises(services.CertificationError, match="admission has lapsed"):
                    step()
        assert Seat.select().where(Seat.session == session).exists() is allowed
        assert Interview.select().where(Interview.candidate == winner).exists() is allowed


def test_no_stage_without_the_notice_day_or_past_the_fee_deadline(app, client, make_user, passed_c):
    """The fee's deadline counts from the day the notice was received: without that day recorded the
    exam and the interview are refused, not let through; past the deadline (the earlier of 3 months
    from the notice and one month before the stage) they are refused with the day; on it, allowed."""
    with app.app_context():
        group = User.get(User.email == "group@example.com")
        winner = Candidate.get(Candidate.candidate_id == passed_c[0])
        CertAttachment.delete().where(
            (CertAttachment.application == winner.application)
            & (CertAttachment.purpose == "certification_fee")
        ).execute()
        starts = datetime.datetime.combine(TODAY + 60 * DAY, datetime.time(10))
        session = exams.schedule_session(group, "C", starts, "Габрово")
        decision = AdmissionDecision.get(AdmissionDecision.application == winner.application)
        notified_on = decision.notified_on
        AdmissionDecision.update(notified_on=None).where(AdmissionDecision.id == decision.id).execute()
        with pytest.raises(services.CertificationError, match="notice is not recorded"):
            exams.seat_candidate(group, session, passed_c[0])
        with pytest.raises(services.CertificationError, match="notice is not recorded"):
            stages.schedule_interview(group, winner, starts, 60, "БАУП")
        AdmissionDecision.update(notified_on=notified_on).where(AdmissionDecision.id == decision.id).execute()
        due = rules.certification_fee_due(notified_on, starts.date())
        with pytest.raises(services.CertificationError, match=format_day(due)):
            stages.schedule_interview(group, winner, starts, 60, "БАУП", today=due + DAY)
        assert not Interview.select().exists() and not Seat.select().where(Seat.session == session).exists()
        stages.schedule_interview(group, winner, starts, 60, "БАУП", today=due)
        assert Interview.get(Interview.candidate == winner).starts_at == starts


# --- 004 (marking of the written exam) ал.8: marks known two weeks before the next stage --------


@pytest.mark.parametrize(("days", "allowed"), [(13, False), (14, True)])
def test_a_c_candidates_interview_waits_two_weeks_after_the_marks(
    app, client, make_user, passed_c, days, allowed
):
    """The interview of a level-C candidate is refused before the exam's marks have been known 14
    days, with the first day allowed (rules.next_stage_allowed_from)."""
    with app.app_context():
        group = User.get(User.email == "group@example.com")
        winner = Candidate.get(Candidate.candidate_id == passed_c[0])
        published_on = TODAY + DAY
        ExamSession.update(published_on=published_on).execute()
        starts = datetime.datetime.combine(published_on + days * DAY, datetime.time(10))
        if allowed:
            stages.schedule_interview(group, winner, starts, 60, "БАУП")
        else:
            first = format_day(published_on + 14 * DAY)
            with pytest.raises(services.CertificationError, match=f"may be held from {first}"):
                stages.schedule_interview(group, winner, starts, 60, "БАУП")
        assert Interview.select().exists() is allowed
        application_id = winner.application_id
    log_in(client, app, "group@example.com")
    page = client.get(f"/certification/applications/{application_id}").text
    assert 'id="interview-window"' in page and _shown(app, published_on + 14 * DAY) in page


@pytest.mark.parametrize(("published", "allowed"), [(TODAY + DAY, False), (TODAY, True)])
def test_publishing_too_late_for_the_next_stage_is_refused(app, client, make_user, published, allowed):
    """A next stage set 14 days from today: publishing today keeps the two weeks; a day later not."""
    session, _ids = _session(app, client, make_user, 3)
    marker = make_user("assessor", "pub@example.com")
    with app.app_context():
        group = User.get(User.email == "group@example.com")
        exams.file_protocol(group, session, {s.id: (True, 0, False, "") for s in _seats(session)})
        exams.set_next_stage(group, ExamSession.get_by_id(session.id), (TODAY + 14 * DAY).isoformat())
        for seat, value in zip(_seats(session), (70, 80, 90), strict=True):
            exams.assign_assessor(the_board(), seat, marker)
            exams.enter_mark(marker, seat, value)
        if allowed:
            exams.publish(group, ExamSession.get_by_id(session.id), published)
        else:
            with pytest.raises(services.CertificationError, match="two weeks"):
                exams.publish(group, ExamSession.get_by_id(session.id), published)
        assert (ExamSession.get_by_id(session.id).published_on is not None) is allowed


# --- 004 (written exam) ал.10 т.5 and ал.11: cheating, reported, decided by the Board ------------


def _reported(app, client, make_user, exam_day):
    """A session on `exam_day` whose protocol reports the first of three candidates for cheating."""
    session, ids = _session(app, client, make_user, 3, day=exam_day)
    with app.app_context():
        group = User.get(User.email == "group@example.com")
        seats = _seats(session)
        attendance = {s.id: (True, 0, False, "") for s in seats}
        attendance[seats[0].id] = (True, 0, True, "Ползваше телефон по време на изпита.")
        exams.file_protocol(group, session, attendance, today=exam_day)
    return session, ids, seats[0].id


def test_the_invigilator_reports_and_nothing_is_decided_until_the_board_does(app, client, make_user):
    """The protocol records the suspicion with a description and informs the Board: the candidate is
    not annulled or banned yet, the paper not marked, the results not published; the Group cannot
    decide; the Board sees the case on its list and on the application's page."""
    session, ids, seat_id = _reported(app, client, make_user, TODAY)
    marker = make_user("assessor", "cheat-marker@example.com")
    with app.app_context():
        group = User.get(User.email == "group@example.com")
        seat = Seat.get_by_id(seat_id)
        assert seat.cheating and seat.cheating_note.startswith("Ползваше") and seat.cheating_upheld is None
        assert Candidate.get(Candidate.candidate_id == ids[0]).annulled_on is None
        assert Ban.select().count() == 0
        assert CertEvent.get(CertEvent.action == "cheating_reported").on_date == TODAY
        exams.assign_assessor(the_board(), seat, marker)
        assert seat_id not in [s.id for s in exams.seats_for_assessor(marker)]
        with pytest.raises(services.CertificationError, match="not marked"):
            exams.enter_mark(marker, seat, "90")
        for other in _seats(session)[1:]:
            exams.assign_assessor(the_board(), other, marker)
            exams.enter_mark(marker, other, "75")
        with pytest.raises(services.CertificationError, match="has not decided"):
            exams.publish(group, ExamSession.get_by_id(session.id))
        with pytest.raises(services.CertificationError, match="may not"):
            exams.decide_cheating(group, seat, True, "Доказано.", True)
        application_id = seat.candidate.application_id
    make_user("board", "board2@example.com")
    log_in(client, app, "board2@example.com", password_set=True)
    listing = client.get("/certification/applications/").text
    assert 'id="cheating-reports"' in listing
    page = client.get(f"/certification/applications/{application_id}").text
    assert f'id="cheating-form-{seat_id}"' in page and "Ползваше телефон" in page


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"upheld": "yes", "reasons": "", "confirm": "yes"}, "Give the reasons"),
        ({"upheld": "yes", "reasons": "Доказано от квестора.", "confirm": ""}, "Tick the box"),
    ],
)
def test_the_boards_decision_needs_reasons_and_a_confirmation(app, client, make_user, data, error):
    """Without JavaScript the confirmation is a box to tick, and the reasons are required: a refusal
    is shown on the page and nothing is written."""
    _session_, _ids, seat_id = _reported(app, client, make_user, TODAY)
    make_user("board", "board2@example.com")
    with app.app_context():
        application_id = Seat.get_by_id(seat_id).candidate.application_id
    log_in(client, app, "board2@example.com", password_set=True)
    response = client.post(f"/certification/applications/{application_id}/cheating/{seat_id}", data=data)
    assert response.status_code == 422 and error in response.text
    with app.app_context():
        assert Seat.get_by_id(seat_id).cheating_decided_on is None
        assert (
            Ban.select().count() == 0
            and Candidate.select().where(Candidate.annulled_on.is_null(False)).count() == 0
        )


@pytest.mark.parametrize("days_ago", [0, 10])
def test_proven_cheating_annuls_and_bans_for_three_years_from_the_exam_day(app, client, make_user, days_ago):
    """The Board decides on a later day than the exam: the procedure is annulled on the decision's
    day, and the 3-year ban runs from the exam's day (the violation): barred on its last day, free
    the day after, whatever day the Board decided."""
    exam_day = TODAY - days_ago * DAY
    _session_, ids, seat_id = _reported(app, client, make_user, exam_day)
    make_user("board", "board2@example.com")
    with app.app_context():
        application_id = Seat.get_by_id(seat_id).candidate.application_id
    log_in(client, app, "board2@example.com", password_set=True)
    response = client.post(
        f"/certification/applications/{application_id}/cheating/{seat_id}",
        data={"upheld": "yes", "reasons": "Доказано от квестора и от телефона.", "confirm": "yes"},
    )
    assert response.status_code == 303
    last_day = rules.ban_ends(exam_day)
    with app.app_context():
        seat = Seat.get_by_id(seat_id)
        assert seat.cheating_upheld is True and seat.cheating_decided_on == TODAY
        assert Candidate.get(Candidate.candidate_id == ids[0]).annulled_on == TODAY
        ban = Ban.get()
        assert ban.ground == "cheating" and ban.decided_on == exam_day
        person = CertApplication.get_by_id(application_id).personal_number
        assert services.banned_until(person, today=exam_day) == last_day
        assert services.banned_until(person, today=last_day) == last_day
        assert services.banned_until(person, today=last_day + DAY) is None
        with pytest.raises(services.CertificationError, match="has decided"):
            exams.decide_cheating(User.get(User.email == "board2@example.com"), seat, False, "Не.", True)
    page = client.get(f"/certification/applications/{application_id}").text
    assert f'id="cheating-decision-{seat_id}"' in page and _shown(app, last_day) in page


def test_cheating_not_proven_the_paper_is_marked_and_published(app, client, make_user):
    """The Board finds it not proven: no annulment, no ban; the paper is marked like the others and
    the session is published."""
    session, ids, seat_id = _reported(app, client, make_user, TODAY)
    board = make_user("board", "board2@example.com")
    marker = make_user("assessor", "clear@example.com")
    with app.app_context():
        group = User.get(User.email == "group@example.com")
        stale = Seat.get_by_id(seat_id)  # another member of the Board has the page open too
        exams.decide_cheating(board, Seat.get_by_id(seat_id), False, "Телефонът е бил изключен.", True)
        with pytest.raises(services.CertificationError, match="has decided"):
            exams.decide_cheating(board, stale, True, "Доказано.", True)
        assert Seat.get_by_id(seat_id).cheating_upheld is False
        assert (
            Ban.select().count() == 0 and Candidate.get(Candidate.candidate_id == ids[0]).annulled_on is None
        )
        assert CertEvent.get(CertEvent.action == "cheating_not_proven").note.startswith("Телефонът")
        for seat, value in zip(_seats(session), (66, 75, 80), strict=True):
            exams.assign_assessor(the_board(), seat, marker)
            exams.enter_mark(marker, seat, str(value))
        exams.publish(group, ExamSession.get_by_id(session.id))
        assert (ids[0], True) in [
            (cid, ok) for cid, ok, _mark in exams.public_results(ExamSession.get_by_id(session.id))["rows"]
        ]


@pytest.mark.parametrize(
    ("entry", "error"),
    [
        ((True, 0, True, ""), "Describe what the invigilator saw"),
        ((False, 0, True, "Подсказваше."), "only a candidate present"),
        ((True, "десет", False, ""), "Minutes late"),
        ((True, -1, False, ""), "Minutes late"),
    ],
)
def test_a_protocol_line_refused_writes_nothing(app, client, make_user, entry, error):
    """A report without its description, about an absent candidate, or minutes late that are not a
    whole number from 0: refused, naming the candidate's ID, and no seat is written."""
    session, ids = _session(app, client, make_user, 2)
    with app.app_context():
        group = User.get(User.email == "group@example.com")
        seats = _seats(session)
        attendance = {seats[0].id: entry, seats[1].id: (True, 0, False, "")}
        with pytest.raises(services.CertificationError, match=error) as refused:
            exams.file_protocol(group, session, attendance)
        assert ids[0] in str(refused.value.message)
        assert all(s.present is None and not s.cheating for s in _seats(session))
        assert ExamSession.get_by_id(session.id).protocol_filed_at is None


# --- Staff forms: a mistyped ID or number gets a message, never a 500 ----------------------------


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("garbage", "This is not a candidate ID"),
        ("", "This is not a candidate ID"),
        ("K7QX-M3PD-W9", "This is not a candidate ID"),  # one symbol short
        # Seeded: every pytest-xdist worker must collect the same test ids.
        (new_candidate_id(random.Random(436)), "There is no candidate with this ID"),  # well formed, nobody's
        ("'; DROP TABLE cert_seat; --", "This is not a candidate ID"),
    ],
)
def test_seating_a_mistyped_id_is_a_message(app, client, make_user, typed, message):
    """exams.candidate_by_id: a malformed ID and an unknown one are each told, with a 422, no seat."""
    session, _ids = _session(app, client, make_user, 2)
    log_in(client, app, "group@example.com")
    response = client.post(f"/certification/sessions/{session.id}/seats", data={"candidate_id": typed})
    assert response.status_code == 422 and message in response.text
    with app.app_context():
        assert Seat.select().count() == 2


def test_every_staff_form_answers_garbage_with_a_message(app, client, make_user, passed_c):
    """Garbage in each staff form of the certification pages that parses an ID, a number or a date:
    a 4xx page with a message, never a 500, and nothing written."""
    with app.app_context():
        winner = Candidate.get(Candidate.candidate_id == passed_c[0])
        application_id, session_id = winner.application_id, Seat.get(Seat.candidate == winner).session_id
    log_in(client, app, "group@example.com")
    session_url = f"/certification/sessions/{session_id}"
    for path, data, message in [
        ("/seats", {"candidate_id": "xyz"}, "This is not a candidate ID"),
        ("/next-stage", {"next_stage_on": "31.02.2026"}, "Enter the date of the next stage"),
        ("/assessors", {"seat": "первия", "assessor": "x"}, "Choose a seat"),
    ]:
        response = client.post(session_url + path, data=data)
        assert response.status_code == 422 and message in response.text, data
    # One route per step: there is no unknown step to fall through (issue 14).
    assert client.post(session_url, data={"action": "bogus"}).status_code == 405
    application_url = f"/certification/applications/{application_id}"
    for path, data, message in [
        (
            "/interview",
            {"starts_at": "утре", "conversation_minutes": "60", "place": "БАУП"},
            "Enter the date",
        ),
        (
            "/interview",
            {"starts_at": f"{TODAY + 20 * DAY}T10:00", "conversation_minutes": "много", "place": "x"},
            "60 minutes",
        ),
        ("/board-report", {"on_date": "вчера"}, "Enter the date of the decision"),
        ("/stage-assessor", {"assessor": "един", "step": "propose"}, "Choose an assessor"),
        ("/review", {"version": "нула", "outcome": "complete"}, "This step cannot be taken now"),
    ]:
        response = client.post(application_url + path, data=data)
        assert response.status_code == 422 and message in response.text, (path, data)
    with app.app_context():
        assert not Interview.select().exists()
        assert Candidate.get_by_id(winner.id).reported_on is None


# --- One precision, one rounding (the site's choice; 004 sets none) ----------------------------


def test_a_mark_with_more_decimals_than_the_precision_is_refused_and_the_page_says_it(app, client, make_user):
    """MARK_DECIMALS = 1: 79.9 is saved, 79.95 refused with the reason; the grid's inputs step by
    0.1 and the page states the precision as the site's choice."""
    session, _ids = _session(app, client, make_user, 2)
    marker = make_user("assessor", "precise@example.com")
    with app.app_context():
        group = User.get(User.email == "group@example.com")
        exams.file_protocol(group, session, {s.id: (True, 0, False, "") for s in _seats(session)})
        seat = _seats(session)[0]
        exams.assign_assessor(the_board(), seat, marker)
    log_in(client, app, "precise@example.com", password_set=True)
    grid = client.get("/certification/marking").text
    assert 'step="0.1"' in grid and 'step="0.5"' not in grid and 'id="mark-precision"' in grid
    refused = client.post(f"/certification/marking/{seat.id}", data={"mark": "79.95"})
    assert refused.status_code == 422 and "at most 1 decimal" in refused.text
    with app.app_context():
        assert not Mark.select().exists()
    for garbage in ("седемдесет", "NaN", "Infinity", "-1", ""):
        response = client.post(f"/certification/marking/{seat.id}", data={"mark": garbage})
        assert response.status_code == 422 and "A mark is a number from 0 to 100" in response.text, garbage
    assert client.post(f"/certification/marking/{seat.id}", data={"mark": "79,9"}).status_code == 200
    with app.app_context():
        assert Mark.get().value == 79.9 and Seat.get_by_id(seat.id).final_mark == 79.9


def test_the_final_mark_shown_and_the_pass_decision_never_disagree(app, client, make_user):
    """59.95 (the mean of 59.9 and 60.0) is stored, shown and passed as 60.0; a stored mark of 59.949
    (a mark from before the precision) is 59.9 and fails: on the Group's page, in the published
    results and in the candidate's own result."""
    session, ids = _session(app, client, make_user, 3)
    first, second = make_user("assessor", "r1@example.com"), make_user("assessor", "r2@example.com")
    with app.app_context():
        group = User.get(User.email == "group@example.com")
        exams.file_protocol(group, session, {s.id: (True, 0, False, "") for s in _seats(session)})
        seats = _seats(session)
        for seat in seats:
            exams.assign_assessor(the_board(), seat, first)
            exams.assign_assessor(the_board(), seat, second)
        exams.enter_mark(first, seats[0], "59.9")
        exams.enter_mark(second, seats[0], "60.0")
        Mark.create(seat=seats[1], assessor=first, value=59.949)  # stored before the precision
        Mark.create(seat=seats[1], assessor=second, value=59.949)
        exams._settle(seats[1])
        exams.enter_mark(first, seats[2], "80")
        exams.enter_mark(second, seats[2], "85")
        assert [Seat.get_by_id(s.id).final_mark for s in seats] == [60.0, 59.9, 82.5]
        exams.publish(group, ExamSession.get_by_id(session.id))
        # One of three failed: disclosure control withholds every row; each candidate reads their own.
        assert exams.public_results(ExamSession.get_by_id(session.id))["rows"] == []
        mine = exams.result_of(Seat.get_by_id(seats[0].id))
        theirs = exams.result_of(Seat.get_by_id(seats[1].id))
    assert (mine["status"], mine["mark"]) == ("passed", 60.0)
    assert (theirs["status"], theirs["mark"]) == ("failed", 59.9)
    log_in(client, app, "group@example.com")
    page = client.get(f"/certification/sessions/{session.id}").text
    assert "60.0" in page and "59.9" in page and "59.95" not in page and "59.949" not in page
    public = client.get(f"/certification/results/{session.id}").text
    assert "59.95" not in public and "60.1" not in public


def test_migration_015_rounds_the_final_marks_already_stored(app, client, make_user):
    """A final mark stored before the rounding (59.95, the mean of 59.9 and 60.0) becomes 60.0, the
    mark the pass decision is taken on; one already rounded is left as it is."""
    import importlib.util
    import pathlib

    from portal.db import database

    path = pathlib.Path(__file__).parent.parent / "migrations" / "015_exam_rules.py"
    spec = importlib.util.spec_from_file_location("migration_015", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    session, _ids = _session(app, client, make_user, 3)
    with app.app_context():
        seats = _seats(session)
        for seat, value in zip(seats, (59.95, 59.949, 72.5), strict=True):
            Seat.update(final_mark=value).where(Seat.id == seat.id).execute()
        migration._round_final_marks(database)
        assert [Seat.get_by_id(s.id).final_mark for s in seats] == [60.0, 59.9, 72.5]
