"""Search that understands Bulgarian: the same tests on SQLite FTS5 and PostgreSQL full-text."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

import search_index
from register import rules, search
from register.filters import RegisterFilters
from register.importer import import_records
from tests.factories import HOTEL, PLOVDIV, PROGRAMMER, SOFIA, VARNA, licence_record, make_licence


def numbers(app, text, **args):
    """Licence numbers a search returns, in order."""
    with app.app_context():
        result = search.search(RegisterFilters.from_args(MultiDict({"q": text, **args})))
        return [licence.number for licence in result.rows]


@pytest.fixture
def centres(app):
    """A handful of centres with names, places and owners that exercise the analysis."""
    with app.app_context():
        make_licence(
            number="202400001",
            name="ЦПО „Щастлива звезда“",
            settlement=SOFIA,
            owner_name="„Звезда“ ЕООД",
            eik="200000002",
        )
        make_licence(
            number="202400002",
            name="Център за професионално обучение „Мехатроника“",
            settlement=PLOVDIV,
            specialities=[PROGRAMMER],
        )
        make_licence(number="202400003", name="ЦПО „Знание“", settlement=VARNA, specialities=[HOTEL])
        make_licence(
            number="202400004",
            name="ЦПО „Алфа“",
            settlement=VARNA,
            owner_name="„Знание“ ООД",
            status=rules.REVOKED,
            archive=True,
        )
        make_licence(number="202400005", name="ЦПО „Южен бряг“", settlement=VARNA)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Shtastliva", "202400001"),  # the 2009 Transliteration Act: щ → sht, ъ → a
        ("shtastliva zvezda", "202400001"),
        ("Sofia", "202400001"),
        ("Sofiya", "202400001"),  # informal: ya for the Act's ia
        ("Sofija", "202400001"),
        ("Софиа", "202400001"),
        ("Соф", "202400001"),  # the last word as a prefix
        ("Мехат", "202400002"),
        ("Plovdiv", "202400002"),
        ("Iuzhen", "202400005"),
        ("Juzhen", "202400005"),
        ("Yuzhen", "202400005"),
        ("мехатрониката", "202400002"),  # the definite article is stemmed away
        ("центрове за обучение в Пловдив", "202400002"),  # plural, stopwords, place
        ("„Знание“", "202400003"),  # quotes in names are ignored
        ("ЦПО Znanie", "202400003"),  # mixed scripts
        ("СOФИЯ", "202400001"),  # a Latin O inside a Cyrillic word
        ("202400004", "202400004"),  # licence number
        ("200000002", "202400001"),  # ЕИК
    ],
)
def test_finds(app, centres, text, expected):
    """Inflected, transliterated, informal, prefixed, quoted and numeric queries find their centre first."""
    assert numbers(app, text)[:1] == [expected]


def test_name_match_ranks_before_owner_match(app, centres):
    """ "Знание" is the name of one centre and the owner of another: the name comes first."""
    assert numbers(app, "знание") == ["202400003", "202400004"]


def test_typo_is_corrected_with_a_suggestion(app, client, centres):
    """A word with no hits is matched within edit distance 1 (2 from 8 letters) and suggested."""
    assert numbers(app, "Мехатронкиа")[:1] == ["202400002"]  # 2 edits, 11 letters
    assert numbers(app, "Знанеи") == ["202400003", "202400004"]  # a transposition: 1 edit
    page = client.get("/licences/?q=Мехатронкиа").text
    assert 'id="suggestion"' in page
    assert "мехатроника" in page.split('id="suggestion"')[1].split("</p>")[0]
    assert numbers(app, "Зн") != []  # 2 letters: a prefix, never a typo


def test_short_words_are_not_fuzzy(app, centres):
    """Three letters with no hit stay unmatched: no guessing on tiny words."""
    assert numbers(app, "Жщю") == []


def test_highlight_marks_matches_and_escapes(app):
    """Matched words are in <mark>; everything else is escaped."""
    query = search_index.parse("знание <b>")
    html = str(search_index.highlight("ЦПО „Знание“ <script>", query))
    assert "<mark>Знание</mark>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_facets_count_the_whole_result_and_toggle(app, client, centres):
    """Facet counts cover every hit; each value links to the same search with the filter toggled."""
    page = client.get("/licences/?q=цпо").text
    facets = page.split('class="facets"')[1].split("</aside>")[0]
    assert "/licences/?q=%D1%86%D0%BF%D0%BE&amp;status=revoked" in facets
    assert '>Варна</a> <span class="facet-count">3</span>' in facets
    filtered = client.get("/licences/?q=цпо&region=VAR").text
    assert 'aria-current="true" class="selected">Варна' in filtered


def test_index_is_written_in_the_records_transaction(app, centres):
    """A rejected row leaves no document; a reimport replaces the old document at once."""
    with app.app_context():
        bad = licence_record(number="202400009", name="ЦПО „Невидим“")
        bad["centre"]["eik"] = "123"
        assert import_records([bad]).created == 0
    assert numbers(app, "невидим") == []
    with app.app_context():
        record = licence_record(number="202400003", name="ЦПО „Прогрес“", settlement=VARNA)
        import_records([record])
    assert numbers(app, "прогрес") == ["202400003"]
    assert "202400003" not in numbers(app, "знание")


def test_reindex_rebuilds_everything(app, runner, centres):
    """`flask search reindex` rebuilds the documents from the register."""
    with app.app_context():
        search_index.engine().clear(search.REGISTER)
    assert numbers(app, "мехатроника") == []
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert "indexed 5 licences" in result.output
    assert numbers(app, "мехатроника") == ["202400002"]


def _index_snapshot():
    documents = search_index.documents(search.REGISTER, range(1, 1000))
    hits = {
        text: numbers_in_index(text)
        for text in ("знание", "sofia", "мех", "варна", "програмист", "zvezda", "202400004")
    }
    return documents, hits


def numbers_in_index(text):
    query = search_index.parse(text, search.entities())
    return sorted(search_index.first_ids(search.REGISTER, query, 100))


@pytest.mark.commits  # the worker processes read the register on their own connections
def test_reindex_in_worker_processes_writes_the_same_index(app, centres):
    """Large registers are read and analysed by two other processes (batches taken in turn, written
    in order): the index is the same as one built in this process, batch boundaries included."""
    with app.app_context():
        assert search.reindex(batch=2, workers=0) == 5
        alone = _index_snapshot()
        assert search.reindex(batch=2, workers=2) == 5
        assert _index_snapshot() == alone
        assert alone[1]["знание"] and alone[1]["sofia"] and alone[0]


@pytest.mark.commits  # the worker processes read the register on their own connections
def test_reindex_worker_failure_keeps_the_old_index(app, centres, monkeypatch):
    """A worker that cannot read the register fails the reindex, which rolls back: the old index
    is still there and still answers."""
    with app.app_context():
        before = _index_snapshot()
        monkeypatch.setattr(
            search.indexing, "_database_url", lambda: "sqlite:////nonexistent-dir/registar.sqlite3"
        )
        with pytest.raises(RuntimeError, match="reindex worker"):
            search.reindex(batch=2, workers=2)
        assert _index_snapshot() == before


def test_sort_by_name_overrides_relevance(app, centres):
    """An explicit sort wins over best match."""
    assert numbers(app, "знание", sort="-name") == ["202400003", "202400004"]
    assert numbers(app, "цпо", sort="number")[:3] == ["202400001", "202400002", "202400003"]


def test_abbreviation_and_long_form_find_each_other(app, centres):
    """ЦПО is "център за професионално обучение": either form finds both kinds of name."""
    assert "202400002" in numbers(app, "цпо")  # named in full
    assert "202400003" in numbers(app, "център за професионално обучение")  # named ЦПО


NASTY = [
    "NEAR(a b",
    '"',
    '""',
    "*",
    "a*b",
    "AND",
    "OR NOT",
    "(",
    ")))",
    "'; DROP TABLE licence; --",
    "-",
    "^",
    "{name}: x",
    "name:x",
    "\\",
    "%",
    "_",
    "😀📚",
    "\x00\x01\x1b[31m",
    "שלום עולם",
    "مرحبا",
    "x" * 10_000,
    "а" * 300,
    " ",
    "\u200b",
    "１２３",
    "ЦПО " * 50,
]


@pytest.mark.parametrize("text", NASTY)
def test_bad_input_never_fails(client, centres, text):
    """FTS operators, SQL, emoji, control characters, RTL text, 10,000 characters: a normal page."""
    for path in ("/licences/", "/licences/revoked", "/licences.json", "/licences.csv"):
        response = client.get(path, query_string={"q": text})
        response.get_data()  # streamed exports run to the end
        response.close()
        assert response.status_code == 200, (path, text)
    assert (
        client.get("/licences/", query_string={"q": text}, headers={"HX-Request": "true"}).status_code == 200
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=80))
def test_any_text_searches_without_error(app, centres, text):
    """Property: any string is a valid query on this engine."""
    with app.app_context():
        result = search.search(RegisterFilters.from_args(MultiDict({"q": text})))
        assert result.total >= 0
        assert len(result.rows) <= result.total


def test_large_results_are_listed_by_name_without_counting(app, client, centres, monkeypatch):
    """Past COUNT_CAP hits: no exact count, no ranking, hits in name order, facets on demand."""
    monkeypatch.setattr(search, "COUNT_CAP", 2)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["search", "reindex"]).exit_code == 0  # index order = name order
    page = client.get("/licences/?q=цпо&size=2").text
    assert "More than" in page or "Над" in page
    assert 'id="facets"' in page and "facets=1" in page and "facet-count" not in page
    # Pages continue each other in name order: "Център за …", then ЦПО Алфа, Знание, Щастлива, Южен.
    assert numbers(app, "цпо", size="2") == ["202400002", "202400004"]
    assert numbers(app, "цпо", size="2", page="2") == ["202400003", "202400001"]
    assert numbers(app, "цпо", size="2", page="3") == ["202400005"]
    with_counts = client.get("/licences/?q=цпо&size=2&facets=1", headers={"HX-Request": "true"}).text
    assert "facet-count" in with_counts
    assert 'rel="next"' in page


def test_large_results_with_a_filter_come_from_the_index(app, centres, monkeypatch):
    """Filters are tokens in the index: words and a filter are one index query, in name order."""
    monkeypatch.setattr(search, "COUNT_CAP", 1)
    assert app.test_cli_runner().invoke(args=["search", "reindex"]).exit_code == 0
    assert numbers(app, "цпо", region="VAR") == ["202400004", "202400003", "202400005"]
    assert numbers(app, "цпо", status="revoked") == ["202400004"]
    assert numbers(app, "цпо", field="811") == ["202400003"]


def test_status_change_updates_the_index_at_once(app, client, login, centres):
    """Recording a revocation rewrites the document: the status filter finds it immediately."""
    assert "202400003" not in numbers(app, "знание", status="revoked")
    login("napoo_officer")
    data = {"kind": "final_revocation", "date": "2026-11-02", "order_number": "Л-1"}
    assert client.post("/staff/licences/202400003/events/new", data=data).status_code == 303
    assert "202400003" in numbers(app, "знание", status="revoked")


def test_remove_document(app, centres):
    """A removed document is no longer found."""
    with app.app_context():
        licence_id = search.Licence.by_number("202400002").id
        search_index.remove_document(search.REGISTER, licence_id)
    assert numbers(app, "мехатроника") == []
