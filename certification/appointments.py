"""BAUP certification (004): the Board appoints the assessors, the Group proposes them. One way for
the three things an assessor is appointed to: the entry check of an application (EntryAssessor),
a written exam's paper (MarkAssignment, the arbiter included) and a candidate's report and interview
(StageAssessor). Each row records who proposed the assessor and when, and who appointed them and
when; only an appointed assessor gives an opinion or marks. Never sees `request`."""

import datetime

from flask_babel import lazy_gettext as _l

from certification import rules
from certification.models import CertEvent, EntryAssessor
from certification.services import BOARD, GROUP, CertificationError, conflict_of_interest
from portal import audit
from portal.dates import utcnow
from portal.db import database

PROPOSE, APPOINT = "propose", "appoint"


def nominate(user, step, model, keys, application, assessor, defaults=None):
    """The Group proposes (`step` PROPOSE) or the Board appoints (APPOINT) `assessor` to the row of
    `model` identified by `keys` (e.g. {"seat": seat}). 004 (conflicts of interest) ал.2: "ГУС ...
    може да предложи на Управителния съвет на СК назначаването и/или избягването на назначаване на
    оценител"; ал.5: "При наличието на основания по ал.2 и ал.3, УС на СК е длъжен да назначи друг
    оценител": an assessor with a conflict (services.conflict_of_interest) is refused, so that the
    Board appoints another. The Board may appoint one the Group did not propose. Returns the row."""
    if step not in (PROPOSE, APPOINT):
        raise CertificationError(_l("Choose whether to propose or to appoint."))
    if user is None or not user.has_role(*(BOARD if step == APPOINT else GROUP)):
        raise CertificationError(
            _l("Only the Board appoints assessors.") if step == APPOINT else _l("You may not take this step.")
        )
    if assessor is None or assessor.role != "assessor":
        raise CertificationError(_l("Choose an assessor."), "assessor")
    reason = conflict_of_interest(application, assessor)
    if reason is not None:
        raise CertificationError(_l("%(reason)s Choose another assessor.", reason=reason), "assessor")
    where = [getattr(model, name) == value for name, value in keys.items()]
    found = model.get_or_none(*where, model.assessor == assessor)
    now = utcnow()
    with database.atomic():
        if found is not None and found.appointed_at is not None:
            raise CertificationError(_l("This assessor is already appointed."), "assessor")
        if found is not None and step == PROPOSE:
            raise CertificationError(_l("This assessor is already proposed."), "assessor")
        if found is None:
            stamp = {"proposed_by": user, "proposed_at": now} if step == PROPOSE else {}
            found = model.create(**keys, assessor=assessor, **stamp, **(defaults or {}))
        if step == APPOINT:
            model.update(appointed_by=user, appointed_at=now, **(defaults or {})).where(
                model.id == found.id
            ).execute()
            found = model.get_by_id(found.id)
        audit.record(
            user,
            f"certification.{step}",
            model._meta.table_name,
            found.id,
            after={"assessor": assessor.id, **{name: getattr(v, "id", v) for name, v in keys.items()}},
        )
    return found


def is_appointed(model, keys, assessor):
    """Whether `assessor` is appointed (not merely proposed) to the row of `model` at `keys`."""
    where = [getattr(model, name) == value for name, value in keys.items()]
    return model.appointed().where(*where, model.assessor == assessor).exists()


def entry_assessor(user, application, assessor, step=APPOINT):
    """The Group proposes, or the Board appoints, an assessor to check a complete application's
    entry requirements (004 (admission) ал.1: "С решение на УС при получено одобрение на
    процедурата от Групата за управление на схемата, се назначават най-малко двама оценители";
    rules.experience_finding says for which levels)."""
    from certification.models import COMPLETE

    if application.state != COMPLETE:
        raise CertificationError(_l("Assessors check the entry requirements of a complete application."))
    if rules.experience_finding(application.level, []) == rules.EXEMPT:
        raise CertificationError(_l("Level D has no check of experience by assessors."))
    with database.atomic():
        row = nominate(user, step, EntryAssessor, {"application": application}, application, assessor)
        CertEvent.create(
            application=application, actor=user, action=f"entry_{step}", on_date=datetime.date.today()
        )
    return row


def entry_checks_of(assessor):
    """The entry checks an assessor is proposed or appointed to, of applications still complete
    (before the Board's decision), oldest application first: a query of EntryAssessor rows."""
    from certification.models import COMPLETE, CertApplication

    return (
        EntryAssessor.select(EntryAssessor, CertApplication)
        .join(CertApplication)
        .where((EntryAssessor.assessor == assessor) & (CertApplication.state == COMPLETE))
        .order_by(CertApplication.id)
    )


def entry_check_for(application_id, assessor):
    """The assessor's EntryAssessor row for this application while it is complete (the check is
    open), or None: the only way an assessor reaches an application (services.get_application_for
    gives them none)."""
    return entry_checks_of(assessor).where(EntryAssessor.application == application_id).first()


def entry_assessors(application):
    """The application's entry-check assessors, appointed and proposed, in order."""
    return list(application.entry_assessors.order_by(EntryAssessor.id))


def release(user, model, row_id, reason):
    """The Board ends an appointment, with its reasons, so as to appoint another: 004 (conflicts of
    interest) ал.5, "При наличието на основания по ал.2 и ал.3, УС на СК е длъжен да назначи друг
    оценител" (a conflict declared after the appointment, say). What the assessor gave under it
    goes with it (their opinion; their individual mark; their report and interview marks and
    hand-in), refused once a decision rests on it: the Board's admission decision, the paper's final
    mark, the joint mark of the report or interview."""
    from certification.exams import _settle
    from certification.models import (
        COMPLETE,
        AdmissionOpinion,
        Mark,
        MarkAssignment,
        Recommendation,
        StageAssessor,
        StageMark,
    )

    if user is None or not user.has_role(*BOARD):
        raise CertificationError(_l("Only the Board appoints assessors."))
    if not (reason or "").strip():
        raise CertificationError(_l("Give the reasons of the decision."), "reason")
    row = model.get_or_none(model.id == row_id)
    if row is None:
        raise CertificationError(_l("There is no such appointment."))
    assessor = row.assessor_id
    with database.atomic():
        if model is EntryAssessor:
            if row.application.state != COMPLETE:
                raise CertificationError(_l("The Board has decided on the application: the check is over."))
            AdmissionOpinion.delete().where(
                (AdmissionOpinion.application == row.application) & (AdmissionOpinion.assessor == assessor)
            ).execute()
        elif model is MarkAssignment:
            if row.seat.final_mark is not None:
                raise CertificationError(_l("The final mark is set: the paper's assessors stay."))
            Mark.delete().where((Mark.seat == row.seat) & (Mark.assessor == assessor)).execute()
        elif model is StageAssessor:
            marks = StageMark.select().where(StageMark.candidate == row.candidate)
            if marks.where(StageMark.joint).exists():
                raise CertificationError(_l("A joint mark is given: the assessors of the stages stay."))
            StageMark.delete().where(
                (StageMark.candidate == row.candidate) & (StageMark.assessor == assessor)
            ).execute()
            Recommendation.delete().where(
                (Recommendation.candidate == row.candidate) & (Recommendation.assessor == assessor)
            ).execute()
        row.delete_instance()
        audit.record(
            user,
            "certification.release",
            model._meta.table_name,
            row.id,
            before={"assessor": assessor, "reason": reason.strip()},
        )
        if model is MarkAssignment:
            _settle(row.seat)  # the marks left may now give the final mark
    return row
