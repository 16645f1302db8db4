"""Staff record licence events; the public register reflects them at once."""

import pytest

from portal.audit import AuditEntry
from register import rules
from register.models import ArchiveDesignation, Licence, LicenceEvent
from tests.factories import VARNA, make_licence

URL = "/staff/licences/{}/events/new"


@pytest.fixture
def active(app):
    """An active licence."""
    with app.app_context():
        return make_licence(number="202000001", name="ЦПО „Омега“").number


def archive_fields(**changes):
    """A complete archive designation as the form posts it."""
    data = {
        "archive_order_number": "РД-01-300",
        "archive_order_date": "2026-11-10",
        "archive_school_name": "Професионална гимназия по туризъм „Проба“",
        "archive_school_settlement": VARNA,
        "archive_school_address": "бул. „Тестов“ 5",
        "archive_school_contacts": "тел. 052 222 222",
        "archive_handover_deadline": "2027-01-31",
        "archive_location_text": "Архивът се съхранява в ПГТ „Проба“, Варна.",
    }
    data.update(changes)
    return data


def test_final_revocation_with_archive_shows_on_public_page(app, client, login, active):
    """Record a final revocation with the РУО designation: the public page shows the archive box."""
    user = login("napoo_officer")
    data = {
        "kind": "final_revocation",
        "date": "2026-11-02",
        "order_number": "Л-900",
        "reason": "Неизпълнение на задължения",
        **archive_fields(),
    }
    response = client.post(URL.format(active), data=data)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/licences/{active}"
    page = client.get(f"/licences/{active}").text
    assert 'class="archive-box"' in page
    assert "Професионална гимназия по туризъм „Проба“" in page
    assert "Неизпълнение на задължения" in page
    with app.app_context():
        licence = Licence.by_number(active)
        assert licence.status == rules.REVOKED
        assert licence.archive.retention_until.isoformat() == "2077-01-31"
        entry = AuditEntry.get(AuditEntry.action == "licence.final_revocation")
        assert entry.user_id == user.id
        assert '"status": "active"' in entry.before and '"status": "revoked"' in entry.after
    revoked = client.get("/licences/revoked").text
    assert active in revoked


def test_temporary_revocation_sets_end_date(app, client, login, active):
    """A 4-month temporary revocation ends the day before the same date four months on."""
    login("napoo_chair")
    data = {
        "kind": "temporary_revocation",
        "date": "2026-11-02",
        "order_number": "Л-901",
        "months": "4",
    }
    assert client.post(URL.format(active), data=data).status_code == 303
    with app.app_context():
        licence = Licence.by_number(active)
        assert licence.status == rules.TEMPORARILY_REVOKED
        assert licence.revoked_until.isoformat() == "2027-03-01"
    restore = {"kind": "restoration", "date": "2027-03-02", "order_number": "Л-950"}
    assert client.post(URL.format(active), data=restore).status_code == 303
    with app.app_context():
        licence = Licence.by_number(active)
        assert licence.status == rules.ACTIVE and licence.revoked_until is None


def test_temporary_revocation_needs_a_period(app, client, login, active):
    """Without 3, 4 or 6 months the form comes back with the error, keeping the input."""
    login("napoo_officer")
    data = {
        "kind": "temporary_revocation",
        "date": "2026-11-02",
        "order_number": "Л-902",
        "reason": "Причина, която не се губи",
    }
    response = client.post(URL.format(active), data=data)
    assert response.status_code == 422
    assert "3, 4 or 6" in response.text or "3, 4 или 6" in response.text
    assert "Причина, която не се губи" in response.text
    assert 'value="Л-902"' in response.text
    with app.app_context():
        assert LicenceEvent.select().count() == 1  # only the first licensing
        assert Licence.by_number(active).status == rules.ACTIVE


def test_htmx_validation_error_returns_the_form_fragment(client, login, active):
    """An htmx POST with errors gets the form block back with 422, which htmx swaps (one policy)."""
    login("napoo_officer")
    response = client.post(
        URL.format(active),
        data={"kind": "final_revocation", "date": ""},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    assert response.text.lstrip().startswith('<form id="event-form"')
    assert 'aria-invalid="true"' in response.text


def test_htmx_success_redirects_with_header(client, login, active):
    """An htmx POST that succeeds tells htmx to load the public page."""
    login("napoo_officer")
    data = {"kind": "termination", "date": "2026-11-02", "order_number": "Л-903"}
    response = client.post(URL.format(active), data=data, headers={"HX-Request": "true"})
    assert response.headers["HX-Redirect"] == f"/licences/{active}"


def test_double_submit_records_once(app, client, login, active):
    """The second identical revocation is refused: the status no longer allows it."""
    login("napoo_officer")
    data = {"kind": "final_revocation", "date": "2026-11-02", "order_number": "Л-904"}
    assert client.post(URL.format(active), data=data).status_code == 303
    second = client.post(URL.format(active), data=data)
    assert second.status_code == 422
    with app.app_context():
        kinds = [e.kind for e in Licence.by_number(active).history()]
        assert kinds.count("final_revocation") == 1


def test_incomplete_archive_writes_nothing(app, client, login, active):
    """A revocation with half an archive designation is refused whole: no event, no status change."""
    login("napoo_officer")
    data = {
        "kind": "final_revocation",
        "date": "2026-11-02",
        "order_number": "Л-905",
        **archive_fields(archive_school_name="", archive_school_settlement="00000"),
    }
    response = client.post(URL.format(active), data=data)
    assert response.status_code == 422
    with app.app_context():
        assert Licence.by_number(active).status == rules.ACTIVE
        assert LicenceEvent.select().count() == 1
        assert ArchiveDesignation.select().count() == 0


def test_date_before_licence_is_refused(client, login, active):
    """An event cannot predate the licence."""
    login("napoo_officer")
    data = {"kind": "termination", "date": "2001-01-01", "order_number": "Л-906"}
    assert client.post(URL.format(active), data=data).status_code == 422


def test_archive_added_later(app, client, login):
    """The РУО order often comes after the revocation: it is recorded on its own page."""
    with app.app_context():
        number = make_licence(number="202000002", status=rules.TERMINATED).number
    login("napoo_officer")
    text = client.get(f"/licences/{number}").text
    assert "not yet designated" in text or "все още не е определило" in text
    response = client.post(f"/staff/licences/{number}/archive", data=archive_fields())
    assert response.status_code == 303
    assert "Професионална гимназия по туризъм „Проба“" in client.get(f"/licences/{number}").text
    again = client.post(
        f"/staff/licences/{number}/archive",
        data=archive_fields(archive_school_name="ПГ по икономика"),
    )
    assert again.status_code == 303
    with app.app_context():
        assert ArchiveDesignation.select().count() == 1
        assert AuditEntry.select().where(AuditEntry.action == "licence.archive").count() == 2


def test_archive_refused_for_active_licence(client, login, active):
    """An active licence has no archive designation."""
    login("napoo_officer")
    response = client.post(f"/staff/licences/{active}/archive", data=archive_fields())
    assert response.status_code == 422


def test_staff_home_finds_a_licence(client, login, active):
    """Officers jump from a licence number to its event form; an unknown number says so."""
    login("napoo_officer")
    assert client.get(f"/staff/?number={active}").headers["Location"] == URL.format(active)
    assert (
        "No licence has that number" in client.get("/staff/?number=1").text
        or "Няма лиценз" in client.get("/staff/?number=1").text
    )


def test_unknown_licence_on_staff_form_is_404(client, login):
    """No such licence."""
    login("napoo_officer")
    assert client.get(URL.format("404404")).status_code == 404
