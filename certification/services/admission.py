"""BAUP certification, admission (004): conflicts of interest, the appointed assessors' opinions,
the Board's decision with the candidate's ID and access code, and the notice of it."""

import datetime

from flask_babel import lazy_gettext as _l

from certification import rules
from certification.access_codes import access_code_hash, new_access_code
from certification.candidate_ids import new_candidate_id
from certification.models import (
    COMPLETE,
    REFUSAL_GROUNDS,
    AdmissionDecision,
    AdmissionOpinion,
    Candidate,
    Declaration,
)
from certification.services.procedure import GROUP, WORKFLOW, CertificationError
from portal.dates import add_months
from portal.db import database
from portal.workflow import APPLICANT

CONFLICT_TRAINING_YEARS = 2


def declare(application, user, kind, *, trained_until=None, assessor=None, note=""):
    """A declared link: the applicant names an assessor it knows; an assessor declares a related
    candidate or one it trained on project management (the date the training ended)."""
    if kind == "known":
        if user.role != APPLICANT or application.applicant_id != user.id:
            raise CertificationError(_l("You may not take this step."))
        if assessor is None or assessor.role != "assessor":
            raise CertificationError(_l("Choose an assessor from the list."), "assessor")
    elif kind in ("related", "trained"):
        if user.role != "assessor":
            raise CertificationError(_l("You may not take this step."))
        assessor = user
        if kind == "trained" and not isinstance(trained_until, datetime.date):
            raise CertificationError(_l("Enter when the training ended."), "trained_until")
    else:
        raise CertificationError(_l("Choose what kind of link to declare."), "kind")
    return Declaration.create(
        application=application, assessor=assessor, kind=kind, trained_until=trained_until, note=note
    )


def conflict_of_interest(application, assessor, *, today=None):
    """Why this assessor may not assess this applicant, or None (004, conflicts of interest): a
    related person; someone who trained the candidate on project management in the last 2 years
    (training on the scheme itself is not declared as such); or, detected, an assessor whose
    institution appears in the projects of the applicant's CV."""
    today = today or datetime.date.today()
    for declaration in application.declarations.where(Declaration.assessor == assessor):
        if declaration.kind == "related":
            return _l("The assessor declared being related to the candidate.")
        if (
            declaration.kind == "trained"
            and declaration.trained_until
            and (add_months(declaration.trained_until, 12 * CONFLICT_TRAINING_YEARS) > today)
        ):
            return _l("The assessor trained the candidate on project management within the last 2 years.")
    profile = getattr(assessor, "assessor_profile", None)
    organisation = (
        profile.get().organisation.strip().lower() if profile is not None and profile.exists() else ""
    )
    if organisation and any(p.organisation.strip().lower() == organisation for p in application.projects):
        return _l("The assessor's institution appears in the candidate's projects.")
    return None


def record_opinion(application, assessor, favourable, text):
    """An appointed assessor's opinion on the entry requirements of a complete application (004
    (admission) ал.1, (refusal) ал.2 т.3-4; rules.experience_finding). Refused for an assessor the
    Board has not appointed (appointments.entry_assessor), and where there is a conflict."""
    from certification.appointments import is_appointed
    from certification.models import EntryAssessor

    if application.state != COMPLETE:
        raise CertificationError(_l("Opinions are given on a complete application before the Board decides."))
    if assessor is None or assessor.role != "assessor":
        raise CertificationError(_l("You may not take this step."))
    reason = conflict_of_interest(application, assessor)
    if reason is not None:
        raise CertificationError(reason)
    if not is_appointed(EntryAssessor, {"application": application}, assessor):
        raise CertificationError(
            _l("Only an assessor the Board appointed to this application gives an opinion.")
        )
    if not (text or "").strip():
        raise CertificationError(_l("Give the reasons for the opinion."), "text")
    with database.atomic():
        AdmissionOpinion.delete().where(
            (AdmissionOpinion.application == application) & (AdmissionOpinion.assessor == assessor)
        ).execute()
        AdmissionOpinion.create(
            application=application, assessor=assessor, favourable=bool(favourable), text=text.strip()
        )
        WORKFLOW.record_event(
            application,
            assessor,
            "opinion",
        )


def experience_finding(application):
    """What the appointed assessors found of the application's entry requirements
    (rules.experience_finding over its opinions)."""
    return rules.experience_finding(application.level, [o.favourable for o in application.opinions])


def _check_experience(application, admitted, grounds):
    """Admission needs the entry requirements found met by at least two assessors (levels C and
    B); a refusal for want of experience needs them found not met; level D has no such ground."""
    finding = experience_finding(application)
    if admitted and finding not in (rules.EXEMPT, rules.MET):
        raise CertificationError(
            _l(
                "Levels C and B are admitted once at least two appointed assessors find the entry "
                "requirements met."
            )
        )
    if not admitted and "experience" in grounds:
        if finding == rules.EXEMPT:
            raise CertificationError(_l("Experience is not a ground of refusal at level D."), "grounds")
        if finding != rules.NOT_MET:
            raise CertificationError(
                _l(
                    "Experience is a ground of refusal once at least two appointed assessors find it lacking."
                ),
                "grounds",
            )


def decide_admission(application, user, version, admitted, decided_on, grounds=(), reasons=""):
    """The Board admits or refuses (004). Levels C and B are admitted, or refused for want of
    experience, only on the finding of at least two appointed assessors (rules.experience_finding).
    The notice is due within 15 working days of the decision (rules.admission_notice_due).
    Admission gives the candidate a random ID that only the candidate and the Group know, and a
    personal access code (certification.access_codes) whose hash only is stored. Returns the
    decision; on an admission, its `access_code` attribute (never stored) holds the code for the
    admission notice, the one time it is known."""
    if not isinstance(decided_on, datetime.date):
        raise CertificationError(_l("Enter the date of the decision."), "decided_on")
    grounds = [g for g in grounds if g]
    if not admitted and (not grounds or any(g not in REFUSAL_GROUNDS for g in grounds)):
        raise CertificationError(_l("Choose the grounds of the refusal."), "grounds")
    _check_experience(application, admitted, grounds)
    if not admitted:
        if not (reasons or "").strip():
            raise CertificationError(_l("Give the reasons for the refusal."), "reasons")
    with database.atomic():
        WORKFLOW.move(
            application,
            user,
            "admit" if admitted else "refuse",
            version,
            on_date=decided_on,
            note=(reasons or "").strip(),
        )
        decision = AdmissionDecision.create(
            application=application,
            admitted=bool(admitted),
            grounds=",".join(grounds),
            reasons=(reasons or "").strip(),
            decided_on=decided_on,
            decided_by=user,
            notify_by=rules.admission_notice_due(decided_on),
        )
        if admitted:
            decision.access_code = new_access_code()
            Candidate.create(
                application=application,
                candidate_id=_unique_candidate_id(),
                level=application.level,
                admitted_on=decided_on,
                access_code_hash=access_code_hash(decision.access_code),
            )
    return decision


def _unique_candidate_id():
    while True:  # 50 random bits: a clash is a once-in-a-lifetime event, but never reuse an ID
        candidate_id = new_candidate_id()
        if not Candidate.select().where(Candidate.candidate_id == candidate_id).exists():
            return candidate_id


def record_notice(decision, user, notified_on):
    """The Group records the day the applicant was notified of the Board's decision."""
    if not user.has_role(*GROUP):
        raise CertificationError(_l("You may not take this step."))
    if not isinstance(notified_on, datetime.date) or notified_on < decision.decided_on:
        raise CertificationError(_l("The notice cannot be before the decision."), "notified_on")
    with database.atomic():
        AdmissionDecision.update(notified_on=notified_on).where(AdmissionDecision.id == decision.id).execute()
        WORKFLOW.record_event(decision.application, user, "notice", on_date=notified_on)


def overdue_notices(*, today=None):
    """Decisions whose notice is not recorded and whose 15 working days have passed, oldest first."""
    today = today or datetime.date.today()
    return list(
        AdmissionDecision.select()
        .where(AdmissionDecision.notified_on.is_null() & (AdmissionDecision.notify_by < today))
        .order_by(AdmissionDecision.notify_by)
    )
