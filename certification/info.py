"""BAUP's public information (issue 17): the values the content pages name, the downloadable
forms and the competence requirements as read online.

"ГУС се грижи на Интернет сайта на БАУП да има винаги вярна, точна и актуална информация по
отношение на самата процедура" (004 (preparation), the paragraph after ал.8, ал.1): so the pages
never type a deadline or a fee; they name it (`{{ appeal_days }}`) and `page_values` fills it from
the rule constants and the settings in force."""

import datetime

from flask import current_app
from flask_babel import gettext as _

from certification import stages
from certification.admission_rules import (
    ADMISSION_NOTICE_WORKING_DAYS,
    ADMISSION_VALID_YEARS,
    APPEAL_DAYS,
    BAN_YEARS,
    CERTIFICATION_FEE_MONTHS,
    CERTIFICATION_FEE_MONTHS_BEFORE_STAGE,
    FEEDBACK_REQUEST_WORKING_DAYS,
)
from certification.certificate_rules import (
    DECISION_WAIT_DAYS,
    INTERVIEW_MAX_MINUTES,
    REMINDER_MONTHS_BEFORE_EXPIRY,
    REPORT_DAYS_BEFORE_INTERVIEW,
    REPORT_PAGES,
    VALIDITY_YEARS,
)
from certification.declarations import DECLARATIONS
from certification.forms import ApplicationForm, RegistrationForm
from certification.rules import (
    EXAM_DURATION_MINUTES,
    LATE_MINUTES_ALLOWED,
    MARKS_KNOWN_DAYS_BEFORE_NEXT_STAGE,
)
from portal.disclosure_rules import MAX_SHARE, MIN_PERSONS_PER_FIGURE
from portal.pages import page_values
from portal.pdf import Document

# The content pages of BAUP's public section, in the landing page's order: slug -> link text.
PAGES = (
    "certification-procedure",
    "certification-recertification",
    "certification-rights",
    "certification-appeals",
    "certification-results",
    "certification-faq",
)


def fee_text(key):
    """A fee as the pages show it: the amount the setting CERTIFICATION_FEES holds (the Board's
    decision, 004 sets none), or a pointer to BAUP where it is not published on the site."""
    amount = current_app.config.get("CERTIFICATION_FEES", {}).get(key)
    if amount is None:
        return _("set by the Board's decision; ask BAUP for the amount in force")
    return _("%(amount)s euro (the Board's decision)", amount=amount)


def fee_levels_text():
    """The certification fee of each level (D, C, B), or one pointer to BAUP when the site publishes
    none of them (not the same pointer three times)."""
    fees = current_app.config.get("CERTIFICATION_FEES", {})
    if all(fees.get(level) is None for level in ("D", "C", "B")):
        return fee_text("D")
    return "; ".join(
        _("level %(level)s: %(fee)s", level=level, fee=fee_text(level)) for level in ("D", "C", "B")
    )


@page_values
def certification_values():
    """{placeholder: value} for BAUP's content pages: the rule constants (004's terms) and the
    settings in force (the Board's choices)."""
    config = current_app.config
    pass_marks = config.get("PASS_MARKS", {})
    return {
        "feedback_working_days": FEEDBACK_REQUEST_WORKING_DAYS,
        "appeal_days": APPEAL_DAYS,
        "appeal_without_feedback_days": config.get("APPEAL_WITHOUT_FEEDBACK_DAYS"),
        "admission_notice_working_days": ADMISSION_NOTICE_WORKING_DAYS,
        "admission_valid_years": ADMISSION_VALID_YEARS,
        "fee_months": CERTIFICATION_FEE_MONTHS,
        "fee_months_before_stage": CERTIFICATION_FEE_MONTHS_BEFORE_STAGE,
        "ban_years": BAN_YEARS,
        "exam_minutes": EXAM_DURATION_MINUTES,
        "late_minutes": LATE_MINUTES_ALLOWED,
        "pass_mark_d": pass_marks.get("D", ""),
        "pass_mark_c": pass_marks.get("C", ""),
        "report_pages_c": "{}–{}".format(*REPORT_PAGES["C"]),
        "report_pages_b": "{}–{}".format(*REPORT_PAGES["B"]),
        "report_days_before_interview": REPORT_DAYS_BEFORE_INTERVIEW,
        "interview_max_minutes": INTERVIEW_MAX_MINUTES,
        "decision_wait_days": DECISION_WAIT_DAYS,
        "validity_years": VALIDITY_YEARS,
        "min_persons_per_figure": MIN_PERSONS_PER_FIGURE,
        "max_share_percent": int(MAX_SHARE * 100),
        "marks_known_days": MARKS_KNOWN_DAYS_BEFORE_NEXT_STAGE,
        "reminder_months": ", ".join(map(str, REMINDER_MONTHS_BEFORE_EXPIRY)),
        "fee_initial": fee_text("initial"),
        "fee_d": fee_text("D"),
        "fee_c": fee_text("C"),
        "fee_b": fee_text("B"),
        "fee_levels": fee_levels_text(),
    }


# --- Forms and declarations to download ----------------------------------------------------------

# A fixed date in the PDFs' metadata: the same texts give the same bytes.
FORMS_DATE = datetime.date(2026, 1, 1)
BLANK = "_" * 40


def _registration_fields():
    form = RegistrationForm(meta={"csrf": False})
    return [form.full_name, form.personal_number, form.email, form.level, form.language]


def _application_fields():
    form = ApplicationForm(meta={"csrf": False})
    return [
        form.phone,
        form.report_project,
        form.report_sector,
        form.previous_certificate,
        form.previous_issuer,
    ]


def application_pdf():
    """The application for certification on paper: the fields of the online registration and
    application forms, by their labels, and the declarations (certification.declarations), each
    with a box to tick, then a place and a signature."""
    doc = Document(_("Application for BAUP certification"), FORMS_DATE, footer=_("BAUP certification"))
    doc.heading(_("The applicant"))
    for field in _registration_fields() + _application_fields():
        doc.line(str(field.label.text), BLANK)
    doc.paragraph(_("Level: D, C or B. Recertification: the number of the certificate you hold."))
    _declarations(doc)
    return doc.bytes()


def declarations_pdf():
    """The declarations alone, to sign (004 (application) ал.4: "декларира писмено от заявителя по
    формуляр"), from the same texts as the online form."""
    doc = Document(_("Declarations of the applicant"), FORMS_DATE, footer=_("BAUP certification"))
    doc.line(str(RegistrationForm(meta={"csrf": False}).full_name.label.text), BLANK)
    _declarations(doc)
    return doc.bytes()


def _declarations(doc):
    doc.heading(_("Declarations"))
    for text in DECLARATIONS.values():
        doc.paragraph(f"[  ]  {text}")
        doc.ln(1)
    doc.ln(4)
    doc.line(_("Date"), BLANK)
    doc.line(_("Signature"), BLANK)


# name -> (title, builder); the online form beside each is the application (after registering).
FORMS = {
    "application": (lambda: _("Application for BAUP certification"), application_pdf),
    "declarations": (lambda: _("Declarations of the applicant"), declarations_pdf),
}


def competence_groups():
    """The competence elements in force, by group: [(group, [element, ...])] in the file's order."""
    elements = stages.competence_elements()
    return [(group, [e for e in elements if e["group"] == group]) for group in stages.GROUPS]
