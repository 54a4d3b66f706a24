"""Hostile and random input: a diagnostic with a valid position, never a traceback."""

from __future__ import annotations

import functools
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest
from hypothesis import given, strategies as st

from artlint import registry
from artlint.config import from_table
from artlint.lint import lint_text
from artlint.source import LineIndex
from conftest import CORPUS, REPO

Run = Callable[..., CompletedProcess[str]]
RULES = registry.load()
SETTINGS = from_table({"schema": str(REPO / "schemas" / "article.schema.json")}, str(REPO), RULES).default
KNOWN = frozenset(RULES)


def check_all(data: bytes, name: str = "a.md") -> None:
    """Every rule on ``data``: no internal error, every span inside the file."""
    result = lint_text(name, data, SETTINGS, KNOWN)
    assert not [d for d in result.diagnostics if d.rule == "internal-error"], [d.message for d in result.diagnostics if d.rule == "internal-error"]
    text = data.decode("utf-8", "replace") if not data.startswith((b"\xff\xfe", b"\xfe\xff")) else data.decode("utf-16", "replace")
    index = LineIndex(text.lstrip("\ufeff"))
    for d in result.diagnostics:
        s = d.span
        assert 1 <= s.line <= s.end_line <= index.line_count, d
        assert 1 <= s.column <= len(index.line_text(s.line)) + 1, d
        assert 1 <= s.end_column <= len(index.line_text(s.end_line)) + 1, d
        assert (s.end_line, s.end_column) >= (s.line, s.column), d


YAML_PIECES = st.sampled_from(
    ["title: ", "a: &x [1, 2]", "b: *x", "- ", "  ", "!!python/object:os.system", "!!binary", "'", '"', "\\", ":", "{", "}", "[", "]", "#", "\n", "\r\n", "\r", "\t", "2025-13-45", "no", "~", "1.10", "<<: *x", "? ", "|", ">-", "&a", "*a", "\u2028", "é", "🎉", "---", "..."]
)
HTML_PIECES = st.sampled_from(
    ["<div>", "</div>", "<p>", "</p>", "<b>", "</i>", "<img src='x.png'>", "<img alt=\"\">", "&", "&amp;", "&#x;", "<!--", "-->", "<h1>", "<h4>", "</h2>", "<script>", "</script>", "<svg><path/>", "```", "```html", "\n", "\r\n", "![", "](", ")", "[r]: ", "# ", "<!-- artlint-disable -->", "\x00", "\x01", "<a href='#x'>", "é", "\u2028", "<table><tr><td>", "<", ">", "'", '"']
)


@given(st.binary(max_size=2000))
def test_random_bytes(data: bytes) -> None:
    check_all(data)


@given(st.lists(YAML_PIECES | st.text(max_size=8), max_size=40), st.lists(HTML_PIECES | st.text(max_size=8), max_size=40), st.sampled_from(["\n", "\r\n", "\r"]))
def test_random_front_matter_and_bodies(yaml_parts: list[str], body_parts: list[str], newline: str) -> None:
    text = "---" + newline + "".join(yaml_parts) + newline + "---" + newline + "".join(body_parts)
    check_all(text.encode("utf-8", "surrogatepass"), "a.md")
    check_all(("".join(body_parts)).encode("utf-8", "surrogatepass"), "a.html")


@given(st.text(max_size=3000))
def test_random_text(text: str) -> None:
    check_all(text.encode("utf-8", "surrogatepass"))


@pytest.mark.parametrize(
    "body",
    [
        "<div>" * 20_000,
        "<div>" * 999 + "</div>" * 999,
        "[" * 50_000,
        "> " * 5_000 + "x",
        "- " * 5_000 + "x",
        "*" * 100_000,
        "<p>" + "x" * 3_000_000 + "</p>",
        "<a href='" + "x" * 100_000,
        "<!--" * 10_000,
    ],
    ids=["deep-divs", "999-divs", "brackets", "quotes", "lists", "stars", "long-line", "open-attribute", "comments"],
)
def test_hostile_bodies_finish_fast(body: str) -> None:
    start = time.perf_counter()
    check_all(("---\ntitle: x\n---\n" + body + "\n").encode())
    assert time.perf_counter() - start < 30


def test_hostile_front_matter() -> None:
    for text in ("x: " + "[" * 100_000, "x:\n" + "".join("  " * i + "k:\n" for i in range(2_000)), "a: &a " + "[*a, " * 10 + "]"):
        check_all(f"---\n{text}\n---\n".encode())


def test_concurrent_runs_share_the_cache(tmp_path: Path, artlint: Run) -> None:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not beside this checkout")
    shutil.copytree(CORPUS / "news", tmp_path / "news")
    (tmp_path / ".git").mkdir()  # a repository: artlint uses its cache folder (outside any project it writes none)
    cmd = [sys.executable, "-m", "artlint", "check", "--format", "json", "--today", "2026-11-26", "--jobs", "1", "."]
    runs = [subprocess.Popen(cmd, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert all(run.returncode == 1 for run in runs), [o[1] for o in outputs]
    assert outputs[0][0] == outputs[1][0] == outputs[2][0] and "Traceback" not in "".join(o[1] for o in outputs)
    again = artlint("check", "--format", "json", "--today", "2026-11-26", ".", cwd=tmp_path)
    assert again.stdout == outputs[0][0]
    cache = tmp_path / ".artlint_cache"
    assert (cache / "results.sqlite").is_file() and list(cache.glob("run-*.marshal"))  # (the cache was shared: the record too)
    assert not list(cache.rglob("*.tmp"))  # no temporary file left behind (files.write_atomic, folder._mark)


def test_ctrl_c_exits_130_without_a_traceback(tmp_path: Path) -> None:
    for i in range(400):
        (tmp_path / f"a{i}.md").write_text("---\ntitle: x\n---\n\n" + "<div><p>text <b>bold</b></p></div>\n" * 4000)
    # As from a terminal: SIGINT not ignored, even when the tests run in a background job.
    default = functools.partial(signal.signal, signal.SIGINT, signal.SIG_DFL)
    proc = subprocess.Popen([sys.executable, "-m", "artlint", "check", "--no-cache", "."], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=default)
    time.sleep(2.0)
    assert proc.poll() is None, f"the run ended before it could be interrupted: {proc.communicate()}"
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "interrupted" in err


def test_broken_pipe_exits_quietly(tmp_path: Path) -> None:
    for i in range(200):
        (tmp_path / f"a{i}.md").write_text("---\ntitle: a\ntitle: b\n---\n")
    shell = f"{sys.executable} -m artlint check --no-cache . | head -1"
    result = subprocess.run(["bash", "-c", shell], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.stdout.count("\n") == 1
    assert "Traceback" not in result.stderr and "Broken pipe" not in result.stderr


def test_nothing_outside_the_run_is_touched(tmp_path: Path, artlint: Run) -> None:
    (tmp_path / "a.md").write_text("---\ntitle: !!python/object/apply:os.system ['touch pwned']\n---\n")
    before = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*")}
    artlint("check", "--no-cache", ".", cwd=tmp_path)
    assert {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*")} == before
    assert not (tmp_path / "pwned").exists()
    assert json.loads(artlint("check", "--format", "json", "--no-cache", ".", cwd=tmp_path).stdout)[0]["rule"] == "frontmatter-syntax"
    assert os.listdir(tmp_path) == ["a.md"]
