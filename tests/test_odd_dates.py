"""Issue 11 point 13: dates out of any sensible range. Every form refuses year 9999 with a clear
message (portal.forms.DateRange), the views that parse dates themselves too (parse_date), and a
row stored with year 9999 or year 1 (by an old import, or by hand in the database) never turns
a public page into a 500: the dates computed from it are held at the calendar's ends."""

import datetime

import pytest
from werkzeug.datastructures import MultiDict

from certification import forms as certification_forms
from certification.models import Candidate, Certificate, ExamSession, Seat
from portal import forms as portal_forms
from register import forms as register_forms
from register.licensing import forms as licensing_forms
from register.models import ArchiveDesignation, Licence, LicenceEvent, LicensedSpeciality
from tests.factories import make_licence
from tests.test_certification import _english, _published  # noqa: F401 - _english: autouse fixture
from tests.test_stages import passed_c  # noqa: F401 - a fixture

FORM_MODULES = (register_forms, licensing_forms, certification_forms, portal_forms)
DATE_TYPES = ("DateField", "DateTimeLocalField", "DateTimeField")


def _dated_forms():
    """(form class, names of its date fields) of every form of the four modules."""
    from flask_wtf import FlaskForm

    found = {}
    for module in FORM_MODULES:
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, FlaskForm) and value is not FlaskForm:
                names = [
                    name
                    for name in dir(value)
                    if getattr(getattr(value, name), "field_class", type).__name__ in DATE_TYPES
                ]
                if names:
                    found[value] = names
    return found


DATED_FORMS = _dated_forms()


def test_the_forms_with_dates_are_all_found():
    """The parametrised test below sees every dated form (a new one joins it by itself)."""
    names = {form.__name__ for form in DATED_FORMS}
    assert {"LicenceEventForm", "ArchiveForm", "FilingForm", "SessionForm", "LookupForm"} <= names
    assert sum(len(fields) for fields in DATED_FORMS.values()) >= 20


def _typed(form_class, field_name, year):
    """What a browser sends for that field with a date in `year`."""
    field = getattr(form_class, field_name)
    if field.field_class.__name__ == "DateField":
        return f"{year:04d}-12-31"
    return f"{year:04d}-12-31T23:59"


@pytest.mark.parametrize(
    ("form_class", "field_name"),
    [(form, name) for form, names in DATED_FORMS.items() for name in names],
    ids=lambda value: getattr(value, "__name__", value),
)
@pytest.mark.parametrize("year", [9999, 1])
def test_every_date_field_refuses_a_date_out_of_range(app, form_class, field_name, year):
    """Year 9999 (or 1) in any date of any form: the field has an error naming the range, and the
    form does not validate; a date of this year passes the same check."""
    with app.test_request_context("/", method="POST"):
        form = form_class(formdata=MultiDict({field_name: _typed(form_class, field_name, year)}))
        form.validate()
        errors = getattr(form, field_name).errors
        assert any("Enter a date between" in str(error) for error in errors), errors
        today = datetime.date.today().year
        form = form_class(formdata=MultiDict({field_name: _typed(form_class, field_name, today)}))
        form.validate()
        assert not any("Enter a date between" in str(e) for e in getattr(form, field_name).errors)


def test_a_session_in_year_9999_is_refused_by_the_form_and_nothing_stored(app, client, login):
    """The Group's form for a session: 9999-12-31T23:59 is refused with the range, no session."""
    login("scheme_group")
    response = client.post(
        "/certification/sessions/",
        data={"level": "D", "starts_at": "9999-12-31T23:59", "place": "Зала 1"},
    )
    assert response.status_code == 422
    assert "Enter a date between" in response.text
    with app.app_context():
        assert ExamSession.select().count() == 0


ODD = {9999: datetime.date(9999, 12, 31), 1: datetime.date(1, 1, 1)}


def _odd_licence(day):
    """A revoked licence with its archive, and a temporarily revoked one, every date `day`."""
    revoked = make_licence(status="revoked", archive=True)
    temporary = make_licence(status="temporarily_revoked")
    for licence in (revoked, temporary):
        Licence.update(licence_date=day, order_date=day, status_date=day, revoked_until=day).where(
            Licence.id == licence.id
        ).execute()
        LicenceEvent.update(date=day).where(LicenceEvent.licence == licence).execute()
        LicensedSpeciality.update(added_on=day).where(LicensedSpeciality.licence == licence).execute()
    ArchiveDesignation.update(order_date=day, handover_deadline=day, retention_until=day).where(
        ArchiveDesignation.licence == revoked
    ).execute()
    return [revoked.number, temporary.number]


def _odd_certification(app, client, make_user, day):
    """A published session moved to `day` (its candidates' dates too), and a certificate issued,
    expiring and withdrawn on `day`; returns the session's id."""
    session, ids, _ = _published(app, client, make_user)
    moment = datetime.datetime.combine(day, datetime.time(23, 59) if day.year > 1 else datetime.time())
    with app.app_context():
        ExamSession.update(starts_at=moment, published_on=day, next_stage_on=day).where(
            ExamSession.id == session.id
        ).execute()
        Candidate.update(admitted_on=day, final_published_on=day).where(
            Candidate.candidate_id.in_(ids)
        ).execute()
        for number, withdrawn in ((f"ODD-{day.year}-1", None), (f"ODD-{day.year}-2", day)):
            Certificate.create(
                number=number,
                level="D",
                holder_name="Примерен Притежател",
                issued_on=day,
                expires_on=day,
                withdrawn_on=withdrawn,
                withdrawal_reason="тест" if withdrawn else "",
                verify_token=f"odd{day.year}{number[-1]}",
            )
        assert Seat.select().where(Seat.session == session.id).count() == 2
    return session.id, ids


@pytest.mark.parametrize("year", [9999, 1])
def test_public_pages_survive_rows_stored_with_odd_dates(app, client, make_user, year):
    """Rows stored directly with year 9999 or year 1 (past any form): every public page that shows
    or computes from them answers 200 and shows the row."""
    day = ODD[year]
    with app.app_context():
        numbers = _odd_licence(day)
    session_id, ids = _odd_certification(app, client, make_user, day)
    client.post("/logout")
    pages = {
        "/": None,
        "/licences/": numbers[0],
        "/licences/revoked": numbers[0],
        "/licences.csv": numbers[0],
        "/licences.json": numbers[0],
        f"/licences/{numbers[0]}": str(year),
        f"/licences/{numbers[0]}.json": numbers[0],
        f"/licences/{numbers[1]}": str(year),
        "/data/registar-licences.csv": numbers[0],
        "/certification/schedule": None,
        "/certification/results/": None,
        f"/certification/results/{session_id}": None,  # two candidates: disclosure control hides them
        "/certification/results/final": None,
        "/certificates/": f"ODD-{year}-1",
        "/certificates.csv": f"ODD-{year}-1",
        "/certificates.json": f"ODD-{year}-2",
        f"/certificates/ODD-{year}-1": str(year),
        f"/certificates/ODD-{year}-2": str(year),
        f"/v/odd{year}1": f"ODD-{year}-1",
        "/certificates/feed.atom": None,
    }
    for path, shown in pages.items():
        response = client.get(path, follow_redirects=True)
        assert response.status_code == 200, (path, response.status_code)
        if shown:
            assert shown in response.get_data(as_text=True), path
        response.close()
    if year == 9999:  # the session lies ahead: the schedule lists it, with its candidates' IDs
        assert ids[0] in client.get("/certification/schedule").text
    lookup = client.post(
        "/certification/my-result", data={"candidate_id": ids[0], "exam_day": day.isoformat()}
    )
    assert lookup.status_code in (200, 422)


def test_views_that_parse_dates_themselves_refuse_year_9999(app, client, passed_c):  # noqa: F811
    """The interview's start and the Board's decision date are read from the raw form
    (portal.forms.parse_datetime, parse_date): year 9999 is refused with the field's message,
    and nothing is recorded."""
    from certification.models import Interview
    from tests.test_certification import log_in

    with app.app_context():
        winner = Candidate.get(Candidate.candidate_id == passed_c[0])
    log_in(client, app, "group@example.com", password_set=True)
    url = f"/certification/applications/{winner.application_id}"
    interview = client.post(
        f"{url}/interview",
        data={"starts_at": "9999-12-31T23:59", "conversation_minutes": "60", "place": "БАУП"},
    )
    assert interview.status_code == 422
    decision = client.post(f"{url}/board-report", data={"on_date": "9999-12-31"})
    assert decision.status_code == 422 and "Enter the date of the decision." in decision.text
    with app.app_context():
        assert Interview.select().count() == 0
        assert Candidate.get_by_id(winner.id).reported_on is None


def test_next_stage_in_year_9999_is_refused(app, client, make_user):
    """exams.set_next_stage parses the Group's typed date with parse_date: 9999 is refused."""
    from certification import exams
    from certification.services import CertificationError
    from portal.accounts import User

    session, _, _ = _published(app, client, make_user)
    with app.app_context():
        group = User.get(User.email == "group@example.com")
        with pytest.raises(CertificationError, match="Enter the date of the next stage"):
            exams.set_next_stage(group, ExamSession.get_by_id(session.id), "9999-12-31")
        assert ExamSession.get_by_id(session.id).next_stage_on is None


def test_parse_date_and_parse_datetime_keep_to_the_range():
    """The raw-request parsers take what the forms take, and refuse the rest with ValueError."""
    this_year = datetime.date.today().year
    assert portal_forms.parse_date(f"{this_year}-03-02") == datetime.date(this_year, 3, 2)
    assert portal_forms.parse_datetime(f"{this_year}-03-02T09:30").hour == 9
    for text in ("9999-12-31", "0001-01-01", "1899-12-31", f"{this_year + 51}-01-01", "", "утре"):
        with pytest.raises(ValueError):
            portal_forms.parse_date(text)
    with pytest.raises(ValueError):
        portal_forms.parse_datetime(f"{this_year + 6}-01-01T09:00", years_ahead=5)


def test_the_importer_refuses_a_date_out_of_range(app):
    """An import row with year 9999 (its archive's 50 years would overflow) is rejected with its
    reason; the rest of the file imports."""
    from register.importer import import_records
    from tests.factories import licence_record

    good, odd = licence_record(), licence_record(licence_date="9999-12-31")
    with app.app_context():
        report = import_records([good, odd])
        assert report.created == 1
        assert [(row, reason) for row, _, reason in report.rejected] == [
            (2, f"licence_date 9999-12-31 is outside 1900-01-01 to {portal_forms.latest_date()}")
        ]
        assert Licence.by_number(odd["licence_number"]) is None


def test_date_arithmetic_holds_at_the_calendar_ends():
    """add_months, add_time and the terms built on them answer at the calendar's ends instead of
    overflowing: the computed date of an odd stored row is odd, never an error."""
    from certification import certificate_rules
    from certification import rules as cert_rules
    from register import rules

    last, first = datetime.date.max, datetime.date.min
    assert rules.add_months(last, 1) == last and rules.add_months(first, -1) == first
    assert rules.add_time(datetime.datetime.max, minutes=90) == datetime.datetime.max
    assert rules.add_time(first, days=-1) == first
    assert rules.archive_retention_end(last) == last
    assert rules.temporary_revocation_end(last, 3) == datetime.date(9999, 12, 30)
    assert cert_rules.working_days_after(last, 10) == last
    assert cert_rules.feedback_request_due(last) == last
    assert cert_rules.appeal_without_feedback_due(last) == last
    assert cert_rules.may_sit_until(last) == last
    assert cert_rules.next_stage_allowed_from(last) == last
    assert certificate_rules.expires_on(last) == last
    moment = datetime.datetime(9999, 12, 31, 23, 0)
    assert certificate_rules.interview_end(moment, 60, "C") == datetime.datetime.max


@pytest.mark.parametrize("year", [9999, 1])
def test_staff_and_candidate_pages_survive_rows_stored_with_odd_dates(app, client, make_user, year):
    """The same odd rows on the pages that compute terms from them (the licence's event and
    archive forms, the sessions, a candidate's application with its deadlines): 200, no 500."""
    from tests.test_certification import log_in

    day = ODD[year]
    with app.app_context():
        numbers = _odd_licence(day)
    session_id, ids = _odd_certification(app, client, make_user, day)
    with app.app_context():
        application_id = Candidate.get(Candidate.candidate_id == ids[0]).application_id
    pages = {
        "group@example.com": [
            "/certification/sessions/",
            f"/certification/sessions/{session_id}",
            f"/certification/applications/{application_id}",
            "/certification/applications/",
        ],
        "c0@example.com": [f"/certification/applications/{application_id}"],
    }
    for email, paths in pages.items():
        log_in(client, app, email, password_set=email.startswith("group"))
        for path in paths:
            assert client.get(path).status_code == 200, (email, path)
    make_user("napoo_officer", "officer@example.com")
    log_in(client, app, "officer@example.com", password_set=True)
    staff = ("/staff/", f"/staff/licences/{numbers[0]}/archive", f"/staff/licences/{numbers[1]}/events/new")
    for path in staff:
        assert client.get(path).status_code == 200, path
