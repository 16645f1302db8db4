"""The licensing procedure's documents as PDFs in Bulgarian: the application generated from the data
entered (000 step 4), and the chair's order with the licence (step 10).

Each is built from the database alone and is reproducible: the same data give the same bytes. The
application carries the SHA-256 of its content (content_hash), so a changed application is seen at
once by its fingerprint."""

import hashlib
import json

from flask_babel import force_locale

from portal.pdf import Document
from register.licensing.models import REQUIRED_DOCUMENTS, Verdict

TITLE_APPLICATION = "Заявление за лицензиране"


def _labels():
    from register.licensing.labels import DOCUMENT_LABELS, PREMISES_LABELS

    return DOCUMENT_LABELS, PREMISES_LABELS


DELIVERY = {"email": "по електронна поща", "in_person": "лично в НАПОО", "post": "по пощата"}
CENTRE_KINDS = {
    "cpo": "Център за професионално обучение (ЦПО)",
    "cipo": "Център за информация и професионално ориентиране (ЦИПО)",
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
    pdf = Document(
        f"{TITLE_APPLICATION} {content['number']}",
        application.created_at.date(),
        footer=f"{content['number']} · SHA-256 {fingerprint}",
    )
    with force_locale("bg"):
        pdf.paragraph(
            "До председателя на Националната агенция за професионално образование и обучение (НАПОО)"
        )
        if application.kind == "amendment":
            pdf.paragraph(
                f"Искане за изменение на лицензия № {content['licence']} (добавяне на специалности)"
            )
        pdf.heading("1. Заявител")
        pdf.line("Организация", content["organisation"])
        pdf.line("ЕИК/БУЛСТАТ", content["eik"])
        pdf.line("Представляващ", content["representative"])
        pdf.line("Електронна поща", content["email"])
        pdf.heading("2. Център")
        pdf.line("Наименование", content["centre_name"])
        pdf.line("Вид", CENTRE_KINDS.get(content["centre_kind"], content["centre_kind"]))
        pdf.line("Седалище", content["seat"])
        pdf.line("Адрес", f"{content['postcode']} {content['address']}".strip())
        pdf.line("Телефон", content["phone"])
        pdf.line(
            "Получаване на заповедта и лицензията",
            DELIVERY.get(content["delivery_channel"], content["delivery_channel"]),
        )
        pdf.heading("3. Професии и специалности, за които се иска лицензия")
        for code, name, profession_code, profession_name in content["specialities"]:
            pdf.paragraph(f"{code} {name} (професия {profession_code} {profession_name})")
        pdf.heading("4. Материална база и офис")
        for kind, use, tenure, place, address, file_name, digest in content["premises"]:
            what = str(premises_labels[kind]) + (f", {premises_labels[use]}" if use else "")
            pdf.paragraph(f"{what}: {place}, {address}; {premises_labels[tenure]}")
            pdf.paragraph(f"    документ: {file_name}, SHA-256 {digest}", size=7.5)
        pdf.heading("5. Приложени документи")
        for purpose, file_name, digest in content["documents"]:
            pdf.paragraph(f"{document_labels[purpose]}: {file_name}")
            pdf.paragraph(f"    SHA-256 {digest}", size=7.5)
        pdf.heading("6. Отпечатък на съдържанието")
        pdf.paragraph(
            "SHA-256 на данните в това заявление (променено заявление дава друг отпечатък):", size=8.5
        )
        pdf.paragraph(fingerprint, size=8.5, bold=True)
        pdf.ln(6)
        pdf.paragraph("Подпис на представляващия и печат: ....................................")
    return pdf.bytes(), fingerprint


def _order_parts(application):
    verdicts = list(application.verdicts.order_by(Verdict.speciality))
    granted = [v for v in verdicts if v.granted]  # positive by the expert and the committee
    refused = [v for v in verdicts if not v.granted]
    return granted, refused


def order_pdf(application):
    """Step 10: the chair's order: the licence issued (or amended) with the positively assessed
    specialities; the negatively assessed ones listed with the reasons (000 step 9)."""
    licence = application.licence
    order = application.order_event()
    granted, refused = _order_parts(application)
    pdf = Document(
        f"Заповед № {order.note.splitlines()[0]} от {order.on_date:%d.%m.%Y} г.",
        order.on_date,
        footer=f"НАПОО · заповед по заявление {application.number}",
    )
    pdf.paragraph("Национална агенция за професионално образование и обучение", bold=True)
    pdf.ln(2)
    basis = (
        f"На основание заявление {application.number} на {application.organisation_name}, "
        f"ЕИК {application.eik}, оценката на експертите и потвърждението на експертната комисия"
    )
    if application.kind == "amendment":
        pdf.paragraph(
            f"{basis} ИЗМЕНЯМ лицензия № {licence.number} на {licence.centre.name}, "
            "като добавям следните специалности:"
        )
    else:
        pdf.paragraph(
            f"{basis} ИЗДАВАМ лицензия № {licence.number} на {licence.centre.name} за следните специалности:"
        )
    for verdict in granted:
        pdf.paragraph(f"    {verdict.speciality.code} {verdict.speciality.name}")
    if refused:
        pdf.heading("Не се включват в лицензията (отрицателна оценка):")
        for verdict in refused:
            who = "експертната комисия: " if verdict.committee_reasons else ""
            pdf.paragraph(
                f"{verdict.speciality.code} {verdict.speciality.name}: {who}{verdict.reasons_against}"
            )
    pdf.ln(8)
    pdf.paragraph("Председател на НАПОО: ....................................")
    return pdf.bytes()


def licence_pdf(application):
    """Step 10: the Licence to deliver and certify vocational training, as the register holds it."""
    licence = application.licence
    centre = licence.centre
    settlement = centre.settlement
    pdf = Document(
        f"ЛИЦЕНЗИЯ № {licence.number}",
        licence.licence_date,
        footer=f"НАПОО · лицензия № {licence.number}",
    )
    pdf.paragraph("за извършване и удостоверяване на професионално обучение", bold=True)
    pdf.ln(2)
    pdf.line("Център", centre.name)
    pdf.line("Собственик", f"{centre.owner_name}, ЕИК {centre.eik}")
    pdf.line("Седалище", f"{settlement.kind} {settlement.name}, {centre.address}")
    pdf.line("Издадена със заповед", f"№ {licence.order_number} от {licence.licence_date:%d.%m.%Y} г.")
    pdf.heading("Професии и специалности")
    for field, professions in licence.specialities_by_field():
        pdf.paragraph(f"{field.code} {field.name}", bold=True)
        for profession, specialities in professions:
            pdf.paragraph(f"  {profession.code} {profession.name}")
            for item in specialities:
                pdf.paragraph(f"      {item.speciality.code} {item.speciality.name}")
    pdf.ln(8)
    pdf.paragraph("Председател на НАПОО: ....................................")
    return pdf.bytes()
