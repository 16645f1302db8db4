"""The application's files: the generated PDFs and the uploaded attachments, to those who may see
the application only, kept in no cache."""

from flask import abort
from flask_login import login_required

from portal import uploads
from portal.web import get_or_404, private_download, stored_download
from register.licensing import documents
from register.licensing.models import Attachment
from register.licensing.views.blueprint import bp
from register.licensing.views.procedure import fetch


@bp.get("/applications/<int:application_id>/<any(application, order, licence):kind>.pdf")
@login_required
def pdf(application_id, kind):
    """Step 4's generated application (once nothing is missing), and step 10's order and licence
    (once issued), to those who may see the application."""
    item = fetch(application_id)
    if kind == "application":
        if item.missing():
            abort(404)
        data, _fingerprint = documents.application_pdf(item)
        name = f"zayavlenie-{item.number}.pdf"
    else:
        if item.licence_id is None or item.order_event() is None:
            abort(404)
        data = documents.order_pdf(item) if kind == "order" else documents.licence_pdf(item)
        name = f"{'zapoved' if kind == 'order' else 'licenzia'}-{item.number}.pdf"
    return private_download(data, name, "application/pdf")


@bp.get("/applications/<int:application_id>/files/<int:attachment_id>")
@login_required
def attachment(application_id, attachment_id):
    """A file of an application, to those who may see the application only."""
    item = fetch(application_id)
    found = get_or_404(Attachment, (Attachment.id == attachment_id) & (Attachment.application == item))
    # The name made safe again: robust to a name stored before uploads made it so.
    return stored_download(found, uploads.safe_filename(found.original_name))
