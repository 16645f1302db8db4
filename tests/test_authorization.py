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
SIGNED_IN = {
    ANONYMOUS: 302,
    **{role: 200 for role in ROLES},
    **{role: 403 for role in CERT_ROLES},
    "centre": 403,  # a centre's account has its own pages, not the applications' list
}
# An application registered by another organisation: NAPOO's officers, chair and admin see it; an
# expert only once assigned to it, an applicant never.
NAPOO = {
    ANONYMOUS: 302,
    **{role: 200 for role in STAFF_ROLES},
    "applicant": 404,
    "napoo_expert": 404,
    **{role: 404 for role in CERT_ROLES},
}

# A centre's courses (issue 15): NAPOO's staff read every centre's, and may not write; any other
# account that does not act for the centre gets 404.
CENTRE_READ = {ANONYMOUS: 302, **{r: 404 for r in ROLES}, **{r: 200 for r in STAFF_ROLES}}
CENTRE_WRITE = {ANONYMOUS: 302, **{r: 404 for r in ROLES}, **{r: 403 for r in STAFF_ROLES}}

# BAUP's Group and Board (information days' schedules); the Group alone (consultations, registrations).
SCHEME = {ANONYMOUS: 302, **{r: 403 for r in ROLES}, "scheme_group": 200, "board": 200, "admin": 200}
GROUP_ONLY = {ANONYMOUS: 302, **{r: 403 for r in ROLES}, "scheme_group": 200, "admin": 200}

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
    # Only the admin, and without links that work (test_sessions): it is a development aid.
    "accounts.outbox": ("/staff/outbox", {**EDITORS, "napoo_chair": 403, "napoo_officer": 403}),
    "pages.page": ("/pages/faq", PUBLIC),
    "pages.favicon": ("/favicon.ico", PUBLIC),
    "rule_index.rules_page": ("/rules", PUBLIC),
    "register.home": ("/", PUBLIC),
    "register.licences": ("/licences/", PUBLIC),
    "register.revoked": ("/licences/revoked", PUBLIC),
    "register.licence": ("/licences/201900001", PUBLIC),
    "register.data": ("/data/", PUBLIC),
    "register.data_dump": ("/data/registar-licences.csv", PUBLIC),
    "register.staff_home": ("/staff/", STAFF),
    "register.new_event": ("/staff/licences/201900001/events/new", EDITORS),
    "register.archive": ("/staff/licences/201900002/archive", EDITORS),
    "register.archive_notice": ("/staff/licences/201900002/archive/notice", EDITORS),
    "register.archive_handover": ("/staff/licences/201900002/archive/handover", EDITORS),
    "register.archives_awaiting": ("/staff/archives", EDITORS),
    # Needs a recorded notice: test_archive_path checks who may read the letter.
    "register.archive_notice_pdf": (None, None),
    # No protocol there: editors reach the view (404), everyone else is stopped before it.
    "register.archive_protocol": (
        "/staff/licences/201900002/archive/protocols/1",
        {**EDITORS, "napoo_officer": 404, "napoo_chair": 404, "admin": 404},
    ),
    "places.settlements": ("/places/settlements?q=Пловдив", PUBLIC),
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
    "licensing.reject_verdict": (None, None),  # the committee only: test_licensing
    "licensing.speciality": (None, None),
    "licensing.premises": (None, None),
    "licensing.document": (None, None),
    # Need a complete or licensed application: test_licensing covers who may read them.
    "licensing.pdf": (None, None),
    # BAUP certification: public pages, the Group's and the assessors' pages.
    "certification.apply": ("/certification/apply", PUBLIC),
    "certification.home": ("/certification/", PUBLIC),
    "certification.forms": ("/certification/forms/", PUBLIC),
    "certification.form_pdf": ("/certification/forms/declarations.pdf", PUBLIC),
    "certification.competences": ("/certification/competences", PUBLIC),
    "certification.assessors": ("/certification/assessors", PUBLIC),
    "certification.results": ("/certification/results/", PUBLIC),
    "certification.schedule": ("/certification/schedule", PUBLIC),
    "certification.my_result": ("/certification/my-result", PUBLIC),
    # POST only, the candidate's steps on the my-result page: test_results_privacy.
    "certification.my_result_feedback": (None, None),
    "certification.my_result_appeal": (None, None),
    "certification.applications": (
        "/certification/applications/",
        {
            ANONYMOUS: 302,
            **{r: 403 for r in STAFF_ROLES},
            "admin": 200,
            "applicant": 200,
            "centre": 403,
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
    # The Board's decisions and the Group's report and publication: test_certificates, CERT_CASES.
    "certification.certificate_issue": (None, None),
    "certification.certificate_refuse": (None, None),
    "certification.certificate_withdraw": (None, None),
    "certification.board_report": (None, None),
    "certification.publish_final": (None, None),
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
    # Information days and consultations (issue 17 part B): the public list and a day's page (no day
    # here: 404; test_info_days registers), the mailed cancel link (forged: 404), the Board's and the
    # Group's schedules, the Group's registrations and consultations (personal data).
    "info_days.public_list": ("/certification/information-days", PUBLIC),
    "info_days.public_day": ("/certification/information-days/999999", {r: 404 for r in EVERYONE}),
    "info_days.cancel": ("/certification/information-days/cancel/forged", {r: 404 for r in EVERYONE}),
    "info_days.schedules": ("/certification/information-days/schedules", SCHEME),
    "info_days.add_day": (None, None),  # POST only, the Board's: test_info_days
    "info_days.registrations": (
        "/certification/information-days/999999/registrations",
        {**GROUP_ONLY, "scheme_group": 404, "admin": 404},
    ),
    "info_days.consultations": ("/certification/consultations/", GROUP_ONLY),
    "info_days.new_consultation": ("/certification/consultations/new", GROUP_ONLY),
    "certificates.certificate": ("/certificates/BAUP-D-2026-0001-X", {role: 404 for role in EVERYONE}),
    "certificates.verify": ("/v/unknown-token", {role: 404 for role in EVERYONE}),
    "certification.admission_appeal": (None, None),
    "certification.marking": (
        "/certification/marking",
        {ANONYMOUS: 302, **{r: 403 for r in ROLES}, "assessor": 200},
    ),
    "certification.entry_check": (None, None),  # an application's: CERT_CASES below
    "certification.entry_cv": (None, None),
    # Need an application, a session or a published one: CERT_CASES below says who reaches an
    # application's routes; test_certification covers the rest.
    "certification.application": (None, None),
    "certification.session": (None, None),
    # POST only, the steps of a session's page: test_exam_rules, test_admission, test_certification.
    "certification.session_seat": (None, None),
    "certification.session_protocol": (None, None),
    "certification.session_assign": (None, None),
    "certification.session_publish": (None, None),
    "certification.session_next_stage": (None, None),
    "certification.session_results": (None, None),
    "certification.save": (None, None),
    "certification.referee": (None, None),
    "certification.project": (None, None),
    "certification.attach": (None, None),
    # The application's moves, one route each: test_certification, test_admission, CERT_CASES.
    "certification.submit": (None, None),
    "certification.review": (None, None),
    "certification.void": (None, None),
    "certification.withdraw": (None, None),
    "certification.decide": (None, None),
    "certification.ban": (None, None),
    "certification.void_false_data": (None, None),
    "certification.opinion": (None, None),
    "certification.notice": (None, None),
    "certification.cheating": (None, None),  # test_exam_rules: only the Board decides
    "certification.mark": (None, None),
    # POST only, an assessor's marks and hand-in on its page: test_stages, test_certificates.
    "certification.assessing_mark": (None, None),
    "certification.hand_in": (None, None),
    # POST only, the Group proposes and the Board appoints; the hearing: test_admission covers them.
    "certification.entry_assessor": (None, None),
    "certification.release": (None, None),
    "certification.hearing": (None, None),
    "certification.hearing_outcome": (None, None),
    # Needs an upload: test_licensing covers who may read one.
    "licensing.attachment": (None, None),
    # Issue 15 part 2 ("checks"): a centre's documents and NAPOO's check. The centre of licence
    # 201900001 is centre 1; the centre user of the matrix acts for no centre: 404 (test_document_checks
    # covers a linked account and another centre's). Staff read any centre's documents.
    "documents.centre_documents": ("/centre/1/documents", {**NAPOO, "napoo_expert": 200, "centre": 404}),
    # Only the centre enters its documents: staff 403.
    "documents.new_document": (
        "/centre/1/documents/new",
        {**NAPOO, **{r: 403 for r in STAFF_ROLES}, "centre": 404},
    ),
    # Need a document: test_document_checks covers who reaches them.
    "documents.document": (None, None),
    "documents.edit_document": (None, None),
    "documents.document_step": (None, None),
    "documents.register_document": (None, None),
    "documents.document_image": (None, None),
    "documents.duplicate": (None, None),
    "documents.check": (None, None),
    "documents.refuse_unfixed": (None, None),
    "documents.queue": ("/staff/documents/", {**STAFF, "centre": 403}),
    # verify: public verification of issued documents; an unknown holder's link is the miss's 404
    # (test_verification covers a real link, the POST and its rate limit).
    "documents.verify": ("/documents/verify", PUBLIC),
    "documents.holder_link": ("/documents/v/unknown-token", {role: 404 for role in EVERYONE}),
    # courses (issue 15): login("centre") acts for no centre, so it is refused like any other
    # account; test_courses covers the centre's own account and NAPOO's read-only access.
    "documents.centre_home": ("/centre/", {**{r: 200 for r in ROLES}, ANONYMOUS: 302}),
    "documents.courses": ("/centre/1/courses", CENTRE_READ),
    "documents.course": ("/centre/1/courses/1", CENTRE_READ),
    "documents.new_course": ("/centre/1/courses/new", CENTRE_WRITE),
    "documents.edit_course": ("/centre/1/courses/1/edit", CENTRE_WRITE),
    "documents.new_participant": ("/centre/1/courses/1/participants/new", CENTRE_WRITE),
    "documents.edit_participant": ("/centre/1/courses/1/participants/1/edit", CENTRE_WRITE),
    "documents.remove_participant": ("/centre/1/courses/1/participants/1/remove", CENTRE_WRITE),
    "documents.import_participants": ("/centre/1/courses/1/import", CENTRE_WRITE),
    # POST only, the course page's forms: test_courses.
    # Issue 16 part 2: the quality self-assessment. A centre's pages as its courses'; a graduate's
    # follow-up needs a registered document and the POST-only steps are test_quality's.
    "quality.centre_quality": ("/centre/1/quality", CENTRE_READ),
    "quality.graduate_list": ("/centre/1/quality/graduates/2025", CENTRE_READ),
    "quality.follow_up": (None, None),
    "quality.import_follow_ups": ("/centre/1/quality/graduates/2025/import", CENTRE_WRITE),
    "quality.report": ("/centre/1/quality/reports/2025", CENTRE_READ),
    "quality.file_report": (None, None),
    "quality.overview": ("/staff/quality/?year=2025", {**STAFF, "centre": 403}),
    "quality.indicators": ("/staff/quality/2025/indicators", {**STAFF, "centre": 403}),
    "quality.remove_indicator": (None, None),
    "documents.exam_protocol": (None, None),
    "documents.exam_results": (None, None),
    # blanks (issue 16 part 1): the centre's own account and NAPOO's read-only access are
    # test_blanks'; the records named here do not exist, but the centre is fetched (and refused) first.
    "blanks.centre": ("/centre/1/blanks", CENTRE_READ),
    "blanks.new_protocol": ("/centre/1/blanks/protocols/new", CENTRE_WRITE),
    "blanks.protocol": ("/centre/1/blanks/protocols/1", {**CENTRE_READ, **{r: 404 for r in STAFF_ROLES}}),
    "blanks.destruction": (
        "/centre/1/blanks/destructions/1",
        {**CENTRE_READ, **{r: 404 for r in STAFF_ROLES}},
    ),
    "blanks.scan": ("/centre/1/blanks/scans/1", {**CENTRE_READ, **{r: 404 for r in STAFF_ROLES}}),
    "blanks.mark": ("/centre/1/blanks/mark", CENTRE_WRITE),
    "blanks.new_destruction": ("/centre/1/blanks/destructions/new", CENTRE_WRITE),
    "blanks.new_request": ("/centre/1/blanks/requests/new", CENTRE_WRITE),
    "blanks.yearly_report": ("/centre/1/blanks/reports/2025", CENTRE_READ),
    "blanks.overview": ("/staff/blanks/", {**STAFF, "centre": 403}),
    "blanks.decide": (None, None),  # POST only: test_blanks (NAPOO's officers, chair and admin)
    "blanks.add_row": (None, None),  # POST only: test_blanks (the centre; NAPOO's staff 403)
}

# A centre's account, where an entry does not name it, reaches what an applicant reaches: neither is
# NAPOO's or BAUP's staff, and the centre's own pages name it.
for _url, _expected in MATRIX.values():
    if _expected is not None and "centre" not in _expected:
        _expected["centre"] = _expected["applicant"]


def test_every_route_has_an_entry(app):
    """Each endpoint in the URL map is in the matrix, and the matrix names no stale endpoint."""
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints == set(MATRIX)


def _matrix_data(app):
    """The records the matrix's URLs name: built once for all its cases (each case rolled back)."""
    make_licence(number="201900001")
    make_licence(number="201900002", status=rules.REVOKED, archive=True)
    register_applicant("Друга организация ООД", "175074752", "Петър Петров", "other@example.com")
    # courses: a course of licence 201900001's centre with one participant.
    from register.models import Licence
    from tests.document_factories import make_course, make_participant

    make_participant(make_course(Licence.by_number("201900001")))


@pytest.mark.shared_data.with_args(_matrix_data)
@pytest.mark.parametrize("role", EVERYONE)
@pytest.mark.parametrize("endpoint", [e for e, (url, _) in MATRIX.items() if url])
def test_route_status_for_role(app, client, login, role, endpoint):
    """The expected status for each role at each route."""
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
    expected = {ANONYMOUS: 302, "applicant": 404, "centre": 404, "napoo_expert": 404}.get(role, 422)
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
    expected = {ANONYMOUS: 302, "applicant": 404, "centre": 404, "napoo_expert": 404}.get(role, 422)
    expected = 404 if role in CERT_ROLES else expected
    assert response.status_code == expected, f"{role} at {path}"
    if expected == 422:
        assert "may not" in response.text or "only while the application is being prepared" in response.text


# --- Who reaches a certification application (issue 11, points 6 and 7) ---------------------------

# The people of the cases below: an application's owner is left out (its steps are test_certification's).
CERT_ACTORS = (
    ANONYMOUS,
    "other_applicant",
    "napoo_officer",
    "scheme_group",
    "board",
    "admin",
    "appeals",
    "appointed_assessor",  # appointed by the Board to the application's entry check
    "proposed_assessor",  # proposed by the Group, not appointed
    "unassigned_assessor",
)
ENTRY_CHECK_ROUTES = (
    "certification.entry_check",
    "certification.entry_cv",
    "certification.opinion",
    "certification.declaration",
)
# Routes acting on a record the case does not have: 404 for whoever reaches the application.
CANDIDATE_ROUTES = {
    "certification.certificate_issue",
    "certification.certificate_refuse",
    "certification.certificate_withdraw",
    "certification.board_report",
    "certification.publish_final",
    "certification.report",
    "certification.interview",
    "certification.stage_assessor",
    "certification.cheating",
}
ABSENT = {
    "complete": {"certification.hearing_outcome", "certification.certificate_pdf", *CANDIDATE_ROUTES},
    "admitted": {"certification.hearing_outcome", "certification.certificate_pdf", "certification.cheating"},
}


def _expected_at_an_application(endpoint, actor, case):
    """None where the application is reached (the step then answers for itself), else the status:
    anonymous logs in; only the Group and the Board reach an application that nobody appealed; an
    assessor reaches only the routes of an open entry check it is proposed or appointed to (never
    the application of a candidate whose report it assesses), which are nobody else's."""
    if actor == ANONYMOUS:
        return 302
    entry_assessor = actor in ("appointed_assessor", "proposed_assessor") and case == "complete"
    if endpoint == "certification.entry_cv":  # what the experience is judged on: once appointed
        return None if entry_assessor and actor == "appointed_assessor" else 404
    if endpoint in ("certification.entry_check", "certification.opinion"):
        return None if entry_assessor else 404
    if endpoint == "certification.declaration" and entry_assessor:
        return None
    if actor in ("scheme_group", "board", "admin"):
        return 404 if endpoint in ABSENT[case] else None
    return 404


def _certification_cases(app, make_user):
    """A complete level-C application with one assessor appointed to its entry check and one
    proposed (and a third one, free); a refused one appealed to the Appeals Committee; an admitted
    candidate's report with its appointed assessor. Made-up people. Returns {name: user}, the
    applications' ids and the report's id."""
    import datetime
    import secrets

    from certification import appointments
    from certification.models import (
        REFUSED,
        Appeal,
        Candidate,
        CertApplication,
        CertAttachment,
        Report,
        StageAssessor,
    )
    from portal import uploads
    from tests.test_certification import _complete_application, register, the_board

    client = app.test_client()
    application, group = _complete_application(app, client, make_user, serial=1, email="owner@example.com")
    register(client, serial=2, email="refused@example.com", level="D")
    register(client, serial=3, email="admitted@example.com", level="C")
    people = {
        name: make_user("assessor", f"{name}@example.com") for name in CERT_ACTORS if "assessor" in name
    }
    with app.app_context():
        board = the_board()
        appointments.entry_assessor(board, application, people["appointed_assessor"])
        appointments.entry_assessor(group, application, people["proposed_assessor"], "propose")
        refused = CertApplication.get(CertApplication.email == "refused@example.com")
        CertApplication.update(state=REFUSED).where(CertApplication.id == refused.id).execute()
        Appeal.create(application=refused, filed_on=datetime.date.today(), text="Обжалвам.")
        admitted = CertApplication.get(CertApplication.email == "admitted@example.com")
        candidate = Candidate.create(
            application=admitted, candidate_id="C-TEST-0001", level="C", admitted_on=datetime.date.today()
        )
        StageAssessor.create(
            candidate=candidate,
            assessor=people["appointed_assessor"],
            appointed_by=board,
            appointed_at=datetime.datetime(2026, 1, 5),
        )
        stored = secrets.token_hex(16)
        report = Report.create(
            candidate=candidate,
            original_name="Примерна Кандидатка 0000000000.pdf",
            stored_name=stored,
            size=9,
            sha256="0" * 64,
            content_type="application/pdf",
            pages=5,
            uploaded_on=datetime.date.today(),
        )
        import os

        os.makedirs(app.config["UPLOAD_DIR"], exist_ok=True)
        cv = application.attachments.where(CertAttachment.purpose == "cv").get()
        for name in (stored, cv.stored_name):
            with open(uploads.path_of(name), "wb") as handle:
                handle.write(b"%PDF-1.4\n")
    return people, {"complete": application.id, "admitted": admitted.id}, refused.id, report.id


def _log_in_as(client, make_user, people, actor):
    """Log the client in as one of CERT_ACTORS (the assessors are those of the cases)."""
    from tests.conftest import TEST_PASSWORD

    if actor == ANONYMOUS:
        return
    user = people.get(actor) or make_user("applicant" if actor == "other_applicant" else actor)
    response = client.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 303


def _application_routes(app, application_id):
    """(endpoint, method, URL) of every certification route of one application."""
    from flask import url_for

    values = {"item_id": 1, "seat_id": 1, "purpose": "cv", "action": "submit", "language": "bg"}
    routes = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if rule.endpoint.startswith("certification.") and "application_id" in rule.arguments:
                args = {name: values.get(name, application_id) for name in rule.arguments}
                method = "GET" if "GET" in rule.methods else "POST"
                routes.append((rule.endpoint, method, url_for(rule.endpoint, **args)))
    return routes


@pytest.mark.parametrize("actor", CERT_ACTORS)
def test_who_reaches_a_certification_application(app, client, make_user, actor):
    """Points 6 and 7: at every route of an application, an assessor gets 404 unless it is the
    entry check it is proposed or appointed to; the Appeals Committee only for a case appealed to
    it; the Group and the Board reach it; nobody else does."""
    people, ids, appealed_id, _ = _certification_cases(app, make_user)
    _log_in_as(client, make_user, people, actor)
    seen = set()
    for case, application_id in ids.items():
        for endpoint, method, url in _application_routes(app, application_id):
            response = client.open(url, method=method, data={})
            response.close()
            expected = _expected_at_an_application(endpoint, actor, case)
            if expected is None:
                assert response.status_code not in (403, 404) and response.status_code < 500, (actor, url)
            else:
                assert response.status_code == expected, (actor, case, method, url, response.status_code)
            seen.add(endpoint)
    assert {"certification.application", "certification.certificate_pdf", *ENTRY_CHECK_ROUTES} <= seen
    page = client.get(f"/certification/applications/{appealed_id}")
    assert page.status_code == (
        200 if actor in ("appeals", "scheme_group", "board", "admin") else 302 if actor == ANONYMOUS else 404
    )
    pdf = client.get(f"/certification/applications/{appealed_id}/certificate-bg.pdf")
    assert pdf.status_code in (302, 404)  # none issued; and never the Committee's


@pytest.mark.parametrize(
    "actor", ["appointed_assessor", "proposed_assessor", "unassigned_assessor", "scheme_group", "appeals"]
)
def test_what_an_assessor_reads_of_an_application(app, client, make_user, actor):
    """Point 6: the applications list and the entry-check page: an appointed assessor reads the
    experience it judges (self-assessment, projects) and gives its opinion; a proposed one only
    the name and level, to declare a link; a free one nothing. No ЕГН, e-mail, referee, file name."""
    from certification.models import CertApplication
    from tests.test_certification import synthetic_egn

    people, ids, appealed_id, report_id = _certification_cases(app, make_user)
    complete_id = ids["complete"]
    _log_in_as(client, make_user, people, actor)
    with app.app_context():
        number = CertApplication.get_by_id(complete_id).number
        appealed_number = CertApplication.get_by_id(appealed_id).number
    listing = client.get("/certification/applications/").text
    page = client.get(f"/certification/assessing/entry/{complete_id}")
    report = client.get(f"/certification/reports/{report_id}")
    report.close()
    cv = client.get(f"/certification/assessing/entry/{complete_id}/cv")
    cv.close()
    assert cv.status_code == (200 if actor == "appointed_assessor" else 404)
    if cv.status_code == 200:  # named by the application's id, never by the uploaded name
        assert cv.headers["Content-Disposition"] == f"attachment; filename=cv-{complete_id}.pdf"
    if actor == "scheme_group":
        assert number in listing and appealed_number in listing and report.status_code == 200
        assert page.status_code == 404
        return
    if actor == "appeals":
        assert appealed_number in listing and number not in listing
        assert page.status_code == 404 and report.status_code == 404
        return
    assigned = actor != "unassigned_assessor"
    assert (number in listing) == assigned and appealed_number not in listing
    assert page.status_code == (200 if assigned else 404)
    assert report.status_code == (200 if actor == "appointed_assessor" else 404)
    if assigned:
        text = page.text
        for personal in (synthetic_egn(1), "owner@example.com", "ref1@example.com", "Препоръчител", "cv.pdf"):
            assert personal not in text, personal
        assert "Примерна Кандидатка Тестова" in text  # to declare a link (a relative is known by name)
        assert ('id="project-list"' in text) == (actor == "appointed_assessor")
        assert ('id="opinion-form"' in text) == (actor == "appointed_assessor")
        assert 'id="assessor-declaration-form"' in text
