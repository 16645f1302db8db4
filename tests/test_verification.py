"""Public verification of a registered document (issue 15, part 3): the answer for a hit, the one
answer for every miss, a duplicate, a closed centre's document, the holder's link, the rate limit,
no personal number in a log, a URL or the page back, and the counts on the centre's page."""

import datetime
import logging
import re

import pytest

from register import rules as register_rules
from register.documents import rules
from register.documents.models import REFUSED, REGISTERED, SUBMITTED
from register.documents.verification import duplicate_request_place, shown_count
from tests.document_factories import fake_egn, make_course, make_document, make_participant
from tests.factories import make_licence

# These tests read the English wording (the Bulgarian is the site's default).
pytestmark = pytest.mark.usefixtures("english")


EGN = fake_egn(901, born=datetime.date(1988, 5, 17))


@pytest.fixture
def registered(app):
    """A registered certificate of qualification (series А-25, factory number 1000) of a holder with
    the made-up ЕГН `EGN`, at an open centre."""
    with app.app_context():
        licence = make_licence(number="201900001")
        course = make_course(licence)
        person = make_participant(course, personal_number=EGN, first_name="Светла", last_name="Скритова")
        document = make_document(person, state=REGISTERED)
        return {"licence": licence.number, "token": document.verify_token, "id": document.id}


def _form(**changes):
    data = {"kind": rules.QUALIFICATION, "series": "А-25", "number": "1000", "personal_number": EGN}
    data.update(changes)
    return data


def test_hit_answers_genuine_without_the_person(client, registered):
    """The centre, licence, profession, speciality, degree, date and "original"; no name, no ЕГН."""
    response = client.post("/documents/verify", data=_form())
    page = response.text
    assert response.status_code == 200
    assert 'class="verdict valid"' in page and "Original" in page
    assert "/licences/201900001" in page
    assert "4810301" in page and "481030" in page  # speciality and profession codes
    assert "Скритова" not in page and "Светла" not in page and EGN not in page
    assert response.headers["Cache-Control"] == "no-store"


def test_latin_series_and_spaces_are_the_printed_series(client, registered):
    """A series typed on a Latin keyboard, an ЕГН with spaces: the same document."""
    response = client.post(
        "/documents/verify", data=_form(series="a-25", personal_number=EGN[:5] + " " + EGN[5:])
    )
    assert 'class="verdict valid"' in response.text


def _shape(page):
    """The page with its moment removed: what differs between two misses, if anything."""
    return re.sub(r'<p class="verdict-note">.*?</p>', "", page)


@pytest.mark.parametrize(
    "changes",
    [
        {"kind": rules.VALIDATION},
        {"series": "Б-25"},
        {"number": "1001"},
        {"personal_number": fake_egn(902, born=datetime.date(1988, 5, 17))},
    ],
    ids=["kind", "series", "number", "personal_number"],
)
def test_every_miss_is_the_same_answer(client, registered, changes):
    """Each field wrong, one at a time: the same status, the same page, the same length."""
    reference = client.post("/documents/verify", data=_form(number="999999", series="Я-99"))
    response = client.post("/documents/verify", data=_form(**changes))
    assert response.status_code == reference.status_code == 200
    assert 'class="verdict unknown"' in response.text
    # The same page but for the echoed values the visitor typed (the kind, series and number).
    typed = [v for v in _form(**changes).values()] + ["999999", "Я-99", "1000", "А-25", "Б-25", "1001"]
    strip = _shape(response.text)
    other = _shape(reference.text)
    for value in typed:
        strip, other = strip.replace(value, ""), other.replace(value, "")
    strip = re.sub(r'<option value="\w+" selected>', "<option>", strip).replace(" selected", "")
    other = re.sub(r'<option value="\w+" selected>', "<option>", other).replace(" selected", "")
    assert abs(len(strip) - len(other)) < 40


def test_a_document_not_in_the_register_is_a_miss(app, client):
    """Submitted or refused documents are not answered as genuine."""
    with app.app_context():
        course = make_course(make_licence(number="201900001"))
        make_document(make_participant(course, personal_number=EGN), state=SUBMITTED)
        make_document(
            make_participant(course, personal_number=fake_egn(903)), state=REFUSED, factory_number="1001"
        )
    assert 'class="verdict unknown"' in client.post("/documents/verify", data=_form()).text


@pytest.mark.parametrize("missing", ["kind", "number", "personal_number", "series"])
def test_nothing_is_answered_on_the_number_alone(client, registered, missing):
    """Every field is required (the series for a kind that has one): 422 and no verdict."""
    response = client.post("/documents/verify", data=_form(**{missing: ""}))
    assert response.status_code == 422
    assert "verdict" not in response.text


def test_a_registration_number_needs_no_series(app, client):
    """A kind without a factory number is found by the centre's registration number."""
    with app.app_context():
        course = make_course(make_licence(number="201900001"))
        make_document(
            make_participant(course, personal_number=EGN),
            kind=rules.TRAINING,
            state=REGISTERED,
            registration_number="77",
        )
    response = client.post("/documents/verify", data=_form(kind=rules.TRAINING, series="", number="77"))
    assert 'class="verdict valid"' in response.text and "Registration number" in response.text


def test_a_bad_personal_number_is_a_form_error_revealing_nothing(client, registered):
    """A mistyped ЕГН: the form's error, no verdict, the typed digits not shown back."""
    bad = EGN[:-1] + str((int(EGN[-1]) + 1) % 10)
    response = client.post("/documents/verify", data=_form(personal_number=bad))
    assert response.status_code == 422
    assert "verdict" not in response.text and bad not in response.text


def test_the_personal_number_is_not_written_back(client, registered):
    """After an answer the form's personal number field is empty."""
    page = client.post("/documents/verify", data=_form()).text
    assert EGN not in page
    field = re.search(r'<input[^>]*name="personal_number"[^>]*>', page).group(0)
    assert 'value=""' in field or "value=" not in field


def test_htmx_gets_the_form_and_answer_only(client, registered):
    """htmx swaps the verification block in place."""
    response = client.post("/documents/verify", data=_form(), headers={"HX-Request": "true"})
    assert response.text.lstrip().startswith('<div id="verification">')
    assert 'class="verdict valid"' in response.text and "<html" not in response.text


def test_a_get_with_the_number_in_its_query_is_sent_away_without_it(client, registered):
    """The personal number never stays in a URL: 303 to the same page without it."""
    response = client.get(f"/documents/verify?kind=qualification&number=1000&personal_number={EGN}")
    assert response.status_code == 303
    assert EGN not in response.headers["Location"] and "number=1000" in response.headers["Location"]
    page = client.get(response.headers["Location"]).text
    assert "verdict" not in page and 'value="1000"' in page


def test_no_personal_number_in_any_log_line(client, registered, caplog):
    """Neither a hit nor a miss nor a form error logs the personal number."""
    caplog.set_level(logging.DEBUG)
    for data in (_form(), _form(number="5"), _form(personal_number="1234567890")):
        client.post("/documents/verify", data=data)
    text = "\n".join(r.getMessage() for r in caplog.records) + caplog.text
    assert EGN not in text and "1234567890" not in text


def test_a_duplicate_says_so_and_names_the_original(app, client):
    """A duplicate: "duplicate of" the original's series and number."""
    with app.app_context():
        course = make_course(make_licence(number="201900001"))
        person = make_participant(course, personal_number=EGN)
        original = make_document(person, state=REGISTERED, factory_number="1000")
        make_document(person, state=REGISTERED, factory_number="1005", original=original)
    page = client.post("/documents/verify", data=_form(number="1005")).text
    assert 'class="verdict valid"' in page
    assert "Duplicate of the original" in page and "1000" in page and "DUPLICATE" in page


def test_a_closed_centres_document_says_where_to_ask_for_a_duplicate(app, client):
    """001 art. 16(4): the school that keeps the archive, its address and contacts."""
    with app.app_context():
        licence = make_licence(number="201900002", status=register_rules.REVOKED, archive=True)
        course = make_course(licence)
        make_document(make_participant(course, personal_number=EGN), state=REGISTERED)
        school = licence.archive.school_name
        assert duplicate_request_place(licence.centre_id).school_name == school
        assert duplicate_request_place(make_licence(number="201900001").centre_id) is None
    page = client.post("/documents/verify", data=_form()).text
    assert 'id="document-archive"' in page and school in page and "16(4)" in page


def test_the_holders_link(client, registered):
    """The same answer, "checked on", never cached or indexed."""
    response = client.get(f"/documents/v/{registered['token']}")
    assert response.status_code == 200
    assert 'class="verdict valid"' in response.text and "/licences/201900001" in response.text
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Robots-Tag"] == "noindex"
    assert EGN not in response.text and "Скритова" not in response.text


def test_an_unknown_link_is_the_miss_page(client, registered):
    """An unknown token: 404 with the miss's answer."""
    response = client.get("/documents/v/not-a-token")
    assert response.status_code == 404 and 'class="verdict unknown"' in response.text


def test_a_link_to_a_document_no_longer_registered_is_a_miss(app, client, registered):
    """The link follows the document's state."""
    from register.documents.models import IssuedDocument

    with app.app_context():
        IssuedDocument.update(state=REFUSED).where(IssuedDocument.id == registered["id"]).execute()
    response = client.get(f"/documents/v/{registered['token']}")
    assert response.status_code == 404 and 'class="verdict unknown"' in response.text


def test_verification_is_rate_limited(database_url, tmp_path):
    """VERIFY_RATE_LIMIT per address: then 429 with a clear message."""
    from portal import create_app
    from tests.conftest import app_config

    app = create_app(
        app_config(database_url, tmp_path, RATELIMIT_ENABLED=True, VERIFY_RATE_LIMIT="3 per minute")
    )
    client = app.test_client()
    client.set_cookie("lang", "en")
    codes = [client.post("/documents/verify", data=_form()).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert "Too many attempts" in client.post("/documents/verify", data=_form()).text
    assert client.get("/documents/verify").status_code == 200  # the form itself is not limited


@pytest.mark.parametrize(("count", "shown"), [(1, None), (2, None), (3, 3), (4, 4)])
def test_shown_count(count, shown):
    """Counts of 1 and 2 are shown as "fewer than 3" (the site's choice)."""
    assert shown_count(count) == shown


@pytest.mark.parametrize("documents", [1, 2, 3])
def test_counts_on_the_licence_page(app, client, documents):
    """The centre's page: registered documents per year and kind; 1 or 2 as "fewer than 3"; the
    JSON the same way; no rows without documents."""
    with app.app_context():
        course = make_course(make_licence(number="201900001"))
        for n in range(documents):
            person = make_participant(course, personal_number=fake_egn(910 + n))
            make_document(person, state=REGISTERED, factory_number=str(1000 + n))
        make_document(
            make_participant(course, personal_number=fake_egn(920)), state=SUBMITTED, factory_number="1050"
        )
    page = client.get("/licences/201900001").text
    row = re.search(r'<tr class="document-count">(.*?)</tr>', page, re.S).group(1)
    assert "2026" in row
    if documents < 3:
        assert "fewer than 3" in row
    else:
        assert ">3<" in row.replace(" ", "")
    assert page.count('class="document-count"') == 1
    counts = client.get("/licences/201900001.json").json["documents_registered"]
    assert counts == [
        {"year": 2026, "kind": "qualification", "count": documents if documents >= 3 else "fewer than 3"}
    ]


def test_no_counts_without_documents(client, registered, app):
    """A centre with no registered documents shows no table of counts (never a 0 row)."""
    with app.app_context():
        make_licence(number="201900003")
    page = client.get("/licences/201900003").text
    assert 'class="document-count"' not in page
    assert client.get("/licences/201900003.json").json["documents_registered"] == []
