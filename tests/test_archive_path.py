"""The archive's whole path (001 art. 28(1) and art. 30): the chair's notice to the РУО of the
centre's seat, the РУО's order designating a school of its region, the handover and its protocol
file; the public pages show the stage, a deleted licence keeps its archive, and staff see what is
awaited."""

import datetime
import hashlib
import io
import os

import pytest

from register import rules
from register.models import (
    ArchiveDesignation,
    ArchiveNotice,
    HandoverProtocol,
    Licence,
    LicenceEvent,
)
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


# --- The handover's protocol file (001 art. 28(1): "срокът за нейното предаване") ---------------

PROTOCOL = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PROTOCOL_NAME = "Протокол за предаване.pdf"


@pytest.fixture
def designated(app):
    """A finally revoked licence whose archive the РУО's order of 2020-06-01 designated."""
    with app.app_context():
        return make_licence(number=CLOSED, status=rules.REVOKED, archive=True)


def hand_over(client, date="2020-08-20", content=PROTOCOL, name=PROTOCOL_NAME, headers=None):
    """Post the handover form as a browser does, with a protocol file (None: no file chosen)."""
    data = {"date": date, "protocol": (io.BytesIO(content or b""), name if content is not None else "")}
    return client.post(
        f"{BASE}/handover", data=data, content_type="multipart/form-data", headers=headers or {}
    )


def fetch(client, url):
    """GET a file, read, and close the response (send_file keeps the file open until then)."""
    response = client.get(url)
    response.get_data()
    response.close()
    return response


def stored_files(app):
    """The names of the files in the upload folder."""
    folder = app.config["UPLOAD_DIR"]
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def test_protocol_uploaded_with_the_handover_downloads_the_same_bytes(app, client, login, designated):
    """The protocol is kept with the handover in one step; the editors download exactly what was
    uploaded, as an attachment under its original (Cyrillic) name; the staff page names it."""
    login("napoo_officer")
    assert hand_over(client).status_code == 303
    with app.app_context():
        protocol = HandoverProtocol.get()
        assert ArchiveDesignation.get().handed_over_on == datetime.date(2020, 8, 20)
        assert (protocol.original_name, protocol.size, protocol.sha256, protocol.content_type) == (
            PROTOCOL_NAME,
            len(PROTOCOL),
            hashlib.sha256(PROTOCOL).hexdigest(),
            "application/pdf",
        )
        assert protocol.handed_over_on == datetime.date(2020, 8, 20)
    assert stored_files(app) == [protocol.stored_name]
    url = f"{BASE}/protocols/{protocol.id}"
    download = fetch(client, url)
    assert download.status_code == 200 and download.data == PROTOCOL
    assert download.mimetype == "application/pdf"
    disposition = download.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''%D0%9F%D1%80%D0%BE%D1%82%D0%BE%D0%BA%D0%BE%D0%BB" in disposition
    assert "no-store" in download.headers["Cache-Control"]
    staff_page = client.get(f"{BASE}/handover").text
    assert "Protocol on file:" in staff_page and PROTOCOL_NAME in staff_page and url in staff_page
    assert "0.1 KiB" in staff_page
    editor_view = client.get(f"/licences/{CLOSED}").text
    assert url in editor_view and PROTOCOL_NAME in editor_view


def test_public_page_says_only_that_a_protocol_is_on_file(app, client, login, designated):
    """The public centre page says "handover protocol on file": no link, no file name."""
    login("napoo_officer")
    assert hand_over(client).status_code == 303
    client.post("/logout")
    page = client.get(f"/licences/{CLOSED}").text
    assert "handover protocol on file" in page
    assert PROTOCOL_NAME not in page and "/protocols/" not in page and "Protocol on file" not in page


@pytest.mark.parametrize(
    ("role", "status"),
    [(None, 302), ("napoo_expert", 403), ("napoo_committee", 403), ("applicant", 403), ("board", 403)],
)
def test_protocol_refused_to_the_public_and_non_editors(app, client, login, designated, role, status):
    """Only NAPOO's officers and chair (and the admin) read the protocol: anonymous visitors are
    sent to log in, every other role refused, as the notice letter is."""
    login("napoo_officer")
    hand_over(client)
    with app.app_context():
        url = f"{BASE}/protocols/{HandoverProtocol.get().id}"
    client.post("/logout")
    if role:
        login(role)
    response = fetch(client, url)
    assert response.status_code == status
    assert PROTOCOL not in response.data


def test_protocol_of_another_licence_is_not_found(app, client, login, designated):
    """A protocol id is read only under its own licence's number."""
    with app.app_context():
        make_licence(number="201900003", status=rules.REVOKED, archive=True)
    login("napoo_officer")
    hand_over(client)
    with app.app_context():
        protocol_id = HandoverProtocol.get().id
    assert client.get(f"/staff/licences/201900003/archive/protocols/{protocol_id}").status_code == 404
    assert client.get(f"{BASE}/protocols/{protocol_id + 1}").status_code == 404


@pytest.mark.parametrize(
    ("date", "content", "name", "message"),
    [
        ("2020-08-20", b"just some text, not a protocol", "protocol.pdf", "not of an accepted type"),
        ("2020-08-20", b"MZ\x90\x00" + b"\x00" * 60, "protocol.exe", "not of an accepted type"),
        ("2020-08-20", PROTOCOL + b" " * 3000, "big.pdf", "larger than"),
        # A good file with a date the rule refuses: the file stored first is removed again.
        ("2020-05-01", PROTOCOL, PROTOCOL_NAME, "before the РУО&#39;s order"),
    ],
)
def test_refused_protocol_writes_nothing(app, client, login, designated, date, content, name, message):
    """A file of the wrong type or too large is the field's error, and a refused handover drops a
    good file: 422, the date typed kept, no handover date saved, no row, no file on disk."""
    app.config["UPLOAD_MAX_BYTES"] = 2048
    login("napoo_officer")
    response = hand_over(client, date=date, content=content, name=name)
    assert response.status_code == 422
    assert message in response.text
    assert f'value="{date}"' in response.text
    with app.app_context():
        assert ArchiveDesignation.get().handed_over_on is None
        assert HandoverProtocol.select().count() == 0
    assert stored_files(app) == []


def test_refused_protocol_over_htmx_swaps_the_form_with_the_error(app, client, login, designated):
    """Over htmx the same refusal is the form's fragment (422, which htmx is configured to swap)."""
    login("napoo_officer")
    response = hand_over(client, content=b"plain text", name="a.pdf", headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert response.text.lstrip().startswith('<form id="step-form"')
    assert 'id="protocol-error"' in response.text and "not of an accepted type" in response.text
    with app.app_context():
        assert HandoverProtocol.select().count() == 0 and ArchiveDesignation.get().handed_over_on is None


@pytest.mark.parametrize("multipart", [True, False])
def test_handover_without_a_protocol_still_works(app, client, login, designated, multipart):
    """The protocol is optional: an empty file input (a browser's multipart post) or none at all
    records the date alone, and no page claims a protocol."""
    login("napoo_officer")
    if multipart:
        response = hand_over(client, content=None)
    else:
        response = client.post(f"{BASE}/handover", data={"date": "2020-08-20"})
    assert response.status_code == 303
    with app.app_context():
        assert ArchiveDesignation.get().handed_over_on == datetime.date(2020, 8, 20)
        assert HandoverProtocol.select().count() == 0
    assert stored_files(app) == []
    assert "protocol on file" not in client.get(f"/licences/{CLOSED}").text
    assert "Protocol on file" not in client.get(f"{BASE}/handover").text


def test_a_new_protocol_keeps_the_earlier_one(app, client, login, designated):
    """Replacing keeps history: the newest upload is the protocol on file, the earlier one is
    listed and still downloads its own bytes; a later handover without a file keeps both."""
    login("napoo_officer")
    first = PROTOCOL.replace(b"1.4", b"1.5")
    assert hand_over(client, content=first, name="scan-1.pdf").status_code == 303
    assert hand_over(client, date="2020-08-21", name="scan-2.pdf").status_code == 303
    assert hand_over(client, date="2020-08-22", content=None).status_code == 303
    with app.app_context():
        older, newer = HandoverProtocol.select().order_by(HandoverProtocol.id)
        assert (older.original_name, newer.original_name) == ("scan-1.pdf", "scan-2.pdf")
        assert Licence.by_number(CLOSED).handover_protocols()[0].id == newer.id
        assert ArchiveDesignation.get().handed_over_on == datetime.date(2020, 8, 22)
    assert len(stored_files(app)) == 2
    page = client.get(f"{BASE}/handover").text
    assert page.index("Protocol on file:") < page.index("scan-2.pdf") < page.index("Earlier uploads:")
    assert page.index("Earlier uploads:") < page.index("scan-1.pdf")
    assert fetch(client, f"{BASE}/protocols/{older.id}").data == first
    assert fetch(client, f"{BASE}/protocols/{newer.id}").data == PROTOCOL


def test_protocol_lost_from_the_disk_is_not_found(app, client, login, designated):
    """A protocol whose file is gone from the upload folder answers 404, never a 500."""
    login("napoo_officer")
    hand_over(client)
    with app.app_context():
        protocol = HandoverProtocol.get()
    os.remove(os.path.join(app.config["UPLOAD_DIR"], protocol.stored_name))
    assert client.get(f"{BASE}/protocols/{protocol.id}").status_code == 404
