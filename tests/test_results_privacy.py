"""BAUP certification (004 (marking of the written exam) ал.5-11): what the public sees of results
(disclosure control per session and per cohort of final results), and what only the candidate may
read or do (a withheld mark, feedback, an appeal): signed in as the applicant, or with the personal
access code mailed with the admission notice."""

import datetime

from certification import stages
from certification.demo import synthetic_egn
from certification.models import (
    Candidate,
    CertApplication,
    Interview,
    Recommendation,
    StageMark,
)
from portal.accounts import User
from tests.test_certification import _english  # noqa: F401 - autouse fixture

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
