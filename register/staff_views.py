"""The staff pages that change the register: record a licence event, and the archive's path after a
closed licence (where it is kept, the notice to the РУО, the handover)."""

import datetime

from flask import Response, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import uploads
from portal.accounts import role_required, staff_required
from portal.web import (
    form_page,
    get_or_404,
    parse_int,
    redirect_after_post,
    render,
    run_step,
    stored_download,
)
from register import archive_letter, rules
from register.blueprint import EDITORS, bp
from register.forms import ArchiveForm, ArchiveHandoverForm, ArchiveNoticeForm, LicenceEventForm
from register.models import ArchiveNotice, HandoverProtocol, Licence, LicenceEvent, Settlement
from register.services import (
    RegisterError,
    designate_archive,
    get_licence_for_edit,
    record_archive_notice,
    record_event,
    record_handover,
)


@bp.get("/staff/")
@staff_required
def staff_home():
    """The staff start page: find a licence to work on, and the latest changes."""
    number = (request.args.get("number") or "").strip()
    found = Licence.by_number(number) if number else None
    if found and current_user.has_role(*EDITORS):
        return redirect(url_for("register.new_event", number=found.number), 303)
    return render(
        "register/staff_home.html",
        number=number,
        not_found=bool(number) and found is None,
        latest=list(LicenceEvent.latest(15)),
        can_edit=current_user.has_role(*EDITORS),
    )


def _editable(number):
    """The licence an editor works on, else a 404."""
    item = get_licence_for_edit(number, current_user)
    if item is None:
        abort(404)
    return item


def _settlement(code):
    return Settlement.get_or_none(Settlement.ekatte == (code or "").strip())


@bp.route("/staff/licences/<number>/events/new", methods=["GET", "POST"])
@role_required(*EDITORS)
def new_event(number):
    """Record an event on a licence; a revocation or termination may carry the archive."""
    item = _editable(number)
    form = LicenceEventForm().for_status(item.status)
    errors = {}
    if form.validate_on_submit():
        archive = form.archive_data()
        if archive is not None:
            archive["school_settlement"] = _settlement(archive["school_settlement"])
        run_step(
            lambda: record_event(
                item,
                current_user,
                form.kind.data,
                form.date.data,
                form.order_number.data,
                form.reason.data or "",
                form.notes.data or "",
                parse_int(form.months.data or ""),  # blank or spaces: none chosen
                archive,
            ),
            errors,
            RegisterError,
        )
        if not errors:
            flash(_("The event is recorded and the public register shows it."), "success")
            return redirect_after_post(url_for("register.licence", number=item.number))
    return form_page("register/event_form.html", "event_form", form, errors, licence=item)


@bp.route("/staff/licences/<number>/archive", methods=["GET", "POST"])
@role_required(*EDITORS)
def archive(number):
    """Record or correct where a closed centre's archive is kept."""
    item = _editable(number)
    form = ArchiveForm()
    if request.method == "GET" and item.archive:
        form.fill_from(item.archive)
    errors = {}
    if form.validate_on_submit():
        data = form.archive_data() or {}
        data["school_settlement"] = _settlement(data.get("school_settlement"))
        run_step(lambda: designate_archive(item, current_user, data), errors, RegisterError)
        if not errors:
            flash(_("The archive designation is saved."), "success")
            return redirect_after_post(url_for("register.licence", number=item.number))
    return form_page(
        "register/archive_form.html",
        "archive_form",
        form,
        errors,
        licence=item,
        closed=rules.archive_location_required(item.status),
    )


def _archive_step(number, form_class, save, template_block, message, fill=None):
    """One stage of the archive's path (notice or handover) on its own staff form: the form again
    with its errors and everything typed kept, or a 303 to the public page once saved. A refused
    upload is the `protocol` field's error."""
    item = _editable(number)
    form = form_class()
    if request.method == "GET" and fill:
        fill(form, item)
    errors = {}
    if form.validate_on_submit():
        run_step(lambda: save(item, form), errors, RegisterError, upload_field="protocol")
        if not errors:
            flash(message, "success")
            return redirect_after_post(url_for("register.licence", number=item.number))
    return form_page(
        "register/archive_step.html",
        "step_form",
        form,
        errors,
        licence=item,
        step=template_block,
        closed=rules.archive_location_required(item.status),
        notice=item.archive_notice,
        archive=item.archive,
        protocols=item.handover_protocols() if template_block == "handover" else [],
    )


def _fill_notice(form, item):
    """Show a recorded notice for correction."""
    notice = item.archive_notice
    if notice:
        form.number.data, form.date.data = notice.number, notice.date


@bp.route("/staff/licences/<number>/archive/notice", methods=["GET", "POST"])
@role_required(*EDITORS)
def archive_notice(number):
    """Record the NAPOO chair's written notice to the РУО of the centre's seat (001 art. 28(1))."""
    return _archive_step(
        number,
        ArchiveNoticeForm,
        lambda item, form: record_archive_notice(item, current_user, form.date.data, form.number.data),
        "notice",
        _("The notice to the Regional Education Directorate is recorded."),
        _fill_notice,
    )


@bp.get("/staff/licences/<number>/archive/notice.pdf")
@role_required(*EDITORS)
def archive_notice_pdf(number):
    """The notice as a PDF letter from the NAPOO chair to the head of the РУО, for signing."""
    item = _editable(number)
    notice = item.archive_notice
    if notice is None:
        abort(404)
    data = archive_letter.notice_pdf(item, notice)
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f"inline; filename=notice-{item.number}.pdf"
    return response


@bp.route("/staff/licences/<number>/archive/handover", methods=["GET", "POST"])
@role_required(*EDITORS)
def archive_handover(number):
    """Record the day the documentation was handed over to the designated school, with its protocol
    file if one is chosen: the file is stored first and removed again if the handover is refused."""
    return _archive_step(
        number,
        ArchiveHandoverForm,
        lambda item, form: uploads.store_then(
            [form.protocol.data],
            lambda stored: record_handover(item, current_user, form.date.data, stored[0] if stored else None),
        ),
        "handover",
        _("The handover is recorded."),
    )


@bp.get("/staff/licences/<number>/archive/protocols/<int:protocol_id>")
@role_required(*EDITORS)
def archive_protocol(number, protocol_id):
    """A handover protocol file, to the editors only, as an attachment with its original name."""
    item = _editable(number)
    found = get_or_404(
        HandoverProtocol, (HandoverProtocol.id == protocol_id) & (HandoverProtocol.licence == item)
    )
    return stored_download(found, uploads.safe_filename(found.original_name))


@bp.get("/staff/archives")
@role_required(*EDITORS)
def archives_awaiting():
    """Closed centres whose archive designation is missing or whose handover is overdue, oldest first."""
    return render("register/archives_awaiting.html", rows=ArchiveNotice.awaiting(datetime.date.today()))
