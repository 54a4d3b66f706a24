"""The SQLite databases of the cache folder: made, made anew, written in transactions."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from ..source import lazy_re

if TYPE_CHECKING:
    import sqlite3

_SURROGATE = lazy_re("[\ud800-\udfff]")


def storable(path: str) -> bool:
    """Whether SQLite can hold ``path``: a name of bytes that are not UTF-8 (lone surrogates
    once decoded) cannot, and such a file is checked on every run, left out of the caches."""
    return path.isascii() or _SURROGATE.search(path) is None


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
            _make(db, schema, version)
            if path is not None and db.execute("PRAGMA freelist_count").fetchone()[0] > 1024:
                db.execute("VACUUM")  # the dropped tables' pages: an older artlint's cache shrinks
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except BaseException:
        db.close()
        raise
    return db


def _make(db: sqlite3.Connection, schema: str, version: int) -> None:
    """Drop every table and make ``schema``, unless another run made it meanwhile."""
    with transaction(db):
        if db.execute("PRAGMA user_version").fetchone()[0] == version:
            return
        for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
            db.execute(f'DROP TABLE "{table}"')
        for statement in schema.split(";"):
            if statement.strip():
                db.execute(statement)
        db.execute(f"PRAGMA user_version = {version}")


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
