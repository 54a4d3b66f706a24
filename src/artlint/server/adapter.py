"""Everything the language server asks of the engine, in one place.

The server lints unsaved buffers, so it does not go through ``run.session`` (which reads
files from disk and keeps caches there): it asks ``lint_buffer`` for one text, with the
settings ``Settings`` resolves as the command line does (nearest configuration above the
file, its collections and schemas), and ``CorpusView`` for the cross-file findings against
an index of the workspace's corpus held in memory for the session. Where the engine's
entry points move, only this module changes.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..config import CONFIG_NAMES, Config, Overrides, RuleSetting
from ..diagnostic import Diagnostic, FileResult, UsageError
from ..hashes import blake2b
from ..rule import Rule

#: One parse at a time: lints and the corpus index's reading of other files share
#: module-level memos (the corpus's word ids), so they take turns, a file at a time.
PARSING = threading.Lock()


def lint_buffer(path: str, text: str, settings: Sequence[RuleSetting], known: frozenset[str]) -> FileResult:
    """The per-file findings of ``text``, an editor's buffer of the file ``path``."""
    from ..lint import lint_text

    with PARSING:
        return lint_text(path, text.encode("utf-8", "surrogatepass"), settings, known)


def load_document(path: str, text: str) -> Any:
    """The parsed Document of ``text`` (front matter, body), as the rules see it."""
    from ..document import load

    with PARSING:
        return load(path, text.encode("utf-8", "surrogatepass"))


@dataclass
class Resolved:
    """What applies to one file: its configuration and rule settings."""

    config: Config
    settings: tuple[RuleSetting, ...]
    included: bool  # the project's include globs take it and its exclude globs do not


class Settings:
    """Configurations by the folder they are found from, made again when a configuration
    file or a schema it names changes (compared by stat, before every lint)."""

    def __init__(self, rules: dict[str, Rule]) -> None:
        self.rules = rules
        self.known = frozenset(rules)
        self._made: dict[str, tuple[tuple[Any, ...], Config]] = {}

    def resolve(self, path: str) -> Resolved:
        """The settings of the file at absolute ``path``; UsageError for a bad configuration."""
        folder = os.path.dirname(path)
        key = _stamps(_candidates(folder))
        made = self._made.get(folder)
        if made is None or made[0] != key + _stamps(made[1].schemas()):
            config = self._load(folder)
            self._made[folder] = (key + _stamps(config.schemas()), config)
        config = self._made[folder][1]
        included = config.is_included(path) and not config.is_excluded(path)
        return Resolved(config, config.collection_for(path)[1], included)

    def _load(self, folder: str) -> Config:
        from .. import config, schema

        today = os.environ.get("ARTLINT_TODAY")  # as the command line takes it
        overrides = Overrides(shared=(("today", today),)) if today else Overrides()
        schema.validator.cache_clear()  # a schema may have changed since
        made = config.load(folder, self.rules, None, overrides, check_schemas=False)
        schema.check_all(made.schemas(), None)
        return made


def _candidates(folder: str) -> list[str]:
    """Every file that could be the configuration of ``folder``, nearest first."""
    out: list[str] = []
    while True:
        out.extend(os.path.join(folder, name) for name in CONFIG_NAMES)
        parent = os.path.dirname(folder)
        if parent == folder:
            return out
        folder = parent


def _stamps(paths: Iterable[str]) -> tuple[Any, ...]:
    out: list[Any] = []
    for path in sorted(paths) if isinstance(paths, set) else paths:
        try:
            st = os.stat(path)
            out.append((path, st.st_mtime_ns, st.st_size))
        except OSError:
            pass
    return tuple(out)


class CorpusView:
    """The corpus index of each project, in memory for the session, for cross-file rules.

    The index is made on first use (every corpus file read once), then follows the files
    on disk whenever ``stale`` says they may have changed (a save, a file event) and the
    buffer being linted, which stands for its file. The other files count as on disk.
    """

    def __init__(self) -> None:
        self._indexes: dict[tuple[str, tuple[str, ...]], Any] = {}
        self._surveys: dict[tuple[str, tuple[str, ...]], Any] = {}
        self.stopping = threading.Event()  # set as the server shuts down
        self._asked: dict[tuple[str, tuple[str, ...]], set[str]] = {}  # the files each survey was made with

    def stale(self) -> None:
        """Files on disk may have changed: survey them again before the next lint."""
        self._surveys.clear()

    def findings(self, config: Config, path: str, result: FileResult) -> list[Diagnostic]:
        """The cross-file findings of ``result`` (the buffer's lint) against its corpus, found
        as a run finds them (``corpus.cross``)."""
        from ..corpus.cross import check_file, cross_settings

        settings = cross_settings(config.collection_for(path)[1])
        if not settings or result.facts is None:
            return []
        from ..corpus.index import Index, Survey, read_entry

        key = (config.root, config.corpus)
        absolute = os.path.abspath(path)
        base = self._survey(key, config, path)
        if absolute not in base.files:  # (a buffer without a file on disk)
            return []
        root = base.files[absolute].split(" ", 1)[1]
        mark = f"buffer-{result.facts.sig}"
        files = {**base.files, absolute: f"{mark} {root}"}
        survey = Survey(files, blake2b(f"{base.state}\0{absolute}\0{mark}".encode("utf-8", "surrogatepass"), digest_size=16).hexdigest())
        if key not in self._indexes:
            self._indexes[key] = Index(None, _reader(read_entry, self.stopping))
        index = self._indexes[key]
        index.update(survey, {absolute: (mark, result.facts)})
        return check_file(path, result.facts.facts(absolute), index.corpus(root), settings)

    def _survey(self, key: tuple[str, tuple[str, ...]], config: Config, path: str) -> Any:
        """The files of the corpus on disk, the linted files among them (if on disk)."""
        asked = self._asked.setdefault(key, set())
        survey = self._surveys.get(key)
        if survey is None or path not in asked:
            from .. import discover
            from ..corpus.survey import survey_corpus

            cwd = os.getcwd()
            try:
                files = discover.files(list(config.corpus), config, cwd)
            except UsageError:  # a corpus folder gone: the linted files alone
                files = []
            asked.add(path)
            survey = self._surveys[key] = survey_corpus(config, list(dict.fromkeys([*files, *asked])), cwd)
        return survey

    def close(self) -> None:
        for index in self._indexes.values():
            index.close()
        self._indexes.clear()


def _reader(read: Callable[[str], Any], stopping: threading.Event) -> Callable[[list[str]], Iterable[Any]]:
    """Read the index's files one at a time, each under the parse lock, until ``stopping``."""

    def entries(paths: list[str]) -> Iterable[Any]:
        for path in paths:
            if stopping.is_set():
                return
            with PARSING:
                yield read(path)

    return entries

