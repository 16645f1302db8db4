"""BAUP certification (004), the stages after the written exam for levels C and B: the report on one
real project (at least 10 days before the interview; the competence elements it addresses against
the minima) and the interview (its length and breaks). Never sees `request`."""

import csv
import datetime
import functools
import os

from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l

from certification import certificate_rules
from certification.models import Interview, Report, ReportElement, Seat, StageAssessor
from certification.services import CertificationError
from portal import audit
from portal.db import database
from portal.formats import format_day
from portal.web import parse_int

COMPETENCES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "competences.csv")
GROUPS = ("technical", "behavioural", "contextual")


def competence_elements_file():
    """The file of competence elements in force: the setting COMPETENCE_ELEMENTS_FILE, else the
    shipped IPMA ICB 3.0 list (certification/data/competences.csv), also outside an app."""
    configured = current_app.config.get("COMPETENCE_ELEMENTS_FILE") if has_app_context() else ""
    return configured or COMPETENCES


def competences_stand_in():
    """Whether the shipped IPMA ICB 3.0 list stands in for BAUP's National Competence Requirements
    (004 (report) ал.4, (written exam) ал.2), which are not in the sources: the pages say so."""
    return os.path.abspath(competence_elements_file()) == COMPETENCES


def competence_elements():
    """The competence elements the reports' coverage counts against (004 (report) ал.6's minima):
    [{code, group, name_en, name_bg}] in the file's order, read from `competence_elements_file()`
    (by default IPMA ICB 3.0: 20 technical, 15 behavioural, 11 contextual elements)."""
    return _read_elements(competence_elements_file())


@functools.lru_cache(maxsize=4)
def _read_elements(path):
    """A competence elements CSV (code, group, name_en, name_bg), checked once: ValueError for a
    missing column, an unknown group or a repeated code, so a bad replacement fails at its first use
    with the reason instead of miscounting the reports."""
    with open(path, encoding="utf-8", newline="") as handle:
        elements = tuple(csv.DictReader(handle))
    seen = set()
    for line, element in enumerate(elements, start=2):
        if any(not (element.get(k) or "").strip() for k in ("code", "group", "name_en", "name_bg")):
            raise ValueError(f"{path}:{line}: code, group, name_en and name_bg are required")
        if element["group"] not in GROUPS or element["code"] in seen:
            raise ValueError(f"{path}:{line}: a group of {', '.join(GROUPS)} and a code not repeated")
        seen.add(element["code"])
    return elements


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
                day=format_day(interview.starts_at),
            )
        )
    known = _group_of()
    codes = sorted({c for c in codes if c in known})
    pages, annexes = parse_int(pages, 1, MAX_PAGES), parse_int(annexes or 0, 0, MAX_PAGES)
    if pages is None or annexes is None:
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


def schedule_interview(user, candidate, starts_at, conversation_minutes, place, today=None):
    """The Group schedules the interview: its end computed with the breaks
    (certificate_rules.interview_end: C at least 60 minutes, at most 3 hours); refused less than 10
    days after the report's upload, outside the year from the admission or without the proof of the
    certification fee (exams.refuse_unless_may_take_stage, as for the exam), and before the written
    exam's marks have been known two weeks (exams.refuse_stage_before_marks_known)."""
    from certification import exams

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
    exams.refuse_unless_may_take_stage(candidate, starts_at.date(), "starts_at", today)
    exams.refuse_stage_before_marks_known(candidate, starts_at.date())
    minutes = parse_int(conversation_minutes, high=24 * 60)  # a day at most: beyond, dates overflow
    try:
        ends_at = certificate_rules.interview_end(starts_at, minutes, candidate.level)
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
                day=format_day(report.uploaded_on),
            ),
            "starts_at",
        )
    with database.atomic():
        Interview.delete().where(Interview.candidate == candidate).execute()
        interview = Interview.create(
            candidate=candidate,
            starts_at=starts_at,
            conversation_minutes=minutes,
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


# --- Assessors' marks and recommendations -----------------------------------------------------------

STAGES = ("report", "interview")
MAX_PAGES = 10_000  # a report's pages or annexes: more is a typing error (and overflows the column)
MIN_STAGE_ASSESSORS = 2  # 004: at least two assessors mark the report and hold the interview


def assign_stage_assessor(user, candidate, assessor, step="appoint"):
    """The Board appoints (the Group proposes, `step` "propose") an assessor to a candidate's report
    and interview (appointments.nominate: refused where there is a conflict of interest)."""
    from certification.appointments import nominate

    return nominate(user, step, StageAssessor, {"candidate": candidate}, candidate.application, assessor)


def stage_assessors(candidate):
    """The assessors appointed to a candidate's report and interview."""
    return StageAssessor.appointed().where(StageAssessor.candidate == candidate)


def _require_stage_assessor(assessor, candidate):
    if assessor is None or not stage_assessors(candidate).where(StageAssessor.assessor == assessor).exists():
        raise CertificationError(_l("You are not assigned to this candidate."))


def record_stage_mark(assessor, candidate, stage, value, reasons="", joint=False):
    """A mark, 0-100: the report is marked jointly (004: by at least two assessors); at the interview
    each assessor marks, then they agree one joint mark with reasons. The interview's marks come
    after its start; the report's joint mark needs two assessors assigned."""
    from certification.models import StageMark
    from portal.dates import utcnow

    _require_stage_assessor(assessor, candidate)
    if stage not in STAGES:
        raise CertificationError(_l("Choose the report or the interview."))
    if stage_assessors(candidate).count() < MIN_STAGE_ASSESSORS:
        raise CertificationError(_l("At least two assessors are assigned first."))
    if stage == "report" and not joint:
        raise CertificationError(_l("The report is marked jointly."))
    if stage == "report" and not Report.select().where(Report.candidate == candidate).exists():
        raise CertificationError(_l("There is no report yet."))
    interview = Interview.get_or_none(Interview.candidate == candidate)
    if stage == "interview" and (interview is None or interview.starts_at > datetime.datetime.now()):
        raise CertificationError(_l("The interview is marked once it has taken place."))
    from certification.exams import mark_value

    value = mark_value(value)
    if joint and not (reasons or "").strip():
        raise CertificationError(_l("Give the reasons for the joint mark."), "reasons")
    individual = StageMark.select().where(
        (StageMark.candidate == candidate) & (StageMark.stage == "interview") & ~StageMark.joint
    )
    if stage == "interview" and joint and individual.count() < MIN_STAGE_ASSESSORS:
        raise CertificationError(_l("Each assessor marks the interview first; then the joint mark."))
    where = (
        (StageMark.candidate == candidate)
        & (StageMark.stage == stage)
        & (StageMark.assessor == assessor)
        & (StageMark.joint == bool(joint))
    )
    with database.atomic():
        if (
            not StageMark.update(value=value, reasons=(reasons or "").strip(), entered_at=utcnow())
            .where(where)
            .execute()
        ):
            StageMark.create(
                candidate=candidate,
                stage=stage,
                assessor=assessor,
                joint=bool(joint),
                value=value,
                reasons=(reasons or "").strip(),
            )


def joint_mark(candidate, stage):
    """The latest joint mark of a stage, or None."""
    from certification.models import StageMark

    return (
        StageMark.select()
        .where((StageMark.candidate == candidate) & (StageMark.stage == stage) & StageMark.joint)
        .order_by(StageMark.entered_at.desc())
        .first()
    )


def report_mark_for_candidate(candidate, now=None):
    """The report's joint mark as the candidate may see it: not before the interview (004)."""
    interview = Interview.get_or_none(Interview.candidate == candidate)
    now = now or datetime.datetime.now()
    if interview is None or interview.ends_at > now:
        return None
    return joint_mark(candidate, "report")


MIN_HAND_INS = {"D": 1, "C": MIN_STAGE_ASSESSORS, "B": MIN_STAGE_ASSESSORS}  # who marks each level


def assessors_handing_in(candidate):
    """The assessors who hand in for a candidate: "Оценителите предоставят на Групата за управление
    на схемата подписани от тях: информация за процеса, оценките и резултатите ..., матрица за
    окончателна оценка ..., окончателно решение под формата на препоръка" (004 (decision) ал.1, for
    every level): at level D those who mark the latest written exam (an arbiter too), at C and B
    those of the report and interview."""
    from certification.models import ExamSession

    if candidate.level == "D":
        seat = candidate.seats.join(ExamSession).order_by(ExamSession.starts_at.desc()).first()
        return [a.assessor for a in seat.assignments if a.appointed_at is not None] if seat else []
    return [s.assessor for s in candidate.stage_assessors if s.appointed_at is not None]


def hand_in(assessor, candidate, certify, matrix, reasons):
    """An assessor hands in the process and marks with reasons, the assessment matrix and the
    recommendation (004 (decision) ал.1): at level D after the written exam's final mark, at C and B
    after both joint marks."""
    from certification.models import Recommendation

    if assessor is None or assessor.id not in {a.id for a in assessors_handing_in(candidate)}:
        raise CertificationError(_l("You are not assigned to this candidate."))
    if candidate.level == "D":
        from certification.certificates import written_exam_seat

        if written_exam_seat(candidate, published_only=False) is None:
            raise CertificationError(_l("The written exam's final mark comes first."))
    elif joint_mark(candidate, "report") is None or joint_mark(candidate, "interview") is None:
        raise CertificationError(_l("The report's and the interview's joint marks come first."))
    if not (matrix or "").strip() or not (reasons or "").strip():
        raise CertificationError(_l("Give the assessment matrix and the reasons."), "matrix")
    with database.atomic():
        Recommendation.delete().where(
            (Recommendation.candidate == candidate) & (Recommendation.assessor == assessor)
        ).execute()
        Recommendation.create(
            candidate=candidate,
            assessor=assessor,
            certify=bool(certify),
            matrix=matrix.strip(),
            reasons=reasons.strip(),
        )


def hand_ins(candidate):
    """The assessors' hand-ins for a candidate, in the order handed in, for the Board's page."""
    from certification.models import Recommendation

    return list(
        Recommendation.select()
        .where(Recommendation.candidate == candidate)
        .order_by(Recommendation.handed_in_at, Recommendation.id)
    )


def recommended(candidate):
    """(the day the last hand-in came, whether every hand-in recommends certifying) once every
    assessor of the candidate handed in (at least one at level D, two at C and B), else (None, False).
    The recommendation informs the Board's decision; it does not bind it (004 (decision) ал.5)."""
    handed = hand_ins(candidate)
    due = {a.id for a in assessors_handing_in(candidate)}
    if len(handed) < MIN_HAND_INS[candidate.level] or not due <= {r.assessor_id for r in handed}:
        return None, False
    return max(r.handed_in_at for r in handed).date(), all(r.certify for r in handed)


def candidates_for_assessor(assessor):
    """The candidates an assessor assesses, by ID only: at levels C and B those of their reports and
    interviews, at level D those whose written exam they marked, once its final mark is in (to hand
    in, 004 (decision) ал.1)."""
    from certification.models import Candidate, MarkAssignment, StageAssessor

    staged = (
        Candidate.select(Candidate.id)
        .join(StageAssessor)
        .where((StageAssessor.assessor == assessor) & StageAssessor.appointed_at.is_null(False))
    )
    marked = (
        Candidate.select(Candidate.id)
        .join(Seat)
        .join(MarkAssignment)
        .where(
            (MarkAssignment.assessor == assessor)
            & MarkAssignment.appointed_at.is_null(False)
            & (Candidate.level == "D")
            & Seat.final_mark.is_null(False)
        )
    )
    return list(
        Candidate.select()
        .where(Candidate.id.in_(staged) | Candidate.id.in_(marked))
        .order_by(Candidate.candidate_id)
    )


# --- Publication of the final results (levels C and B) -------------------------------------------


def publish_final(user, candidate, on_date=None):
    """The Group publishes a C or B candidate's final result by ID (004: results are published by ID
    number), once every assessor has handed in."""
    from certification.models import Candidate

    if user is None or not user.has_role("scheme_group"):
        raise CertificationError(_l("You may not take this step."))
    if candidate.level not in ("C", "B"):  # level D's result is the written exam's, published with it
        raise CertificationError(_l("Final results are published for levels C and B."))
    last_on, _certify = recommended(candidate)
    if last_on is None:
        raise CertificationError(_l("The candidate has not finished the procedure yet."))
    Candidate.update(final_published_on=on_date or datetime.date.today()).where(
        Candidate.id == candidate.id
    ).execute()


def public_final_results():
    """The published final results of levels C and B, by cohort: [(level, cohorts)], each cohort a
    dict with the day of its publication, `disclosed` and its rows (candidate ID, recommended for
    certification, interview mark). A cohort is the candidates of a level the Group published on
    the same day; disclosure control (rules.results_disclosable, the recommendation as the outcome)
    is applied to each cohort on its own, so a lone candidate published after others is never shown,
    and a withheld cohort has no row at all (004 (marking of the written exam) ал.6-7)."""
    from certification.models import Candidate
    from certification.rules import results_disclosable

    published = (
        Candidate.select()
        .where(Candidate.final_published_on.is_null(False))
        .order_by(Candidate.level, Candidate.final_published_on.desc(), Candidate.candidate_id)
    )
    cohorts = {}
    for candidate in published:
        _last, certify = recommended(candidate)
        mark = joint_mark(candidate, "interview")
        key = (candidate.level, candidate.final_published_on)
        cohorts.setdefault(key, []).append((candidate.candidate_id, certify, mark.value if mark else None))
    result = []
    for level in ("C", "B"):
        level_cohorts = []
        for (cohort_level, day), rows in cohorts.items():
            if cohort_level != level:
                continue
            marks = [m for _, _, m in rows]
            disclosed = None not in marks and results_disclosable(marks, [ok for _, ok, _ in rows])
            level_cohorts.append(
                {"published_on": day, "disclosed": disclosed, "rows": rows if disclosed else []}
            )
        if level_cohorts:
            result.append((level, level_cohorts))
    return result
