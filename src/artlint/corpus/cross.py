"""The cross-file pass of a run: each checked file's cross-file rules, against the index of
its corpus.

Findings are kept in the index under the file's settings key until the corpus changes
(its generation moves), so a warm run asks the rules again only about files whose corpus
moved; the results store may hold them too (``recorded``).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..diagnostic import IN_FILE_ORDER, Diagnostic, FileResult, bounded
from ..fingerprint import fingerprint
from ..lint import INTERNAL, internal
from ..paths import absolute_paths
from ..rule import CorpusRule
from ..store import codec
from .facts import Corpus, Entry, Facts
from .index import Index, Survey, unusable

if TYPE_CHECKING:
    from ..config import Config, RuleSetting

#: The kept cross-file findings of a file under a settings key in this generation, if any.
Recorded = Callable[[str, int], "list[Diagnostic] | None"]


def cross_settings(settings: Iterable[RuleSetting]) -> list[RuleSetting]:
    """The settings of the cross-file rules of ``settings`` (none: the file has none), with
    internal-error's, which says how a failing one is reported."""
    settings = list(settings)
    found = [s for s in settings if isinstance(s.rule, CorpusRule)]
    return found + [s for s in settings if s.rule.id == INTERNAL] if found else []


def corpus_pass(
    files: list[FileResult],
    config: Config,
    survey: Callable[[], Survey],
    folder: str | None = None,
    read: Callable[[list[str]], Iterable[Entry | None]] | None = None,
    parsed: dict[str, tuple[str | None, Entry]] | None = None,
    keys: Mapping[str, str] | None = None,
    recorded: Recorded | None = None,
) -> tuple[dict[str, list[Diagnostic]], int | None]:
    """Run the cross-file rules of each of ``files`` against the index of the whole corpus,
    and add their findings to the files' results.

    ``survey`` gives the corpus as it is on disk (the checked files among it); ``folder``:
    the cache folder of the index (None: a temporary index); ``read``: how the index reads
    the files it must (a first run reads the corpus); ``parsed`` holds the index entries of
    the files parsed in this run, with the stamp they were read under (each is dropped once
    used: they are many); ``keys`` the settings key of each file, under which its findings
    are kept; ``recorded``: the findings the results store kept. Returns the cross-file
    findings of each file and the index's generation they were found in.
    """
    import sqlite3

    memo: dict[int, list[RuleSetting]] = {}  # the cross-file settings of each set of settings (few)

    def of(settings: tuple[RuleSetting, ...]) -> list[RuleSetting]:
        if id(settings) not in memo:
            memo[id(settings)] = cross_settings(settings)
        return memo[id(settings)]

    todo = [(f, of(config.collection_for(f.path)[1])) for f in files]
    if not any(settings for _, settings in todo):
        return {}, None
    parsed = parsed or {}
    absolutes = absolute_paths([f.path for f in files], os.getcwd())
    now = survey()
    try:
        found, generation = Pass(Index(folder, read), now, absolutes, parsed, keys or {}, recorded).run(todo)
    except sqlite3.Error as err:  # a database that fails midway (locked, full, damaged)
        if folder is None:
            raise
        unusable(err)
        found, generation = Pass(Index(None, read), now, absolutes, parsed, {}, None).run(todo)
    for result, diagnostics in found:
        result.diagnostics.extend(diagnostics)
        result.diagnostics.sort(key=IN_FILE_ORDER)
    return {result.path: diagnostics for result, diagnostics in found}, generation


class Pass:
    """One cross-file pass over an updated index."""

    def __init__(self, index: Index, survey: Survey, absolutes: Mapping[str, str], parsed: dict[str, Any], keys: Mapping[str, str], recorded: Recorded | None) -> None:
        self.index, self.survey, self.absolutes, self.parsed, self.keys, self.recorded = index, survey, absolutes, parsed, keys, recorded
        self.stored: dict[str, dict[str, bytes]] = {}  # kept findings, by key, of the files asked about
        self.fresh: dict[str, dict[str, bytes]] = {}  # findings to keep, by key
        self.corpora: dict[str, Any] = {}
        self.fingerprints: dict[tuple[str, str], str] = {}
        self.cwd = os.getcwd()

    def run(self, todo: Sequence[tuple[FileResult, list[RuleSetting]]]) -> tuple[list[tuple[FileResult, list[Diagnostic]]], int]:
        """The cross-file findings of each file of ``todo`` that has cross-file settings,
        and the index's generation."""
        out: list[tuple[FileResult, list[Diagnostic]]] = []
        index = self.index
        try:
            index.update(self.survey, self.parsed)
            todo = [(result, settings) for result, settings in todo if settings]
            recalled = dict(self._recalled(todo))
            self.wanted = {self.absolutes[result.path] for result, _ in todo if result.path not in recalled}  # (from the index)
            for result, settings in todo:
                found = recalled.get(result.path)
                if found is None:
                    found = self._found(result, settings)
                if found is not None:
                    out.append((result, found))
            for key, payloads in self.fresh.items():
                index.keep(key, payloads)
        finally:
            index.close()
        return out, index.generation

    def _recalled(self, todo: Sequence[tuple[FileResult, list[RuleSetting]]]) -> Iterator[tuple[str, list[Diagnostic]]]:
        """The findings the results store kept, where the corpus is unchanged."""
        if self.recorded is None:
            return
        for result, _ in todo:
            kept = self.recorded(result.path, self.index.generation)
            if kept is not None:
                yield result.path, kept

    def _found(self, result: FileResult, settings: list[RuleSetting]) -> list[Diagnostic] | None:
        """The findings kept in the index, else found now (None: the file is not in the corpus)."""
        absolute, key = self.absolutes[result.path], self.keys.get(result.path)
        if key is not None:  # messages name the other files relative to the current folder
            key = f"{key} {self.cwd}"
            kept = self._kept(result.path, absolute, key)
            if kept is not None:
                return kept
        facts = self.parsed.pop(absolute)[1].facts(absolute) if absolute in self.parsed else self.index.facts(absolute)
        if facts is None or absolute not in self.survey.files:
            return None
        found = self._check(result.path, absolute, facts, settings)
        if key is not None:
            self.fresh.setdefault(key, {})[absolute] = codec.dump(codec.rows(found))
        return found

    def _kept(self, path: str, absolute: str, key: str) -> list[Diagnostic] | None:
        if key not in self.stored:
            self.stored[key] = self.index.found(key, self.wanted)
        if absolute not in self.stored[key]:
            return None
        try:
            return codec.diagnostics(path, codec.load(self.stored[key][absolute]))
        except (ValueError, TypeError, EOFError):  # a damaged entry (marshal or restore): find them again
            return None

    def _check(self, path: str, absolute: str, facts: Facts, settings: list[RuleSetting]) -> list[Diagnostic]:
        root = self.survey.files[absolute].split(" ", 1)[1]
        corpus = self.corpora.get(root) or self.corpora.setdefault(root, self.index.corpus(root))
        return check_file(path, facts, corpus, settings, self.fingerprints)


def check_file(path: str, facts: Facts, corpus: Corpus, settings: Sequence[RuleSetting], fingerprints: dict[tuple[str, str], str] | None = None) -> list[Diagnostic]:
    """The findings of the cross-file rules of ``settings`` on the file ``path`` (its
    ``facts``) against its ``corpus``. A rule that raises gives an internal-error finding
    and the others still run; an error of the index (sqlite3.Error) is raised: the caller
    starts again without it. ``fingerprints`` keeps the fingerprints made, by rule and
    message, for the next files (a template's message is shared by hundreds of files)."""
    import sqlite3

    fingerprints = {} if fingerprints is None else fingerprints
    found: list[Diagnostic] = []
    for setting in settings:
        rule = setting.rule
        if not isinstance(rule, CorpusRule):  # (internal-error's setting: see cross_settings)
            continue
        try:
            for finding in rule.check_corpus(facts, corpus, setting.options):
                message = sys.intern(bounded(finding.message))
                fp = fingerprints.get((rule.id, message))
                if fp is None:
                    fp = fingerprints[(rule.id, message)] = fingerprint(rule.id, message)
                found.append(Diagnostic(path, finding.span, rule.id, setting.severity, message, fp))
        except sqlite3.Error:
            raise  # the index, not the rule
        except Exception as err:  # a bug in a rule must not stop the others
            found.append(internal(path, rule.id, err, settings))
    return found
