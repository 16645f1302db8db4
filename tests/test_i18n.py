"""Bulgarian first, English second: every public page in both, dates the Bulgarian way."""

import os
import re

import pytest
from babel.messages.pofile import read_po

from register import rules
from tests.factories import make_licence

PUBLIC = [
    "/",
    "/licences/",
    "/licences/revoked",
    "/licences/202300001",
    "/licences/202300002",
    "/data/",
    "/pages/licensing",
    "/pages/archives",
    "/pages/about-data",
    "/pages/faq",
    "/rules",
    "/login",
    "/licences/404404",
]
HEADER = {"bg": "Регистър", "en": "Register"}


@pytest.fixture
def pages(app):
    """An active and a revoked licence to show."""
    with app.app_context():
        make_licence(number="202300001", licence_date="2015-03-02")
        make_licence(number="202300002", status=rules.REVOKED, archive=True)


@pytest.mark.parametrize("language", ["bg", "en"])
@pytest.mark.parametrize("path", PUBLIC)
def test_every_public_page_renders_in_both_languages(client, pages, language, path):
    """The page answers in the chosen language, with the navigation translated."""
    client.set_cookie("lang", language)
    response = client.get(path)
    assert response.status_code in (200, 404)
    assert f'<html lang="{language}">' in response.text
    nav = response.text.split('class="main-nav"')[1].split("</nav>")[0]
    assert HEADER[language] in nav


def test_bulgarian_is_the_default(client, pages):
    """No cookie: Bulgarian, with Bulgarian dates."""
    text = client.get("/licences/202300001").text
    assert '<html lang="bg">' in text
    assert "Регистър на лицензираните центрове" in client.get("/licences/").text
    assert re.search(r"2\.03\.2015\s?г\.", text)  # CLDR puts a no-break space before г.


def test_english_dates(client, pages):
    """English dates read the (British) English way, with a four-digit year."""
    client.set_cookie("lang", "en")
    assert re.search(r"\b2\sMar\s2015", client.get("/licences/202300001").text)


def test_language_switch_returns_to_the_same_page(client, pages):
    """The switch sets the choice and goes back to where the visitor was, never off-site."""
    response = client.get("/lang/en?next=/licences/%3Fq%3Dx")
    assert response.status_code == 303
    assert response.headers["Location"] == "/licences/?q=x"
    assert "lang=en" in response.headers["Set-Cookie"]
    assert client.get("/lang/en?next=//evil.example/").headers["Location"] == "/"
    assert "Set-Cookie" not in client.get("/lang/xx?next=/").headers


def test_content_pages_exist_in_both_languages(client):
    """Each Markdown page has a Bulgarian and an English file, and each renders its own title."""
    content = os.path.join(os.path.dirname(__file__), "..", "site", "content")
    slugs = {name.split(".")[0] for name in os.listdir(content)}
    for slug in slugs:
        for language in ("bg", "en"):
            assert os.path.exists(os.path.join(content, f"{slug}.{language}.md"))
    client.set_cookie("lang", "en")
    english = client.get("/pages/archives").text
    client.set_cookie("lang", "bg")
    bulgarian = client.get("/pages/archives").text
    assert english.split("<h1>")[1].split("</h1>")[0] != bulgarian.split("<h1>")[1].split("</h1>")[0]


def test_bulgarian_catalogue_is_complete():
    """Every message has a Bulgarian translation, none left fuzzy."""
    path = os.path.join(os.path.dirname(__file__), "..", "translations", "bg", "LC_MESSAGES", "messages.po")
    with open(path, "rb") as handle:
        catalog = read_po(handle)
    missing = [
        m.id
        for m in catalog
        if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)))
    ]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert missing == [] and fuzzy == []


@pytest.mark.parametrize("language, expected", [("bg", "Регистър"), ("en", "Register")])
def test_template_messages_keep_their_variables_escaped(app, language, expected):
    """The cached template gettext: the message is trusted, a variable is escaped, no variables
    means plain text (and %% a percent sign), each in the request's language."""
    template = app.jinja_env.from_string(
        "{{ _('Register') }}|{{ _('until %(day)s', day=day) }}|{{ _('100%% sure') }}"
    )
    with app.test_request_context(headers={"Cookie": f"lang={language}"}):
        text = template.render(day="<b>1</b>")
    first, second, third = text.split("|")
    assert first.startswith(expected)
    assert "&lt;b&gt;1&lt;/b&gt;" in second and "<b>" not in second
    assert third == "100% sure"


def test_every_package_is_extracted_for_translation():
    """babel.cfg names every package of the app, so no message escapes the catalogue (and the
    completeness test above)."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    with open(os.path.join(root, "babel.cfg"), encoding="utf-8") as handle:
        configured = handle.read()
    packages = [
        name
        for name in os.listdir(root)
        if os.path.isfile(os.path.join(root, name, "__init__.py")) and name not in ("tests", "bench")
    ]
    assert packages and all(f"[python: {name}/**.py]" in configured for name in packages), packages
