"""The rule index: every legal rule function, its source, the sentence it encodes and its tests.

One data function (`rule_index`) read from the code itself: the public functions of every module
named `rules.py` or `*_rules.py` in the domain packages, their docstrings' citations and quoted
Bulgarian sentences, and the tests that call them. The public page /rules and docs/RULES.md are two
renderings of it, so a rule added in any rule module appears in both without further wiring.
"""

import ast
import functools
import importlib
import inspect
import os
import re
from dataclasses import dataclass, field

import click
from flask import Blueprint
from flask.cli import AppGroup

from portal.web import render

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGES = ("register", "certification", "portal", "search_index")
TESTS = os.path.join(ROOT, "tests")
MARKDOWN = os.path.join(ROOT, "docs", "RULES.md")

# The documents a rule may cite: (key shown, pattern that finds it in a docstring, title). Order is
# the page's order. The titles are the documents' own (Bulgarian) names.
SOURCES = (
    ("000", r"(?<!\d )(?<!\d)\b000\b", "НАПОО: Основни стъпки за лицензиране на ЦПО"),
    (
        "001",
        r"(?<!\d )(?<!\d)\b001\b|Наредба № 2/2018",
        "Наредба № 2 от 22 юни 2018 г. за документите за професионално обучение на лица, навършили 16 години",
    ),
    (
        "002",
        r"(?<!\d )(?<!\d)\b002\b",
        "НАПОО: Надграждане на системата за осигуряване на качеството на институциите от системата за "
        "професионално образование и обучение в България",
    ),
    (
        "003",
        r"(?<!\d )(?<!\d)\b003\b|Наредба № 8 от 2016",
        "Наредба № 8 от 11 август 2016 г. за информацията и документите за системата на предучилищното "
        "и училищното образование",
    ),
    ("ЗПОО", r"ЗПОО", "Закон за професионалното образование и обучение"),
    (
        "004",
        r"(?<!\d )(?<!\d)\b004\b",
        "БАУП: Процедури по сертификация и ресертификация и правила за Сертификационната комисия",
    ),
    ("ЗЗД", r"ЗЗД", "Закон за задълженията и договорите"),
    ("ГПК", r"ГПК", "Граждански процесуален кодекс"),
    ("КТ", r"Кодекс на труда", "Кодекс на труда"),
    ("ЗГР", r"Закон за гражданската регистрация", "Закон за гражданската регистрация"),
    ("ЗЧРБ", r"Закон за чужденците", "Закон за чужденците в Република България"),
    (
        "ЗТРРЮЛНЦ",
        r"Закон за търговския регистър",
        "Закон за търговския регистър и регистъра на юридическите лица с нестопанска цел",
    ),
    ("BULSTAT", r"Наредба за BULSTAT", "Наредба за BULSTAT кода"),
)
# What may follow a document's name: a part in brackets, "(written exam)", then articles,
# paragraphs, points or steps: "ал.13", "чл. 72 ал. 3", "art. 28(1)", "steps 5, 6", "ал.2 т.3-4".
_PART = re.compile(r"[ ,]*\(([^()]{1,60})\)")
_LOCATOR = re.compile(
    r"[ ,]*((?:чл\.|ал\.|т\.|arts?\.|steps?)\s*\d+(?:\(\d+\))?(?:\s*[-–,]\s*\d+(?:\(\d+\))?(?![.\d]))*)"
)
# A quoted sentence: „…“ or "…" with Cyrillic in it (English words in quotes are not the source's).
_QUOTED = re.compile(r"„([^“”]+)[“”]|\"([^\"]+)\"")
_CYRILLIC = re.compile(r"[а-яА-Я]")


@dataclass
class Rule:
    """One rule function as the index shows it."""

    module: str
    name: str
    document: str | None
    citations: list = field(default_factory=list)
    sentences: list = field(default_factory=list)
    tests: list = field(default_factory=list)

    @property
    def dotted(self):
        """The function's dotted name, as an engineer imports it."""
        return f"{self.module}.{self.name}"


def citations(text):
    """The sources a docstring cites, in order: [(document key, "ал.13" or "(written exam) ал.13")]."""
    text = " ".join(text.split())
    found = []
    for key, pattern, _title in SOURCES:
        for match in re.finditer(pattern, text):
            rest, parts = text[match.end() :], []
            part = _PART.match(rest)
            if part:
                parts.append(f"({part.group(1)})")
                rest = rest[part.end() :]
            while locator := _LOCATOR.match(rest):
                parts.append(locator.group(1))
                rest = rest[locator.end() :]
            found.append((match.start(), key, " ".join(parts)))
    located = {key for _start, key, where in found if where}
    seen, ordered = set(), []
    for _start, key, where in sorted(found):
        if (key, where) not in seen and (where or key not in located):
            seen.add((key, where))
            ordered.append((key, where))
    return ordered


def quoted_sentences(text):
    """The Bulgarian sentences a docstring quotes, each on one line."""
    text = " ".join(text.split())
    quotes = (a or b for a, b in _QUOTED.findall(text))
    return [quote.strip() for quote in quotes if _CYRILLIC.search(quote)]


def rule_modules():
    """Dotted names of every rule module: `rules.py` or `*_rules.py` inside the domain packages."""
    names = []
    for package in PACKAGES:
        for folder, dirs, files in os.walk(os.path.join(ROOT, package)):
            dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
            for name in sorted(files):
                if name == "rules.py" or name.endswith("_rules.py"):
                    relative = os.path.relpath(os.path.join(folder, name[:-3]), ROOT)
                    names.append(relative.replace(os.sep, "."))
    return sorted(names)


def rule_functions(module):
    """The rule functions of a module: its own public functions, less the helpers in NOT_RULES."""
    helpers = getattr(module, "NOT_RULES", frozenset())
    return [
        (name, function)
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__ and not name.startswith("_") and name not in helpers
    ]


def _imports(nodes, modules, aliases, functions):
    """Record the rule modules and rule functions that import statements among `nodes` bind."""
    for node in nodes:
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                dotted = f"{node.module}.{alias.name}"
                if dotted in modules:
                    aliases[alias.asname or alias.name] = dotted
                elif node.module in modules:
                    functions[alias.asname or alias.name] = (node.module, alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in modules and alias.asname:
                    aliases[alias.asname] = alias.name


def _dotted(node):
    """`a.b.c` of an attribute chain, or None when it does not start with a plain name."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return ".".join([node.id, *reversed(parts)])


def _references(test, modules, aliases, functions):
    """(module, function) pairs of the rule functions a test function names, decorators included."""
    aliases, functions = dict(aliases), dict(functions)
    _imports(ast.walk(test), modules, aliases, functions)
    found = set()
    for node in ast.walk(test):
        if isinstance(node, ast.Name) and node.id in functions:
            found.add(functions[node.id])
        elif isinstance(node, ast.Attribute):
            dotted = _dotted(node)
            if not dotted:
                continue
            head, _, name = dotted.rpartition(".")
            head = aliases.get(head, head)
            if head in modules:
                found.add((head, name))
    return found


def _test_functions(tree):
    """The test functions of a module: top-level `test_*` and `test_*` methods of `Test*` classes."""
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test"):
            yield node.name, node
        elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and item.name.startswith("test"):
                    yield f"{node.name}::{item.name}", item


def tests_by_rule(modules, folder=TESTS):
    """{(module, function): ["tests/test_x.py::test_y", ...]} for every rule function a test names."""
    found = {}
    for name in sorted(os.listdir(folder)):
        if not (name.startswith("test_") and name.endswith(".py")):
            continue
        with open(os.path.join(folder, name), encoding="utf-8") as handle:
            tree = ast.parse(handle.read())
        aliases, functions = {}, {}
        _imports(tree.body, modules, aliases, functions)
        for test_name, test in _test_functions(tree):
            for reference in _references(test, modules, aliases, functions):
                reference = _defined_in(*reference, modules)
                found.setdefault(reference, []).append(f"tests/{name}::{test_name}")
    return found


def _defined_in(module, name, modules):
    """(module, name) of the rule module that defines `name`, when `module` re-exports it from one
    (a rule module split in two keeps its names): a test calling it there tests the rule."""
    function = getattr(importlib.import_module(module), name, None)
    defined = getattr(function, "__module__", None)
    return (defined, name) if defined in modules and inspect.isfunction(function) else (module, name)


def rule_index(modules=None, folder=TESTS):
    """Every rule function of `modules` (default: every rule module), in the order of SOURCES, then of
    module and name; a rule citing no known source comes last, with `document` None."""
    modules = [importlib.import_module(name) for name in (modules or rule_modules())]
    tests = tests_by_rule({module.__name__ for module in modules}, folder)
    rules = []
    for module in modules:
        for name, function in rule_functions(module):
            doc = inspect.getdoc(function) or ""
            cited = citations(doc)
            rules.append(
                Rule(
                    module=module.__name__,
                    name=name,
                    document=cited[0][0] if cited else None,
                    citations=[f"{key} {where}".strip() for key, where in cited],
                    sentences=quoted_sentences(doc),
                    tests=tests.get((module.__name__, name), []),
                )
            )
    order = {key: number for number, (key, _pattern, _title) in enumerate(SOURCES)}
    return sorted(rules, key=lambda rule: (order.get(rule.document, len(order)), rule.module, rule.name))


def problems(rules):
    """What keeps the index from being complete: a rule that cites no source, or that no test names."""
    found = []
    for rule in rules:
        if rule.document is None:
            found.append(f"{rule.dotted}: no source cited in its docstring (e.g. '004 (written exam) ал.13')")
        if not rule.tests:
            found.append(f"{rule.dotted}: no test calls it")
    return found


def grouped(rules):
    """[(document key, title, [rules])] in the order of SOURCES; uncited rules under (None, None)."""
    titles = {key: title for key, _pattern, title in SOURCES}
    groups = {}
    for rule in rules:
        groups.setdefault(rule.document, []).append(rule)
    return [(key, titles.get(key), members) for key, members in groups.items()]


@functools.lru_cache(maxsize=1)
def _cached_index():
    """The index, read once per process: the code does not change under a running site."""
    return tuple(rule_index())


def markdown(rules):
    """docs/RULES.md: the index as Markdown, English labels and the sources' Bulgarian sentences."""
    lines = [
        "# The rule index",
        "",
        "Generated by `flask rules index` (or `make rules`) from the rule modules' docstrings and the",
        "tests that call each function; tests/test_rule_index.py fails when this file is out of date.",
        "Do not edit it by hand: edit the function's docstring and regenerate.",
        "",
    ]
    for key, title, members in grouped(rules):
        lines += [f"## {key} — {title}" if key else "## No source cited", ""]
        for rule in members:
            lines.append(f"### `{rule.dotted}`")
            lines.append("")
            lines.append(f"- Source: {'; '.join(rule.citations) or '—'}")
            for sentence in rule.sentences:
                lines.append(f"- Sentence: „{sentence}“")
            if not rule.sentences:
                lines.append("- Sentence: — (none quoted)")
            lines.append("- Tests:" if rule.tests else "- Tests: —")
            lines += [f"  - `{test}`" for test in rule.tests]
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


bp = Blueprint("rule_index", __name__)
rules_cli = AppGroup("rules", help="The rule index.")


@bp.get("/rules")
def rules_page():
    """The public rule index: each rule's source, the sentence it encodes, its function and tests."""
    return render("site/rules.html", groups=grouped(_cached_index()))


@rules_cli.command("index")
@click.option("--check", is_flag=True, help="Only say whether docs/RULES.md is up to date.")
def rules_index_command(check):
    """Write docs/RULES.md from the rule modules (or, with --check, fail if it is out of date)."""
    text = markdown(_cached_index())
    if check:
        with open(MARKDOWN, encoding="utf-8") as handle:
            if handle.read() != text:
                raise click.ClickException("docs/RULES.md is out of date: run `flask rules index`")
        click.echo("docs/RULES.md is up to date")
        return
    os.makedirs(os.path.dirname(MARKDOWN), exist_ok=True)
    with open(MARKDOWN, "w", encoding="utf-8") as handle:
        handle.write(text)
    click.echo(f"wrote {os.path.relpath(MARKDOWN, ROOT)}")
