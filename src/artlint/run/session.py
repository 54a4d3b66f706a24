"""A run, top to bottom: settings keys → the store's results → the executor checks the
rest → the store keeps them → the online pass → the cross-file pass → the result.

The result is the same, in the same order, whatever the number of jobs and whatever the
store holds.
"""

from __future__ import annotations

import itertools
import os
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..diagnostic import FileResult, RuleInfo, RunResult
from ..paths import absolute_paths
from ..registry import info
from ..rule import CorpusRule, Rule
from ..store.results import Lookup, NoStore, Results, Unchecked
from . import memory
from .executor import POOL_THRESHOLD, Standby, lint_all, map_files
from .online_pass import online_pass

if TYPE_CHECKING:
    from ..config import Config
    from ..corpus.index import Survey

#: The corpus on disk, given the absolute paths of the checked files and the stamps of
#: those the store proved unchanged (stat'ed already).
Surveyor = Callable[[Mapping[str, str], Mapping[str, str]], "Survey"]


def run(
    paths: Sequence[str],
    config: Config,
    rules: dict[str, Rule],
    progress: Callable[[int, int], None] | None = None,
    jobs: int = 1,
    store: Results | None = None,
    survey: Surveyor | None = None,
    lines: bool = True,
) -> RunResult:
    """Check every file of ``paths`` with the settings its collection gives it.

    Files the ``store`` proves unchanged are not read; the others are checked in a process
    pool of ``jobs`` workers when there are enough of them. ``lines``: keep the source
    lines of the findings (for code frames; the store keeps them either way). With
    ``survey``, the cross-file rules compare the files with the corpus it gives.
    """
    known = frozenset(rules)
    absolutes = absolute_paths(paths, os.getcwd())
    store = store or NoStore()
    with memory.run_scope():
        standby = Standby(config, known, True) if jobs > 1 and store.restores(len(paths)) else None  # (for files changed among many restored)
        try:
            with memory.acyclic():
                keys = {path: store.key(config.collection_for(path)[1]) for path in paths}
                lookup = store.lookup(paths, keys, absolutes, lines)
            results, parsed = Checking(paths, config, known, jobs, store, lines).run(lookup, absolutes, progress, standby)
        finally:
            if standby is not None:
                standby.close()
        store.flush()
        files = [r for r in results if r is not None]
        if any(f.collected for f in files):
            online_pass(files, config, store.used)
        cross: dict[str, Any] = {}
        generation = None
        if survey is not None and any(isinstance(r, CorpusRule) for r in rules.values()):
            with memory.acyclic():
                cross, generation = _cross(files, config, lambda: survey(absolutes, lookup.stamps), store, parsed, keys, jobs)
        store.remember(cross, generation)
    return RunResult(config.root, files, rule_infos(rules))


def _cross(files: list[FileResult], config: Config, survey: Callable[[], Survey], store: Results, parsed: dict[str, Any], keys: dict[str, str], jobs: int) -> tuple[dict[str, Any], int | None]:
    """The cross-file pass (see ``corpus.cross``), the files the index must read in the pool;
    the index in the store's folder, the findings the store kept."""
    from ..corpus.cross import corpus_pass
    from ..corpus.index import read_entry

    def read(paths: list[str]) -> Iterator[Any]:  # a first run reads the corpus
        return map_files(read_entry, paths, config, frozenset(), jobs)

    folder = store.used
    return corpus_pass(files, config, survey, folder, read, parsed, keys if folder else {}, store.cross if folder else None)


def rule_infos(rules: dict[str, Rule]) -> list[RuleInfo]:
    return [info(r) for r in rules.values()]


class Checking:
    """The files a run checks, beside the results the store restores."""

    def __init__(self, paths: Sequence[str], config: Config, known: frozenset[str], jobs: int, store: Results, lines: bool) -> None:
        self.paths, self.config, self.known, self.jobs, self.store, self.lines = paths, config, known, jobs, store, lines

    def run(self, lookup: Lookup, absolutes: Mapping[str, str], progress: Callable[[int, int], None] | None, standby: Standby | None = None) -> tuple[list[FileResult | None], dict[str, Any]]:
        """Every file's result, by place, and the corpus index entries of those parsed (by
        absolute path, with the stamp they were read under). ``standby``: the child that
        checks the files if a few changed among many the store restores meanwhile."""
        results: list[FileResult | None] = [None] * len(self.paths)
        for i, result in lookup.found.items():
            results[i] = result
        todo = list(lookup.unchecked)
        if standby is not None and lookup.held and 0 < len(todo) < POOL_THRESHOLD:  # checked beside the restoring of the others
            checked = standby.check([u.path for u in todo])
        else:
            if standby is not None:  # (not wanted: stopped before a pool is forked)
                standby.close()
            checked = lint_all([u.path for u in todo], self.config, self.known, self.jobs)
        parsed: dict[str, Any] = {}
        if lookup.held:
            with memory.acyclic():
                for i, restored in self.store.restore(self.paths, lookup.held, self.lines):
                    if restored is None:  # not a result after all: checked after the others
                        todo.append(Unchecked(i, self.paths[i], self.store.key(self.config.collection_for(self.paths[i])[1]), None))
                        checked = itertools.chain(checked, lint_all([self.paths[i]], self.config, self.known, 1))
                    results[i] = restored
        for done, ((result, digest), item) in enumerate(zip(checked, todo), 1):  # (the pool first: zip runs it to its end)
            results[item.place] = self._take(result, digest, item, absolutes, parsed)
            if progress is not None:
                progress(done, len(todo))
        return results, parsed

    def _take(self, result: FileResult, digest: str, item: Unchecked, absolutes: Mapping[str, str], parsed: dict[str, Any]) -> FileResult:
        """A file just checked: kept in the store, its index entry set apart."""
        from ..store.stamp import stamp_of

        result.diagnostics = [d._replace(message=sys.intern(d.message)) for d in result.diagnostics]  # one copy of each message
        if result.facts is not None:
            parsed[absolutes[item.path]] = (stamp_of(item.stat) if item.stat is not None else None, result.facts)
            result.facts = None
        self.store.save(result, item.key, item.stat, digest)
        if not self.lines:
            result.lines = {}
        return result
