"""The NAPOO chair's written notice to the head of the РУО (001 art. 28(1)) as a PDF letter, in
Bulgarian whatever the visitor's language: its wording goes through the message catalogues (English
msgids) rendered under `force_locale(LANGUAGE)`, like the licensing documents'."""

from flask_babel import force_locale
from flask_babel import gettext as _

from portal.pdf import Document

LANGUAGE = "bg"  # a letter to a Bulgarian regional administration
SIGNATURE_LINE = "." * 30


def notice_pdf(licence, notice):
    """The letter's bytes: the same notice gives the same bytes (portal.pdf is reproducible)."""
    centre = licence.centre
    region = notice.region.name
    with force_locale(LANGUAGE):
        pdf = Document(
            _("Notice ref. No. %(number)s of %(day)s", number=notice.number, day=f"{notice.date:%d.%m.%Y}"),
            notice.date,
            footer=_(
                "NAVET · notice under art. 28(1) of Ordinance No. 2/2018 · licence %(licence)s",
                licence=licence.number,
            ),
        )
        pdf.line(_("To"), _("The head of the Regional Department of Education – %(region)s", region=region))
        pdf.line(_("Subject"), _("keeping the records of a vocational training centre"))
        pdf.heading(_("Centre"))
        pdf.line(_("Name"), centre.name)
        pdf.line(_("Legal entity"), _("%(owner)s, UIC %(eik)s", owner=centre.owner_name, eik=centre.eik))
        pdf.line(
            _("Seat"),
            _("%(settlement)s, %(region)s region", settlement=centre.settlement.label, region=region),
        )
        pdf.line(_("Licence"), licence.number)
        pdf.ln(3)
        request = _(
            "Please designate by order a vocational high school in the territory of the Regional Department "
            "of Education to keep all the records issued in delivering and certifying vocational training, "
            "and the time limit for handing them over, and send a copy of the order to NAVET."
        )
        if licence.status_date:
            ended = _(
                "Under art. 28(1) of Ordinance No. 2 of 2018 we notify you that the centre's activity has "
                "ended because its licence was finally withdrawn or terminated (%(day)s).",
                day=f"{licence.status_date:%d.%m.%Y}",
            )
        else:
            ended = _(
                "Under art. 28(1) of Ordinance No. 2 of 2018 we notify you that the centre's activity has "
                "ended because its licence was finally withdrawn or terminated."
            )
        pdf.paragraph(f"{ended} {request}")
        pdf.ln(8)
        pdf.paragraph(_("Chair of NAVET:") + " " + SIGNATURE_LINE)
        return pdf.bytes()
