"""Reporters: SARIF against the official schema, GitHub annotations that cannot be injected,
human code frames, and the fingerprints that keep findings stable across edits."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import jsonschema
import pytest

from artlint.reporters.github import escape_data, escape_property
from conftest import CORPUS, REPO, SEED, SHARED

Run = Callable[..., CompletedProcess[str]]
SARIF_SCHEMA = SHARED / "data" / "sarif-schema-2.1.0.json"


def sarif_validator() -> jsonschema.Draft4Validator:
    return jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text()))


def check_sarif(log: dict[str, object]) -> None:
    errors = list(sarif_validator().iter_errors(log))
    assert errors == [], errors[0].message if errors else ""
    assert log["version"] == "2.1.0" and log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    (run,) = log["runs"]  # type: ignore[misc]
    driver = run["tool"]["driver"]
    assert driver["name"] == "artlint" and driver["version"] and driver["informationUri"].startswith("https://")
    ids = [r["id"] for r in driver["rules"]]
    assert len(ids) == len(set(ids))
    for rule in driver["rules"]:
        assert rule["name"] and rule["name"] != rule["id"]
        assert 0 < len(rule["shortDescription"]["text"]) <= 1024 and 0 < len(rule["fullDescription"]["text"]) <= 1024
        assert rule["help"]["text"] and rule["help"]["markdown"] and rule["helpUri"].startswith("https://")
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
        assert isinstance(rule["properties"]["tags"], list)
    assert run["columnKind"] == "unicodeCodePoints"
    for result in run["results"]:
        assert ids[result["ruleIndex"]] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note") and result["message"]["text"]
        (location,) = result["locations"]
        region = location["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1 and region["endLine"] >= region["startLine"]
        assert result["partialFingerprints"]["artlint/v1"]


@pytest.mark.skipif(not SARIF_SCHEMA.exists(), reason="../shared/data is not beside this checkout")
def test_sarif_for_the_seed_validates(tmp_path: Path, artlint: Run) -> None:
    result = artlint("check", "--format", "sarif", "--output", str(tmp_path / "a.sarif"), "--automation-id", "artlint/seeds/", "seeds/", cwd=REPO)
    assert result.returncode == 1 and result.stdout == ""
    log = json.loads((tmp_path / "a.sarif").read_text())
    check_sarif(log)
    run = log["runs"][0]
    assert run["automationDetails"] == {"id": "artlint/seeds/"}
    seed = [r for r in run["results"] if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == f"seeds/{SEED.name}"]
    assert {(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in seed} >= {("date-order", 6), ("body-code-fence", 17)}
    assert all(r["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] == "%SRCROOT%" for r in seed)
    assert {r["level"] for r in run["results"]} <= {"error", "warning", "note"}


@pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpus is not beside this checkout")
def test_sarif_for_the_corpus_validates(artlint: Run) -> None:
    result = artlint("check", "--format", "sarif", "../shared/corpus/jengu", cwd=REPO)
    log = json.loads(result.stdout)
    check_sarif(log)
    assert len(log["runs"][0]["results"]) > 1000


def test_clean_run_writes_empty_results(tmp_path: Path, artlint: Run) -> None:
    (tmp_path / "a.md").write_text("---\ntitle: x\n---\n\n<p>Fine.</p>\n")
    result = artlint("check", "--format", "sarif", cwd=tmp_path)
    assert result.returncode == 0
    log = json.loads(result.stdout)
    assert log["runs"][0]["results"] == []
    if SARIF_SCHEMA.exists():
        check_sarif(log)


def test_fingerprints_stable_when_lines_are_inserted_above(tmp_path: Path, artlint: Run) -> None:
    shutil.copy(SEED, tmp_path / "a.md")
    before = json.loads(artlint("check", "--format", "sarif", "a.md", cwd=tmp_path).stdout)["runs"][0]["results"]
    text = (tmp_path / "a.md").read_text()
    head, body = text.split("\n```html\n", 1)
    assert head.startswith("---\n")
    # A line above every finding (they are all in the front matter or on the fence), and one in the body.
    (tmp_path / "a.md").write_text("---\n# An inserted comment\n" + head[4:] + "\n```html\n<p>An inserted paragraph.</p>\n\n" + body)
    after = json.loads(artlint("check", "--format", "sarif", "a.md", cwd=tmp_path).stdout)["runs"][0]["results"]

    def prints(results: list[dict[str, object]]) -> dict[str, tuple[str, int]]:
        return {r["partialFingerprints"]["artlint/v1"]: (r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in results}  # type: ignore[index]

    assert len(before) >= 3 and len(prints(before)) == len(before)  # distinct per finding
    assert prints(after) == {fp: (rule, line + 1) for fp, (rule, line) in prints(before).items()}  # each one line down, its print unchanged


def unescape_data(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def unescape_property(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


@pytest.mark.parametrize("text", ["plain", "100% sure, really: yes", "line\nbreak\r\n::error file=x::boom", "%0A%25%3A", ":: , %"])
def test_escaping_round_trips_like_the_runner(text: str) -> None:
    assert unescape_data(escape_data(text)) == text
    assert unescape_property(escape_property(text)) == text
    assert "\n" not in escape_data(text) and "\r" not in escape_data(text)
    assert "," not in escape_property(text) and ":" not in escape_property(text)


HOSTILE = """---
title: "Evil\\n::error file=evil.md,line=1::injected title, with commas: and %0A"
description: "Line one\\n::warning::two %0A::error:: three, with commas and more words to pass the length check, %0A::error file=evil.md::x"
publishedOn: 2025-01-01
updatedOn: 2024-01-01
mainImage: "http://x.org/a.png\\n::error file=evil::x"
altTextMainImage: "::error file=x,line=1::y.png"
---

<img src="http://x.org/%0A::error file=evil.md::x" alt="::error file=x::y.jpg">
<p>Q&A ::error file=evil.md::x</p>
<!-- artlint-disable ::error file=evil.md::x -->
"""


def test_github_annotations_cannot_be_injected(tmp_path: Path, artlint: Run) -> None:
    (tmp_path / "a, b: c%.md").write_text(HOSTILE)
    result = artlint("check", "--format", "github", cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) >= 4  # date-order, image-url, alt-placeholder …: lines enough to judge
    pattern = re.compile(r"^::(error|warning|notice) file=([^,:]*),line=\d+,endLine=\d+(,col=\d+,endColumn=\d+)?,title=artlint \([a-z-]+\)::")
    for line in lines:
        if line.lstrip().startswith("::"):
            m = pattern.match(line)
            assert m, line
            assert unescape_property(m.group(2)) == str(tmp_path / "a, b: c%.md")
    levels = [line.split(" ", 1)[0] for line in lines]
    assert levels == sorted(levels, key=["::error", "::warning", "::notice"].index)  # errors first


def test_github_step_summary(tmp_path: Path, artlint: Run) -> None:
    site = tmp_path / "site"
    site.mkdir()
    for i in range(12):
        (site / f"a{i}.md").write_text(f"---\ntitle: a\ntitle: b{i}\n---\n")
    summary = tmp_path / "summary.md"
    summary.write_text("# earlier step\n")
    result = artlint("check", "--format", "github", "--select", "frontmatter-duplicate-key", ".", cwd=site, env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.stdout.count("::error ") == 12
    text = summary.read_text()
    assert text.startswith("# earlier step\n")
    assert "12 errors" in text and "2 findings are not shown as annotations" in text
    assert "| `frontmatter-duplicate-key` | error | 12 |" in text
    assert text.count("**error** `frontmatter-duplicate-key`") == 12


def test_human_frames_concise_statistics_quiet(tmp_path: Path, artlint: Run) -> None:
    (tmp_path / "a.md").write_text("---\ntitle: a\ntitle: b\n---\n\n<p>\tQ&foo;A</p>\n")
    human = artlint("check", cwd=tmp_path).stdout.splitlines()
    assert human[:8] == [
        "a.md:3:1: error [frontmatter-duplicate-key] duplicate key 'title': this value replaces the one written earlier",
        "  |",
        "3 | title: b",
        "  | ^^^^^",
        "",
        "a.md:6:6: error [html-parse-error] [*] '&foo;' names no character reference: write &amp;foo; (or the reference meant) (unknown-named-character-reference)",
        "  |",
        "6 | <p> Q&foo;A</p>",
    ]
    assert human[8] == "  |      ^^^^^"
    concise = artlint("check", "--format", "concise", cwd=tmp_path).stdout.splitlines()
    fixable = "[*] 1 fixable with --fix"
    assert concise == [human[0], human[5], "", "2 errors, 0 warnings in 1 file (1 file checked)", fixable]
    stats = artlint("check", "--statistics", cwd=tmp_path).stdout.splitlines()
    assert stats == ["1  frontmatter-duplicate-key  (error)", "1  html-parse-error  (error)", "2 errors, 0 warnings in 1 file (1 file checked)", fixable]
    assert artlint("check", "-q", cwd=tmp_path).stdout == f"2 errors, 0 warnings in 1 file (1 file checked)\n{fixable}\n"


def test_long_lines_are_windowed(tmp_path: Path, artlint: Run) -> None:
    (tmp_path / "a.md").write_text("---\ntitle: x\n---\n\n<p>" + "word " * 200 + "Q&foo;A" + " more" * 200 + "</p>\n")
    lines = artlint("check", "--select", "html-parse-error", cwd=tmp_path).stdout.splitlines()
    source, carets = lines[2], lines[3]
    assert len(source) < 140 and source.endswith("…")
    assert source[carets.index("^")] == "&"
