"""The register of issued documents: public views (see the package's docstring): verification of a
document and the holder's shareable link."""

from flask import current_app, redirect, request, url_for

from portal.dates import utcnow
from portal.extensions import limiter
from portal.web import form_errors, invalid_status, render
from register.documents import rules, verification
from register.documents.public_forms import VerifyForm
from register.documents.views.blueprint import bp

# Never cached or indexed: an answer is about one person's document.
PRIVATE_HEADERS = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex"}


def _context(form, errors, answer=None, asked=False):
    """What the page shows: the form (the personal number never written back), the answer."""
    form.personal_number.data = ""
    return {
        "form": form,
        "errors": errors,
        "answer": answer,
        "asked": asked,
        "numbered_kinds": [k for k in rules.document_kinds() if rules.factory_numbered(k)],
        "checked": utcnow(),
    }


@bp.route("/documents/verify", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["VERIFY_RATE_LIMIT"], methods=["POST"])
def verify():
    """Verify a document by its kind, series and number and its holder's ЕГН/ЛНЧ (POST). A GET
    carrying the personal number in its query is redirected without it: it must not stay in a URL,
    a browser's history or an access log."""
    if request.method == "GET" and "personal_number" in request.args:
        kept = {k: v for k, v in request.args.items() if k in ("kind", "series", "number")}
        return redirect(url_for("documents.verify", **kept), 303)
    form = VerifyForm(formdata=request.form if request.method == "POST" else request.args or None)
    errors, answer, asked = {}, None, False
    if request.method == "POST":
        if form.validate():
            asked = True
            answer = verification.look_up(
                form.kind.data, form.series.data, form.number.data, form.personal_number.data
            )
        else:
            errors = form_errors(form)
    body = render("documents/verify.html", block="verification", **_context(form, errors, answer, asked))
    return body, invalid_status(errors), PRIVATE_HEADERS


@bp.get("/documents/v/<token>")
def holder_link(token):
    """The holder's shareable link: the same answer for that document, checked now; an unknown token
    or a document no longer in the register gets the miss's page, 404."""
    answer = verification.by_token(token)
    body = render("documents/verified.html", answer=answer, checked=utcnow(), token=token if answer else None)
    return body, 200 if answer else 404, PRIVATE_HEADERS
