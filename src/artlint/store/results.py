"""The results store: each file's findings, keyed by everything that can change them.

An entry holds a file's findings under its settings key (see ``keys``). A warm run proves
a file unchanged by its stat (size, mtime, inode), falling back to its content hash, and
reads nothing else. Entries live in an SQLite database in the cache folder
(``results.sqlite``, one entry per file, written in batches): concurrent runs never corrupt
each other, a damaged entry or database is ignored and made anew, and where the folder
cannot be written artlint runs without it and says so once. Over many files the record of
the last run (``record``) answers first; the caller never tells the two apart.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from ..diagnostic import Diagnostic, FileResult
from ..hashes import blake2b
from ..output import warn
from ..paths import absolute_path
from . import codec
from .folder import claim, secret
from .keys import Keys, Setting
from .record import Record
from .sqlite import connect, remove_database, storable, transaction
from .stamp import file_hash, stamp_of

if TYPE_CHECKING:
    import sqlite3

RESULTS = "results.sqlite"
#: The results database's PRAGMA user_version: another value (or Python) makes it anew.
#: (5000: findings carry their fix.)
FORMAT = 5000 + sys.version_info[0] * 100 + sys.version_info[1]
#: payload: the findings and the URLs collected for online rules (codec.dump); lines: the
#: source lines they are on, apart (only the human report shows them).
_SCHEMA = """
CREATE TABLE results(path TEXT NOT NULL PRIMARY KEY, key TEXT NOT NULL, stamp TEXT NOT NULL, sha256 TEXT NOT NULL, payload BLOB NOT NULL, lines TEXT NOT NULL) WITHOUT ROWID;
"""
#: Entries are read ahead, and written, this many at a time.
BATCH = 500


class Unchecked(NamedTuple):
    """A file the store holds no valid result of: to be checked."""

    place: int  # its place among the run's paths
    path: str
    key: str  # its settings key
    stat: Any  # its stat (None where it could not be taken, or without a store)


class Lookup(NamedTuple):
    """What the store holds of a run's files."""

    found: dict[int, FileResult]  # the results read already, by place
    held: list[int]  # the places of results to be read with ``restore`` (while the others are checked)
    unchecked: list[Unchecked]
    stamps: dict[str, str]  # absolute path → stamp, of every file the store proved unchanged


class Results:
    """The results store of one run in the cache ``folder``."""

    def __init__(self, folder: str, known: Iterable[str]) -> None:
        self.folder = folder
        self.enabled = True
        self.keys = Keys(FORMAT, known)
        self._db: sqlite3.Connection | None = None
        self._pending: list[tuple[str, str, str, str, bytes, str]] = []
        self._cwd = os.getcwd()  # what relative paths are relative to, in this run
        self._rows: dict[str, tuple[str, str, str, str, str] | None] = {}  # read ahead, by path as given (None: no entry)
        self._record = Record(FORMAT)
        codec.seal_with(secret(folder))  # (where the folder has no marker yet, _database makes one: nothing is read before)

    def key(self, settings: Sequence[Setting]) -> str:
        return self.keys.key(settings)

    def restores(self, count: int) -> bool:
        """Whether a run over ``count`` files may restore results from the record (while
        the files that changed are checked beside)."""
        return self.enabled and self._record.may_read(self._record_file(), count)

    @property
    def used(self) -> str | None:
        """The cache folder, while the store can use it (None once it cannot)."""
        return self.folder if self.enabled else None

    # ------------------------------------------------------------------ read

    def lookup(self, paths: Sequence[str], keys: Mapping[str, str], absolutes: Mapping[str, str], lines: bool) -> Lookup:
        """The results of ``paths`` the store holds for their settings ``keys`` (with the
        source lines of their findings, for ``lines``), and the files to check."""
        found: dict[int, FileResult] = {}
        held: list[int] = []
        unchecked: list[Unchecked] = []
        stamps: dict[str, str] = {}
        rest: Sequence[int] = range(len(paths))
        if self.enabled and self._record.read(self._record_file(), len(paths), lines):
            rest, held = self._held(paths, keys, absolutes, stamps)
        for n, i in enumerate(rest):
            path = paths[i]
            if n % BATCH == 0:
                batch = [paths[j] for j in rest[n : n + BATCH]]
                self._prefetch(batch, [absolutes[p] for p in batch], lines)
            hit, st = self._get(path, keys[path], lines)
            if hit is not None:
                found[i] = hit
                stamps[absolutes[path]] = stamp_of(st)
            else:
                unchecked.append(Unchecked(i, path, keys[path], st))
        return Lookup(found, held, unchecked, stamps)

    def _held(self, paths: Sequence[str], keys: Mapping[str, str], absolutes: Mapping[str, str], stamps: dict[str, str]) -> tuple[list[int], list[int]]:
        """The places of the files the record does not hold unchanged, and of those it does."""
        rest, held = [], []
        for i, path in enumerate(paths):
            stamp = self._record.unchanged(path, keys[path])
            if stamp is None:
                rest.append(i)
            else:
                held.append(i)
                stamps[absolutes[path]] = stamp
        return rest, held

    def restore(self, paths: Sequence[str], held: Sequence[int], lines: bool) -> Iterator[tuple[int, FileResult | None]]:
        """The results of the ``held`` files (None for one the store could not read after
        all: the caller checks it)."""
        for i in held:
            yield i, self._record.take(paths[i], lines)

    def _prefetch(self, paths: Sequence[str], absolutes: Sequence[str], lines: bool = True) -> None:
        """Read the entries of ``paths`` (``absolutes``: the same, absolute) in one query."""
        import sqlite3

        db = self._database()
        if db is None or len(paths) < 2:
            return
        given = dict(zip(absolutes, paths))
        wanted = [a for a in absolutes if storable(a)]
        try:
            rows = db.execute(f"SELECT path, key, stamp, sha256, payload, {'lines' if lines else 'NULL'} FROM results WHERE path IN ({','.join('?' * len(wanted))})", wanted)
            self._rows = dict.fromkeys(paths)
            self._rows.update((given[row[0]], row[1:]) for row in rows)
        except sqlite3.Error:
            self._rows = {}

    def _get(self, path: str, key: str, lines: bool = True) -> tuple[FileResult | None, Any]:
        """The stored result of ``path`` if the file is unchanged, and its stat."""
        import sqlite3

        try:
            st = os.stat(path)
        except OSError:
            return None, None
        db = self._database()
        if db is None:
            return None, st
        try:
            if path in self._rows:
                row = self._rows.pop(path)
            else:
                row = db.execute(f"SELECT key, stamp, sha256, payload, {'lines' if lines else 'NULL'} FROM results WHERE path = ?", (absolute_path(path, self._cwd),)).fetchone()
            if row is None or row[0] != key:
                return None, st
            stamp = row[1]
            if stamp != stamp_of(st) and (stamp.split(":")[0] != str(st.st_size) or row[2] != file_hash(path)):
                return None, st
            findings, urls = codec.load(row[3])
            diagnostics = codec.diagnostics(path, findings)
            source = {int(k): _text(v) for k, v in json.loads(row[4]).items()} if lines else {}
            self._record.stage(path, key, stamp_of(st), findings, urls, source)
            return FileResult(path, diagnostics, source, codec.urls(urls)), st
        except (OSError, ValueError, EOFError, KeyError, TypeError, IndexError, AttributeError, sqlite3.Error):
            return None, st  # a damaged entry: check the file again

    def cross(self, path: str, generation: int) -> list[Diagnostic] | None:
        """The cross-file findings of a file the store gave unchanged, kept with it, where
        the corpus index is in the ``generation`` they were found in (None otherwise)."""
        return self._record.cross(path, generation) if self.enabled else None

    # ------------------------------------------------------------------ write

    def save(self, result: FileResult, key: str, st: Any, digest: str) -> None:
        """Keep ``result`` (written with the next batch, or by ``flush``)."""
        absolute = absolute_path(result.path, self._cwd)
        if not self.enabled or st is None or not storable(absolute):
            return
        findings, urls = codec.rows(result.diagnostics), codec.url_rows(result.collected)
        lines = json.dumps({str(k): v for k, v in result.lines.items()}, ensure_ascii=False, separators=(",", ":"))
        self._pending.append((absolute, key, stamp_of(st), digest, codec.dump((findings, urls)), lines))
        self._record.stage(result.path, key, stamp_of(st), findings, urls, result.lines)
        if len(self._pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        import sqlite3

        pending, self._pending = self._pending, []
        db = self._database() if pending else None
        if db is None:
            return
        try:
            with transaction(db):
                db.executemany("INSERT OR REPLACE INTO results(path, key, stamp, sha256, payload, lines) VALUES (?, ?, ?, ?, ?, ?)", pending)
        except sqlite3.OperationalError as err:
            self._disable(err)
        except sqlite3.DatabaseError:  # damaged: the next run makes it anew
            self.enabled, self._db = False, None
            db.close()
            remove_database(os.path.join(self.folder, RESULTS))

    def remember(self, cross: Mapping[str, Sequence[Diagnostic]], generation: int | None) -> None:
        """The end of the run: ``cross`` holds the cross-file findings of each file, found in
        the corpus index's ``generation`` (kept with the results where the record is)."""
        if self.enabled:
            self._record.write(self._record_file(), cross, generation)

    def close(self) -> None:
        """Write what is pending and close the database (its write-ahead log folds in)."""
        self.flush()
        db, self._db = self._db, None
        if db is not None:
            db.close()

    # ------------------------------------------------------------------ the database

    def _database(self) -> sqlite3.Connection | None:
        import sqlite3

        if self._db is None and self.enabled:
            try:
                claim(self.folder)
                codec.seal_with(secret(self.folder))
                self._db = connect(os.path.join(self.folder, RESULTS), _SCHEMA, FORMAT)
            except (OSError, sqlite3.Error) as err:
                self._disable(err)
        return self._db

    def _disable(self, err: Exception) -> None:
        self.enabled = False
        self._db = None
        reason = getattr(err, "strerror", None) or err
        warn(f"artlint: the cache folder {os.path.relpath(self.folder)} cannot be written ({reason}): running without the cache")

    def _record_file(self) -> str:
        return os.path.join(self.folder, f"run-{blake2b(os.fsencode(self._cwd), digest_size=8).hexdigest()}.marshal")


class NoStore(Results):
    """No cache (--no-cache, a folder artlint does not own): every file is checked."""

    def __init__(self) -> None:
        self.folder, self.enabled = "", False

    def key(self, settings: Sequence[Setting]) -> str:
        return ""

    def lookup(self, paths: Sequence[str], keys: Mapping[str, str], absolutes: Mapping[str, str], lines: bool) -> Lookup:
        return Lookup({}, [], [Unchecked(i, path, "", None) for i, path in enumerate(paths)], {})

    def restores(self, count: int) -> bool:
        return False

    def save(self, result: FileResult, key: str, st: Any, digest: str) -> None:
        pass

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass


def _text(value: Any) -> str:
    """``value``, which must be a string (TypeError for a damaged entry)."""
    if not isinstance(value, str):
        raise TypeError(f"a string was expected, not {type(value).__name__}")
    return value
