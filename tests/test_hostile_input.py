"""No 500 on any input (issue 11, points 10-12, 14): garbled versions, ids beyond the database's
integers, whitespace and non-ASCII digits in numbers, control characters in uploaded file names;
and a fuzz test sending hostile values to every URL id and every form field of every route, as
every role, asserting that nothing answers 5xx."""

import io
import re
from html.parser import HTMLParser
from urllib.parse import quote, urljoin, urlsplit

import peewee
import pytest

from certification.models import CertApplication, ExamSession
from portal.accounts import User
from portal.db import database
from portal.uploads import safe_filename
from portal.web import MAX_ID, parse_int
from register import rules
from register.licensing.models import Attachment, LicensingApplication
from register.models import Licence
from tests.conftest import TEST_PASSWORD
from tests.factories import make_licence

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
GARBLED_VERSIONS = ["x", "2026-01-05", "²", "٣", " ", "-1", str(MAX_ID), str(2**31), str(2**63), str(2**64)]


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
        (str(2**31), None),  # past PostgreSQL's integer, the type of ids and versions
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


@pytest.mark.parametrize("typed", ["٣٣", "１２", "1e1", "²", "7 0", "0x10"])
def test_a_mark_is_typed_in_ascii_digits(typed):
    """parse_mark reads ASCII digits only: Decimal('٣٣') would be 33."""
    from certification import rules as certification_rules

    with pytest.raises(ValueError, match="not a number"):
        certification_rules.parse_mark(typed, 1)


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


@pytest.mark.parametrize("value", [str(2**31), str(2**63), str(2**64), "9" * 40, "²", "٣"])
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
    for value in (str(2**31), str(2**63), str(2**64), "²", "x"):
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
    data = {f"present-{seat.id}": "yes" for seat in seats}
    data[f"late-{seats[0].id}"] = late
    response = client.post(f"/certification/sessions/{session.id}/protocol", data=data)
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
        # PostgreSQL keeps no NUL in text: there a name from before the fix has other control characters.
        sqlite = isinstance(database.obj, peewee.SqliteDatabase)
        Attachment.update(original_name="заявление\x00\r\n.pdf" if sqlite else "заявление\x07\r\n.pdf").where(
            Attachment.id == attachment.id
        ).execute()
    download = client.get(url)
    assert download.status_code == 200 and download.data == PDF
    assert not any(c in download.headers["Content-Disposition"] for c in "\x00\x07\r\n")
    download.close()


# --- The fuzz test: every route, every URL id, every form field, every role ----------------------
#
# One run (the first test that needs it) loads the demo data (`flask demo-logins`: a user of each
# role, licensing applications, a published exam, certificates) and two licences, then as each
# identity: requests every route with hostile values in its URL variables; crawls the pages it may
# see, and posts every form found there once per field with that field hostile (the other fields
# kept or filled plausibly) and once with every field hostile; and posts every POST route with
# every field name the code reads (WTForms fields and raw request.form names) hostile. Each
# endpoint's test then asserts that none of its requests answered 5xx. Values are sampled by a
# fixed rotation, so the run is deterministic and takes seconds.

# The values of the issue, and a few more; a field gets those of its kind first.
NUMBERS = ["x", "²", "٣", " ", "-1", str(2**31), str(2**63), str(2**64), "1e400", "0"]
DATES = ["9999-12-31", "9999-12-31T23:59", "0001-01-01", "2026-02-30", " ", "x", "²"]
TEXTS = ["a\x00b", "я" * 5000, " ", "", "<script>x</script>", "\u202e", "²"]
HOSTILE = NUMBERS + DATES + TEXTS
BY_TYPE = {"date": DATES, "datetime-local": DATES, "number": NUMBERS, "hidden": NUMBERS, "select": NUMBERS}
# Every date field gets the year 9999 (point 13), then values by rotation.
YEAR_9999 = {"date": "9999-12-31", "datetime-local": "9999-12-31T23:59"}
PER_FIELD = 3  # hostile values per field of a form (its kind's first, by rotation)
RAW_SHARE = 4  # each identity posts every code-read field name to one POST route in RAW_SHARE
KEPT = {"action", "csrf_token"}
LEFT_ALONE = {"accounts.logout"}  # the identity's session stays for the rest of its turn
URL_INTS = ["0", "-1", str(2**31), str(2**63 - 1), str(2**63), str(2**64), "²"]
URL_STRINGS = ["x", "²", "a\x00b", "9" * 30, "я" * 300, "%"]
START_PAGES = [
    "/",
    "/staff/",
    "/staff/outbox",
    "/applications/",
    "/apply",
    "/login",
    "/certification/applications/",
    "/certification/sessions/",
    "/certification/assessing",
    "/certification/marking",
    "/certification/appeals",
    "/certification/my-result",
    "/certification/apply",
    "/certification/results/",
    "/certification/schedule",
    "/certificates/",
    "/staff/licences/201900001/events/new",
    "/staff/licences/201900002/archive",
    "/staff/licences/201900002/archive/notice",
    "/staff/licences/201900002/archive/handover",
    "/staff/archives",
]
NOT_CRAWLED = re.compile(r"\.(pdf|csv|json|atom)$|/files/|/reports/|^/static/|^/lang/|^/logout|^/v/")
PAGES_PER_IDENTITY = 16  # pages read (a refused one is not counted)
PLAUSIBLE = {
    "date": "2026-01-05",
    "datetime-local": "2026-01-05T10:00",
    "number": "1",
    "email": "fuzz@example.test",
    "file": None,
}


class _Forms(HTMLParser):
    """The forms of a page (action, method, multipart, fields with their values, submit buttons)
    and its links."""

    def __init__(self):
        super().__init__()
        self.forms, self.links, self._form, self._select = [], [], None, None

    def handle_starttag(self, tag, attrs):
        """Collect forms, their fields and buttons, and links."""
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self._form = {
                "action": a.get("action", ""),
                "method": a.get("method", "get").lower(),
                "multipart": "multipart" in a.get("enctype", ""),
                "fields": {},
                "types": {},
                "required": set(),
                "buttons": [],
            }
            self.forms.append(self._form)
        elif tag == "option" and self._form is not None and self._select and a.get("value"):
            self._form["fields"][self._select] = self._form["fields"][self._select] or a["value"]
        elif self._form is None or not a.get("name"):
            return
        elif tag in ("input", "button"):
            kind = a.get("type", "text" if tag == "input" else "submit").lower()
            if kind in ("submit", "image"):
                self._form["buttons"].append((a["name"], a.get("value", "")))
            elif kind not in ("checkbox", "radio") or "checked" in a or a["name"] not in self._form["fields"]:
                self._form["fields"][a["name"]] = a.get("value", "")
                self._form["types"][a["name"]] = kind
        elif tag == "textarea":
            self._form["fields"][a["name"]] = ""
            self._form["types"][a["name"]] = "textarea"
        elif tag == "select":
            self._select = a["name"]
            self._form["fields"].setdefault(a["name"], "")
            self._form["types"][a["name"]] = "select"

        if self._form is not None and "required" in a and a.get("name"):
            self._form["required"].add(a["name"])

    def handle_endtag(self, tag):
        """Close a form or a select."""
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def _code_field_names():
    """Every field name the code reads from a form: WTForms fields and raw request.form names."""
    import pathlib

    from flask_wtf import FlaskForm

    import certification.forms
    import portal.forms
    import register.forms
    import register.licensing.forms

    names = set()
    for module in (certification.forms, portal.forms, register.forms, register.licensing.forms):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, FlaskForm):
                names.update(
                    n
                    for n in dir(value)
                    if not n.startswith("_") and hasattr(getattr(value, n), "field_class")
                )
    root = pathlib.Path(__file__).resolve().parent.parent
    pattern = re.compile(r"""(?:form\.get(?:list)?|form_id)\(\s*["']([\w-]+)["']""")
    for package in ("portal", "register", "certification"):
        for path in sorted((root / package).rglob("*.py")):
            names.update(pattern.findall(path.read_text(encoding="utf-8")))
    return sorted(names)


def _identities():
    """(label, e-mail) of everyone the fuzz acts as, anonymous first."""
    from certification.demo import DEMO_PERSON
    from register.cli import DEMO_USERS
    from register.licensing.demo import DEMO_APPLICANT

    # The applicants first: their steps (filing, submitting) open the staff's forms.
    return [
        ("anonymous", None),
        ("applicant (licensing)", DEMO_APPLICANT),
        ("applicant (drafting)", DEMO_PERSON),
        ("applicant (certified)", "c0@demo.registar.test"),
        *[(role, email) for email, role, _ in DEMO_USERS if email != "assessor2@demo.registar.test"],
    ]


def _record_pages(app):
    """The page of every licensing application, certification application and exam session."""
    with app.app_context():
        return [
            *[
                f"/applications/{a.id}"
                for a in LicensingApplication.select().order_by(LicensingApplication.id)
            ],
            *[
                f"/certification/applications/{a.id}"
                for a in CertApplication.select().order_by(CertApplication.id)
            ],
            *[f"/certification/sessions/{s.id}" for s in ExamSession.select().order_by(ExamSession.id)],
        ]


def _load_world(app):
    """The demo data, two licences and everyone's test password."""
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo-logins"]).exit_code == 0
    with app.app_context():
        make_licence(number="201900001")
        make_licence(number="201900002", status=rules.REVOKED, archive=True)
        for user in User.select():
            user.set_password(TEST_PASSWORD)
            user.save()


def _variables(rule):
    """(name, converter) of a rule's variables, in order."""
    return list(rule._converters.items())


def _fill(rule, value_for):
    """The path of `rule` with each variable given by value_for(name, converter)."""
    path = rule.rule
    for name, converter in _variables(rule):
        pattern = re.compile(r"<(?:[^:<>]+:)?" + re.escape(name) + r">")
        value = quote(value_for(name, converter), safe="")
        path = pattern.sub(lambda _m, value=value: value, path, count=1)
    return path


def _plain_value(name, converter):
    """A plausible value for a URL variable: the first of an any(), 1 for an id, a real licence."""
    from werkzeug.routing import AnyConverter, IntegerConverter

    if isinstance(converter, AnyConverter):
        return sorted(converter.items)[0]
    if isinstance(converter, IntegerConverter):
        return "1"
    return "201900001" if name == "number" else "x"


class _Fuzzer:
    """Sends the hostile requests and records, per endpoint, those answered 5xx."""

    def __init__(self, app):
        """A fuzzer of `app`, whose URL map names the endpoints."""
        self.app, self.failures, self.counter = app, {}, 0
        self.adapter = app.url_map.bind("localhost")

    def hostile(self, kind=None):
        """The next hostile value for a field of `kind` (its kind's values two times in three), by a
        fixed rotation: the same run every time."""
        self.counter += 1
        values = BY_TYPE.get(kind, TEXTS) if self.counter % 3 else HOSTILE
        return values[self.counter % len(values)]

    def endpoint_of(self, method, path):
        """The endpoint a request goes to, or None when no route matches."""
        try:
            return self.adapter.match(path.split("?")[0], method=method)[0]
        except Exception:  # noqa: BLE001 - 404, 405 or a redirect: no route to blame
            return None

    def send(self, client, who, method, path, data=None, multipart=False):
        """One request; a 5xx is recorded against the route's endpoint."""
        if multipart:
            data = {k: v for k, v in (data or {}).items()}
            data = {k: (io.BytesIO(PDF), "a\x00.pdf") if v is None else v for k, v in data.items()}
        elif data:
            data = {k: "" if v is None else v for k, v in data.items()}
        response = client.open(path, method=method, data=data, headers={"Accept": "text/html"})
        response.close()
        if response.status_code >= 500:
            endpoint = self.endpoint_of(method, path) or "(no route)"
            shown = {k: (v[:40] if isinstance(v, str) else "<file>") for k, v in (data or {}).items()}
            self.failures.setdefault(endpoint, []).append(
                f"{who} {method} {path[:120]} {shown} -> {response.status_code}"
            )
        return response

    def urls(self, client, who, turn, turns):
        """Every route with hostile values in its URL variables (one per variable per request)."""
        for number, rule in enumerate(sorted(self.app.url_map.iter_rules(), key=lambda r: r.rule)):
            variables = _variables(rule)
            if not variables or rule.endpoint == "static":
                continue
            from werkzeug.routing import AnyConverter, IntegerConverter

            for name, converter in variables:
                if isinstance(converter, AnyConverter):
                    continue
                values = URL_INTS if isinstance(converter, IntegerConverter) else URL_STRINGS
                # Each identity takes its share of the values, all of them over the identities.
                # Each (route, value) once, the identities taking turns.
                for value in values[(number + turn) % turns :: turns]:
                    path = _fill(
                        rule, lambda n, c, name=name, value=value: value if n == name else _plain_value(n, c)
                    )
                    method = "GET" if "GET" in rule.methods else "POST"
                    self.send(client, who, method, path, {} if method == "POST" else None)

    def crawl(self, client, records):
        """The forms on the pages `client` may see: the start pages, the records' pages (reached
        even when a list page fails), and the pages with ids they link to."""
        seen, queue, forms, read = set(), [*START_PAGES, *records], [], 0
        while queue and read < PAGES_PER_IDENTITY:
            page = queue.pop(0)
            if page in seen:
                continue
            seen.add(page)
            response = client.get(page, headers={"Accept": "text/html"})
            if response.status_code != 200 or "html" not in response.content_type:
                response.close()
                continue
            read += 1
            parser = _Forms()
            parser.feed(response.text)
            response.close()
            for form in parser.forms:
                form["page"] = page
            forms += [f for f in parser.forms if f["method"] == "post"]
            for link in parser.links:
                target = urljoin(page, link)
                parts = urlsplit(target)
                if parts.netloc or NOT_CRAWLED.search(parts.path) or not re.search(r"/\d+", parts.path):
                    continue
                queue.append(parts.path)
        return forms

    def forms(self, client, who, forms, done):
        """Each form not fuzzed yet: once per field with that field hostile, once all hostile."""
        for form in forms:
            action = urljoin(form["page"], form["action"] or form["page"])
            for button in form["buttons"] or [None]:
                key = (self.endpoint_of("POST", action), tuple(sorted(form["fields"])), button)
                if key in done or key[0] in LEFT_ALONE:
                    continue
                done.add(key)
                # The page's values; a required field left empty gets a plausible one.
                base = {
                    name: value
                    or (PLAUSIBLE.get(form["types"].get(name), "Тест") if name in form["required"] else "")
                    for name, value in form["fields"].items()
                }
                if button:
                    base[button[0]] = button[1]
                # The step a form takes stays (raw_names garbles it): its fields are what is tested.
                names = [n for n in form["fields"] if form["types"].get(n) != "file" and n not in KEPT]
                for name in names:
                    kind = form["types"].get(name)
                    values = [YEAR_9999[kind]] if kind in YEAR_9999 else []
                    values += [self.hostile(kind) for _ in range(PER_FIELD - len(values))]
                    for hostile in values:
                        self.send(client, who, "POST", action, {**base, name: hostile}, form["multipart"])
                everything = {name: self.hostile(form["types"].get(name)) for name in names}
                self.send(client, who, "POST", action, {**base, **everything}, form["multipart"])

    def downloads(self, client, who, forms):
        """The uploaded files linked from the pages whose forms were posted (a hostile upload's
        name must not break its download)."""
        for page in sorted({form["page"] for form in forms if form["multipart"]}):
            response = client.get(page, headers={"Accept": "text/html"})
            parser = _Forms()
            parser.feed(response.get_data(as_text=True))
            response.close()
            for link in sorted(set(parser.links)):
                if "/files/" in link and not urlsplit(link).netloc:
                    self.send(client, who, "GET", urljoin(page, link))

    def raw_names(self, client, who, turn, names):
        """Every POST route with every field name the code reads set to a hostile value."""
        for number, rule in enumerate(sorted(self.app.url_map.iter_rules(), key=lambda r: r.rule)):
            if "POST" in rule.methods and (number + turn) % RAW_SHARE == 0:
                data = {name: self.hostile()[:300] for name in names}  # 5,000 characters each: slow
                self.send(client, who, "POST", _fill(rule, _plain_value), data)


def _log_in(client, email):
    """Log the client in (a fresh session)."""
    client.post("/logout")
    if email:
        response = client.post("/login", data={"email": email, "password": TEST_PASSWORD})
        assert response.status_code == 303, email


@pytest.fixture(scope="module")
def fuzz(database_url, tmp_path_factory):
    """One fuzz run for the module, on its own app (the test database, emptied afterwards):
    {"failures": {endpoint: [request -> status]}, "forms": the (endpoint, fields, button) fuzzed}."""
    from portal import create_app
    from portal.db import database
    from tests.conftest import _clear_tables, app_config

    # A server error answers 500 as in production, for the run to record it and go on.
    app = create_app(app_config(database_url, tmp_path_factory.mktemp("fuzz"), PROPAGATE_EXCEPTIONS=False))
    try:
        _load_world(app)
        fuzzer, names, done = _Fuzzer(app), _code_field_names(), set()
        client = app.test_client()
        client.set_cookie("lang", "en")
        identities, records = _identities(), _record_pages(app)
        for turn, (who, email) in enumerate(identities):
            _log_in(client, email)
            fuzzer.urls(client, who, turn, len(identities))
            forms = fuzzer.crawl(client, records)
            fuzzer.forms(client, who, forms, done)
            fuzzer.downloads(client, who, forms)
            _log_in(client, email)  # a form may have logged it out
            fuzzer.raw_names(client, who, turn, names)
    finally:
        # Emptied before the checks: the module's later tests start from an empty database.
        with app.app_context():
            _clear_tables()
        database.close()
    return {"failures": fuzzer.failures, "forms": done}


def _endpoints():
    """Every endpoint of the app (its URL map, without a database)."""
    from portal import create_app

    app = create_app({"TESTING": True, "DATABASE_URL": "sqlite:///:memory:", "SECRET_KEY": "x"})
    return sorted({rule.endpoint for rule in app.url_map.iter_rules()})


@pytest.mark.parametrize("endpoint", _endpoints())
def test_no_hostile_value_makes_a_server_error(fuzz, endpoint):
    """No request of the fuzz run to this endpoint answered 5xx."""
    failures = fuzz["failures"].get(endpoint, [])
    assert not failures, "\n".join(failures[:20])


def test_the_fuzz_run_reached_the_forms(fuzz):
    """The crawl found the forms of the main workflows (so the run tests something), and every
    server error it met was at a route."""
    endpoints = {key[0] for key in fuzz["forms"]}
    assert {
        "licensing.profile",
        "certification.save",
        "certification.session_protocol",
        "register.new_event",
    } <= endpoints
    assert "(no route)" not in fuzz["failures"]


@pytest.mark.parametrize("field", ["organisation_name", "email"])
def test_a_nul_character_in_a_form_is_refused_before_any_view(app, client, field):
    """A NUL (which PostgreSQL refuses in text) in a form field: 400, nothing written."""
    from tests.test_licensing import register as register_centre

    response = register_centre(
        client, **{field: "Пример\x00ООД" if field != "email" else "a\x00@example.com"}
    )
    assert response.status_code == 400
    with app.app_context():
        assert User.select().count() == 0 and LicensingApplication.select().count() == 0


@pytest.mark.parametrize("url", ["/licences/2019%0000001", "/pages/a%00"])
def test_a_nul_character_in_a_path_is_refused(client, url):
    """In the path: 400."""
    assert client.get(url).status_code == 400


def test_a_nul_character_in_a_query_is_dropped(app, client, login):
    """In the query string: removed, so a look-up reads the rest (on PostgreSQL a NUL in a query
    parameter would be a 500)."""
    with app.app_context():
        make_licence(number="201900001")
    login("napoo_officer")
    found = client.get("/staff/", query_string={"number": "2019\x0000001"})
    assert found.status_code == 303 and found.headers["Location"].endswith(
        "/staff/licences/201900001/events/new"
    )


@pytest.mark.parametrize(
    ("page", "expected"), [("3", 3), (" 2 ", 2), ("٣", 1), ("²", 1), ("9" * 30, 1), ("-5", 1)]
)
def test_the_register_reads_its_page_number_in_ascii_digits(page, expected):
    """A page number of Unicode digits is no page number (int('٣') would be 3): the first page."""
    from werkzeug.datastructures import MultiDict

    from register.filters import RegisterFilters

    assert RegisterFilters.from_args(MultiDict({"page": page})).page == expected
