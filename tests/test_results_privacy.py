"""BAUP certification (004 (marking of the written exam) ал.5-11): what the public sees of results
(disclosure control per session and per cohort of final results), and what only the candidate may
read or do (a withheld mark, feedback, an appeal): signed in as the applicant, or with the personal
access code mailed with the admission notice."""

import datetime
import re

import pytest

from certification import exams, rules, stages
from certification.demo import synthetic_egn
from certification.models import (
    Appeal,
    Candidate,
    CertApplication,
    ExamSession,
    FeedbackRequest,
    Interview,
    Recommendation,
    StageMark,
)
from certification.services import CertificationError
from portal.accounts import User
from tests.test_certification import (  # noqa: F401 - _english: autouse fixture
    _english,
    _published,
    give_access_code,
    log_in,
)

TODAY = datetime.date.today()


def _final(app, level, published_on, certify, interview_mark, serial):
    """A C or B candidate whose two assessors handed in and whose final result the Group published
    on `published_on` (records made directly: the stages are tested in test_stages)."""
    with app.app_context():
        person = User.create(email=f"final{serial}@example.com", role="applicant", name="x")
        application = CertApplication.create(
            applicant=person,
            level=level,
            full_name="Примерна Кандидатка Тестова",
            personal_number=synthetic_egn(700 + serial),
            email=person.email,
            state="admitted",
        )
        candidate = Candidate.create(
            application=application,
            candidate_id=f"FIN{serial:02d}-TEST",
            level=level,
            admitted_on=published_on - datetime.timedelta(days=90),
            final_published_on=published_on,
        )
        held = datetime.datetime.combine(published_on - datetime.timedelta(days=20), datetime.time(10))
        Interview.create(
            candidate=candidate, starts_at=held, conversation_minutes=90, ends_at=held, place="x"
        )
        for n in (1, 2):
            assessor = User.get_or_none(User.email == f"fa{n}@example.com") or User.create(
                email=f"fa{n}@example.com", role="assessor", name="x"
            )
            Recommendation.create(
                candidate=candidate, assessor=assessor, certify=certify, matrix="m", reasons="r"
            )
        StageMark.create(
            candidate=candidate, stage="interview", assessor=assessor, joint=True, value=interview_mark
        )
        return candidate.candidate_id


def test_final_results_are_disclosed_per_cohort(app, client):
    """public_final_results: three recommended candidates published together are shown with their
    marks; a fourth published alone later is not shown at all (not even beside the earlier three),
    nor is a cohort of three with one not recommended."""
    earlier = TODAY - datetime.timedelta(days=30)
    shown = [_final(app, "C", earlier, True, mark, n) for n, mark in enumerate((71.0, 74.0, 77.0))]
    lone = _final(app, "C", TODAY, True, 83.5, 10)
    mixed = [
        _final(app, "B", earlier, ok, mark, 20 + n)
        for n, (ok, mark) in enumerate(((True, 81.0), (True, 82.0), (False, 41.0)))
    ]
    with app.app_context():
        levels = dict(stages.public_final_results())
    assert [c["disclosed"] for c in levels["C"]] == [False, True]  # the latest publication first
    assert levels["C"][0]["rows"] == [] and len(levels["C"][1]["rows"]) == 3
    assert levels["B"][0]["rows"] == [] and not levels["B"][0]["disclosed"]
    page = client.get("/certification/results/final").text
    assert all(cid in page for cid in shown) and "74.0" in page
    assert lone not in page and "83.5" not in page
    assert not any(cid in page for cid in mixed) and "41.0" not in page and "81.0" not in page
    assert "communicated to each candidate individually" in page


# --- A result is the candidate's alone -------------------------------------------------------------


@pytest.fixture
def withheld(app, client, make_user):
    """A published level-D session of two (72 and 55): disclosure control withholds everything.
    Returns (session, IDs, the second candidate's access code); the applicants are c0@ and c1@."""
    session, ids, _marker = _published(app, client, make_user)
    client.post("/logout")
    return session, ids, give_access_code(app, ids[1])


def _post(client, candidate_id, day, action=None, **data):
    """The my-result form, or the candidate's step (`action`: feedback, appeal) at its own URL."""
    url = "/certification/my-result" + (f"/{action}" if action else "")
    return client.post(url, data={"candidate_id": candidate_id, "exam_day": day.isoformat(), **data})


def _appeal(client, candidate_id, day, reason, **data):
    """The appeal form posted without feedback, with its reason."""
    return _post(
        client,
        candidate_id,
        day,
        action="appeal",
        appeal="Не съм съгласна.",
        without_feedback_reason=reason,
        **data,
    )


def _rows(app):
    with app.app_context():
        return FeedbackRequest.select().count(), Appeal.select().count()


def test_a_stranger_with_the_public_id_and_date_reads_and_files_nothing(app, client, withheld):
    """Anyone holding the public ID and date: no withheld mark, no feedback, no appeal (response
    and database)."""
    session, ids, _code = withheld
    looked = _post(client, ids[1], session.day)
    assert looked.status_code == 404 and "55.0" not in looked.text and "Not passed" not in looked.text
    assert 'id="who-may-read"' in looked.text and "access code" in looked.text
    asked = _post(client, ids[1], session.day, action="feedback", feedback="Защо?")
    appealed = _appeal(client, ids[1], session.day, "Няма време.")
    for refused in (asked, appealed):
        assert refused.status_code == 403 and "Only the candidate may do this" in refused.text
        assert "55.0" not in refused.text and 'id="done"' not in refused.text
    assert _rows(app) == (0, 0)
    with app.app_context(), pytest.raises(CertificationError, match="Only the candidate"):
        exams.ask_feedback(ids[1], session.day, "Защо?")


@pytest.mark.parametrize("wrong", ["", "AAAA-BBBB-CCCC-DDDD", "the candidate ID"])
def test_a_wrong_code_is_refused(app, client, withheld, wrong):
    """A wrong (or the public ID as) code proves nothing: no mark, no feedback request."""
    session, ids, _code = withheld
    wrong = ids[1] if wrong == "the candidate ID" else wrong
    looked = _post(client, ids[1], session.day, access_code=wrong)
    assert "55.0" not in looked.text and looked.status_code == (403 if wrong else 404)
    asked = _post(client, ids[1], session.day, access_code=wrong, action="feedback", feedback="Защо?")
    assert asked.status_code == 403 and "55.0" not in asked.text
    assert _rows(app) == (0, 0)


def test_an_unknown_id_with_a_code_gets_the_same_answer_as_a_wrong_code(app, client, withheld):
    """An unknown ID with a code, a known ID with a wrong code: the same answer."""
    session, ids, code = withheld
    wrong_code = _post(client, ids[1], session.day, access_code="AAAA-BBBB-CCCC-DDDD")
    unknown_id = _post(client, "2222-2222-22A", session.day, access_code=code)
    assert wrong_code.status_code == unknown_id.status_code == 403
    section = re.compile(r'<section id="my-result".*?</section>', re.S)
    assert section.search(wrong_code.text).group(0) == section.search(unknown_id.text).group(0)


def test_the_right_code_reads_the_withheld_mark_and_asks_for_feedback(app, client, withheld):
    """With the code (typed loosely), the candidate reads the withheld mark and the pass mark in force
    (the Board's), and asks for feedback."""
    session, ids, code = withheld
    looked = _post(client, ids[1], session.day, access_code=code.lower().replace("-", " "))
    assert looked.status_code == 200 and "55.0" in looked.text and "Not passed" in looked.text
    assert "Pass mark: 60" in looked.text and "Board" in looked.text
    assert 'class="feedback-due"' in looked.text
    asked = _post(client, ids[1], session.day, access_code=code, action="feedback", feedback="Къде сгреших?")
    assert asked.status_code == 200 and 'id="done"' in asked.text
    assert _rows(app) == (1, 0)


def test_the_owner_signed_in_reads_and_appeals_and_finds_the_link(app, client, withheld):
    """Logged in as the applicant who owns the ID: the results are listed without typing anything,
    the application page links to them, and the appeal (without feedback, with a reason) is filed."""
    session, ids, _code = withheld
    log_in(client, app, "c1@example.com")
    own = client.get("/certification/my-result")
    assert 'id="my-results"' in own.text and "55.0" in own.text and ids[1] in own.text
    assert ids[0] not in own.text and "72.0" not in own.text
    with app.app_context():
        application = Candidate.get(Candidate.candidate_id == ids[1]).application
    assert 'id="my-results-link"' in client.get(f"/certification/applications/{application.id}").text
    appealed = _appeal(client, ids[1], session.day, "Болест.")
    assert appealed.status_code == 200 and 'id="done"' in appealed.text
    assert _rows(app) == (0, 1)


def test_another_signed_in_applicant_is_refused(app, client, withheld):
    """Logged in as another applicant (the other candidate of the session): nothing of this one."""
    session, ids, _code = withheld
    log_in(client, app, "c0@example.com")
    looked = _post(client, ids[1], session.day)
    assert looked.status_code == 404 and "55.0" not in looked.text
    asked = _post(client, ids[1], session.day, action="feedback", feedback="Защо?")
    assert asked.status_code == 403 and "55.0" not in asked.text
    assert _rows(app) == (0, 0)


def test_the_public_lookup_shows_what_the_public_page_shows(app, client, make_user):
    """A disclosed session (three who passed): the look-up by ID shows its public row, no forms."""
    session, ids, _marker = _published(app, client, make_user, marks=(72, 65, 81))
    client.post("/logout")
    looked = _post(client, ids[1], session.day)
    assert looked.status_code == 200 and "65.0" in looked.text and "Pass mark: 60" in looked.text
    assert "feedback-form" not in looked.text and "appeal-form" not in looked.text


def test_expired_steps_are_hidden_and_refused(app, client, withheld):
    """Past the last day to ask for feedback and to appeal without it: no forms, the days shown as
    ended, and an appeal 400 days later refused (no row)."""
    session, ids, code = withheld
    with app.app_context():
        long_ago = TODAY - datetime.timedelta(days=400)
        ExamSession.update(published_on=long_ago).where(ExamSession.id == session.id).execute()
    looked = _post(client, ids[1], session.day, access_code=code)
    assert looked.status_code == 200 and "55.0" in looked.text
    assert "feedback-form" not in looked.text and "appeal-form" not in looked.text
    assert (
        "The time to ask for feedback ended on" in looked.text
        and "The time to appeal ended on" in looked.text
    )
    appealed = _appeal(client, ids[1], session.day, "Бях в чужбина.", access_code=code)
    assert appealed.status_code == 422 and "could be filed until" in appealed.text
    assert _rows(app) == (0, 0)


def test_the_appeal_without_feedback_deadline_is_shown_as_the_boards_reading(app, client, withheld):
    """The open appeal form states the Board's reading of the term (004 sets none) and its day."""
    session, ids, code = withheld
    looked = _post(client, ids[1], session.day, access_code=code)
    with app.app_context():
        due = rules.appeal_without_feedback_due(ExamSession.get_by_id(session.id).published_on)
    assert "appeal-form" in looked.text and "Board's reading" in looked.text
    with app.test_request_context():
        shown_day = app.jinja_env.filters["date"](due)
    assert re.search(r'<p class="appeal-due">[^<]*' + re.escape(shown_day), looked.text)


def test_access_codes_are_random_hashed_and_never_match_empty():
    """access_codes: 16 symbols in groups of four; the hash ignores case, spaces and hyphens; an
    empty code or an empty stored hash (a candidate admitted before codes) never matches."""
    from certification.access_codes import access_code_hash, access_code_matches, new_access_code

    code = new_access_code()
    assert re.fullmatch(r"([2-9A-HJ-NP-Z]{4}-){3}[2-9A-HJ-NP-Z]{4}", code) and code != new_access_code()
    stored = access_code_hash(code)
    assert len(stored) == 64 and code.replace("-", "") not in stored
    assert access_code_matches(stored, code.lower().replace("-", " "))
    assert not access_code_matches(stored, code[:-1] + ("2" if code[-1] != "2" else "3"))
    assert (
        not access_code_matches(stored, "")
        and not access_code_matches("", "")
        and not access_code_matches(None, code)
    )


def test_the_committee_sees_that_it_decides_on_the_reason(app, client, withheld, make_user):
    """An appeal filed without feedback shows the Appeals Committee that the reason must be accepted."""
    session, ids, code = withheld
    _appeal(client, ids[1], session.day, "Болест.", access_code=code)
    make_user("appeals", "appeals@example.com")
    log_in(client, app, "appeals@example.com", password_set=True)
    page = client.get("/certification/appeals").text
    assert "Болест." in page and 'class="hint without-feedback"' in page and "accepts this reason" in page


def test_guessing_access_codes_is_rate_limited(database_url, tmp_path):
    """LOOKUP_RATE_LIMIT: the look-up (and so every code tried) is limited per address: 429."""
    from portal import create_app

    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "t",
            "WTF_CSRF_ENABLED": False,
            "DATA_DIR": str(tmp_path),
            "LOOKUP_RATE_LIMIT": "3 per minute",
        }
    )
    client = app.test_client()
    data = {
        "candidate_id": "2222-2222-22A",
        "exam_day": TODAY.isoformat(),
        "access_code": "AAAA-BBBB-CCCC-DDDD",
    }
    codes = [client.post("/certification/my-result", data=data).status_code for _ in range(4)]
    assert codes == [403, 403, 403, 429]
