"""BAUP certification, the application (004): registration and bans, what the applicant fills in
and attaches, submission, the Group's completeness review and voiding, and the Board's ban for false
data. Never sees `request`."""

import datetime

from flask_babel import lazy_gettext as _l

from certification import rules
from certification.models import (
    DECLARATIONS,
    DRAFT,
    INCOMPLETE,
    LANGUAGES,
    PROJECT_KINDS,
    Ban,
    Candidate,
    CertApplication,
    CertAttachment,
    Project,
    Referee,
)
from certification.services.procedure import BOARD, WORKFLOW, CertificationError
from portal.db import database
from portal.formats import format_day
from portal.workflow import APPLICANT, is_own


def banned_until(personal_number, *, today=None):
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


def start_application(user, level, *, recertification=False):
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


def void_if_overdue(application, user, version, *, today=None):
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
