"""The corpus index: the facts of every article, in an SQLite database in the cache folder
(a temporary one without it), updated incrementally.

A file whose stat is unchanged is not read again, and the facts of files checked in this
run come from their parse. The groupings the rules ask about — articles by title, by
body-sketch hash, by front-matter template — are indexed columns, so a run asks only about
the files it checks: a single file against a warm index of 10,000 articles costs a few
queries, not a pass over the whole corpus.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from ..document import load, read_file
from ..hashes import blake2b
from ..output import warn
from ..store.sqlite import connect, storable, transaction
from .facts import POSTED, SKETCH, Entry, Facts, decode, entry_of, facts_of, normal, shape_key, unpack

if TYPE_CHECKING:
    import sqlite3

INDEX = "corpus.sqlite"
VERSION = 50000 + sys.version_info[0] * 100 + sys.version_info[1]  # PRAGMA user_version: another value (or Python) rebuilds it
#: The lookup indexes of postings and shapes: dropped while many rows are written at once
#: and made again after (a first run writes the whole corpus), much faster than kept up.
_LOOKUPS = {"postings_hash": "postings(hash)", "postings_file": "postings(file)", "shapes_shape": "shapes(shape, field, root, length)", "shapes_file": "shapes(file)"}
_INDEXES = "".join(f"CREATE INDEX IF NOT EXISTS {name} ON {on};\n" for name, on in _LOOKUPS.items())

#: The generation starts at a random number: what was found in another index (one since
#: removed and made anew) never passes for this one's (see store.record).
_SCHEMA = """
CREATE TABLE files(id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, root TEXT NOT NULL, stamp TEXT NOT NULL,
                   sig TEXT NOT NULL, title TEXT, words INTEGER NOT NULL, sketch BLOB NOT NULL, facts TEXT NOT NULL);
CREATE INDEX files_title ON files(title);
CREATE INDEX files_stamp ON files(path, stamp, root);
CREATE TABLE postings(hash INTEGER NOT NULL, file INTEGER NOT NULL);
CREATE TABLE shapes(file INTEGER NOT NULL, field TEXT NOT NULL, shape INTEGER NOT NULL, length INTEGER NOT NULL, root TEXT NOT NULL);
CREATE TABLE meta(generation INTEGER NOT NULL, state TEXT NOT NULL);
INSERT INTO meta VALUES (abs(random() % 4611686018427387904), '');
CREATE TABLE found(file INTEGER PRIMARY KEY, key TEXT NOT NULL, generation INTEGER NOT NULL, payload BLOB NOT NULL);
""" + _INDEXES

#: A file the index takes anew: path, corpus root, stamp, entry.
Changed = tuple[str, str, str, Entry]


class Survey(NamedTuple):
    """The corpora as they are on disk: each file's absolute path → "stamp root" (what
    proves the file unchanged, and its corpus), and a hash of them all. Made beside the
    check, it may hold its difference from the index too, made when the index's state was
    ``seen``: the files it must take anew, and those it holds that are gone. ``files`` then
    holds only those and the files the run checks, and ``again`` surveys every file anew,
    for an index another run has changed meanwhile (None: ``files`` holds every file)."""

    files: dict[str, str]
    state: str
    seen: str | None = None
    differ: list[str] | None = None
    gone: list[str] | None = None
    again: Callable[[], Survey] | None = None


def difference(files: Mapping[str, str], stored: Mapping[str, str]) -> tuple[list[str], list[str]]:
    """The files whose "stamp root" is not the one the index holds, and those it holds that are gone."""
    return [path for path, now in files.items() if stored.get(path) != now], [path for path in stored if path not in files]


def state_of(files: Mapping[str, str]) -> str:
    """A hash of every file's path and "stamp root": equal, the index is up to date."""
    text = "\n".join(f"{path}\0{now}" for path, now in files.items())
    return blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def stored_stamps(folder: str, state: str) -> tuple[str, dict[str, str] | None] | None:
    """The state of the index in the cache ``folder`` and, where it is not ``state``, the
    "stamp root" of each file it holds — read only, in one snapshot. None where there is
    no index to read (none yet, another version, damaged: its own run says what is wrong)."""
    import sqlite3
    from urllib.parse import quote

    if not os.path.isfile(os.path.join(folder, INDEX)):
        return None
    try:
        uri = "file:" + quote(os.fsencode(os.path.abspath(os.path.join(folder, INDEX))))  # (a name may hold any bytes)
        db = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None)
        try:
            db.execute("BEGIN")
            if db.execute("PRAGMA user_version").fetchone()[0] != VERSION:  # to be made anew
                return None
            seen = db.execute("SELECT state FROM meta").fetchone()[0]
            return seen, dict(db.execute("SELECT path, stamp || ' ' || root FROM files").fetchall()) if seen != state else None
        finally:
            db.close()
    except sqlite3.Error:
        return None


def read_entry(path: str) -> Entry | None:
    """The index entry of the file at ``path`` (None when it cannot be read)."""
    try:
        data, size = read_file(path)
    except OSError:
        return None
    return entry_of(facts_of(load(path, data, size), path))


def unusable(err: Exception) -> None:
    """Say once why the index in the cache folder is not used in this run."""
    warn(f"artlint: the corpus index cannot be used ({getattr(err, 'strerror', None) or err}): it is rebuilt for this run")


class Index:
    """The corpus index of one run: ``update`` it with the corpus, then ask ``corpus(root)``."""

    def __init__(self, folder: str | None, read: Callable[[list[str]], Iterable[Entry | None]] | None = None) -> None:
        """``read`` gives the entries of files the index must read (default: one by one, here)."""
        import sqlite3

        self.read = read or (lambda paths: map(read_entry, paths))
        self.path = os.path.join(folder, INDEX) if folder else None
        self.generation = 0
        try:
            self.db = connect(self.path, _SCHEMA, VERSION)
        except (OSError, sqlite3.Error) as err:  # unwritable, or locked beyond the timeout
            unusable(err)
            self.path = None
            self.db = connect(None, _SCHEMA, VERSION)

    def update(self, survey: Survey, known: Mapping[str, tuple[str | None, Entry]]) -> None:
        """Bring the index to the files of ``survey``.

        ``known`` holds the entries of files parsed in this run (with the stamp they were
        read under); other files whose stamp changed are read and parsed here. The
        generation moves on when what the rules ask about changes (a title, a body, a
        template, a file added or gone), not when an edit leaves it alone: the stored
        findings of the other files stay valid then.
        """
        db = self.db
        state = survey.state
        held = db.execute("SELECT state FROM meta").fetchone()[0]
        if state != held:  # something changed since the last run
            if survey.differ is not None and survey.seen == held:  # the difference made beside the check holds
                differ, gone = survey.differ, survey.gone or []
            else:
                if survey.again is not None:  # made from another state of the index: every file is needed
                    survey = survey.again()
                    state = survey.state
                differ, gone = difference(survey.files, dict(db.execute("SELECT path, stamp || ' ' || root FROM files").fetchall()))
            changed = self._entries(survey.files, differ, known)
            if changed or gone:
                self._write(changed, gone)
            if len(changed) < len(differ):  # a file that could not be read keeps its old stamp: the next run compares again
                state = ""
            with transaction(db):  # the stamps the index now holds, to be matched by the next run
                db.execute("UPDATE meta SET state = ?", (state,))
        self.generation = db.execute("SELECT generation FROM meta").fetchone()[0]

    def _entries(self, current: Mapping[str, str], differ: list[str], known: Mapping[str, tuple[str | None, Entry]]) -> list[Changed]:
        """The entries of the files that differ: parsed in this run, or read here."""
        changed: list[Changed] = []
        unread: list[tuple[str, str, str]] = []
        for path in differ:  # the file or its corpus changed
            stamp, root = current[path].split(" ", 1)
            if path in known:
                changed.append((path, root, known[path][0] or stamp, known[path][1]))
            else:
                unread.append((path, root, stamp))
        for entry, (path, root, stamp) in zip(self.read([path for path, _, _ in unread]), unread):  # (the pool first: zip runs it to its end)
            if entry is not None:
                changed.append((path, root, stamp, entry))
        return changed

    def _write(self, changed: list[Changed], gone: list[str]) -> None:
        """Replace the rows of the ``changed`` files, drop those of the ``gone``; a new
        generation where what the rules ask about moved."""
        with transaction(self.db) as db:  # what another run wrote meanwhile is read again here
            touched = [*gone, *(c[0] for c in changed)]
            before = _signatures(db, touched)
            moved = any(path in before for path in gone) or any(before.get(path) != f"{root} {entry.sig}" for path, root, _, entry in changed)
            dropped = [(path,) for path in touched if path in before]
            for table in ("postings", "shapes", "found"):
                db.executemany(f"DELETE FROM {table} WHERE file = (SELECT id FROM files WHERE path = ?)", dropped)
            db.executemany("DELETE FROM files WHERE path = ?", dropped)
            bulk = len(changed) > 256 and 2 * len(changed) >= len(before)  # (before holds every row then)
            for name in _LOOKUPS if bulk else ():
                db.execute(f"DROP INDEX IF EXISTS {name}")
            _insert(db, changed)
            for name, on in _LOOKUPS.items() if bulk else ():
                db.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {on}")
            if moved:
                db.execute("UPDATE meta SET generation = generation + 1")
                db.execute("DELETE FROM found")

    def found(self, key: str, paths: Collection[str]) -> dict[str, bytes]:
        """The stored cross-file findings of ``paths`` in this generation under settings
        ``key``: path → payload."""
        query = "SELECT f.path, d.payload FROM found d JOIN files f ON f.id = d.file WHERE d.key = ? AND d.generation = ?"
        if len(paths) > 64:  # many: all of them at once
            return {path: payload for path, payload in self.db.execute(query, (key, self.generation)) if path in paths}
        return dict(row for path in paths if storable(path) for row in self.db.execute(query + " AND f.path = ?", (key, self.generation, path)))

    def keep(self, key: str, payloads: Mapping[str, bytes]) -> None:
        """Store the cross-file findings of files (path → payload) for this generation, in
        place of what the files had (one entry a file, as in the result cache: settings used
        once do not pile up)."""
        if self.path is None or not payloads:
            return
        with transaction(self.db) as db:
            db.executemany(
                "INSERT OR REPLACE INTO found(file, key, generation, payload) SELECT id, ?, ?, ? FROM files WHERE path = ?",
                [(key, self.generation, payload, path) for path, payload in payloads.items()],
            )

    def facts(self, path: str) -> Facts | None:
        row = self.db.execute("SELECT facts, sketch, words FROM files WHERE path = ?", (path,)).fetchone()
        try:
            return decode(path, *row) if row is not None else None
        except (ValueError, TypeError, IndexError, KeyError, AttributeError):  # a damaged row: read the file
            entry = read_entry(path)
            return entry.facts(path) if entry is not None else None

    def corpus(self, root: str) -> IndexedCorpus:
        return IndexedCorpus(self.db, root)

    def close(self) -> None:
        self.db.close()


def _signatures(db: sqlite3.Connection, paths: list[str]) -> dict[str, str]:
    """"root sig" of the rows of ``paths`` (of every row, for many paths)."""
    if len(paths) > 256:
        return dict(db.execute("SELECT path, root || ' ' || sig FROM files").fetchall())
    return dict(row for path in paths for row in db.execute("SELECT path, root || ' ' || sig FROM files WHERE path = ?", (path,)))


def _insert(db: sqlite3.Connection, changed: list[Changed]) -> None:
    """The rows of the ``changed`` files: the file, its postings and its shapes."""
    first = (db.execute("SELECT max(id) FROM files").fetchone()[0] or 0) + 1
    db.executemany(
        "INSERT INTO files(id, path, root, stamp, sig, title, words, sketch, facts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ((first + i, path, root, stamp, e.sig, e.title, e.words, e.sketch, e.encoded) for i, (path, root, stamp, e) in enumerate(changed)),
    )
    db.executemany("INSERT INTO postings(hash, file) VALUES (?, ?)", ((h, first + i) for i, (_, _, _, e) in enumerate(changed) for h in unpack(e.sketch[: 8 * POSTED])))
    db.executemany("INSERT INTO shapes(file, field, shape, length, root) VALUES (?, ?, ?, ?, ?)", ((first + i, *shape, root) for i, (_, root, _, e) in enumerate(changed) for shape in json.loads(e.shapes)))


def _stored_sketch(path: str, packed: bytes) -> tuple[int, ...]:
    """The sketch of a row of the index, read from the file again when the row is damaged."""
    try:
        return unpack(packed)
    except ValueError:
        entry = read_entry(path)
        return entry.facts(path).sketch if entry is not None else ()


class IndexedCorpus:
    """The ``Corpus`` of one corpus root, answered by the index (answers memoised, but for
    ``near``'s candidates)."""

    def __init__(self, db: sqlite3.Connection, root: str) -> None:
        self.db = db
        self.root = root
        self._memo: dict[Any, Any] = {}

    def memo(self, key: Any, make: Callable[[], Any]) -> Any:
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    def titled(self, title: str) -> list[str]:
        key = normal(title)
        return self.memo(("title", key), lambda: [p for (p,) in self.db.execute("SELECT path FROM files WHERE title = ? AND root = ?", (key, self.root))])  # type: ignore[no-any-return]

    def near(self, sketch: tuple[int, ...], threshold: float) -> list[tuple[str, int, tuple[int, ...]]]:
        # Not memoised: the candidates are many, and the caller keeps only the similar ones.
        lowest = int(SKETCH * (1 - threshold) + 1e-9) + 1  # one of these is in both sketches
        if lowest > POSTED:  # a threshold too low for the postings: every body is a candidate
            rows = self.db.execute("SELECT path, words, sketch FROM files WHERE root = ?", (self.root,))
        else:
            hashes = sketch[:lowest]
            rows = self.db.execute(
                "SELECT path, words, sketch FROM files WHERE root = ? AND id IN "
                f"(SELECT file FROM postings WHERE hash IN ({','.join('?' * len(hashes))}))",
                (self.root, *hashes),
            )
        return [(path, words, _stored_sketch(path, packed)) for path, words, packed in rows]

    def template_count(self, field: str, shape: str, min_length: int) -> int:
        query = "SELECT count(*) FROM shapes WHERE shape = ? AND field = ? AND root = ? AND length >= ?"  # one range of its index
        return self.memo(("shape", field, shape, min_length), lambda: self.db.execute(query, (shape_key(field, shape), field, self.root, min_length)).fetchone()[0])  # type: ignore[no-any-return]

    def facts_of(self, path: str) -> Facts | None:
        def make() -> Facts | None:
            row = self.db.execute("SELECT facts, sketch, words FROM files WHERE path = ? AND root = ?", (path, self.root)).fetchone()
            try:
                return decode(path, row[0], row[1], row[2]) if row else None
            except (ValueError, TypeError, IndexError):  # a damaged row: the article is left out
                return None

        return self.memo(("facts", path), make)  # type: ignore[no-any-return]

    def fields_in(self, folder: str) -> list[tuple[str, str, int]]:
        prefix = folder.rstrip(os.sep) + os.sep
        query = "SELECT f.path, s.field, s.length FROM shapes s JOIN files f ON f.id = s.file WHERE f.root = ? AND substr(f.path, 1, ?) = ?"
        rows = self.db.execute(query, (self.root, len(prefix), prefix))
        return [(path, name, length) for path, name, length in rows if os.path.dirname(path) == prefix[:-1]]
