"""NAPOO's check of a document, condition by condition (001 art. 22(3)/(4)): the conditions the
site's records decide, with their evidence; the officer's findings; the outcome (22(5), (8)-(10)).
Plain functions that never see `request`, each step in one transaction."""

import datetime

from flask import current_app
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.db import database
from register.blanks.labels import BLANK_STATE_LABELS
from register.blanks.report import destroyed_or_unusable as blank_unusable
from register.documents import rules
from register.documents.models import (
    AWAITING_CHECK,
    RETURNED,
    VALIDATION_COURSE,
    BlankBatch,
    Course,
    DocumentCondition,
    IssuedDocument,
    licence_entries_on,
)
from register.documents.workflow import WORKFLOW, DocumentError
from register.models import Licence

DEADLINE_NOT_SET = _l("The term to fix the mismatch must be a date after today.")
UNDECIDED = _l("Record every condition as met or not met.")
NOT_OVERDUE = _l("The term to fix the mismatch has not passed yet.")
MOVED_ON = _l("This step cannot be taken now: the document has moved on.")


def day_text(value):
    """A date as the reader's language writes it, or a dash."""
    return format_date(value) if value else "—"


# --- NAPOO's check ---------------------------------------------------------------------------------


def _trained_codes(centre_id):
    """The specialities of the centre's training courses."""
    query = Course.select(Course.speciality).where(
        (Course.centre == centre_id) & (Course.kind != VALIDATION_COURSE)
    )
    return {c.speciality_id for c in query}


def system_results(document):
    """{code: (met, evidence)} of the conditions the site decides, each by its rule, with what it
    found."""
    course, person = document.course, document.participant
    results = {}
    if course is None or person is None:
        return results
    licence = Licence.get_by_id(course.licence_id)
    on_list = rules.person_on_course_list(person, course)
    if rules.is_validation(document.kind):
        results["applied_for_validation"] = (
            on_list and person.applied_on is not None,
            _(
                "applied on %(day)s, on the list of validation %(course)s",
                day=day_text(person.applied_on),
                course=course.id,
            ),
        )
    else:
        results["on_course_list"] = (
            on_list,
            _(
                "on the list of course %(course)s since %(day)s",
                course=course.id,
                day=day_text(person.created_at.date()),
            ),
        )
    code = course.speciality_id
    licensed = licence_entries_on(course.licence_id, course.starts_on)
    met = rules.speciality_licensed(code, licensed)
    if met:
        text = _(
            "speciality %(code)s in licence %(licence)s since %(day)s",
            code=code,
            licence=licence.number,
            day=day_text(licensed[code].added_on),
        )
    else:
        text = _(
            "speciality %(code)s not in licence %(licence)s when the course began",
            code=code,
            licence=licence.number,
        )
    if rules.is_validation(document.kind):
        trained = rules.speciality_trained_for_validation(code, _trained_codes(course.centre_id))
        met = met and trained
        text += "; " + (
            _("the centre trains in it") if trained else _("the centre has no training course in it")
        )
    results["speciality_licensed"] = (met, text)
    profession = course.speciality.profession
    listed = rules.profession_listed_when_training_began(
        course.starts_on, profession.listed_from, profession.listed_until
    )
    results["profession_listed"] = (
        listed,
        _(
            "profession %(code)s on the List since %(since)s, until %(until)s; the course began on %(began)s",
            code=profession.code,
            since=day_text(profession.listed_from),
            until=day_text(profession.listed_until),
            began=day_text(course.starts_on),
        ),
    )
    passed = rules.passed_exam_protocol(person.exam_result)
    results["passed_exam"] = (
        passed and bool(course.exam_protocol_number),
        _(
            "exam protocol %(number)s of %(day)s: %(result)s",
            number=course.exam_protocol_number or "—",
            day=day_text(course.exam_protocol_date),
            result=person.exam_result or _("no exam yet"),
        ),
    )
    results["factory_number"] = _blank_result(document)
    return results


def _blank_result(document):
    """The blank's condition (art. 22(3) т. 9) with the batch it is in."""
    if not rules.factory_numbered(document.kind):
        return (True, _("this kind has no factory number"))
    batches = list(
        BlankBatch.select().where(
            (BlankBatch.centre == document.centre_id) & (BlankBatch.kind == document.kind)
        )
    )
    used = IssuedDocument.blank_used_elsewhere(document)
    ranges = [(b.series, b.first_number, b.last_number) for b in batches]
    met = rules.factory_number_registered(document.series, document.factory_number, ranges, used)
    blank = f"{document.series} {document.factory_number}"
    batch = next(
        (
            b
            for b in batches
            if rules.factory_number_registered(
                document.series, document.factory_number, [(b.series, b.first_number, b.last_number)], False
            )
        ),
        None,
    )
    if batch is None:
        return (False, _("blank %(blank)s is in none of the centre's registered batches", blank=blank))
    unusable = blank_unusable(
        document.centre_id, document.kind, document.series, int(document.factory_number)
    )
    if unusable:
        return (
            False,
            _("blank %(blank)s is marked %(state)s", blank=blank, state=BLANK_STATE_LABELS[unusable]),
        )
    text = _(
        "blank %(blank)s in batch %(first)s-%(last)s received %(day)s",
        blank=blank,
        first=batch.first_number,
        last=batch.last_number,
        day=day_text(batch.received_on),
    )
    text += ", " + (_("already on another document") if used else _("on no other document"))
    return (met, text)


def default_fix_deadline(today):
    """The term the page suggests: today + DOCUMENT_FIX_DAYS (the site's choice; 001 sets none)."""
    return today + datetime.timedelta(days=current_app.config["DOCUMENT_FIX_DAYS"])


def unmet_letter(document, unmet, deadline=None):
    """The letter's text to the centre listing the unmet conditions (001 art. 22(8)) or the reasons
    of a refusal (22(10))."""
    from register.documents.labels import CONDITION_LABELS

    lines = [f"- {CONDITION_LABELS[code]}" + (f": {note}" if note else "") for code, note in unmet]
    head = (
        _(
            "NAPOO's check found these requirements not met (001 art. 22(8)); fix them by %(day)s:",
            day=day_text(deadline),
        )
        if deadline
        else _(
            "After the repeated check these requirements are not met: the document is not entered "
            "in the register (001 art. 22(10)):"
        )
    )
    return head + "\n" + "\n".join(lines)


def record_check(document, user, version, officer_results, today, fix_deadline=None):
    """NAPOO's check of a submitted document, one round: the site's conditions computed, the
    officer's recorded ({code: (met, note)}), all kept as the round's DocumentCondition rows; the
    outcome by rules.check_outcome. Returns the outcome ("cleared", "returned", "refused")."""
    if document.state not in AWAITING_CHECK:
        raise DocumentError(MOVED_ON)
    round_number = document.check_round + 1
    computed = system_results(document)
    rows = []
    for code, _point, who in rules.check_conditions(document.kind):
        if who == rules.SYSTEM:
            met, evidence = computed.get(code, (False, ""))
        else:
            met, evidence = officer_results.get(code, (None, ""))
            if met is None:
                raise DocumentError(UNDECIDED, code)
        rows.append((code, who, bool(met), evidence))
    unmet = [(code, evidence) for code, _who, met, evidence in rows if not met]
    outcome = rules.check_outcome(not unmet, round_number)
    changes = {"check_round": round_number}
    if outcome == "returned":
        if not rules.fix_deadline_is_set(fix_deadline, today):
            raise DocumentError(DEADLINE_NOT_SET, "fix_deadline")
        changes["fix_deadline"] = fix_deadline
    action = {"cleared": "clear", "returned": "return", "refused": "refuse"}[outcome]
    note = (
        ""
        if outcome == "cleared"
        else unmet_letter(document, unmet, fix_deadline if outcome == "returned" else None)
    )
    with database.atomic():
        WORKFLOW.move(document, user, action, version, changes=changes, note=note, on_date=today)
        for code, who, met, evidence in rows:
            DocumentCondition.create(
                document=document,
                round=round_number,
                code=code,
                met=met,
                decided_by=who,
                evidence=evidence,
                officer=user if who == rules.OFFICER else None,
            )
    return outcome


def refuse_unfixed(document, user, version, today):
    """A returned document whose term passed without fixes: the repeated check (001 art. 22(9))
    finds the requirements still not met, and it is not entered (22(10)). The day of the term is
    still the centre's; the day after, NAPOO may refuse."""
    if document.state != RETURNED:
        raise DocumentError(MOVED_ON)
    if not rules.term_for_fixes_passed(document.fix_deadline, today):
        raise DocumentError(NOT_OVERDUE)
    previous = DocumentCondition.select().where(
        (DocumentCondition.document == document) & (DocumentCondition.round == document.check_round)
    )
    unmet = [(c.code, c.evidence) for c in previous if not c.met]
    note = (
        _("Not fixed by %(day)s.", day=day_text(document.fix_deadline)) + "\n" + unmet_letter(document, unmet)
    )
    WORKFLOW.move(document, user, "refuse", version, note=note, on_date=today)
