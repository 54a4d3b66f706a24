"""Memory and time stay bounded whatever the size of a file, its front matter or a value."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from artlint import document
from artlint.diagnostic import MAX_MESSAGE, bounded

BIG = 200_000_000
MB = 1 << 20


def _big_file(path: Path, front: bytes = b"---\ntitle: big\ntitle: again\n---\n") -> Path:
    """A real (not sparse) file of 200 MB: front matter, then text."""
    block = b"word " * (MB // 5)
    with open(path, "wb") as f:
        f.write(front)
        for _ in range(BIG // len(block)):
            f.write(block)
    return path


def _measured(args: list[str], cwd: Path, stdin: Path | None = None) -> tuple[dict[str, object], float, int]:
    """artlint's JSON report, wall time and peak RSS (KB), measured in a wrapper process."""
    script = (
        "import resource, subprocess, sys\n"
        "stdin = open(sys.argv[1], 'rb') if sys.argv[1] else None\n"
        "ran = subprocess.run([sys.executable, '-m', 'artlint', *sys.argv[2:]], stdin=stdin, capture_output=True)\n"
        "sys.stderr.write(ran.stderr.decode())\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "sys.stdout.write(ran.stdout.decode())\n"
    )
    start = time.perf_counter()
    ran = subprocess.run([sys.executable, "-c", script, str(stdin or ""), *args], cwd=cwd, capture_output=True, text=True, timeout=120)
    elapsed = time.perf_counter() - start
    rss, report = ran.stdout.split("\n", 1)
    assert "Traceback" not in ran.stderr, ran.stderr
    return json.loads(report), elapsed, int(rss)


def test_a_200_mb_file_is_reported_without_being_read(tmp_path: Path) -> None:
    big = _big_file(tmp_path / "big.md")
    found, elapsed, rss = _measured(["check", "--no-cache", "--format", "json", "big.md"], tmp_path)
    assert {(d["rule"], d["line"]) for d in found} == {("file-too-large", 5), ("frontmatter-duplicate-key", 3)}  # (the front matter is still checked)
    assert f"{big.stat().st_size:,} bytes" in next(d["message"] for d in found if d["rule"] == "file-too-large")
    assert rss < 200_000, rss
    assert elapsed < 10, elapsed  # about a second on an idle machine


def test_standard_input_is_bounded_too(tmp_path: Path) -> None:
    big = _big_file(tmp_path / "big.md")
    found, elapsed, rss = _measured(["check", "--no-cache", "--format", "json", "--stdin-filename", "x.md"], tmp_path, stdin=big)
    sizes = [d["message"] for d in found if d["rule"] == "file-too-large"]
    assert sizes and f"{big.stat().st_size:,} bytes" in sizes[0]
    assert rss < 200_000, rss
    assert elapsed < 10, elapsed


@pytest.mark.parametrize("size", [0, 1, 99, 100, 101, 5 * MB])
def test_read_keeps_all_up_to_the_limit_and_the_head_past_it(size: int) -> None:
    data = bytes(range(256)) * (size // 256 + 1)
    data = data[:size]
    got, counted = document.read(io.BytesIO(data), limit=100)
    assert counted == size
    assert got == (data if size <= 100 else data[: document.HEAD])


def test_read_file_knows_a_large_file_from_its_size(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"x" * 1000)
    assert document.read_file(str(path), 1000) == (b"x" * 1000, 1000)
    assert document.read_file(str(path), 999) == (b"x" * 1000, 1000)  # (the head is larger than the file)
    path.write_bytes(b"x" * (document.HEAD + 10))
    assert document.read_file(str(path), 10) == (b"x" * document.HEAD, document.HEAD + 10)


def test_a_head_cut_within_a_character_is_no_encoding_problem() -> None:
    start = "---\ntitle: é\n---\n".encode()
    data = start + b"x" * (document.HEAD - len(start) - 1) + "é".encode() * 10
    head = data[: document.HEAD]
    assert head[-1] == 0xC3  # cut after the first byte of 'é'
    doc = document.load("a.md", head, len(data))
    assert doc.encoding_problem is None and doc.frontmatter is not None and doc.frontmatter.data == {"title": "é"}
    assert doc.size == len(data) and doc.body.text == ""


def test_a_front_matter_over_its_limit_is_reported_not_parsed(tmp_path: Path) -> None:
    entries = "".join(f"- [a, {{b: c}}, {i}]\n" for i in range(200_000))
    (tmp_path / "a.md").write_text(f"---\nlist:\n{entries}---\nbody\n")
    start = time.perf_counter()
    ran = subprocess.run([sys.executable, "-m", "artlint", "check", "--no-cache", "--format", "json", "a.md"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert time.perf_counter() - start < 10
    found = json.loads(ran.stdout)
    assert [(d["rule"], d["line"]) for d in found] == [("frontmatter-syntax", 1)]
    assert f"over the limit of {document.MAX_FRONT_MATTER:,}" in found[0]["message"]


def test_unclosed_front_matter_of_a_large_file() -> None:
    data = b"---\ntitle: a\n" + b"k: v\n" * 3_000_000
    doc = document.load("a.md", data[: document.HEAD], len(data))
    assert doc.frontmatter is not None and doc.frontmatter.problem is not None
    assert "not closed within the first" in doc.frontmatter.problem.message


def test_messages_are_bounded() -> None:
    assert bounded("short") == "short"
    long = "description '" + "x" * 5_000_000 + "' ends mid-sentence"
    cut = bounded(long)
    assert len(cut) < MAX_MESSAGE + 50 and cut.startswith("description 'xxx") and cut.endswith("' ends mid-sentence")
    assert "[…4,999,132 characters…]" in cut


def test_a_long_value_is_not_echoed_whole(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text('---\ntitle: a\ndescription: "' + "word " * 18_000 + 'and"\n---\nbody\n')
    ran = subprocess.run([sys.executable, "-m", "artlint", "check", "--no-cache", "--format", "json", "a.md"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    found = json.loads(ran.stdout)
    assert found and all(len(d["message"]) <= MAX_MESSAGE + 50 for d in found)
