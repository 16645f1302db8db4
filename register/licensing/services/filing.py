"""Licensing, steps 5-6 (000): filing (paper or e-signed) starts the term; the regularity check,
its letter listing irregularities (the term stops) and the fixes (it runs on)."""

import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.db import database
from register.licensing.models import E_SIGNATURE, FILING_CHANNELS, PAPER, Attachment, IrregularityLetter
from register.licensing.services.procedure import WORKFLOW, LicensingError, _date


def file_application(application, user, version, filed_on, channel, incoming_number=""):
    """Step 5: the signed application is filed (an e-signed file uploaded by the applicant, or paper
    recorded by an officer with NAPOO's incoming number); the filing day starts the 3-month term."""
    _date(filed_on, "filed_on", _l("Enter the date of filing."))
    if channel not in FILING_CHANNELS:
        raise LicensingError(_l("Choose how the application was filed."), "channel")
    if channel == PAPER and not incoming_number.strip():
        raise LicensingError(_l("Enter NAPOO's incoming number of the paper filing."), "incoming_number")
    if filed_on > datetime.date.today():
        raise LicensingError(_l("The date of filing cannot be in the future."), "filed_on")
    if filed_on < application.created_at.date():
        raise LicensingError(_l("The date of filing cannot be before the registration."), "filed_on")
    with database.atomic():
        _file(
            application,
            user,
            version,
            filed_on=filed_on,
            channel=channel,
            note=incoming_number.strip(),
            incoming_number=incoming_number.strip(),
        )


def _file(application, user, version, *, filed_on, channel, note, incoming_number=""):
    """The filing move: the day and the channel are kept on the application (the term's start)."""
    from register.licensing.documents import content_hash

    changes = {"filed_on": filed_on, "filing_channel": channel, "incoming_number": incoming_number}
    # What was filed is fixed by the fingerprint of the generated application (step 4).
    label = _("Application fingerprint")
    note = f"{note}\n{label}: SHA-256 {content_hash(application)}".strip()
    WORKFLOW.move(application, user, "file", version, on_date=filed_on, note=note, changes=changes)


def file_signed_application(application, user, version, stored):
    """Step 5 online: the applicant uploads the application signed with a qualified e-signature (a
    signed PDF or a detached .p7s; `stored` is what portal.uploads.store returned). What was
    uploaded, its SHA-256 and the filing are recorded; the filing day (today) starts the term.
    The signature itself is not verified here (the certificate chain is out of this site's scope,
    and the page says so)."""
    if application.missing():
        raise LicensingError(_l("The application is not complete yet: see what is missing above."))
    today = datetime.date.today()
    with database.atomic():
        _file(
            application,
            user,
            version,
            filed_on=today,
            channel=E_SIGNATURE,
            note=f"{stored['original_name']} · SHA-256 {stored['sha256']}",
        )
        return Attachment.create(
            application=application, purpose="signed_application", uploaded_by=user, **stored
        )


def send_irregularity_letter(application, user, version, sent_on, deadline, items):
    """Step 6: the officer lists what to fix and by when; the term stops from the letter."""
    _date(sent_on, "sent_on", _l("Enter the date of the letter."))
    _date(deadline, "deadline", _l("Enter the deadline for the fixes."))
    items = "\n".join(line.strip() for line in (items or "").splitlines() if line.strip())
    if not items:
        raise LicensingError(_l("List at least one irregularity to fix."), "items")
    if application.filed_on and sent_on < application.filed_on:
        raise LicensingError(_l("The letter cannot be dated before the filing."), "sent_on")
    if deadline <= sent_on:
        raise LicensingError(_l("The deadline must be after the date of the letter."), "deadline")
    last = application.letters.order_by(IrregularityLetter.sent_on.desc()).first()
    if last is not None and last.fixed_on and sent_on < last.fixed_on:
        raise LicensingError(_l("The letter cannot be dated before the last fixes were filed."), "sent_on")
    with database.atomic():
        WORKFLOW.move(application, user, "letter", version, on_date=sent_on, note=items)
        IrregularityLetter.create(application=application, sent_on=sent_on, deadline=deadline, items=items)


def file_fixes(application, user, version, fixed_on, note=""):
    """Step 6, answered: the fixes are filed and the term runs on from that day (or from the
    deadline, if they came after it: rules.licensing_term)."""
    _date(fixed_on, "fixed_on", _l("Enter the date the fixes were filed."))
    letter = application.open_letter()
    if letter is None:
        raise LicensingError(_l("This step cannot be taken now: the application has moved on."))
    if fixed_on < letter.sent_on:
        raise LicensingError(_l("The fixes cannot be filed before the letter."), "fixed_on")
    if fixed_on > datetime.date.today():
        raise LicensingError(_l("The date cannot be in the future."), "fixed_on")
    with database.atomic():
        WORKFLOW.move(application, user, "fixes", version, on_date=fixed_on, note=note.strip())
        IrregularityLetter.update(fixed_on=fixed_on).where(IrregularityLetter.id == letter.id).execute()


def find_regular(application, user, version, on_date):
    """Step 6: the documents are regular; experts are assigned next (step 7)."""
    _date(on_date, "on_date", _l("Enter the date of the check."))
    with database.atomic():
        WORKFLOW.move(application, user, "regular", version, on_date=on_date)
