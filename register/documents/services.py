"""The documents' way into the register as plain functions (never `request`): a centre enters a
document, submits it, fixes and resubmits it; NAPOO checks it condition by condition (001 art.
22(3)/(4)) and clears, returns or refuses it; the centre (or NAPOO for a closed centre's duplicate)
registers it with its images (22(6)-(7)). Each step runs in one transaction and raises
DocumentError with a message for the person who asked."""

import datetime

from flask import current_app
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.dates import utcnow
from portal.db import database
from portal.workflow import NOT_ALLOWED
from register.documents import rules
from register.documents.models import (
    AWAITING_CHECK,
    CLEARED,
    DRAFT,
    REGISTERED,
    RETURNED,
    VALIDATION_COURSE,
    BlankBatch,
    CentreAccount,
    Course,
    DocumentCondition,
    DocumentImage,
    IssuedDocument,
    normalise_number,
)
from register.documents.workflow import WORKFLOW, DocumentError, may
from register.models import ArchiveDesignation, Licence, LicensedSpeciality

EDITABLE = (DRAFT, RETURNED)
# Kinds a Europass supplement may belong to (001 art. 5(5) т. 7: "към документите по т. 1 – 4").
EUROPASS_PARENTS = (rules.QUALIFICATION, rules.TRAINING, rules.VALIDATION, rules.PART_VALIDATION)

NOT_EDITABLE = _l("The document's data can be changed only while the centre prepares it or fixes it.")
NEEDS_BLANK = _l("Enter the series and the factory number printed on the blank.")
WRONG_COURSE = _l("A validation document needs a validation; a training document needs a training course.")
NEEDS_PARENT = _l("Choose the document (kinds 1-4) of the same person that the supplement belongs to.")
NOT_CHECKED = _l("NAPOO does not check this kind of document: record its registration instead.")
NEEDS_IMAGE = _l("Upload at least one scanned image of the document (PDF, JPEG or PNG).")
BEFORE_PROTOCOL = _l("The registration date cannot be before the exam protocol's date (%(day)s).")
NEEDS_NUMBER = _l("Enter the registration number of the registration book.")
DEADLINE_NOT_SET = _l("The term to fix the mismatch must be a date after today.")
UNDECIDED = _l("Record every condition as met or not met.")
NOT_OVERDUE = _l("The term to fix the mismatch has not passed yet.")
NOT_REGISTERED = _l("A duplicate is issued only of a document in the register.")
ARCHIVE_ONLY = _l(
    "The centre that issued the original is closed: NAPOO records the duplicate on behalf of the "
    "school that keeps its archive."
)
NO_ARCHIVE = _l("No school is designated to keep the closed centre's archive yet.")


def check_needed(document):
    """Whether NAPOO checks this document before it enters the register (001 art. 22(2)): by its
    kind, an annex by its document's kind. A closed centre's duplicate NAPOO records itself from the
    archive's documentation (001 art. 16(4)): there is no centre left to send it, so NAPOO registers
    it without a check of its own entry."""
    if document.issued_by_archive:
        return False
    if document.kind == rules.EUROPASS and document.parent_id:
        return rules.annex_check_required(document.parent.kind)
    return rules.check_required(document.kind)


def _blank_fields(kind, series, factory_number):
    """The blank's series and number as kept, or a refusal where the kind needs them."""
    series, number = normalise_number(series), normalise_number(factory_number)
    if rules.factory_numbered(kind):
        if not series:
            raise DocumentError(NEEDS_BLANK, "series")
        if not number:
            raise DocumentError(NEEDS_BLANK, "factory_number")
    return series, number


def _course_fits(kind, course):
    """A validation document of a validation course, a training document of a training course."""
    if course is None or kind == rules.EUROPASS:
        return
    if rules.is_validation(kind) != (course.kind == VALIDATION_COURSE):
        raise DocumentError(WRONG_COURSE, "kind")


def _parent_fits(kind, parent, participant):
    """A Europass supplement belongs to a document of kinds 1-4 of the same person."""
    if kind != rules.EUROPASS:
        return None
    if parent is None or parent.kind not in EUROPASS_PARENTS or parent.holder_hash != participant.number_hash:
        raise DocumentError(NEEDS_PARENT, "parent")
    return parent


def enter_document(user, participant, kind, series="", factory_number="", parent=None):
    """The centre enters a document for a person on its course's list: a draft, with its first
    timeline event."""
    course = participant.course
    if not CentreAccount.acts_for(user, course.centre_id):
        raise DocumentError(NOT_ALLOWED)
    if kind not in rules.KINDS:
        raise DocumentError(_l("Choose the kind of document."), "kind")
    _course_fits(kind, course)
    parent = _parent_fits(kind, parent, participant)
    series, number = _blank_fields(kind, series, factory_number)
    with database.atomic():
        document = WORKFLOW.create(
            user,
            "create",
            centre=course.centre_id,
            course=course,
            participant=participant,
            kind=kind,
            series=series,
            factory_number=number,
            holder_name=participant.full_name,
            holder_hash=participant.number_hash,
            parent=parent,
            created_by=user,
        )
        document.refresh_verify_key()
        document.save()
    return document


def update_document(document, user, version, series, factory_number, holder_name=None):
    """The centre fixes the document's data (in DRAFT and RETURNED only)."""
    if document.state not in EDITABLE or not may(
        user, "submit" if document.state == DRAFT else "resubmit", document
    ):
        raise DocumentError(NOT_EDITABLE)
    series, number = _blank_fields(document.kind, series, factory_number)
    changes = {"series": series, "factory_number": number}
    if holder_name is not None and holder_name.strip():
        changes["holder_name"] = " ".join(holder_name.split())[:300]
    with database.atomic():
        WORKFLOW.update_if_current(document, version, changes)
        document.refresh_verify_key()
        IssuedDocument.update(verify_key=document.verify_key).where(
            IssuedDocument.id == document.id
        ).execute()
        WORKFLOW.record_event(document, user, "edit", from_state=document.state)


def submit(document, user, version):
    """The centre sends a document NAPOO checks to its check (001 art. 22(2))."""
    if not check_needed(document):
        raise DocumentError(NOT_CHECKED)
    WORKFLOW.move(document, user, "submit", version, changes={"submitted_at": utcnow()})


def resubmit(document, user, version):
    """The centre sends the fixed document back for the repeated check (001 art. 22(9))."""
    WORKFLOW.move(document, user, "resubmit", version)


# --- NAPOO's check ---------------------------------------------------------------------------------


def _licensed_codes(course):
    """The specialities the course's licence covered on the day the course began."""
    query = LicensedSpeciality.select().where(
        (LicensedSpeciality.licence == course.licence_id) & (LicensedSpeciality.added_on <= course.starts_on)
    )
    return {s.speciality_id: s for s in query if s.removed_on is None or s.removed_on > course.starts_on}


def _trained_codes(centre_id):
    """The specialities of the centre's training courses."""
    query = Course.select(Course.speciality).where(
        (Course.centre == centre_id) & (Course.kind != VALIDATION_COURSE)
    )
    return {c.speciality_id for c in query}


def _day(value):
    return format_date(value) if value else "—"


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
                day=_day(person.applied_on),
                course=course.id,
            ),
        )
    else:
        results["on_course_list"] = (
            on_list,
            _(
                "on the list of course %(course)s since %(day)s",
                course=course.id,
                day=_day(person.created_at.date()),
            ),
        )
    code = course.speciality_id
    licensed = _licensed_codes(course)
    met = rules.speciality_licensed(code, licensed)
    if met:
        text = _(
            "speciality %(code)s in licence %(licence)s since %(day)s",
            code=code,
            licence=licence.number,
            day=_day(licensed[code].added_on),
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
            since=_day(profession.listed_from),
            until=_day(profession.listed_until),
            began=_day(course.starts_on),
        ),
    )
    passed = rules.passed_exam_protocol(person.exam_result)
    results["passed_exam"] = (
        passed and bool(course.exam_protocol_number),
        _(
            "exam protocol %(number)s of %(day)s: %(result)s",
            number=course.exam_protocol_number or "—",
            day=_day(course.exam_protocol_date),
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
            if b.series == document.series
            and document.factory_number.isdigit()
            and b.first_number <= int(document.factory_number) <= b.last_number
        ),
        None,
    )
    if batch is None:
        return (False, _("blank %(blank)s is in none of the centre's registered batches", blank=blank))
    text = _(
        "blank %(blank)s in batch %(first)s-%(last)s received %(day)s",
        blank=blank,
        first=batch.first_number,
        last=batch.last_number,
        day=_day(batch.received_on),
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
            day=_day(deadline),
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
        raise DocumentError(_l("This step cannot be taken now: the document has moved on."))
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
        raise DocumentError(_l("This step cannot be taken now: the document has moved on."))
    if document.fix_deadline is None or today <= document.fix_deadline:
        raise DocumentError(NOT_OVERDUE)
    previous = DocumentCondition.select().where(
        (DocumentCondition.document == document) & (DocumentCondition.round == document.check_round)
    )
    unmet = [(c.code, c.evidence) for c in previous if not c.met]
    note = _("Not fixed by %(day)s.", day=_day(document.fix_deadline)) + "\n" + unmet_letter(document, unmet)
    WORKFLOW.move(document, user, "refuse", version, note=note, on_date=today)


# --- Registration (001 art. 22(6)-(7)) ------------------------------------------------------------


def register_document(document, user, version, registration_number, registered_on, stored_images):
    """The document enters the register: its number and date in the registration book (not before
    the exam protocol, 001 art. 13(7)) and its scanned images (`stored_images`: what
    portal.uploads.store kept). A draft only where NAPOO does not check it."""
    if document.state == DRAFT and check_needed(document):
        raise DocumentError(_l("NAPOO checks this kind of document: submit it for the check first."))
    if document.state not in (DRAFT, CLEARED):
        raise DocumentError(_l("This step cannot be taken now: the document has moved on."))
    number = " ".join((registration_number or "").split())
    if not number:
        raise DocumentError(NEEDS_NUMBER, "registration_number")
    course = document.course
    protocol = course.exam_protocol_date if course is not None else None
    if not rules.registration_not_before_protocol(registered_on, protocol):
        raise DocumentError(
            BEFORE_PROTOCOL % {"day": _day(protocol)}
            if registered_on
            else _l("Enter the registration date."),
            "registered_on",
        )
    if not stored_images:
        raise DocumentError(NEEDS_IMAGE, "images")
    with database.atomic():
        changes = {
            "registration_number": number[:50],
            "registered_on": registered_on,
            "registered_year": registered_on.year,
            "entered_at": utcnow(),
        }
        document.registration_number = changes["registration_number"]
        document.refresh_verify_key()
        changes["verify_key"] = document.verify_key
        WORKFLOW.move(document, user, "register", version, changes=changes, on_date=registered_on)
        for stored in stored_images:
            DocumentImage.create(document=document, uploaded_by=user, **stored)


# --- Duplicates (001 art. 16) ----------------------------------------------------------------------


def archive_of(centre_id):
    """The designation of the school keeping a closed centre's archive, or None."""
    return (
        ArchiveDesignation.select()
        .join(Licence)
        .where(Licence.centre == centre_id)
        .order_by(ArchiveDesignation.id.desc())
        .first()
    )


def centre_closed(centre_id):
    """Whether the centre has no licence left that is not closed."""
    licences = list(Licence.select().where(Licence.centre == centre_id))
    return bool(licences) and all(licence.is_closed for licence in licences)


def enter_duplicate(user, original, series="", factory_number="", holder_name=""):
    """A duplicate of a registered document (001 art. 16): its own blank where factory-numbered, the
    holder's current names (art. 17). By the centre; of a closed centre's document by NAPOO, on
    behalf of the school that keeps the archive (art. 16(4))."""
    if not rules.duplicate_needs_original(original) or original.state != REGISTERED:
        raise DocumentError(NOT_REGISTERED)
    closed = centre_closed(original.centre_id)
    issued_by = ""
    if rules.duplicate_issuer_is_archive(closed):
        if not user.has_role("napoo_officer"):
            raise DocumentError(ARCHIVE_ONLY)
        archive = archive_of(original.centre_id)
        if archive is None:
            raise DocumentError(NO_ARCHIVE)
        issued_by = archive.school_name
    elif not CentreAccount.acts_for(user, original.centre_id):
        raise DocumentError(NOT_ALLOWED)
    series, number = _blank_fields(original.kind, series, factory_number)
    name = " ".join((holder_name or "").split()) or original.holder_name
    with database.atomic():
        document = WORKFLOW.create(
            user,
            "create_duplicate",
            centre=original.centre_id,
            course=original.course_id,
            participant=original.participant_id,
            kind=original.kind,
            series=series,
            factory_number=number,
            holder_name=name[:300],
            holder_hash=original.holder_hash,
            original=original,
            parent=original.parent_id,
            issued_by_archive=issued_by[:500],
            created_by=user,
        )
        document.refresh_verify_key()
        document.save()
    return document
