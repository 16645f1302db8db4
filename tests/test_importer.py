"""The licence importer: good files, bad rows with reasons, idempotent re-import."""

import csv
import json

import pytest

from register import rules
from register.importer import CSV_COLUMNS, import_file, import_records
from register.models import ArchiveDesignation, Centre, Licence, LicenceEvent, LicensedSpeciality
from tests.factories import HOTEL, PROGRAMMER, SOFIA, VARNA, licence_record


def _write_csv(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: row.get(k, "") for k in CSV_COLUMNS})
    return str(path)


def _csv_row(number, **changes):
    row = {
        "licence_number": number,
        "licence_date": "2012-04-05",
        "order_number": "Л-12",
        "status": "active",
        "centre_name": "ЦПО „Знание“",
        "centre_kind": "cpo",
        "owner_name": "„Знание“ ООД",
        "eik": "999999995",
        "settlement_ekatte": VARNA,
        "address": "ул. „Първа“ 1",
        "specialities": f"{PROGRAMMER};{HOTEL}",
    }
    row.update(changes)
    return row


def test_good_csv_creates_licences_with_specialities_and_history(app, tmp_path):
    """Every good row becomes a centre, a licence, its specialities and its first event."""
    path = _write_csv(tmp_path / "good.csv", [_csv_row("201200001"), _csv_row("201200002")])
    with app.app_context():
        report = import_file(path)
        assert (report.created, report.updated, report.rejected) == (2, 0, [])
        licence = Licence.by_number("201200001")
        assert licence.centre.name == "ЦПО „Знание“"
        assert licence.centre.settlement.name == "Варна"
        assert sorted(s.speciality_id for s in licence.specialities) == [PROGRAMMER, HOTEL]
        assert [e.kind for e in licence.history()] == [rules.FIRST_LICENSING]


def test_bad_rows_are_rejected_with_reasons_and_good_rows_kept(app, tmp_path):
    """A bad row never aborts silently: each is named with its reason, the rest import."""
    rows = [
        _csv_row("201200010"),
        _csv_row("201200011", eik="999999996"),
        _csv_row("201200012", settlement_ekatte="99999"),
        _csv_row("201200013", specialities="9999999"),
        _csv_row("201200014", licence_date="05.04.2012"),
        _csv_row("201200010"),
        _csv_row("", centre_name="Без номер"),
        _csv_row("201200015", status="revoked"),
        _csv_row("201200016", status="temporarily_revoked", status_date="2026-01-10"),
    ]
    path = _write_csv(tmp_path / "mixed.csv", rows)
    with app.app_context():
        report = import_file(path)
        assert report.created == 1
        reasons = {row: reason for row, _, reason in report.rejected}
        assert sorted(reasons) == [2, 3, 4, 5, 6, 7, 8, 9]
        assert "ЕИК" in reasons[2]
        assert "EKATTE" in reasons[3]
        assert "List of professions" in reasons[4]
        assert "YYYY-MM-DD" in reasons[5]
        assert "earlier in the file" in reasons[6]
        assert "licence_number is missing" in reasons[7]
        assert "status_date" in reasons[8]
        assert "revoked_until" in reasons[9]
        assert Centre.select().count() == 1
        assert Licence.select().count() == 1


def test_reimport_is_idempotent_and_updates(app, tmp_path):
    """Importing the same file twice changes nothing; a changed row updates its licence."""
    path = _write_csv(tmp_path / "a.csv", [_csv_row("201200020"), _csv_row("201200021")])
    with app.app_context():
        import_file(path)
        again = import_file(path)
        assert (again.created, again.updated, again.rejected) == (0, 2, [])
        assert Licence.select().count() == 2
        assert Centre.select().count() == 2
        assert LicensedSpeciality.select().count() == 4
        assert LicenceEvent.select().count() == 2
        changed = _write_csv(
            tmp_path / "b.csv",
            [
                _csv_row(
                    "201200020", centre_name="ЦПО „Ново“", owner_name="„Ново“ ООД", specialities=PROGRAMMER
                )
            ],
        )
        report = import_file(changed)
        assert (report.created, report.updated) == (0, 1)
        licence = Licence.by_number("201200020")
        assert licence.centre.name == "ЦПО „Ново“"
        assert [s.speciality_id for s in licence.specialities] == [PROGRAMMER]
        # The search index changed in the same transaction: the old name no longer finds it.
        assert found("ново") == ["201200020"]
        assert found("знание") == ["201200021"]


def found(text):
    """Licence numbers a search for `text` finds."""
    from werkzeug.datastructures import MultiDict

    from register import search
    from register.filters import RegisterFilters

    matched = search.matches(RegisterFilters.from_args(MultiDict({"q": text}))).query
    return [licence.number for licence in matched]


def test_csv_status_implies_events_and_archive(app, tmp_path):
    """A revoked row gets its revocation event and the archive designation with 50-year retention."""
    row = _csv_row(
        "201200030",
        status="revoked",
        status_date="2021-02-01",
        archive_order_number="РД-01-5",
        archive_order_date="2021-03-01",
        archive_school_name="ПГ по туризъм",
        archive_school_settlement_ekatte=VARNA,
        archive_handover_deadline="2021-05-31",
        archive_location_text="В ПГ по туризъм",
    )
    with app.app_context():
        report = import_file(_write_csv(tmp_path / "r.csv", [row]))
        assert report.rejected == []
        licence = Licence.by_number("201200030")
        assert [e.kind for e in licence.history()] == [
            rules.FIRST_LICENSING,
            rules.FINAL_REVOCATION,
        ]
        archive = licence.archive
        assert archive.school_name == "ПГ по туризъм"
        assert archive.retention_until.isoformat() == "2071-05-31"


def test_json_import_with_history(app, tmp_path):
    """JSON files carry the whole history; the wrapper object form is accepted too."""
    record = licence_record(
        number="201500100",
        settlement=SOFIA,
        status=rules.TERMINATED,
        archive=True,
        events=[
            {"kind": "first_licensing", "date": "2015-03-02"},
            {"kind": "amendment", "date": "2017-01-10", "order_number": "Л-7"},
            {"kind": "termination", "date": "2020-05-04", "reason": "По искане"},
        ],
    )
    path = tmp_path / "l.json"
    path.write_text(json.dumps({"licences": [record]}, ensure_ascii=False), encoding="utf-8")
    with app.app_context():
        report = import_file(str(path))
        assert report.created == 1, report.rejected
        licence = Licence.by_number("201500100")
        assert [e.kind for e in licence.history()] == [
            "first_licensing",
            "amendment",
            "termination",
        ]
        assert ArchiveDesignation.select().count() == 1


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"status": "suspended"}, "status must be one of"),
        (
            {"events": [{"kind": "temporary_revocation", "date": "2020-01-01", "months": 5}]},
            "3, 4 or 6",
        ),
        ({"events": [{"kind": "party", "date": "2020-01-01"}]}, "event kind"),
        ({"archive": {"order_number": "X"}}, "school_settlement_ekatte is missing"),
    ],
)
def test_json_rows_rejected(app, change, reason):
    """Bad JSON rows are rejected with a reason and leave nothing behind."""
    record = licence_record(number="201500200")
    record.update(change)
    with app.app_context():
        report = import_records([record])
        assert report.created == 0
        assert reason in report.rejected[0][2]
        assert Licence.select().count() == 0
        assert Centre.select().count() == 0


def test_unsupported_file_type(app, tmp_path):
    """Only .csv and .json."""
    path = tmp_path / "x.txt"
    path.write_text("x")
    with app.app_context(), pytest.raises(ValueError, match=".csv or .json"):
        import_file(str(path))


def test_csv_missing_columns(app, tmp_path):
    """A CSV without the required columns is refused whole, naming them."""
    path = tmp_path / "x.csv"
    path.write_text("licence_number,centre_name\n1,a\n", encoding="utf-8")
    with app.app_context(), pytest.raises(ValueError, match="eik, settlement_ekatte"):
        import_file(str(path))


@pytest.fixture
def steps(monkeypatch):
    """The order of an import's steps: each validation, each search document's analysis, the
    write transaction's BEGIN and its end, and each row written."""
    from portal import db
    from register import importer

    log = []

    def logged(name, real):
        def wrapper(*args, **kwargs):
            log.append(name)
            return real(*args, **kwargs)

        return wrapper

    class Transaction:
        def __enter__(self):
            log.append("begin")
            self.real = db.write_transaction()
            return self.real.__enter__()

        def __exit__(self, *exc):
            log.append("end")
            return self.real.__exit__(*exc)

    monkeypatch.setattr(importer, "validate_record", logged("validate", importer.validate_record))
    monkeypatch.setattr(importer, "analyse_document", logged("analyse", importer.analyse_document))
    monkeypatch.setattr(importer, "save_record", logged("save", importer.save_record))
    monkeypatch.setattr(importer, "write_transaction", Transaction)
    return log


def test_rows_are_validated_and_analysed_before_the_write_lock_is_taken(app, tmp_path, steps):
    """Issue 11 point 15: the write transaction holds only the writing. Every row is validated
    and its search document analysed before BEGIN; inside it there is nothing but the saves."""
    rows = [_csv_row("201200101"), _csv_row("201200102", eik="999999996"), _csv_row("201200103")]
    path = _write_csv(tmp_path / "three.csv", rows)
    with app.app_context():
        report = import_file(path)
        assert (report.created, len(report.rejected)) == (2, 1)
        assert Licence.select().where(Licence.number.in_(["201200101", "201200103"])).count() == 2
        # The document written inside is the one analysed outside: the search finds both.
        assert sorted(found("знание")) == ["201200101", "201200103"]
    begin, end = steps.index("begin"), steps.index("end")
    assert steps[:begin].count("validate") == 3 and steps[:begin].count("analyse") == 2
    assert steps[begin + 1 : end] == ["save", "save"]


def test_a_file_of_bad_rows_never_takes_the_write_lock(app, tmp_path, steps):
    """A file whose every row is rejected is reported without a write transaction at all."""
    rows = [_csv_row("201200111", eik="999999996"), _csv_row("201200112", settlement_ekatte="99999")]
    path = _write_csv(tmp_path / "bad.csv", rows)
    with app.app_context():
        report = import_file(path)
        assert (report.created, len(report.rejected)) == (0, 2)
        assert not Licence.select().where(Licence.number.startswith("2012001")).exists()
    assert "begin" not in steps and "save" not in steps
