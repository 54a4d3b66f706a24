""".gitignore and .ignore: git's semantics, matched in bounded time, applied by the walk."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest
from hypothesis import given, strategies as st

from artlint.ignore import Level, ignored, match_name, match_segments, parse, parse_line

Run = Callable[..., CompletedProcess[str]]
ARTICLE = '---\ntitle: "A title"\n---\n\nBody.\n'


def is_ignored(patterns: str, path: str, folder: bool = False) -> bool:
    return ignored([Level("/r", tuple(parse(patterns)))], "/r/" + path, folder)


@pytest.mark.parametrize(
    ("patterns", "path", "folder", "expected"),
    [
        ("*.draft.md", "a/b/x.draft.md", False, True),  # no slash: any depth
        ("/drafts", "drafts", True, True),  # anchored
        ("/drafts", "a/drafts", True, False),
        ("docs/tmp", "docs/tmp", True, True),  # a middle slash anchors too
        ("docs/tmp", "x/docs/tmp", True, False),
        ("build/", "build", True, True),  # folders only
        ("build/", "build", False, False),
        ("*.md\n!keep.md", "keep.md", False, False),  # negation: the last match wins
        ("!keep.md\n*.md", "keep.md", False, True),
        ("**/cache", "a/b/cache", True, True),
        ("a/**/z.md", "a/z.md", False, True),  # /**/ is zero or more folders
        ("a/**/z.md", "a/b/c/z.md", False, True),
        ("a/**", "a", True, False),  # a trailing /** is what is inside
        ("a/**", "a/b.md", False, True),
        ("# comment\n\n\\#hash.md", "#hash.md", False, True),
        ("\\!bang.md", "!bang.md", False, True),
        ("x[0-9].md", "x5.md", False, True),
        ("x[!0-9].md", "x5.md", False, False),
        ("?.md", "ab.md", False, False),
        ("trailing.md   ", "trailing.md", False, True),
    ],
)
def test_gitignore_semantics(patterns: str, path: str, folder: bool, expected: bool) -> None:
    assert is_ignored(patterns, path, folder) is expected


def test_a_deeper_file_wins() -> None:
    levels = [Level("/r", tuple(parse("*.md"))), Level("/r/sub", tuple(parse("!keep.md")))]
    assert not ignored(levels, "/r/sub/keep.md", False)
    assert ignored(levels, "/r/sub/other.md", False)


def test_hostile_patterns_are_matched_in_bounded_time() -> None:
    deep = ["a"] * 400 + ["b.md"]
    stars = parse_line("/".join(["**"] * 300) + "/c.md")
    assert stars is not None and stars.segments.count("**") == 1  # runs of ** are one
    many = parse_line("/".join(["**", "a"] * 150) + "/c.md")
    name = "*a" * 200 + "b"
    start = time.perf_counter()
    assert not match_segments(stars.segments, deep)
    assert not match_segments(many.segments, deep)  # type: ignore[union-attr]
    assert not match_name(name, "a" * 2000)
    assert time.perf_counter() - start < 2


@given(st.text(alphabet="ab*?", max_size=12), st.text(alphabet="ab", max_size=12))
def test_match_name_agrees_with_fnmatch(pattern: str, name: str) -> None:
    import fnmatch

    assert match_name(pattern, name) == fnmatch.fnmatchcase(name, pattern)


def test_the_walk_respects_ignore_files_but_not_named_files(tmp_path: Path, artlint: Run) -> None:
    (tmp_path / ".git").mkdir()
    for name in ["a.md", "drafts/b.md", "sub/c.md", "sub/keep.md", "sub/deep/d.md", "_site/e.md", "out/f.md"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(ARTICLE.replace("A title", name))
    (tmp_path / ".gitignore").write_text("drafts/\nsub/*.md\n")
    (tmp_path / "sub" / ".gitignore").write_text("!keep.md\n")
    (tmp_path / ".ignore").write_text("/out\n")
    shown = artlint("check", "--format", "json", "--select", "frontmatter-duplicate-key", "--show-config", "a.md", cwd=tmp_path)
    assert json.loads(shown.stdout)["respect-gitignore"] is True
    walked = artlint("check", "-q", cwd=tmp_path).stdout
    assert "(3 files checked)" in walked  # a.md, sub/keep.md, sub/deep/d.md
    named = artlint("check", "-q", "drafts/b.md", "_site/e.md", cwd=tmp_path).stdout
    assert "(2 files checked)" in named
    (tmp_path / "artlint.toml").write_text("respect-gitignore = false\n")
    assert "(6 files checked)" in artlint("check", "-q", cwd=tmp_path).stdout  # _site stays build output
