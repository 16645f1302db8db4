"""The documents: a centre's list, entering one, its page (data, check rounds, timeline, images,
duplicates) with the centre's steps and the registration; NAPOO's queue and its check."""

import datetime

from flask import abort, current_app, flash, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from portal import uploads
from portal.accounts import STAFF_ROLES, role_required
from portal.web import (
    form_errors,
    form_page,
    get_or_404,
    parse_int,
    redirect_after_post,
    render,
    run_step,
    stored_download,
)
from register.documents import checking, rules, services
from register.documents.forms import CheckForm, DocumentForm, DuplicateForm, EditForm, RegisterForm, StepForm
from register.documents.labels import KIND_LABELS
from register.documents.models import (
    DOCUMENT_STATES,
    DRAFT,
    RETURNED,
    CentreAccount,
    Course,
    DocumentCondition,
    DocumentEvent,
    DocumentImage,
    IssuedDocument,
    Participant,
    centre_is_closed,
)
from register.documents.verification import duplicate_request_place
from register.documents.views.blueprint import bp
from register.documents.workflow import DocumentError, get_document_for, may
from register.models import Centre

PAGE_SIZE = 25


def paged(query, size=PAGE_SIZE):
    """One page of `query` by the `page` argument: {items, page, pages, total}."""
    total = query.count()
    pages = max(1, -(-total // size))
    page = min(parse_int(request.args.get("page", "1"), low=1) or 1, pages)
    return {"items": list(query.paginate(page, size)), "page": page, "pages": pages, "total": total}


def centre_or_404(centre_id, acting=False):
    """The centre, if the user acts for it or (unless `acting`: a step only the centre takes) is
    NAPOO's staff, else a 404 (a 403 to staff where only the centre acts)."""
    centre = get_or_404(Centre, Centre.id == centre_id)
    if CentreAccount.acts_for(current_user, centre.id):
        return centre
    if current_user.has_role(*STAFF_ROLES):
        if acting:
            abort(403)
        return centre
    abort(404)


def document_or_404(document_id, centre_id=None):
    """The document the user may see (the workflow's fetch), of this centre when given, else a 404."""
    document = get_document_for(document_id, current_user)
    if document is None or (centre_id is not None and document.centre_id != centre_id):
        abort(404)
    return document


def document_url(document, **values):
    return url_for("documents.document", centre_id=document.centre_id, document_id=document.id, **values)


# --- The centre's side ---------------------------------------------------------------------------


@bp.get("/centre/<int:centre_id>/documents")
@login_required
def centre_documents(centre_id):
    """A centre's documents, the newest first, by state."""
    centre = centre_or_404(centre_id)
    state = request.args.get("state", "")
    query = IssuedDocument.of_centre(centre.id)
    if state in DOCUMENT_STATES:
        query = query.where(IssuedDocument.state == state)
    else:
        state = ""
    return render("documents/list.html", block="documents", centre=centre, state=state, result=paged(query))


def _participants(centre_id):
    return (
        Participant.select(Participant, Course)
        .join(Course)
        .where(Course.centre == centre_id)
        .order_by(Course.starts_on.desc(), Participant.last_name, Participant.first_name)
    )


def _document_form(centre_id):
    """The new document's form with the centre's people and its documents a supplement may belong to."""
    form = DocumentForm()
    form.participant.choices = [
        SelectChoice(p.id, f"{p.full_name} — {_('course')} {p.course.id} ({p.course.speciality_id})")
        for p in _participants(centre_id)
    ]
    form.kind.choices = [SelectChoice(kind, KIND_LABELS[kind]) for kind in rules.KINDS]
    parents = IssuedDocument.of_centre(centre_id).where(IssuedDocument.kind.in_(services.EUROPASS_PARENTS))
    form.parent.choices = [SelectChoice(0, "—")] + [
        SelectChoice(
            d.id, f"{d.kind_label} {d.series} {d.factory_number or d.registration_number} — {d.holder_name}"
        )
        for d in parents
    ]
    return form


@bp.route("/centre/<int:centre_id>/documents/new", methods=["GET", "POST"])
@login_required
def new_document(centre_id):
    """The centre enters a document for a person on one of its courses' lists."""
    centre = centre_or_404(centre_id, acting=True)
    form = _document_form(centre.id)
    if request.method == "GET" and request.args.get("participant", type=int):
        form.participant.data = request.args.get("participant", type=int)  # from the course's page
    errors = {}
    if form.validate_on_submit():
        participant = Participant.get_or_none(Participant.id == form.participant.data)
        if participant is None or participant.course.centre_id != centre.id:
            abort(404)
        parent = IssuedDocument.get_or_none(
            (IssuedDocument.id == (form.parent.data or 0)) & (IssuedDocument.centre == centre.id)
        )
        document = run_step(
            lambda: services.enter_document(
                current_user, participant, form.kind.data, form.series.data, form.factory_number.data, parent
            ),
            errors,
            DocumentError,
        )
        if not errors:
            flash(_("The document is entered."), "success")
            return redirect_after_post(document_url(document))
    return form_page("documents/new.html", "document_form", form, errors, centre=centre)


def _rounds(document):
    """{round: [conditions]} of the document's checks, the newest round first."""
    rounds = {}
    query = DocumentCondition.select().where(DocumentCondition.document == document)
    for condition in query.order_by(DocumentCondition.round.desc(), DocumentCondition.id):
        rounds.setdefault(condition.round, []).append(condition)
    return rounds


def document_page(document, errors=None, forms=None, status=200):
    """The document's page with the steps the user may take now."""
    forms = forms or {}
    editable = document.state in services.EDITABLE and (
        may(current_user, "submit", document) or may(current_user, "resubmit", document)
    )
    edit_form = forms.get("edit") or EditForm(formdata=None, obj=document)
    edit_form.version.data = document.version
    may_register = may(current_user, "register", document) and not (
        document.state == DRAFT and services.check_needed(document)
    )
    register_form = forms.get("register") or RegisterForm(formdata=None, registered_on=datetime.date.today())
    register_form.version.data = document.version
    html = render(
        "documents/document.html",
        document=document,
        centre=Centre.get_by_id(document.centre_id),
        errors=errors or {},
        editable=editable,
        edit_form=edit_form,
        may_submit=may(current_user, "submit", document) and services.check_needed(document),
        may_resubmit=may(current_user, "resubmit", document),
        may_register=may_register,
        register_form=register_form,
        may_check=current_user.has_role(*STAFF_ROLES),
        rounds=_rounds(document),
        events=list(
            DocumentEvent.select()
            .where(DocumentEvent.document == document)
            .order_by(DocumentEvent.at, DocumentEvent.id)
        ),
        images=list(document.images.order_by(DocumentImage.id)),
        duplicates=list(document.duplicates.order_by(IssuedDocument.id)),
        original=document.original,
        duplicate_mark=rules.duplicate_mark(),
        check_needed=services.check_needed(document),
        today=datetime.date.today(),
    )
    return html, status


@bp.get("/centre/<int:centre_id>/documents/<int:document_id>")
@login_required
def document(centre_id, document_id):
    """One document: its data, state, check rounds, term, timeline, images and duplicates."""
    return document_page(document_or_404(document_id, centre_id))


@bp.post("/centre/<int:centre_id>/documents/<int:document_id>/edit")
@login_required
def edit_document(centre_id, document_id):
    """The centre fixes the document's data (while preparing it or after a return)."""
    item = document_or_404(document_id, centre_id)
    form = EditForm()
    errors = {}
    if form.validate_on_submit():
        run_step(
            lambda: services.update_document(
                item,
                current_user,
                form.version.data,
                form.series.data,
                form.factory_number.data,
                form.holder_name.data,
            ),
            errors,
            DocumentError,
        )
        if not errors:
            flash(_("The document's data is saved."), "success")
            return redirect_after_post(document_url(item))
    errors.update(form_errors(form))
    return document_page(document_or_404(document_id, centre_id), errors, {"edit": form}, 422)


@bp.post("/centre/<int:centre_id>/documents/<int:document_id>/<any(submit, resubmit):action>")
@login_required
def document_step(centre_id, document_id, action):
    """The centre sends the document to NAPOO's check, or back to it after fixes."""
    item = document_or_404(document_id, centre_id)
    form = StepForm()
    errors = {}
    if form.validate_on_submit():
        call = services.submit if action == "submit" else services.resubmit
        run_step(lambda: call(item, current_user, form.version.data), errors, DocumentError)
        if not errors:
            flash(_("The document is sent to NAPOO for its check."), "success")
            return redirect_after_post(document_url(item))
    errors.update({"form": " ".join(form_errors(form).values())} if form.errors else {})
    return document_page(document_or_404(document_id, centre_id), errors, status=422)


@bp.post("/centre/<int:centre_id>/documents/<int:document_id>/register")
@login_required
def register_document(centre_id, document_id):
    """The document enters the register: number, date and scanned images (001 art. 22(6)-(7))."""
    item = document_or_404(document_id, centre_id)
    form = RegisterForm()
    errors = {}
    if form.validate_on_submit():
        run_step(
            lambda: uploads.store_then(
                [f for f in form.images.data or [] if f and f.filename],
                lambda stored: services.register_document(
                    item,
                    current_user,
                    form.version.data,
                    form.registration_number.data,
                    form.registered_on.data,
                    stored,
                ),
            ),
            errors,
            DocumentError,
            field="register",
            upload_field="images",
        )
        if not errors:
            flash(_("The document is in the register."), "success")
            return redirect_after_post(document_url(item))
    errors.update(form_errors(form))
    return document_page(document_or_404(document_id, centre_id), errors, {"register": form}, 422)


@bp.get("/centre/<int:centre_id>/documents/<int:document_id>/images/<int:image_id>")
@login_required
def document_image(centre_id, document_id, image_id):
    """A scanned image of a document, to its centre and NAPOO's staff only, never public."""
    item = document_or_404(document_id, centre_id)
    image = get_or_404(DocumentImage, (DocumentImage.id == image_id) & (DocumentImage.document == item))
    return stored_download(image, uploads.safe_filename(image.original_name))


@bp.route("/centre/<int:centre_id>/documents/<int:document_id>/duplicate", methods=["GET", "POST"])
@login_required
def duplicate(centre_id, document_id):
    """A duplicate of a registered document (001 art. 16); of a closed centre's, by NAPOO on behalf
    of the school that keeps its archive."""
    original = document_or_404(document_id, centre_id)
    form = DuplicateForm()
    errors = {}
    if form.validate_on_submit():
        document = run_step(
            lambda: services.enter_duplicate(
                current_user, original, form.series.data, form.factory_number.data, form.holder_name.data
            ),
            errors,
            DocumentError,
        )
        if not errors:
            flash(_("The duplicate is entered."), "success")
            return redirect_after_post(document_url(document))
    return form_page(
        "documents/duplicate.html",
        "duplicate_form",
        form,
        errors,
        original=original,
        closed=centre_is_closed(original.centre_id),
        archive=duplicate_request_place(original.centre_id),
        duplicate_mark=rules.duplicate_mark(),
    )


# --- NAPOO's side --------------------------------------------------------------------------------


@bp.get("/staff/documents/")
@role_required(*STAFF_ROLES)
def queue():
    """NAPOO's queue: documents awaiting a check, the oldest first, and those returned with their
    terms, the overdue marked."""
    today = datetime.date.today()
    counts = IssuedDocument.queue_counts(today)
    return render(
        "documents/queue.html",
        block="queue",
        result=paged(IssuedDocument.to_check()),
        counts=counts,
        today=today,
    )


def _check_context(document, today):
    """What the check page shows: each condition with its evidence (the site's) or its field."""
    computed = checking.system_results(document)
    rows = []
    for code, point, who in rules.check_conditions(document.kind):
        met, evidence = computed.get(code, (None, "")) if who == rules.SYSTEM else (None, "")
        rows.append({"code": code, "point": point, "who": who, "met": met, "evidence": evidence})
    return {
        "document": document,
        "rows": rows,
        "round_number": document.check_round + 1,
        "article": "22(4)" if rules.is_validation(document.kind) else "22(3)",
        "default_deadline": checking.default_fix_deadline(today),
        "fix_days": current_app.config["DOCUMENT_FIX_DAYS"],
        "overdue": document.state == RETURNED and rules.term_for_fixes_passed(document.fix_deadline, today),
        "may_check": may(current_user, "clear", document),
        "may_refuse_unfixed": may(current_user, "refuse", document) and document.state == RETURNED,
        "today": today,
    }


@bp.route("/staff/documents/<int:document_id>/check", methods=["GET", "POST"])
@role_required(*STAFF_ROLES)
def check(document_id):
    """NAPOO's check of one document, condition by condition (001 art. 22(3)/(4)), and its outcome."""
    item = document_or_404(document_id)
    today = datetime.date.today()
    form = CheckForm()
    errors = {}
    if request.method == "POST" and form.validate_on_submit():
        answers = {}
        for code, _point, who in rules.check_conditions(item.kind):
            if who == rules.OFFICER:
                value = request.form.get(f"met_{code}", "")
                met = {"yes": True, "no": False}.get(value)
                answers[code] = (met, request.form.get(f"note_{code}", "").strip()[:2000])
        outcome = run_step(
            lambda: checking.record_check(
                item, current_user, form.version.data, answers, today, form.fix_deadline.data
            ),
            errors,
            DocumentError,
        )
        if not errors:
            flash(str(DONE[outcome]), "success")
            return redirect_after_post(url_for("documents.check", document_id=item.id))
    elif request.method == "GET":
        form.fix_deadline.data = checking.default_fix_deadline(today)
    form.version.data = document_or_404(document_id).version
    context = _check_context(document_or_404(document_id), today)
    return form_page("documents/check.html", "check_form", form, errors, rounds=_rounds(item), **context)


@bp.post("/staff/documents/<int:document_id>/refuse")
@role_required(*STAFF_ROLES)
def refuse_unfixed(document_id):
    """A returned document whose term passed without fixes: not entered (001 art. 22(9)-(10))."""
    item = document_or_404(document_id)
    today = datetime.date.today()
    form = StepForm()
    errors = {}
    if form.validate_on_submit():
        run_step(
            lambda: checking.refuse_unfixed(item, current_user, form.version.data, today),
            errors,
            DocumentError,
        )
        if not errors:
            flash(str(DONE["refused"]), "success")
            return redirect_after_post(url_for("documents.check", document_id=item.id))
    errors.update(form_errors(form))
    item = document_or_404(document_id)
    check_form = CheckForm(formdata=None, fix_deadline=checking.default_fix_deadline(today))
    check_form.version.data = item.version
    context = _check_context(item, today)
    return form_page(
        "documents/check.html", "check_form", check_form, errors, rounds=_rounds(item), **context
    )


DONE = {
    "cleared": _l("The check is recorded: the requirements are met, the centre registers the document."),
    "returned": _l("The check is recorded: the document is returned to the centre with the term to fix it."),
    "refused": _l("The check is recorded: the document is not entered in the register."),
}
