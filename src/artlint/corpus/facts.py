"""The facts about an article that cross-file rules compare, and the ``Corpus`` they ask.

Pure: made from a parsed Document (in the worker that checks the file), compared by the
rules through the ``Corpus`` protocol — which the corpus index answers (``index``), and
any other store could.
"""

from __future__ import annotations

import json
import os
import struct
import zlib
from collections.abc import Callable, Collection, Iterable
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from ..hashes import blake2b
from ..paths import shown
from ..source import Span, lazy_re

if TYPE_CHECKING:
    from ..document import Document

SKETCH = 32  # the smallest shingle hashes kept per body (a bottom-k sketch)
SHINGLE = 5  # words per shingle
#: The smallest hashes of each sketch that the index posts (looks articles up by): two
#: sketches of similarity t share one of their lowest floor(SKETCH * (1 - t)) + 1 hashes,
#: so these serve every threshold above 1 - POSTED / SKETCH; lower ones compare all bodies.
POSTED = 8
#: Markup left out of the words: tags, character references and fence lines. A tag ends
#: at the next '<' too: from each '<' of a long run that no '>' closes, ``<[^>]*>`` would
#: scan to the end of the text (quadratic).
_TAG = lazy_re(r"<[^<>]*>|&[a-zA-Z#0-9]+;|```[^\r\n]*")
_WORD = lazy_re(r"\w+")
PLACEHOLDER = "{title}"


class Facts(NamedTuple):
    path: str  # absolute
    title: str | None
    title_span: Span | None
    slug: str
    texts: dict[str, tuple[str, Span]]  # string front-matter fields: normalised text, span
    sketch: tuple[int, ...]  # bottom-k of the body's shingle hashes
    words: int  # words in the body
    body_span: Span  # the body's first line


class Corpus(Protocol):
    """The articles of one corpus folder, as cross-file rules ask about them (answers are
    memoised for the run)."""

    root: str

    def memo(self, key: Any, make: Callable[[], Any]) -> Any:
        """``make()``, once a run for each ``key``: answers shared between the files."""

    def titled(self, title: str) -> list[str]:
        """The articles whose title is ``title``, case and spacing aside."""

    def near(self, sketch: tuple[int, ...], threshold: float) -> list[tuple[str, int, tuple[int, ...]]]:
        """(path, words, sketch) of the articles whose bodies may be ``threshold`` similar
        to ``sketch``: every one that is (and some that are not: compare with ``similarity``)."""

    def template_count(self, field: str, shape: str, min_length: int) -> int:
        """How many articles have ``field`` of at least ``min_length`` following ``shape``."""

    def facts_of(self, path: str) -> Facts | None:
        """The facts of the article at ``path`` (None when the corpus has none)."""

    def fields_in(self, folder: str) -> list[tuple[str, str, int]]:
        """(path, field, length) of the string front-matter fields of the articles right in ``folder``."""


def normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def template(text: str, title: str | None) -> str:
    """A normalised ``text`` with the article's title replaced by {title}."""
    name = normal(title) if title else ""
    return text.replace(name, PLACEHOLDER) if name else text


def shape_key(field: str, shape: str) -> int:
    """A 64-bit key of a field's template (what the index stores and looks up)."""
    return int.from_bytes(blake2b(f"{field}\0{shape}".encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big", signed=True)


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


def similarity(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Estimated Jaccard similarity of two bottom-k sketches (sorted tuples)."""
    if not a or not b:
        return 0.0
    both = set(a).intersection(b)
    if not both:
        return 0.0
    union = sorted(set(a).union(b))[:SKETCH]
    return sum(1 for h in union if h in both) / len(union)


def names(paths: Iterable[str], most: int = 3) -> str:
    """Some of ``paths`` as the user would type them, and how many more."""
    ordered = sorted(paths)
    out = ", ".join(shown(p) for p in ordered[:most])
    return out + (f" and {len(ordered) - most} more" if len(ordered) > most else "")


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
        return decode(path, self.encoded, self.sketch, self.words)


def facts_of(doc: Document, path: str) -> Facts:
    fm = doc.frontmatter
    data = fm.data if fm is not None and fm.data is not None else {}
    texts = {k: (normal(v), fm.value_span((k,))) for k, v in data.items() if isinstance(v, str) and fm is not None}
    title = data.get("title") if isinstance(data.get("title"), str) else None
    named = data.get("slug")
    slug = named if isinstance(named, str) else os.path.splitext(os.path.basename(path))[0]
    body_sketch, words = sketch(doc.body.text)
    body = doc.body
    first = len(body.text) - len(body.text.lstrip())
    line_end = body.text.find("\n", first)
    body_span = body.span(first, line_end if line_end >= 0 else len(body.text))
    return Facts(os.path.abspath(path), title, texts["title"][1] if title is not None else None, slug, texts, body_sketch, words, body_span)


def entry_of(facts: Facts) -> Entry:
    title = normal(facts.title) if facts.title and facts.title.strip() else None
    shapes = json.dumps(sorted([name, shape_key(name, template(text, facts.title)), len(text)] for name, (text, _) in facts.texts.items()), ensure_ascii=False, separators=(",", ":"))
    packed = pack(facts.sketch)
    sig = blake2b(b"\0".join(((title or "").encode("utf-8", "surrogatepass"), str(facts.words).encode(), packed, shapes.encode("utf-8", "surrogatepass"))), digest_size=12).hexdigest()
    return Entry(title, facts.words, packed, shapes, sig, _encode(facts))


def _encode(f: Facts) -> str:
    """The facts but the sketch and the word count (stored beside them)."""
    return json.dumps([f.title, list(f.title_span) if f.title_span else None, f.slug, {k: [t, list(s)] for k, (t, s) in f.texts.items()}, list(f.body_span)], ensure_ascii=False, separators=(",", ":"))


def decode(path: str, text: str, packed: bytes, words: int) -> Facts:
    """The facts ``_encode`` wrote (ValueError, TypeError, IndexError or KeyError if damaged)."""
    v = json.loads(text)
    return Facts(path, v[0], Span(*v[1]) if v[1] else None, v[2], {k: (t, Span(*s)) for k, (t, s) in v[3].items()}, unpack(packed), words, Span(*v[4]))


def pack(hashes: tuple[int, ...]) -> bytes:
    """A sketch as 8 bytes a hash (a third of its text)."""
    return struct.pack(f"<{len(hashes)}q", *hashes)


def unpack(packed: bytes) -> tuple[int, ...]:
    """The hashes of a packed sketch; ValueError for what is not one (a damaged row)."""
    if not isinstance(packed, bytes) or len(packed) % 8:
        raise ValueError("not a packed sketch")
    return struct.unpack(f"<{len(packed) // 8}q", packed)
