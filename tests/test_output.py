"""Nothing artlint prints starts a CI runner's workflow command or drives a terminal."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest
from hypothesis import given, strategies as st

from artlint.output import defuse, printable, safe_line

Run = Callable[..., CompletedProcess[str]]
INJECTION = "x\n::error::injected\r::add-mask::secret\n##[stop-commands]tok\x1b[31m\x07"


def _visible(line: str) -> str:
    """The line as the runner's culture-aware search may see it: without control and format
    characters (ICU collation ignores them)."""
    return "".join(c for c in line if unicodedata.category(c) not in ("Cc", "Cf"))


def starts_command(line: str) -> bool:
    """What the GitHub runner takes for a workflow command (ActionCommand.TryParseV2: '::' at
    the start after blanks; TryParse: '##[' anywhere)."""
    seen = _visible(line)
    return seen.lstrip().startswith("::") or "##[" in seen


def runner_lines(text: str) -> list[str]:
    """The lines the runner reads (it splits on CR and LF)."""
    return re.split("\r\n|\r|\n", text)


def assert_inert(text: str, *, annotations: bool = False) -> None:
    for line in runner_lines(text):
        if annotations and re.match(r"::(error|warning|notice) file=", line):
            continue
        assert not starts_command(line), line
        assert "\x1b" not in line and "\x07" not in line, line


@given(st.text())
def test_a_safe_line_is_one_line_that_starts_no_command(text: str) -> None:
    line = safe_line(text)
    assert len(runner_lines(line)) == 1 and len(line.splitlines()) <= 1
    assert not starts_command(line)
    assert all(c.isprintable() or c == "\t" or unicodedata.category(c) in ("Zs", "Cs") for c in line)


@pytest.mark.parametrize(
    "text, shown",
    [
        ("plain text", "plain text"),
        ("a\n::error::x", "a\\x0a::error::x"),
        ("  ::add-mask::x", "  \\x3a:add-mask::x"),
        ("\u2003::error::x", "\u2003\\x3a:error::x"),
        ("\u200b::error::x", "\\u200b::error::x"),
        ("say ##[error]x", "say ##\\x5berror]x"),
        ("café\u00a0naïve", "café\u00a0naïve"),
    ],
)
def test_safe_line_examples(text: str, shown: str) -> None:
    assert safe_line(text) == shown


def test_defuse_catches_invisible_characters_between() -> None:
    assert defuse("#\u200b#\u202e[x") == "#\u200b#\u202e\\x5bx"
    assert defuse("##[", "\\u005b") == "##\\u005b"
    assert printable("a\x1bb\u2028c") == "a\\x1bb\\u2028c"


@pytest.mark.parametrize(
    "files, args",
    [
        ({"artlint.toml": '"a\\n::error::key" = 1\n'}, ["check"]),
        ({}, ["check", INJECTION]),
        ({}, ["check", "--format", INJECTION]),
        ({}, ["check", "--today", INJECTION]),
        ({}, ["check", "--jobs", INJECTION]),
        ({}, ["check", "--schema", INJECTION]),
        ({"a.md": "x"}, ["check", "--output", f"{INJECTION}/r.json", "a.md"]),
        ({}, ["explain", INJECTION]),
    ],
)
def test_stderr_lines_start_no_command(tmp_path: Path, artlint: Run, files: dict[str, str], args: list[str]) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    result = artlint(*args, cwd=tmp_path)
    assert result.returncode == 2, result
    assert result.stderr.startswith("artlint: error: ") and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert_inert(result.stderr)
    assert "Traceback" not in result.stderr


HOSTILE = "---\ntitle: '##[add-mask]x \u202e ::error::y'\ntitle: b\n---\n\n::error::from the body\n##[error]from the body\n<p>\u200b::warning::x &</p>\n"


@pytest.mark.parametrize("name", ["::error::a.md", "  ::warning::b.md", "##[error]c.md", "d\x1b]0;title\x07.md", "e\u200b::error::.md"])
@pytest.mark.parametrize("form", ["human", "concise", "json", "sarif", "github"])
def test_reports_start_no_command(tmp_path: Path, artlint: Run, name: str, form: str) -> None:
    (tmp_path / name).write_text(HOSTILE)
    result = artlint("check", "--format", form, "--no-cache", cwd=tmp_path)
    assert result.returncode == 1, result
    assert_inert(result.stdout, annotations=form == "github")
    assert_inert(result.stderr)
    if form == "json":
        assert {d["path"] for d in json.loads(result.stdout)} == {name}
    if form == "sarif":
        assert "duplicate key 'title'" in json.loads(result.stdout)["runs"][0]["results"][0]["message"]["text"]


def test_human_frame_shows_a_command_line_of_the_body_behind_the_gutter(tmp_path: Path, artlint: Run) -> None:
    (tmp_path / "a.md").write_text("---\ntitle: a\n::error::x: 1\n::error::x: 2\n---\n")
    lines = artlint("check", "--select", "frontmatter-duplicate-key", cwd=tmp_path).stdout.splitlines()
    assert lines[2:4] == ["4 | ::error::x: 2", "  | ^^^^^^^^^^"]
    assert_inert("\n".join(lines))


def test_github_file_property_and_step_summary_hold_no_raw_control_or_markdown(tmp_path: Path, artlint: Run) -> None:
    name = "a`b\x1b[31m\x07 [x](http:e.org) *c*.md"
    (tmp_path / name).write_text("---\ntitle: a\ntitle: '[link](http://evil.org) <img src=x> `code`'\n---\n")
    summary = tmp_path / "summary.md"
    result = artlint("check", "--format", "github", "--no-cache", cwd=tmp_path, env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "file=" + str(tmp_path).replace(":", "%3A").replace(",", "%2C") + "/a`b\\x1b[31m\\x07 [x](http%3Ae.org) *c*.md," in result.stdout
    text = summary.read_text()
    assert "\x1b" not in text and "\x07" not in text
    assert "\n### ``a`b\\x1b[31m\\x07 [x](http:e.org) *c*.md``\n" in text
    assert "duplicate key \\'title\\'\\: this value" in text


def test_step_summary_renders_no_markdown_from_a_message() -> None:
    from artlint.diagnostic import Diagnostic, FileResult, RunResult
    from artlint.reporters.github import summary
    from artlint.source import Span

    message = "value '[link](http://evil.org) ![i](http://evil.org/i.png) <img src=x> `code` | *b* www.evil.org'"
    d = Diagnostic("a.md", Span(1, 1, 1, 2), "some-rule", "error", message)
    text = summary(RunResult("/", [FileResult("a.md", [d])]))
    shown = text.split("`some-rule` ", 2)[2]
    assert re.search(r"[!-/:-@\[-`{-~]", re.sub(r"\\.", "", shown.strip())) is None, shown  # every punctuation escaped
    assert r"value \'\[link\]\(http\:\/\/evil\.org\) \!\[i\]" in text
