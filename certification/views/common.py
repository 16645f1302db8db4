"""Shared by the certification pages: the application fetched for the signed-in user, its page with
everything it shows, a step run with its refusal on the page, a stored file sent privately."""

import datetime
import functools

from flask import abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from certification import (
    appointments,
    certificate_rules,
    certificates,
    exams,
    hearings,
    rules,
    services,
    stages,
)
from certification.forms import (
    ApplicationForm,
    DecisionForm,
    FileForm,
    HearingForm,
    HearingOutcomeForm,
    OpinionForm,
    ProjectForm,
    RefereeForm,
    ReviewForm,
)
from certification.models import (
    AdmissionDecision,
    AdmissionOpinion,
    AssessorProfile,
    Ban,
    Candidate,
    CertApplication,
    CertAttachment,
    Certificate,
    CertificateRefusal,
    Declaration,
    Interview,
    Project,
    Report,
)
from portal.accounts import role_required
from portal.web import redirect_after_post, render, stored_download


def act(item, call, error_key, done=None, anchor=None):
    """Run a step of the application's page: its refusal shown on the page (422), else back to the
    page with `done` flashed."""
    try:
        call()
    except services.CertificationError as error:
        return application_page(
            CertApplication.get_by_id(item.id),
            {error_key: str(error.message)},
            422,
        )
    if done:
        flash(done, "success")
    return redirect_after_post(url_for("certification.application", application_id=item.id, _anchor=anchor))


def candidate_of(application_id):
    """(the application the user may see, its candidate), or 404 when it has no candidate yet."""
    item = fetch(application_id)
    candidate = Candidate.of(item)
    if candidate is None:
        abort(404)
    return item, candidate


def fetch(application_id):
    """The application the signed-in user may see (services.get_application_for), or 404: never to
    an assessor, who reaches an entry check through entry_check_row."""
    item = services.get_application_for(application_id, current_user)
    if item is None:
        abort(404)
    return item


def entry_check_row(application_id):
    """The signed-in assessor's EntryAssessor row for this complete application, or 404."""
    row = (
        appointments.entry_check_for(application_id, current_user)
        if current_user.role == "assessor"
        else None
    )
    if row is None:
        abort(404)
    return row


def entry_page(row, errors=None, status=200):
    """What an entry check needs and nothing more (004 (admission) ал.1; (refusal) ал.2 т.3-4: the
    experience in project management). Proposed, the assessor sees the applicant's name and level,
    to declare a link before the Board appoints (a relative or a trainee is recognised by the name,
    and the CV names the applicant anyway); appointed, also the experience it judges: the
    self-assessment, the projects (their organisations show a conflict of interest), for level C
    the report's project and sector, the CV (entry_cv) and the form for its opinion. Never
    the ЕГН, the contacts, the referees, the files' names, the fees, nor other assessors' opinions;
    the page closes with the Board's decision (no name is ever beside a candidate ID)."""
    item = row.application
    appointed = row.appointed_at is not None
    return render(
        "certification/entry_check.html",
        item=item,
        appointed=appointed,
        projects=list(item.projects.order_by(Project.started_on)) if appointed else [],
        cv_attached=item.attachments.where(CertAttachment.purpose == "cv").exists(),
        mine=AdmissionOpinion.of(item, current_user.id),
        declared=list(Declaration.by(item, current_user.id)),
        opinion_form=OpinionForm(formdata=None),
        errors=errors or {},
    ), status


def application_page(item, errors=None, status=200, **forms):
    """The application's page with all it shows, the refused step's message under `errors` and
    the submitted form kept (`forms`)."""
    form = forms.get("application_form") or ApplicationForm(formdata=None, obj=item)
    form.version.data = item.version
    can_edit = services.may_edit(current_user, item)
    steps = {action for action in services.TRANSITIONS if services.may(current_user, action, item)}
    return render(
        "certification/application.html",
        item=item,
        errors=errors or {},
        form=form,
        can_edit=can_edit,
        steps=steps,
        referee_form=forms.get("referee_form") or RefereeForm(formdata=None),
        project_form=forms.get("project_form") or ProjectForm(formdata=None),
        file_form=FileForm(formdata=None),
        review_form=ReviewForm(formdata=None, version=item.version),
        decision_form=forms.get("decision_form")
        or DecisionForm(formdata=None, version=item.version, decided_on=datetime.date.today()),
        hearing_form=forms.get("hearing_form") or HearingForm(formdata=None),
        outcome_form=forms.get("outcome_form") or HearingOutcomeForm(formdata=None),
        open_hearing=hearings.open_hearing(item),
        heard=hearings.last_outcome(item),
        may_void=hearings.may_void(item),
        banned=Ban.for_false_data_in(item) is not None,
        entry_assessors=appointments.entry_assessors(item),
        finding=services.experience_finding(item),
        missing=item.missing() if can_edit else [],
        decisions=list(item.decisions),
        candidate=item.candidacy.first(),
        assessors=list(AssessorProfile.accounts()),
        fee_due=_fee_due(item),
        issued=issued_certificate(item),
        stage=_stage(item),
        board=_board(item),
        cheating=_cheating_of(item),
        limits=LIMITS,
    ), status


# The rule constants the application's page states (certification/rules.py, certificate_rules.py).
LIMITS = {
    "ban_years": rules.BAN_YEARS,
    "report_pages": {level: f"{low}-{high}" for level, (low, high) in certificate_rules.REPORT_PAGES.items()},
    "interview_min_minutes": certificate_rules.INTERVIEW_MIN_MINUTES["C"],
    "interview_max_hours": certificate_rules.INTERVIEW_MAX_MINUTES // 60,
    "break_minutes": certificate_rules.BREAK_MIN_MINUTES,
    "break_every_minutes": certificate_rules.BREAK_EVERY_MINUTES,
}


def _board(item):
    """What the Board decides on (004 (decision) ал.1-5): each element's marking day, the first day
    of the decision, the assessors' hand-ins, and its decision not to issue, if any; None before
    admission."""
    candidate = Candidate.of(item)
    if candidate is None:
        return None
    marked = certificates.marked_on(candidate)
    last_on = certificate_rules.last_element_marked_on(candidate.level, marked)
    return {
        "marked": marked,
        "from": certificate_rules.board_may_decide_on(last_on) if last_on else None,
        "hand_ins": stages.hand_ins(candidate),
        "refusal": CertificateRefusal.get_or_none(CertificateRefusal.candidate == candidate),
    }


def _cheating_of(item):
    """The seats of this application's candidate reported for cheating, for the Group and the Board."""
    candidate = Candidate.of(item)
    if candidate is None or not current_user.has_role("scheme_group", "board"):
        return []
    return exams.cheating_reports(undecided_only=False, candidate=candidate)


def _stage(item):
    """The report and interview of a C or B candidate, with the flags the assessors see."""
    candidate = Candidate.of(item)
    if candidate is None or candidate.level not in ("C", "B"):
        return None
    found = Report.get_or_none(Report.candidate == candidate)
    return {
        "may_report": stages.may_report(candidate),
        "report": found,
        "flags": stages.report_flags(found, candidate.level) if found else None,
        "codes": {e.code for e in found.elements} if found else set(),
        "interview": Interview.get_or_none(Interview.candidate == candidate),
        "elements": stages.competence_elements(),
        "assessors": list(candidate.stage_assessors),
        "report_mark": stages.report_mark_for_candidate(candidate),
        "interview_from": exams.stage_allowed_from(candidate),
    }


def issued_certificate(item):
    """The certificate issued on this application, or None."""
    return Certificate.get_or_none(Certificate.application == item)


def _fee_due(item):
    """The last day for the certification fee's proof (rules.certification_fee_due), once the
    candidate is notified and seated for a first exam; else None."""
    candidate = Candidate.of(item)
    decision = item.decisions.where(AdmissionDecision.admitted).first() if candidate else None
    first = candidate.first_seat() if candidate else None
    if decision is None or decision.notified_on is None or first is None:
        return None
    return rules.certification_fee_due(decision.notified_on, first.session.day)


def require_confirmation():
    """A destructive step is taken only with the box "I confirm" ticked: checked here, so that it
    holds with JavaScript off, where the page's hx-confirm question is not asked."""
    if request.form.get("confirm") != "yes":
        raise services.CertificationError(_("Tick “I confirm” to take this step."), "confirm")


EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}


def send_stored(found, name):
    """A stored file as a download named `name` (never its uploaded name, which may hold a person's
    name or ЕГН), not kept in any cache (portal.web.stored_download)."""
    return stored_download(found, name + EXTENSIONS.get(found.content_type, ""))


def assessor_required(view):
    """An assessor's own pages (its grid, its candidates): role_required("assessor"), and the role
    itself, not the admin's every role, since nothing is assigned to the admin to mark."""

    @functools.wraps(view)
    @role_required("assessor")
    def wrapped(*args, **kwargs):
        if current_user.role != "assessor":
            abort(403)
        return view(*args, **kwargs)

    return wrapped
