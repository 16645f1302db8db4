"""The certificate as a designed A4 page, in Bulgarian or in English (004: "в един екземпляр на
български език и в един екземпляр на английски език"): a double border, BAUP's and the site's names
as text marks, the holder, the level, the number set large, the dates, the signatories and a QR
code to the public verification page, with a line on how to verify.

All text is real text (DejaVu Sans, embedded), so it can be extracted, searched and read aloud; the
same certificate gives the same bytes (portal.pdf's fixed creation date, no random identifiers).
Its wording goes through the message catalogues (English msgids) rendered under
`force_locale(language)`: one bilingual mechanism for the site and its documents."""

import io
from urllib.parse import urlsplit

from flask_babel import force_locale
from flask_babel import gettext as _

from certification import certificate_rules
from portal.formats import format_day, language_name, locale_for
from portal.pdf import FAMILY, ReproduciblePDF


def texts():
    """The certificate's wording in the current locale (certificate_pdf renders it under
    `force_locale(language)`): English msgids through the message catalogues, like every other string."""
    return {
        "heading": _("CERTIFICATE"),
        "mark": _("BAUP"),
        "issuer": _("Bulgarian Project Management Association"),
        "site_line": _("public register and verification"),
        "awarded": _("This is to certify that"),
        "holds": _("holds the certificate of the level"),
        "number": _("Certificate number"),
        "issued": _("Date of issue"),
        "expires": _("Valid until"),
        "language": _("Language of the procedure"),
        "replaces": _("Replaces certificate"),
        "chair": _("Chair of the Board of the Certification Commission"),
        "lead": _("Lead assessor"),
        "verify": _("Verify this certificate"),
    }


SITE_NAME = "Registar"

INK = (24, 43, 77)  # the border, the marks and the number: a dark blue that prints well in grey
MUTED = (90, 98, 112)
TINT = (238, 242, 248)
PAGE_W, PAGE_H = 210, 297


def printable(text):
    """`text` in the embedded font's characters: CLDR's narrow no-break space (before "г.") is not
    in the subset, a no-break space is."""
    return str(text).replace("\u202f", "\u00a0")


class CertificatePage(ReproduciblePDF):
    """One A4 page, no automatic header, footer or page break: everything is placed."""

    def __init__(self, title, created):
        super().__init__(title, created, creator=SITE_NAME)
        self.set_auto_page_break(False)
        self.set_margins(24, 20, 24)
        self.add_page()

    def text_at(self, y, text, size, bold=False, colour=(0, 0, 0), align="C", x=None, w=None, spacing=0):
        """`text` in a box from `x` (the left margin) `w` wide (the width between margins), wrapped;
        returns the y below it."""
        self.set_font(FAMILY, "B" if bold else "", size)
        self.set_text_color(*colour)
        self.set_char_spacing(spacing)
        self.set_xy(self.l_margin if x is None else x, y)
        self.multi_cell(self.epw if w is None else w, size * 0.45, printable(text), align=align)
        self.set_char_spacing(0)
        return self.get_y()

    def fitting_size(self, text, size, smallest, bold=True, w=None):
        """The largest size from `size` down to `smallest` at which `text` fits on one line (a long
        name or title stays whole, so it reads and extracts as one line); `smallest` otherwise."""
        width = self.epw if w is None else w
        while size > smallest:
            self.set_font(FAMILY, "B" if bold else "", size)
            if self.get_string_width(printable(text)) <= width - 2:
                return size
            size -= 0.5
        return smallest

    def double_border(self):
        self.set_draw_color(*INK)
        self.set_line_width(1.2)
        self.rect(9, 9, PAGE_W - 18, PAGE_H - 18)
        self.set_line_width(0.3)
        self.rect(12.5, 12.5, PAGE_W - 25, PAGE_H - 25)


def certificate_pdf(certificate, language, verify_url):
    """The certificate in Bulgarian or English (004: issued in both), with a QR code to its public
    verification page; text extractable, and the same bytes for the same certificate."""
    with force_locale(language):
        return _drawn(certificate, language, verify_url)


def _drawn(certificate, language, verify_url):
    """certificate_pdf's page, drawn in the current locale (the certificate's language)."""
    import qrcode

    text = texts()
    locale = locale_for(language)
    host = urlsplit(verify_url).netloc or verify_url
    pdf = CertificatePage(f"{text['heading']} {certificate.number}", certificate.issued_on)
    pdf.double_border()

    # The two marks, as text: BAUP issues the certificate; the site is where it is verified.
    pdf.text_at(22, text["mark"], 20, bold=True, colour=INK, align="L", spacing=1.5)
    pdf.text_at(31.5, text["issuer"], 7.5, colour=MUTED, align="L", w=95)
    pdf.text_at(22, SITE_NAME, 13, bold=True, colour=INK, align="R", x=110, w=76)
    pdf.text_at(29, text["site_line"], 7.5, colour=MUTED, align="R", x=110, w=76)
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.3)
    pdf.line(24, 42, PAGE_W - 24, 42)

    pdf.text_at(54, text["heading"], 32, bold=True, colour=INK, spacing=4)
    y = pdf.text_at(78, text["awarded"], 10, colour=MUTED)
    y = pdf.text_at(
        y + 4, certificate.holder_name, pdf.fitting_size(certificate.holder_name, 22, 14), bold=True
    )
    y = pdf.text_at(y + 5, text["holds"], 10, colour=MUTED)
    title = certificate_rules.level_title(certificate.level, language)
    y = pdf.text_at(y + 3, title, pdf.fitting_size(title, 15, 10), bold=True, colour=INK)
    y = pdf.text_at(y + 1.5, _("IPMA Level %(level)s", level=certificate.level), 10, colour=MUTED)

    # The number, set large in a tinted panel: what a reader quotes and looks up.
    top = max(y + 8, 138)
    pdf.set_fill_color(*TINT)
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.4)
    pdf.rect(50, top, PAGE_W - 100, 22, style="DF")
    pdf.text_at(top + 3, text["number"], 8, colour=MUTED)
    pdf.text_at(top + 9.5, certificate.number, 18, bold=True, colour=INK, spacing=0.8)

    rows = [
        (text["issued"], format_day(certificate.issued_on, "long", locale)),
        (text["expires"], format_day(certificate.expires_on, "long", locale)),
        (text["language"], language_name(certificate.language, locale)),
    ]
    if certificate.replaces_number:
        replaced = certificate.replaces_number
        if certificate.replaces_date:
            replaced += f", {format_day(certificate.replaces_date, 'long', locale)}"
        if certificate.replaces_issuer:
            replaced += f", {certificate.replaces_issuer}"
        rows.append((text["replaces"], replaced))
    y = top + 29
    for label, value in rows:
        pdf.set_xy(24, y)
        pdf.set_text_color(*MUTED)
        pdf.set_font(FAMILY, "", 9.5)
        pdf.cell(78, 6, f"{label}:", align="R")
        pdf.set_text_color(0, 0, 0)
        pdf.set_font(FAMILY, "B", 9.5)
        pdf.set_xy(104, y)
        pdf.multi_cell(PAGE_W - 24 - 104, 6, printable(value), align="L")
        y = max(pdf.get_y(), y + 6.5)

    # The signatories: a line each, the name above the role.
    y = max(y + 8, 198)
    for x, name, role in (
        (24, certificate.chair_name, text["chair"]),
        (114, certificate.lead_assessor_name, text["lead"]),
    ):
        pdf.set_draw_color(*MUTED)
        pdf.set_line_width(0.25)
        pdf.line(x, y + 9, x + 72, y + 9)
        pdf.text_at(y + 10.5, name, 10, bold=True, align="L", x=x, w=72)
        pdf.text_at(y + 16, role, 7.5, colour=MUTED, align="L", x=x, w=72)

    # How to verify: the QR code to the public page, and the same address as text.
    image = io.BytesIO()
    qrcode.make(verify_url, border=2).save(image, format="PNG")
    image.seek(0)
    qr_top = PAGE_H - 58
    pdf.image(image, x=24, y=qr_top, w=30, h=30)
    pdf.text_at(qr_top + 2, text["verify"], 10, bold=True, colour=INK, align="L", x=60, w=126)
    y = pdf.text_at(
        qr_top + 8,
        _(
            "Scan the QR code or open the address below: BAUP's page on %(site)s shows whether the "
            "certificate is valid, expired or withdrawn.",
            site=SITE_NAME,
        ),
        8,
        colour=MUTED,
        align="L",
        x=60,
        w=126,
    )
    pdf.text_at(y + 1.5, verify_url, 8, bold=True, align="L", x=60, w=126)

    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.3)
    pdf.line(24, PAGE_H - 24, PAGE_W - 24, PAGE_H - 24)
    pdf.text_at(
        PAGE_H - 22,
        _(
            "A certificate issued by BAUP under IPMA, level %(level)s. Its validity is shown only on "
            "%(host)s, not by this sheet.",
            level=certificate.level,
            host=host,
        ),
        7,
        colour=MUTED,
    )
    return bytes(pdf.output())
