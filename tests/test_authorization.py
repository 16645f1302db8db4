"""Who may open what: every route, every role, anonymous included.

A new route without an entry here fails test_every_route_has_an_entry: decide who may use it.
"""

import io

import pytest

from portal.accounts import CERT_ROLES, ROLES, STAFF_ROLES
from register import rules
from register.licensing.services import register_applicant
from tests.factories import make_licence

ANONYMOUS = "anonymous"
EVERYONE = (ANONYMOUS, *ROLES)
PUBLIC = {role: 200 for role in EVERYONE}
EDITORS = {
    ANONYMOUS: 302,
    "napoo_officer": 200,
    "napoo_chair": 200,
    "admin": 200,
    "napoo_expert": 403,
    "napoo_committee": 403,
    "applicant": 403,
    **{role: 403 for role in CERT_ROLES},
}
# BAUP's certification roles are not NAPOO staff.
STAFF = {
    ANONYMOUS: 302,
    **{role: 200 for role in STAFF_ROLES},
    "applicant": 403,
    **{r: 403 for r in CERT_ROLES},
}
SIGNED_IN = {ANONYMOUS: 302, **{role: 200 for role in ROLES}, **{role: 403 for role in CERT_ROLES}}
# An application registered by another organisation: NAPOO's officers, chair and admin see it; an
# expert only once assigned to it, an applicant never.
NAPOO = {
    ANONYMOUS: 302,
    **{role: 200 for role in STAFF_ROLES},
    "applicant": 404,
    "napoo_expert": 404,
    **{role: 404 for role in CERT_ROLES},
}

# endpoint -> (a GET URL for it, {role: expected status})
MATRIX = {
    "static": ("/static/css/site.css", PUBLIC),
    "accounts.healthz": ("/healthz", PUBLIC),
    "accounts.readyz": ("/readyz", PUBLIC),
    "accounts.set_language": ("/lang/en?next=/", {role: 303 for role in EVERYONE}),
    "accounts.login": ("/login", PUBLIC),
    "accounts.logout": (None, None),  # POST only: covered in test_accounts
    "accounts.set_password": ("/account/set-password/forged", {role: 410 for role in EVERYONE}),
    "accounts.forgot_password": ("/account/forgot-password", PUBLIC),
    "accounts.outbox": ("/staff/outbox", {**EDITORS, "napoo_chair": 403}),
    "pages.page": ("/pages/faq", PUBLIC),
    "register.home": ("/", PUBLIC),
    "register.licences": ("/licences/", PUBLIC),
    "register.revoked": ("/licences/revoked", PUBLIC),
    "register.licence": ("/licences/201900001", PUBLIC),
    "register.data": ("/data/", PUBLIC),
    "register.data_dump": ("/data/registar-licences.csv", PUBLIC),
    "register.staff_home": ("/staff/", STAFF),
    "register.new_event": ("/staff/licences/201900001/events/new", EDITORS),
    "register.archive": ("/staff/licences/201900002/archive", EDITORS),
    "licensing.apply": ("/apply", PUBLIC),
    "licensing.apply_sent": ("/apply/sent", PUBLIC),
    "licensing.applications": ("/applications/", SIGNED_IN),
    "licensing.application": ("/applications/1", NAPOO),
    # POST only, each tested in test_licensing (and the steps in test_steps_are_authorised below):
    "licensing.step": (None, None),
    "licensing.assign_expert": (None, None),
    "licensing.profile": (None, None),
    "licensing.amend": (None, None),
    "licensing.inspection": (None, None),
    "licensing.verdict": (None, None),
    "licensing.speciality": (None, None),
    "licensing.premises": (None, None),
    "licensing.document": (None, None),
    # Need a complete or licensed application: test_licensing covers who may read them.
    "licensing.pdf": (None, None),
    # BAUP certification: public pages, the Group's and the assessors' pages.
    "certification.apply": ("/certification/apply", PUBLIC),
    "certification.assessors": ("/certification/assessors", PUBLIC),
    "certification.results": ("/certification/results/", PUBLIC),
    "certification.schedule": ("/certification/schedule", PUBLIC),
    "certification.my_result": ("/certification/my-result", PUBLIC),
    "certification.applications": (
        "/certification/applications/",
        {
            ANONYMOUS: 302,
            **{r: 403 for r in STAFF_ROLES},
            "admin": 200,
            "applicant": 200,
            **{r: 200 for r in CERT_ROLES},
        },
    ),
    "certification.sessions": (
        "/certification/sessions/",
        {ANONYMOUS: 302, **{r: 403 for r in ROLES}, "scheme_group": 200, "board": 200, "admin": 200},
    ),
    "certification.appeals": (
        "/certification/appeals",
        {ANONYMOUS: 302, **{r: 403 for r in ROLES}, "appeals": 200, "admin": 200},
    ),
    "certification.answer_feedback": (None, None),
    "certification.declaration": (None, None),
    "certification.certificate": (None, None),
    "certification.certificate_pdf": (None, None),
    "certification.report": (None, None),
    "certification.interview": (None, None),
    "certification.report_file": (None, None),
    "certification.stage_assessor": (None, None),
    "certification.assessing": (
        "/certification/assessing",
        {ANONYMOUS: 302, **{r: 403 for r in ROLES}, "assessor": 200},
    ),
    "certificates.register": ("/certificates/", PUBLIC),
    "certificates.feed": ("/certificates/feed.atom", PUBLIC),
    "certification.final_results": ("/certification/results/final", PUBLIC),
    "certificates.certificate": ("/certificates/BAUP-D-2026-0001-X", {role: 404 for role in EVERYONE}),
    "certificates.verify": ("/v/unknown-token", {role: 404 for role in EVERYONE}),
    "certification.admission_appeal": (None, None),
    "certification.marking": (
        "/certification/marking",
        {ANONYMOUS: 302, **{r: 403 for r in ROLES}, "assessor": 200},
    ),
    # Need an application, a session or a published one: test_certification covers who may use them.
    "certification.application": (None, None),
    "certification.session": (None, None),
    "certification.session_results": (None, None),
    "certification.save": (None, None),
    "certification.referee": (None, None),
    "certification.project": (None, None),
    "certification.attach": (None, None),
    "certification.step": (None, None),
    "certification.opinion": (None, None),
    "certification.notice": (None, None),
    "certification.cheating": (None, None),  # test_exam_rules: only the Board decides
    "certification.mark": (None, None),
    # POST only, the Group proposes and the Board appoints; the hearing: test_admission covers them.
    "certification.entry_assessor": (None, None),
    "certification.release": (None, None),
    "certification.hearing": (None, None),
    "certification.hearing_outcome": (None, None),
    # Needs an upload: test_licensing covers who may read one.
    "licensing.attachment": (None, None),
}


def test_every_route_has_an_entry(app):
    """Each endpoint in the URL map is in the matrix, and the matrix names no stale endpoint."""
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints == set(MATRIX)


@pytest.mark.parametrize("role", EVERYONE)
@pytest.mark.parametrize("endpoint", [e for e, (url, _) in MATRIX.items() if url])
def test_route_status_for_role(app, client, login, role, endpoint):
    """The expected status for each role at each route."""
    with app.app_context():
        make_licence(number="201900001")
        make_licence(number="201900002", status=rules.REVOKED, archive=True)
        register_applicant("Друга организация ООД", "175074752", "Петър Петров", "other@example.com")
    if role != ANONYMOUS:
        login(role)
    url, expected = MATRIX[endpoint]
    response = client.get(url, headers={"Accept": "text/html"})
    response.close()
    assert response.status_code == expected[role], f"{role} at {url}"


@pytest.mark.parametrize("url", ["/staff/", "/staff/licences/201900001/events/new"])
def test_anonymous_htmx_and_json_clients_get_401(client, url):
    """A browser is sent to log in; htmx and JSON clients get 401."""
    assert client.get(url, headers={"HX-Request": "true"}).status_code == 401
    assert client.get(url, headers={"Accept": "application/json"}).status_code == 401


def test_expert_cannot_post_events(app, client, login):
    """Authorisation holds for POST as well as GET."""
    with app.app_context():
        make_licence(number="201900001")
    login("napoo_expert")
    response = client.post(
        "/staff/licences/201900001/events/new",
        data={"kind": "final_revocation", "date": "2026-01-01", "order_number": "1"},
    )
    assert response.status_code == 403


@pytest.mark.parametrize("role", EVERYONE)
def test_steps_are_authorised(app, client, login, role):
    """A step of an application is refused to anyone the transition table does not name: anonymous
    must log in, another organisation's applicant gets 404, staff without the role a message."""
    with app.app_context():
        register_applicant("Друга организация ООД", "175074752", "Петър Петров", "other@example.com")
    if role != ANONYMOUS:
        login(role)
    response = client.post("/applications/1/regular", data={"version": "1", "on_date": "2026-01-05"})
    expected = {ANONYMOUS: 302, "applicant": 404, "napoo_expert": 404}.get(role, 422)
    expected = 404 if role in CERT_ROLES else expected
    assert response.status_code == expected


@pytest.mark.parametrize("role", EVERYONE)
@pytest.mark.parametrize(
    ("path", "data"),
    [
        (
            "/applications/1/premises",
            {"kind": "office", "settlement": "68134", "address": "ул. 1", "tenure": "owned"},
        ),
        ("/applications/1/documents/fee_receipt", {}),
        ("/applications/1/specialities", {"code": "4810301"}),
        ("/applications/1/amend", {}),
    ],
)
def test_applicant_only_actions_are_refused_to_others(app, client, login, role, path, data):
    """Only the organisation itself prepares its application or applies to amend its licence:
    anonymous must log in, another applicant and an expert do not see it, staff get a message."""
    with app.app_context():
        register_applicant("Друга организация ООД", "175074752", "Петър Петров", "other@example.com")
    if role != ANONYMOUS:
        login(role)
    client.set_cookie("lang", "en")
    if path.endswith("fee_receipt"):  # a good file: the refusal must come from who is asking
        data = {"file": (io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64), "receipt.png")}
    response = client.post(path, data=data, content_type="multipart/form-data")
    expected = {ANONYMOUS: 302, "applicant": 404, "napoo_expert": 404}.get(role, 422)
    expected = 404 if role in CERT_ROLES else expected
    assert response.status_code == expected, f"{role} at {path}"
    if expected == 422:
        assert "may not" in response.text or "only while the application is being prepared" in response.text
