"""BAUP certification (004), issue 10: the Board appoints the assessors and the Group proposes; the
entry check by two assessors for C and B; the applicant's declarations; the hearing before an
application is declared void for misleading data; destructive steps confirmed with JavaScript off."""

import datetime

import pytest

from certification import appointments, certificates, exams, hearings, services
from certification.models import (
    ADMITTED,
    COMPLETE,
    DRAFT,
    VOID,
    WITHDRAWN,
    AdmissionDecision,
    AdmissionOpinion,
    Candidate,
    CertApplication,
    Certificate,
    EntryAssessor,
    Hearing,
    MarkAssignment,
    Seat,
)
from portal.accounts import User
from portal.mail import outbox
from tests.test_certificates import hand_in_all, mark_on
from tests.test_certification import (  # noqa: F401 - autouse fixture
    TODAY,
    _admitted,
    _complete_application,
    _english,
    _published,
    appoint_entry,
    log_in,
    register,
)


def _url(application):
    return f"/certification/applications/{application.id}"


@pytest.mark.parametrize("level", ["C", "B"])
def test_levels_c_and_b_need_two_appointed_assessors_and_d_none(app, client, make_user, level):
    """004 (refusal) ал.2 т.3, ал.4: at least two assessors for C and B; refusing for want of
    experience needs two who find it lacking; a split leaves the finding open."""
    application, _ = _complete_application(app, client, make_user, level=level)
    board = make_user("board", "board@example.com")
    first, second, third = (make_user("assessor", f"e{n}@example.com") for n in (1, 2, 3))
    with app.app_context():
        appoint_entry(application, first, second, third)
        services.record_opinion(application, first, True, "Има опит.")
        services.record_opinion(application, second, False, "Няма опит.")
        for admitted, grounds in ((True, []), (False, ["experience"])):  # a split: neither
            with pytest.raises(services.CertificationError, match="two appointed assessors"):
                services.decide_admission(
                    application, board, application.version, admitted, TODAY, grounds, "x"
                )
        assert not AdmissionDecision.select().exists()
        services.record_opinion(application, third, False, "Няма опит.")
        services.decide_admission(
            application, board, application.version, False, TODAY, ["experience"], "Малко."
        )
        assert CertApplication.get_by_id(application.id).state == "refused"


def test_level_d_is_admitted_without_assessors_and_has_no_entry_check(app, client, make_user):
    """004 (refusal) ал.4: level D is exempt; no assessor is appointed to check it."""
    application, _ = _complete_application(app, client, make_user, level="D")
    assessor = make_user("assessor", "e1@example.com")
    with app.app_context():
        with pytest.raises(services.CertificationError, match="Level D"):
            appoint_entry(application, assessor)
        board = User.get(User.email == "board@example.com")
        services.decide_admission(application, board, application.version, True, TODAY)
        assert CertApplication.get_by_id(application.id).state == ADMITTED


def test_the_group_proposes_and_the_board_appoints_on_the_application_page(app, client, make_user):
    """The pages: the Group's button proposes, the Board's appoints (who and when shown); only an
    appointed assessor sees the opinion form."""
    application, _ = _complete_application(app, client, make_user)
    board = make_user("board", "board@example.com")
    assessor = make_user("assessor", "e1@example.com")
    url = _url(application)
    log_in(client, app, "group@example.com", password_set=True)
    assert "Propose to the Board" in client.get(url).text
    sneaky = client.post(f"{url}/entry-assessor", data={"assessor": assessor.id, "step": "appoint"})
    assert sneaky.status_code == 422 and "Only the Board appoints" in sneaky.text
    assert (
        client.post(f"{url}/entry-assessor", data={"assessor": assessor.id, "step": "propose"}).status_code
        == 303
    )
    log_in(client, app, "e1@example.com", password_set=True)
    entry = f"/certification/assessing/entry/{application.id}"
    assert client.get(url).status_code == 404  # never the application itself
    proposed = client.get(entry)
    assert proposed.status_code == 200 and 'id="opinion-form"' not in proposed.text
    assert 'id="project-list"' not in proposed.text  # the experience only once appointed
    log_in(client, app, "board@example.com", password_set=True)
    page = client.get(url).text
    assert "proposed, not appointed yet" in page
    assert (
        client.post(f"{url}/entry-assessor", data={"assessor": assessor.id, "step": "appoint"}).status_code
        == 303
    )
    with app.app_context():
        row = EntryAssessor.get()
        assert (row.proposed_by.email, row.appointed_by_id) == ("group@example.com", board.id)
    log_in(client, app, "e1@example.com", password_set=True)
    assert 'id="opinion-form"' in client.get(entry).text
    recorded = client.post(f"{url}/opinion", data={"favourable": "yes", "text": "Има опит."})
    assert recorded.status_code == 303 and recorded.headers["Location"].endswith(entry)
    with app.app_context():
        assert AdmissionOpinion.get().assessor_id == assessor.id


def _sat(app, client, make_user):
    """Two level-D candidates present at a session today, and three assessors; returns (session,
    its seats, the Group, the Board, the assessors)."""
    ids = _admitted(app, client, make_user, 2)
    group = User.get(User.email == "group@example.com")
    board = User.get(User.email == "board@example.com")
    markers = [make_user("assessor", f"m{n}@example.com") for n in (1, 2, 3)]
    with app.app_context():
        session = exams.schedule_session(
            group, "D", datetime.datetime.combine(TODAY, datetime.time(9)), "Плевен"
        )
        for candidate_id in ids:
            exams.seat_candidate(group, session, candidate_id)
        seats = list(session.seats.order_by(Seat.id))
        exams.file_protocol(group, session, {s.id: (True, 0, False) for s in seats})
    return session, seats, group, board, markers


def test_the_board_appoints_more_than_two_markers_and_the_mean_of_all(app, client, make_user):
    """004 (marking) ал.1 "поне двама": a third marker is allowed; marks under 20 apart → the mean
    of the three. The Group's proposal marks nothing until the Board appoints it."""
    session, seats, group, board, markers = _sat(app, client, make_user)
    log_in(client, app, "group@example.com", password_set=True)
    url = f"/certification/sessions/{session.id}"
    proposed = client.post(
        f"{url}/assessors", data={"seat": seats[0].id, "assessor": markers[0].id, "step": "propose"}
    )
    assert proposed.status_code == 303
    with app.app_context():
        with pytest.raises(services.CertificationError, match="not assigned"):
            exams.enter_mark(markers[0], Seat.get_by_id(seats[0].id), 70)
    log_in(client, app, "board@example.com", password_set=True)
    assert "proposed, not appointed yet" in client.get(url).text
    for marker in markers:
        appointed = client.post(
            f"{url}/assessors", data={"seat": seats[0].id, "assessor": marker.id, "step": "appoint"}
        )
        assert appointed.status_code == 303
    with app.app_context():
        assert MarkAssignment.appointed().count() == 3
        assert MarkAssignment.get(MarkAssignment.assessor == markers[0]).proposed_by_id == group.id
        for marker, value in zip(markers, (60, 70, 79.5), strict=True):
            assert Seat.get_by_id(seats[0].id).final_mark is None  # waits for every appointed marker
            exams.enter_mark(marker, Seat.get_by_id(seats[0].id), value)
        assert (
            Seat.get_by_id(seats[0].id).final_mark == 69.8
        )  # the mean of all, rounded once (rules.round_mark)
        with pytest.raises(services.CertificationError, match="final mark is set"):
            exams.assign_assessor(
                board, Seat.get_by_id(seats[0].id), make_user("assessor", "late@example.com")
            )


def test_declarations_of_consent_accuracy_and_misuse_are_required(app, client):
    """004 (application) ал.2, ал.3 т.2 and (application documents) ал.1: without the consent, the
    accuracy and the misuse declarations the application is not complete."""
    register(client)
    with app.app_context():
        application = CertApplication.get()
        missing = application.missing()
        for name in ("consents_data", "data_accurate", "knows_misuse"):
            assert name in missing
    log_in(client, app, "candidate@example.com")
    page = client.get(_url(application)).text
    assert "consent" in page and "true, accurate and complete" in page and "misusing the certificate" in page
    saved = client.post(
        f"{_url(application)}/save",
        data={
            "version": "1",
            "language": "bg",
            "consents_data": "y",
            "data_accurate": "y",
            "knows_misuse": "y",
        },
    )
    assert saved.status_code == 303
    with app.app_context():
        application = CertApplication.get()
        assert application.consents_data and application.data_accurate and application.knows_misuse
        assert not {"consents_data", "data_accurate", "knows_misuse"} & set(application.missing())


def test_hearing_then_void_and_the_certificate_withdrawn(app, client, make_user):
    """004 (application documents) ал.4-5: the Group tells the applicant and sets the hearing (by
    e-mail); no void before the outcome; heard and confirmed → the Board declares the application
    void, confirmed and with reasons, and the certificate issued under it is withdrawn."""
    session, ids, marker = _published(app, client, make_user, day=TODAY - datetime.timedelta(days=20))
    mark_on(app, session, session.day)  # the Board decides two weeks from the marking
    hand_in_all(app, ids[:1], marker)
    group = User.get(User.email == "group@example.com")
    board = User.get(User.email == "board@example.com")
    with app.app_context():
        candidate = Candidate.get(Candidate.candidate_id == ids[0])
        certificates.report_to_board(group, candidate, TODAY)
        certificates.issue(
            board, Candidate.get_by_id(candidate.id), TODAY, "Председател Примерен", "Оценител"
        )
        application = CertApplication.get_by_id(candidate.application_id)
    url = _url(application)
    log_in(client, app, "group@example.com", password_set=True)
    past = client.post(
        f"{url}/hearing", data={"finding": "Невярна служебна бележка.", "hearing_on": TODAY.isoformat()}
    )
    assert past.status_code == 422 and "after today" in past.text
    day = TODAY + datetime.timedelta(days=7)
    told = client.post(
        f"{url}/hearing", data={"finding": "Невярна служебна бележка.", "hearing_on": day.isoformat()}
    )
    assert told.status_code == 303
    with app.app_context():
        mail = outbox()[-1]
    assert mail["To"] == application.email and "Невярна служебна бележка." in mail.get_content()
    early = client.post(
        f"{url}/hearing/outcome", data={"attended": "yes", "confirmed": "yes", "outcome": "x"}
    )
    assert early.status_code == 422 and "on or after the day" in early.text
    log_in(client, app, "board@example.com", password_set=True)
    void = {"version": str(application.version), "reason": "Подвеждащи данни.", "confirm": "yes"}
    assert client.post(f"{url}/void_false_data", data=void).status_code == 422  # not heard yet
    with app.app_context():
        hearings.record(Hearing.get(), group, True, True, "Призна, че бележката е невярна.", today=day)
    unconfirmed = client.post(f"{url}/void_false_data", data={**void, "confirm": ""})
    assert unconfirmed.status_code == 422
    with app.app_context():
        assert CertApplication.get_by_id(application.id).state == ADMITTED
        assert Certificate.get().withdrawn_on is None
    assert client.post(f"{url}/void_false_data", data=void).status_code == 303
    with app.app_context():
        assert CertApplication.get_by_id(application.id).state == VOID
        issued = Certificate.get()
        assert issued.withdrawn_on == TODAY and issued.withdrawal_reason == "Подвеждащи данни."


@pytest.mark.parametrize(
    ("attended", "good_reason", "confirmed", "void"),
    [(False, "", None, True), (False, "В болница.", None, False), (True, "", False, False)],
)
def test_hearing_outcome_decides_the_ground(app, client, make_user, attended, good_reason, confirmed, void):
    """ал.5: absent without a good reason → a ground; absent with one, or heard and cleared → none."""
    application, group = _complete_application(app, client, make_user)
    with app.app_context():
        heard = hearings.notify(application, group, "Х", TODAY + datetime.timedelta(days=1))
        hearings.record(
            heard,
            group,
            attended,
            confirmed,
            "Изслушан." if attended else "",
            good_reason,
            today=TODAY + datetime.timedelta(days=1),
        )
        assert hearings.may_void(CertApplication.get_by_id(application.id)) is void
        with pytest.raises(services.CertificationError, match="already recorded"):
            hearings.record(
                Hearing.get(), group, True, True, "Пак.", today=TODAY + datetime.timedelta(days=1)
            )


def test_destructive_steps_refused_without_the_confirmation(app, client, make_user):
    """With JavaScript off nothing asks: a plain POST without "I confirm" is refused and nothing is
    written (withdrawal, refusal); the typed reasons stay on the page; with it, the step is taken."""
    application, group = _complete_application(app, client, make_user)
    make_user("board", "board@example.com")
    url = _url(application)
    log_in(client, app, "board@example.com", password_set=True)
    refusal = {
        "version": str(application.version),
        "outcome": "refuse",
        "decided_on": TODAY.isoformat(),
        "grounds": "unpaid_fee",
        "reasons": "Таксата не е платена до срока.",
    }
    refused = client.post(f"{url}/decide", data=refusal)
    assert refused.status_code == 422 and "I confirm" in refused.text
    assert "Таксата не е платена до срока." in refused.text  # nothing typed is lost
    with app.app_context():
        assert not AdmissionDecision.select().exists()
        assert CertApplication.get_by_id(application.id).state == COMPLETE
    assert client.post(f"{url}/decide", data={**refusal, "confirm": "yes"}).status_code == 303
    with app.app_context():
        assert CertApplication.get_by_id(application.id).state == "refused"
    register(client, serial=2, email="second@example.com")
    log_in(client, app, "second@example.com")
    with app.app_context():
        draft = CertApplication.get(CertApplication.email == "second@example.com")
    page = client.get(_url(draft)).text
    assert 'id="step-withdraw"' in page and 'name="confirm"' in page and "hx-confirm" in page
    plain = client.post(f"{_url(draft)}/withdraw", data={"version": str(draft.version)})
    assert plain.status_code == 422
    with app.app_context():
        assert CertApplication.get_by_id(draft.id).state == DRAFT
    confirmed = client.post(f"{_url(draft)}/withdraw", data={"version": str(draft.version), "confirm": "yes"})
    assert confirmed.status_code == 303
    with app.app_context():
        assert CertApplication.get_by_id(draft.id).state == WITHDRAWN


def test_the_board_ends_an_appointment_on_a_later_conflict_and_appoints_another(app, client, make_user):
    """004 (conflicts of interest) ал.5: a conflict declared after the appointment: the Board ends
    that appointment (confirmed, with reasons; the assessor's opinion goes with it) and appoints
    another; a plain POST without the confirmation changes nothing."""
    application, _ = _complete_application(app, client, make_user)
    make_user("board", "board@example.com")
    first, second, other = (make_user("assessor", f"e{n}@example.com") for n in (1, 2, 3))
    with app.app_context():
        appoint_entry(application, first, second)
        services.record_opinion(application, first, True, "Има опит.")
        services.declare(application, first, "related")  # declared too late
        row = EntryAssessor.get(EntryAssessor.assessor == first)
    log_in(client, app, "board@example.com", password_set=True)
    url = f"/certification/appointments/entry/{row.id}/release"
    assert 'action="' + url + '"' in client.get(_url(application)).text
    refused = client.post(url, data={"reason": "Свързано лице."}, follow_redirects=True)
    assert "I confirm" in refused.text
    with app.app_context():
        assert EntryAssessor.select().count() == 2 and application.opinions.count() == 1
    assert client.post(url, data={"reason": "Свързано лице.", "confirm": "yes"}).status_code == 303
    with app.app_context():
        assert EntryAssessor.select().count() == 1 and application.opinions.count() == 0
        appoint_entry(application, other)
        assert EntryAssessor.appointed().count() == 2


def test_ending_a_marker_settles_the_paper_on_the_marks_left(app, client, make_user):
    """Three markers, one ended before marking: the two marks left give the final mark; once the
    final mark is set, the paper's assessors stay."""
    _, seats, _, board, markers = _sat(app, client, make_user)
    seat = seats[0]
    with app.app_context():
        for marker in markers:
            exams.assign_assessor(board, Seat.get_by_id(seat.id), marker)
        exams.enter_mark(markers[0], Seat.get_by_id(seat.id), 70)
        exams.enter_mark(markers[1], Seat.get_by_id(seat.id), 80)
        assert Seat.get_by_id(seat.id).final_mark is None  # the third has not marked
        with pytest.raises(services.CertificationError, match="reasons"):
            appointments.release(
                board, MarkAssignment, MarkAssignment.get(MarkAssignment.assessor == markers[2]).id, ""
            )
        third = MarkAssignment.get(MarkAssignment.assessor == markers[2])
        appointments.release(board, MarkAssignment, third.id, "Обучавал кандидата.")
        assert Seat.get_by_id(seat.id).final_mark == pytest.approx(75)
        with pytest.raises(services.CertificationError, match="final mark"):
            appointments.release(
                board, MarkAssignment, MarkAssignment.get(MarkAssignment.assessor == markers[0]).id, "x"
            )
