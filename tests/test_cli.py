"""Operations through the flask CLI."""

import csv
import json
import os

from register.demo import generate_records
from register.models import ArchiveDesignation, Licence


def test_db_upgrade_is_idempotent(runner):
    """Migrations already applied: nothing to do."""
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0
    assert "applied 0 migration" in result.output
    status = runner.invoke(args=["db", "status"])
    assert "applied  001_initial" in status.output


def test_register_import_reports(runner, app, tmp_path):
    """`flask register import` prints created/updated/rejected and each rejected row's reason."""
    path = tmp_path / "l.json"
    records = [
        {
            "licence_number": "201700001",
            "licence_date": "2017-01-01",
            "centre": {
                "name": "ЦПО",
                "owner_name": "ООД",
                "eik": "999999995",
                "settlement_ekatte": "10135",
            },
        },
        {
            "licence_number": "201700002",
            "licence_date": "2017-01-01",
            "centre": {
                "name": "ЦПО",
                "owner_name": "ООД",
                "eik": "123",
                "settlement_ekatte": "10135",
            },
        },
    ]
    path.write_text(json.dumps(records), encoding="utf-8")
    result = runner.invoke(args=["register", "import", str(path)])
    assert result.exit_code == 0
    assert "created 1, updated 0, rejected 1" in result.output
    assert "row 2 (201700002): eik '123' is not a valid" in result.output


def test_register_import_refuses_unknown_format(runner, tmp_path):
    """A clear message, not a traceback."""
    path = tmp_path / "x.xml"
    path.write_text("<x/>")
    result = runner.invoke(args=["register", "import", str(path)])
    assert result.exit_code == 1
    assert ".csv or .json" in result.output


def test_demo_is_deterministic_and_realistic(app):
    """The same seed gives the same register; ~6% closed with archives, ~2% temporarily revoked."""
    with app.app_context():
        first = generate_records(600, seed=7)
        assert first == generate_records(600, seed=7)
        assert first != generate_records(600, seed=8)
        statuses = [r["status"] for r in first]
        closed = [r for r in first if r["status"] in ("revoked", "terminated")]
        assert 12 <= len(closed) <= 60
        assert all(r["archive"] for r in closed)
        assert 3 <= statuses.count("temporarily_revoked") <= 30
        assert len({r["licence_number"] for r in first}) == 600


def test_register_demo_loads_through_the_importer(runner, app):
    """`flask register demo` fills the register; --if-empty then leaves it alone."""
    result = runner.invoke(args=["register", "demo", "--centres", "120"])
    assert result.exit_code == 0, result.output
    assert "created 120, updated 0, rejected 0" in result.output
    with app.app_context():
        assert Licence.select().count() == 120
        closed = Licence.select().where(Licence.status.in_(["revoked", "terminated"])).count()
        assert ArchiveDesignation.select().count() == closed
    again = runner.invoke(args=["register", "demo", "--if-empty"])
    assert "not loaded" in again.output


def test_register_export_writes_dumps(runner, app):
    """`flask register export` writes both dumps."""
    runner.invoke(args=["register", "demo", "--centres", "30"])
    result = runner.invoke(args=["register", "export"])
    assert result.exit_code == 0
    csv_path = os.path.join(app.config["DATA_DIR"], "registar-licences.csv")
    with open(csv_path, encoding="utf-8", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == 30


def test_demo_logins_prints_fresh_passwords(runner):
    """Demo users get new random passwords each time, printed once."""
    first = runner.invoke(args=["demo-logins"]).output
    second = runner.invoke(args=["demo-logins"]).output
    assert "officer@demo.registar.test" in first and "centre@demo.registar.test" in first
    assert first != second


def test_demo_logins_seed_applications_for_every_role_once(runner, app):
    """The demo has an application being prepared (the demo applicant's), one filed and one with
    the experts; running the command again adds none."""
    from register.licensing.models import LicensingApplication

    runner.invoke(args=["demo-logins"])
    runner.invoke(args=["demo-logins"])
    with app.app_context():
        states = sorted(a.state for a in LicensingApplication.select())
        mine = LicensingApplication.get(LicensingApplication.email == "centre@demo.registar.test")
        assert states == ["draft", "filed", "in_assessment"]
        assert mine.state == "draft" and "phone" in mine.missing()


def test_demo_logins_seed_a_published_certification_exam_once(runner, app, client):
    """The demo has listed assessors, a person preparing an application and a published level-D
    exam of three candidates, whose public page shows their IDs; a second run adds nothing."""
    from certification.models import AssessorProfile, CertApplication, ExamSession

    first = runner.invoke(args=["demo-logins"]).output
    runner.invoke(args=["demo-logins"])
    assert "person@demo.registar.test" in first and "group@demo.registar.test" in first
    with app.app_context():
        session = ExamSession.get()
        assert session.published_on is not None and CertApplication.select().count() == 4
        assert AssessorProfile.select().count() == 2
    page = client.get(f"/certification/results/{session.id}").text
    assert page.count("<code>") == 3 and "Демо Изпитван" not in page


def test_demo_logins_seed_the_register_of_issued_documents_once(runner, app):
    """With licences to hang them on, the demo has documents in every state a visitor or NAPOO meets
    (in the register, one a duplicate and one of a closed centre; returned; refused; waiting), a
    centre's account, and prints values that verify a registered document; a second run adds none."""
    from register import rules as register_rules
    from register.documents.identity import personal_number_hash
    from register.documents.models import IssuedDocument, normalise_number
    from tests.factories import make_licence

    with app.app_context():
        make_licence(licence_date="2015-03-02")
        make_licence(status=register_rules.REVOKED, archive=True, licence_date="2016-04-04")
    first = runner.invoke(args=["demo-logins"]).output
    runner.invoke(args=["demo-logins"])
    assert "director@demo.registar.test" in first
    line = first.split("Verify a demo document", 1)[1].splitlines()[1]
    kind, series, number, egn = (part.split()[-1] for part in line.split(","))
    with app.app_context():
        states = sorted(d.state for d in IssuedDocument.select())
        assert states == ["refused", "registered", "registered", "registered", "registered", "registered"] + [
            "returned",
            "submitted",
        ]
        assert IssuedDocument.select().where(IssuedDocument.original.is_null(False)).count() == 1
        found = IssuedDocument.find_registered(
            kind, f"{normalise_number(series)}/{number}", personal_number_hash(egn)
        )
        assert found is not None and found.images.count() == 1
