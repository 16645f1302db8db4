"""Demo certification data for `make run`: listed assessors, a person preparing an application, and
a published level-D written exam of three candidates, so every role and the public pages show
something. Made through the services; made-up people with synthetic ЕГН only."""

import datetime

from certification import certificates, exams, services
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


def _complete(application):
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
    for purpose in ("cv", "initial_fee"):  # records only: the demo has no files to serve
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
        application = _complete(CertApplication.get(CertApplication.applicant == user))
        services.submit(application, user, application.version)
        application = CertApplication.get_by_id(application.id)
        services.review(application, group, application.version, True)
        application = CertApplication.get_by_id(application.id)
        admitted_on = exam_day - datetime.timedelta(days=10)
        services.decide_admission(application, board, application.version, True, admitted_on)
        ids.append(Candidate.get(Candidate.application == application).candidate_id)
    session = exams.schedule_session(
        group, "D", datetime.datetime.combine(exam_day, datetime.time(9)), "София, БАУП"
    )
    for candidate_id in ids:
        exams.seat_candidate(group, session, candidate_id)
    seats = list(session.seats.order_by(Seat.id))  # in the order the IDs were seated
    exams.file_protocol(group, session, {seat.id: (True, 0, False) for seat in seats})
    for seat, mark in zip(seats, (78, 64, 51), strict=True):
        exams.assign_assessor(group, seat, assessors[0], step="propose")  # the Group proposes,
        exams.assign_assessor(board, seat, assessors[0])  # the Board appoints
        exams.enter_mark(assessors[0], seat, mark)
    exams.publish(
        group, session.__class__.get_by_id(session.id), published_on=exam_day + datetime.timedelta(days=3)
    )
    for candidate_id in ids[:2]:  # the two who passed: certified, so the public register has entries
        certificates.report_to_board(group, Candidate.get(Candidate.candidate_id == candidate_id), today)
        candidate = Candidate.get(Candidate.candidate_id == candidate_id)
        certificates.issue(board, candidate, today, "Демо председател", "Демо оценител 1")
    return person
