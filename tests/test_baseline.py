"""The baseline: adopt artlint on a corpus with old defects, block every new one."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from conftest import CORPUS, REPO

Run = Callable[..., CompletedProcess[str]]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not beside this checkout")
    project = tmp_path / "site"
    shutil.copytree(CORPUS, project / "content", ignore=shutil.ignore_patterns("*.ts"))
    shutil.copytree(REPO / "schemas", project / "schemas")
    (project / "artlint.toml").write_text(
        '[collections.blog]\npaths = ["content/blog/**"]\nschema = "schemas/blog.schema.json"\n'
        'images = { mainImage = "altText", thumbnail = "altText" }\n\n'
        '[collections.news]\npaths = ["content/news/**"]\nschema = "schemas/article.schema.json"\n'
    )
    return project


def test_baseline_adopts_the_corpus_and_blocks_new_defects(corpus: Path, artlint: Run) -> None:
    before = artlint("check", "--format", "json", "--today", "2026-11-26", cwd=corpus)
    assert before.returncode == 1
    total = len(json.loads(before.stdout))
    written = artlint("baseline", "--today", "2026-11-26", cwd=corpus)
    assert written.returncode == 0, written.stderr
    assert f"wrote {total} findings" in written.stdout
    baseline = json.loads((corpus / ".artlint-baseline.json").read_text())
    assert sum(e["count"] for e in baseline["findings"]) == total
    assert all("line" not in e for e in baseline["findings"])

    clean = artlint("check", "--format", "json", "--today", "2026-11-26", cwd=corpus)
    assert clean.returncode == 0, clean.stderr
    assert json.loads(clean.stdout) == []
    assert f"{total} findings in the baseline were left out" in clean.stderr

    # Blank lines inserted above old findings: nothing new.
    article = sorted((corpus / "content" / "news").glob("*.md"))[5]
    text = article.read_bytes()
    head, body = text.split(b"---\r\n\r\n", 1)
    article.write_bytes(head + b"---\r\n\r\n\r\n\r\n" + body.replace(b"</h2>", b"</h2>\r\n\r\n", 1))
    assert artlint("check", "--format", "json", "--today", "2026-11-26", cwd=corpus).stdout.strip() == "[]"

    # One new defect: reported alone, exit 1.
    article.write_bytes(article.read_bytes().replace(b"</h2>", b"</h2>\r\n<img src=\"/a.png\">", 1))
    new = artlint("check", "--format", "json", "--today", "2026-11-26", cwd=corpus)
    assert new.returncode == 1
    assert [(i["rule"], i["path"]) for i in json.loads(new.stdout)] == [("alt-missing", f"content/news/{article.name}")]

    # A finding fixed since: its entry is stale, and the exit code does not change.
    lines = article.read_bytes().split(b"\r\n")
    fixed = [b'altTextMainImage: "Two people testing a headset at a desk"' if line.startswith(b"altTextMainImage:") else line for line in lines]
    article.write_bytes(b"\r\n".join(fixed))
    stale = artlint("check", "--format", "json", "--today", "2026-11-26", cwd=corpus)
    assert "2 baseline entries are stale" in stale.stderr  # alt-placeholder and boilerplate-text
    assert [i["rule"] for i in json.loads(stale.stdout)] == ["alt-missing"]


def test_counts_and_explicit_baseline(tmp_path: Path, artlint: Run) -> None:
    (tmp_path / "a.md").write_text("---\ntitle: x\n---\n\n<img src='a.png'>\n<img src='a.png'>\n")
    artlint("baseline", "--baseline", "base.json", cwd=tmp_path)
    assert artlint("check", "--baseline", "base.json", cwd=tmp_path).returncode == 0
    assert artlint("check", cwd=tmp_path).returncode == 1  # no default baseline here
    (tmp_path / "a.md").write_text("---\ntitle: x\n---\n\n<img src='a.png'>\n<img src='a.png'>\n<img src='a.png'>\n")
    grown = artlint("check", "--format", "json", "--baseline", "base.json", cwd=tmp_path)
    assert [(i["rule"], i["line"]) for i in json.loads(grown.stdout)] == [("alt-missing", 7)]
    assert artlint("check", "--baseline", "base.json", "--no-baseline", "--format", "json", cwd=tmp_path).stdout.count('"alt-missing"') == 3


@pytest.mark.parametrize("content", ["{not json", '{"version": 99, "findings": []}', '{"version": 1, "findings": [{"path": 1}]}'])
def test_broken_baseline_exits_2(tmp_path: Path, artlint: Run, content: str) -> None:
    (tmp_path / "a.md").write_text("---\ntitle: x\n---\n")
    (tmp_path / ".artlint-baseline.json").write_text(content)
    result = artlint("check", cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "baseline" in result.stderr
    assert artlint("check", "--baseline", "missing.json", cwd=tmp_path).returncode == 2
