"""The real corpus beside the checkout, with the repository's own configuration."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from artlint import registry
from artlint.config import load
from conftest import CORPUS, REPO

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside this checkout")


def test_every_corpus_file_gets_its_collection_schema() -> None:
    config = load(str(REPO), registry.load())
    files = sorted(CORPUS.rglob("*.md"))
    assert len(files) == 461
    for path in files:
        name, settings = config.collection_for(str(path))
        assert name == path.parent.name, path
        schema = next(s.options.schema for s in settings if s.rule.id == "frontmatter-schema")
        assert schema.endswith("blog.schema.json" if name == "blog" else "article.schema.json")


def test_corpus_run_has_no_internal_error_and_positions_match(artlint: Callable[..., CompletedProcess[str]]) -> None:
    result = artlint("check", "--format", "json", "../shared/corpus/jengu", cwd=REPO)
    assert result.returncode in (0, 1), result.stderr
    items = json.loads(result.stdout)
    assert not [i for i in items if i["rule"] == "internal-error"]
    for item in items:
        lines = (REPO / item["path"]).read_text(encoding="utf-8").splitlines()
        assert 1 <= item["line"] <= len(lines) + 1
        if item["rule"].startswith("frontmatter-") and item["line"] > 1:
            line = lines[item["line"] - 1]
            assert 1 <= item["column"] <= len(line) + 1, item


def test_corpus_variants_keep_positions(tmp_path: Path, artlint: Callable[..., CompletedProcess[str]]) -> None:
    """A corpus article broken on purpose: the diagnostic sits on the broken line, CRLF or not."""
    source = sorted((CORPUS / "news").glob("*.md"))[0].read_bytes()
    assert b"\r\n" in source
    lines = source.split(b"\r\n")
    index = next(i for i, line in enumerate(lines) if line.startswith(b"publishedOn:"))
    lines[index] = b"publishedOn: 2025-02-30"
    (tmp_path / "a.md").write_bytes(b"\r\n".join(lines))
    (tmp_path / "b.md").write_bytes(b"\n".join(lines))
    result = artlint("check", "--format", "json", "--schema", str(REPO / "schemas" / "article.schema.json"), "--select", "frontmatter-schema", cwd=tmp_path)
    items = json.loads(result.stdout)
    assert [(i["path"], i["line"], i["column"], i["endColumn"]) for i in items] == [("a.md", index + 1, 14, 24), ("b.md", index + 1, 14, 24)]
