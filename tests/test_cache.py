"""Parallel checking and the result cache: same findings, less work."""

from __future__ import annotations

import json
import marshal
import os
import re
import shutil
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from artlint import registry
from artlint.config import from_table
from artlint.corpus.survey import of_files
from artlint.run import executor, session
from artlint.store import record as record_module, results as results_module
from artlint.store.results import Results as Cache
from conftest import CORPUS, REPO

Run = Callable[..., CompletedProcess[str]]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not beside this checkout")
    project = tmp_path / "site"
    shutil.copytree(CORPUS / "news", project / "news")
    shutil.copytree(CORPUS / "blog", project / "blog")
    shutil.copytree(REPO / "schemas", project / "schemas")
    (project / "artlint.toml").write_text(
        '[collections.blog]\npaths = ["blog/**"]\nschema = "schemas/blog.schema.json"\n\n[collections.news]\npaths = ["news/**"]\nschema = "schemas/article.schema.json"\n'
    )
    return project


def test_output_is_identical_whatever_the_jobs_and_the_cache(site: Path, artlint: Run) -> None:
    serial = artlint("check", "--format", "json", "--jobs", "1", "--no-cache", "--today", "2026-11-26", cwd=site)
    pooled = artlint("check", "--format", "json", "--jobs", "2", "--no-cache", "--today", "2026-11-26", cwd=site)
    cold = artlint("check", "--format", "json", "--today", "2026-11-26", cwd=site)
    warm = artlint("check", "--format", "json", "--today", "2026-11-26", cwd=site)
    assert serial.returncode == pooled.returncode == cold.returncode == warm.returncode == 1
    assert serial.stdout == pooled.stdout == cold.stdout == warm.stdout
    assert len(json.loads(serial.stdout)) > 1000
    assert (site / ".artlint_cache" / "CACHEDIR.TAG").exists()
    human_cold = artlint("check", "--no-cache", "--today", "2026-11-26", cwd=site).stdout
    assert artlint("check", "--today", "2026-11-26", cwd=site).stdout == human_cold  # code frames come from the cache too


def run_in_process(site: Path, cache: Cache, table: dict[str, object] | None = None) -> list[str]:
    rules = registry.load()
    config = from_table(table if table is not None else {"collections": {"news": {"paths": ["news/**"], "schema": "schemas/article.schema.json"}}}, str(site), rules)
    files = sorted(str(p) for p in (site / "news").glob("*.md"))[:30]
    result = session.run(files, config, rules, jobs=1, store=cache)
    return [f"{d.path}:{d.span.line}:{d.rule}:{d.message}" for d in result.diagnostics] + [f"{r.path}:{n}: {text}" for r in result.files for n, text in sorted(r.lines.items())]


def spy_on_linting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files the engine reads and checks from now on."""
    checked: list[str] = []
    real = executor.lint_file

    def spy(path: str, *args: object) -> object:
        checked.append(os.path.basename(path))
        return real(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(executor, "lint_file", spy)
    return checked


def test_warm_run_checks_nothing_and_a_change_rechecks_only_what_it_governs(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = Cache(str(site / ".artlint_cache"), registry.load())
    cold = run_in_process(site, cache)
    checked = spy_on_linting(monkeypatch)
    hashed: list[str] = []
    real_hash = results_module.file_hash
    monkeypatch.setattr(results_module, "file_hash", lambda p: hashed.append(p) or real_hash(p))
    assert run_in_process(site, Cache(str(site / ".artlint_cache"), registry.load())) == cold
    assert checked == [] and [h for h in hashed if h.endswith(".md")] == []  # stat alone proved them unchanged

    one = sorted((site / "news").glob("*.md"))[3]
    one.write_bytes(one.read_bytes().replace(b"<h2>", b"<h2>Changed ", 1))
    run_in_process(site, Cache(str(site / ".artlint_cache"), registry.load()))
    assert checked == [one.name]

    checked.clear()
    os.utime(one, ns=(1, 1))  # touched, same content: the hash proves it unchanged
    run_in_process(site, Cache(str(site / ".artlint_cache"), registry.load()))
    assert checked == []

    schema = site / "schemas" / "article.schema.json"
    schema.write_text(schema.read_text().replace('"minLength": 1, "description": "The headline."', '"minLength": 2, "description": "The headline."'))
    run_in_process(site, Cache(str(site / ".artlint_cache"), registry.load()))
    assert len(checked) == 30  # the schema governs them all

    checked.clear()
    table = {"collections": {"news": {"paths": ["news/**"], "schema": "schemas/article.schema.json", "rules": {"title-length": {"max": 20}}}}}
    changed = run_in_process(site, Cache(str(site / ".artlint_cache"), registry.load()), table)
    assert len(checked) == 30 and changed != cold


def test_corrupt_entries_and_databases_are_ignored(site: Path) -> None:
    folder = site / ".artlint_cache"
    cold = run_in_process(site, Cache(str(folder), registry.load()))
    database = folder / "results.sqlite"
    with sqlite3.connect(database) as db:
        paths = [p for (p,) in db.execute("SELECT path FROM results ORDER BY path")]
        assert len(paths) == 30
        for i, path in enumerate(paths):
            if i % 10 < 6:
                garbage = [b"", b"\x00\xff", "text", marshal.dumps(((1,), {})), marshal.dumps(((), {"r": (("u", (1, 2)),)})), marshal.dumps((((("2", 1, 2, 3), "r", "error", "m", ""),), {}))][i % 10]
                db.execute("UPDATE results SET payload = ? WHERE path = ?", (garbage, path))
            else:  # the source lines, kept apart from the findings
                db.execute("UPDATE results SET lines = ? WHERE path = ?", (["[1]", '{"x": "y"}', "{not json", '{"1": 2}', "null"][i % 5], path))
    assert run_in_process(site, Cache(str(folder), registry.load())) == cold
    assert run_in_process(site, Cache(str(folder), registry.load())) == cold
    for wal in folder.glob("results.sqlite-*"):
        wal.unlink()
    database.write_bytes(b"\x00garbage, not a database" * 200)
    assert run_in_process(site, Cache(str(folder), registry.load())) == cold
    assert database.read_bytes().startswith(b"SQLite format 3")
    database.write_bytes(database.read_bytes()[:1000])  # cut short
    assert run_in_process(site, Cache(str(folder), registry.load())) == cold


def test_the_record_of_the_last_run_gives_what_the_caches_would(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A run over many files reads its results — the cross-file findings too — from the
    record of the last run where it can (one file), and each entry only where the database
    and the corpus index would give the same: an edited file is checked again, findings of
    another generation of the index are found again, a damaged record is ignored, and an
    index made anew never takes the record's findings for its own."""
    monkeypatch.setattr(record_module, "RECORD_MIN", 10)
    rules = registry.load()
    config = from_table({"collections": {"news": {"paths": ["news/**"], "schema": "schemas/article.schema.json"}}}, str(site), rules)
    files = sorted(str(p) for p in (site / "news").glob("*.md"))[:40]
    folder = site / ".artlint_cache"
    checked = spy_on_linting(monkeypatch)

    def run(cached: bool = True, lines: bool = False, some: int = 40, jobs: int = 1) -> list[str]:
        checked.clear()
        cache = Cache(str(folder), rules) if cached else None
        result = session.run(files[:some], config, rules, jobs=jobs, store=cache, survey=of_files(config, files), lines=lines)
        if cache is not None:
            cache.close()
        return [f"{d.path}:{d.span}:{d.rule}:{d.message}:{d.fingerprint}" for d in result.diagnostics] + [f"{r.path}:{n}: {t}" for r in result.files for n, t in sorted(r.lines.items())]

    cold = run()
    assert len(checked) == 40 and any(":duplicate-title:" in line for line in cold)
    (record,) = folder.glob("run-*.marshal")
    with sqlite3.connect(folder / "results.sqlite") as db:  # the record alone holds them now
        db.execute("DELETE FROM results")
    with sqlite3.connect(folder / "corpus.sqlite") as db:
        db.execute("DELETE FROM found")
    written = record.stat().st_mtime_ns
    assert run() == cold and checked == []
    assert record.stat().st_mtime_ns == written  # nothing changed: not written again

    first, second, third = (Path(f) for f in files[:3])
    first.write_bytes(first.read_bytes() + b"\n")  # edited, nothing the index asks about
    assert run() == cold and checked == [first.name]
    monkeypatch.setattr(record_module, "STALE", 10)  # the record is written again only for more than 4 changed files
    for jobs in (1, 2):  # (with 2, the changed file is checked in a child, beside the restoring of the others)
        written = record.stat().st_mtime_ns
        first.write_bytes(first.read_bytes() + b"\n")
        assert run(jobs=jobs) == cold and record.stat().st_mtime_ns == written
        assert checked == [first.name] or jobs == 2  # (a child's checks are not seen here)
    assert run() == cold and checked == []  # (from the database)
    title = re.search(rb"title: .*", third.read_bytes()).group()  # type: ignore[union-attr]
    second.write_bytes(re.sub(rb"title: .*", title.replace(b"\\", b"\\\\"), second.read_bytes(), count=1))  # another article's title
    shared = run()
    assert checked == [second.name]
    assert shared == run(cached=False) and shared != cold
    assert run() == shared and checked == []

    data = record.read_bytes()
    for damaged in (data[: len(data) // 2], data[:20] + bytes([data[20] ^ 1]) + data[21:], b"", b"\xff" * 8 + data[8:], data[:16], b"\0" * 64):
        record.write_bytes(damaged)
        assert run() == shared
        made = record_module.Record(results_module.FORMAT)  # made anew, whole
        assert made.read(str(record), 40, False) and len(made.entries) == 40 and made.generation is not None
    whole = record.read_bytes()
    assert run(some=19) == run(cached=False, some=19) and record.read_bytes() == whole  # a part of the tree: the database
    title = re.search(rb"title: .*", Path(files[30]).read_bytes()).group()  # type: ignore[union-attr]
    second.write_bytes(re.sub(rb"title: .*", title.replace(b"\\", b"\\\\"), second.read_bytes(), count=1))  # a title of the files not checked
    assert run(some=25) == run(cached=False, some=25)  # most of the tree, and a new generation: written again ...
    made = record_module.Record(results_module.FORMAT)
    assert made.read(str(record), 40, False) and len(made.entries) == 40  # ... with the entries of the other 15
    full = run()
    assert checked == [] and full == run(cached=False)
    assert run(lines=True) == run(cached=False, lines=True)  # the source lines, which the record did not hold

    for name in ("corpus.sqlite", "corpus.sqlite-wal", "corpus.sqlite-shm"):  # an index made anew, and a change it must see
        (folder / name).unlink(missing_ok=True)
    second.write_bytes(re.sub(rb"title: .*", b'title: "A title of its own"', second.read_bytes(), count=1))
    assert run() == run(cached=False) != shared


def test_a_run_leaves_the_garbage_collector_as_it_found_it(site: Path) -> None:
    """Restoring findings runs without collections, and what it made is frozen for the rest
    of the run (no collection walks it again); after the run, collections are as before."""
    import gc

    folder = str(site / ".artlint_cache")
    cold = run_in_process(site, Cache(folder, registry.load()))
    assert gc.isenabled() and gc.get_freeze_count() == 0
    assert run_in_process(site, Cache(folder, registry.load())) == cold  # every file from the cache
    assert gc.isenabled() and gc.get_freeze_count() == 0
    gc.disable()
    gc.freeze()
    try:  # a caller's own choices are kept: its collector off, its objects frozen
        frozen = gc.get_freeze_count()
        run_in_process(site, Cache(folder, registry.load()))
        assert not gc.isenabled() and gc.get_freeze_count() >= frozen
    finally:
        gc.unfreeze()
        gc.enable()


def test_sealed_payloads_are_read_back_only_as_written() -> None:
    from artlint.store.codec import diagnostics as restore, seal, unseal

    data = marshal.dumps(((((1, 2, 1, 5), "rule", "error", "message", "fingerprint", None),), {}))
    sealed = seal(data)
    assert bytes(unseal(sealed)) == data
    assert restore("a.md", marshal.loads(unseal(sealed))[0])[0].span.end_column == 5
    flipped = sealed[:12] + bytes([sealed[12] ^ 1]) + sealed[13:]
    for damaged in (sealed[:-1], sealed[:3], b"", flipped, data, sealed + b"\0", "text", None):
        with pytest.raises(ValueError):
            unseal(damaged)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_cache_folder_runs_without_it(tmp_path: Path, artlint: Run) -> None:
    (tmp_path / "a.md").write_text("---\ntitle: a\ntitle: b\n---\n")
    (tmp_path / "cache").mkdir(mode=stat.S_IRUSR | stat.S_IXUSR)
    result = artlint("check", "--cache-dir", "cache", cwd=tmp_path)
    assert result.returncode == 1 and result.stderr.count("running without the cache") == 1


def test_unwritable_cache_folder_runs_without_it(tmp_path: Path, artlint: Run) -> None:
    (tmp_path / "a.md").write_text("---\ntitle: a\ntitle: b\n---\n")
    (tmp_path / "b.md").write_text("---\ntitle: a\ntitle: b\n---\n")
    (tmp_path / "cache").write_text("a file where the folder should be")
    result = artlint("check", "--cache-dir", "cache", cwd=tmp_path)
    assert result.returncode == 1 and result.stderr.count("running without the cache") == 1
    assert "a.md:3:1" in result.stdout and "b.md:3:1" in result.stdout


def test_clean(tmp_path: Path, artlint: Run) -> None:
    (tmp_path / "a.md").write_text("---\ntitle: x\n---\n")
    artlint("check", cwd=tmp_path)
    assert not (tmp_path / ".artlint_cache").exists()  # no configuration, no repository: nothing written
    (tmp_path / "artlint.toml").write_text("")
    artlint("check", cwd=tmp_path)
    assert (tmp_path / ".artlint_cache").is_dir()
    assert "removed" in artlint("clean", cwd=tmp_path).stdout
    assert not (tmp_path / ".artlint_cache").exists()
    assert "no cache" in artlint("clean", cwd=tmp_path).stdout
    (tmp_path / "other").mkdir()
    refused = artlint("clean", "--cache-dir", "other", cwd=tmp_path)
    assert refused.returncode == 2 and (tmp_path / "other").exists()
