"""The documents' way into the register as plain functions (never `request`): a centre enters a
document, submits it, fixes and resubmits it; NAPOO checks it condition by condition (001 art.
22(3)/(4)) and clears, returns or refuses it; the centre (or NAPOO for a closed centre's duplicate)
registers it with its images (22(6)-(7)). Each step runs in one transaction and raises
DocumentError with a message for the person who asked."""

from flask_babel import lazy_gettext as _l

from portal.dates import utcnow
from portal.db import database
from portal.web import MAX_ID
from portal.workflow import NOT_ALLOWED
from register.blanks.labels import BLANK_STATE_LABELS
from register.blanks.report import destroyed_or_unusable as blank_unusable
from register.documents import rules
from register.documents.checking import MOVED_ON, day_text
from register.documents.models import (
    CLEARED,
    DRAFT,
    REGISTERED,
    RETURNED,
    VALIDATION_COURSE,
    CentreAccount,
    DocumentImage,
    IssuedDocument,
    centre_is_closed,
    normalise_number,
)
from register.documents.verification import duplicate_request_place
from register.documents.workflow import WORKFLOW, DocumentError, may

EDITABLE = (DRAFT, RETURNED)
# Kinds a Europass supplement may belong to (001 art. 5(5) т. 7: "към документите по т. 1 – 4").
EUROPASS_PARENTS = (rules.QUALIFICATION, rules.TRAINING, rules.VALIDATION, rules.PART_VALIDATION)

UNUSABLE_BLANK = _l("This blank cannot carry a document: the centre's records mark it %(state)s.")
NOT_EDITABLE = _l("The document's data can be changed only while the centre prepares it or fixes it.")
NEEDS_BLANK = _l("Enter the series and the factory number printed on the blank.")
WRONG_COURSE = _l("A validation document needs a validation; a training document needs a training course.")
NEEDS_PARENT = _l("Choose the document (kinds 1-4) of the same person that the supplement belongs to.")
NOT_CHECKED = _l("NAPOO does not check this kind of document: record its registration instead.")
NEEDS_IMAGE = _l("Upload at least one scanned image of the document (PDF, JPEG or PNG).")
BEFORE_PROTOCOL = _l("The registration date cannot be before the exam protocol's date (%(day)s).")
NEEDS_NUMBER = _l("Enter the registration number of the registration book.")
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


def _blank_fields(kind, series, factory_number, centre_id):
    """The blank's series and number as kept, or a refusal where the kind needs them or the centre's
    blanks' records keep that blank off any document (destroyed, spoiled, handed over)."""
    series, number = normalise_number(series), normalise_number(factory_number)
    if rules.factory_numbered(kind):
        if not series:
            raise DocumentError(NEEDS_BLANK, "series")
        if not number:
            raise DocumentError(NEEDS_BLANK, "factory_number")
        if number.isascii() and number.isdigit() and int(number) <= MAX_ID:
            state = blank_unusable(centre_id, kind, series, int(number))
            if state:
                raise DocumentError(UNUSABLE_BLANK % {"state": BLANK_STATE_LABELS[state]}, "factory_number")
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
    series, number = _blank_fields(kind, series, factory_number, course.centre_id)
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
    series, number = _blank_fields(document.kind, series, factory_number, document.centre_id)
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


# --- Registration (001 art. 22(6)-(7)) ------------------------------------------------------------


def register_document(document, user, version, registration_number, registered_on, stored_images):
    """The document enters the register: its number and date in the registration book (not before
    the exam protocol, 001 art. 13(7)) and its scanned images (`stored_images`: what
    portal.uploads.store kept). A draft only where NAPOO does not check it."""
    if document.state == DRAFT and check_needed(document):
        raise DocumentError(_l("NAPOO checks this kind of document: submit it for the check first."))
    if document.state not in (DRAFT, CLEARED):
        raise DocumentError(MOVED_ON)
    number = " ".join((registration_number or "").split())
    if not number:
        raise DocumentError(NEEDS_NUMBER, "registration_number")
    course = document.course
    protocol = course.exam_protocol_date if course is not None else None
    if not rules.registration_not_before_protocol(registered_on, protocol):
        raise DocumentError(
            BEFORE_PROTOCOL % {"day": day_text(protocol)}
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


def enter_duplicate(user, original, series="", factory_number="", holder_name=""):
    """A duplicate of a registered document (001 art. 16): its own blank where factory-numbered, the
    holder's current names (art. 17). By the centre; of a closed centre's document by NAPOO, on
    behalf of the school that keeps the archive (art. 16(4))."""
    if not rules.duplicate_needs_original(original) or original.state != REGISTERED:
        raise DocumentError(NOT_REGISTERED)
    issued_by = ""
    if rules.duplicate_issuer_is_archive(centre_is_closed(original.centre_id)):
        if not user.has_role("napoo_officer"):
            raise DocumentError(ARCHIVE_ONLY)
        archive = duplicate_request_place(original.centre_id)
        if archive is None:
            raise DocumentError(NO_ARCHIVE)
        issued_by = archive.school_name
    elif not CentreAccount.acts_for(user, original.centre_id):
        raise DocumentError(NOT_ALLOWED)
    series, number = _blank_fields(original.kind, series, factory_number, original.centre_id)
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
