"""BAUP certification workflow (004; DOMAIN.md C), part 1: applications, the Group's review, bans,
conflicts of interest, admission and candidate IDs. Never sees `request`; each move is checked
against one transition table and written with its timeline event and audit entry in one
transaction, refused on a stale version."""

import datetime

from flask_babel import lazy_gettext as _l

from certification import rules
from certification.access_codes import access_code_hash, new_access_code
from certification.candidate_ids import new_candidate_id
from certification.models import (
    ADMITTED,
    COMPLETE,
    DECLARATIONS,
    DRAFT,
    INCOMPLETE,
    LANGUAGES,
    PROJECT_KINDS,
    REFUSAL_GROUNDS,
    REFUSED,
    SUBMITTED,
    VOID,
    WITHDRAWN,
    AdmissionDecision,
    AdmissionOpinion,
    Ban,
    Candidate,
    CertApplication,
    CertAttachment,
    CertEvent,
    Declaration,
    Project,
    Referee,
)
from portal.dates import add_months
from portal.db import database
from portal.formats import format_day
from portal.workflow import APPLICANT, Workflow, is_own
from register.services import RegisterError

GROUP = ("scheme_group",)
BOARD = ("board",)

# action -> (states it starts from, state it leads to, roles that may take it)
TRANSITIONS = {
    "submit": ((DRAFT, INCOMPLETE), SUBMITTED, (APPLICANT,)),
    "incomplete": ((SUBMITTED,), INCOMPLETE, GROUP),  # a deadline to complete it (004)
    "complete": ((SUBMITTED,), COMPLETE, GROUP),
    "void": ((INCOMPLETE,), VOID, GROUP),  # the deadline missed: void, the documents kept
    "admit": ((COMPLETE,), ADMITTED, BOARD),
    "refuse": ((COMPLETE,), REFUSED, BOARD),
    "withdraw": ((DRAFT, SUBMITTED, INCOMPLETE, COMPLETE), WITHDRAWN, (APPLICANT,)),
    # misleading data, after the hearing (hearings.void_for_false_data)
    "void_false_data": ((SUBMITTED, INCOMPLETE, COMPLETE, ADMITTED), VOID, BOARD),
}
CONFLICT_TRAINING_YEARS = 2


class CertificationError(RegisterError):
    """A certification step refused; the message is for the person who asked."""


class CertificationWorkflow(Workflow):
    """The certification procedure on the engine (portal.workflow)."""

    name, entity = "certification", "cert_application"
    model, event_model = CertApplication, CertEvent
    transitions, error = TRANSITIONS, CertificationError

    def sees(self, user, application):
        """Staff who see an application with its personal data: the Group and the Board any; the
        Appeals Committee one whose refusal is appealed to it (CertApplication.appealed). Assessors
        never see an application: an entry assessor reads what the check needs on its own page
        (appointments.entry_check_for), the others candidate IDs only."""
        if user.has_role("scheme_group", "board"):
            return application
        if user.role == "appeals":
            return CertApplication.appealed().where(CertApplication.id == application.id).first()
        return None


WORKFLOW = CertificationWorkflow()
# Whether the user may make this move on this application now (portal.workflow.may_move).
may = WORKFLOW.may
# The application the user may see, or None (authorisation at the fetch, CertificationWorkflow.sees).
get_application_for = WORKFLOW.fetch


def banned_until(personal_number, today=None):
    """The last day of a ban on this person, if one is in force today (004: 3 years), else None."""
    today = today or datetime.date.today()
    for ban in Ban.of(personal_number):
        if rules.is_banned(ban.decided_on, today):
            return rules.ban_ends(ban.decided_on)
    return None


def _refuse_if_banned(personal_number, field=None):
    """A person under a ban (004: 3 years) is refused, told the day the ban ends."""
    until = banned_until(personal_number)
    if until is not None:
        raise CertificationError(
            _l(
                "You cannot apply until %(day)s (a decision under the certification rules).",
                day=format_day(until),
            ),
            field,
        )


def register_candidate(full_name, personal_number, email, level, recertification=False, language="bg"):
    """A person registers to apply: the account (role applicant, no password yet) and a draft
    application together. A banned person is refused with the day the ban ends. Returns the user,
    to whom the caller sends the link to set a password; None, writing nothing, when the e-mail has
    an account already: the caller answers as for a new address and tells the owner by mail
    (portal.accounts.tell_owner_of_registration), so that the page tells nobody which e-mails have
    an account."""
    full_name, personal_number, email = full_name.strip(), personal_number.strip(), email.strip().lower()
    if len(full_name.split()) < 2:
        raise CertificationError(_l("Enter your names as in your identity card."), "full_name")
    if not rules.personal_number_is_valid(personal_number):
        raise CertificationError(_l("This ЕГН or ЛНЧ is not valid: check its 10 digits."), "personal_number")
    if level not in rules.LEVELS:
        raise CertificationError(_l("Choose the level: D, C or B."), "level")
    if language not in LANGUAGES:
        raise CertificationError(_l("Choose the language of the procedure."), "language")
    _refuse_if_banned(personal_number, "personal_number")
    return WORKFLOW.register(
        email,
        full_name,
        level=level,
        recertification=bool(recertification),
        full_name=full_name,
        personal_number=personal_number,
        language=language,
    )


def start_application(user, level, recertification=False):
    """A registered person applies again (another level, or recertification): a new draft with its
    identity carried over from the last application."""
    if user is None or user.role != APPLICANT:
        raise CertificationError(_l("You may not take this step."))
    last = (
        CertApplication.select()
        .where(CertApplication.applicant == user)
        .order_by(CertApplication.id.desc())
        .first()
    )
    if last is None:
        raise CertificationError(_l("You may not take this step."))
    if level not in rules.LEVELS:
        raise CertificationError(_l("Choose the level: D, C or B."), "level")
    _refuse_if_banned(last.personal_number)
    with database.atomic():
        application = CertApplication.create(
            applicant=user,
            level=level,
            recertification=bool(recertification),
            full_name=last.full_name,
            personal_number=last.personal_number,
            email=last.email,
            phone=last.phone,
            language=last.language,
        )
        WORKFLOW.record_event(application, user, "register")
    return application


EDITABLE = (
    "phone",
    "language",
    "self_assessment",
    "report_project",
    "report_sector",
    "previous_certificate",
    "previous_issuer",
    *DECLARATIONS,
)


def may_edit(user, application):
    """The applicant edits its own application while preparing or completing it."""
    return is_own(user, application, (DRAFT, INCOMPLETE))


def _require_editable(user, application):
    if not may_edit(user, application):
        raise CertificationError(
            _l("The application can be changed only while it is being prepared or completed.")
        )


def save_application(application, user, version, data):
    """Save what the applicant filled in (autosaved): contacts, language, self-assessment, the
    report's project (level C), the previous certificate (recertification), the declarations."""
    _require_editable(user, application)
    values = {}
    for name in EDITABLE:
        if name in DECLARATIONS:
            values[name] = bool(data.get(name))
        else:
            values[name] = (data.get(name) or "").strip()
    if values["language"] not in LANGUAGES:
        raise CertificationError(_l("Choose the language of the procedure."), "language")
    with database.atomic():
        WORKFLOW.update_if_current(application, version, values)
        WORKFLOW.audit(
            user,
            "save",
            application,
            after={"version": application.version},
        )
    return application


def add_referee(application, user, name, contact):
    """A referee (004: at least two)."""
    _require_editable(user, application)
    name, contact = (name or "").strip(), (contact or "").strip()
    if not name:
        raise CertificationError(_l("Enter the referee's name."), "referee_name")
    if not contact:
        raise CertificationError(_l("Enter how to reach the referee."), "referee_contact")
    return Referee.create(application=application, name=name, contact=contact)


def add_project(application, user, kind, title, organisation, role, started_on, ended_on, intensity):
    """A project, programme or portfolio of the experience period, with role, duration, intensity."""
    _require_editable(user, application)
    if kind not in PROJECT_KINDS:
        raise CertificationError(_l("Choose project, programme or portfolio."), "kind")
    if not (title or "").strip():
        raise CertificationError(_l("Enter the project's title."), "title")
    if not (role or "").strip():
        raise CertificationError(_l("Enter your role in it."), "role")
    if not isinstance(started_on, datetime.date):
        raise CertificationError(_l("Enter when it started."), "started_on")
    if ended_on is not None and ended_on < started_on:
        raise CertificationError(_l("It cannot end before it started."), "ended_on")
    return Project.create(
        application=application,
        kind=kind,
        title=title.strip(),
        organisation=(organisation or "").strip(),
        role=role.strip(),
        started_on=started_on,
        ended_on=ended_on,
        intensity=(intensity or "").strip(),
    )


def remove_item(application, user, model, item_id):
    """Remove a referee or a project (removing twice is harmless)."""
    _require_editable(user, application)
    model.delete().where((model.id == item_id) & (model.application == application)).execute()


def attach(application, user, purpose, stored):
    """Attach the CV or the proof of the initial fee (a new file replaces the old one). Returns the
    stored names no longer kept, for the caller to delete after the commit."""
    if purpose == "certification_fee":
        candidate = Candidate.get_or_none(Candidate.application == application)
        if candidate is None or application.applicant_id != getattr(user, "id", None):
            raise CertificationError(_l("You may not take this step."))
    elif purpose in ("cv", "initial_fee"):
        _require_editable(user, application)
    else:
        raise CertificationError(_l("There is no such document to attach."))
    with database.atomic():
        earlier = list(application.attachments.where(CertAttachment.purpose == purpose))
        CertAttachment.delete().where(CertAttachment.id.in_([a.id for a in earlier])).execute()
        CertAttachment.create(application=application, purpose=purpose, uploaded_by=user, **stored)
        WORKFLOW.record_event(
            application,
            user,
            "attach",
            note=f"{purpose} · SHA-256 {stored['sha256']}",
        )
    return [a.stored_name for a in earlier]


def submit(application, user, version):
    """The applicant submits the complete application (again, after completing it) to the Group. A
    recertification renews a valid or an expired certificate, not a withdrawn one
    (certificate_rules.may_recertify)."""
    from certification import certificate_rules

    if application.missing():
        raise CertificationError(_l("The application is not complete yet: see what is missing above."))
    previous = application.previous_bau_certificate()
    if previous is not None and not certificate_rules.may_recertify(
        certificate_rules.status_on(previous.issued_on, datetime.date.today(), previous.withdrawn_on)
    ):
        raise CertificationError(
            _l(
                "Certificate %(number)s was withdrawn: apply for certification at a level instead.",
                number=previous.number,
            )
        )
    _refuse_if_banned(application.personal_number)
    with database.atomic():
        WORKFLOW.move(
            application,
            user,
            "submit",
            version,
            on_date=datetime.date.today(),
            changes={"submitted_on": datetime.date.today()},
        )


def review(application, user, version, complete, deadline=None, note=""):
    """The Group's completeness review (004): complete, or incomplete with a deadline to complete."""
    if complete:
        with database.atomic():
            WORKFLOW.move(application, user, "complete", version, on_date=datetime.date.today())
        return
    if not isinstance(deadline, datetime.date) or deadline <= datetime.date.today():
        raise CertificationError(_l("Set a deadline after today for completing the application."), "deadline")
    if not (note or "").strip():
        raise CertificationError(_l("Say what is missing."), "note")
    with database.atomic():
        WORKFLOW.move(
            application,
            user,
            "incomplete",
            version,
            on_date=deadline,
            note=note.strip(),
            changes={"complete_by": deadline},
        )


def void_if_overdue(application, user, version, today=None):
    """An application not completed by the Group's deadline is void; its documents are kept (004)."""
    today = today or datetime.date.today()
    if application.complete_by is None or today <= application.complete_by:
        raise CertificationError(_l("The deadline to complete the application has not passed yet."))
    with database.atomic():
        WORKFLOW.move(application, user, "void", version, on_date=today)


def record_ban(application, user, decided_on, reason=""):
    """The Board's decision that the applicant knowingly gave false data: "заявителят няма право да
    кандидатства за допускане до сертификационна процедура до изтичането на три години от вземане
    на решение за наличието на такива факти" (004 (application documents) ал.6; rules.ban_ends).
    Taken only after the hearing of ал.4-5 (hearings.may_void), with its reasons."""
    from certification import hearings

    if user is None or not user.has_role(*BOARD):
        raise CertificationError(_l("You may not take this step."))
    if not isinstance(decided_on, datetime.date):
        raise CertificationError(_l("Enter the date of the decision."), "decided_on")
    if not hearings.may_void(application):
        raise CertificationError(
            _l("The applicant is heard first: a ban follows the recorded outcome of the hearing.")
        )
    if not (reason or "").strip():
        raise CertificationError(_l("Give the reasons of the decision."), "reason")
    if Ban.for_false_data_in(application) is not None:
        raise CertificationError(_l("The ban for false data in this application is already recorded."))
    with database.atomic():
        Ban.create(
            personal_number=application.personal_number,
            ground="false_data",
            decided_on=decided_on,
            application=application,
        )
        WORKFLOW.record_event(application, user, "ban", on_date=decided_on, note=reason.strip())
        WORKFLOW.audit(user, "ban", application, after={"ground": "false_data"})


def withdraw(application, user, version):
    """The applicant withdraws the application (before the Board's decision)."""
    with database.atomic():
        WORKFLOW.move(application, user, "withdraw", version, on_date=datetime.date.today())


# --- Conflicts of interest -------------------------------------------------------------------------


def declare(application, user, kind, trained_until=None, assessor=None, note=""):
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


def conflict_of_interest(application, assessor, today=None):
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


# --- Admission -----------------------------------------------------------------------------------


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


def overdue_notices(today=None):
    """Decisions whose notice is not recorded and whose 15 working days have passed, oldest first."""
    today = today or datetime.date.today()
    return list(
        AdmissionDecision.select()
        .where(AdmissionDecision.notified_on.is_null() & (AdmissionDecision.notify_by < today))
        .order_by(AdmissionDecision.notify_by)
    )
