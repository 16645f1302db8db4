"""Forms (issue 13): a settlement picked by name, errors and hints linked for screen readers, the
address bar after a refused boosted POST, and the labels that said the wrong thing."""

import datetime
import re

import pytest

from register import places, rules
from register.licensing.models import LicensingApplication
from register.models import Licence
from tests.factories import make_licence
from tests.test_licensing import applicant_login, register

PLOVDIV, VARNA, SOFIA = "56784", "10135", "68134"
BYALA = {"07598", "07603", "07613"}  # гр. Бяла (Варна), гр. Бяла (Русе), с. Бяла (Сливен)


@pytest.fixture(autouse=True)
def _english(app, client):
    """The messages asserted below are the English ones."""
    client.set_cookie("lang", "en")
    app.config["SITE_LANGUAGE"] = "en"


# --- Resolving what was typed --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Пловдив", PLOVDIV),
        ("  пловдив ", PLOVDIV),
        ("гр. Пловдив", PLOVDIV),
        ("гр.Пловдив", PLOVDIV),
        ("град Пловдив", PLOVDIV),
        ("Plovdiv", PLOVDIV),
        ("Sofia", SOFIA),
        (VARNA, VARNA),  # the code still works
        ("Бяла, Русе", "07603"),  # the municipality or region after a comma
        ("с. Бяла", "07613"),  # the kind tells them apart
        ("гр. Бяла, Бяла municipality, Русе region (07603)", "07603"),  # what a suggestion puts in
        ("с. Елин Пелин", "18490"),
    ],
)
def test_a_settlement_is_resolved_by_name_kind_latin_letters_or_code(app, typed, code):
    """places.resolve_settlement takes what people type."""
    with app.test_request_context():
        assert places.resolve_settlement(typed).ekatte == code


@pytest.mark.parametrize(
    ("typed", "message", "candidates"),
    [
        ("Бяла", "Several settlements are called “Бяла”", BYALA),
        ("Byala", "Several settlements are called “Byala”", BYALA),
        ("Пловд", "No settlement is called “Пловд”. Did you mean", {PLOVDIV}),
        ("Ябълкоград", "No settlement is called “Ябълкоград”. Type its name", set()),
        ("99999", "There is no settlement with this EKATTE code.", set()),
        ("   ", "Type the settlement's name", set()),
        ("гр. Пловдив, Пловдив municipality (99999)", None, None),  # a wrong code: the name decides
    ],
)
def test_an_ambiguous_or_unknown_name_is_answered_with_the_candidates(app, typed, message, candidates):
    """Never a guess: several settlements, or none, is an error naming them with their municipality."""
    with app.test_request_context():
        if message is None:
            assert places.resolve_settlement(typed).ekatte == PLOVDIV
            return
        with pytest.raises(places.PlaceError) as refused:
            places.resolve_settlement(typed)
        assert str(refused.value.message).startswith(message)
        found = {p.ekatte for p in refused.value.candidates}
        assert found == candidates or (candidates <= found and "Did you mean" in message)
        if candidates == BYALA:
            assert "гр. Бяла, Бяла municipality, Русе region (07603)" in str(refused.value.message)


# --- The forms -----------------------------------------------------------------------------------


def _profile(client, application_id, settlement, htmx=False):
    data = {"version": "1", "centre_name": "ЦПО Пример", "centre_kind": "cpo", "settlement": settlement}
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(f"/applications/{application_id}/profile", data=data, headers=headers)


def _draft(app, client):
    register(client)
    applicant_login(client, app)
    with app.app_context():
        return LicensingApplication.get().id


def _seat(app):
    with app.app_context():
        return LicensingApplication.get().settlement_id


@pytest.mark.parametrize("typed", ["Пловдив", "гр. Пловдив", "Plovdiv", PLOVDIV])
def test_the_seat_is_saved_from_its_name(app, client, typed):
    """The profile's seat typed by name is saved as its code and shown by name again."""
    application_id = _draft(app, client)
    assert _profile(client, application_id, typed).status_code == 303
    assert _seat(app) == PLOVDIV
    page = client.get(f"/applications/{application_id}").text
    assert 'value="гр. Пловдив, Пловдив municipality, Пловдив region (56784)"' in page


def test_an_ambiguous_seat_offers_a_select_of_the_candidates_and_saves_nothing(app, client):
    """Without JavaScript the page comes back with a select of the settlements so named; choosing
    one saves it. With htmx (autosave) the message lists them."""
    application_id = _draft(app, client)
    refused = _profile(client, application_id, "Бяла")
    assert refused.status_code == 422 and _seat(app) is None
    select = re.search(r'<select id="settlement" name="settlement"([^>]*)>(.*?)</select>', refused.text, re.S)
    assert select, "the candidates are offered in a select"
    assert 'aria-invalid="true"' in select.group(1) and "settlement-error" in select.group(1)
    assert set(re.findall(r'<option value="(\d{5})"', select.group(2))) == BYALA
    assert "Русе region" in select.group(2)
    assert 'value="Бяла"' in select.group(2)  # left unchosen, the same question again
    autosaved = _profile(client, application_id, "Бяла", htmx=True)
    assert "Several settlements are called" in autosaved.text and "Сливен region (07613)" in autosaved.text
    assert _profile(client, application_id, "07613").status_code == 303
    assert _seat(app) == "07613"


def test_a_long_name_is_refused_with_a_message_never_cut(app, client):
    """maxlength is the server's limit, and longer text is refused, not truncated."""
    application_id = _draft(app, client)
    page = client.get(f"/applications/{application_id}").text
    field = re.search(r'<input[^>]*id="settlement"[^>]*>', page).group(0)
    assert f'maxlength="{places.MAX_TYPED}"' in field and 'list="settlement-options"' in field
    refused = _profile(client, application_id, "Пловдив" * 40)
    assert refused.status_code == 422 and "longer than 200 characters" in refused.text
    assert _seat(app) is None


def test_premises_take_a_settlement_by_name(app, client):
    """The training base's settlement by name; an unknown one is refused and nothing is added."""
    import io

    from register.licensing.models import Premises
    from tests.test_licensing import PDF

    application_id = _draft(app, client)

    def add(settlement):
        data = {
            "kind": "training_base",
            "settlement": settlement,
            "address": "бул. Витоша 1",
            "use": "both",
            "tenure": "owned",
            "document": (io.BytesIO(PDF), "акт.pdf"),
        }
        return client.post(
            f"/applications/{application_id}/premises", data=data, content_type="multipart/form-data"
        )

    refused = add("Ябълкоград")
    assert refused.status_code == 422 and "No settlement is called “Ябълкоград”" in refused.text
    assert 'aria-invalid="true"' in _tag(refused.text, "premises-settlement")
    assert "aria-invalid" not in _tag(refused.text, "settlement")  # the profile's seat is not blamed
    with app.app_context():
        assert Premises.select().count() == 0
    assert add("гр. Варна").status_code == 303
    with app.app_context():
        assert Premises.get().settlement_id == VARNA


def test_the_archive_school_settlement_by_name(app, client, login):
    """The РУО's designated school's settlement typed by name on the staff's archive form."""
    from tests.test_staff import archive_fields

    with app.app_context():
        number = make_licence(number="202000002", status=rules.TERMINATED).number
    login("napoo_officer")
    response = client.post(
        f"/staff/licences/{number}/archive", data=archive_fields(archive_school_settlement="Варна")
    )
    assert response.status_code == 303
    with app.app_context():
        assert Licence.by_number(number).archive.school_settlement_id == VARNA
    form = client.get(f"/staff/licences/{number}/archive").text
    assert "гр. Варна, Варна municipality, Варна region (10135)" in form


# --- The suggestions -----------------------------------------------------------------------------


def test_suggestions_page_and_options(client):
    """One URL: a page listing the matches with municipality, region and code; for htmx only the
    <option>s, from the field's own parameter."""
    page = client.get("/places/settlements?q=Плов")
    assert page.status_code == 200 and "<h1>" in page.text
    assert "гр. Пловдив" in page.text and "56784" in page.text and "Рудозем municipality" in page.text
    options = client.get("/places/settlements?settlement=plov", headers={"HX-Request": "true"})
    assert options.status_code == 200 and options.text.startswith("<option")
    values = re.findall(r'<option value="([^"]*)"', options.text)
    assert values[0] == "гр. Пловдив, Пловдив municipality, Пловдив region (56784)"
    assert 'label="Plovdiv · Пловдив"' in options.text
    archive = client.get(
        "/places/settlements?archive_school_settlement=Варна", headers={"HX-Request": "true"}
    )
    assert "(10135)" in archive.text
    assert client.get("/places/settlements?q=Ябълкоград").text.count("No settlement") == 1


@pytest.mark.parametrize(
    "typed",
    [
        "",
        " ",
        "\x00",
        "я" * 5000,
        "<script>x</script>",
        "%",
        "(",
        "(12345)",
        "гр.",
        "гр. ",
        "[a-z]*",
        "²",
        "\u202e",
    ],
)
def test_suggestions_never_fail_on_hostile_input(client, typed):
    """No 500, nothing echoed unescaped."""
    for headers in ({}, {"HX-Request": "true"}):
        response = client.get("/places/settlements", query_string={"q": typed}, headers=headers)
        assert response.status_code == 200
        assert "<script>x" not in response.text


# --- Errors and hints for screen readers -----------------------------------------------------------


def _tag(html, element_id):
    return re.search(rf'<(?:input|select|textarea)[^>]*\bid="{element_id}"[^>]*>', html).group(0)


def test_the_registration_form_marks_an_invalid_field_and_links_its_error_and_hint(client):
    """aria-invalid on the field with an error; aria-describedby names its error and its hint."""
    response = client.post(
        "/apply",
        data={"organisation_name": "Х ООД", "eik": "12", "representative": "Иван", "email": "a@example.com"},
    )
    assert response.status_code == 422
    eik = _tag(response.text, "eik")
    assert 'aria-invalid="true"' in eik and 'aria-describedby="eik-error eik-hint"' in eik
    assert 'id="eik-error"' in response.text and 'id="eik-hint"' in response.text
    email = _tag(response.text, "email")  # valid: its hint only
    assert "aria-invalid" not in email and 'aria-describedby="email-hint"' in email


def test_the_event_form_marks_an_invalid_field_and_links_its_error_and_hint(app, client, login):
    """The staff's event form: the missing order number is invalid; the months' hint is linked."""
    with app.app_context():
        number = make_licence(number="202000001").number
    login("napoo_officer")
    response = client.post(
        f"/staff/licences/{number}/events/new", data={"kind": "termination", "date": "2026-11-02"}
    )
    assert response.status_code == 422
    order = _tag(response.text, "order_number")
    assert 'aria-invalid="true"' in order and 'aria-describedby="order_number-error"' in order
    months = _tag(response.text, "months")
    assert "aria-invalid" not in months and 'aria-describedby="months-hint"' in months
    assert 'id="months-hint"' in response.text


def test_staff_home_marks_a_licence_number_not_found(app, client, login):
    """The hand-written look-up on /staff/ too."""
    login("napoo_officer")
    page = client.get("/staff/?number=999999999").text
    field = _tag(page, "number")
    assert 'aria-invalid="true"' in field and 'aria-describedby="number-error"' in field


# --- The address bar after a refused boosted POST ------------------------------------------------


def test_a_refused_boosted_post_keeps_the_address_bar(app, client):
    """HX-Push-Url: false on a boosted POST answered without a redirect; nothing otherwise."""
    application_id = _draft(app, client)
    boosted = {"HX-Request": "true", "HX-Boosted": "true"}
    refused = client.post(f"/applications/{application_id}/file", data={"version": "1"}, headers=boosted)
    assert refused.status_code == 422 and refused.headers["HX-Push-Url"] == "false"
    plain = client.post(f"/applications/{application_id}/file", data={"version": "1"})
    assert plain.status_code == 422 and "HX-Push-Url" not in plain.headers
    page = client.get(f"/applications/{application_id}", headers=boosted)
    assert "HX-Push-Url" not in page.headers
    saved = client.post(f"/applications/{application_id}/withdraw", data={"version": "1"}, headers=boosted)
    assert saved.status_code == 303 and "HX-Push-Url" not in saved.headers


# --- The labels ----------------------------------------------------------------------------------


def test_the_applicant_files_online_and_staff_record_a_paper_filing(app, client, login):
    """The applicant's step is named for what it is; the officer's stays a paper filing."""
    application_id = _draft(app, client)
    page = client.get(f"/applications/{application_id}").text
    step = re.search(r'<form[^>]*id="step-file".*?</form>', page, re.S).group(0)
    assert "File the signed application" in step and "paper filing" not in step
    assert 'aria-describedby="file-signed-hint"' in step
    client.post("/logout")
    login("napoo_officer")
    staff = client.get(f"/applications/{application_id}").text
    assert "Record a paper filing" in re.search(r'<form[^>]*id="step-file".*?</form>', staff, re.S).group(0)


@pytest.mark.parametrize("role", ["napoo_expert", "napoo_committee"])
def test_staff_home_says_who_records_events(client, login, role):
    """Experts and the committee read; officers and the chair record (register.views.EDITORS)."""
    login(role)
    page = client.get("/staff/").text
    assert "events are recorded only by NAPOO officers and the chair, not by experts" in page


def test_a_refused_verdict_marks_its_reasons(app, client, make_user):
    """The hand-written verdict form: reasons missing for a negative verdict are marked invalid."""
    from register.licensing import services
    from register.models import Speciality
    from tests.conftest import TEST_PASSWORD
    from tests.test_licensing import _regular_application_with

    with app.app_context():
        code = Speciality.select().order_by(Speciality.code).first().code
    application, officer = _regular_application_with(app, client, make_user, [code])
    expert = make_user("napoo_expert", "expert.forms@example.com")
    with app.app_context():
        services.assign_expert(LicensingApplication.get(), officer, code[:3], expert)
        services.send_experts_letter(LicensingApplication.get(), officer, 3, datetime.date.today())
    client.post("/logout")
    client.post("/login", data={"email": expert.email, "password": TEST_PASSWORD})
    response = client.post(
        f"/applications/{application.id}/verdicts/{code}", data={"positive": "no", "reasons": " "}
    )
    assert response.status_code == 422
    reasons = _tag(response.text, f"reasons-{code}")
    assert 'aria-invalid="true"' in reasons and f'aria-describedby="verdict-{code}-error"' in reasons
    assert f'id="verdict-{code}-error"' in response.text
