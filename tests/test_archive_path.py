"""The archive's whole path (001 art. 28(1) and art. 30): the chair's notice to the РУО of the
centre's seat, the РУО's order designating a school of its region, the handover; the public pages
show the stage, a deleted licence keeps its archive, and staff see what is awaited."""

import datetime

import pytest

from register import rules
from register.models import ArchiveDesignation, ArchiveNotice, Licence, LicenceEvent
from tests.factories import PLOVDIV, SOFIA, VARNA, make_licence

CLOSED = "201900002"
BASE = f"/staff/licences/{CLOSED}/archive"


@pytest.fixture(autouse=True)
def english(app):
    """The assertions read the wording, in English (the site's default language is Bulgarian; the
    lead translates the new messages after the merge)."""
    app.config["SITE_LANGUAGE"] = "en"


@pytest.fixture
def closed(app):
    """A finally revoked licence of a centre seated in Plovdiv, with no archive step recorded."""
    with app.app_context():
        return make_licence(number=CLOSED, status=rules.REVOKED, settlement=PLOVDIV, status_date="2026-11-02")


def designation(**changes):
    """The РУО's order as the archive form posts it: a school in the Plovdiv region."""
    data = {
        "archive_order_number": "РД-09-12",
        "archive_order_date": "2026-11-20",
        "archive_school_name": "Професионална гимназия „Измислена“",
        "archive_school_settlement": PLOVDIV,
        "archive_handover_deadline": "2027-01-31",
    }
    data.update(changes)
    return data


def test_notice_goes_to_the_ruo_of_the_seat_and_shows_as_pending(app, client, login, closed):
    """001 art. 28(1): the notice names the РУО of the centre's region; the public page and the
    closed list say "notice sent to РУО Пловдив on …, designation pending"."""
    login("napoo_officer")
    response = client.post(f"{BASE}/notice", data={"number": "07-00-1", "date": "2026-11-03"})
    assert response.status_code == 303
    with app.app_context():
        notice = ArchiveNotice.get(ArchiveNotice.licence == Licence.by_number(CLOSED))
        assert (notice.number, notice.date, notice.region_id) == (
            "07-00-1",
            datetime.date(2026, 11, 3),
            "PDV",
        )
    page = client.get(f"/licences/{CLOSED}").text
    assert "Notice sent to РУО Пловдив on" in page and "designation pending" in page
    assert "designation pending" in client.get("/licences/revoked").text
    row = client.get("/licences/revoked.json").json["rows"][0]
    assert (row["archive_stage"], row["archive_notice_ruo"], row["archive_notice_date"]) == (
        "notified",
        "Пловдив",
        "2026-11-03",
    )
    pdf = client.get(f"{BASE}/notice.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")


def test_notice_letter_is_for_editors_only(app, client, login, closed):
    """The letter is an internal document: an expert is refused it, and no notice means 404."""
    login("napoo_officer")
    assert client.get(f"{BASE}/notice.pdf").status_code == 404
    client.post(f"{BASE}/notice", data={"number": "07-00-1", "date": "2026-11-03"})
    client.post("/logout")
    login("napoo_expert")
    assert client.get(f"{BASE}/notice.pdf").status_code == 403


@pytest.mark.parametrize(
    ("data", "field_text"),
    [
        ({"number": "", "date": "2026-11-03"}, "This field is required."),
        ({"number": "07-00-1", "date": "2026-10-01"}, "before the licence closed"),
        ({"number": "07-00-1", "date": "not a date"}, "This field is required."),
    ],
)
def test_bad_notice_is_refused_and_nothing_lost(app, client, login, closed, data, field_text):
    """A missing number, a date before the closure or no date: 422 with the reason, the typed values
    kept, no notice saved."""
    login("napoo_officer")
    response = client.post(f"{BASE}/notice", data=data)
    assert response.status_code == 422
    assert field_text in response.text
    if data["number"]:
        assert f'value="{data["number"]}"' in response.text
    with app.app_context():
        assert ArchiveNotice.select().count() == 0


def test_notice_refused_on_a_licence_in_force(app, client, login):
    """No notice for a licence that is not closed (the service refuses it)."""
    with app.app_context():
        make_licence(number="201900001")
    login("napoo_officer")
    response = client.post(
        "/staff/licences/201900001/archive/notice", data={"number": "07-00-1", "date": "2026-11-03"}
    )
    assert response.status_code == 422
    with app.app_context():
        assert ArchiveNotice.select().count() == 0


def test_school_outside_the_region_refused_without_a_reason(app, client, login, closed):
    """001 art. 28(1): "професионална гимназия на територията на съответното РУО": a Varna school for a
    Plovdiv centre is refused with a clear message, the form keeps what was typed, nothing saved."""
    login("napoo_officer")
    response = client.post(BASE, data=designation(archive_school_settlement=VARNA))
    assert response.status_code == 422
    assert "outside the region of the РУО" in response.text
    assert "Професионална гимназия „Измислена“" in response.text
    with app.app_context():
        assert ArchiveDesignation.select().count() == 0


def test_school_outside_the_region_accepted_with_a_reason(app, client, login, closed):
    """The same school with a recorded reason is saved, reason and all."""
    login("napoo_officer")
    reason = "Няма професионална гимназия с подходящо хранилище в областта."
    response = client.post(
        BASE, data=designation(archive_school_settlement=SOFIA, archive_outside_region_reason=reason)
    )
    assert response.status_code == 303
    with app.app_context():
        saved = ArchiveDesignation.get()
        assert saved.school_settlement_id == SOFIA and saved.outside_region_reason == reason


def test_school_outside_the_region_refused_on_the_event_form(app, client, login):
    """The final revocation's form carries the same check: nothing is recorded, not even the event."""
    with app.app_context():
        make_licence(number="201900001", settlement=PLOVDIV)
    login("napoo_officer")
    data = {"kind": "final_revocation", "date": "2026-11-02", "order_number": "Л-9", **designation()}
    data["archive_school_settlement"] = VARNA
    response = client.post("/staff/licences/201900001/events/new", data=data)
    assert response.status_code == 422 and "outside the region of the РУО" in response.text
    with app.app_context():
        assert Licence.by_number("201900001").status == rules.ACTIVE
        assert LicenceEvent.select().where(LicenceEvent.kind == rules.FINAL_REVOCATION).count() == 0


def test_handover_needs_the_order_first_then_shows(app, client, login, closed):
    """The handover is refused before the РУО's order and before its date; then the page says "handed
    over on …" and "for 50 years (001 art. 28(1))", never a "kept until" date."""
    login("napoo_officer")
    response = client.post(f"{BASE}/handover", data={"date": "2027-01-15"})
    assert response.status_code == 422
    client.post(BASE, data=designation())
    page = client.get(f"/licences/{CLOSED}").text
    assert "Професионална гимназия „Измислена“" in page and "the handover is not yet recorded" in page
    response = client.post(f"{BASE}/handover", data={"date": "2026-11-01"})
    assert response.status_code == 422 and "before the РУО&#39;s order" in response.text
    with app.app_context():
        assert ArchiveDesignation.get().handed_over_on is None
    assert client.post(f"{BASE}/handover", data={"date": "2026-11-25"}).status_code == 303
    with app.app_context():
        assert ArchiveDesignation.get().handed_over_on == datetime.date(2026, 11, 25)
    page = client.get(f"/licences/{CLOSED}").text
    assert "Handed over to the school on" in page
    assert "for 50 years (001 art. 28(1))" in page
    assert "Kept until" not in page and "2076" not in page and "2077" not in page


def test_deleted_licence_keeps_its_archive(app, client, login):
    """001 art. 30: deleting a closed licence from the register keeps where its archive is: the
    centre's page still has the archive box and /licences/revoked still lists it."""
    with app.app_context():
        make_licence(number=CLOSED, status=rules.REVOKED, archive=True)
    login("napoo_officer")
    response = client.post(
        f"/staff/licences/{CLOSED}/events/new",
        data={"kind": "deletion", "date": "2026-11-10", "order_number": "Л-77"},
    )
    assert response.status_code == 303
    with app.app_context():
        assert Licence.by_number(CLOSED).status == rules.DELETED
    page = client.get(f"/licences/{CLOSED}").text
    assert 'class="archive-box"' in page and "Професионална гимназия по икономика „Тест“" in page
    listing = client.get("/licences/revoked").text
    assert CLOSED in listing and "Професионална гимназия по икономика „Тест“" in listing
    rows = client.get("/licences/revoked.json").json["rows"]
    assert [r["licence_number"] for r in rows] == [CLOSED]


def test_awaited_archives_oldest_first(app, client, login):
    """NAPOO's follow-up list: closed licences with no designation, or a handover past its deadline
    and not recorded, the oldest closure first; a handed-over one and a licence in force are not in it."""
    with app.app_context():
        make_licence(number="201900010", status=rules.TERMINATED, status_date="2024-03-01")
        make_licence(number="201900011", status=rules.REVOKED, status_date="2019-06-01", archive=True)
        make_licence(number="201900012", status=rules.REVOKED, status_date="2021-01-01", archive=True)
        make_licence(number="201900013")
        ArchiveDesignation.update(handed_over_on=datetime.date(2020, 9, 1)).where(
            ArchiveDesignation.licence == Licence.by_number("201900012")
        ).execute()
    login("napoo_officer")
    page = client.get("/staff/archives").text
    assert page.index("201900011") < page.index("201900010")
    assert "201900012" not in page and "201900013" not in page
    assert "Designation missing" in page and "Handover overdue since" in page
    with app.app_context():
        numbers = [licence.number for licence, _, _ in ArchiveNotice.awaiting(datetime.date(2026, 11, 30))]
        assert numbers == ["201900011", "201900010"]
        # Before 201900011's handover deadline (2020-08-31) only the undesignated one is awaited.
        assert [lic.number for lic, _, _ in ArchiveNotice.awaiting(datetime.date(2020, 8, 31))] == [
            "201900010"
        ]
