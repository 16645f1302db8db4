"""The licensing procedure's documents as PDFs in Bulgarian: the application generated from the data
entered (000 step 4), and the chair's order with the licence (step 10).

Each is built from the database alone and is reproducible: the same data give the same bytes. The
application carries the SHA-256 of its content (content_hash), so a changed application is seen at
once by its fingerprint.

Their wording goes through the message catalogues like every other string: English msgids, rendered
under `force_locale(LANGUAGE)`, so a document is Bulgarian whatever the visitor's language. The
fingerprinted content (application_content) holds data only, never a translated word, so a changed
translation never changes a fingerprint."""

import hashlib
import json

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.pdf import Document
from register.licensing.models import REQUIRED_DOCUMENTS, Verdict

LANGUAGE = "bg"  # the language of the documents: NAPOO's procedure is in Bulgarian
TITLE_APPLICATION = _l("Application for licensing")


def _labels():
    from register.licensing.labels import DOCUMENT_LABELS, PREMISES_LABELS

    return DOCUMENT_LABELS, PREMISES_LABELS


DELIVERY = {"email": _l("by email"), "in_person": _l("in person at NAPOO"), "post": _l("by post")}
CENTRE_KINDS = {
    "cpo": _l("Vocational training centre (VTC)"),
    "cipo": _l("Centre for information and vocational guidance (CIVG)"),
}


def application_content(application):
    """Everything the application says, as plain values in a fixed order: what is printed, and
    what its fingerprint is computed from."""
    settlement = application.settlement
    documents = application.documents()
    return {
        "number": application.number,
        "kind": application.kind,
        "licence": application.licence.number if application.licence_id else "",
        "organisation": application.organisation_name,
        "eik": application.eik,
        "representative": application.representative,
        "email": application.email,
        "centre_name": application.centre_name,
        "centre_kind": application.centre_kind,
        "seat": f"{settlement.kind} {settlement.name} (ЕКАТТЕ {settlement.ekatte})" if settlement else "",
        "address": application.address,
        "postcode": application.postcode,
        "phone": application.phone,
        "delivery_channel": application.delivery_channel,
        "specialities": [
            [speciality.code, speciality.name, profession.code, profession.name]
            for _, professions in _requested(application)
            for profession, specialities in professions
            for speciality in specialities
        ],
        "premises": [
            [
                p.kind,
                p.use,
                p.tenure,
                f"{p.settlement.kind} {p.settlement.name}",
                p.address,
                p.document.original_name,
                p.document.sha256,
            ]
            for p in application.premises_list()
        ],
        "documents": [
            [purpose, documents[purpose].original_name, documents[purpose].sha256]
            for purpose in REQUIRED_DOCUMENTS
            if purpose in documents
        ],
    }


def _requested(application):
    from register.licensing.models import RequestedSpeciality

    return RequestedSpeciality.of(application)


def content_hash(application):
    """SHA-256 of the application's content (canonical JSON): the fingerprint printed on it."""
    text = json.dumps(
        application_content(application), ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def application_pdf(application):
    """Step 4: the Application for licensing with all the data entered, and its fingerprint."""
    content = application_content(application)
    fingerprint = content_hash(application)
    document_labels, premises_labels = _labels()
    with force_locale(LANGUAGE):
        pdf = Document(
            f"{TITLE_APPLICATION} {content['number']}",
            application.created_at.date(),
            footer=f"{content['number']} · SHA-256 {fingerprint}",
        )
        pdf.paragraph(_("To the Chair of the National Agency for Vocational Education and Training (NAVET)"))
        if application.kind == "amendment":
            pdf.paragraph(
                _(
                    "Request to amend licence No. %(licence)s (adding specialities)",
                    licence=content["licence"],
                )
            )
        pdf.heading(_("1. Applicant"))
        pdf.line(_("Organisation"), content["organisation"])
        pdf.line(_("UIC/BULSTAT"), content["eik"])
        pdf.line(_("Representative"), content["representative"])
        pdf.line(_("Email"), content["email"])
        pdf.heading(_("2. Centre"))
        pdf.line(_("Name"), content["centre_name"])
        pdf.line(_("Kind"), str(CENTRE_KINDS.get(content["centre_kind"], content["centre_kind"])))
        pdf.line(_("Seat"), content["seat"])
        pdf.line(_("Address"), f"{content['postcode']} {content['address']}".strip())
        pdf.line(_("Telephone"), content["phone"])
        pdf.line(
            _("Receiving the order and the licence"),
            str(DELIVERY.get(content["delivery_channel"], content["delivery_channel"])),
        )
        pdf.heading(_("3. Professions and specialities for which a licence is requested"))
        for code, name, profession_code, profession_name in content["specialities"]:
            pdf.paragraph(
                _(
                    "%(code)s %(name)s (profession %(profession_code)s %(profession_name)s)",
                    code=code,
                    name=name,
                    profession_code=profession_code,
                    profession_name=profession_name,
                )
            )
        pdf.heading(_("4. Premises and office"))
        for kind, use, tenure, place, address, file_name, digest in content["premises"]:
            what = str(premises_labels[kind]) + (f", {premises_labels[use]}" if use else "")
            pdf.paragraph(f"{what}: {place}, {address}; {premises_labels[tenure]}")
            pdf.paragraph(
                "    " + _("document: %(file)s, SHA-256 %(digest)s", file=file_name, digest=digest), size=7.5
            )
        pdf.heading(_("5. Documents attached"))
        for purpose, file_name, digest in content["documents"]:
            pdf.paragraph(f"{document_labels[purpose]}: {file_name}")
            pdf.paragraph(f"    SHA-256 {digest}", size=7.5)
        pdf.heading(_("6. Fingerprint of the content"))
        pdf.paragraph(
            _("SHA-256 of the data in this application (a changed application gives another fingerprint):"),
            size=8.5,
        )
        pdf.paragraph(fingerprint, size=8.5, bold=True)
        pdf.ln(6)
        pdf.paragraph(_("Signature of the representative and seal:") + " " + SIGNATURE_LINE)
        return pdf.bytes(), fingerprint


SIGNATURE_LINE = "." * 36


def _order_parts(application):
    verdicts = list(application.verdicts.order_by(Verdict.speciality))
    granted = [v for v in verdicts if v.granted]  # positive by the expert and the committee
    refused = [v for v in verdicts if not v.granted]
    return granted, refused


def _chair_signs(pdf):
    pdf.ln(8)
    pdf.paragraph(_("Chair of NAVET:") + " " + SIGNATURE_LINE)


def order_pdf(application):
    """Step 10: the chair's order: the licence issued (or amended) with the positively assessed
    specialities; the negatively assessed ones listed with the reasons (000 step 9)."""
    licence = application.licence
    order = application.order_event()
    granted, refused = _order_parts(application)
    with force_locale(LANGUAGE):
        pdf = Document(
            _(
                "Order No. %(number)s of %(day)s",
                number=order.note.splitlines()[0],
                day=f"{order.on_date:%d.%m.%Y}",
            ),
            order.on_date,
            footer=_("NAVET · order on application %(number)s", number=application.number),
        )
        pdf.paragraph(_("National Agency for Vocational Education and Training"), bold=True)
        pdf.ln(2)
        basis = dict(
            application=application.number,
            organisation=application.organisation_name,
            eik=application.eik,
            licence=licence.number,
            centre=licence.centre.name,
        )
        if application.kind == "amendment":
            pdf.paragraph(
                _(
                    "On the basis of application %(application)s of %(organisation)s, UIC %(eik)s, the "
                    "experts' assessment and the expert committee's confirmation I AMEND licence "
                    "No. %(licence)s of %(centre)s, adding the following specialities:",
                    **basis,
                )
            )
        else:
            pdf.paragraph(
                _(
                    "On the basis of application %(application)s of %(organisation)s, UIC %(eik)s, the "
                    "experts' assessment and the expert committee's confirmation I ISSUE licence "
                    "No. %(licence)s to %(centre)s for the following specialities:",
                    **basis,
                )
            )
        for verdict in granted:
            pdf.paragraph(f"    {verdict.speciality.code} {verdict.speciality.name}")
        if refused:
            pdf.heading(_("Not included in the licence (negative assessment):"))
            for verdict in refused:
                who = _("the expert committee:") + " " if verdict.committee_reasons else ""
                pdf.paragraph(
                    f"{verdict.speciality.code} {verdict.speciality.name}: {who}{verdict.reasons_against}"
                )
        _chair_signs(pdf)
        return pdf.bytes()


def licence_pdf(application):
    """Step 10: the Licence to deliver and certify vocational training, as the register holds it."""
    licence = application.licence
    centre = licence.centre
    settlement = centre.settlement
    with force_locale(LANGUAGE):
        pdf = Document(
            _("LICENCE No. %(number)s", number=licence.number),
            licence.licence_date,
            footer=_("NAVET · licence No. %(number)s", number=licence.number),
        )
        pdf.paragraph(_("to deliver and certify vocational training"), bold=True)
        pdf.ln(2)
        pdf.line(_("Centre"), centre.name)
        pdf.line(_("Owner"), _("%(owner)s, UIC %(eik)s", owner=centre.owner_name, eik=centre.eik))
        pdf.line(_("Seat"), f"{settlement.kind} {settlement.name}, {centre.address}")
        pdf.line(
            _("Issued by order"),
            _(
                "No. %(number)s of %(day)s",
                number=licence.order_number,
                day=f"{licence.licence_date:%d.%m.%Y}",
            ),
        )
        pdf.heading(_("Professions and specialities"))
        for field, professions in licence.specialities_by_field():
            pdf.paragraph(f"{field.code} {field.name}", bold=True)
            for profession, specialities in professions:
                pdf.paragraph(f"  {profession.code} {profession.name}")
                for item in specialities:
                    pdf.paragraph(f"      {item.speciality.code} {item.speciality.name}")
        _chair_signs(pdf)
        return pdf.bytes()
