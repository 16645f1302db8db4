"""The public register of BAUP certificates: search, each certificate with its status as of now,
verification by the QR code's short link; CSV and JSON twins of the search with public fields only
(holder names are public under 004; the candidate ID never appears here)."""

import datetime

from flask import Blueprint, Response, abort, redirect, request, url_for

from certification import certificates
from certification.certificate_numbers import normalise_certificate_number
from certification.models import Certificate
from portal.web import list_response, render

bp = Blueprint("certificates", __name__)

PUBLIC_FIELDS = ("number", "holder_name", "level", "issued_on", "expires_on", "status", "withdrawn_on")


def _now():
    """The moment a page is answered (tests move it to travel past an expiry)."""
    return datetime.datetime.now()


def rows(found, today):
    """The public fields of each certificate found, with its status as of today, one at a time."""
    return (
        {
            "number": c.number,
            "holder_name": c.holder_name,
            "level": c.level,
            "issued_on": c.issued_on.isoformat(),
            "expires_on": c.expires_on.isoformat(),
            "status": certificates.status(c, today),
            "withdrawn_on": c.withdrawn_on.isoformat() if c.withdrawn_on else "",
        }
        for c in found
    )


@bp.get("/certificates/", defaults={"fmt": None})
@bp.get("/certificates.<any(csv, json):fmt>")
def register(fmt):
    """Search the register by name or number, by level and status; the same as CSV or JSON."""
    today = _now().date()
    q = request.args.get("q", "")[:200]
    level = request.args.get("level", "") if request.args.get("level", "") in ("D", "C", "B") else ""
    state = (
        request.args.get("status", "")
        if request.args.get("status", "") in ("valid", "expired", "withdrawn")
        else ""
    )
    args = {k: v for k, v in {"q": q, "level": level, "status": state}.items() if v}
    alternate = {
        "text/csv": url_for("certificates.register", fmt="csv", **args),
        "application/json": url_for("certificates.register", fmt="json", **args),
        "application/atom+xml": url_for("certificates.feed"),
    }
    return list_response(
        fmt,
        # The whole register, streamed a batch at a time like the licence register's exports.
        rows=lambda: rows(certificates.every(certificates.matching(q, level, state, today)), today),
        fieldnames=PUBLIC_FIELDS,
        filename="certificates",
        meta=lambda: {"q": q, "level": level, "status": state},
        keys=("query", "certificates"),
        alternate=alternate,
        page=lambda: render(
            "certification/certificates.html",
            block="results",
            found=list(rows(certificates.find(q, level, state, today), today)),
            q=q,
            level=level,
            state=state,
            alternate=alternate,
            csv_url=alternate["text/csv"],
            excel_csv_url=url_for("certificates.register", fmt="csv", excel="1", **args),
            json_url=alternate["application/json"],
        ),
    )


@bp.get("/certificates/<number>")
def certificate(number):
    """One certificate: VALID or INVALID as of now (and why), its history; an unknown number says so."""
    now = _now()
    try:
        found = Certificate.get_or_none(Certificate.number == normalise_certificate_number(number))
    except ValueError:
        found = None
    if found is None:
        return render("certification/certificate.html", certificate=None, number=number, checked=now), 404
    return render(
        "certification/certificate.html",
        certificate=found,
        status=certificates.status(found, now.date()),
        checked=now,
        number=found.number,
    )


@bp.get("/v/<token>")
def verify(token):
    """The QR code's short link: to the certificate's page."""
    found = Certificate.get_or_none(Certificate.verify_token == token[:32])
    if found is None:
        abort(404)
    return redirect(url_for("certificates.certificate", number=found.number), 302)


@bp.context_processor
def _labels():
    from certification import certificate_rules, labels

    return {
        "CERTIFICATE_STATUS": labels.CERTIFICATE_STATUS,
        "CERTIFICATE_EVENTS": labels.CERTIFICATE_EVENTS,
        "level_title": certificate_rules.level_title,
    }


@bp.get("/certificates/feed.atom")
def feed():
    """An Atom feed of the register's changes: issued, expired, withdrawn and replaced certificates
    (the daily `flask certification expire` writes the expiries)."""
    from certification.models import CertificateEvent

    events = (
        CertificateEvent.select(CertificateEvent, Certificate)
        .join(Certificate)
        .where(CertificateEvent.kind.in_(("issued", "expired", "withdrawn", "replaced")))
        .order_by(CertificateEvent.at.desc(), CertificateEvent.id.desc())
        .limit(50)
    )
    body = render("certification/feed.xml", events=list(events), now=_now())
    return Response(body, mimetype="application/atom+xml")
