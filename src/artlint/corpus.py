"""The corpus index: the few facts about every article that cross-file rules need.

Built for every file of the project (the ``corpus`` folders of the configuration, by
default the project root, walked with its include and exclude globs) — not only the files
named on the command line — so that ``artlint check one-file.md``, as pre-commit runs it,
still compares that file with all the others.

The index is an SQLite database in the cache folder (a temporary one without it), updated
incrementally: a file whose stat is unchanged is not read again, and the facts of files
checked in this run come from their parse. The groupings the rules ask about — articles by
title, by body-sketch hash, by front-matter template — are indexed columns, so a run asks
only about the files it checks: a single file against a warm index of 10,000 articles
costs a few queries, not a pass over the whole corpus.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import struct
import sys
import zlib
from collections.abc import Callable, Collection, Iterable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

from .cache import connect, stamp_of, storable, transaction
from .document import Document, load, read_file
from .output import warn
from .source import Span

if TYPE_CHECKING:
    import sqlite3

INDEX = "corpus.sqlite"
VERSION = 50000 + sys.version_info[0] * 100 + sys.version_info[1]  # PRAGMA user_version: another value (or Python) rebuilds it
SKETCH = 32  # the smallest shingle hashes kept per body (a bottom-k sketch)
SHINGLE = 5  # words per shingle
#: Markup left out of the words: tags, character references and fence lines. A tag ends
#: at the next '<' too: from each '<' of a long run that no '>' closes, ``<[^>]*>`` would
#: scan to the end of the text (quadratic).
_TAG = re.compile(r"<[^<>]*>|&[a-zA-Z#0-9]+;|```[^\r\n]*")
_WORD = re.compile(r"\w+")
PLACEHOLDER = "{title}"
#: The smallest hashes of each sketch that the index posts (looks articles up by): two
#: sketches of similarity t share one of their lowest floor(SKETCH * (1 - t)) + 1 hashes,
#: so these serve every threshold above 1 - POSTED / SKETCH; lower ones compare all bodies.
POSTED = 8
#: The lookup indexes of postings and shapes: dropped while many rows are written at once
#: and made again after (a first run writes the whole corpus), much faster than kept up.
_LOOKUPS = {"postings_hash": "postings(hash)", "postings_file": "postings(file)", "shapes_shape": "shapes(shape, field, root, length)", "shapes_file": "shapes(file)"}
_INDEXES = "".join(f"CREATE INDEX IF NOT EXISTS {name} ON {on};\n" for name, on in _LOOKUPS.items())

#: The generation starts at a random number: what was found in another index (one since
#: removed and made anew) never passes for this one's (see cache.Record).
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


class Facts(NamedTuple):
    path: str  # absolute
    title: str | None
    title_span: Span | None
    slug: str
    texts: dict[str, tuple[str, Span]]  # string front-matter fields: normalised text, span
    sketch: tuple[int, ...]  # bottom-k of the body's shingle hashes
    words: int  # words in the body
    body_span: Span  # the body's first line


def normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def template(text: str, title: str | None) -> str:
    """A normalised ``text`` with the article's title replaced by {title}."""
    name = normal(title) if title else ""
    return text.replace(name, PLACEHOLDER) if name else text


def shape_key(field: str, shape: str) -> int:
    """A 64-bit key of a field's template (what the index stores and looks up)."""
    return int.from_bytes(hashlib.blake2b(f"{field}\0{shape}".encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big", signed=True)


def sketch(text: str) -> tuple[tuple[int, ...], int]:
    """The bottom-k sketch of a body's 5-word shingles (markup aside), and its word count.

    A word is its CRC-32, a shingle the hash of the tuple of five: Python's hash of a tuple
    of ints is the same in every process (the index is made anew for another Python).
    """
    words = _WORD.findall(_TAG.sub(" ", text).casefold())
    ids = _WORD_IDS
    new = set(words).difference(ids)
    if new:
        if len(ids) > 50_000:  # a bound on memory
            ids.clear()
            new = set(words)
        ids.update(zip(new, map(zlib.crc32, (w.encode("utf-8", "surrogatepass") for w in new))))
    seq = list(map(ids.__getitem__, words))
    shingles = zip(*(seq[i:] for i in range(SHINGLE))) if len(seq) >= SHINGLE else [tuple(seq)] if seq else []
    return smallest(set(map(hash, shingles)), SKETCH), len(words)


#: Each word's CRC-32, kept for the next files the process reads (articles share most words).
_WORD_IDS: dict[str, int] = {}


def smallest(hashes: Collection[int], k: int) -> tuple[int, ...]:
    """The ``k`` smallest of ``hashes``, in order.

    Shingle hashes spread over the 64-bit range, so the k smallest of n lie below about k/n
    of it: only those under four times that are sorted — when at least k are, the k smallest
    are among them, whatever the spread; else all of them are.
    """
    if len(hashes) > 4 * k:
        cut = -(1 << 63) + (4 * k << 64) // len(hashes)
        below = [h for h in hashes if h < cut]
        if len(below) >= k:
            return tuple(sorted(below)[:k])
    return tuple(sorted(hashes)[:k])


class Entry(NamedTuple):
    """One file as the index stores it, made where the file is parsed (in the worker that
    checks it): compact, as a run holds one for every file until the corpus pass."""

    title: str | None  # normalised, or None for no title
    words: int
    sketch: bytes  # the sketch's hashes, packed (see pack)
    shapes: str  # JSON: [field, shape key, length] of each text field
    sig: str  # a hash of all that the cross-file rules ask about the file
    encoded: str  # the facts, as stored

    def facts(self, path: str) -> Facts:
        return _decode(path, self.encoded, self.sketch, self.words)


def facts_of(doc: Document, path: str) -> Facts:
    fm = doc.frontmatter
    data = fm.data if fm is not None and fm.data is not None else {}
    texts = {k: (normal(v), fm.value_span((k,))) for k, v in data.items() if isinstance(v, str) and fm is not None}
    title = data.get("title") if isinstance(data.get("title"), str) else None
    slug = data.get("slug") if isinstance(data.get("slug"), str) else os.path.splitext(os.path.basename(path))[0]
    body_sketch, words = sketch(doc.body.text)
    body = doc.body
    first = len(body.text) - len(body.text.lstrip())
    line_end = body.text.find("\n", first)
    body_span = body.span(first, line_end if line_end >= 0 else len(body.text))
    return Facts(os.path.abspath(path), title, texts["title"][1] if title is not None else None, slug, texts, body_sketch, words, body_span)


def entry_of(facts: Facts) -> Entry:
    title = normal(facts.title) if facts.title and facts.title.strip() else None
    shapes = json.dumps(sorted([name, shape_key(name, template(text, facts.title)), len(text)] for name, (text, _) in facts.texts.items()), ensure_ascii=False, separators=(",", ":"))
    sketch = pack(facts.sketch)
    sig = hashlib.blake2b(b"\0".join(((title or "").encode("utf-8", "surrogatepass"), str(facts.words).encode(), sketch, shapes.encode("utf-8", "surrogatepass"))), digest_size=12).hexdigest()
    return Entry(title, facts.words, sketch, shapes, sig, _encode(facts))


def _encode(f: Facts) -> str:
    """The facts but the sketch and the word count (stored beside them)."""
    return json.dumps([f.title, list(f.title_span) if f.title_span else None, f.slug, {k: [t, list(s)] for k, (t, s) in f.texts.items()}, list(f.body_span)], ensure_ascii=False, separators=(",", ":"))


def _decode(path: str, text: str, sketch: bytes, words: int) -> Facts:
    v = json.loads(text)
    return Facts(path, v[0], Span(*v[1]) if v[1] else None, v[2], {k: (t, Span(*s)) for k, (t, s) in v[3].items()}, unpack(sketch), words, Span(*v[4]))


def pack(hashes: tuple[int, ...]) -> bytes:
    """A sketch as 8 bytes a hash (a third of its text)."""
    return struct.pack(f"<{len(hashes)}q", *hashes)


def unpack(packed: bytes) -> tuple[int, ...]:
    """The hashes of a packed sketch; ValueError for what is not one (a damaged row)."""
    if not isinstance(packed, bytes) or len(packed) % 8:
        raise ValueError("not a packed sketch")
    return struct.unpack(f"<{len(packed) // 8}q", packed)


def _stored_sketch(path: str, packed: bytes) -> tuple[int, ...]:
    """The sketch of a row of the index, read from the file again when the row is damaged."""
    try:
        return unpack(packed)
    except ValueError:
        entry = read_entry(path)
        return entry.facts(path).sketch if entry is not None else ()


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
        """Bring the index to the files of ``survey`` (made by ``survey``).

        ``known`` holds the entries of files parsed in this run (with the stamp they were
        read under); other files whose stamp changed are read and parsed here. The
        generation moves on when what the rules ask about changes (a title, a body, a
        template, a file added or gone), not when an edit leaves it alone: the stored
        findings of the other files stay valid then.
        """
        db = self.db
        current, state = survey.files, survey.state
        held = db.execute("SELECT state FROM meta").fetchone()[0]
        if state == held:  # nothing changed since the last run
            self.generation = db.execute("SELECT generation FROM meta").fetchone()[0]
            return
        if survey.differ is not None and survey.seen == held:  # the difference made beside the check holds
            differ, gone = survey.differ, survey.gone or []
        else:
            stored = dict(db.execute("SELECT path, stamp || ' ' || root FROM files").fetchall())
            differ, gone = _difference(current, stored)
        changed: list[tuple[str, str, str, Entry]] = []
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
        if changed or gone:
            with transaction(db):  # what another run wrote meanwhile is read again here
                touched = [*gone, *(c[0] for c in changed)]
                if len(touched) > 256:
                    before = dict(db.execute("SELECT path, root || ' ' || sig FROM files").fetchall())
                else:  # a few files: their rows alone
                    before = dict(row for path in touched for row in db.execute("SELECT path, root || ' ' || sig FROM files WHERE path = ?", (path,)))
                moved = any(path in before for path in gone) or any(before.get(path) != f"{root} {entry.sig}" for path, root, _, entry in changed)
                dropped = [(path,) for path in touched if path in before]
                for table, column in (("postings", "file"), ("shapes", "file"), ("found", "file")):
                    db.executemany(f"DELETE FROM {table} WHERE {column} = (SELECT id FROM files WHERE path = ?)", dropped)
                db.executemany("DELETE FROM files WHERE path = ?", dropped)
                bulk = len(changed) > 256 and 2 * len(changed) >= len(before)  # (before holds every row then)
                if bulk:
                    for name in _LOOKUPS:
                        db.execute(f"DROP INDEX IF EXISTS {name}")
                first = (db.execute("SELECT max(id) FROM files").fetchone()[0] or 0) + 1
                db.executemany(
                    "INSERT INTO files(id, path, root, stamp, sig, title, words, sketch, facts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    ((first + i, path, root, stamp, e.sig, e.title, e.words, e.sketch, e.encoded) for i, (path, root, stamp, e) in enumerate(changed)),
                )
                db.executemany("INSERT INTO postings(hash, file) VALUES (?, ?)", ((h, first + i) for i, (_, _, _, e) in enumerate(changed) for h in unpack(e.sketch[: 8 * POSTED])))
                db.executemany("INSERT INTO shapes(file, field, shape, length, root) VALUES (?, ?, ?, ?, ?)", ((first + i, *shape, root) for i, (_, root, _, e) in enumerate(changed) for shape in json.loads(e.shapes)))
                if bulk:
                    for name, on in _LOOKUPS.items():
                        db.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {on}")
                if moved:
                    db.execute("UPDATE meta SET generation = generation + 1")
                    db.execute("DELETE FROM found")
        if len(changed) < len(differ):  # a file that could not be read keeps its old stamp: the next run compares again
            state = ""
        with transaction(db):  # the stamps the index now holds, to be matched by the next run
            db.execute("UPDATE meta SET state = ?", (state,))
        self.generation = db.execute("SELECT generation FROM meta").fetchone()[0]

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
            return _decode(path, *row) if row is not None else None
        except (ValueError, TypeError, IndexError, KeyError, AttributeError):  # a damaged row: read the file
            entry = read_entry(path)
            return entry.facts(path) if entry is not None else None

    def corpus(self, root: str) -> Corpus:
        return Corpus(self.db, root)

    def close(self) -> None:
        self.db.close()


class Survey(NamedTuple):
    """The corpora as they are on disk: each file's absolute path → "stamp root" (what
    proves the file unchanged, and its corpus), and a hash of them all. Made beside the
    check, it may hold its difference from the index too, made when the index's state was
    ``seen``: the files it must take anew, and those it holds that are gone."""

    files: dict[str, str]
    state: str
    seen: str | None = None
    differ: list[str] | None = None
    gone: list[str] | None = None


def survey(roots: Mapping[str, str], stamps: Mapping[str, str] | None = None, folder: str | None = None) -> Survey:
    """The survey of the files of ``roots`` (absolute path → its corpus root); ``stamps``
    holds the stamps of files stat'ed already (the others are stat'ed here). A file that
    cannot be stat'ed, or whose name the index cannot hold, is left out, as gone. With the cache ``folder``, the difference from
    its index is made too, where the index can be read."""
    stamps = stamps or {}
    files = {}
    for path, root in roots.items():
        if not storable(path):  # (a name that is not UTF-8: the index cannot hold it)
            continue
        stamp = stamps.get(path)
        if stamp is None:
            try:
                stamp = stamp_of(os.stat(path))
            except OSError:
                continue
        files[path] = f"{stamp} {root}"
    made = Survey(files, _state(files))
    if folder is None or not os.path.isfile(os.path.join(folder, INDEX)):
        return made
    import sqlite3
    from urllib.parse import quote

    try:  # read only, in one snapshot
        uri = "file:" + quote(os.fsencode(os.path.abspath(os.path.join(folder, INDEX))))  # (a name may hold any bytes)
        db = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None)
        try:
            db.execute("BEGIN")
            if db.execute("PRAGMA user_version").fetchone()[0] != VERSION:  # to be made anew
                return made
            seen = db.execute("SELECT state FROM meta").fetchone()[0]
            stored = dict(db.execute("SELECT path, stamp || ' ' || root FROM files").fetchall()) if seen != made.state else files
        finally:
            db.close()
    except sqlite3.Error:  # the index's own run will say what is wrong with it
        return made
    differ, gone = _difference(files, stored)
    return made._replace(seen=seen, differ=differ, gone=gone)


def _difference(files: Mapping[str, str], stored: Mapping[str, str]) -> tuple[list[str], list[str]]:
    """The files whose "stamp root" is not the one the index holds, and those it holds that are gone."""
    return [path for path, now in files.items() if stored.get(path) != now], [path for path in stored if path not in files]


def _state(files: Mapping[str, str]) -> str:
    """A hash of every file's path and "stamp root": equal, the index is up to date."""
    text = "\n".join(f"{path}\0{now}" for path, now in files.items())
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class Corpus:
    """The articles of one corpus root, as cross-file rules ask about them (answers memoised)."""

    def __init__(self, db: sqlite3.Connection, root: str) -> None:
        self.db = db
        self.root = root
        self._memo: dict[Any, Any] = {}

    def memo(self, key: Any, make: Any) -> Any:
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    def titled(self, title: str) -> list[str]:
        """The articles whose title is ``title``, case and spacing aside."""
        key = normal(title)
        return self.memo(("title", key), lambda: [p for (p,) in self.db.execute("SELECT path FROM files WHERE title = ? AND root = ?", (key, self.root))])  # type: ignore[no-any-return]

    def near(self, sketch: tuple[int, ...], threshold: float) -> list[tuple[str, int, tuple[int, ...]]]:
        """(path, words, sketch) of the articles whose bodies may be ``threshold`` similar to
        ``sketch``: every one that is (and some that are not: compare with ``similarity``)."""

        def make() -> list[tuple[str, int, tuple[int, ...]]]:
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
            return [(path, words, _stored_sketch(path, s)) for path, words, s in rows]

        return self.memo(("near", sketch, threshold), make)  # type: ignore[no-any-return]

    def template_count(self, field: str, shape: str, min_length: int) -> int:
        """How many articles have ``field`` of at least ``min_length`` following ``shape``."""
        query = "SELECT count(*) FROM shapes WHERE shape = ? AND field = ? AND root = ? AND length >= ?"  # one range of its index
        return self.memo(("shape", field, shape, min_length), lambda: self.db.execute(query, (shape_key(field, shape), field, self.root, min_length)).fetchone()[0])  # type: ignore[no-any-return]


    def facts_of(self, path: str) -> Facts | None:
        """The stored facts of the article at ``path`` (None when the index has none)."""

        def make() -> Facts | None:
            row = self.db.execute("SELECT facts, sketch, words FROM files WHERE path = ? AND root = ?", (path, self.root)).fetchone()
            try:
                return _decode(path, row[0], row[1], row[2]) if row else None
            except (ValueError, TypeError, IndexError):  # a damaged row: the article is left out
                return None

        return self.memo(("facts", path), make)  # type: ignore[no-any-return]

    def fields_in(self, folder: str) -> list[tuple[str, str, int]]:
        """(path, field, length) of the string front-matter fields of the articles right in ``folder``."""
        prefix = folder.rstrip(os.sep) + os.sep
        query = "SELECT f.path, s.field, s.length FROM shapes s JOIN files f ON f.id = s.file WHERE f.root = ? AND substr(f.path, 1, ?) = ?"
        rows = self.db.execute(query, (self.root, len(prefix), prefix))
        return [(path, name, length) for path, name, length in rows if os.path.dirname(path) == prefix[:-1]]


def similarity(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Estimated Jaccard similarity of two bottom-k sketches (sorted tuples)."""
    if not a or not b:
        return 0.0
    both = set(a).intersection(b)
    if not both:
        return 0.0
    union = sorted(set(a).union(b))[:SKETCH]
    return sum(1 for h in union if h in both) / len(union)


@lru_cache(maxsize=65536)
def shown(path: str) -> str:
    """A path as the user would type it (relative to the current folder when below it)."""
    rel = os.path.relpath(path)
    return (path if rel.startswith("..") and os.path.isabs(path) and not rel.startswith("../") else rel).replace(os.sep, "/")


def names(paths: Iterable[str], most: int = 3) -> str:
    ordered = sorted(paths)
    out = ", ".join(shown(p) for p in ordered[:most])
    return out + (f" and {len(ordered) - most} more" if len(ordered) > most else "")
