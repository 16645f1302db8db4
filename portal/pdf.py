"""PDF documents in Bulgarian: fpdf2 with DejaVu Sans embedded (subset to Latin and Cyrillic, in
portal/fonts with its licence), so the text is Unicode and can be extracted, searched and read aloud.

A document is reproducible: the same content gives the same bytes (a fixed creation date, no
random identifiers), so its SHA-256 identifies what was generated."""

import datetime
import os

from fpdf import FPDF

FONTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fonts")
FAMILY = "DejaVu"


class ReproduciblePDF(FPDF):
    """An A4 PDF with DejaVu Sans embedded and fixed metadata: the same content, the same bytes."""

    def __init__(self, title, created, creator="Registar"):
        super().__init__(format="A4")
        self.add_font(FAMILY, "", os.path.join(FONTS, "DejaVuSans.ttf"))
        self.add_font(FAMILY, "B", os.path.join(FONTS, "DejaVuSans-Bold.ttf"))
        moment = datetime.datetime.combine(created, datetime.time(12), tzinfo=datetime.UTC)
        self.set_creation_date(moment)
        self.set_title(title)
        self.set_creator(creator)
        self.set_producer(creator)


class Document(ReproduciblePDF):
    """An A4 page layout with a title, headed sections, label/value lines and a footer line."""

    def __init__(self, title, created, footer=""):
        super().__init__(title, created)
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(True, margin=22)
        self.footer_text = footer
        self.add_page()
        self.set_font(FAMILY, "B", 15)
        self.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
        self.ln(3)

    def footer(self):
        self.set_y(-15)
        self.set_font(FAMILY, "", 7.5)
        self.cell(0, 5, f"{self.footer_text}    {self.page_no()}/{{nb}}", align="C")

    def heading(self, text):
        self.ln(3)
        self.set_font(FAMILY, "B", 11.5)
        self.multi_cell(0, 6.5, text, new_x="LMARGIN", new_y="NEXT")

    def line(self, label, value=""):
        """`label: value` (a bold label), wrapped."""
        self.set_font(FAMILY, "B", 9.5)
        self.write(5.2, f"{label}: " if value != "" else label)
        self.set_font(FAMILY, "", 9.5)
        self.write(5.2, str(value))
        self.ln(5.6)

    def paragraph(self, text, size=9.5, bold=False):
        self.set_font(FAMILY, "B" if bold else "", size)
        self.multi_cell(0, 5.2, text, new_x="LMARGIN", new_y="NEXT")

    def bytes(self):
        return bytes(self.output())
