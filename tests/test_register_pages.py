"""The public register: search, filters, sort, pages, exports, the centre page and its archive box."""

import csv
import io
import json
import re

import pytest

from register import rules
from register.export import COLUMN_NAMES
from tests.factories import HOTEL, PLOVDIV, PROGRAMMER, SOFIA, VARNA, make_licence


@pytest.fixture
def register_data(app):
    """Four licences across places, statuses and professions."""
    with app.app_context():
        make_licence(number="201500001", name="ЦПО „Алфа“", settlement=VARNA, specialities=[PROGRAMMER])
        make_licence(
            number="201500002",
            name="ЦПО „Бета Знание“",
            settlement=SOFIA,
            specialities=[HOTEL],
            eik="200000002",
        )
        make_licence(
            number="201500003",
            name="ЦПО „Гама“",
            settlement=PLOVDIV,
            status=rules.REVOKED,
            archive=True,
            specialities=[PROGRAMMER, HOTEL],
        )
        make_licence(
            number="201500004",
            name="ЦПО „Делта“",
            settlement=VARNA,
            status=rules.TEMPORARILY_REVOKED,
            status_date="2026-10-01",
        )


def numbers(response):
    """Licence numbers listed in a register response, in order."""
    import re

    return re.findall(r'href="/licences/(\d+)" class="centre-name"', response.text)


def test_home_counts_and_latest(client, register_data):
    """Home shows counts by status and the latest changes."""
    response = client.get("/")
    assert response.status_code == 200
    assert 'href="/licences/?status=active"><strong>2</strong>' in response.text
    assert 'href="/licences/?status=revoked"><strong>1</strong>' in response.text
    assert "ЦПО „Делта“" in response.text  # its temporary revocation is the latest change


def test_register_lists_all_sorted_by_name(client, register_data):
    """The register, default sort by name."""
    response = client.get("/licences/")
    assert response.status_code == 200
    assert numbers(response) == ["201500001", "201500002", "201500003", "201500004"]
    assert "4 licences" in response.text or "4 лиценз" in response.text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=знание", ["201500002"]),
        ("q=ЗНАНИЕ", ["201500002"]),  # Cyrillic folds case
        ("q=201500003", ["201500003"]),
        ("q=200000002", ["201500002"]),  # ЕИК
        ("q=варна", ["201500001", "201500004"]),
        ("q=цпо+гама", ["201500003"]),
        ("q=нищо", []),
        ("status=revoked", ["201500003"]),
        ("status=active&status=temporarily_revoked", ["201500001", "201500002", "201500004"]),
        ("region=VAR", ["201500001", "201500004"]),
        ("municipality=SOF46", ["201500002"]),
        ("field=811", ["201500002", "201500003"]),
        ("profession=481030", ["201500001", "201500003", "201500004"]),
        ("region=PDV&profession=481030", ["201500003"]),
        ("field=811&profession=481030", ["201500001", "201500003", "201500004"]),
        ("sort=-name", ["201500004", "201500003", "201500002", "201500001"]),
        ("sort=number", ["201500001", "201500002", "201500003", "201500004"]),
        ("status=bogus&region=XX&sort=evil", ["201500001", "201500002", "201500003", "201500004"]),
    ],
)
def test_register_filters(client, register_data, query, expected):
    """Search and filters narrow the register; unknown values are ignored, never an error."""
    response = client.get(f"/licences/?{query}")
    assert response.status_code == 200
    assert numbers(response) == expected


def test_pagination_is_stable_and_clamped(client, register_data):
    """Pages of 2: page 2 continues page 1; a page past the end shows the last page."""
    first = numbers(client.get("/licences/?size=2"))
    second = numbers(client.get("/licences/?size=2&page=2"))
    assert first + second == ["201500001", "201500002", "201500003", "201500004"]
    assert numbers(client.get("/licences/?size=2&page=99")) == second
    assert numbers(client.get("/licences/?size=2&page=abc")) == first
    page = client.get("/licences/?size=2").text
    assert (
        'rel="next" href="/licences/?size=2&amp;page=2"' in page
        or 'href="/licences/?page=2&amp;size=2"' in page
    )


def test_htmx_request_gets_only_the_results_fragment(client, register_data):
    """One URL: the full page for a browser, the results block for htmx."""
    full = client.get("/licences/?q=алфа")
    fragment = client.get("/licences/?q=алфа", headers={"HX-Request": "true"})
    assert "<html" in full.text and "<html" not in fragment.text
    # The results, after the <title> htmx puts in the window's title bar.
    title, _, rest = fragment.text.strip().partition("\n")
    assert re.fullmatch(r"<title>[^<]*алфа[^<]*</title>", title)
    assert rest.startswith('<section id="results"')
    assert numbers(fragment) == ["201500001"]
    assert "HX-Request" in fragment.headers.get("Vary", "")


def test_boosted_navigation_gets_the_full_page(client, register_data):
    """hx-boost swaps the whole body, so a boosted request gets the page."""
    response = client.get("/licences/", headers={"HX-Request": "true", "HX-Boosted": "true"})
    assert "<html" in response.text


def test_csv_export_exact(client, register_data):
    """The CSV export of a query: exact header and row."""
    response = client.get("/licences.csv?q=алфа")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    lines = response.text.split("\r\n")
    assert lines[0] == ",".join(COLUMN_NAMES)
    assert lines[1] == (
        "201500001,2015-03-02,Л-100,active,,,ЦПО „Алфа“,cpo,„Тест“ ЕООД,999999995,Варна,Варна,"
        "10135,гр. Варна,,ул. „Първа“ № 1,052 000 000,office@centre.example,4810301,,,,,,,,"
    )
    assert lines[2:] == [""]


def test_csv_of_closed_licences_names_the_archive(client, register_data):
    """The revoked list's CSV carries the archive school; no invented "kept until" day (001 art. 28(1)
    gives 50 years but no start day), the handover day instead, empty until recorded."""
    rows = list(csv.DictReader(io.StringIO(client.get("/licences/revoked.csv").text)))
    assert [r["licence_number"] for r in rows] == ["201500003"]
    assert rows[0]["archive_school"] == "Професионална гимназия по икономика „Тест“"
    assert rows[0]["archive_order"] == "РД-01-77 / 2020-06-01"
    assert "archive_retention_until" not in rows[0] and "2070-08-31" not in str(rows[0])
    assert rows[0]["archive_handed_over_on"] == "" and rows[0]["archive_notice_date"] == ""
    assert rows[0]["archive_stage"] == "designated"


def test_json_export_and_link_header(client, register_data):
    """The same query as JSON, announced with Link: rel=alternate."""
    page = client.get("/licences/?region=VAR")
    assert '</licences.json?region=VAR>; rel="alternate"; type="application/json"' in page.headers["Link"]
    data = client.get("/licences.json?region=VAR").get_json()
    assert data["meta"]["count"] == 2
    assert [r["licence_number"] for r in data["rows"]] == ["201500001", "201500004"]
    assert set(data["rows"][0]) == set(COLUMN_NAMES)


def test_no_personal_data_in_exports(client, register_data):
    """The contact person's name is kept but never published."""
    for url in (
        "/licences.csv",
        "/licences.json",
        "/licences/201500001",
        "/licences/201500001.json",
    ):
        assert "Fictional Person" not in client.get(url).text


def test_centre_page(client, register_data):
    """A centre's page: licence, professions grouped by field, history; no archive box when active."""
    response = client.get("/licences/201500001")
    assert response.status_code == 200
    text = response.text
    assert "ЦПО „Алфа“" in text
    assert "481 Компютърни науки" in text
    assert "4810301" in text
    assert "archive-box" not in text
    assert response.headers["Link"].startswith("</licences/201500001.json>")


def test_revoked_centre_page_shows_archive_box(client, register_data):
    """A finally revoked licence shows where the archive is kept (001 art. 30) and how to ask there."""
    text = client.get("/licences/201500003").text
    assert 'class="archive-box"' in text
    assert "Професионална гимназия по икономика „Тест“" in text
    assert "РД-01-77" in text
    assert "16(4)" in text or "16, ал. 4" in text


def test_revoked_without_designation_says_so(client, app):
    """A closed licence whose archive school is not designated yet says where to ask."""
    with app.app_context():
        make_licence(number="201500009", status=rules.TERMINATED)
    text = client.get("/licences/201500009").text
    assert 'class="archive-box"' in text
    assert "not yet designated" in text or "все още не е определило" in text


def test_licence_json(client, register_data):
    """The centre's JSON twin includes its history."""
    data = client.get("/licences/201500003.json").get_json()
    assert data["status"] == "revoked"
    assert [e["kind"] for e in data["history"]] == ["first_licensing", "final_revocation"]


def test_unknown_licence_is_404(client, register_data):
    """An unknown number is a 404 page, not an error."""
    assert client.get("/licences/999").status_code == 404
    assert client.get("/licences/999.json").status_code == 404


def test_revoked_list(client, register_data):
    """Only finally revoked and terminated licences, with their archive school."""
    response = client.get("/licences/revoked")
    assert numbers(response) == ["201500003"]
    assert "Професионална гимназия по икономика „Тест“" in response.text


def test_data_dumps_regenerate_on_change(client, app, register_data):
    """The full dumps are written on demand and rewritten after the register changes."""
    page = client.get("/data/")
    assert page.status_code == 200
    assert "licence_number" in page.text  # the data dictionary
    assert download(client, "/data/registar-licences.csv").count("\r\n") == 5
    with app.app_context():
        make_licence(number="201500005")
    assert download(client, "/data/registar-licences.csv").count("\r\n") == 6
    dump = json.loads(download(client, "/data/registar-licences.json"))
    assert len(dump["rows"]) == 5


def download(client, url):
    """The text of a file response, closing the file behind it."""
    response = client.get(url)
    try:
        assert response.status_code == 200
        return response.get_data(as_text=True)
    finally:
        response.close()


def test_healthz_and_readyz(client):
    """Liveness without the database, readiness with it."""
    assert client.get("/healthz").text == "ok\n"
    assert client.get("/readyz").status_code == 200


def test_removed_speciality_is_shown_as_removed(client, app):
    """A speciality taken off the licence stays in its history, marked removed, and out of filters."""
    from register.importer import import_records
    from tests.factories import licence_record

    record = licence_record(number="201500050", specialities=[])
    record["specialities"] = [{"code": PROGRAMMER}, {"code": HOTEL, "removed_on": "2020-01-01"}]
    with app.app_context():
        assert not import_records([record]).rejected
    text = client.get("/licences/201500050").text
    assert '<del><span class="code">8110301</span>' in text
    assert '<del><span class="code">4810301</span>' not in text
    assert numbers(client.get("/licences/?field=811")) == []
    assert numbers(client.get("/licences/?field=481")) == ["201500050"]
