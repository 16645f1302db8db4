"""The NAPOO chair's written notice to the head of the РУО (001 art. 28(1)) as a PDF letter."""

from portal.pdf import Document


def notice_pdf(licence, notice):
    """The letter's bytes: the same notice gives the same bytes (portal.pdf is reproducible)."""
    centre = licence.centre
    region = notice.region.name
    pdf = Document(
        f"Уведомление изх. № {notice.number} от {notice.date:%d.%m.%Y} г.",
        notice.date,
        footer=f"НАПОО · уведомление по чл. 28, ал. 1 от Наредба № 2/2018 · лицензия {licence.number}",
    )
    pdf.line("До", f"Началника на Регионално управление на образованието – {region}")
    pdf.line("Относно", "съхраняване на документацията на център за професионално обучение")
    pdf.heading("Център")
    pdf.line("Наименование", centre.name)
    pdf.line("Юридическо лице", f"{centre.owner_name}, ЕИК {centre.eik}")
    pdf.line("Седалище", f"{centre.settlement.label}, област {region}")
    pdf.line("Лицензия", licence.number)
    pdf.ln(3)
    pdf.paragraph(
        "На основание чл. 28, ал. 1 от Наредба № 2 от 2018 г. Ви уведомяваме, че дейността на центъра е "
        "преустановена поради окончателно отнемане или прекратяване на лицензията"
        + (f" ({licence.status_date:%d.%m.%Y} г.). " if licence.status_date else ". ")
        + "Моля, със заповед да определите професионална гимназия на територията на РУО, в която да се "
        "съхранява цялата документация, издадена във връзка с осъществяване и удостоверяване на "
        "професионално обучение, и срока за нейното предаване, и да изпратите копие от заповедта в НАПОО."
    )
    pdf.ln(8)
    pdf.paragraph("Председател на НАПОО: ..............................")
    return pdf.bytes()
