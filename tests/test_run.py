"""The run machinery's paths that a normal run seldom takes: the pool and its order, the
forked child and its fallback, the record's fallback to checking, the store-less run, the
generic settings key and the fingerprint recipe."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from artlint import registry
from artlint.config import from_table
from artlint.diagnostic import UsageError
from artlint.fingerprint import fingerprint
from artlint.rule import FilePath, Rule
from artlint.run import executor, session
from artlint.store import codec, record as record_module
from artlint.store.keys import Keys, file_paths
from artlint.store.record import Record
from artlint.store.results import FORMAT, NoStore, Results

ARTICLE = "---\ntitle: Article {i}\ndescription: short\npublishedOn: 2025-01-0{d}\n---\n\n<h3>Skips</h3>\n<p>Body {i} &copy text</p>\n"


def tree(folder: Path, n: int) -> list[str]:
    for i in range(n):
        (folder / f"a{i:03d}.md").write_text(ARTICLE.format(i=i, d=i % 9 + 1))
    return sorted(str(p) for p in folder.glob("*.md"))


def alone() -> None:
    """This process runs no other thread (a fork is then safe, and Beside forks): threads
    other tests left (a server's request handlers) are waited for a while."""
    deadline = time.monotonic() + 10
    while threading.active_count() > 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert threading.active_count() == 1, f"threads left by other tests: {[t.name for t in threading.enumerate()]}"


def shown(result: object) -> list[str]:
    return [f"{d.path}:{d.span}:{d.rule}:{d.message}:{d.fingerprint}" for d in result.diagnostics] + [f"{f.path}:{sorted(f.lines.items())}" for f in result.files]  # type: ignore[attr-defined]


def test_the_fingerprint_recipe_never_changes() -> None:
    # (baselines and SARIF partialFingerprints written by earlier versions depend on these)
    assert fingerprint("duplicate-title", "title also used by 2 other articles: a.md") == "dc9f65caa4f87c4922c7"
    assert fingerprint("link-unreachable", "HTTP 404", "https://example.org/x") == "6f64671af11a729b1238"
    assert fingerprint("heading-order", "skips from h2 to h4", "#### Booking") == "a819b208e043f367c684"


def test_the_pool_keeps_the_order_and_the_findings(tmp_path: Path) -> None:
    files = tree(tmp_path, executor.POOL_THRESHOLD + 12)
    rules = registry.load()
    config = from_table({}, str(tmp_path), rules)
    serial = list(executor.lint_all(files, config, frozenset(rules), 1))
    pooled = list(executor.lint_all(files, config, frozenset(rules), 2))
    assert [(r.path, r.diagnostics, digest) for r, digest in pooled] == [(r.path, r.diagnostics, digest) for r, digest in serial]
    assert not multiprocessing.active_children()


def test_a_file_that_cannot_be_read_stops_the_pool_with_a_usage_error(tmp_path: Path) -> None:
    files = tree(tmp_path, executor.POOL_THRESHOLD + 2)
    os.remove(files[-5])
    rules = registry.load()
    config = from_table({}, str(tmp_path), rules)
    with pytest.raises(UsageError, match="cannot be read"):
        list(executor.lint_all(files, config, frozenset(rules), 2))
    assert not multiprocessing.active_children()


@pytest.mark.parametrize("parallel", [True, False])
def test_files_checked_by_the_standby_come_back_as_checked_here(tmp_path: Path, parallel: bool) -> None:
    files = tree(tmp_path, 3)
    rules = registry.load()
    config = from_table({"corpus": ["."]}, str(tmp_path), rules)
    here = list(executor.lint_all(files, config, frozenset(rules), 1))
    alone()
    standby = executor.Standby(config, frozenset(rules), parallel)
    try:
        assert bool(standby.beside.pid) == (parallel and hasattr(os, "fork"))  # (the child's path, where it can be)
        came = list(standby.check(files))
    finally:
        standby.close()
    assert [(r.path, r.diagnostics, r.lines, r.facts, digest) for r, digest in came] == [(r.path, r.diagnostics, r.lines, r.facts, digest) for r, digest in here]
    assert came[0][0].facts is not None  # (the corpus index entries too)


def test_a_standby_that_is_gone_leaves_the_files_to_be_checked_here(tmp_path: Path) -> None:
    """The child killed before it is sent the files (or stopped unused): nothing is lost,
    nothing is left running."""

    files = tree(tmp_path, 2)
    rules = registry.load()
    config = from_table({}, str(tmp_path), rules)
    here = list(executor.lint_all(files, config, frozenset(rules), 1))
    alone()
    standby = executor.Standby(config, frozenset(rules), True)
    pid = standby.beside.pid
    if not hasattr(os, "fork"):
        pytest.skip("no fork here: the standby checks in place")
    assert pid  # a child to kill
    os.kill(pid, signal.SIGKILL)
    try:
        came = list(standby.check(files))
    finally:
        standby.close()
    assert [(r.path, r.diagnostics, d) for r, d in came] == [(r.path, r.diagnostics, d) for r, d in here]
    unused = executor.Standby(config, frozenset(rules), True)
    unused_pid = unused.beside.pid  # (close forgets it)
    assert unused_pid
    unused.close()
    for child in (pid, unused_pid):  # stopped and reaped: not left as zombies
        with pytest.raises(ChildProcessError):
            os.waitpid(child, os.WNOHANG)


_interrupt_at_fork: list[bool] = []


def _interrupt_the_parent() -> None:
    if _interrupt_at_fork:  # (armed by the test: Ctrl-C typed while the child is forked)
        _interrupt_at_fork.clear()
        os.kill(os.getpid(), signal.SIGINT)


def _alive_children() -> list[int]:
    """The processes whose parent is this one (zombies too: not waited for)."""
    me, found = os.getpid(), []
    for name in os.listdir("/proc"):
        try:
            with open(f"/proc/{name}/stat") as f:
                if name.isdigit() and int(f.read().rsplit(")", 1)[1].split()[1]) == me:
                    found.append(int(name))
        except (OSError, ValueError, IndexError):
            pass
    return found


def _open_fds() -> set[int]:
    return {int(fd) for fd in os.listdir("/proc/self/fd")}


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd") or not hasattr(os, "register_at_fork"), reason="Linux's /proc")
def test_ctrl_c_while_the_standby_is_forked_leaves_no_child_and_no_pipe(tmp_path: Path) -> None:
    """Ctrl-C or SIGTERM that arrives during the fork waits until the fork is done
    (signals_deferred), and is raised at once after it: the child and its pipes must not be
    left behind unknown to anyone (the caller never gets the object it would close)."""
    import threading

    if threading.active_count() > 1:
        pytest.skip("another thread runs: no fork")
    rules = registry.load()
    config = from_table({}, str(tmp_path), rules)
    os.register_at_fork(after_in_parent=_interrupt_the_parent)
    before, children = _open_fds(), _alive_children()
    _interrupt_at_fork.append(True)
    with pytest.raises(KeyboardInterrupt):
        executor.Standby(config, frozenset(rules), True)
    _interrupt_at_fork.clear()
    assert [c for c in _alive_children() if c not in children] == []
    assert _open_fds() - before == set()


def test_a_run_without_a_store_and_with_one_agree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    files = [os.path.basename(f) for f in tree(tmp_path, 12)]
    rules = registry.load()
    config = from_table({}, str(tmp_path), rules)
    bare = session.run(files, config, rules, jobs=1)
    assert shown(session.run(files, config, rules, jobs=1, store=NoStore())) == shown(bare)
    for _ in range(2):  # cold, then warm
        store = Results(str(tmp_path / ".cache"), rules)
        assert shown(session.run(files, config, rules, jobs=1, store=store)) == shown(bare)
        store.close()


def test_a_record_entry_that_cannot_be_restored_is_checked_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(record_module, "RECORD_MIN", 5)
    files = [os.path.basename(f) for f in tree(tmp_path, 8)]
    rules = registry.load()
    config = from_table({}, str(tmp_path), rules)

    def run(jobs: int = 1) -> list[str]:
        store = Results(str(tmp_path / ".cache"), rules)
        try:
            return shown(session.run(files, config, rules, jobs=jobs, store=store))
        finally:
            store.close()

    cold = run()
    checked: list[str] = []
    real = executor.lint_file
    monkeypatch.setattr(executor, "lint_file", lambda path, *rest: checked.append(path) or real(path, *rest))
    real_take = Record.take
    monkeypatch.setattr(Record, "take", lambda self, path, lines: None if path == files[2] else real_take(self, path, lines))
    assert run() == cold and checked == [files[2]]
    checked.clear()
    Path(files[5]).write_text(ARTICLE.format(i=55, d=3))  # one changed too: checked beside, the damaged one after
    changed = run(jobs=2)
    assert changed != cold and changed == shown(session.run(files, config, rules, jobs=1))


def test_a_damaged_record_entry_gives_no_result() -> None:
    record = Record(FORMAT)
    record.entries = {"a.md": ("key", "1:2:3", ((1, 2),), {}, {}, None), "b.md": ("key", "1:2:3", 5, {}, {}, None)}
    assert record.take("a.md", False) is None and record.take("b.md", False) is None
    assert record.unchanged("c.md", "key") is None  # (no entry)
    record.entries["c.md"] = ("key", "stamp", (), {})  # another shape
    assert record.unchanged("c.md", "key") is None


@dataclass(frozen=True)
class _Options:
    folder: FilePath | None = None
    files: tuple[FilePath, ...] = ()
    label: str = ""


class _Outside(Rule):
    id = "test.outside"
    severity = "warning"
    summary = "Reads a folder and a date."
    explanation = "Bad: stale. Good: fresh."
    Options = _Options
    today = "2025-01-01"

    def cache_inputs(self, options: _Options) -> list[str]:
        if options.label == "unreadable":
            raise OSError("gone")
        return [self.today]


def test_the_settings_key_follows_path_options_and_declared_inputs(tmp_path: Path) -> None:
    from artlint.config import RuleSetting

    (tmp_path / "static").mkdir()
    data = tmp_path / "data.json"
    data.write_text("{}")
    rule = _Outside()
    options = _Options(FilePath(str(tmp_path / "static")), (FilePath(str(data)),), "x")
    assert file_paths(options) == [str(tmp_path / "static"), str(data)]

    def key(options: _Options = options) -> str:
        return Keys(FORMAT, ["test.outside"]).key((RuleSetting(rule, "warning", options),))

    first = key()
    assert key() == first
    (tmp_path / "static" / "new.png").write_bytes(b"")
    assert key() != first  # the folder's listing
    second = key()
    data.write_text('{"a": 1}')
    assert key() != second  # the file's content
    third = key()
    rule.today = "2025-01-02"
    assert key() != third  # what the rule declares
    assert key(_Options(label="unreadable")) != key(_Options(label="other"))


def test_codec_entries_and_portable_results_round_trip() -> None:
    from artlint.corpus.facts import Entry as Facts
    from artlint.diagnostic import Diagnostic, FileResult
    from artlint.source import Span

    result = FileResult("a.md", [Diagnostic("a.md", Span(1, 2, 1, 5), "r", "error", "m", "fp")], {1: "line"}, {"r": [("https://x", Span(1, 1, 1, 2))]}, Facts("t", 3, b"", "[]", "sig", "[]"))
    back, digest = codec.from_portable(codec.load(codec.dump(codec.portable(result, "d"))), Facts)
    assert back == result and digest == "d"
    entry = codec.Entry("k", "s", codec.rows(result.diagnostics), codec.url_rows(result.collected), {1: "line"})
    assert codec.Entry.read(tuple(entry)) == entry and codec.Entry.read(("k",)) is None
    assert entry.result("a.md", True).diagnostics == result.diagnostics
