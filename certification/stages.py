"""BAUP certification (004), the stages after the written exam for levels C and B: the report on one
real project (at least 10 days before the interview; the competence elements it addresses against
the minima) and the interview (its length and breaks). Never sees `request`."""

import csv
import datetime
import functools
import os

from flask_babel import lazy_gettext as _l

from certification import certificate_rules
from certification.models import Interview, Report, ReportElement, Seat
from certification.services import CertificationError
from portal import audit
from portal.db import database

COMPETENCES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "competences.csv")
GROUPS = ("technical", "behavioural", "contextual")


@functools.lru_cache(maxsize=1)
def competence_elements():
    """The competence baseline's elements, shipped as data (IPMA ICB 3.0: 20 technical, 15
    behavioural, 11 contextual, the baseline 004's minima count against): [{code, group, name_en,
    name_bg}] in code order."""
    with open(COMPETENCES, encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


def _group_of():
    return {element["code"]: element["group"] for element in competence_elements()}


def may_report(candidate):
    """Who goes on to the report (004): at level C those who passed the written exam; at level B,
    the admitted."""
    from certification.exams import pass_mark
    from certification.rules import passed

    if candidate.annulled_on is not None or candidate.level not in ("C", "B"):
        return False
    if candidate.level == "B":
        return True
    seats = candidate.seats.where(Seat.final_mark.is_null(False))
    return any(passed(seat.final_mark, pass_mark("C")) for seat in seats if seat.session.published_on)


def upload_report(user, candidate, stored, pages, annexes, codes, today=None):
    """The candidate uploads the report (a new upload replaces it), with its pages, annexes and the
    competence elements it addresses. Refused less than 10 days before a scheduled interview
    (certificate_rules.report_in_time). Returns (report, the stored name no longer kept or None)."""
    today = today or datetime.date.today()
    if user is None or candidate.application.applicant_id != getattr(user, "id", None):
        raise CertificationError(_l("You may not take this step."))
    if not may_report(candidate):
        raise CertificationError(
            _l("The report follows a passed written exam (level C) or the admission (level B).")
        )
    interview = Interview.get_or_none(Interview.candidate == candidate)
    if interview is not None and not certificate_rules.report_in_time(today, interview.starts_at.date()):
        raise CertificationError(
            _l(
                "The report is due at least 10 days before the interview on %(day)s.",
                day=interview.starts_at.strftime("%d.%m.%Y"),
            )
        )
    known = _group_of()
    codes = sorted({c for c in codes if c in known})
    try:
        pages, annexes = int(pages), int(annexes or 0)
    except (TypeError, ValueError):
        raise CertificationError(_l("Enter the number of pages and annexes."), "pages") from None
    if pages < 1 or annexes < 0:
        raise CertificationError(_l("Enter the number of pages and annexes."), "pages")
    with database.atomic():
        earlier = Report.get_or_none(Report.candidate == candidate)
        if earlier is not None:
            earlier.delete_instance(recursive=True)
        report = Report.create(candidate=candidate, pages=pages, annexes=annexes, uploaded_on=today, **stored)
        if codes:
            ReportElement.insert_many([{"report": report.id, "code": code} for code in codes]).execute()
        audit.record(
            user, "certification.report", "cert_candidate", candidate.id, after={"sha256": stored["sha256"]}
        )
    return report, (earlier.stored_name if earlier else None)


def report_flags(report, level):
    """What the assessors are told about a report: the competence groups below the minimum
    (004: C 12/5/4, B 14/8/6) and the guidance on length and annexes exceeded."""
    groups = _group_of()
    counts = dict.fromkeys(GROUPS, 0)
    for element in report.elements:
        counts[groups[element.code]] += 1
    return {
        "counts": counts,
        "shortfall": certificate_rules.coverage_shortfall(level, counts),
        "guidance": certificate_rules.report_guidance_flags(level, report.pages, report.annexes),
    }


def schedule_interview(user, candidate, starts_at, conversation_minutes, place):
    """The Group schedules the interview: its end computed with the breaks
    (certificate_rules.interview_end: C at least 60 minutes, at most 3 hours); refused less than 10
    days after the report's upload."""
    if user is None or not user.has_role("scheme_group"):
        raise CertificationError(_l("You may not take this step."))
    if not may_report(candidate):
        raise CertificationError(
            _l("The interview follows a passed written exam (level C) or the admission (level B).")
        )
    if not isinstance(starts_at, datetime.datetime):
        raise CertificationError(_l("Enter the date and time of the interview."), "starts_at")
    if not (place or "").strip():
        raise CertificationError(_l("Enter the place of the interview."), "place")
    try:
        ends_at = certificate_rules.interview_end(starts_at, int(conversation_minutes), candidate.level)
    except (TypeError, ValueError):
        raise CertificationError(
            _l("An interview lasts at least 60 minutes at level C, and at most 3 hours with its breaks."),
            "conversation_minutes",
        ) from None
    report = Report.get_or_none(Report.candidate == candidate)
    if report is not None and not certificate_rules.report_in_time(report.uploaded_on, starts_at.date()):
        raise CertificationError(
            _l(
                "The interview comes at least 10 days after the report (uploaded %(day)s).",
                day=report.uploaded_on.strftime("%d.%m.%Y"),
            ),
            "starts_at",
        )
    with database.atomic():
        Interview.delete().where(Interview.candidate == candidate).execute()
        interview = Interview.create(
            candidate=candidate,
            starts_at=starts_at,
            conversation_minutes=int(conversation_minutes),
            ends_at=ends_at,
            place=place.strip(),
        )
        audit.record(
            user,
            "certification.interview",
            "cert_candidate",
            candidate.id,
            after={"ends_at": ends_at.isoformat()},
        )
    return interview
