"""BAUP's public section (issue 17, part A): the landing page, the content pages whose figures come
from the settings and rule constants in force, the forms to download and the competence
requirements."""

import io
import os

import pytest
from pypdf import PdfReader

from certification import info
from certification.admission_rules import APPEAL_DAYS, FEEDBACK_REQUEST_WORKING_DAYS
from certification.declarations import DECLARATIONS
from certification.forms import ApplicationForm
from portal.pages import CONTENT, PLACEHOLDER, fill_placeholders, load_page, placeholder_values


@pytest.fixture(autouse=True)
def _english(app, client):
    client.set_cookie("lang", "en")
    app.config["SITE_LANGUAGE"] = "en"


def test_the_landing_page_leads_to_every_part(client):
    body = client.get("/certification/").text
    for slug in info.PAGES:
        assert f"/pages/{slug}" in body
    for href in (
        "/certification/forms/",
        "/certification/competences",
        "/certification/information-days",
        "/certification/assessors",
        "/certification/schedule",
        "/certification/results/",
        "/certification/my-result",
        "/certificates/",
    ):
        assert f'href="{href}"' in body, href


def test_the_menu_leads_to_the_landing_page(client):
    body = client.get("/").text
    assert 'href="/certification/"' in body


@pytest.mark.parametrize("slug", info.PAGES)
@pytest.mark.parametrize("language", ["bg", "en"])
def test_each_content_page_exists_in_both_languages_with_no_unfilled_placeholder(app, client, slug, language):
    assert os.path.exists(os.path.join(CONTENT, f"{slug}.{language}.md"))
    client.set_cookie("lang", language)
    response = client.get(f"/pages/{slug}")
    assert response.status_code == 200
    assert "{{" not in response.text


def test_every_placeholder_in_every_page_is_known(app):
    with app.test_request_context():
        known = set(placeholder_values())
    for name in os.listdir(CONTENT):
        with open(os.path.join(CONTENT, name), encoding="utf-8") as handle:
            used = set(PLACEHOLDER.findall(handle.read()))
        assert used <= known, (name, used - known)


def test_a_changed_setting_changes_the_page(app, client):
    app.config["PASS_MARKS"] = {"D": 60, "C": 60}
    assert "The pass mark is 60 for level D" in client.get("/pages/certification-procedure").text
    app.config["PASS_MARKS"] = {"D": 73, "C": 61}
    body = client.get("/pages/certification-procedure").text
    assert "The pass mark is 73 for level D and 61 for level C" in body


def test_a_fee_shows_when_the_board_s_amount_is_set_and_a_pointer_when_not(app, client):
    """No amount set: one pointer to BAUP per fee (the levels' once, not three times); amounts set:
    each level's."""
    app.config["CERTIFICATION_FEES"] = {"initial": None, "D": None, "C": None, "B": None}
    body = client.get("/pages/certification-faq").text
    assert body.count("ask BAUP for the amount in force") == 2  # the initial fee, the levels' fee
    app.config["CERTIFICATION_FEES"] = {"initial": 40, "D": 150, "C": None, "B": 450}
    body = client.get("/pages/certification-faq").text.replace("&#39;", "'")
    assert "level D: 150 euro (the Board's decision)" in body
    assert "level C: set by the Board's decision" in body
    assert "level B: 450 euro (the Board's decision)" in body


def test_the_rule_constants_fill_the_appeal_terms(client):
    body = client.get("/pages/certification-appeals").text
    assert f"the site counts {FEEDBACK_REQUEST_WORKING_DAYS} working days" in body
    assert f"{APPEAL_DAYS} days from the feedback" in body


def test_a_placeholder_value_is_escaped_and_an_unknown_name_stays():
    filled = fill_placeholders("<p>{{ a }} {{ b }} {{b}}</p>", {"b": "<script>"})
    assert str(filled) == "<p>{{ a }} &lt;script&gt; &lt;script&gt;</p>"


def test_an_unknown_page_is_404_and_a_page_title_is_filled(client):
    assert client.get("/pages/certification-nothing").status_code == 404
    assert load_page("certification-faq", "en")[0] == "Certification: questions and answers"


def test_the_online_form_and_the_pdf_say_the_same_declarations(app, client):
    with app.test_request_context():
        form = ApplicationForm(meta={"csrf": False})
        for name, text in DECLARATIONS.items():
            assert str(getattr(form, name).label.text) == str(text)
    listing = client.get("/certification/forms/").text
    for name in info.FORMS:
        assert f'href="/certification/forms/{name}.pdf"' in listing
    assert 'href="/certification/apply"' in listing
    for name in info.FORMS:
        response = client.get(f"/certification/forms/{name}.pdf")
        assert response.status_code == 200
        assert response.mimetype == "application/pdf"
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
        text = " ".join(text.split())
        for declared in DECLARATIONS.values():
            assert " ".join(str(declared).split())[:40] in text, (name, declared)


def test_a_form_pdf_is_reproducible_and_an_unknown_one_404(client):
    assert (
        client.get("/certification/forms/application.pdf").data
        == client.get("/certification/forms/application.pdf").data
    )
    assert client.get("/certification/forms/nothing.pdf").status_code == 404


def test_the_competence_requirements_are_listed_and_labelled_as_the_shipped_lists(app, client):
    body = client.get("/certification/competences").text
    assert "the competence element lists this site ships" in body
    assert "1.01 Project management success" in body
    assert body.count("<li>") >= 46
    client.set_cookie("lang", "bg")
    assert "Успех в управлението на проекти" in client.get("/certification/competences").text


def test_with_baup_s_own_list_the_page_says_so(app, client, tmp_path):
    own = tmp_path / "own.csv"
    own.write_text(
        "code,group,name_en,name_bg\nX1,technical,Own element,Собствен елемент\n", encoding="utf-8"
    )
    app.config["COMPETENCE_ELEMENTS_FILE"] = str(own)
    body = client.get("/certification/competences").text
    assert "Own element" in body
    assert "this site ships" not in body


def test_the_content_pages_are_baup_s_section(client):
    """A certification-* page wears BAUP's header and title, not NAPOO's."""
    body = client.get("/pages/certification-appeals").text
    assert "<title>Appeals · BAUP certification</title>" in body
    assert "NAPOO register</title>" not in body
