"""BAUP certification (004 (application documents) ал.4-6): misleading data found in an application.
The Group tells the applicant and gives the right to be heard on a day; it records the hearing's
outcome; only then may the Board declare the application void (and withdraw a certificate issued
under it) and bar the person for 3 years for knowingly false data (services.record_ban). Never
sees `request`."""

import datetime

from flask_babel import lazy_gettext as _l

from certification import rules
from certification.models import ADMITTED, COMPLETE, INCOMPLETE, SUBMITTED, CertEvent, Certificate, Hearing
from certification.services import BOARD, GROUP, WORKFLOW, CertificationError
from portal import audit
from portal.dates import utcnow
from portal.db import database

HEARD_STATES = (SUBMITTED, INCOMPLETE, COMPLETE, ADMITTED)  # once the Group has the data


def _require(user, roles):
    if user is None or not user.has_role(*roles):
        raise CertificationError(_l("You may not take this step."))


def open_hearing(application):
    """The hearing notified and not yet recorded, or None."""
    return application.hearings.where(Hearing.attended.is_null()).order_by(Hearing.id.desc()).first()


def last_outcome(application):
    """The last hearing whose outcome is recorded, or None."""
    return application.hearings.where(Hearing.attended.is_null(False)).order_by(Hearing.id.desc()).first()


def may_void(application):
    """Whether the last recorded hearing is a ground to declare the application void
    (rules.void_after_hearing)."""
    heard = last_outcome(application)
    return heard is not None and rules.void_after_hearing(heard.attended, heard.good_reason, heard.confirmed)


def notify(application, user, finding, hearing_on, today=None):
    """The Group tells the applicant that misleading data were found and gives the right to be
    heard on `hearing_on` (004 (application documents) ал.4: "той бива уведомен и му се дава право
    да бъде изслушан"). 004 sets no notice period; the day is after today. Returns the hearing; the
    caller mails the applicant."""
    _require(user, GROUP)
    today = today or datetime.date.today()
    if application.state not in HEARD_STATES:
        raise CertificationError(_l("A hearing is held on a submitted application."))
    if not (finding or "").strip():
        raise CertificationError(_l("Say which data were found misleading."), "finding")
    if not isinstance(hearing_on, datetime.date) or hearing_on <= today:
        raise CertificationError(_l("Set the day of the hearing after today."), "hearing_on")
    if open_hearing(application) is not None:
        raise CertificationError(_l("A hearing is already set: record its outcome first."))
    with database.atomic():
        hearing = Hearing.create(
            application=application, finding=finding.strip(), hearing_on=hearing_on, notified_by=user
        )
        CertEvent.create(application=application, actor=user, action="hearing_notice", on_date=hearing_on)
        audit.record(user, "certification.hearing_notice", "cert_application", application.id)
    return hearing


def record(hearing, user, attended, confirmed=None, outcome="", good_reason="", today=None):
    """The Group records the hearing: heard, with the misleading data confirmed or not and what was
    said; or not heard, with the applicant's good reason if any (004 (application documents) ал.5:
    "Неявяването на заявителя на такова изслушване без уважителни причини се приема за отказ за
    съдействие"). Not before the hearing's day."""
    _require(user, GROUP)
    today = today or datetime.date.today()
    if hearing.attended is not None:
        raise CertificationError(_l("The hearing's outcome is already recorded."))
    if today < hearing.hearing_on:
        raise CertificationError(_l("The outcome is recorded on or after the day of the hearing."))
    outcome, good_reason = (outcome or "").strip(), (good_reason or "").strip()
    if attended and confirmed is None:
        raise CertificationError(_l("Say whether the data were found misleading."), "confirmed")
    if attended and not outcome:
        raise CertificationError(_l("Record what came of the hearing."), "outcome")
    changes = {
        "attended": bool(attended),
        "confirmed": bool(confirmed) if attended else None,
        "outcome": outcome,
        "good_reason": "" if attended else good_reason,
        "recorded_by": user,
        "recorded_at": utcnow(),
    }
    with database.atomic():
        Hearing.update(**changes).where((Hearing.id == hearing.id) & Hearing.attended.is_null()).execute()
        CertEvent.create(
            application=hearing.application, actor=user, action="hearing", on_date=today, note=outcome
        )
        audit.record(user, "certification.hearing", "cert_application", hearing.application_id)


def void_for_false_data(application, user, version, reason, decided_on=None):
    """The Board declares the application void after the hearing (rules.void_after_hearing: "е
    основание за обявяване на неговата кандидатура за невалидна"); a certificate already issued under
    it is withdrawn ("и до невалидност на издаденият по тази процедура сертификат",
    certificates.withdraw)."""
    from certification import certificates

    _require(user, BOARD)
    decided_on = decided_on or datetime.date.today()
    if not may_void(application):
        raise CertificationError(
            _l("The application is declared void only after the hearing: record its outcome first.")
        )
    if not (reason or "").strip():
        raise CertificationError(_l("Give the reasons of the decision."), "reason")
    with database.atomic():
        WORKFLOW.move(application, user, "void_false_data", version, on_date=decided_on, note=reason.strip())
        issued = Certificate.get_or_none(
            (Certificate.application == application) & Certificate.withdrawn_on.is_null()
        )
        if issued is not None:
            certificates.withdraw(user, issued, decided_on, reason)
