"""No 500 on any input (issue 11, points 10-12, 14): garbled versions, ids beyond the database's
integers, whitespace and non-ASCII digits in numbers, control characters in uploaded file names;
and a fuzz test sending hostile values to every URL id and every form field of every route, as
every role, asserting that nothing answers 5xx."""

from urllib.parse import quote

import pytest

from certification.models import CertApplication, ExamSession
from portal.uploads import safe_filename
from portal.web import MAX_ID, parse_int
from register import rules
from register.licensing.models import Attachment, LicensingApplication
from register.models import Licence
from tests.factories import make_licence

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
GARBLED_VERSIONS = ["x", "2026-01-05", "²", "٣", " ", "-1", str(MAX_ID), str(2**63), str(2**64)]


@pytest.fixture(autouse=True)
def _english(app, client):
    """Messages in English, as the assertions quote them."""
    app.config["SITE_LANGUAGE"] = "en"


# --- The parsers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", 0),
        (" 42 ", 42),
        (str(MAX_ID), MAX_ID),
        (str(2**63), None),
        ("9" * 5000, None),  # int() would refuse it only past 4,300 digits
        ("²", None),  # '²'.isdigit() is True
        ("٣", None),  # int('٣') is 3
        ("１２", None),  # full-width digits
        ("", None),
        ("   ", None),
        ("1.0", None),
        ("1e3", None),
        ("-1", None),
        ("+1", None),
        ("0x10", None),
        ("1_000", None),  # int() accepts underscores
        (None, None),
        (7, 7),
        (True, None),
    ],
)
def test_parse_int_takes_ascii_digits_within_the_column_range(text, expected):
    """One strict parser for every integer a request carries."""
    assert parse_int(text) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a\x00.pdf", "a.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\Иван\\заявление.pdf", "заявление.pdf"),
        ("\u202efdp.exe", "fdp.exe"),  # a right-to-left override would disguise the extension
        ("line\r\nbreak.pdf", "line break.pdf"),
        ("...", "file"),
        ("\x00", "file"),
        ("Заявление № 1.pdf", "Заявление № 1.pdf"),
    ],
)
def test_safe_filename_keeps_letters_and_drops_what_breaks_headers_and_paths(name, expected):
    """Control and format characters, path separators and leading dots go; Cyrillic stays."""
    assert safe_filename(name) == expected


def test_safe_filename_keeps_the_extension_of_a_long_name():
    """At most 255 characters, the extension kept."""
    name = safe_filename("я" * 400 + ".pdf")
    assert len(name) == 255 and name.endswith(".pdf")


# --- Point 10: a garbled optimistic-lock version -------------------------------------------------

LOCK_MESSAGE = "changed this application meanwhile"


def test_a_garbled_version_on_a_licensing_form_is_refused_and_writes_nothing(app, client):
    """The profile and the withdrawal with a version that is not a whole number: the lock's
    message, the application unchanged; the right version then works."""
    from tests.test_licensing import applicant_login
    from tests.test_licensing import register as register_centre

    register_centre(client)
    applicant_login(client, app)
    with app.app_context():
        application = LicensingApplication.get()
    for version in GARBLED_VERSIONS:
        profile = client.post(
            f"/applications/{application.id}/profile",
            data={"version": version, "centre_name": "Подменено", "centre_kind": "cpo"},
        )
        assert profile.status_code == 422 and LOCK_MESSAGE in profile.text, version
        withdraw = client.post(f"/applications/{application.id}/withdraw", data={"version": version})
        assert withdraw.status_code == 422 and LOCK_MESSAGE in withdraw.text, version
    with app.app_context():
        unchanged = LicensingApplication.get()
        assert (unchanged.version, unchanged.state) == (application.version, application.state)
        assert unchanged.centre_name != "Подменено"
    withdrawn = client.post(
        f"/applications/{application.id}/withdraw", data={"version": str(application.version)}
    )
    assert withdrawn.status_code == 303
    with app.app_context():
        assert LicensingApplication.get().state != application.state


def test_a_garbled_version_on_a_certification_form_is_refused_and_writes_nothing(app, client):
    """Save, submit and withdraw with a version that is not a whole number: the lock's message,
    the application unchanged; the right version then submits."""
    from tests.test_certification import complete, log_in
    from tests.test_certification import register as register_candidate

    register_candidate(client)
    log_in(client, app, "candidate@example.com")
    application = complete(app)
    url = f"/certification/applications/{application.id}"
    for version in GARBLED_VERSIONS:
        saved = client.post(
            f"{url}/save", data={"version": version, "phone": "0000 000 000", "language": "bg"}
        )
        assert saved.status_code == 422 and LOCK_MESSAGE in saved.text, version
        for action in ("submit", "withdraw"):
            refused = client.post(f"{url}/{action}", data={"version": version, "confirm": "yes"})
            assert refused.status_code == 422 and LOCK_MESSAGE in refused.text, (action, version)
    with app.app_context():
        unchanged = CertApplication.get_by_id(application.id)
        assert (unchanged.version, unchanged.state, unchanged.phone) == (
            application.version,
            application.state,
            application.phone,
        )
    assert client.post(f"{url}/submit", data={"version": str(application.version)}).status_code == 303


# --- Point 11: ids beyond the database's integers -------------------------------------------------


@pytest.mark.parametrize("value", [str(2**63), str(2**64), "9" * 40, "²", "٣"])
@pytest.mark.parametrize(
    "template",
    [
        "/certification/results/{}",
        "/certification/reports/{}",
        "/applications/{}",
        "/applications/1/files/{}",
        "/certification/applications/{}",
    ],
)
def test_an_id_beyond_the_column_range_in_a_url_is_not_found(client, login, template, value):
    """Every <int:...> in a route takes ASCII digits up to 2^63-1: beyond, 404, not a database
    overflow."""
    login("admin")
    assert client.get(template.format(quote(value))).status_code == 404


def test_the_largest_id_is_looked_up_and_not_found(client):
    """2^63-1 itself still reaches the view, which finds nothing."""
    assert client.get(f"/certification/results/{MAX_ID}").status_code == 404


def test_an_id_beyond_the_column_range_in_a_form_is_refused_and_writes_nothing(app, client, make_user):
    """The Board appointing an assessor by a form id of 2^64: the view's message, nothing written."""
    from certification.models import EntryAssessor
    from tests.test_certification import _complete_application, log_in

    application, _ = _complete_application(app, client, make_user)
    make_user("board", "board@example.com")
    log_in(client, app, "board@example.com", password_set=True)
    for value in (str(2**63), str(2**64), "²", "x"):
        response = client.post(
            f"/certification/applications/{application.id}/entry-assessor",
            data={"assessor": value, "step": "appoint"},
        )
        assert response.status_code == 422, value
    with app.app_context():
        assert EntryAssessor.select().count() == 0


# --- Point 12: whitespace and non-ASCII digits in numbers -----------------------------------------


@pytest.mark.parametrize("months", [" ", "\t", "²"])
def test_the_months_of_a_temporary_revocation_must_be_chosen(app, client, login, months):
    """Whitespace-only or a Unicode digit as the months: a message, no event recorded."""
    with app.app_context():
        make_licence(number="201900001")
    login("napoo_officer")
    response = client.post(
        "/staff/licences/201900001/events/new",
        data={
            "kind": rules.TEMPORARY_REVOCATION,
            "date": "2026-01-05",
            "order_number": "Л-1",
            "months": months,
        },
    )
    assert response.status_code == 422
    assert "3, 4 or 6 months" in response.text or "Not a valid choice" in response.text
    with app.app_context():
        assert Licence.by_number("201900001").status == rules.ACTIVE


@pytest.mark.parametrize("late", ["²", "٣", " 5 5", str(2**63), str(2**31), "1441"])
def test_the_protocol_refuses_a_lateness_that_is_not_a_whole_number_of_minutes(app, client, make_user, late):
    """A Unicode digit, a number past a day (or past the column) as the minutes late: the
    protocol's message naming the candidate, nothing filed."""
    from tests.test_certification import log_in
    from tests.test_exam_rules import _seats, _session

    session, ids = _session(app, client, make_user, 2)
    log_in(client, app, "group@example.com")
    with app.app_context():
        seats = _seats(session)
    data = {"action": "protocol", **{f"present-{seat.id}": "yes" for seat in seats}}
    data[f"late-{seats[0].id}"] = late
    response = client.post(f"/certification/sessions/{session.id}", data=data)
    assert response.status_code == 422 and f"Minutes late for {ids[0]}" in response.text
    with app.app_context():
        assert ExamSession.get_by_id(session.id).protocol_filed_at is None


# --- Point 14: control characters in an uploaded file's name -------------------------------------


def test_an_upload_named_with_a_nul_is_kept_under_a_clean_name_and_downloads(app, client, login):
    """'a\\x00.pdf' is stored as 'a.pdf' and downloads; a name stored before the fix (a NUL, a
    newline) downloads too, under its cleaned name."""
    from tests.test_licensing import applicant_login, complete_profile, upload
    from tests.test_licensing import register as register_centre

    register_centre(client)
    applicant_login(client, app)
    complete_profile(app)
    with app.app_context():
        application = LicensingApplication.get()
    assert upload(client, application.id, PDF, name="a\x00.pdf").status_code == 303
    with app.app_context():
        attachment = Attachment.get(Attachment.purpose == "signed_application")
        assert attachment.original_name == "a.pdf"
    url = f"/applications/{application.id}/files/{attachment.id}"
    download = client.get(url)
    assert download.status_code == 200 and download.data == PDF
    assert "a.pdf" in download.headers["Content-Disposition"]
    download.close()
    with app.app_context():
        Attachment.update(original_name="заявление\x00\r\n.pdf").where(
            Attachment.id == attachment.id
        ).execute()
    download = client.get(url)
    assert download.status_code == 200 and download.data == PDF
    assert "\x00" not in download.headers["Content-Disposition"]
    download.close()
