"""The view helpers of portal/web.py: form errors, a step run or its refusal on the page, a private
download, one list as HTML, CSV and JSON; and htmx answered with a block, never a page to cut."""

import re

import pytest
from werkzeug.exceptions import NotFound

from portal import web
from register.services import RegisterError
from tests.factories import make_licence
from tests.test_licensing import applicant_login, register, the_application


class _Form:
    errors = {"date": ["Required.", "A date."], "number": ["Too long."]}


def test_form_errors_are_one_text_per_field():
    """Each field's messages joined, keyed by the field (the templates' `errors` dict)."""
    assert web.form_errors(_Form()) == {"date": "Required. A date.", "number": "Too long."}


def _refuse(message, field=None):
    raise RegisterError(message, field)


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda: _refuse("too late", "date"), {"date": "too late"}),  # the refusal's own field
        (lambda: _refuse("no such licence"), {"form": "no such licence"}),  # else the step's
    ],
)
def test_a_refused_step_puts_its_message_on_its_field(app, call, expected):
    errors = {}
    with app.test_request_context():
        assert web.run_step(call, errors, RegisterError) is None
    assert errors == expected


def test_a_step_that_runs_returns_its_result_and_no_error(app):
    errors = {}
    with app.test_request_context():
        assert web.run_step(lambda: 42, errors, RegisterError) == 42
    assert errors == {}


def test_a_refused_upload_is_caught_only_where_the_step_takes_a_file(app):
    from portal.uploads import UploadError

    def refused_upload():
        raise UploadError("not a PDF")

    errors = {}
    with app.test_request_context():
        web.run_step(refused_upload, errors, RegisterError, upload_field="document")
        assert errors == {"document": "not a PDF"}
        with pytest.raises(UploadError):
            web.run_step(refused_upload, {}, RegisterError)


def test_a_private_download_is_an_attachment_kept_in_no_cache(app, tmp_path):
    with app.test_request_context():
        response = web.private_download(b"%PDF-1.7", "заявление.pdf", "application/pdf")
        assert response.headers["Cache-Control"] == "private, no-store"
        assert response.headers["Content-Disposition"].startswith("attachment;")
        assert "filename*=UTF-8''" in response.headers["Content-Disposition"]  # the Cyrillic name
        with pytest.raises(NotFound):  # lost from the disk: a 404, not a 500
            web.private_download(str(tmp_path / "gone.pdf"), "gone.pdf", "application/pdf")


def test_get_or_404(app):
    from portal.accounts import User

    with app.test_request_context(), pytest.raises(NotFound):
        web.get_or_404(User, User.id == 10**6)


def test_one_list_in_three_formats(app):
    """The same rows as CSV (Excel's mark only when asked), JSON with named keys, or the page with
    its `Link` header to the other two."""
    rows = [{"a": "1", "b": "х"}]
    alternate = {"text/csv": "/x.csv", "application/json": "/x.json"}
    common = {"page": lambda: "<p>page</p>", "rows": lambda: iter(rows), "fieldnames": ["a", "b"]}
    common.update(filename="x", meta=lambda: {"q": ""}, keys=("query", "items"), alternate=alternate)
    with app.test_request_context():
        csv_text = web.list_response("csv", **common).get_data(as_text=True)
        assert csv_text == "a,b\r\n1,х\r\n"
        json_text = web.list_response("json", **common).get_data(as_text=True)
        assert json_text == '{"query": {"q": ""}, "items": [\n{"a": "1", "b": "х"}\n]}\n'
        page = web.list_response(None, **common)
        assert page.get_data(as_text=True) == "<p>page</p>"
        assert page.headers["Link"] == (
            '</x.csv>; rel="alternate"; type="text/csv", </x.json>; rel="alternate"; type="application/json"'
        )
    with app.test_request_context("/?excel=1"):
        response = web.list_response("csv", **common)
        assert response.get_data(as_text=True).startswith(web.BOM + "a,b")
        assert response.headers["Content-Disposition"] == "attachment; filename=x-excel.csv"


def test_a_page_of_the_register_links_its_neighbours(app, client):
    """The `Link` header names the exports and, on a page of several, the previous and next pages
    (the same URLs as the page's own rel="prev"/"next" links)."""
    with app.app_context():
        for number in ("202400001", "202400002", "202400003"):
            make_licence(number=number, name=f"ЦПО {number}")
    first = links(client.get("/licences/?size=1"))
    assert first["alternate"] and "prev" not in first and "page=2" in first["next"]
    middle = links(client.get("/licences/?size=1&page=2"))
    assert "page=" not in middle["prev"] and "page=3" in middle["next"]
    last = links(client.get("/licences/?size=1&page=3"))
    assert "page=2" in last["prev"] and "next" not in last


def links(response):
    """{rel: url} of a response's `Link` header (the last url of a rel)."""
    found = re.findall(r'<([^>]*)>; rel="([a-z]+)"', response.headers["Link"])
    return {rel: url for url, rel in found}


# --- htmx gets the block it swaps ---------------------------------------------------------------

HTMX = {"HX-Request": "true"}


def test_the_speciality_search_answers_its_results_only(app, client):
    """The live search of step 3 swaps #speciality-results: that block comes back, not the page."""
    client.set_cookie("lang", "en")
    register(client)
    applicant_login(client, app)
    application = the_application(app)
    fragment = client.get(f"/applications/{application.id}?sq=zzzz", headers=HTMX).text
    assert fragment.lstrip().startswith('<div id="speciality-results"')
    assert "<html" not in fragment and 'id="profile-form"' not in fragment
    full = client.get(f"/applications/{application.id}?sq=zzzz").text
    assert "<html" in full and 'id="speciality-results"' in full


def test_the_profile_autosave_answers_the_profile_block(app, client):
    """The autosave's answer holds the status and the version (hx-select, hx-select-oob), not the
    whole application page."""
    client.set_cookie("lang", "en")
    register(client)
    applicant_login(client, app)
    application = the_application(app)
    data = {"version": "1", "centre_name": "ЦПО Пример", "centre_kind": "cpo"}
    fragment = client.post(f"/applications/{application.id}/profile", data=data, headers=HTMX).text
    assert fragment.lstrip().startswith('<section id="profile-section">')
    assert 'id="profile-status"' in fragment and 'id="profile-version" value="2"' in fragment
    assert "<html" not in fragment and 'id="premises"' not in fragment


def test_the_facets_asked_later_are_their_own_block(app, client):
    with app.app_context():
        make_licence(number="202400001", name="ЦПО Алфа")
    fragment = client.get("/licences/?facets=1", headers=HTMX).text
    assert fragment.lstrip().startswith('<aside class="facets" id="facets"')
    assert 'id="results"' not in fragment


def test_a_history_restore_gets_the_whole_page(app, client):
    """htmx restoring a page missing from its history cache sends HX-Request too: it gets the page."""
    headers = {**HTMX, "HX-History-Restore-Request": "true"}
    assert "<html" in client.get("/licences/", headers=headers).text
