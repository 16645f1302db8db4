"""Report and interview (levels C and B), the assessors' hand-ins, the certificate decisions."""

import io

from flask import abort, flash, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from certification import appointments, exams, services
from certification.forms import EXAM_YEARS_AHEAD, FileForm
from certification.models import Seat
from certification.views import bp
from certification.views.common import _act, _candidate_of, _errors, _fetch, _issued, _page, _send_stored
from portal import uploads
from portal.accounts import User
from portal.forms import parse_date, parse_datetime
from portal.web import form_id, public_url, redirect_after_post, render


@bp.post("/applications/<int:application_id>/certificate")
@login_required
def certificate(application_id):
    """The Board decides to issue the certificate or not to issue it (confirmed, with reasons), or
    withdraws an issued one; the Group reports the candidate to the Board or publishes the result."""
    from certification import certificates

    item, candidate = _candidate_of(application_id)
    try:
        day = parse_date(request.form.get("on_date", ""))
    except ValueError:
        return _page(item, {"certificate": _("Enter the date of the decision.")}, 422)
    action = request.form.get("action")
    if action in ("issue", "refuse", "withdraw") and request.form.get("confirm") != "yes":
        return _page(item, {"certificate": _("Confirm the Board's decision.")}, 422)
    try:
        issued = certificates.by_candidate(candidate)
        if action == "refuse":
            certificates.refuse(current_user, candidate, day, request.form.get("reasons", ""))
        elif action == "report":
            certificates.report_to_board(current_user, candidate, day)
        elif action == "publish_final":
            from certification import stages

            stages.publish_final(current_user, candidate, day)
        elif action == "withdraw" and issued is not None:
            certificates.withdraw(current_user, issued, day, request.form.get("reason", ""))
        elif action != "issue":
            abort(400)
        else:
            certificates.issue(
                current_user,
                candidate,
                day,
                request.form.get("chair_name", ""),
                request.form.get("lead_assessor_name", ""),
            )
    except services.CertificationError as error:
        return _page(item, {"certificate": str(error.message)}, 422)
    flash(_("Done."), "success")
    return redirect_after_post(
        url_for("certification.application", application_id=item.id, _anchor="certificate")
    )


@bp.get("/applications/<int:application_id>/certificate-<any(bg, en):language>.pdf")
@login_required
def certificate_pdf(application_id, language):
    """The certificate as a PDF in Bulgarian or English, for its holder, the Group and the Board."""
    from certification import certificates

    item = _fetch(application_id)
    issued = _issued(item)
    holder_or_scheme = current_user.id == item.applicant_id or current_user.has_role("scheme_group", "board")
    if issued is None or not holder_or_scheme:  # the Appeals Committee reads appeals, not certificates
        abort(404)
    verify_url = public_url("certificates.verify", token=issued.verify_token)
    data = certificates.certificate_pdf(issued, language, verify_url)
    response = send_file(
        io.BytesIO(data),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=f"{issued.number}-{language}.pdf",
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/applications/<int:application_id>/report")
@login_required
def report(application_id):
    """The candidate uploads the report with its pages, annexes and competence elements."""
    from certification import stages

    item, candidate = _candidate_of(application_id)
    form = FileForm()
    if not form.validate_on_submit():
        return _page(item, _errors(form), 422)
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
        return _page(item, {"report": str(getattr(error, "message", error))}, 422)
    uploads.remove_all([gone])
    flash(_("The report is uploaded."), "success")
    return redirect_after_post(url_for("certification.application", application_id=item.id, _anchor="report"))


@bp.post("/applications/<int:application_id>/interview")
@login_required
def interview(application_id):
    """The Group schedules the interview; its end is computed with the breaks."""
    from certification import stages

    item, candidate = _candidate_of(application_id)
    try:
        starts_at = parse_datetime(request.form.get("starts_at", ""), years_ahead=EXAM_YEARS_AHEAD)
    except ValueError:
        starts_at = None
    minutes, place = request.form.get("conversation_minutes"), request.form.get("place", "")
    return _act(
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
    from certification import stages

    item, candidate = _candidate_of(application_id)
    assessor = User.get_or_none(User.id == form_id("assessor"))
    step_ = request.form.get("step", "")
    return _act(
        item,
        lambda: stages.assign_stage_assessor(current_user, candidate, assessor, step_),
        "interview",
        anchor="report",
    )


@bp.route("/assessing", methods=["GET", "POST"])
@login_required
def assessing():
    """The assessor's candidates by ID only: at levels C and B the report (with its sector and
    coverage), the interview and the marks; at every level the hand-in (004 (decision) ал.1), at D
    once the written exam's final mark is in."""
    from certification import certificates, stages
    from certification.models import Candidate

    if current_user.role != "assessor":
        abort(403)
    errors = {}
    if request.method == "POST":
        candidate = Candidate.get_or_none(Candidate.id == form_id("candidate"))
        if candidate is None:
            abort(404)
        form = request.form
        try:
            if form.get("action") == "hand_in":
                stages.hand_in(
                    current_user,
                    candidate,
                    form.get("certify") == "yes",
                    form.get("matrix", ""),
                    form.get("reasons", ""),
                )
            else:
                stages.record_stage_mark(
                    current_user,
                    candidate,
                    form.get("stage", ""),
                    form.get("mark"),
                    form.get("reasons", ""),
                    joint=form.get("joint") == "yes",
                )
        except services.CertificationError as error:
            errors[candidate.id] = str(error.message)
        else:
            return redirect_after_post(
                url_for("certification.assessing", _anchor=f"candidate-{candidate.id}")
            )
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
    return render("certification/assessing.html", rows=rows, errors=errors), (422 if errors else 200)


@bp.get("/reports/<int:report_id>")
@login_required
def report_file(report_id):
    """A report's file, for its appointed assessors and the Group (named by candidate ID only)."""
    from certification.models import Report

    found = Report.get_or_none(Report.id == report_id)
    if found is None or not _may_read_report(found):
        abort(404)
    return _send_stored(found, f"report-{found.candidate.candidate_id}")


def _may_read_report(found):
    """The Group reads every report; an assessor only one it is appointed to assess."""
    from certification.models import StageAssessor

    if current_user.has_role("scheme_group"):
        return True
    keys = {"candidate": found.candidate_id}
    return current_user.role == "assessor" and appointments.is_appointed(StageAssessor, keys, current_user)


@bp.post("/applications/<int:application_id>/cheating/<int:seat_id>")
@login_required
def cheating(application_id, seat_id):
    """The Board decides a cheating report of the invigilator's protocol, with reasons, confirmed."""
    item, candidate = _candidate_of(application_id)
    seat = Seat.get_or_none((Seat.id == seat_id) & (Seat.candidate == candidate))
    if seat is None:
        abort(404)
    form = request.form
    return _act(
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
