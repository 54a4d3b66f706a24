"""The record of the last run over many files from one folder: an accelerator of the
results store, in one file.

A warm run over a whole tree would read ten thousand entries of the database — and as
many sets of kept cross-file findings from the corpus index — unsealing and unmarshalling
each apart; the record holds them all in one sealed marshal, where what files share
(rules, messages) is written once. It holds only what the database and the index would
give: an entry is used where the database's would be (the same settings key and an
unchanged stamp, ``take``), its cross-file findings only in the generation of the corpus
index they were found in (``cross``). The run writes a new record where the generation
moved or more than one entry in ``STALE`` differs from the one it read (an entry left
stale is not used: the database gives that file); the entries of files it did not check
stay.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

from ..diagnostic import Diagnostic, FileResult
from ..hashes import blake2b
from . import codec
from .codec import Entry, Rows, Urls
from .folder import MAX_READ, read_small
from .stamp import stamp_of

#: Runs over at least this many files read and write a record; it is written again where
#: more than one entry in this many has changed (the database gives the few others).
RECORD_MIN = 100
STALE = 100


class Record:
    def __init__(self, form: int) -> None:
        self.form = form  # the results' format: a record of another is not read
        self.active = False  # the run keeps a record
        self.lines = False  # the entries hold the source lines of their findings
        self.generation: int | None = None
        self.entries: dict[str, Any] = {}  # path as given → an Entry, as read (checked when used)
        self.taken: set[str] = set()
        self.next: dict[str, Entry] = {}  # the entries of the next record, but their cross-file findings
        self.crossed: dict[str, Rows] = {}  # the cross-file findings taken from this record

    @staticmethod
    def may_read(file: str, count: int) -> bool:
        """Whether a run over ``count`` files may find its results in the record ``file``."""
        return count >= RECORD_MIN and os.path.isfile(file)

    def read(self, file: str, count: int, lines: bool) -> bool:
        """Read the record for a run over ``count`` files; ``lines``: the run needs the
        source lines of the findings. A run over fewer than ``RECORD_MIN`` files, or less
        than half the files of the record, neither reads nor writes it (a part of the tree:
        the database is cheaper then, and the record of the whole stays). Whether the run
        keeps one."""
        if count < RECORD_MIN:
            return False
        try:
            data = read_small(file, MAX_READ) or b""
            head = data[:16]
            if head[8:] != _check(head[:8]):  # (its own count, checked apart)
                raise ValueError("a damaged record")
            if 2 * count < int.from_bytes(head[:8], "little"):
                return False
            form, had_lines, generation, entries = codec.load(data[16:])
            if form == self.form and (had_lines or not lines) and isinstance(entries, dict) and isinstance(generation, (int, type(None))):
                self.generation, self.entries = generation, entries
        except (ValueError, EOFError, TypeError):  # none, or damaged: made anew
            pass
        self.active, self.lines = True, lines
        return True

    def unchanged(self, path: str, key: str) -> str | None:
        """The stamp of ``path`` where the file is unchanged since the record (under the
        settings ``key``): ``take`` then gives its result."""
        entry = Entry.read(self.entries.get(path))
        if entry is None or entry.key != key:
            return None
        try:
            stamp = stamp_of(os.stat(path))
        except OSError:
            return None
        return stamp if stamp == entry.stamp else None  # (the database tells a touched file from an edited one)

    def take(self, path: str, lines: bool) -> FileResult | None:
        """The result of a file found ``unchanged`` (None for an entry that is not one)."""
        entry = Entry(*self.entries[path])
        try:
            result = entry.result(path, lines)
        except (ValueError, TypeError, AttributeError):
            return None
        self.taken.add(path)
        self.next[path] = entry._replace(cross=None)
        return result

    def stage(self, path: str, key: str, stamp: str, findings: Rows, urls: Urls, lines: dict[int, str]) -> None:
        """Hold a file's entry for the next record (read from the database, or just found)."""
        if self.active:
            self.next[path] = Entry(key, stamp, findings, urls, lines if self.lines else {})

    def cross(self, path: str, generation: int) -> list[Diagnostic] | None:
        """The cross-file findings of a file ``take`` found unchanged, where the corpus index
        is still in the generation they were found in."""
        if path not in self.taken or generation != self.generation:
            return None
        kept = Entry(*self.entries[path]).cross
        if kept is None:
            return None
        try:
            found = codec.diagnostics(path, kept)
        except ValueError:
            return None
        self.crossed[path] = kept
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
        fresh = {path: codec.rows(cross[path]) for path in found}
        entries = {**others, **{path: tuple(own._replace(cross=self.crossed.get(path, fresh.get(path)))) for path, own in self.next.items()}}
        head = len(entries).to_bytes(8, "little")
        from ..files import write_atomic

        try:
            write_atomic(file, [head, _check(head), codec.dump((self.form, self.lines, generation, entries))])
        except OSError:  # a full disk: the next run reads the database
            pass


def _check(head: bytes) -> bytes:
    return blake2b(head, digest_size=8).digest()
