"""The EKATTE classifier and the List of professions (СППОО)."""

import pytest
from openpyxl import Workbook

from register.models import (
    Municipality,
    Profession,
    ProfessionalField,
    Region,
    Settlement,
    Speciality,
)
from register.places import load_places
from register.professions import (
    ProfessionsImportError,
    codes_nest,
    import_professions,
    parse_professions,
)


def test_places_are_the_real_classifier(app):
    """28 regions, 265 municipalities, 5,256 settlements, keyed by EKATTE code; reload is idempotent."""
    with app.app_context():
        assert load_places() == (28, 265, 5256)
        assert Region.select().count() == 28
        assert Municipality.select().count() == 265
        assert Settlement.select().count() == 5256
        varna = Settlement.get_by_id("10135")
        assert (varna.label, varna.municipality.name, varna.region.name) == (
            "гр. Варна",
            "Варна",
            "Варна",
        )
        assert varna.postcode == "9000"


def test_shipped_professions_subset(app):
    """The shipped subset: at least 60 real professions across at least 12 fields."""
    with app.app_context():
        report = import_professions()
        assert report["rejected"] == []
        assert Profession.select().count() >= 60
        assert ProfessionalField.select().count() >= 12
        assert Speciality.get_by_id("4810301").profession.code == "481030"


@pytest.mark.parametrize(
    ("field", "profession", "speciality", "nests"),
    [
        ("481", "481030", "4810301", True),
        ("521", "521010", "5210117", True),  # 17th speciality: 5 digits of the profession + 17
        ("481", "481030", "4810401", False),
        ("482", "481030", "4810301", False),
    ],
)
def test_codes_nest(field, profession, speciality, nests):
    """СППОО codes nest by prefix."""
    assert codes_nest(field, profession, speciality) is nests


def _sheet(path, rows):
    book = Workbook()
    sheet = book.active
    sheet.append(
        [
            "Код на област на образование",
            "Област на образование",
            "Код на професионално направление",
            "Професионално направление",
            "Код на професия",
            "Професия",
            "Код на специалност",
            "Специалност",
            "Степен на професионална квалификация",
        ]
    )
    for row in rows:
        sheet.append(row)
    book.save(path)
    return str(path)


def test_official_spreadsheet_layout(app, tmp_path):
    """The official .xlsx headings are read; bad rows are reported with their line."""
    path = _sheet(
        tmp_path / "sppoo.xlsx",
        [
            [
                "48",
                "Информатика",
                "481",
                "Компютърни науки",
                "481030",
                "Приложен програмист",
                "4810301",
                "Приложно програмиране",
                "III",
            ],
            [
                "48",
                "Информатика",
                "481",
                "Компютърни науки",
                "481030",
                "Приложен програмист",
                "4820301",
                "Грешен код",
                "III",
            ],
            [
                "48",
                "Информатика",
                "481",
                "Компютърни науки",
                "481030",
                "Приложен програмист",
                "4810302",
                "Без степен",
                "V",
            ],
            [None] * 9,
        ],
    )
    rows, rejected = parse_professions(path)
    assert [r["speciality_code"] for r in rows] == ["4810301"]
    assert rows[0]["degree"] == 3
    assert [line for line, _ in rejected] == [3, 4]
    with app.app_context():
        report = import_professions(path)
    assert report["specialities"] == 1


def test_spreadsheet_without_code_columns_is_refused(tmp_path):
    """A file that is not the List of professions is refused, naming the missing columns."""
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ProfessionsImportError, match="field_code"):
        parse_professions(str(path))
    with pytest.raises(ProfessionsImportError):
        parse_professions(str(tmp_path / "x.pdf"))


@pytest.mark.parametrize(
    "model", [Settlement, Municipality, Region, ProfessionalField, Profession, Speciality]
)
def test_a_write_to_reference_data_is_counted_so_the_tests_caches_are_dropped(app, model):
    """conftest keeps the caches of reference data between rolled-back tests unless the test wrote a
    reference row: every write to every reference table is counted."""
    from portal.db import database
    from tests.conftest import REFERENCE_TABLES, _reference_writes

    assert model._meta.table_name in REFERENCE_TABLES
    with app.app_context():
        before = _reference_writes(database.obj)
        row = model.select().first()
        model.update({model._meta.primary_key: row.get_id()}).where(
            model._meta.primary_key == row.get_id()
        ).execute()
        assert _reference_writes(database.obj) > before
