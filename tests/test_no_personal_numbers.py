"""A property of every public response (issue 15, part 4): random valid ЕГН and holders' names
written into participants and registered documents, at open and closed centres, never appear in a
public page, export, data dump, feed or verification answer. The public URL map is crawled, not
listed by hand, so a new public route is scanned without anyone remembering to add it."""

import datetime
import itertools
import re

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from portal.identity_rules import egn_check_digit, egn_is_valid
from register import rules as register_rules
from register.documents import rules
from register.documents.models import REGISTERED, IssuedDocument
from tests.document_factories import make_course, make_document, make_participant
from tests.factories import make_licence

_licence_numbers = itertools.count(201950001)
LETTERS = "абвгдежзиклмнопрстуфхцчшюя"


@st.composite
def egns(draw):
    """A valid ЕГН of a person born 1900-2099 (the month +40 for births from 2000)."""
    born = draw(st.dates(datetime.date(1930, 1, 1), datetime.date(2008, 12, 31)))
    month = born.month + (40 if born.year >= 2000 else 0)
    digits = f"{born.year % 100:02d}{month:02d}{born.day:02d}{draw(st.integers(0, 999)):03d}"
    egn = digits + str(egn_check_digit(digits))
    assert egn_is_valid(egn)
    return egn


names = st.text(LETTERS, min_size=7, max_size=10).map(lambda s: "Щ" + s)
holders = st.lists(st.tuples(egns(), names, names), min_size=2, max_size=5, unique_by=lambda h: h[0])


def _public_urls(app, numbers):
    """Every GET URL of the URL map that can be built without a record id: pages, lists and their
    exports, the data dumps, feeds; with each licence's page (and JSON) and each holder's link."""
    tokens = [d.verify_token for d in IssuedDocument.select(IssuedDocument.verify_token)]
    urls = set()
    skipped = {"static", "accounts.set_language", "accounts.set_password", "accounts.logout"}
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in skipped:
            continue
        formats = re.findall(r"any\(([^)]*)\)", rule.rule)
        choices = [f.strip() for f in formats[0].split(",")] if formats else [None]
        needed = set(rule.arguments) - set(rule.defaults or {}) - {"fmt"}
        for fmt in choices:
            values = {"fmt": fmt} if fmt else {}
            if not needed:
                urls.add(rule.build(values, append_unknown=False)[1])
            elif needed == {"number"} and rule.endpoint == "register.licence":
                urls.update(rule.build({**values, "number": n})[1] for n in numbers)
            elif needed == {"token"} and rule.endpoint == "documents.holder_link":
                urls.update(rule.build({"token": t})[1] for t in tokens)
    return sorted(urls)


# A few examples, not shrunk: each crawls the whole public site (a failure prints its data anyway).
@settings(
    max_examples=3,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(people=holders, closed=st.booleans())
def test_no_public_response_holds_a_personal_number_or_a_holders_name(app, client, people, closed):
    """Scan every public response as an anonymous visitor."""
    with app.app_context():
        open_licence = make_licence(number=str(next(_licence_numbers)))
        closed_licence = make_licence(
            number=str(next(_licence_numbers)), status=register_rules.REVOKED, archive=True
        )
        documents = []
        for index, (egn, first, last) in enumerate(people):
            licence = closed_licence if closed and index % 2 else open_licence
            course = make_course(licence)
            person = make_participant(course, personal_number=egn, first_name=first, last_name=last)
            make_document(person, state=REGISTERED, factory_number=str(2000 + index))
            documents.append((egn, str(2000 + index)))
        urls = _public_urls(app, [open_licence.number, closed_licence.number])
    assert "/documents/verify" in urls and any(u.startswith("/documents/v/") for u in urls)
    secrets = [egn for egn, _, _ in people] + [n for _, first, last in people for n in (first, last)]
    answers = [
        client.post(
            "/documents/verify",
            data={"kind": rules.QUALIFICATION, "series": "А-25", "number": number, "personal_number": egn},
        )
        for egn, number in documents
    ]
    for response in answers:
        assert 'class="verdict valid"' in response.get_data(as_text=True)
    for url, response in [("verify POST", r) for r in answers] + [(url, None) for url in urls]:
        if response is None:
            response = client.get(url)
        body = response.get_data(as_text=True)  # a streamed export is read to its end, then closed
        response.close()
        location = response.headers.get("Location", "")
        for secret in secrets:
            assert secret not in body and secret not in location, (url, secret)
