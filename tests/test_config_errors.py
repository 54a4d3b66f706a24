"""Every wrong configuration value is a usage error naming the file and the key — exit 2
and one message, never a traceback: each option type's checks (``config.coerce``), the
table's keys, and the same through the command line."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from subprocess import CompletedProcess
from typing import Any, Literal, TypeAlias

import pytest

from artlint.config import coerce, from_table
from artlint.diagnostic import UsageError
from artlint.document import Document
from artlint.rule import FilePath, Finding, Regex, Rule

Run = Callable[..., CompletedProcess[str]]


@dataclass(frozen=True)
class Options:
    flag: bool = False
    count: int = 1
    ratio: float = 0.5
    word: str = ""
    path: FilePath | None = None
    pattern: Regex | None = None
    mode: Literal["a", "b"] = "a"
    words: tuple[str, ...] = ()
    pair: tuple[str, int] = ("x", 1)
    table: dict[str, int] = field(default_factory=dict)
    either: int | str = 0
    maybe: int | None = None
    anything: Any = None


class Typed(Rule):
    id = "test.typed"
    severity = "warning"
    Options: TypeAlias = Options
    summary = "A rule with an option of every type."
    explanation = "Its options exercise the configuration's checks."

    def check(self, doc: Document, options: Options) -> Iterator[Finding]:
        return iter(())


RULES: dict[str, Rule] = {"test.typed": Typed()}


def configure(tmp_path: Path, options: dict[str, Any]) -> Options:
    config = from_table({"rules": {"test.typed": options}}, str(tmp_path), RULES, str(tmp_path / "artlint.toml"))
    (setting,) = config.default
    assert isinstance(setting.options, Options)
    return setting.options


def error(tmp_path: Path, table: dict[str, Any]) -> str:
    with pytest.raises(UsageError) as raised:
        from_table(table, str(tmp_path), RULES, str(tmp_path / "artlint.toml"), check_schemas=False)
    return str(raised.value)


def test_every_type_takes_its_values(tmp_path: Path) -> None:
    (tmp_path / "schema.json").write_text("{}")
    options = configure(
        tmp_path,
        {"flag": True, "count": 3, "ratio": 2, "word": "w", "path": "schema.json", "pattern": "a+b", "mode": "b", "words": ["x", "y"], "pair": ["p", 2], "table": {"k": 1}, "either": "s", "maybe": 4, "anything": [1]},
    )
    assert options == Options(True, 3, 2.0, "w", FilePath(str(tmp_path / "schema.json")), Regex("a+b"), "b", ("x", "y"), ("p", 2), {"k": 1}, "s", 4, [1])
    assert isinstance(options.ratio, float)


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("flag", "yes", "rules.test.typed.flag: must be true or false, not 'yes'"),
        ("count", True, "rules.test.typed.count: must be an integer, not True"),  # a bool is no number here
        ("count", 1.5, "must be an integer, not 1.5"),
        ("ratio", "1", "rules.test.typed.ratio: must be a number, not '1'"),
        ("ratio", False, "must be a number, not False"),
        ("word", 3, "rules.test.typed.word: must be a string, not 3"),
        ("path", 3, "rules.test.typed.path: must be a path (a string)"),
        ("path", "", "must be a path (a string)"),
        ("path", "missing.json", "missing.json does not exist"),
        ("path", "../../../../../../etc/passwd", "is outside the project"),
        ("pattern", 3, "must be a regular expression (a string)"),
        ("pattern", "(", "not a valid regular expression"),
        ("pattern", "(a)\\1", "uses features artlint cannot run in linear time"),
        ("pattern", "a(?=b)", "uses features artlint cannot run in linear time"),
        ("mode", "c", "rules.test.typed.mode: must be one of a, b, not 'c'"),
        ("words", "x", "rules.test.typed.words: must be a list"),
        ("words", ["x", 2], "rules.test.typed.words[1]: must be a string, not 2"),
        ("pair", ["p"], "rules.test.typed.pair: must be a list of 2 items"),
        ("pair", ["p", "q"], "rules.test.typed.pair[1]: must be an integer, not 'q'"),
        ("pair", {"p": 1}, "rules.test.typed.pair: must be a list"),
        ("table", [1], "rules.test.typed.table: must be a table"),
        ("table", {"k": "v"}, "rules.test.typed.table.k: must be an integer, not 'v'"),
        ("either", 1.5, "rules.test.typed.either: must be an integer or a string"),
        ("maybe", "x", "rules.test.typed.maybe: must be an integer, not 'x'"),
        ("severity", "fatal", "rules.test.typed.severity: must be one of error, warning, info, off"),
        ("colour", 1, "rules.test.typed.colour: unknown option"),
    ],
)
def test_a_wrong_value_names_its_key(tmp_path: Path, key: str, value: Any, message: str) -> None:
    text = error(tmp_path, {"rules": {"test.typed": {key: value}}})
    assert "artlint.toml: rules.test.typed." in text and message in text


def test_coerce_reports_through_its_fail(tmp_path: Path) -> None:
    said: list[tuple[str, str]] = []

    def fail(where: str, message: str) -> Any:
        said.append((where, message))
        raise UsageError(message)

    with pytest.raises(UsageError):
        coerce(["a", 1], tuple[str, ...], "words", str(tmp_path), fail)
    assert said == [("words[1]", "must be a string, not 1")]
    assert coerce([1, 2], list[int], "x", str(tmp_path), fail) == [1, 2]  # a type artlint does not know: as it is


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"colour": "red"}, "artlint.toml: colour: unknown key (a rule option belongs under [rules.<rule-id>])"),
        ({"inclde": ["*.md"]}, "inclde: unknown key"),
        ({"include": "*.md", "exclude": 3}, "exclude: must be a list of glob strings"),
        ({"include": ["*.md", 3]}, "include: must be a list of glob strings"),
        ({"select": [1]}, "select: must be a list of rule ids or tags"),
        ({"select": ["nope"]}, "select: unknown rule or tag 'nope'"),
        ({"ignore": "nope"}, "ignore: unknown rule or tag 'nope'"),
        ({"rules": []}, "rules: must be a table"),
        ({"rules": {"nope": {}}}, "rules.nope: unknown rule"),
        ({"rules": {"test.typed": 3}}, "rules.test.typed: must be a table of options"),
        ({"collections": {"blog": 3}}, "collections.blog: must be a table"),
        ({"collections": {"blog": {}}}, "collections.blog: needs 'paths', a list of globs"),
        ({"collections": {"blog": {"paths": ["a/**"], "colour": 1}}}, "collections.blog.colour: unknown key"),
        ({"collections": {"blog": {"paths": ["a/**"], "ignore": ["nope"]}}}, "collections.blog.ignore: unknown rule or tag 'nope'"),
        ({"collections": {"blog": {"paths": ["a/**"], "rules": {"test.typed": {"count": "x"}}}}}, "collections.blog.rules.test.typed.count: must be an integer"),
        ({"collections": {"blog": {"paths": ["a/**"], "count": "x"}}}, "collections.blog.count: must be an integer"),
        ({"count": "x"}, "artlint.toml: count: must be an integer"),  # a shared key
        ({"per-file-ignores": {"a/*": [2]}}, "per-file-ignores.a/*: must be a list of rule ids or tags"),
        ({"per-file-ignores": []}, "per-file-ignores: must be a table"),
        ({"cache-dir": 3}, "cache-dir: must be a path (a string)"),
        ({"cache-dir": ""}, "cache-dir: must be a path (a string)"),
        ({"cache-dir": "../../../../../../tmp/x"}, "cache-dir: ../../../../../../tmp/x is outside the project"),
        ({"corpus": ["../../../../../../tmp"]}, "corpus: ../../../../../../tmp is outside the project"),
        ({"corpus": 3}, "corpus: must be a list of glob strings"),
        ({"respect-gitignore": "no"}, "respect-gitignore: must be true or false"),
        ({"site": "hugoo"}, "site: must be auto, none or one of astro"),
    ],
)
def test_a_wrong_table_names_its_key(tmp_path: Path, table: dict[str, Any], message: str) -> None:
    (tmp_path / ".git").mkdir()  # the project: this folder
    assert message in error(tmp_path, table)


@pytest.mark.parametrize("glob", ["[", "[]", "[!", "a[b", "\\", "**/**/**", "*" * 5000, "[[:alpha:]]", "{a,b}", "a//b", "/abs/**", "../up/**", "\0"])
def test_hostile_globs_compile_or_fail_cleanly(tmp_path: Path, glob: str) -> None:
    try:
        config = from_table({"include": [glob], "exclude": [glob], "collections": {"c": {"paths": [glob]}}, "per-file-ignores": {glob: ["test.typed"]}}, str(tmp_path), RULES, check_schemas=False)
    except UsageError:
        return
    config.is_included("a/b.md")
    config.collection_for(str(tmp_path / "a.md"))


def test_the_command_line_says_it_in_one_line_exit_2(tmp_path: Path, artlint: Run) -> None:
    (tmp_path / "a.md").write_text("---\ntitle: T\n---\n")
    cases = {
        'select = ["nope"]\n': "unknown rule or tag 'nope'",
        "[rules.title-length]\nmax = \"long\"\n": "rules.title-length.max: must be an integer, not 'long'",
        "[rules.frontmatter-schema]\nschema = \"nope.json\"\n": "rules.frontmatter-schema.schema: nope.json does not exist",
        "[rules.boilerplate-text]\nbogus = 1\n": "rules.boilerplate-text.bogus: unknown option",
        "include = [": "not valid TOML",
        'corpus = ["\\u0000x"]\n': "a string holds a NUL character",
        'cache-dir = "c\\u0000"\n': "a string holds a NUL character",
        '[rules."k\\u0000"]\n': "a string holds a NUL character",
        "a = " + "[" * 20_000 + "]" * 20_000 + "\n": "nested too deeply",
        "# " + "x" * (1 << 20) + "\n": "larger than 1024 KB",
    }
    for text, message in cases.items():
        (tmp_path / "artlint.toml").write_text(text)
        result = artlint("check", "--no-cache", cwd=tmp_path)
        assert result.returncode == 2, (text, result.stderr)
        assert message in result.stderr and "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_a_pyproject_whose_tool_is_not_a_table_has_no_configuration(tmp_path: Path, artlint: Run) -> None:
    (tmp_path / "pyproject.toml").write_text('tool = "x"\n')
    (tmp_path / "a.md").write_text("---\ntitle: T\n---\n\nBody.\n")
    result = artlint("check", "--no-cache", "--show-config", "a.md", cwd=tmp_path)
    assert result.returncode == 0 and "Traceback" not in result.stderr
    (tmp_path / "pyproject.toml").write_text("[tool]\nartlint = 3\n")
    bad = artlint("check", "--no-cache", cwd=tmp_path)
    assert bad.returncode == 2 and "[tool.artlint] must be a table" in bad.stderr
