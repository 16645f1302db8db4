"""Demo certification data for `make run`: listed assessors, a person preparing an application, and
a published level-D written exam of three candidates, so every role and the public pages show
something. Made through the services; made-up people with synthetic ЕГН only."""

import datetime

from certification import certificates, exams, services, stages
from certification.models import (
    DECLARATIONS,
    AssessorProfile,
    Candidate,
    CertApplication,
    CertAttachment,
    Project,
    Referee,
    Seat,
)
from portal.accounts import User

DEMO_PERSON = "person@demo.registar.test"


def synthetic_egn(serial):
    """A made-up ЕГН (born 1 January 1990) with a valid check digit."""
    from certification.rules import egn_check_digit

    digits = f"900101{serial:03d}"
    return digits + str(egn_check_digit(digits))


def _complete(application, purposes=("cv", "initial_fee")):
    CertApplication.update(self_assessment="Демо самооценка.", **dict.fromkeys(DECLARATIONS, True)).where(
        CertApplication.id == application.id
    ).execute()
    for n in (1, 2):
        Referee.create(
            application=application, name=f"Демо препоръчител {n}", contact=f"ref{n}@demo.registar.test"
        )
    Project.create(
        application=application, title="Демо проект", role="ръководител", started_on=datetime.date(2021, 1, 1)
    )
    for purpose in purposes:  # records only: the demo has no files to serve
        CertAttachment.create(
            application=application,
            purpose=purpose,
            original_name=f"{purpose}.pdf",
            stored_name=f"demo-{application.id}-{purpose}",
            size=0,
            sha256="0" * 64,
            content_type="application/pdf",
        )
    return CertApplication.get_by_id(application.id)


def seed_demo_certification(group, board, assessors):
    """Create the demo once (nothing if any certification application exists). Returns the demo
    person's user, or None."""
    if CertApplication.select().exists():
        return User.by_email(DEMO_PERSON)
    for number, assessor in enumerate(assessors, start=1):
        AssessorProfile.get_or_create(
            user=assessor, defaults={"public_name": f"Демо оценител {number}", "organisation": "БАУП"}
        )
    person = services.register_candidate("Демо Кандидат Примерен", synthetic_egn(900), DEMO_PERSON, "C")
    today = datetime.date.today()
    exam_day = today - datetime.timedelta(days=20)  # long enough ago for the Board to certify
    ids = []
    for n in range(3):
        user = services.register_candidate(
            f"Демо Изпитван {n + 1}", synthetic_egn(901 + n), f"c{n}@demo.registar.test", "D"
        )
        # With the proof of the certification fee, which seating for the exam requires.
        application = _complete(
            CertApplication.get(CertApplication.applicant == user), ("cv", "initial_fee", "certification_fee")
        )
        services.submit(application, user, application.version)
        application = CertApplication.get_by_id(application.id)
        services.review(application, group, application.version, True)
        application = CertApplication.get_by_id(application.id)
        admitted_on = exam_day - datetime.timedelta(days=10)
        decision = services.decide_admission(application, board, application.version, True, admitted_on)
        services.record_notice(decision, group, admitted_on)  # the fee's deadline counts from it
        ids.append(Candidate.get(Candidate.application == application).candidate_id)
    session = exams.schedule_session(
        group, "D", datetime.datetime.combine(exam_day, datetime.time(9)), "София, БАУП"
    )
    for candidate_id in ids:
        exams.seat_candidate(group, session, candidate_id)
    seats = list(session.seats.order_by(Seat.id))  # in the order the IDs were seated
    exams.file_protocol(group, session, {seat.id: (True, 0, False) for seat in seats})
    # All three pass: one or two who failed would be identifiable, and disclosure control would
    # withhold the whole session (rules.results_disclosable); the demo shows a published list.
    for seat, mark in zip(seats, (78, 64, 71), strict=True):
        exams.assign_assessor(group, seat, assessors[0], step="propose")  # the Group proposes,
        exams.assign_assessor(board, seat, assessors[0])  # the Board appoints
        exams.enter_mark(assessors[0], seat, mark)
    # The marks as recorded the day after the exam: the Board's two weeks run from the marking.
    marked_at = datetime.datetime.combine(exam_day + datetime.timedelta(days=1), datetime.time(9))
    Seat.update(final_at=marked_at).where(Seat.session == session.id).execute()
    exams.publish(
        group, session.__class__.get_by_id(session.id), published_on=exam_day + datetime.timedelta(days=3)
    )
    for candidate_id in ids[:2]:  # two of the three who passed: certified, so the public register has entries
        stages.hand_in(
            assessors[0],
            Candidate.get(Candidate.candidate_id == candidate_id),
            True,
            "Демо матрица: всички елементи на компетентност",
            "Демо мотиви: изпитът е издържан.",
        )
        certificates.report_to_board(group, Candidate.get(Candidate.candidate_id == candidate_id), today)
        candidate = Candidate.get(Candidate.candidate_id == candidate_id)
        certificates.issue(board, candidate, today, "Демо председател", "Демо оценител 1")
    return person
