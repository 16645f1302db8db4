"""Report and interview (levels C and B), the assessors' hand-ins, the certificate decisions."""

from flask import abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from certification import appointments, certificates, exams, services, stages
from certification.forms import EXAM_YEARS_AHEAD, FileForm
from certification.models import Candidate, Report, Seat, StageAssessor
from certification.views.blueprint import bp
from certification.views.common import (
    act,
    application_page,
    assessor_required,
    candidate_of,
    fetch,
    issued_certificate,
    send_stored,
)
from portal import uploads
from portal.accounts import User
from portal.forms import parse_date, parse_datetime
from portal.web import (
    form_errors,
    form_id,
    get_or_404,
    invalid_status,
    private_download,
    public_url,
    redirect_after_post,
    render,
)


def _decision(application_id, call, confirmed=False):
    """A dated decision on the candidate (`call(candidate, day)`): the Board's, `confirmed` with
    the box ticked; its refusal shown on the page (422), else back to the certificate."""
    item, candidate = candidate_of(application_id)
    try:
        day = parse_date(request.form.get("on_date", ""))
    except ValueError:
        return application_page(item, {"certificate": _("Enter the date of the decision.")}, 422)
    if confirmed and request.form.get("confirm") != "yes":
        return application_page(item, {"certificate": _("Confirm the Board's decision.")}, 422)
    try:
        call(candidate, day)
    except services.CertificationError as error:
        return application_page(item, {"certificate": str(error.message)}, 422)
    flash(_("Done."), "success")
    return redirect_after_post(
        url_for("certification.application", application_id=item.id, _anchor="certificate")
    )


@bp.post("/applications/<int:application_id>/certificate/issue")
@login_required
def certificate_issue(application_id):
    """The Board decides to issue the certificate (confirmed)."""
    chair, lead = request.form.get("chair_name", ""), request.form.get("lead_assessor_name", "")
    return _decision(
        application_id,
        lambda candidate, day: certificates.issue(current_user, candidate, day, chair, lead),
        confirmed=True,
    )


@bp.post("/applications/<int:application_id>/certificate/refuse")
@login_required
def certificate_refuse(application_id):
    """The Board decides not to issue the certificate (confirmed, with reasons)."""
    reasons = request.form.get("reasons", "")
    return _decision(
        application_id,
        lambda candidate, day: certificates.refuse(current_user, candidate, day, reasons),
        confirmed=True,
    )


@bp.post("/applications/<int:application_id>/certificate/withdraw")
@login_required
def certificate_withdraw(application_id):
    """The Board withdraws an issued certificate (confirmed, with the reason)."""
    reason = request.form.get("reason", "")

    def withdraw(candidate, day):
        """The withdrawal of the candidate's certificate; none issued is a bad request."""
        issued = certificates.by_candidate(candidate)
        if issued is None:
            abort(400)
        certificates.withdraw(current_user, issued, day, reason)

    return _decision(application_id, withdraw, confirmed=True)


@bp.post("/applications/<int:application_id>/board-report")
@login_required
def board_report(application_id):
    """The Group reports the candidate to the Board."""
    return _decision(
        application_id, lambda candidate, day: certificates.report_to_board(current_user, candidate, day)
    )


@bp.post("/applications/<int:application_id>/final-result")
@login_required
def publish_final(application_id):
    """The Group publishes a C or B candidate's final result by ID."""
    return _decision(
        application_id, lambda candidate, day: stages.publish_final(current_user, candidate, day)
    )


@bp.get("/applications/<int:application_id>/certificate-<any(bg, en):language>.pdf")
@login_required
def certificate_pdf(application_id, language):
    """The certificate as a PDF in Bulgarian or English, for its holder, the Group and the Board."""
    item = fetch(application_id)
    issued = issued_certificate(item)
    holder_or_scheme = current_user.id == item.applicant_id or current_user.has_role("scheme_group", "board")
    if issued is None or not holder_or_scheme:  # the Appeals Committee reads appeals, not certificates
        abort(404)
    verify_url = public_url("certificates.verify", token=issued.verify_token)
    data = certificates.certificate_pdf(issued, language, verify_url)
    return private_download(data, f"{issued.number}-{language}.pdf", "application/pdf")


@bp.post("/applications/<int:application_id>/report")
@login_required
def report(application_id):
    """The candidate uploads the report with its pages, annexes and competence elements."""
    item, candidate = candidate_of(application_id)
    form = FileForm()
    if not form.validate_on_submit():
        return application_page(item, form_errors(form), 422)
    try:
        gone = uploads.store_then(
            [form.file.data],
            lambda stored: stages.upload_report(
                current_user,
                candidate,
                stored[0],
                request.form.get("pages"),
                request.form.get("annexes"),
                request.form.getlist("elements"),
            )[1],
            ("application/pdf",),
            required=True,
        )
    except (services.CertificationError, uploads.UploadError) as error:
        return application_page(item, {"report": str(getattr(error, "message", error))}, 422)
    uploads.remove_all([gone])
    flash(_("The report is uploaded."), "success")
    return redirect_after_post(url_for("certification.application", application_id=item.id, _anchor="report"))


@bp.post("/applications/<int:application_id>/interview")
@login_required
def interview(application_id):
    """The Group schedules the interview; its end is computed with the breaks."""
    item, candidate = candidate_of(application_id)
    try:
        starts_at = parse_datetime(request.form.get("starts_at", ""), years_ahead=EXAM_YEARS_AHEAD)
    except ValueError:
        starts_at = None
    minutes, place = request.form.get("conversation_minutes"), request.form.get("place", "")
    return act(
        item,
        lambda: stages.schedule_interview(current_user, candidate, starts_at, minutes, place),
        "interview",
        _("The interview is scheduled."),
        "report",
    )


@bp.post("/applications/<int:application_id>/stage-assessor")
@login_required
def stage_assessor(application_id):
    """The Group proposes, or the Board appoints, an assessor to a C or B candidate's report and
    interview."""
    item, candidate = candidate_of(application_id)
    assessor = User.get_or_none(User.id == form_id("assessor"))
    step_ = request.form.get("step", "")
    return act(
        item,
        lambda: stages.assign_stage_assessor(current_user, candidate, assessor, step_),
        "interview",
        anchor="report",
    )


@bp.get("/assessing")
@assessor_required
def assessing():
    """The assessor's candidates by ID only: at levels C and B the report (with its sector and
    coverage), the interview and the marks; at every level the hand-in (004 (decision) ал.1), at D
    once the written exam's final mark is in."""
    return _assessing_page()


def _assessing_page(errors=None):
    """The assessor's page, with a refused step's message under its candidate's id (422)."""
    rows = []
    for candidate in stages.candidates_for_assessor(current_user):
        report_ = candidate.reports.first()
        rows.append(
            {
                "candidate": candidate,
                "written": certificates.written_exam_seat(candidate, published_only=False),
                "mine": next(
                    (r for r in stages.hand_ins(candidate) if r.assessor_id == current_user.id), None
                ),
                "sector": candidate.application.report_sector,
                "report": report_,
                "flags": stages.report_flags(report_, candidate.level) if report_ else None,
                "interview": candidate.interviews.first(),
                "report_mark": stages.joint_mark(candidate, "report"),
                "interview_mark": stages.joint_mark(candidate, "interview"),
            }
        )
    return render("certification/assessing.html", rows=rows, errors=errors or {}), invalid_status(errors)


def _assessing_step(call):
    """Run an assessor's step on the candidate named by the form (`call(candidate)`): back to its
    row, or the page with the refusal."""
    candidate = get_or_404(Candidate, Candidate.id == form_id("candidate"))
    try:
        call(candidate)
    except services.CertificationError as error:
        return _assessing_page({candidate.id: str(error.message)})
    return redirect_after_post(url_for("certification.assessing", _anchor=f"candidate-{candidate.id}"))


@bp.post("/assessing/marks")
@assessor_required
def assessing_mark():
    """An appointed assessor's mark of a report or an interview, its own or the joint one."""
    form = request.form
    return _assessing_step(
        lambda candidate: stages.record_stage_mark(
            current_user,
            candidate,
            form.get("stage", ""),
            form.get("mark"),
            form.get("reasons", ""),
            joint=form.get("joint") == "yes",
        )
    )


@bp.post("/assessing/hand-in")
@assessor_required
def hand_in():
    """An appointed assessor hands in its recommendation with the assessment matrix (004 (decision) ал.1)."""
    form = request.form
    return _assessing_step(
        lambda candidate: stages.hand_in(
            current_user,
            candidate,
            form.get("certify") == "yes",
            form.get("matrix", ""),
            form.get("reasons", ""),
        )
    )


@bp.get("/reports/<int:report_id>")
@login_required
def report_file(report_id):
    """A report's file, for its appointed assessors and the Group (named by candidate ID only)."""
    found = Report.get_or_none(Report.id == report_id)
    if found is None or not _may_read_report(found):
        abort(404)
    return send_stored(found, f"report-{found.candidate.candidate_id}")


def _may_read_report(found):
    """The Group reads every report; an assessor only one it is appointed to assess."""
    if current_user.has_role("scheme_group"):
        return True
    keys = {"candidate": found.candidate_id}
    return current_user.role == "assessor" and appointments.is_appointed(StageAssessor, keys, current_user)


@bp.post("/applications/<int:application_id>/cheating/<int:seat_id>")
@login_required
def cheating(application_id, seat_id):
    """The Board decides a cheating report of the invigilator's protocol, with reasons, confirmed."""
    item, candidate = candidate_of(application_id)
    seat = get_or_404(Seat, (Seat.id == seat_id) & (Seat.candidate == candidate))
    form = request.form
    return act(
        item,
        lambda: exams.decide_cheating(
            current_user,
            seat,
            form.get("upheld") == "yes",
            form.get("reasons", ""),
            form.get("confirm") == "yes",
        ),
        "cheating",
        _("The Board's decision is recorded."),
        "cheating",
    )
