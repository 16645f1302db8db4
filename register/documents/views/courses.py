"""The register of issued documents: a centre's courses, their participants (by hand or a CSV
file) and the exam's results (its blanks are register.blanks'). Whoever acts for the centre writes; NAPOO's
staff read every centre's; anyone else gets 404 (authorisation at the fetch)."""

from flask import abort, current_app, redirect, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from portal.accounts import ROLES, STAFF_ROLES, role_required
from portal.web import form_page, get_or_404, parse_int, redirect_after_post, render, run_step
from register.documents import courses as services
from register.documents.course_forms import CourseForm, ImportForm, ParticipantForm, ProtocolForm
from register.documents.models import (
    CentreAccount,
    Course,
    Participant,
    course_has_registered_document,
    specialities_licensed_on,
)
from register.documents.views.blueprint import bp
from register.documents.workflow import DocumentError
from register.models import Centre, Licence

PER_PAGE = 25
signed_in = role_required(*ROLES)


def centre_or_404(centre_id, write=False):
    """The centre, for whoever acts for it; NAPOO's staff may read it (403 on a write); else 404."""
    centre = get_or_404(Centre, Centre.id == centre_id)
    if CentreAccount.acts_for(current_user, centre.id):
        return centre
    if current_user.has_role(*STAFF_ROLES):
        if write:
            abort(403)
        return centre
    abort(404)


def _course(centre_id, course_id, write=False):
    centre = centre_or_404(centre_id, write)
    return centre, get_or_404(Course, (Course.id == course_id) & (Course.centre == centre.id))


def may_write(centre):
    """Whether the signed-in account acts for the centre (NAPOO's staff read only)."""
    return CentreAccount.acts_for(current_user, centre.id)


@bp.get("/centre/")
@signed_in
def centre_home():
    """The user's centres: one is opened at once."""
    centres = list(CentreAccount.centres_of(current_user))
    if len(centres) == 1:
        return redirect(url_for("documents.courses", centre_id=centres[0].id))
    return render("documents/centres.html", centres=centres)


@bp.get("/centre/<int:centre_id>/courses")
@signed_in
def courses(centre_id):
    """The centre's courses, the newest first, a page at a time."""
    centre = centre_or_404(centre_id)
    page = parse_int(request.args.get("page"), low=1, high=100000) or 1
    rows = list(Course.of_centre(centre.id).paginate(page, PER_PAGE + 1))
    return render(
        "documents/courses.html",
        block="course_list",
        centre=centre,
        rows=rows[:PER_PAGE],
        page=page,
        more=len(rows) > PER_PAGE,
        may_write=may_write(centre),
    )


def _course_form(centre, form, course=None):
    """The form's choices: the centre's licences and what the chosen licence covered on the start
    date (all its specialities before a date is chosen)."""
    licences = list(Licence.select().where(Licence.centre == centre.id).order_by(Licence.number))
    form.licence.choices = [SelectChoice(lic.id, lic.number) for lic in licences]
    licence_id = form.licence.data if form.licence.data in {lic.id for lic in licences} else None
    licence_id = licence_id or (course.licence_id if course else (licences[0].id if licences else 0))
    day = form.starts_on.data or (course.starts_on if course else None)
    if day:
        specialities = specialities_licensed_on(licence_id, day)
    else:
        from register.models import LicensedSpeciality, Speciality

        specialities = (
            Speciality.select().join(LicensedSpeciality).where(LicensedSpeciality.licence == licence_id)
        )
    form.speciality.choices = [SelectChoice(s.code, f"{s.code} {s.name}") for s in specialities]
    if course and course.speciality_id not in {c.value for c in form.speciality.choices}:
        form.speciality.choices.append(SelectChoice(course.speciality_id, course.speciality_id))


def _course_fields(form):
    return {
        name: getattr(form, name).data
        for name in (
            "licence",
            "speciality",
            "kind",
            "framework_programme",
            "training_form",
            "starts_on",
            "ends_on",
            "hours",
        )
    }


@bp.route("/centre/<int:centre_id>/courses/new", methods=["GET", "POST"])
@signed_in
def new_course(centre_id):
    """A new course of the centre."""
    centre = centre_or_404(centre_id, write=True)
    form = CourseForm()
    _course_form(centre, form)
    errors = {}
    if form.validate_on_submit() and request.form.get("refresh") is None:
        course = run_step(
            lambda: services.save_course(centre.id, _course_fields(form)), errors, DocumentError
        )
        if course:
            return redirect_after_post(url_for("documents.course", centre_id=centre.id, course_id=course.id))
    return form_page("documents/course_form.html", "course_form", form, errors, centre=centre, course=None)


@bp.route("/centre/<int:centre_id>/courses/<int:course_id>/edit", methods=["GET", "POST"])
@signed_in
def edit_course(centre_id, course_id):
    """A course's data changed, while none of its documents is in the register."""
    centre, course = _course(centre_id, course_id, write=True)
    form = CourseForm(obj=course if request.method == "GET" else None)
    if request.method == "GET":
        form.licence.data, form.speciality.data = course.licence_id, course.speciality_id
    _course_form(centre, form, course)
    errors = {}
    if form.validate_on_submit() and request.form.get("refresh") is None:
        saved = run_step(
            lambda: services.save_course(centre.id, _course_fields(form), course, form.version.data),
            errors,
            DocumentError,
        )
        if saved:
            return redirect_after_post(url_for("documents.course", centre_id=centre.id, course_id=course.id))
    return form_page("documents/course_form.html", "course_form", form, errors, centre=centre, course=course)


def _course_page(centre, course, errors=None, protocol_form=None, status=200, block=None):
    people = list(Participant.of_course(course.id))
    page = render(
        "documents/course.html",
        block=block,
        centre=centre,
        course=course,
        people=people,
        errors=errors or {},
        protocol_form=protocol_form or ProtocolForm(obj=course),
        may_write=may_write(centre),
        locked=course_has_registered_document(course.id),
        TRAINING_FORM_LABELS=services.TRAINING_FORM_LABELS,
        results=request.form if request.method == "POST" else None,
    )
    return page, status


@bp.get("/centre/<int:centre_id>/courses/<int:course_id>")
@signed_in
def course(centre_id, course_id):
    """A course: its data, exam protocol and list of participants with their results."""
    centre, course = _course(centre_id, course_id)
    return _course_page(centre, course)


@bp.post("/centre/<int:centre_id>/courses/<int:course_id>/protocol")
@signed_in
def exam_protocol(centre_id, course_id):
    """The exam protocol's number and date."""
    centre, course = _course(centre_id, course_id, write=True)
    form = ProtocolForm()
    errors = {}
    if form.validate_on_submit():
        run_step(
            lambda: services.record_exam_protocol(
                course, form.version.data, form.exam_protocol_number.data, form.exam_protocol_date.data
            ),
            errors,
            DocumentError,
        )
    else:
        errors.update({k: " ".join(map(str, v)) for k, v in form.errors.items()})
    if errors:
        return _course_page(centre, course, errors, form, 422, block="protocol")
    return redirect_after_post(url_for("documents.course", centre_id=centre.id, course_id=course.id))


@bp.post("/centre/<int:centre_id>/courses/<int:course_id>/results")
@signed_in
def exam_results(centre_id, course_id):
    """Every participant's result and marks, on one form."""
    centre, course = _course(centre_id, course_id, write=True)
    results = {}
    for person in Participant.of_course(course.id):
        pid = person.id
        results[pid] = tuple(
            request.form.get(f"{name}-{pid}", "") for name in ("result", "theory", "practice")
        )
    errors = {}
    version = parse_int(request.form.get("version")) or -1
    run_step(lambda: services.record_results(course, version, results), errors, DocumentError)
    if errors:
        return _course_page(centre, course, errors, status=422, block="results")
    # No #fragment: htmx's redirect to the same page with one would only scroll, showing nothing new.
    return redirect_after_post(url_for("documents.course", centre_id=centre.id, course_id=course.id))


def _person_fields(form):
    return {
        name: getattr(form, name).data
        for name in (
            "personal_number",
            "first_name",
            "middle_name",
            "last_name",
            "birth_date",
            "sex",
            "citizenship",
            "entry_education",
        )
    }


@bp.route("/centre/<int:centre_id>/courses/<int:course_id>/participants/new", methods=["GET", "POST"])
@signed_in
def new_participant(centre_id, course_id):
    """A person added to the course's list."""
    centre, course = _course(centre_id, course_id, write=True)
    return _participant_page(centre, course, None)


@bp.route(
    "/centre/<int:centre_id>/courses/<int:course_id>/participants/<int:person_id>/edit",
    methods=["GET", "POST"],
)
@signed_in
def edit_participant(centre_id, course_id, person_id):
    """A person's data changed."""
    centre, course = _course(centre_id, course_id, write=True)
    person = get_or_404(Participant, (Participant.id == person_id) & (Participant.course == course.id))
    return _participant_page(centre, course, person)


def _participant_page(centre, course, person):
    """The participant's form (a new one when `person` is None): saved, back to the course; else the
    form again with its errors."""
    form = ParticipantForm(obj=person if person is not None and request.method == "GET" else None)
    errors = {}
    if form.validate_on_submit():
        saved = run_step(
            lambda: services.save_participant(course, _person_fields(form), person), errors, DocumentError
        )
        if saved:
            return redirect_after_post(url_for("documents.course", centre_id=centre.id, course_id=course.id))
    return form_page(
        "documents/participant_form.html",
        "participant_form",
        form,
        errors,
        centre=centre,
        course=course,
        person=person,
    )


@bp.route(
    "/centre/<int:centre_id>/courses/<int:course_id>/participants/<int:person_id>/remove",
    methods=["GET", "POST"],
)
@signed_in
def remove_participant(centre_id, course_id, person_id):
    """Take a person off the list: GET asks for confirmation (JavaScript off), POST removes. A
    second POST (a double click) finds nobody and goes back to the course."""
    centre, course = _course(centre_id, course_id, write=True)
    back = url_for("documents.course", centre_id=centre.id, course_id=course.id)
    person = Participant.get_or_none((Participant.id == person_id) & (Participant.course == course.id))
    if person is None:
        if request.method == "POST":
            return redirect_after_post(back)
        abort(404)
    errors = {}
    if request.method == "POST":
        run_step(lambda: services.remove_participant(person), errors, DocumentError)
        if not errors:
            return redirect_after_post(back)
    page = render(
        "documents/participant_remove.html", centre=centre, course=course, person=person, errors=errors
    )
    return page, 422 if errors else 200


@bp.route("/centre/<int:centre_id>/courses/<int:course_id>/import", methods=["GET", "POST"])
@signed_in
def import_participants(centre_id, course_id):
    """People added from a CSV file: all of them, or none with each bad row named."""
    centre, course = _course(centre_id, course_id, write=True)
    form = ImportForm()
    errors, problems, added = {}, [], None
    if form.validate_on_submit():
        upload = request.files.get("file")
        data = read_upload(upload, errors)
        if data is not None:
            try:
                added = services.import_participants(course, data)
            except services.ImportRefused as error:
                errors["file"] = str(error.message)
                problems = error.problems
            except DocumentError as error:
                errors["file"] = str(error.message)
        if added:
            return redirect_after_post(url_for("documents.course", centre_id=centre.id, course_id=course.id))
    return form_page(
        "documents/import.html",
        "import_form",
        form,
        errors,
        centre=centre,
        course=course,
        problems=problems,
        columns=services.IMPORT_COLUMNS,
        required=services.IMPORT_REQUIRED,
        max_rows=services.import_max_rows(),
        max_size=f"{current_app.config['PARTICIPANT_IMPORT_MAX_BYTES'] // 1024} KB",
    )


def read_upload(upload, errors):
    """The uploaded file's bytes, or None with the reason in errors["file"]."""
    from flask_babel import gettext as _

    limit = current_app.config.get("PARTICIPANT_IMPORT_MAX_BYTES", 1024 * 1024)

    if upload is None or not upload.filename:
        errors["file"] = _("Choose a CSV file.")
        return None
    if not upload.filename.lower().endswith((".csv", ".txt")):
        errors["file"] = _("The file must be a .csv file (comma or semicolon separated values).")
        return None
    try:
        data = upload.read(limit + 1)
    finally:
        upload.close()  # a large upload is spooled to a temporary file: let it go now
    if len(data) > limit:
        errors["file"] = _("The file is larger than %(size)s: split it.", size=f"{limit // 1024} KB")
        return None
    return data
