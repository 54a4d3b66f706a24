"""Messages a user reads: 'did you mean', a rule's options in explain, --statistics as JSON,
and counts that agree with their nouns."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from artlint.suggest import nearest, plural

Run = Callable[..., CompletedProcess[str]]
DUPLICATE = "---\ntitle: a\ntitle: b\n---\n"


@pytest.mark.parametrize(
    ("config", "args", "expected"),
    [
        ('exclud = ["x/**"]\n', ["check"], "artlint.toml: exclud: unknown key (did you mean `exclude`?)"),
        ('[collections.a]\npath = ["a/**"]\n', ["check"], "collections.a.path: unknown key (did you mean `paths`?)"),
        ("[rules.alt-lenght]\n", ["check"], "rules.alt-lenght: unknown rule (did you mean `alt-length`?)"),
        ("[rules.alt-length]\nmx = 3\n", ["check"], "rules.alt-length.mx: unknown option (did you mean `max`?)"),
        ('select = ["alt-mising"]\n', ["check"], "select: unknown rule or tag 'alt-mising' (did you mean `alt-missing`?)"),
        ("", ["check", "--ignore", "datse"], "--ignore: unknown rule or tag 'datse' (did you mean `dates`?)"),
        ("", ["explain", "alt-mising"], "unknown rule 'alt-mising' (did you mean `alt-missing`?)"),
        ("zzzzzz = 1\n", ["check"], "zzzzzz: unknown key (a rule option belongs under [rules.<rule-id>])"),
    ],
)
def test_config_errors_suggest_the_nearest_name(tmp_path: Path, artlint: Run, config: str, args: list[str], expected: str) -> None:
    (tmp_path / "artlint.toml").write_text(config)
    result = artlint(*args, cwd=tmp_path)
    assert result.returncode == 2, result.stdout
    assert expected in result.stderr


def test_nearest_gives_nothing_for_a_stranger() -> None:
    assert nearest("exlcude", ["include", "exclude", "select"]) == "exclude"
    assert nearest("title", ["include", "exclude", "select"]) is None


def test_explain_lists_the_options_with_their_defaults(tmp_path: Path, artlint: Run) -> None:
    out = artlint("explain", "date-filename", cwd=tmp_path).stdout
    assert '  published = ["publishedOn", "date", "pubDate"]' in out.splitlines()
    assert "  tolerance-days = 1" in out.splitlines()
    assert "Options: none." in artlint("explain", "frontmatter-duplicate-key", cwd=tmp_path).stdout


def test_statistics_as_json(tmp_path: Path, artlint: Run) -> None:
    (tmp_path / "a.md").write_text(DUPLICATE)
    (tmp_path / "b.md").write_text(DUPLICATE.replace("b\n", "c\n"))
    result = artlint("check", "--statistics", "--format", "json", cwd=tmp_path)
    assert result.returncode == 1
    assert json.loads(result.stdout) == [{"rule": "frontmatter-duplicate-key", "severity": "error", "count": 2}]
    sarif = artlint("check", "--statistics", "--format", "sarif", cwd=tmp_path)
    assert sarif.returncode == 2 and "--statistics" in sarif.stderr


def test_plural_agreement(tmp_path: Path, artlint: Run) -> None:
    assert plural(1, "baseline entry is", "baseline entries are") == "1 baseline entry is"
    assert plural(0, "file", "files") == "0 files"
    (tmp_path / "a.md").write_text(DUPLICATE)
    written = artlint("baseline", cwd=tmp_path)
    assert "wrote 1 finding of 1 file to" in written.stdout
    again = artlint("check", cwd=tmp_path)
    assert "1 finding in the baseline was left out" in again.stderr
    (tmp_path / "a.md").write_text("---\ntitle: a\n---\n")
    fixed = artlint("check", cwd=tmp_path)
    assert "1 baseline entry is stale" in fixed.stderr
