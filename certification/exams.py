"""BAUP certification (004), the written exam: sessions, the invigilator's protocol, marks entered by
assessors who see candidate IDs only, their reconciliation, publication under disclosure control,
the public look-up by ID (only what the public page shows), and the candidate's own result, feedback
and appeal, for the candidate alone (logged in, or with the personal access code). Never sees
`request`."""

import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from peewee import fn

from certification import rules
from certification.access_codes import access_code_matches
from certification.candidate_ids import normalise_candidate_id
from certification.models import (
    Appeal,
    Ban,
    Candidate,
    CertEvent,
    ExamSession,
    FeedbackRequest,
    Mark,
    MarkAssignment,
    Seat,
)
from certification.services import CertificationError
from portal import audit
from portal.dates import utcnow
from portal.db import database
from portal.formats import format_day, format_number
from portal.forms import parse_date
from portal.web import parse_int

GROUP = ("scheme_group",)
# The protocol's lateness: more than a day late is a typing error (and would overflow the column).
MAX_MINUTES_LATE = 24 * 60


def _require_group(user):
    if user is None or not user.has_role(*GROUP):
        raise CertificationError(_l("You may not take this step."))


def schedule_session(user, level, starts_at, place):
    """The Group schedules a written exam (levels D and C; 3 hours; 004)."""
    _require_group(user)
    if level not in ("D", "C"):
        raise CertificationError(_l("Written exams are held for levels D and C."), "level")
    if not isinstance(starts_at, datetime.datetime):
        raise CertificationError(_l("Enter the date and time of the exam."), "starts_at")
    if not (place or "").strip():
        raise CertificationError(_l("Enter the place of the exam."), "place")
    session = ExamSession.create(
        level=level, starts_at=starts_at, place=place.strip(), duration_minutes=rules.EXAM_DURATION_MINUTES
    )
    audit.record(user, "certification.session", "cert_session", session.id, after={"level": level})
    return session


def seat_candidate(user, session, candidate_id):
    """Assign a candidate to a session by ID: the candidate's level, not twice, and allowed to take a
    stage on the exam's day (refuse_unless_may_take_stage: the 1-year window and the fee)."""
    _require_group(user)
    candidate = candidate_by_id(candidate_id)
    if candidate.level != session.level:
        raise CertificationError(_l("The candidate is admitted to another level."), "candidate_id")
    if session.not_held:
        raise CertificationError(_l("This exam was not held: seat the candidate in a later session."))
    refuse_unless_may_take_stage(candidate, session.day, "candidate_id")
    seat, _ = Seat.get_or_create(session=session, candidate=candidate)
    return seat


def candidate_by_id(candidate_id, field="candidate_id"):
    """The candidate of an ID as staff type it (any case, with or without hyphens), or a clear
    refusal: a mistyped ID (wrong length, symbol or check symbol) is said so, not a 500."""
    try:
        normalised = normalise_candidate_id(candidate_id)
    except ValueError:
        raise CertificationError(
            _l(
                "This is not a candidate ID: 11 letters and digits, like K7QX-M3PD-W9U. "
                "Check it and type it again."
            ),
            field,
        ) from None
    candidate = Candidate.get_or_none(Candidate.candidate_id == normalised)
    if candidate is None:
        raise CertificationError(_l("There is no candidate with this ID."), field)
    return candidate


def refuse_unless_may_take_stage(candidate, stage_on, field, today=None):
    """Every stage a candidate is scheduled for (a written exam, an interview) is refused: after an
    annulment; later than a year from the admission decision (rules.may_sit: "не по-късно от една
    година от датата на решението за допускане", 004 (certification fee) ал.6); and without the
    proof of the certification fee once its deadline for that stage has passed
    (certification_fee_overdue, ал.3-4). The same check for the exam seating and the interview."""
    if candidate.annulled_on is not None:
        raise CertificationError(_l("The candidate's procedure was annulled."), field)
    if not rules.may_sit(candidate.admitted_on, stage_on):
        raise CertificationError(
            _l(
                "The admission decision of %(admitted)s allows a stage until %(day)s only: "
                "the admission has lapsed.",
                admitted=format_day(candidate.admitted_on),
                day=format_day(rules.may_sit_until(candidate.admitted_on)),
            ),
            field,
        )
    overdue = certification_fee_overdue(candidate, stage_on, today, field)
    if overdue is not None:
        raise CertificationError(
            _l(
                "The proof of the certification fee was due by %(day)s: the candidate moves to a later date.",
                day=format_day(overdue),
            ),
            field,
        )


def certification_fee_overdue(candidate, stage_on, today=None, field="candidate_id"):
    """The missed deadline for the proof of the certification fee before a stage on `stage_on`
    (rules.certification_fee_due from the day the admission notice was received; ал.4: a candidate
    who misses it moves to the next date, so the deadline is counted for the stage being scheduled),
    or None when the proof is in or not yet due. Refused, not skipped, when the notice's day is not
    recorded: the deadline cannot be counted without it."""
    from certification.models import AdmissionDecision, CertAttachment

    today = today or datetime.date.today()
    application = candidate.application
    if application.attachments.where(CertAttachment.purpose == "certification_fee").exists():
        return None
    decision = (
        application.decisions.where(AdmissionDecision.admitted).order_by(AdmissionDecision.id.desc()).first()
    )
    if decision is None or decision.notified_on is None:
        raise CertificationError(
            _l(
                "The day the candidate received the admission notice is not recorded, so the deadline for "
                "the certification fee cannot be counted: record the notice first, or the proof of the fee."
            ),
            field,
        )
    due = rules.certification_fee_due(decision.notified_on, stage_on)
    return due if today > due else None


def seated_ids(session):
    """The candidate IDs of a session, in order: what the public schedule lists."""
    return [
        c
        for (c,) in Candidate.select(Candidate.candidate_id)
        .join(Seat)
        .where(Seat.session == session)
        .order_by(Candidate.candidate_id)
        .tuples()
    ]


def set_next_stage(user, session, day_text, today=None):
    """The Group sets the date of the next stage after this exam (the report and interview, for C):
    refused before the day the marks have been known two weeks (next_stage_allowed_from)."""
    _require_group(user)
    try:
        day = parse_date(day_text)
    except (TypeError, ValueError):
        raise CertificationError(_l("Enter the date of the next stage."), "next_stage") from None
    if day <= session.day:
        raise CertificationError(_l("The next stage comes after the exam."), "next_stage")
    _refuse_before_marks_known(day, next_stage_allowed_from(session, today), "next_stage")
    ExamSession.update(next_stage_on=day).where(ExamSession.id == session.id).execute()


def next_stage_allowed_from(session, today=None):
    """The first day of a next stage after this session (rules.next_stage_allowed_from): two weeks
    after the publication, or, before it, two weeks after today (the marks are known at the earliest
    today)."""
    return rules.next_stage_allowed_from(session.published_on or today or datetime.date.today())


def _refuse_before_marks_known(day, allowed_from, field):
    """Refuse a next stage on `day` before `allowed_from`, saying the first allowed day (004 (marking
    of the written exam) ал.8)."""
    if day < allowed_from:
        raise CertificationError(
            _l(
                "Candidates must know their marks two weeks before the next stage: "
                "it may be held from %(day)s.",
                day=format_day(allowed_from),
            ),
            field,
        )


def stage_allowed_from(candidate):
    """The first day of a stage after a candidate's written exam: two weeks after the publication of
    their latest marked exam (rules.next_stage_allowed_from), or None with no published exam (level
    B, or no exam yet)."""
    known_on = (
        ExamSession.select(fn.MAX(ExamSession.published_on))
        .join(Seat)
        .where((Seat.candidate == candidate) & Seat.final_mark.is_null(False))
        .scalar()
    )
    return rules.next_stage_allowed_from(known_on) if known_on is not None else None


def refuse_stage_before_marks_known(candidate, day):
    """A level-C candidate's interview (or any stage after their written exam) on `day` is refused
    before their exam marks have been known two weeks (stage_allowed_from)."""
    allowed_from = stage_allowed_from(candidate)
    if allowed_from is not None:
        _refuse_before_marks_known(day, allowed_from, "starts_at")


def session_may_be_held(session):
    """Whether a session has candidates enough to be held (rules.session_may_be_held): before the
    protocol, the seated ones (a plan with fewer than two cannot be held); after it, those the
    invigilator let in, the count that decides (004 (written exam) ал.13)."""
    if session.protocol_filed_at is not None:
        return not session.not_held
    return rules.session_may_be_held(session.seats.count())


def file_protocol(user, session, attendance, incidents="", today=None):
    """The invigilator's protocol, filed by the Group once the exam day has come: for each seat
    present or absent, minutes late (more than 10: not let in, rules.admitted_to_exam), and any
    suspected cheating with the invigilator's description, which informs the Board (decide_cheating
    decides). `attendance` is {seat id: (present, minutes_late, cheating, description)}.

    Fewer than two candidates let in (rules.session_may_be_held): the exam is not held. Nobody is
    marked, and the one let in is not failed: the admission and its year (rules.may_sit_until) stand,
    and the Group seats the candidate in a later session; each is recorded as an event."""
    _require_group(user)
    today = today or datetime.date.today()
    if today < session.day:
        raise CertificationError(_l("The protocol is filed on or after the day of the exam."), "protocol")
    if session.not_held:
        raise CertificationError(_l("This exam was not held: there is no protocol to change."), "protocol")
    if Mark.select().join(Seat).where(Seat.session == session).exists():
        raise CertificationError(_l("Marking has begun: the protocol can no longer change."), "protocol")
    seats = list(session.seats)  # read whole: a refusal half-way must not leave a cursor open
    rows = {seat.id: _protocol_row(seat, attendance.get(seat.id)) for seat in seats}
    held = rules.session_may_be_held(sum(row["admitted"] for row in rows.values()))
    if not held and any(row["cheating"] for row in rows.values()):
        raise CertificationError(
            _l(
                "Fewer than two candidates were let in: the exam is not held, so no cheating can be reported."
            ),
            "protocol",
        )
    with database.atomic():
        for seat in seats:
            row = rows[seat.id]
            Seat.update(**row).where(Seat.id == seat.id).execute()
            application = seat.candidate.application
            if row["cheating"] and not seat.cheating:
                CertEvent.create(
                    application=application,
                    actor=user,
                    action="cheating_reported",
                    on_date=session.day,
                    note=row["cheating_note"],
                )
            if not held and row["admitted"]:
                CertEvent.create(
                    application=application,
                    actor=user,
                    action="moved",  # its label says why; the day is the exam not held
                    on_date=session.day,
                )
        ExamSession.update(
            protocol=(incidents or "").strip(), protocol_filed_at=utcnow(), not_held=not held
        ).where(ExamSession.id == session.id).execute()
    audit.record(
        user,
        "certification.protocol",
        "cert_session",
        session.id,
        after={"seats": len(rows), "held": held},
    )


def _protocol_row(seat, entry):
    """A seat's columns from its line of the protocol, or a refusal naming the candidate's ID."""
    present, minutes_late, cheating, description = (tuple(entry or ()) + (False, 0, False, ""))[:4]
    minutes_late = _whole_number(minutes_late)
    if minutes_late is None:
        raise CertificationError(
            _l(
                "Minutes late for %(id)s: a whole number from 0 to %(most)s.",
                id=seat.candidate.candidate_id,
                most=MAX_MINUTES_LATE,
            ),
            "protocol",
        )
    description = (description or "").strip()
    if seat.cheating_decided_on is not None and (
        bool(cheating) != seat.cheating or description != seat.cheating_note
    ):
        raise CertificationError(
            _l(
                "The Board has decided the report on %(id)s: it can no longer change.",
                id=seat.candidate.candidate_id,
            ),
            "protocol",
        )
    if cheating and not present:
        raise CertificationError(
            _l(
                "%(id)s was absent: only a candidate present can be reported for cheating.",
                id=seat.candidate.candidate_id,
            ),
            "protocol",
        )
    if cheating and not description:
        raise CertificationError(
            _l(
                "Describe what the invigilator saw of %(id)s: the Board decides on it.",
                id=seat.candidate.candidate_id,
            ),
            "protocol",
        )
    return {
        "present": bool(present),
        "minutes_late": minutes_late,
        "admitted": bool(present) and rules.admitted_to_exam(minutes_late),
        "cheating": bool(cheating),
        "cheating_note": description if cheating else "",
    }


def _whole_number(value):
    """A count typed in a form or given as a number: a whole number from 0 ("" is 0), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    text = str(value if value is not None else "").strip()
    if not text:
        return 0
    return parse_int(text, high=MAX_MINUTES_LATE)


def cheating_reports(undecided_only=True, candidate=None):
    """The seats the invigilator reported for cheating, for the Board: oldest exam first (only the
    undecided ones, or a candidate's)."""
    query = (
        Seat.select(Seat, ExamSession, Candidate)
        .join(ExamSession)
        .switch(Seat)
        .join(Candidate)
        .where(Seat.cheating)
        .order_by(ExamSession.starts_at, Candidate.candidate_id)
    )
    if undecided_only:
        query = query.where(Seat.cheating_decided_on.is_null())
    if candidate is not None:
        query = query.where(Seat.candidate == candidate)
    return list(query)


def decide_cheating(user, seat, upheld, reasons, confirmed, today=None):
    """The Board decides a cheating report of the invigilator's protocol: "При доказана измама или
    опит за измама по време на изпит, процедурата за съответния кандидат се анулира и се забранява
    допускането му до следваща подобна процедура до изтичане на три години от датата на
    извършеното нарушение" (004 (written exam) ал.11; the invigilator informs the Board, ал.10
    т.5). Proven: the candidate's procedure is annulled on the decision's day, and the person is
    barred from the exam's day, the day of the violation (rules.ban_ends counts the 3 years from
    it). Not proven: the paper is marked like the others. Either way with reasons, confirmed, once."""
    if user is None or not user.has_role("board"):
        raise CertificationError(_l("You may not take this step."))
    if not seat.cheating:
        raise CertificationError(_l("No cheating was reported for this candidate."))
    if seat.cheating_decided_on is not None:
        raise CertificationError(_l("The Board has decided this report."))
    if not (reasons or "").strip():
        raise CertificationError(_l("Give the reasons for the Board's decision."), "cheating_reasons")
    if not confirmed:
        raise CertificationError(_l("Tick the box to confirm the Board's decision."), "cheating_confirm")
    today = today or datetime.date.today()
    violation_on = seat.session.day
    candidate = seat.candidate
    application = candidate.application
    with database.atomic():
        decided = (
            Seat.update(
                cheating_upheld=bool(upheld),
                cheating_reasons=reasons.strip(),
                cheating_decided_on=today,
                cheating_decided_by=user,
            )
            .where((Seat.id == seat.id) & Seat.cheating_decided_on.is_null())
            .execute()
        )
        if not decided:  # another member of the Board recorded a decision meanwhile
            raise CertificationError(_l("The Board has decided this report."))
        if upheld:
            Candidate.update(annulled_on=today).where(Candidate.id == candidate.id).execute()
            # The ban runs from the violation (the exam's day), not from the decision (ал.11).
            Ban.create(
                personal_number=application.personal_number,
                ground="cheating",
                decided_on=violation_on,
                application=application,
            )
        CertEvent.create(
            application=application,
            actor=user,
            action="annulled" if upheld else "cheating_not_proven",
            on_date=today,
            note=reasons.strip(),
        )
        audit.record(user, "certification.cheating", "cert_seat", seat.id, after={"upheld": bool(upheld)})


def is_markable(seat):
    """Whether a seat's paper is marked and its result published: the exam was held, the candidate
    let in, and no cheating reported, or the Board found it not proven (as Seat.markable)."""
    return (
        bool(seat.admitted)
        and not seat.session.not_held
        and (not seat.cheating or seat.cheating_upheld is False)
    )


def assign_assessor(user, seat, assessor, arbiter=False, step="appoint"):
    """The Board appoints (the Group proposes, `step` "propose") an assessor to mark a seat's paper
    (appointments.nominate: no conflict of interest with the candidate). 004 (marking of the written
    exam) ал.1 sets a minimum, "най-малко един оценител за ниво D и поне двама оценители за ниво
    С", so more may be appointed (rules.reconcile reconciles them); an arbiter is appointed only
    when the assessors cannot agree (ал.2), and no one once the final mark is set."""
    from certification.appointments import nominate

    if seat.final_mark is not None:
        raise CertificationError(_l("The final mark is set: no more assessors are appointed to this paper."))
    if arbiter and not seat.cannot_agree:
        raise CertificationError(_l("An arbiter is appointed only when the assessors cannot agree."))
    return nominate(
        user,
        step,
        MarkAssignment,
        {"seat": seat},
        seat.candidate.application,
        assessor,
        defaults={"arbiter": bool(arbiter)},
    )


def seats_for_assessor(assessor, session=None):
    """The seats an assessor marks, with nothing but the candidate's ID and the session."""
    query = (
        Seat.select(Seat, Candidate.candidate_id, ExamSession)
        .join(MarkAssignment)
        .switch(Seat)
        .join(Candidate)
        .switch(Seat)
        .join(ExamSession)
        .where(
            (MarkAssignment.assessor == assessor)
            & MarkAssignment.appointed_at.is_null(False)
            & Seat.markable()
        )
        .order_by(ExamSession.starts_at, Candidate.candidate_id)
    )
    if session is not None:
        query = query.where(Seat.session == session)
    return list(query)


def mark_decimals():
    """How many decimals a mark has (the setting MARK_DECIMALS: the site's choice, 004 sets none)."""
    return current_app.config["MARK_DECIMALS"]


def mark_step():
    """The step of every mark input on the pages: one unit of the last decimal (0.1 for 1)."""
    return format(10 ** -mark_decimals(), f".{mark_decimals()}f")


def format_mark(value):
    """A mark as the pages show it, to MARK_DECIMALS places, with the reader's decimal sign
    ("72,5" in Bulgarian; "—" for none)."""
    return "—" if value is None else format_number(value, mark_decimals())


def mark_value(value):
    """A mark as typed, as a number from 0 to 100 with at most MARK_DECIMALS decimals
    (rules.parse_mark), or a clear refusal."""
    try:
        return rules.parse_mark(value, mark_decimals())
    except rules.TooManyDecimals:
        raise CertificationError(
            _l("A mark has at most %(decimals)d decimal(s).", decimals=mark_decimals()), "mark"
        ) from None
    except ValueError:
        raise CertificationError(_l("A mark is a number from 0 to 100."), "mark") from None


def enter_mark(assessor, seat, value):
    """An assigned assessor enters (or corrects, until the final mark) their own mark, 0-100; only
    their own row is written, so two assessors saving at once never overwrite each other."""
    assignment = (
        MarkAssignment.appointed()
        .where((MarkAssignment.seat == seat) & (MarkAssignment.assessor == assessor))
        .first()
    )
    if assignment is None:
        raise CertificationError(_l("You are not assigned to this paper."))
    seat = Seat.get_by_id(seat.id)  # as stored now: the protocol or the Board may have changed it
    if seat.final_mark is not None:
        raise CertificationError(_l("The final mark is set: marks can no longer change."))
    if not is_markable(seat):
        raise CertificationError(_l("This paper is not marked: see the protocol."))
    value = mark_value(value)
    with database.atomic():
        updated = (
            Mark.update(value=value, entered_at=utcnow())
            .where((Mark.seat == seat) & (Mark.assessor == assessor))
            .execute()
        )
        if not updated:
            Mark.create(seat=seat, assessor=assessor, value=value, arbiter=assignment.arbiter)
        _settle(seat)


def record_agreement(assessor, seat, agreed=None, cannot_agree=False):
    """The assessors' consensus mark when their marks differ by 20 points or more, or their record
    that they cannot agree (then the Group appoints an arbiter)."""
    if (
        not MarkAssignment.appointed()
        .where((MarkAssignment.seat == seat) & (MarkAssignment.assessor == assessor))
        .exists()
    ):
        raise CertificationError(_l("You are not assigned to this paper."))
    state = reconciliation(seat)
    if state.needs != "consensus":
        raise CertificationError(_l("No consensus is needed for this paper now."))
    with database.atomic():
        if cannot_agree:
            Seat.update(cannot_agree=True).where(Seat.id == seat.id).execute()
        else:
            agreed = mark_value(agreed)
            Seat.update(agreed_mark=agreed, agreed_by=assessor, agreed_at=utcnow()).where(
                Seat.id == seat.id
            ).execute()
        _settle(Seat.get_by_id(seat.id))


def reconciliation(seat):
    """Where a seat's marking stands (rules.reconcile over its stored marks)."""
    marks = list(seat.marks.order_by(Mark.id))
    assessors = [m.value for m in marks if not m.arbiter]
    arbiter = next((m.value for m in marks if m.arbiter), None)
    assigned = (
        MarkAssignment.appointed().where((MarkAssignment.seat == seat) & ~MarkAssignment.arbiter).count()
    )
    if len(assessors) < assigned:  # every assessor assigned marks, even where one would suffice (D)
        return rules.Reconciliation(None, "second_mark" if assessors else "first_mark")
    state = rules.reconcile(
        assessors,
        level=seat.session.level,
        agreed=seat.agreed_mark,
        cannot_agree=seat.cannot_agree,
        arbiter=arbiter,
        threshold=current_app.config["MARK_DIFFERENCE_POINTS"],
    )
    # Rounded once, here, before it is stored and compared with the pass mark (rules.round_mark).
    return rules.Reconciliation(rules.round_mark(state.final, mark_decimals()), state.needs)


def _settle(seat):
    """Store the final mark as soon as the marks give one (kept apart from every individual mark)."""
    state = reconciliation(Seat.get_by_id(seat.id))
    if state.final is not None:
        Seat.update(final_mark=state.final, final_at=utcnow()).where(
            (Seat.id == seat.id) & Seat.final_mark.is_null()
        ).execute()


def pass_mark(level):
    """The pass mark of a level (a setting: PASS_MARKS)."""
    return current_app.config["PASS_MARKS"][level]


def publish(user, session, published_on=None):
    """The Group publishes a session's results (nothing is public before). Refused while a present
    candidate has no final mark."""
    _require_group(user)
    if session.protocol_filed_at is None:
        raise CertificationError(_l("File the invigilator's protocol first."))
    if session.not_held:
        raise CertificationError(_l("This exam was not held: there are no results to publish."))
    if any(s.cheating and s.cheating_decided_on is None for s in session.seats):
        raise CertificationError(
            _l("The Board has not decided on the cheating reported in the protocol yet.")
        )
    pending = [s for s in session.seats if is_markable(s) and s.final_mark is None]
    if pending:
        raise CertificationError(_l("Some papers have no final mark yet."))
    published_on = published_on or datetime.date.today()
    if session.next_stage_on is not None:
        # Publishing now must still leave the candidates two weeks before the next stage.
        _refuse_before_marks_known(
            session.next_stage_on, rules.next_stage_allowed_from(published_on), "publish"
        )
    ExamSession.update(published_on=published_on).where(ExamSession.id == session.id).execute()
    audit.record(
        user, "certification.publish", "cert_session", session.id, after={"on": published_on.isoformat()}
    )


def public_results(session):
    """What the public page shows of a published session (None before publication): when
    disclosure control allows (rules.results_disclosable, with the pass mark in force), each
    candidate ID with pass or fail and the final mark; otherwise no row at all, only that the
    results are communicated individually (004 (marking of the written exam) ал.6)."""
    if session.published_on is None:
        return None
    seats = [s for s in session.seats.join(Candidate).order_by(Candidate.candidate_id) if is_markable(s)]
    threshold = pass_mark(session.level)
    rows = [(s.candidate.candidate_id, rules.passed(s.final_mark, threshold), s.final_mark) for s in seats]
    disclosed = rules.results_disclosable([m for _, _, m in rows], [ok for _, ok, _ in rows])
    return {"rows": rows if disclosed else [], "disclosed": disclosed, "pass_mark": threshold}


def _published_seat(candidate_id, exam_day):
    """The seat of a candidate ID in a published session held on `exam_day`, or None. A mistyped ID
    is looked up like an unknown one, through the same query, so both answers take as long."""
    try:
        normalised = normalise_candidate_id(candidate_id)
    except ValueError:
        normalised = ""
    seats = (
        Seat.select(Seat, Candidate, ExamSession)
        .join(Candidate)
        .switch(Seat)
        .join(ExamSession)
        .where((Candidate.candidate_id == normalised) & ExamSession.published_on.is_null(False))
        .order_by(ExamSession.starts_at.desc())
    )
    return next((seat for seat in seats if seat.session.day == exam_day), None)


def public_lookup(candidate_id, exam_day):
    """What the public results page shows for this candidate ID and exam date, and nothing more:
    {"passed", "mark", "pass_mark"} when the session's results are published by ID (public_results),
    else None (an unknown ID, a wrong date, an absent candidate and a withheld session alike)."""
    seat = _published_seat(candidate_id, exam_day)
    if seat is None:
        return None
    published = public_results(seat.session)
    row = next((r for r in published["rows"] if r[0] == seat.candidate.candidate_id), None)
    if row is None:
        return None
    return {"passed": row[1], "mark": row[2], "pass_mark": published["pass_mark"]}


def is_the_candidate(candidate, user=None, access_code=""):
    """Whether the one asking is the candidate (004: a withheld mark, feedback and the appeal are
    theirs alone; the candidate ID is public and proves nothing): signed in as the applicant who owns
    the candidate ID, or holding the candidate's personal access code (access_codes)."""
    if user is not None and getattr(user, "is_authenticated", False):
        if candidate.application.applicant_id == user.id:
            return True
    return access_code_matches(candidate.access_code_hash, access_code)


def result_of(seat, today=None):
    """A candidate's own result of a published session, for the candidate only: the final mark and
    status even where disclosure control withheld them, the feedback asked, and the last days to ask
    for feedback (rules.feedback_request_due) and to appeal (rules.appeal_due after the feedback's
    answer, else rules.appeal_without_feedback_due), with what is still open `today`."""
    today = today or datetime.date.today()
    published_on = seat.session.published_on
    found = {"seat": seat, "pass_mark": pass_mark(seat.session.level), "feedback": None}
    if not seat.admitted or seat.final_mark is None:
        return found | {"status": "absent", "mark": None, "feedback_open": False, "appeal_open": False}
    feedback = seat.feedback_requests.first()
    feedback_by = rules.feedback_request_due(published_on)
    if feedback is not None and feedback.answered_on is not None:
        appeal_by, with_feedback = rules.appeal_due(feedback.answered_on), True
    else:
        days = current_app.config["APPEAL_WITHOUT_FEEDBACK_DAYS"]
        appeal_by, with_feedback = rules.appeal_without_feedback_due(published_on, days), False
    pending = seat.appeals.where(Appeal.decided_on.is_null()).exists()
    return found | {
        "status": "passed" if rules.passed(seat.final_mark, found["pass_mark"]) else "failed",
        "mark": seat.final_mark,
        "feedback": feedback,
        "feedback_by": feedback_by,
        "feedback_open": feedback is None and today <= feedback_by,
        "appeal_by": appeal_by,
        "appeal_with_feedback": with_feedback,
        "appeal_pending": pending,
        "appeal_open": not pending and today <= appeal_by,
    }


def own_result(candidate_id, exam_day, user=None, access_code="", today=None):
    """The candidate's own result by ID and exam date (result_of), or None unless the one asking is
    the candidate (is_the_candidate): the same None for an unknown ID, a wrong date or a wrong code."""
    seat = _published_seat(candidate_id, exam_day)
    if seat is None or not is_the_candidate(seat.candidate, user, access_code):
        return None
    return result_of(seat, today)


def results_of(user, today=None):
    """The signed-in applicant's own published written-exam results, latest first (result_of)."""
    from certification.models import CertApplication

    seats = (
        Seat.select(Seat, Candidate, ExamSession)
        .join(Candidate)
        .join(CertApplication)
        .switch(Seat)
        .join(ExamSession)
        .where((CertApplication.applicant == user) & ExamSession.published_on.is_null(False))
        .order_by(ExamSession.starts_at.desc())
    )
    return [result_of(seat, today) for seat in seats]


# --- Feedback and appeals ---------------------------------------------------------------------------


def _candidates_own(candidate_id, exam_day, user, access_code, today):
    """The candidate's own result (own_result) for a step only the candidate may take, or a refusal
    that says how to prove it."""
    found = own_result(candidate_id, exam_day, user, access_code, today)
    if found is None:
        raise CertificationError(
            _l(
                "Only the candidate may do this: log in with the account you applied with, or give "
                "the personal access code sent to you with your admission notice."
            ),
            "access_code",
        )
    if found["status"] == "absent":
        raise CertificationError(_l("You did not sit this exam: there is no mark to ask about."))
    return found


def ask_feedback(candidate_id, exam_day, text, user=None, access_code="", today=None):
    """The candidate (is_the_candidate) asks in writing for feedback on their mark, within 10
    working days of the publication (004; rules.feedback_request_due). Once per result."""
    today = today or datetime.date.today()
    found = _candidates_own(candidate_id, exam_day, user, access_code, today)
    if today > found["feedback_by"]:
        raise CertificationError(
            _l("Feedback could be asked until %(day)s.", day=format_day(found["feedback_by"]))
        )
    if not (text or "").strip():
        raise CertificationError(_l("Say what you would like feedback on."), "feedback")
    seat = found["seat"]
    if found["feedback"] is not None:
        raise CertificationError(_l("Feedback on this result has already been asked for."))
    return FeedbackRequest.create(seat=seat, asked_on=today, text=text.strip())


def lead_assessor(seat):
    """The lead assessor of a paper: the first assessor appointed to it (not the arbiter)."""
    first = (
        MarkAssignment.appointed()
        .where((MarkAssignment.seat == seat) & ~MarkAssignment.arbiter)
        .order_by(MarkAssignment.appointed_at, MarkAssignment.id)
        .first()
    )
    return first.assessor if first else None


def answer_feedback(user, request_, answer, today=None):
    """The lead assessor answers a feedback request."""
    lead = lead_assessor(request_.seat)
    if lead is None or user is None or user.id != lead.id:
        raise CertificationError(_l("Only the lead assessor of the paper answers its feedback requests."))
    if not (answer or "").strip():
        raise CertificationError(_l("Write the feedback."), "answer")
    if request_.answered_on is not None:
        raise CertificationError(_l("This request has been answered."))
    FeedbackRequest.update(
        answer=answer.strip(), answered_by=user, answered_on=today or datetime.date.today()
    ).where(FeedbackRequest.id == request_.id).execute()


def file_appeal(
    candidate_id, exam_day, text, without_feedback_reason="", user=None, access_code="", today=None
):
    """The candidate (is_the_candidate) appeals a mark to the Appeals Committee: within 10 days of
    the feedback's answer (rules.appeal_due); without feedback only with a reason, which the
    Committee accepts or not (004 ал.11), and by rules.appeal_without_feedback_due."""
    today = today or datetime.date.today()
    found = _candidates_own(candidate_id, exam_day, user, access_code, today)
    seat = found["seat"]
    if not (text or "").strip():
        raise CertificationError(_l("Say what you appeal against and why."), "appeal")
    reason = (without_feedback_reason or "").strip()
    if not found["appeal_with_feedback"] and not reason:
        raise CertificationError(
            _l("Ask for feedback first, or say why you appeal without it."), "without_feedback_reason"
        )
    if today > found["appeal_by"]:
        raise CertificationError(
            _l("An appeal could be filed until %(day)s.", day=format_day(found["appeal_by"]))
        )
    if found["appeal_pending"]:
        raise CertificationError(_l("An appeal on this result is already with the Committee."))
    if found["appeal_with_feedback"]:
        reason = ""  # the feedback was received: no reason is needed, and none is recorded
    return Appeal.create(seat=seat, filed_on=today, text=text.strip(), without_feedback_reason=reason)


def file_admission_appeal(application, user, text, today=None):
    """A refused applicant appeals the Board's refusal to the Appeals Committee (004)."""
    from certification.models import REFUSED

    if user is None or application.applicant_id != user.id or application.state != REFUSED:
        raise CertificationError(_l("You may not take this step."))
    if not (text or "").strip():
        raise CertificationError(_l("Say what you appeal against and why."), "appeal")
    if application.appeals.exists():
        raise CertificationError(_l("You have already appealed this decision."))
    return Appeal.create(application=application, filed_on=today or datetime.date.today(), text=text.strip())


def decide_appeal(user, appeal, upheld, decision, today=None):
    """The Appeals Committee decides; its decision is final and recorded (004)."""
    if user is None or not user.has_role("appeals"):
        raise CertificationError(_l("You may not take this step."))
    if appeal.decided_on is not None:
        raise CertificationError(_l("The Committee has decided this appeal; its decision is final."))
    if not (decision or "").strip():
        raise CertificationError(_l("Give the Committee's decision with its reasons."), "decision")
    Appeal.update(
        upheld=bool(upheld),
        decision=decision.strip(),
        decided_on=today or datetime.date.today(),
        decided_by=user,
    ).where(Appeal.id == appeal.id).execute()
    audit.record(user, "certification.appeal", "cert_appeal", appeal.id, after={"upheld": bool(upheld)})


def feedback_for_lead(assessor):
    """The feedback requests on papers this assessor leads, unanswered first (by candidate ID)."""
    requests_ = FeedbackRequest.select().order_by(
        FeedbackRequest.answered_on.is_null(False), FeedbackRequest.asked_on
    )
    return [r for r in requests_ if (lead := lead_assessor(r.seat)) is not None and lead.id == assessor.id]
