"""The annual self-assessment (issue 16 part 2, 002): graduates' follow-up by hand and from a CSV
file, the employment figures computed from it under disclosure control, a centre's report saved and
filed, NAPOO's overview and indicators, who may read and write, and that no graduate's name or
status reaches a public page or export."""

import datetime
import io

import pytest

from register.quality import rules, services
from register.quality.models import (
    FILED,
    EmploymentFigure,
    GraduateFollowUp,
    QualityIndicator,
    SelfAssessment,
)
from tests.document_factories import make_centre_account
from tests.factories import make_licence
from tests.quality_factories import make_graduates

D = datetime.date
LATER = D(2026, 3, 1)  # 12 months after nothing of 2025 yet; 6 months after January 2025
AFTER_A_YEAR = D(2026, 2, 1)


# These tests read the English wording (the Bulgarian is the site's default).
pytestmark = pytest.mark.usefixtures("english")


def _figure(licence, year=2025):
    return EmploymentFigure.get(
        (EmploymentFigure.centre == licence.centre_id) & (EmploymentFigure.year == year)
    )


# --- Follow-ups and figures ---------------------------------------------------------------------


def test_a_follow_up_is_recorded_and_the_figure_computed(app):
    with app.app_context():
        licence = make_licence(number="201900001")
        *_, last = make_graduates(licence, statuses=(rules.IN_PROFESSION, rules.IN_PROFESSION))
        services.record_follow_up(
            last,
            {"status_6": rules.ELSEWHERE, "status_12": rules.IN_PROFESSION, "source": "employer"},
            None,
            AFTER_A_YEAR,
        )
        figure = _figure(licence)
        assert (figure.graduates, figure.known, figure.in_profession, figure.employed) == (3, 3, 3, 3)
        assert figure.published and figure.share == 100
        services.record_follow_up(
            last, {"status_12": rules.NOT_EMPLOYED, "source": "graduate"}, None, AFTER_A_YEAR
        )
        figure = _figure(licence)
        assert (figure.known, figure.in_profession) == (3, 2)
        assert not figure.published and figure.share is None  # one graduate alone on the other side


@pytest.mark.parametrize(
    ("fields", "today", "field"),
    [
        (
            {"status_12": rules.IN_PROFESSION, "source": "graduate"},
            D(2026, 1, 26),
            "status_12",
        ),  # the day before
        ({"status_6": rules.IN_PROFESSION, "source": "graduate"}, D(2025, 7, 26), "status_6"),
        ({"status_12": rules.IN_PROFESSION}, AFTER_A_YEAR, "source"),  # a known status needs its source
        ({"status_12": "retired", "source": "graduate"}, AFTER_A_YEAR, "status_12"),
        ({"status_12": rules.IN_PROFESSION, "source": "rumour"}, AFTER_A_YEAR, "source"),
    ],
)
def test_a_follow_up_is_refused_with_the_field_at_fault(app, fields, today, field):
    with app.app_context():
        (document,) = make_graduates(make_licence(number="201900001"), count=1)
        with pytest.raises(services.QualityError) as refused:
            services.record_follow_up(document, fields, None, today)
        assert refused.value.field == field
        assert GraduateFollowUp.select().count() == 0


def test_the_12_month_status_opens_on_its_day(app):
    with app.app_context():
        (document,) = make_graduates(make_licence(number="201900001"), count=1)
        assert services.record_follow_up(
            document, {"status_12": rules.UNKNOWN}, None, D(2026, 1, 27)
        )  # unknown: no source needed


def test_a_stale_follow_up_form_is_refused_and_a_double_submit_is_harmless(app):
    with app.app_context():
        (document,) = make_graduates(make_licence(number="201900001"), count=1, statuses=(rules.UNKNOWN,))
        fields = {"status_12": rules.EDUCATION, "source": "survey"}
        services.record_follow_up(document, fields, None, LATER, version=1)
        services.record_follow_up(document, fields, None, LATER, version=1)  # the same again: no refusal
        assert GraduateFollowUp.get().version == 2
        with pytest.raises(services.QualityError, match="changed"):
            services.record_follow_up(document, {"status_12": rules.UNKNOWN}, None, LATER, version=1)


def _csv(*lines):
    return ("\n".join(["registration_number;status_6;status_12;source", *lines]) + "\n").encode()


def test_the_import_is_all_or_nothing_with_each_bad_row_named(app):
    with app.app_context():
        licence = make_licence(number="201900001")
        documents = make_graduates(licence)
        numbers = [d.registration_number for d in documents]
        bad = _csv(
            f"{numbers[0]};in_profession;in_profession;employer",
            "Р-1;in_profession;;graduate",  # not a graduate of this centre's year
            f"{numbers[1]};;in_profession;",  # no source
            f"{numbers[0]};;unknown;",  # twice
        )
        with pytest.raises(services.ImportRefused) as refused:
            services.import_follow_ups(licence.centre_id, 2025, bad, None, LATER)
        assert [line for line, _ in refused.value.problems] == [3, 4, 5]
        assert GraduateFollowUp.select().count() == 0
        good = _csv(*(f"{n};elsewhere;in_profession;survey" for n in numbers))
        assert services.import_follow_ups(licence.centre_id, 2025, good, None, LATER) == 3
        assert _figure(licence).share == 100


def test_only_registered_originals_of_a_training_are_graduates(app):
    from register.documents import rules as document_rules
    from register.documents.models import IssuedDocument
    from register.quality.models import graduates

    with app.app_context():
        licence = make_licence(number="201900001")
        documents = make_graduates(licence)
        IssuedDocument.update(kind=document_rules.VALIDATION).where(
            IssuedDocument.id == documents[0].id
        ).execute()
        IssuedDocument.update(state="submitted").where(IssuedDocument.id == documents[1].id).execute()
        assert [d.id for d in graduates(licence.centre_id, 2025)] == [documents[2].id]
        assert list(graduates(licence.centre_id, 2024)) == []


# --- The report -----------------------------------------------------------------------------------


def _answers(year, score="4"):
    return {i.id: (score, "Протокол № 1") for i in services.indicators(year) if not i.computed}


def test_a_report_is_saved_then_filed_once(app):
    with app.app_context():
        licence = make_licence(number="201900001")
        report = services.save_report(licence.centre_id, 2025, {}, None)
        with pytest.raises(services.QualityError, match="Score every indicator"):
            services.file_report(licence.centre_id, 2025, None, D(2026, 3, 31), report.version)
        report = services.save_report(licence.centre_id, 2025, _answers(2025), None, report.version)
        filed = services.file_report(licence.centre_id, 2025, None, D(2026, 3, 31), report.version)
        assert filed.state == FILED and filed.filed_on == D(2026, 3, 31)
        again = services.file_report(licence.centre_id, 2025, None, D(2026, 4, 2), report.version)
        assert again.filed_on == D(2026, 3, 31)  # a double click changes nothing
        with pytest.raises(services.QualityError, match="filed"):
            services.save_report(licence.centre_id, 2025, _answers(2025, "1"), None)


@pytest.mark.parametrize("score", ["0", "6", "x", "²", "-1"])
def test_a_score_outside_the_scale_is_refused(app, score):
    with app.app_context():
        licence = make_licence(number="201900001")
        with pytest.raises(services.QualityError) as refused:
            services.save_report(licence.centre_id, 2025, _answers(2025, score), None)
        assert refused.value.field.startswith("score-")
        assert SelfAssessment.select().count() == 0


def test_a_stale_report_form_is_refused(app):
    with app.app_context():
        licence = make_licence(number="201900001")
        report = services.save_report(licence.centre_id, 2025, {}, None)
        services.save_report(licence.centre_id, 2025, _answers(2025), None, report.version)
        with pytest.raises(services.QualityError, match="meanwhile"):
            services.save_report(licence.centre_id, 2025, _answers(2025, "2"), None, report.version)


def test_a_year_starts_as_a_copy_of_the_year_before(app):
    with app.app_context():
        first = services.indicators(2024)
        assert any(i.computed for i in first)  # the example set has the employment indicator
        services.add_indicator(2024, {"criterion": "Партньорства", "title": "Договори с работодатели"})
        assert [i.title for i in services.indicators(2025)][-1] == "Договори с работодатели"
        employment = next(i for i in services.indicators(2025) if i.computed)
        with pytest.raises(services.QualityError):
            services.remove_indicator(employment)


def test_an_indicator_a_centre_scored_stays(app):
    with app.app_context():
        licence = make_licence(number="201900001")
        services.save_report(licence.centre_id, 2025, _answers(2025), None)
        typed = next(i for i in services.indicators(2025) if not i.computed)
        with pytest.raises(services.QualityError, match="scored"):
            services.remove_indicator(typed)
        assert QualityIndicator.get_by_id(typed.id)


def test_the_overview_counts_filed_late_and_missing(app):
    with app.app_context():
        on_time, late, missing = (make_licence(number=n) for n in ("201900001", "201900002", "201900003"))
        for licence, day in ((on_time, D(2026, 3, 31)), (late, D(2026, 4, 1))):
            report = services.save_report(licence.centre_id, 2025, _answers(2025), None)
            services.file_report(licence.centre_id, 2025, None, day, report.version)
        rows, counts = services.overview(2025, D(2026, 4, 1))
        assert counts == {rules.FILED: 1, rules.LATE: 1, rules.MISSING: 1, rules.OPEN: 0}
        _, before = services.overview(2025, D(2026, 3, 31))
        assert before[rules.OPEN] == 1 and before[rules.MISSING] == 0


# --- The pages ------------------------------------------------------------------------------------


def _centre_login(app, login, number="201900001"):
    user = login("centre")
    with app.app_context():
        licence = make_licence(number=number)
        make_centre_account(user, licence)
    return licence


def test_the_centre_records_a_follow_up_on_its_page(app, client, login):
    licence = _centre_login(app, login)
    with app.app_context():
        (document,) = make_graduates(licence, count=1)
    url = f"/centre/{licence.centre_id}/quality/graduates/2025/{document.id}"
    page = client.get(url)
    assert page.status_code == 200 and "Status 12 months after the document" in page.text
    refused = client.post(url, data={"status_12": "in_profession"}, headers={"HX-Request": "true"})
    assert refused.status_code == 422 and "<html" not in refused.text and "Say where" in refused.text
    saved = client.post(url, data={"status_12": "in_profession", "source": "employer"})
    assert saved.status_code == 303
    listing = client.get(f"/centre/{licence.centre_id}/quality/graduates/2025")
    assert "Employed in the profession" in listing.text and "Завършил0" in listing.text


def test_napoo_reads_but_does_not_write_and_others_get_404(app, client, login):
    with app.app_context():
        licence = make_licence(number="201900001")
        (document,) = make_graduates(licence, count=1)
    url = f"/centre/{licence.centre_id}/quality/graduates/2025/{document.id}"
    login("napoo_officer")
    assert client.get(url).status_code == 200
    assert client.post(url, data={"status_12": "unknown"}).status_code == 403
    assert client.post(f"/centre/{licence.centre_id}/quality/reports/2025", data={}).status_code == 403
    client.post("/logout")
    login("centre")  # an account that does not act for this centre
    assert client.get(url).status_code == 404


def test_the_centre_files_its_report_on_the_page(app, client, login):
    licence = _centre_login(app, login)
    base = f"/centre/{licence.centre_id}/quality/reports/2025"
    with app.app_context():
        typed = [i for i in services.indicators(2025) if not i.computed]
    form = {f"score-{i.id}": "5" for i in typed} | {f"evidence-{i.id}": "Анкета" for i in typed}
    assert client.post(base, data={**form, f"score-{typed[0].id}": "9"}).status_code == 422
    assert client.post(base, data={f"score-{typed[0].id}": "3"}).status_code == 303  # a partial draft
    with app.app_context():
        version = services.report_of(licence.centre_id, 2025).version
    refused = client.post(base + "/file", data={"version": version})  # not every indicator scored
    assert refused.status_code == 422 and "Score every indicator" in refused.text
    assert '<option value="3" selected>' in refused.text  # the saved draft is shown, not emptied
    assert client.post(base, data=form).status_code == 303
    with app.app_context():
        version = services.report_of(licence.centre_id, 2025).version
    assert client.post(base + "/file", data={"version": version}).status_code == 303
    assert client.post(base + "/file", data={"version": version}).status_code == 303  # a double click
    assert "Filed on" in client.get(base).text
    client.set_cookie("lang", "bg")  # a year is written as a year, never grouped like a figure
    page = client.get(f"/centre/{licence.centre_id}/quality").text
    assert "2025" in page and "2 025" not in page and "2\u00a0025" not in page


def test_napoo_overview_and_indicators(app, client, login):
    with app.app_context():
        make_licence(number="201900001")
    login("napoo_expert")
    page = client.get("/staff/quality/?year=2025")
    assert page.status_code == 200 and "Missing" in page.text
    assert client.get("/staff/quality/").status_code == 302
    assert (
        client.post("/staff/quality/2025/indicators", data={"criterion": "A", "title": "B"}).status_code
        == 403
    )
    client.post("/logout")
    login("napoo_officer")
    added = client.post(
        "/staff/quality/2025/indicators", data={"criterion": "Партньорства", "title": "Договори"}
    )
    assert added.status_code == 303
    with app.app_context():
        from portal.audit import AuditEntry

        assert AuditEntry.get(AuditEntry.action == "add_indicator").user_email == "napoo_officer@example.test"
    assert "Договори" in client.get("/staff/quality/2025/indicators").text
    assert (
        client.post("/staff/quality/2025/indicators", data={"criterion": "", "title": ""}).status_code == 422
    )


def test_the_public_page_shows_the_indicator_and_never_a_graduate(app, client):
    with app.app_context():
        licence = make_licence(number="201900001")
        documents = make_graduates(licence, count=3, statuses=(rules.IN_PROFESSION,) * 3)
        make_graduates(licence, year=2024, count=2, statuses=(rules.NOT_EMPLOYED,) * 2)
        services.refresh_figures(licence.centre_id, 2025)
        services.refresh_figures(licence.centre_id, 2024)
        names = [d.holder_name for d in documents]
        numbers = [d.registration_number for d in documents]
    page = client.get("/licences/201900001")
    assert "Employment of graduates" in page.text
    assert "100 %" in page.text and "not published" in page.text
    data = client.get("/licences/201900001.json").json
    assert {
        (r["year"], r["employed_in_the_profession_percent"]) for r in data["employment_of_graduates"]
    } == {
        (2025, 100),
        (2024, "not published"),
    }
    _assert_no_graduate_data(client, names + numbers)


def _assert_no_graduate_data(client, secrets):
    """No public page or export names a graduate, their document's number, or a status."""
    statuses = ["Employed elsewhere", "Not employed", "In further education", "not_employed", "in_profession"]
    for url in (
        "/licences/201900001",
        "/licences/201900001.json",
        "/licences/",
        "/licences.csv",
        "/licences.json",
        "/licences/?sort=-employment",
        "/data/registar-licences.csv",
        "/data/registar-licences.json",
    ):
        response = client.get(url)
        text = response.get_data(as_text=True)
        response.close()
        for secret in [*secrets, *statuses]:
            assert secret not in text, (url, secret)


def test_the_register_filters_and_sorts_by_the_published_indicator(app, client):
    with app.app_context():
        high, low, unpublished = (make_licence(number=n) for n in ("201900001", "201900002", "201900003"))
        make_graduates(high, statuses=(rules.IN_PROFESSION,) * 3)  # 100 %
        make_graduates(low, count=6, statuses=(rules.IN_PROFESSION,) * 3 + (rules.NOT_EMPLOYED,) * 3)  # 50 %
        make_graduates(unpublished, count=2, statuses=(rules.IN_PROFESSION,) * 2)  # two: not published
        for licence in (high, low, unpublished):
            services.refresh_figures(licence.centre_id, 2025)
    listed = client.get("/licences.json?employment=60").json
    assert [r["licence_number"] for r in listed["rows"]] == ["201900001"]
    listed = client.get("/licences.json?employment=50").json
    assert {r["licence_number"] for r in listed["rows"]} == {"201900001", "201900002"}
    assert client.get("/licences.csv?employment=101").status_code == 200  # out of range: ignored
    ordered = client.get("/licences.json?sort=-employment").json
    assert [r["licence_number"] for r in ordered["rows"]] == ["201900001", "201900002", "201900003"]
    words = client.get("/licences.json?q=Тест&employment=60").json  # the index's hits narrowed too
    assert [r["licence_number"] for r in words["rows"]] == ["201900001"]
    page = client.get("/licences/?q=Тест&employment=60")
    assert "201900002" not in page.text
    page = client.get("/licences/?employment=60")
    assert page.status_code == 200 and 'name="employment"' in page.text


def test_the_demo_follows_its_graduates_once(runner, app, client):
    """`flask demo-logins` records the demo graduates' follow-up through the services, once, and the
    demo centre's public page shows its indicator (the demo documents are of 2025: their 12 months
    have passed on any day from October 2026)."""
    with app.app_context():
        make_licence(number="201900001")
    runner.invoke(args=["demo-logins"])
    runner.invoke(args=["demo-logins"])
    with app.app_context():
        assert GraduateFollowUp.select().count() == 3  # three originals registered; not the duplicate
        figure = EmploymentFigure.get()
        assert (figure.graduates, figure.known, figure.published, figure.share) == (3, 3, True, 100)
        assert SelfAssessment.get().state == "draft"
    assert "100 %" in client.get("/licences/201900001").text


def test_the_import_page_names_each_bad_row(app, client, login):
    licence = _centre_login(app, login)
    with app.app_context():
        (document,) = make_graduates(licence, count=1)
    url = f"/centre/{licence.centre_id}/quality/graduates/2025/import"
    bad = _csv("Р-1;;unknown;")
    refused = client.post(
        url,
        data={"file": (io.BytesIO(bad), "f.csv")},
        headers={"HX-Request": "true"},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 422 and "Line 2" in refused.text and "<html" not in refused.text
    good = _csv(f"{document.registration_number};;not_employed;survey")
    saved = client.post(url, data={"file": (io.BytesIO(good), "f.csv")}, content_type="multipart/form-data")
    assert saved.status_code == 303
    with app.app_context():
        assert GraduateFollowUp.get().status_12 == rules.NOT_EMPLOYED


def test_the_indicators_form_answers_htmx_with_its_block(app, client, login):
    login("napoo_officer")
    refused = client.post(
        "/staff/quality/2025/indicators", data={"criterion": "", "title": ""}, headers={"HX-Request": "true"}
    )
    assert refused.status_code == 422 and "<html" not in refused.text and 'id="indicators"' in refused.text
    assert "Remove" in refused.text  # each typed indicator's button, in the fragment too


def test_the_report_answers_htmx_with_its_block(app, client, login):
    licence = _centre_login(app, login)
    page = client.get(f"/centre/{licence.centre_id}/quality/reports/2025", headers={"HX-Request": "true"})
    assert page.status_code == 200 and "<html" not in page.text and 'id="report-form"' in page.text


def test_the_indicators_are_averaged_over_filed_reports_only(app):
    from register.quality.models import SelfAssessmentScore

    with app.app_context():
        filed, draft = (make_licence(number=n) for n in ("201900001", "201900002"))
        report = services.save_report(filed.centre_id, 2025, _answers(2025, "4"), None)
        services.file_report(filed.centre_id, 2025, None, D(2026, 3, 1), report.version)
        services.save_report(draft.centre_id, 2025, _answers(2025, "1"), None)
        means = SelfAssessmentScore.mean_scores(2025)
        assert {mean for mean, _ in means.values()} == {4.0}
        assert {count for _, count in means.values()} == {1}


@pytest.mark.parametrize(("role", "status"), [("napoo_expert", 403), ("napoo_officer", 303), ("centre", 403)])
def test_only_napoo_editors_remove_an_indicator(app, client, login, role, status):
    login(role)
    with app.app_context():
        typed = next(i for i in services.indicators(2025) if not i.computed)
    response = client.post(f"/staff/quality/2025/indicators/{typed.id}/remove")
    assert response.status_code == status
