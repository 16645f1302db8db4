"""A centre's factory-numbered blanks (issue 16 part 1, 001 arts. 24-27): protocols received and
handed over, blanks spoiled and destroyed, the yearly report, NAPOO's overview; the services at their
edges, the views (full page and htmx), who may read and write."""

import datetime
import io

import pytest

from register.blanks import report, rules, services
from register.blanks.models import (
    APPROVED,
    GIVEN,
    RECEIVED,
    BlankProtocol,
    BlankReport,
    BlankRequest,
    DestructionProtocol,
    states_of,
)
from register.documents import services as document_services
from register.documents.models import REGISTERED, BlankBatch, CentreAccount
from register.documents.workflow import DocumentError
from tests.document_factories import make_course, make_document, make_participant
from tests.factories import make_licence

D = datetime.date
TODAY = D(2026, 3, 10)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


# These tests read the English wording (the Bulgarian is the site's default).
pytestmark = pytest.mark.usefixtures("english")


def stored(app):
    """What portal.uploads.store keeps of a scan (a tiny PDF)."""
    from werkzeug.datastructures import FileStorage

    from portal import uploads

    return [uploads.store(FileStorage(io.BytesIO(PDF), filename="protocol.pdf"))]


def received(first=1000, last=1099, **changes):
    values = {
        "direction": RECEIVED,
        "number": "ПП-1",
        "drawn_up_on": D(2026, 3, 2),
        "other_party": "Печатница ЕАД",
        "kind": "qualification",
        "series": "А-25",
        "first_number": first,
        "last_number": last,
    }
    values.update(changes)
    return values


@pytest.fixture
def centre(app, make_user):
    """A centre, a user who acts for it, and a second centre with its own user."""
    with app.app_context():
        licence = make_licence(number="201900001")
        other = make_licence(number="201900002")
        user = make_user("centre")
        other_user = make_user("centre", email="other@example.test")
        CentreAccount.create(user=user.id, centre=licence.centre_id)
        CentreAccount.create(user=other_user.id, centre=other.centre_id)
    return {
        "id": licence.centre_id,
        "user": user,
        "licence": licence,
        "other": other.centre_id,
        "other_user": other_user,
    }


# --- Protocols (001 art. 25) ---------------------------------------------------------------------


def test_a_received_protocol_becomes_the_centres_range_and_is_entered_with_its_scan(app, centre):
    with app.test_request_context():
        protocol = services.enter_protocol(centre["user"], centre["id"], received(), stored(app), TODAY)
        batch = BlankBatch.get(BlankBatch.protocol == protocol.id)
        assert (batch.series, batch.first_number, batch.last_number) == ("А-25", 1000, 1099)
        assert protocol.entered_on == TODAY and protocol.scans.count() == 1


def test_a_protocol_without_its_scan_waits_for_it_then_is_entered(app, centre):
    with app.test_request_context():
        protocol = services.enter_protocol(centre["user"], centre["id"], received(), [], TODAY)
        assert protocol.entered_on is None
        assert [p.id for p in BlankProtocol.not_entered(centre["id"])] == [protocol.id]
        with pytest.raises(DocumentError):
            services.attach_scan(centre["user"], protocol, [], TODAY)
        services.attach_scan(centre["user"], protocol, stored(app), TODAY)
        assert BlankProtocol.get_by_id(protocol.id).entered_on == TODAY


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"drawn_up_on": TODAY + datetime.timedelta(days=1)}, "drawn_up_on"),
        ({"other_party": ""}, "other_party"),
        ({"number": " "}, "number"),
        ({"kind": "training"}, "kind"),
        ({"last_number": 999}, "last_number"),
        ({"direction": "lost"}, "direction"),
    ],
)
def test_a_protocol_is_refused_with_the_field_at_fault_and_nothing_written(app, centre, changes, field):
    with app.test_request_context():
        with pytest.raises(DocumentError) as refused:
            services.enter_protocol(centre["user"], centre["id"], received(**changes), [], TODAY)
        assert refused.value.field == field
        assert BlankProtocol.select().count() == 0 and BlankBatch.select().count() == 0


def test_an_overlapping_range_is_refused_and_the_protocol_rolled_back(app, centre):
    with app.test_request_context():
        services.enter_protocol(centre["user"], centre["id"], received(), [], TODAY)
        with pytest.raises(DocumentError, match="registered already"):
            services.enter_protocol(
                centre["user"], centre["id"], received(1099, 1200, number="ПП-2"), [], TODAY
            )
        assert BlankProtocol.select().count() == 1


def test_only_the_centre_enters_its_protocols(app, centre):
    with app.test_request_context():
        with pytest.raises(DocumentError):
            services.enter_protocol(centre["other_user"], centre["id"], received(), [], TODAY)


def test_a_handover_between_centres_is_entered_by_both(app, centre):
    """001 art. 25(6) т. 2: the giver's row leaves its blanks; the receiver enters its side."""
    with app.test_request_context():
        services.enter_protocol(centre["user"], centre["id"], received(), [], TODAY)
        given = services.enter_protocol(
            centre["user"],
            centre["id"],
            received(1050, 1059, direction=GIVEN, number="ПП-7", other_licence="201900002"),
            [],
            TODAY,
        )
        assert list(BlankProtocol.awaiting_receiver(centre["other"])) == [given]
        states = states_of(centre["id"], "qualification", "А-25", 1049, 1060)
        assert states[1049] == states[1060] == rules.UNUSED and states[1050] == rules.HANDED_OVER
        with pytest.raises(DocumentError, match="not on the other centre's protocol"):
            services.enter_protocol(
                centre["other_user"], centre["other"], received(1050, 1060, counterpart=given), [], TODAY
            )
        with pytest.raises(DocumentError) as refused:
            services.enter_protocol(
                centre["other_user"],
                centre["other"],
                received(1050, 1059, counterpart=given, drawn_up_on=D(2026, 3, 3)),
                [],
                TODAY,
            )
        assert refused.value.field == "drawn_up_on"
        assert given.other_side() is None
        mine = services.enter_protocol(
            centre["other_user"], centre["other"], received(1050, 1059, counterpart=given), stored(app), TODAY
        )
        assert mine.counterpart_id == given.id and mine.other_centre_id == centre["id"]
        assert given.other_side() == mine and mine.other_side() == given
        assert not rules.handover_entered_by_both(given.entered_on, mine.entered_on)  # the giver's scan
        assert list(BlankProtocol.awaiting_receiver(centre["other"])) == []
        assert states_of(centre["other"], "qualification", "А-25", 1050, 1050)[1050] == rules.UNUSED


def test_handing_over_blanks_the_centre_does_not_hold_is_refused(app, centre):
    with app.test_request_context():
        services.enter_protocol(centre["user"], centre["id"], received(), [], TODAY)
        with pytest.raises(DocumentError, match="not the centre's unused blanks: 1100"):
            services.enter_protocol(
                centre["user"],
                centre["id"],
                received(1090, 1100, direction=GIVEN, other_licence="201900002"),
                [],
                TODAY,
            )


# --- The state of each blank; spoiled, destroyed (001 art. 27) ------------------------------------


@pytest.fixture
def world(app, centre):
    """The centre with a range 1000-1099 and a document of a person on blank 1000."""
    with app.test_request_context():
        services.enter_protocol(centre["user"], centre["id"], received(drawn_up_on=D(2025, 3, 2)), [], TODAY)
        person = make_participant(make_course(centre["licence"]))
        document = make_document(person, state=REGISTERED, registered_on=D(2025, 6, 1), registered_year=2025)
    return {**centre, "person": person, "document": document}


def test_a_blank_is_used_spoiled_or_unused(app, world):
    with app.test_request_context():
        services.mark_blanks(
            world["user"], world["id"], {**received(1001, 1002), "state": rules.SPOILED}, TODAY
        )
        states = states_of(world["id"], "qualification", "А-25", 999, 1003)
        assert [states[n] for n in (1000, 1001, 1002, 1003)] == [
            rules.USED,
            rules.SPOILED,
            rules.SPOILED,
            rules.UNUSED,
        ]
        assert services.number_state(world["id"], "qualification", "a-25", 1001)[1:] == (rules.SPOILED, None)
        assert services.number_state(world["id"], "qualification", "А-25", 1000)[1:] == (
            rules.USED,
            world["document"],
        )
        assert services.number_state(world["id"], "qualification", "А-25", 5000) == (None, None, None)


def test_a_used_blank_cannot_be_marked_spoiled(app, world):
    with app.test_request_context():
        with pytest.raises(DocumentError, match="1000"):
            services.mark_blanks(
                world["user"], world["id"], {**received(1000, 1000), "state": rules.SPOILED}, TODAY
            )


def destruction(numbers="1001, 1005-1006", **changes):
    values = {
        "number": "УП-1",
        "destroyed_on": D(2026, 3, 1),
        "committee": "Председател и двама членове",
        "kind": "qualification",
        "series": "А-25",
        "numbers": numbers,
    }
    values.update(changes)
    return values


def test_destroyed_numbers_never_carry_a_document(app, world):
    """001 art. 27(3): a destroyed number is refused on a new document and fails NAPOO's check."""
    with app.test_request_context():
        protocol = services.enter_destruction(world["user"], world["id"], destruction(), stored(app), TODAY)
        assert protocol.entered_on == TODAY and sum(m.count for m in protocol.marks) == 3
        assert states_of(world["id"], "qualification", "А-25", 1005, 1005)[1005] == rules.DESTROYED
        with pytest.raises(DocumentError, match="destroyed") as refused:
            document_services.enter_document(world["user"], world["person"], "qualification", "А-25", "1005")
        assert refused.value.field == "factory_number"
        assert document_services.enter_document(
            world["user"], world["person"], "qualification", "А-25", "1007"
        )

        from register.documents.checking import _blank_result

        document = make_document(world["person"], factory_number="1006")
        met, text = _blank_result(document)
        assert not met and "destroyed" in text


@pytest.mark.parametrize(
    ("numbers", "field"),
    [("1000", "numbers"), ("1001, x", "numbers"), ("5000", "numbers"), ("1010-1005", "numbers")],
)
def test_a_destruction_is_refused_for_blanks_not_held(app, world, numbers, field):
    with app.test_request_context():
        with pytest.raises(DocumentError) as refused:
            services.enter_destruction(world["user"], world["id"], destruction(numbers), [], TODAY)
        assert refused.value.field == field
        assert DestructionProtocol.select().count() == 0


def test_a_number_is_destroyed_once(app, world):
    with app.test_request_context():
        services.enter_destruction(world["user"], world["id"], destruction("1001"), [], TODAY)
        with pytest.raises(DocumentError, match="1001"):
            services.enter_destruction(
                world["user"], world["id"], destruction("1001", number="УП-2"), [], TODAY
            )


def test_numbers_are_read_as_ranges():
    assert services.parse_numbers("1005, 1010-1012; 7 – 8") == [(1005, 1005), (1010, 1012), (7, 8)]
    assert services.parse_numbers("") is None and services.parse_numbers("0") is None


# --- The yearly report (001 art. 26, annex 5) -----------------------------------------------------


def test_the_report_is_generated_and_adds_up(app, world):
    with app.test_request_context():
        services.mark_blanks(
            world["user"], world["id"], {**received(1001, 1001), "state": rules.SPOILED}, D(2025, 7, 1)
        )
        services.enter_destruction(
            world["user"], world["id"], destruction("1002-1003", destroyed_on=D(2025, 9, 1)), [], TODAY
        )
        (row,) = report.generate(world["id"], 2025)
        assert (row["opening"], row["received"], row["used"], row["destroyed"], row["closing"]) == (
            0,
            100,
            1,
            2,
            97,
        )
        assert row["awaiting_destruction"] == 1 and row["adds_up"]
        (next_year,) = report.generate(world["id"], 2026)
        assert (next_year["opening"], next_year["received"], next_year["closing"]) == (97, 0, 97)


def test_the_report_is_confirmed_once_after_the_year_and_then_frozen(app, world):
    with app.test_request_context():
        with pytest.raises(DocumentError, match="after the year"):
            report.confirm(world["user"], world["id"], 2026, D(2026, 12, 31))
        with pytest.raises(DocumentError):
            report.confirm(world["other_user"], world["id"], 2025, TODAY)
        confirmed = report.confirm(world["user"], world["id"], 2025, D(2026, 4, 30))
        assert confirmed.confirmed_on == D(2026, 4, 30)
        assert not rules.blank_report_overdue(2025, confirmed.confirmed_on, D(2027, 1, 1))
        with pytest.raises(DocumentError, match="confirmed already"):
            report.confirm(world["user"], world["id"], 2025, TODAY)
        # A later change to 2025's data does not touch the confirmed figures.
        make_document(world["person"], factory_number="1050", state=REGISTERED, registered_on=D(2025, 12, 1))
        (row,) = report.generate(world["id"], 2025)
        assert row["used"] == 1 and row["closing"] == 99


def test_a_report_that_does_not_add_up_is_not_confirmed(app, world):
    with app.test_request_context():
        report.confirm(world["user"], world["id"], 2025, TODAY)
        make_document(world["person"], factory_number="1050", state=REGISTERED, registered_on=D(2025, 12, 1))
        (row,) = report.generate(world["id"], 2026)  # the confirmed 99 carries over; 98 are held
        assert not row["adds_up"]
        with pytest.raises(DocumentError, match="do not add up"):
            report.confirm(world["user"], world["id"], 2026, D(2027, 1, 5))


def test_napoo_sees_who_has_not_confirmed(app, world):
    with app.test_request_context():
        assert [c.id for c in BlankReport.centres_without(2025)] == [world["id"]]
        assert list(BlankReport.centres_without(2024)) == []
        report.confirm(world["user"], world["id"], 2025, TODAY)
        assert list(BlankReport.centres_without(2025)) == []


# --- Requests (001 art. 24(5)) -------------------------------------------------------------------


def test_a_request_is_approved_by_napoo_once(app, centre, make_user):
    with app.test_request_context():
        officer = make_user("napoo_officer")
        with pytest.raises(DocumentError):
            services.request_blanks(centre["other_user"], centre["id"], "qualification", 10, TODAY)
        with pytest.raises(DocumentError) as refused:
            services.request_blanks(centre["user"], centre["id"], "qualification", 0, TODAY)
        assert refused.value.field == "quantity"
        request = services.request_blanks(centre["user"], centre["id"], "qualification", 100, TODAY)
        with pytest.raises(DocumentError):
            services.decide_request(centre["user"], request.id, request.version, True)
        services.decide_request(officer, request.id, request.version, True)
        assert BlankRequest.get_by_id(request.id).state == APPROVED
        with pytest.raises(DocumentError, match="meantime"):
            services.decide_request(officer, request.id, request.version, False)


# --- The pages -----------------------------------------------------------------------------------


@pytest.fixture
def signed_in(client, centre):
    """The centre's user, logged in."""
    from tests.conftest import TEST_PASSWORD

    response = client.post("/login", data={"email": centre["user"].email, "password": TEST_PASSWORD})
    assert response.status_code == 303
    return centre


def test_a_protocol_through_the_form_then_the_page_counts_it(client, signed_in):
    centre_id = signed_in["id"]
    data = {**received(), "drawn_up_on": datetime.date.today().isoformat()}
    data["scan"] = (io.BytesIO(PDF), "protocol.pdf")
    answer = client.post(
        f"/centre/{centre_id}/blanks/protocols/new", data=data, content_type="multipart/form-data"
    )
    assert answer.status_code == 303
    page = client.get(answer.location)
    assert page.status_code == 200 and "protocol.pdf" in page.text and "50 years" in page.text
    again = client.post(
        f"/centre/{centre_id}/blanks/protocols/new",
        data={**received(), "drawn_up_on": datetime.date.today().isoformat()},
    )
    assert again.status_code == 422 and "registered already" in again.text
    overview = client.get(f"/centre/{centre_id}/blanks")
    assert overview.status_code == 200 and "1000–1099" in overview.text and "unused" in overview.text


def test_a_bad_scan_is_refused_on_its_field(client, signed_in):
    data = {**received(), "drawn_up_on": datetime.date.today().isoformat()}
    data["scan"] = (io.BytesIO(b"MZ not a pdf"), "protocol.pdf")
    answer = client.post(
        f"/centre/{signed_in['id']}/blanks/protocols/new", data=data, content_type="multipart/form-data"
    )
    assert answer.status_code == 422 and "not of an accepted type" in answer.text
    with client.application.app_context():
        assert BlankProtocol.select().count() == 0


def test_the_look_up_answers_htmx_with_the_fragment(app, client, signed_in):
    with app.test_request_context():
        services.enter_protocol(signed_in["user"], signed_in["id"], received(), [], TODAY)
    url = f"/centre/{signed_in['id']}/blanks?kind=qualification&series=А-25&number=1010"
    fragment = client.get(url, headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and "<html" not in fragment.text and "unused" in fragment.text
    assert "<html" in client.get(url).text


def test_the_centre_marks_confirms_and_napoo_sees_it(app, client, signed_in, login):
    last_year = datetime.date.today().year - 1
    with app.test_request_context():
        services.enter_protocol(
            signed_in["user"], signed_in["id"], received(drawn_up_on=D(last_year, 3, 2)), [], TODAY
        )
    centre_id = signed_in["id"]
    marked = client.post(
        f"/centre/{centre_id}/blanks/mark", data={**received(1001, 1001), "state": "spoiled"}
    )
    assert marked.status_code == 303
    page = client.get(f"/centre/{centre_id}/blanks/reports/{last_year}")
    assert "Confirm the report" in page.text
    assert client.post(f"/centre/{centre_id}/blanks/reports/{last_year}").status_code == 303
    assert client.post(f"/centre/{centre_id}/blanks/reports/{last_year}").status_code == 422
    login("napoo_officer")
    overview = client.get("/staff/blanks/")
    assert overview.status_code == 200 and signed_in["licence"].centre.name in overview.text
    assert "confirmed on" in overview.text
    assert client.post(f"/centre/{centre_id}/blanks/mark", data={}).status_code == 403


def test_napoo_decides_a_request_on_its_overview(app, client, centre, login):
    with app.test_request_context():
        request = services.request_blanks(centre["user"], centre["id"], "qualification", 100, TODAY)
    login("napoo_officer")
    assert "× 100" in client.get("/staff/blanks/").text
    data = {"version": request.version, "decision": "approve"}
    assert client.post(f"/staff/blanks/requests/{request.id}", data=data).status_code == 303
    stale = client.post(f"/staff/blanks/requests/{request.id}", data=data)
    assert stale.status_code == 422 and "meantime" in stale.text


def test_overdue_protocols_are_listed_for_napoo(app, client, centre, login):
    with app.test_request_context():
        services.enter_protocol(centre["user"], centre["id"], received(drawn_up_on=D(2025, 1, 2)), [], TODAY)
    login("napoo_expert")
    page = client.get("/staff/blanks/")
    assert "scan missing" in page.text and "ПП-1" in page.text


def test_another_centres_scan_is_not_found(app, client, signed_in):
    with app.test_request_context():
        protocol = services.enter_protocol(
            signed_in["other_user"], signed_in["other"], received(), stored(app), TODAY
        )
        scan_id = protocol.scans.get().id
    assert client.get(f"/centre/{signed_in['id']}/blanks/scans/{scan_id}").status_code == 404
    assert client.get(f"/centre/{signed_in['other']}/blanks/scans/{scan_id}").status_code == 404


def test_the_demo_is_seeded_once_through_the_services(app, centre):
    from register.blanks.demo import seed_demo_blanks
    from tests.document_factories import make_blanks

    with app.test_request_context():
        make_blanks(centre["id"], first=1000, last=1199)
        seed_demo_blanks(centre["user"])
        seed_demo_blanks(centre["user"])
        assert BlankProtocol.select().count() == 1 and BlankRequest.select().count() == 1
        states = states_of(centre["id"], "qualification", "А-25", 1190, 1191)
        assert states == {1190: rules.DESTROYED, 1191: rules.SPOILED}


def test_a_destruction_scan_through_its_page_and_napoo_lists_what_awaits(app, client, signed_in, login):
    with app.test_request_context():
        services.enter_protocol(signed_in["user"], signed_in["id"], received(), [], TODAY)
        services.mark_blanks(
            signed_in["user"],
            signed_in["id"],
            {**received(1001, 1003), "state": rules.DEFECTIVE},
            D(2025, 12, 31),
        )
        item = services.enter_destruction(signed_in["user"], signed_in["id"], destruction("1001"), [], TODAY)
    url = f"/centre/{signed_in['id']}/blanks/destructions/{item.id}"
    assert "scan missing" in client.get(url).text
    empty = client.post(url, data={})
    assert empty.status_code == 422 and "Upload the scanned colour copy" in empty.text
    answer = client.post(url, data={"scan": (io.BytesIO(PDF), "d.pdf")}, content_type="multipart/form-data")
    assert answer.status_code == 303
    page = client.get(url)
    assert "d.pdf" in page.text and "scan missing" not in page.text
    login("napoo_officer")
    overview = client.get("/staff/blanks/")
    assert f"{signed_in['licence'].centre.name}</a>: 2" in overview.text  # 1002 and 1003 await
    assert client.post(url, data={}).status_code == 403


@pytest.mark.parametrize(
    ("today", "overdue"),
    [(D(2024, 2, 28), False), (D(2024, 2, 29), False), (D(2024, 3, 1), True)],
)
def test_napoo_lists_a_protocol_from_the_day_after_its_last_day(
    app, client, centre, login, monkeypatch, today, overdue
):
    """001 art. 25(6) through the overview: drawn up 19 February 2024, its last day the leap day."""
    from register.blanks import views

    with app.test_request_context():
        services.enter_protocol(centre["user"], centre["id"], received(drawn_up_on=D(2024, 2, 19)), [], TODAY)
    monkeypatch.setattr(views, "_today", lambda: today)
    login("napoo_officer")
    page = client.get("/staff/blanks/").text
    assert ("ПП-1" in page.split('id="overdue"')[1].split("</section>")[0]) is overdue


@pytest.mark.parametrize(
    ("today", "passed"),
    [(D(2024, 4, 29), False), (D(2024, 4, 30), False), (D(2024, 5, 1), True)],
)
def test_napoo_sees_the_report_term_pass_on_1_may(app, client, world, login, monkeypatch, today, passed):
    """001 art. 26(4): the report of 2023 by 30 April 2024 (a leap year)."""
    from register.blanks import views

    with app.test_request_context():
        services.enter_protocol(
            world["user"], world["id"], received(2000, 2009, drawn_up_on=D(2023, 5, 2)), [], TODAY
        )
    monkeypatch.setattr(views, "_today", lambda: today)
    login("napoo_officer")
    page = client.get("/staff/blanks/").text
    assert world["licence"].centre.name in page.split('id="reports"')[1]
    assert ("the term has passed" in page) is passed


def test_a_used_blank_links_its_document(client, world, signed_in):
    url = f"/centre/{world['id']}/blanks?kind=qualification&series=А-25&number=1000"
    page = client.get(url, headers={"HX-Request": "true"}).text
    assert "used for a document" in page and f"/documents/{world['document'].id}" in page
    assert world["person"].personal_number not in page


def test_a_protocol_gets_more_rows_through_its_page(app, client, signed_in, login):
    """Annex 4 has a row per kind and series: each becomes a range of the same protocol."""
    with app.test_request_context():
        item = services.enter_protocol(signed_in["user"], signed_in["id"], received(), [], TODAY)
    url = f"/centre/{signed_in['id']}/blanks/protocols/{item.id}/rows"
    row = {"kind": "validation", "series": "В-25", "first_number": "1", "last_number": "20"}
    assert client.post(url, data=row).status_code == 303
    page = client.get(f"/centre/{signed_in['id']}/blanks/protocols/{item.id}").text
    assert "В-25 1–20" in page and "А-25 1000–1099" in page
    again = client.post(url, data=row)
    assert again.status_code == 422 and "registered already" in again.text
    assert client.post(url, data={**row, "last_number": "x"}).status_code == 422
    with app.app_context():
        assert [b.series for b in BlankBatch.select().where(BlankBatch.protocol == item.id)] == [
            "А-25",
            "В-25",
        ]
    login("napoo_officer")
    assert client.post(url, data=row).status_code == 403
