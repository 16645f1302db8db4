"""The rule index (issue 12, point 3): every legal rule function cites its source and is tested,
and the public page /rules and docs/RULES.md list them from the code itself."""

import sys
import textwrap
import types

import pytest

from portal import rule_index
from portal.rule_index import citations, markdown, problems, quoted_sentences


def test_every_rule_cites_a_source_and_has_a_test():
    """A public function of a rule module, not marked NOT_RULES, cites a document and a test calls it."""
    rules = rule_index._cached_index()  # built once for the module's tests and the CLI's
    assert problems(rules) == []
    names = {rule.dotted for rule in rules}
    # One rule of each rule module, and the helpers marked NOT_RULES are left out.
    assert {
        "register.rules.temporary_revocation_end",
        "register.licensing.rules.licensing_term",
        "certification.rules.reconcile",
        "certification.certificate_rules.expires_on",
    } <= names
    assert not names & {"register.rules.add_months", "certification.rules.egn_check_digit"}


def test_docs_rules_md_is_in_sync():
    """docs/RULES.md is what `flask rules index` writes today (run it after changing a rule)."""
    with open(rule_index.MARKDOWN, encoding="utf-8") as handle:
        written = handle.read()
    assert written == markdown(rule_index._cached_index()), "docs/RULES.md is stale: run `flask rules index`"


def test_rule_modules_are_found_by_name():
    """Every module named rules.py or *_rules.py in the domain packages is read; a new one is too."""
    assert {
        "register.rules",
        "register.licensing.rules",
        "certification.rules",
        "certification.certificate_rules",
    } <= set(rule_index.rule_modules())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(004 (written exam) ал.13): a session", [("004", "(written exam) ал.13")]),
        ("004 (refusal) ал.2 т.3-4 and ал.4", [("004", "(refusal) ал.2 т.3-4")]),
        ("(004 (marking of\n the exam) ал.1-2):", [("004", "(marking of the exam) ал.1-2")]),
        ("001 art. 28(1) and art. 30", [("001", "art. 28(1)")]),
        ("(Наредба № 2/2018, чл. 28, ал. 1).", [("001", "чл. 28 ал. 1")]),
        ("000, step 6: the pause", [("000", "step 6")]),
        ("000 steps 5, 6, 9", [("000", "steps 5, 6, 9")]),
        ("(ЗЗД чл. 72 ал. 3; ГПК чл. 60 ал. 6 says", [("ЗЗД", "чл. 72 ал. 3"), ("ГПК", "чл. 60 ал. 6")]),
        ("ЗПОО чл. 22, ал. 6;", [("ЗПОО", "чл. 22 ал. 6")]),
        ("(the ЕСГРАОН algorithm, Закон за гражданската регистрация)", [("ЗГР", "")]),
        # A document named again without an article adds nothing; a number is not a document.
        ("004 (validity) ал.1 ... 004 sets no earliest day", [("004", "(validity) ал.1")]),
        ("more than 10 000 marks, 1004 pages", []),
        ("calendar months from the filing", []),
    ],
)
def test_citations(text, expected):
    """The citations the docstrings use today are read with their part and article."""
    assert citations(text) == expected


def test_quoted_sentences_are_the_bulgarian_ones():
    """„…“ and "…" with Cyrillic are the source's sentences, one line each; English quotes are not."""
    doc = 'Marked "от най-малко един\n    оценител" and „две седмици“; the "setting" in English.'
    assert quoted_sentences(doc) == ["от най-малко един оценител", "две седмици"]


FAKE_RULES = textwrap.dedent(
    '''
    NOT_RULES = frozenset({"helper"})

    def cited_and_tested():
        """"Срокът е три месеца" (000 step 5)."""

    def cited_untested():
        """(004 (written exam) ал.13)"""

    def uncited():
        """A rule that names no document."""

    def helper():
        """Marked NOT_RULES: not a rule."""

    def _private():
        """Private: not a rule."""
    '''
)


def test_a_rule_without_a_source_or_a_test_is_reported(tmp_path, monkeypatch):
    """What fails the first test: an uncited function and an untested one, each named; helpers and
    private functions are not rules. A test names a rule by module alias or by imported name."""
    module = types.ModuleType("fake_rules")
    exec(compile(FAKE_RULES, "fake_rules.py", "exec"), module.__dict__)
    monkeypatch.setitem(sys.modules, "fake_rules", module)
    (tmp_path / "test_fake.py").write_text(
        textwrap.dedent(
            """
            import fake_rules as fr
            from fake_rules import uncited

            def test_cited():
                assert fr.cited_and_tested() is None

            def test_uncited():
                assert uncited() is None

            def helper_not_a_test():
                fr.cited_untested()
            """
        ),
        encoding="utf-8",
    )
    rules = rule_index.rule_index(modules=["fake_rules"], folder=tmp_path)
    assert [rule.name for rule in rules] == ["cited_and_tested", "cited_untested", "uncited"]
    assert rules[0].tests == ["tests/test_fake.py::test_cited"]
    assert rules[0].sentences == ["Срокът е три месеца"]
    assert problems(rules) == [
        "fake_rules.cited_untested: no test calls it",
        "fake_rules.uncited: no source cited in its docstring (e.g. '004 (written exam) ал.13')",
    ]


@pytest.mark.parametrize("language", ["bg", "en"])
def test_the_public_page_lists_each_rule(client, language):
    """/rules in both languages: the source, the Bulgarian sentence, the function and its tests."""
    client.set_cookie("lang", language)
    response = client.get("/rules")
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.text
    page = response.text
    assert "certification.rules.session_may_be_held" in page
    assert "004 (written exam) ал.13" in page
    assert "Забранява се провеждането на писмен изпит за по-малко от двама кандидати" in page
    assert "tests/test_certification_rules.py::" in page
    # Cards, not a table that overflows a phone.
    assert "<table" not in page.split("<main", 1)[-1]


def test_the_footer_links_the_rule_index(client):
    """Every page's footer leads to the rule index."""
    response = client.get("/pages/about-data")
    footer = response.text.split('class="site-footer"')[1]
    assert 'href="/rules"' in footer


def test_cli_writes_the_markdown(runner, tmp_path, monkeypatch):
    """`flask rules index` writes the file; `--check` fails on a stale one and passes on a fresh one."""
    target = tmp_path / "docs" / "RULES.md"
    monkeypatch.setattr(rule_index, "MARKDOWN", str(target))
    target.parent.mkdir()
    target.write_text("stale\n", encoding="utf-8")
    result = runner.invoke(args=["rules", "index", "--check"])
    assert result.exit_code != 0 and "out of date" in result.output
    result = runner.invoke(args=["rules", "index"])
    assert result.exit_code == 0
    assert target.read_text(encoding="utf-8") == markdown(rule_index.rule_index())
    assert runner.invoke(args=["rules", "index", "--check"]).exit_code == 0
