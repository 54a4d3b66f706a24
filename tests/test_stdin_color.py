"""Standard input as a path (``-``), and colour: --color, FORCE_COLOR, NO_COLOR, --no-color."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from artlint.cli import use_color

Run = Callable[..., CompletedProcess[str]]
BAD = "---\ntitle: a\ntitle: b\n---\n"
GOOD = '---\ntitle: "Good"\n---\n\n<p>Body</p>\n'


def test_dash_reads_standard_input(tmp_path: Path, artlint: Run) -> None:
    result = artlint("check", "--format", "json", "-", cwd=tmp_path, stdin=BAD.encode())
    assert result.returncode == 1, result.stderr
    assert [(i["path"], i["line"], i["rule"]) for i in json.loads(result.stdout)] == [("-", 3, "frontmatter-duplicate-key")]
    assert list(tmp_path.iterdir()) == []  # nothing walked, nothing written


def test_dash_with_stdin_filename_and_other_paths(tmp_path: Path, artlint: Run) -> None:
    (tmp_path / "other.md").write_text(BAD)
    (tmp_path / "skipped.md").write_text(BAD)
    result = artlint("check", "--format", "json", "other.md", "-", "--stdin-filename", "posts/new.md", cwd=tmp_path, stdin=BAD.encode())
    assert result.returncode == 1, result.stderr
    assert {i["path"] for i in json.loads(result.stdout)} == {"other.md", "posts/new.md"}


def test_stdin_filename_alone_still_reads_standard_input(tmp_path: Path, artlint: Run) -> None:
    result = artlint("check", "--format", "json", "--stdin-filename", "a.md", cwd=tmp_path, stdin=GOOD.encode())
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


def test_stdin_filename_with_paths_but_no_dash_is_a_usage_error(tmp_path: Path, artlint: Run) -> None:
    (tmp_path / "a.md").write_text(GOOD)
    result = artlint("check", "--stdin-filename", "b.md", "a.md", cwd=tmp_path, stdin=GOOD.encode())
    assert result.returncode == 2 and "add '-'" in result.stderr


@pytest.mark.parametrize(
    ("choice", "env", "terminal", "expected"),
    [
        ("auto", {}, False, False),
        ("auto", {}, True, True),
        ("auto", {"FORCE_COLOR": "1"}, False, True),
        ("auto", {"FORCE_COLOR": "0"}, False, False),
        ("auto", {"NO_COLOR": "1"}, True, False),
        ("auto", {"NO_COLOR": "1", "FORCE_COLOR": "1"}, True, False),
        ("always", {"NO_COLOR": "1"}, False, True),
        ("never", {"FORCE_COLOR": "1"}, True, False),
    ],
)
def test_use_color(choice: str, env: dict[str, str], terminal: bool, expected: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert use_color(choice, terminal) is expected


def test_color_in_a_log(tmp_path: Path, artlint: Run) -> None:
    (tmp_path / "a.md").write_text(BAD)
    assert "\033[" not in artlint("check", cwd=tmp_path, env={"FORCE_COLOR": ""}).stdout
    assert "\033[1;31merror" in artlint("check", cwd=tmp_path, env={"FORCE_COLOR": "1"}).stdout
    assert "\033[1;31merror" in artlint("check", "--color", "always", "--format", "concise", cwd=tmp_path).stdout
    assert "\033[" not in artlint("check", "--no-color", cwd=tmp_path, env={"FORCE_COLOR": "1"}).stdout
    assert "\033[" not in artlint("check", cwd=tmp_path, env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).stdout
