"""The real corpus beside the checkout, with the repository's own configuration."""

from __future__ import annotations

import json
import re
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


@pytest.fixture(scope="module")
def corpus_items() -> list[dict[str, object]]:
    from conftest import run_artlint

    result = run_artlint("check", "--format", "json", "--today", "2026-11-26", "../shared/corpus/jengu", cwd=REPO)
    assert result.returncode == 1, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def files_with(items: list[dict[str, object]], rule: str, folder: str = "") -> set[str]:
    return {str(i["path"]) for i in items if i["rule"] == rule and (not folder or f"/{folder}/" in str(i["path"]))}


def test_corpus_content_findings(corpus_items: list[dict[str, object]]) -> None:
    news = {str(p.relative_to(REPO.parent)) for p in (CORPUS / "news").glob("*.md")}
    assert len(news) == 324
    assert len(files_with(corpus_items, "date-order", "news")) == 324
    assert len(files_with(corpus_items, "body-code-fence")) == 60
    fenced = {p.name for p in (CORPUS / "news").glob("*.md") if "```html" in p.read_text(encoding="utf-8").split("---", 2)[2][:20]}
    assert {p.rsplit("/", 1)[1] for p in files_with(corpus_items, "body-code-fence")} == fenced
    assert len(files_with(corpus_items, "body-stray-fence", "news")) == 147
    assert not files_with(corpus_items, "html-parse-error")  # (a raw '&' is valid HTML: the opt-in rule's)
    assert len(files_with(corpus_items, "description-truncated")) == 139  # the 140th, blog/_template.md, is a complete placeholder sentence
    placeholders = [i for i in corpus_items if i["rule"] == "alt-placeholder"]
    assert len({i["path"] for i in placeholders if str(i["message"]).startswith("altTextMainImage")}) == 324
    assert len({i["path"] for i in placeholders if str(i["message"]).startswith("altTextThumbnail")}) == 171
    assert len(files_with(corpus_items, "heading-order")) == 183
    assert not [i for i in corpus_items if i["rule"] == "internal-error"]


def test_corpus_raw_ampersands_are_the_opt_in_rules(artlint: Callable[..., CompletedProcess[str]]) -> None:
    """The three articles with a raw '&' (Q&A, AT&T) are valid HTML: only the opt-in style rule
    reports them, when it is selected."""
    result = artlint("check", "--format", "json", "--select", "html-raw-ampersand,html-parse-error", "../shared/corpus/jengu", cwd=REPO)
    items = json.loads(result.stdout)
    assert not files_with(items, "html-parse-error")
    assert {p.rsplit("/", 1)[1] for p in files_with(items, "html-raw-ampersand")} == {
        "anthropic-launches-citation-feature-for-claude-api.md",
        "is-testing-a-standalone-ios-app-for-its-grok-chatbot.md",
        "meta-announces-llamacon-its-first-generative-ai-dev-conference.md",
    }
    assert all(item["rule"] == "html-raw-ampersand" for item in items)


def test_corpus_positions_point_at_what_they_name(corpus_items: list[dict[str, object]]) -> None:
    """Every diagnostic's span holds the text it is about, in the original (CRLF) file."""
    texts: dict[str, list[str]] = {}
    for item in corpus_items:
        path = str(item["path"])
        if path not in texts:
            texts[path] = re.split(r"\r\n|\r|\n", (REPO / path).read_text(encoding="utf-8"))
        lines = texts[path]
        line, col = int(item["line"]), int(item["column"])  # type: ignore[call-overload]
        text = lines[line - 1][col - 1 :]
        rule = item["rule"]
        if rule in ("date-order", "description-length", "description-truncated", "title-length") or str(item["message"]).startswith("altText"):
            assert text.startswith(('"', "20")), (item, text[:30])
        elif str(item["message"]).startswith("alt text"):  # in the body: the alt text itself
            assert lines[line - 1][col - 2] in "\"'[", (item, text[:30])
        elif rule == "body-code-fence":
            assert text.startswith("```html"), item
        elif rule == "body-stray-fence":
            assert text.rstrip() == "```", item
        elif rule == "html-parse-error":
            assert text.startswith("&"), item
        elif rule == "heading-order":
            assert re.match(r"<h\d|#", text), item


@pytest.mark.parametrize("spread", ["even", "bunched"])
def test_smallest_hashes_whatever_their_spread(spread: str) -> None:
    """The sketch sorts only the hashes under a guessed cut; hashes that bunch together (or a
    cut that keeps too few) must not change the answer."""
    import random

    from artlint.corpus import smallest

    r = random.Random(7)
    for n in (0, 1, 31, 32, 33, 128, 129, 1000, 20000):
        if spread == "even":
            hashes = {r.getrandbits(64) - (1 << 63) for _ in range(n)}
        else:  # all near the top of the range: the cut keeps none of them
            hashes = {(1 << 63) - 1 - r.randrange(10 * n + 1) for _ in range(n)}
        assert smallest(hashes, 32) == tuple(sorted(hashes)[:32])
