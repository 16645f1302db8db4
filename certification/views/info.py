"""BAUP's public section (issue 17): its landing page, the forms to download and the competence
requirements read online. The content pages are portal.pages' (/pages/certification-...)."""

from flask import Response, abort, url_for
from flask_babel import get_locale

from certification import info, stages
from certification.views.blueprint import bp
from portal.pages import load_page
from portal.web import render


@bp.get("/")
def home():
    """The landing page of BAUP's public section: the procedure, the FAQ, the forms, the
    competence requirements, the information days, the assessors, the schedule, the results, the
    candidate's look-up and the certificate register."""
    pages = [(slug, (load_page(slug, str(get_locale())) or ("", ""))[0]) for slug in info.PAGES]
    return render("certification/home.html", pages=pages, information_days=url_for("info_days.public_list"))


@bp.get("/forms/")
def forms():
    """The forms and declarations to download, each beside the online form."""
    return render(
        "certification/forms_list.html", forms=[(name, title()) for name, (title, _) in info.FORMS.items()]
    )


@bp.get("/forms/<name>.pdf")
def form_pdf(name):
    """One form as a PDF, generated from the texts of the online form."""
    if name not in info.FORMS:
        abort(404)
    response = Response(info.FORMS[name][1](), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="baup-{name}.pdf"'
    return response


@bp.get("/competences")
def competences():
    """The competence elements the procedure marks against, labelled for what they are."""
    return render(
        "certification/competences.html",
        groups=info.competence_groups(),
        stand_in=stages.competences_stand_in(),
        bulgarian=str(get_locale()) == "bg",
    )
