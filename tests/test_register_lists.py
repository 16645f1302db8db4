"""The register's result pages (issue 13): one title per query and page, one default sort for a
query, CSV downloads for Excel beside the plain ones, and a data dictionary wholly translatable."""

import csv
import io
import os

import pytest
from babel.messages.extract import extract_from_file

from register.export import BOM, COLUMN_NAMES, COLUMNS
from tests.factories import SOFIA, VARNA, make_licence


@pytest.fixture
def licences(app):
    """Thirty licences (two pages of 25), one of them closed."""
    app.config["SITE_LANGUAGE"] = "en"
    with app.app_context():
        for n in range(1, 30):
            make_licence(number=f"2016{n:05d}", name=f"ЦПО „Знание {n:02d}“", settlement=VARNA)
        make_licence(number="201600030", name="ЦПО „Архив“", settlement=SOFIA, status="revoked", archive=True)


def fetch(client, url):
    """(response, body) with a streamed or file answer read whole and closed, before the next
    request pushes its own context."""
    response = client.get(url)
    try:
        return response, response.get_data()
    finally:
        response.close()


def title(response):
    text = response.text
    return text[text.index("<title>") + 7 : text.index("</title>")]


def test_every_query_and_page_has_its_own_title(client, licences):
    """The <title> names the list, the search words and the page beyond the first."""
    register = "Register of licensed training centres"
    assert title(client.get("/licences/")) == f"{register} · NAPOO register"
    assert title(client.get("/licences/?q=знание")) == f"{register}: “знание” · NAPOO register"
    assert title(client.get("/licences/?q=знание&page=2")) == f"{register}: “знание”, page 2 · NAPOO register"
    assert title(client.get("/licences/?page=2")) == f"{register}, page 2 · NAPOO register"
    closed = "Closed centres and their archives"
    assert title(client.get("/licences/revoked?q=архив")) == f"{closed}: “архив” · NAPOO register"
    # htmx gets the title with the results, so the window's title follows a live search.
    fragment = client.get("/licences/?q=знание&page=2", headers={"HX-Request": "true"})
    assert title(fragment) == f"{register}: “знание”, page 2 · NAPOO register"
    # The search words are escaped in the title like anywhere else.
    assert "<b>" not in title(client.get("/licences/?q=<b>x"))


def test_certificate_register_title_names_the_query(client, app):
    """The certificates' register: the same shape of title for a search."""
    app.config["SITE_LANGUAGE"] = "en"
    assert title(client.get("/certificates/?q=ivanov")).startswith("Register of BAUP certificates: “ivanov”")


def test_a_query_sorts_by_relevance_by_default_whatever_the_box(client, licences):
    """The sort select's default sends no sort, so words typed in the register's own box rank by
    relevance as from the home page; a chosen sort stays chosen."""
    page = client.get("/licences/")
    assert '<option value="" selected>Best match</option>' in page.text
    assert 'value="name" selected' not in page.text
    # What the form sends when nothing was chosen: an empty sort, that is relevance with words.
    from_box = client.get("/licences/?q=знание&sort=")
    from_home = client.get("/licences/?q=знание")
    assert from_box.text.count("centre-name") == from_home.text.count("centre-name")
    assert 'value="-name" selected' in client.get("/licences/?q=знание&sort=-name").text


@pytest.mark.parametrize(
    "url, name",
    [
        ("/licences.csv?q=знание", "licences"),
        ("/licences/revoked.csv", "revoked"),
        ("/data/registar-licences.csv", "registar-licences"),
    ],
)
def test_csv_for_excel_is_the_same_csv_with_a_byte_order_mark(client, licences, url, name):
    """Every CSV of the register: the plain one unchanged (no mark), the Excel one the same text
    with a UTF-8 byte order mark and its own file name."""
    plain, plain_data = fetch(client, url)
    excel, excel_data = fetch(client, url + ("&" if "?" in url else "?") + "excel=1")
    assert plain.status_code == excel.status_code == 200
    assert not plain_data.startswith(b"\xef\xbb\xbf")
    assert excel_data.startswith(b"\xef\xbb\xbf")
    assert excel_data[3:] == plain_data
    assert excel.mimetype == "text/csv"
    assert f"filename={name}-excel.csv" in excel.headers["Content-Disposition"]
    assert f"filename={name}.csv" in plain.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(excel_data.decode("utf-8-sig"))))
    assert list(rows[0]) == COLUMN_NAMES and rows


def test_certificates_csv_for_excel(client):
    """The certificates' CSV has its Excel twin too."""
    _, plain = fetch(client, "/certificates.csv")
    excel, excel_data = fetch(client, "/certificates.csv?excel=1")
    assert excel_data == BOM.encode() + plain
    assert "filename=certificates-excel.csv" in excel.headers["Content-Disposition"]


def test_pages_link_the_excel_csv_beside_the_plain_one(client, licences):
    """The lists and /data/ offer both downloads, the Excel one carrying the same query."""
    page = client.get("/licences/?q=знание")
    assert 'href="/licences.csv?q=%D0%B7%D0%BD%D0%B0%D0%BD%D0%B8%D0%B5&amp;excel=1"' in page.text
    assert 'href="/data/registar-licences.csv?excel=1"' in client.get("/data/").text


def test_every_column_meaning_is_marked_for_translation():
    """The data dictionary on /data/ is translated row by row: every meaning must reach the
    catalogue, that is be marked N_() in register/export.py (the extraction `make messages` runs)."""
    path = os.path.join(os.path.dirname(__file__), os.pardir, "register", "export.py")
    keywords = {"N_": None, "_": None}
    found = {message for _, message, _, _ in extract_from_file("python", path, keywords=keywords)}
    missing = [name for name, meaning in COLUMNS if meaning not in found]
    assert not missing
