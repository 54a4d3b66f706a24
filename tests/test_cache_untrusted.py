"""The cache folder is committed content, not a trusted store (issue 16, item 8).

A pull request can commit ``.artlint_cache/`` — entries, a marker, links — or drop single
files into a developer's own cache on checkout. Nothing in it may hide a finding, raise a
traceback, stall the run or make artlint write outside the project.
"""

from __future__ import annotations

import json
import marshal
import socket
import sqlite3
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest

MARKER = "ARTLINT-CACHE"  # (artlint.cache.MARKER)

Run = Callable[..., CompletedProcess[str]]
BAD = "---\ntitle: a\ntitle: b\n---\n\nText.\n"


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    root.mkdir()
    (root / ".git").mkdir()
    (root / "artlint.toml").write_text("")
    for i in range(3):
        (root / f"a{i}.md").write_text(BAD)
    return root


def findings(result: CompletedProcess[str]) -> list[tuple[str, str, int]]:
    assert "Traceback" not in result.stderr, result.stderr
    return sorted((d["path"], d["rule"], d["line"]) for d in json.loads(result.stdout))


ONLINE = ("check", "--format", "json", "--online", "--online-timeout", "2", "--allow-private-host", "127.0.0.1", "--select", "image-unreachable")


@pytest.mark.parametrize("stamp", [1e13, float("inf"), "now", "recent", None, "text", [1], True])
@pytest.mark.parametrize("with_marker", [False, True])
def test_a_committed_online_list_hides_nothing(tmp_path: Path, artlint: Run, stamp: object, with_marker: bool) -> None:
    url = f"http://127.0.0.1:{closed_port()}/gone.png"
    (tmp_path / "a.md").write_text(f'---\ntitle: x\nmainImage: "{url}"\n---\n')
    (tmp_path / ".git").mkdir()  # a repository: artlint uses its cache folder (outside any project it writes none)
    cache = tmp_path / ".artlint_cache"
    cache.mkdir()
    value = {"now": time.time() + 10**6, "recent": time.time() - 60}.get(stamp, stamp) if isinstance(stamp, str) else stamp  # "now": in the future; "recent": within the TTL
    entries = {f"1 {url}": [value, "HTTP 200 image/png"], f"0 {url}": [value, "HTTP 200 image/png"], "junk": {"a": 1}}
    if with_marker:  # the whole folder forged, marker and all
        token = "ab" * 16
        (cache / MARKER).write_text(f"artlint cache {token}\n")
        (cache / "CACHEDIR.TAG").write_text("Signature: 8a477f597d28d172789f06886806bc55\n# artlint's cache: safe to delete (artlint clean).\n")
        (cache / "online-v1.json").write_text(json.dumps({"token": token, "urls": entries}, allow_nan=True))
    else:  # an old list, or one dropped into the folder
        (cache / "CACHEDIR.TAG").write_text("Signature: 8a477f597d28d172789f06886806bc55\n# artlint's cache: safe to delete (artlint clean).\n")
        (cache / "online-v1.json").write_text(json.dumps(entries, allow_nan=True))
    result = artlint(*ONLINE, cwd=tmp_path)
    assert findings(result) == [("a.md", "image-unreachable", 3)], result.stderr
    assert result.returncode == 1
    assert (cache / "results.sqlite").is_file()  # (the folder was used: the list was read and refused)


def test_a_genuine_online_list_still_works_and_expires(tmp_path: Path, artlint: Run) -> None:
    from artlint.online import Checker

    cache = tmp_path / "c"
    checker = Checker(timeout=1.0, allow=("127.0.0.1",), cache_dir=str(cache), ttl=3600)
    url = f"http://127.0.0.1:{closed_port()}/x.png"
    assert not checker.check_all([(url, True)])[(url, True)].ok  # failures are not cached
    data = json.loads((cache / "online-v1.json").read_text())
    now = time.time()
    data["urls"] = {f"1 {url}": [now - 10, "HTTP 200 image/png"]}
    (cache / "online-v1.json").write_text(json.dumps(data))
    assert not checker.check_all([(url, True)])[(url, True)].ok  # edited: its seal no longer matches
    data["seal"] = checker._seal(data["urls"])  # (as this installation writes a success)
    (cache / "online-v1.json").write_text(json.dumps(data))
    assert checker.check_all([(url, True)])[(url, True)].ok  # its own list, within the time to live
    data["urls"] = {f"1 {url}": [now - 7200, "HTTP 200 image/png"]}
    data["seal"] = checker._seal(data["urls"])
    (cache / "online-v1.json").write_text(json.dumps(data))
    assert not checker.check_all([(url, True)])[(url, True)].ok  # expired


def test_a_symlinked_cache_folder_is_not_followed(site: Path, tmp_path: Path, artlint: Run) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (site / ".artlint_cache").symlink_to(outside)
    expected = findings(artlint("check", "--format", "json", "--no-cache", cwd=site))
    for _ in range(2):
        result = artlint("check", "--format", "json", cwd=site)
        assert findings(result) == expected
        assert result.stderr.count("\n") == 1 and "symbolic link" in result.stderr and "running without the cache" in result.stderr
    assert list(outside.iterdir()) == []
    cleaned = artlint("clean", cwd=site)
    assert cleaned.returncode == 2 and outside.is_dir()


def test_links_inside_the_cache_folder_are_not_followed(site: Path, tmp_path: Path, artlint: Run) -> None:
    (site / "s.json").write_text('{"type": "object"}')
    (site / "artlint.toml").write_text('schema = "s.json"\n')  # (its verdict is kept in schemas.json)
    artlint("check", cwd=site)
    cache = site / ".artlint_cache"
    victim = tmp_path / "victim"
    victim.write_bytes(b"precious")
    databases: dict[str, Path] = {}  # a link to a database of the user's: SQLite would write into it
    for name in ("results.sqlite", "corpus.sqlite"):
        databases[name] = tmp_path / f"user-{name}"
        with sqlite3.connect(databases[name]) as db:
            db.execute("CREATE TABLE mine (x)")
    before = {path: path.read_bytes() for path in databases.values()}
    for name in ("results.sqlite", "corpus.sqlite", "online-v1.json", "schemas.json"):
        for suffix in ("", "-wal", "-shm") if name.endswith("sqlite") else ("",):
            path = cache / (name + suffix)
            if path.exists() or path.is_symlink():
                path.unlink()
            path.symlink_to(databases[name] if name in databases and not suffix else victim)
    expected = findings(artlint("check", "--format", "json", "--no-cache", cwd=site))
    assert findings(artlint("check", "--format", "json", cwd=site)) == expected
    assert victim.read_bytes() == b"precious"
    assert {path: path.read_bytes() for path in databases.values()} == before


def test_a_folder_that_is_not_artlints_is_not_used(site: Path, artlint: Run) -> None:
    notes = site / "notes"
    notes.mkdir()
    (notes / "keep.txt").write_text("mine")
    result = artlint("check", "--format", "json", "--cache-dir", "notes", cwd=site)
    assert findings(result) == findings(artlint("check", "--format", "json", "--no-cache", cwd=site))
    assert "not artlint's" in result.stderr and result.stderr.count("\n") == 1
    assert sorted(p.name for p in notes.iterdir()) == ["keep.txt"]
    empty = site / "empty"
    empty.mkdir()
    assert artlint("check", "--cache-dir", "empty", cwd=site).stderr == ""
    assert (empty / MARKER).is_file() and (empty / "CACHEDIR.TAG").is_file()


def test_forged_entries_hide_nothing(site: Path, artlint: Run) -> None:
    """Entries with the settings key and file hash a genuine run wrote, their findings
    emptied and sealed as the format is documented (the old CRC, or the key without the
    machine's secret): not read. A marshal bomb in the record stalls nothing."""
    for i in range(3, 120):  # enough files for the record
        (site / f"a{i}.md").write_text(BAD)
    expected = findings(artlint("check", "--format", "json", "--no-cache", cwd=site))
    assert findings(artlint("check", "--format", "json", cwd=site)) == expected
    cache = site / ".artlint_cache"
    empty = marshal.dumps(((), {}))
    with sqlite3.connect(cache / "results.sqlite") as db:
        db.execute("UPDATE results SET payload = ?", (zlib.crc32(empty).to_bytes(4, "little") + empty,))
    bomb = b"(\xff\xff\xff\x7f"  # a tuple of 2**31 items: marshal would allocate 16 GB
    for record in cache.glob("run-*.marshal"):
        data = record.read_bytes()
        record.write_bytes(data[:16] + bytes(16) + bomb)
    started = time.monotonic()
    result = artlint("check", "--format", "json", cwd=site)
    assert time.monotonic() - started < 30
    assert findings(result) == expected
