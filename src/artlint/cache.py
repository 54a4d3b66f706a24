"""The result cache: per file, keyed by everything that can change its findings.

An entry holds a file's findings under a key made of the artlint version, the rules that
run on the file with their severities and options, the content of the schemas they read,
and what else they depend on (today's date for date-future, the static folders' listing
for image-local-missing). A warm run proves a file unchanged by its stat (size, mtime,
inode), falling back to its content hash, and reads nothing else.

Entries live in an SQLite database in the cache folder (``results.sqlite``, one entry per
file, written in batches; the corpus index is a second database beside it): concurrent
runs never corrupt each other, a corrupt entry or database is ignored and made anew, and
where the folder cannot be written artlint runs without the cache and says so once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import marshal
import os
import re
import shutil
import stat
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from .config import RuleSetting, absolute_path
from .diagnostic import Diagnostic, FileResult, restore, restore_urls, seal, seal_with, stored, stored_urls, unseal
from .output import warn
from .schema import digest

if TYPE_CHECKING:
    import sqlite3

NAME = ".artlint_cache"
RESULTS = "results.sqlite"
#: The results database's PRAGMA user_version: another value (or Python) makes it anew.
#: (5000: findings carry their fix.)
FORMAT = 5000 + sys.version_info[0] * 100 + sys.version_info[1]
#: payload: the findings and the URLs collected for online rules, in marshal's format (a warm
#: run reads tens of thousands of findings: twice as fast as JSON), sealed (diagnostic.seal);
#: lines: the source lines they are on, apart (only the human report shows them).
_SCHEMA = """
CREATE TABLE results(path TEXT NOT NULL PRIMARY KEY, key TEXT NOT NULL, stamp TEXT NOT NULL, sha256 TEXT NOT NULL, payload BLOB NOT NULL, lines TEXT NOT NULL) WITHOUT ROWID;
"""
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# artlint's cache: safe to delete (artlint clean).\n"


#: artlint's own mark on a cache folder it made: a random token (see ``claim``).
MARKER = "ARTLINT-CACHE"
_MARK = "artlint cache "
#: The largest cache file read whole (the record, the online list), checked before reading.
MAX_READ = 256 * 1024 * 1024


def default_dir(root: str) -> str:
    return os.path.join(root, NAME)


class Unusable(OSError):
    """A cache folder artlint must not use: the run goes on without the cache."""


def claim(folder: str) -> str:
    """The token of the cache ``folder``, made (with the folder) where there is none yet.

    The folder may be committed content. One that is a symbolic link is never used (writes
    would land wherever it leads); one without artlint's marker is used only where it is
    empty or tagged as artlint's (an older cache): a new token then makes everything in it
    unreadable (see ``Cache``). Raises Unusable, or OSError where it cannot be written.
    """
    if os.path.islink(folder):
        raise Unusable("is a symbolic link")
    if os.path.lexists(folder) and not os.path.isdir(folder):
        raise Unusable("is not a folder")
    os.makedirs(folder, exist_ok=True)
    token = read_marker(folder)
    if token is not None:
        return token
    names = set(os.listdir(folder)) - {MARKER}
    others = names - {"CACHEDIR.TAG", ".gitignore"}  # (those two alone: another run is making it)
    if others and read_small(os.path.join(folder, "CACHEDIR.TAG"), 4096) != _TAG.encode():
        raise Unusable("is not artlint's (no marker in it, and not empty)")
    for name, text in (("CACHEDIR.TAG", _TAG), (".gitignore", "*\n")):
        if name not in names:
            try:
                _create(os.path.join(folder, name), text)
            except FileExistsError:  # another run made it meanwhile
                pass
    _mark(folder)
    token = read_marker(folder)
    if token is None:
        raise Unusable("has a damaged marker (artlint clean removes it)")
    return token


def _mark(folder: str) -> None:
    """Write a new marker, whole (linked into place: a concurrent run sees none, or all of
    one), unless there is one."""
    temporary = os.path.join(folder, f".artlint-{os.getpid()}-{os.urandom(4).hex()}.tmp")
    _create(temporary, f"{_MARK}{os.urandom(16).hex()}\n")
    try:
        os.link(temporary, os.path.join(folder, MARKER))
    except FileExistsError:  # another run made it meanwhile
        pass
    finally:
        os.unlink(temporary)


def _create(path: str, text: str) -> None:
    """A new file (never through a link: O_EXCL)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)


def read_marker(folder: str) -> str | None:
    data = read_small(os.path.join(folder, MARKER), 256)
    text = data.decode("ascii", "replace").strip() if data else ""
    token = text[len(_MARK) :] if text.startswith(_MARK) else ""
    return token if len(token) == 32 and all(c in "0123456789abcdef" for c in token) else None


def read_small(path: str, limit: int) -> bytes | None:
    """The bytes of the regular file ``path`` where it is no link and at most ``limit``
    bytes (checked before reading); None otherwise."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(f.fileno())
        if not stat.S_ISREG(st.st_mode) or st.st_size > limit:
            return None
        data = f.read(limit + 1)
    return data if len(data) <= limit else None


def secret(folder: str) -> bytes:
    """What this installation seals the cache ``folder``'s entries with: its token and what
    only this machine knows — the inode and time of artlint's own files. Entries committed
    into the folder (or the whole folder, marker and all) cannot match it."""
    return hashlib.blake2b((read_marker(folder) or "").encode() + _code_identity().encode(), digest_size=32).digest()


_SURROGATE = re.compile("[\ud800-\udfff]")


def storable(path: str) -> bool:
    """Whether SQLite can hold ``path``: a name of bytes that are not UTF-8 (lone surrogates
    once decoded) cannot, and such a file is checked on every run, left out of the caches."""
    return path.isascii() or _SURROGATE.search(path) is None


def stamp_of(st: os.stat_result) -> str:
    """What proves a file unchanged without reading it: size, modification time, inode."""
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"


def connect(path: str | None, schema: str, version: int) -> sqlite3.Connection:
    """An SQLite database of the cache folder (a temporary one for ``None``), made with ``schema``
    when it is new or of another ``version``, and made anew when it is not a database.

    Raises ``sqlite3.OperationalError`` or ``OSError`` where it cannot be used (a folder
    that cannot be written, a lock held beyond the timeout).
    """
    import sqlite3

    for attempt in (1, 2):
        try:
            return _connect(path, schema, version)
        except sqlite3.OperationalError:
            raise
        except sqlite3.DatabaseError:  # not a database (a corrupt file): remove it, once
            if attempt == 2 or path is None:
                raise
            remove_database(path)
    raise AssertionError("unreachable")


def remove_database(path: str) -> None:
    for suffix in ("", "-wal", "-shm"):
        try:
            os.remove(path + suffix)
        except OSError:
            pass


def _connect(path: str | None, schema: str, version: int) -> sqlite3.Connection:
    import sqlite3

    if path is not None:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        for suffix in ("", "-wal", "-shm"):  # a link (committed) would make SQLite write where it leads
            if os.path.islink(path + suffix) or (os.path.lexists(path + suffix) and not os.path.isfile(path + suffix)):
                os.remove(path + suffix)
    db = sqlite3.connect(path or "", timeout=60, isolation_level=None, check_same_thread=False)
    try:
        if path is not None:
            db.execute("PRAGMA journal_mode=WAL")  # readers never wait for a writer
            db.execute("PRAGMA synchronous=NORMAL")  # a cache: durability is not needed
        if db.execute("PRAGMA user_version").fetchone()[0] != version:
            with transaction(db):
                if db.execute("PRAGMA user_version").fetchone()[0] != version:  # not made meanwhile
                    for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
                        db.execute(f'DROP TABLE "{table}"')
                    for statement in schema.split(";"):
                        if statement.strip():
                            db.execute(statement)
                    db.execute(f"PRAGMA user_version = {version}")
            if path is not None and db.execute("PRAGMA freelist_count").fetchone()[0] > 1024:
                db.execute("VACUUM")  # the dropped tables' pages: an older artlint's cache shrinks
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except BaseException:
        db.close()
        raise
    return db


@contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A write transaction, taken at once (another run's writes wait for it, not fail)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _file_hash(path: str) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()  # (in pieces: a file of any size)


def _tree_listing(folder: str) -> str:
    """A hash of the paths below ``folder`` (what image-local-missing looks up)."""
    digest = hashlib.sha256()
    for top, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            digest.update(os.path.relpath(os.path.join(top, name), folder).encode("utf-8", "surrogateescape") + b"\0")
    return digest.hexdigest()


def _code_stamp() -> str:
    """The newest modification time of artlint's own modules: an edited checkout re-checks."""
    package = os.path.dirname(os.path.abspath(__file__))
    newest = 0
    for top, _, names in os.walk(package):
        for name in names:
            if name.endswith(".py"):
                newest = max(newest, os.stat(os.path.join(top, name)).st_mtime_ns)
    return str(newest)


def _code_identity() -> str:
    """artlint's own folder as this machine holds it: device, inode and time."""
    package = os.path.dirname(os.path.abspath(__file__))
    st = os.stat(package)
    return f"{st.st_dev}:{st.st_ino}:{st.st_mtime_ns}:{_code_stamp()}"


class Cache:
    def __init__(self, folder: str, known: Sequence[str]) -> None:
        self.folder = folder
        self.known = sorted(known)
        self.enabled = True
        self._keys: dict[int, str] = {}
        self._extras: dict[str, str] = {}
        self._db: sqlite3.Connection | None = None
        self._pending: list[tuple[str, str, str, str, bytes, str]] = []
        self._cwd = os.getcwd()  # what relative paths are relative to, in this run
        self._rows: dict[str, tuple[str, str, str, str, str] | None] = {}  # read ahead by prefetch, by path as given (None: no entry)
        self.record = Record()
        seal_with(secret(folder))  # (where the folder has no marker yet, _prepare makes one: nothing is read before)

    # ------------------------------------------------------------------ keys

    def _extra(self, what: str, make: Any) -> str:
        if what not in self._extras:
            try:
                self._extras[what] = make()
            except OSError:
                self._extras[what] = "unreadable"
        return self._extras[what]

    def settings_key(self, settings: Sequence[RuleSetting]) -> str:
        """A hash of everything but the file that decides its findings."""
        cached = self._keys.get(id(settings))
        if cached is not None:
            return cached
        from . import __version__

        parts: list[Any] = [FORMAT, __version__, self.known, self._extra("code", _code_stamp)]
        for s in settings:
            module = sys.modules.get(type(s.rule).__module__)
            where = getattr(module, "__file__", None) or ""
            stamp = self._extra(f"module:{where}", lambda where=where: str(os.stat(where).st_mtime_ns) if where else "")
            parts.append([s.rule.id, type(s.rule).__module__, stamp, s.severity, repr(s.options)])
            schema = getattr(s.options, "schema", None)
            if isinstance(schema, str):
                parts.append(self._extra(f"schema:{schema}", lambda schema=schema: digest(schema)))  # (with the schemas it refers to)
            if s.rule.id == "date-future":
                parts.append(getattr(s.options, "today", "") or dt.date.today().isoformat())
            for folder in getattr(s.options, "static_dirs", ()) or ():
                parts.append(self._extra(f"tree:{folder}", lambda folder=folder: _tree_listing(str(folder))))
        key = hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()
        self._keys[id(settings)] = key
        return key

    # ------------------------------------------------------------ read, write

    def _database(self) -> sqlite3.Connection | None:
        import sqlite3

        if self._db is None and self.enabled:
            try:
                self._prepare()
                self._db = connect(os.path.join(self.folder, RESULTS), _SCHEMA, FORMAT)
            except (OSError, sqlite3.Error) as err:
                self._disable(err)
        return self._db

    def _disable(self, err: Exception) -> None:
        self.enabled = False
        self._db = None
        reason = getattr(err, "strerror", None) or err
        warn(f"artlint: the cache folder {os.path.relpath(self.folder)} cannot be written ({reason}): running without the cache")

    def prefetch(self, paths: Sequence[str], absolutes: Sequence[str], lines: bool = True) -> None:
        """Read the entries of ``paths`` (``absolutes``: the same, absolute) in one query
        (``get`` then asks for none of them); ``lines``: with the source lines."""
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

    def get(self, path: str, key: str, lines: bool = True) -> tuple[FileResult | None, Any]:
        """The cached result of ``path`` if the file is unchanged, and its stat; ``lines``:
        with the source lines of its findings."""
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
            if stamp != stamp_of(st) and (stamp.split(":")[0] != str(st.st_size) or row[2] != _file_hash(path)):
                return None, st
            findings, urls = marshal.loads(unseal(row[3]))
            diagnostics = restore(path, findings)
            source = {int(k): _text(v) for k, v in json.loads(row[4]).items()} if lines else {}
            self.record.stage(path, key, stamp_of(st), findings, urls, source)
            return FileResult(path, diagnostics, source, restore_urls(urls)), st
        except (OSError, ValueError, EOFError, KeyError, TypeError, IndexError, AttributeError, sqlite3.Error):
            return None, st  # a corrupt entry: check the file again

    def put(self, result: FileResult, key: str, st: Any, digest: str) -> None:
        """Keep ``result`` (written with the next batch, or by ``flush``)."""
        absolute = absolute_path(result.path, self._cwd)
        if not self.enabled or st is None or not storable(absolute):
            return
        findings, urls = stored(result.diagnostics), stored_urls(result.collected)
        payload = seal(marshal.dumps((findings, urls)))
        lines = json.dumps({str(k): v for k, v in result.lines.items()}, ensure_ascii=False, separators=(",", ":"))
        self._pending.append((absolute, key, stamp_of(st), digest, payload, lines))
        self.record.stage(result.path, key, stamp_of(st), findings, urls, result.lines)
        if len(self._pending) >= 500:
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

    def recall(self, count: int, lines: bool) -> bool:
        """Read the record of the last run from this folder, for a run over ``count`` files;
        ``lines``: the run needs the source lines of the findings. Whether the run keeps a
        record (see Record.read)."""
        if count < RECORD_MIN or not self.enabled:
            return False
        return self.record.read(self._record_file(), count, lines)

    def remember(self, cross: Mapping[str, Sequence[Diagnostic]], generation: int | None) -> None:
        """Write the record of this run (where it keeps one and what it found differs from
        the record it read): ``cross`` holds the cross-file findings of each file, found in
        the corpus index's ``generation``."""
        if self.enabled:
            self.record.write(self._record_file(), cross, generation)

    def _record_file(self) -> str:
        return os.path.join(self.folder, f"run-{hashlib.blake2b(os.fsencode(self._cwd), digest_size=8).hexdigest()}.marshal")

    def close(self) -> None:
        """Write what is pending and close the database (its write-ahead log folds in)."""
        self.flush()
        db, self._db = self._db, None
        if db is not None:
            db.close()

    def _prepare(self) -> None:
        prepare(self.folder)
        seal_with(secret(self.folder))


#: Runs over at least this many files read and write a Record; it is written again where
#: more than one entry in this many has changed (the database gives the few others).
RECORD_MIN = 100
STALE = 100


class Record:
    """The results of the last run over many files from one folder, in one file.

    A warm run over a whole tree would read ten thousand entries of the database — and as
    many sets of kept cross-file findings from the corpus index — unsealing and unmarshalling
    each apart; the record holds them all in one sealed marshal, where what files share
    (rules, messages) is written once: a third of the time. It holds only what the database
    and the index would give: an entry is used where the database's would be (the same
    settings key and an unchanged stamp, ``take``), its cross-file findings only in the
    generation of the corpus index they were found in (``cross``). The run writes a new
    record where the generation moved or more than one entry in ``STALE`` differs from the
    one it read (an entry left stale is not used: the database gives that file); the
    entries of files it did not check stay.
    """

    def __init__(self) -> None:
        self.active = False  # the run keeps a record
        self.lines = False  # the entries hold the source lines of their findings
        self.generation: int | None = None
        #: path as given → (settings key, stamp, findings, URLs, source lines, cross-file findings or None)
        self.entries: dict[str, tuple[Any, ...]] = {}
        self.taken: set[str] = set()
        self.next: dict[str, tuple[Any, ...]] = {}  # the entries of the next record, but their cross-file findings
        self.crossed: dict[str, Any] = {}  # the cross-file findings taken from this record

    def read(self, file: str, count: int, lines: bool) -> bool:
        """Read the record for a run over ``count`` files. A run over less than half the
        files of the record neither reads nor writes it (a part of the tree: the database
        is cheaper then, and the record of the whole stays). Whether the run keeps one."""
        try:
            data = read_small(file, MAX_READ) or b""
            head = data[:16]
            if head[8:] != _check(head[:8]):  # (its own count, checked apart)
                raise ValueError("a damaged record")
            if 2 * count < int.from_bytes(head[:8], "little"):
                return False
            form, had_lines, generation, entries = marshal.loads(unseal(data[16:]))
            if form == FORMAT and (had_lines or not lines) and isinstance(entries, dict) and isinstance(generation, (int, type(None))):
                self.generation, self.entries = generation, entries
        except (ValueError, EOFError, TypeError):  # none, or damaged: made anew
            pass
        self.active, self.lines = True, lines
        return True

    def unchanged(self, path: str, key: str) -> str | None:
        """The stamp of ``path`` where the file is unchanged since the record (under the
        settings ``key``): ``take`` then gives its result."""
        entry = self.entries.get(path)
        if not isinstance(entry, tuple) or len(entry) != 6 or entry[0] != key or not isinstance(entry[4], dict):
            return None
        try:
            stamp = stamp_of(os.stat(path))
        except OSError:
            return None
        return stamp if stamp == entry[1] else None  # (the database tells a touched file from an edited one)

    def take(self, path: str, lines: bool) -> FileResult | None:
        """The result of a file found ``unchanged`` (None for an entry that is not one)."""
        entry = self.entries[path]
        try:
            result = FileResult(path, restore(path, entry[2]), entry[4] if lines else {}, restore_urls(entry[3]))
        except (ValueError, TypeError, AttributeError):
            return None
        self.taken.add(path)
        self.next[path] = entry[:5]
        return result

    def stage(self, path: str, key: str, stamp: str, findings: Any, urls: Any, lines: dict[int, str]) -> None:
        """Hold a file's entry for the next record (read from the database, or just found)."""
        if self.active:
            self.next[path] = (key, stamp, findings, urls, lines if self.lines else {})

    def cross(self, path: str, generation: int) -> list[Diagnostic] | None:
        """The cross-file findings of a file ``take`` found unchanged, where the corpus index
        is still in the generation they were found in."""
        if path not in self.taken or generation != self.generation or self.entries[path][5] is None:
            return None
        try:
            found = restore(path, self.entries[path][5])
        except ValueError:
            return None
        self.crossed[path] = self.entries[path][5]
        return found

    def write(self, file: str, cross: Mapping[str, Sequence[Diagnostic]], generation: int | None) -> None:
        if not self.active:
            return
        found = [path for path in cross if path not in self.crossed]  # cross-file findings not taken from this record
        same = generation == self.generation
        # The entries of files this run did not check (a part of the tree) stay, where the files are there still.
        others = {path: entry if same else (*entry[:5], None) for path, entry in self.entries.items() if path not in self.next and os.path.exists(path)}
        stale = len(self.next) + len(self.entries) - 2 * len(self.taken) - len(others)  # entries new, changed or gone
        if same and stale <= len(self.entries) // STALE and self.taken.isdisjoint(found):
            return  # the record holds this run but for a few files, which the database gives
        fresh = {path: stored(cross[path]) for path in found}
        entries = {**others, **{path: (*own, self.crossed.get(path, fresh.get(path))) for path, own in self.next.items()}}
        head = len(entries).to_bytes(8, "little")
        from .files import write_atomic

        try:
            write_atomic(file, [head, _check(head), seal(marshal.dumps((FORMAT, self.lines, generation, entries)))])
        except OSError:  # a full disk: the next run reads the database
            pass


def _check(head: bytes) -> bytes:
    return hashlib.blake2b(head, digest_size=8).digest()


def prepare(folder: str) -> None:
    """Make the cache folder, tagged as a cache and ignored by git, unless it is there
    (OSError where it cannot be made or must not be used: see ``claim``)."""
    claim(folder)


def _text(value: Any) -> str:
    """``value``, which must be a string (TypeError for a damaged entry)."""
    if not isinstance(value, str):
        raise TypeError(f"a string was expected, not {type(value).__name__}")
    return value


def clean(folder: str) -> bool:
    """Remove the cache folder (only one that artlint made). Whether there was one."""
    if os.path.islink(folder) or not os.path.isdir(folder):
        if os.path.islink(folder):
            from .diagnostic import UsageError

            raise UsageError(f"{folder} is a symbolic link, not a cache: not removed")
        return False
    if not os.path.isfile(os.path.join(folder, "CACHEDIR.TAG")):
        from .diagnostic import UsageError

        raise UsageError(f"{folder} is not an artlint cache (no CACHEDIR.TAG): not removed")
    shutil.rmtree(folder)
    return True
