"""The corpus index: the few facts about every article that cross-file rules need.

Built for every file of the project (the ``corpus`` folders of the configuration, by
default the project root, walked with its include and exclude globs) — not only the files
named on the command line — so that ``artlint check one-file.md``, as pre-commit runs it,
still compares that file with all the others. Kept in the cache folder and updated
incrementally: only files whose stat changed are read again.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
import zlib
from collections.abc import Iterable
from functools import lru_cache
from typing import Any, NamedTuple

from .document import Document, load
from .source import Span

INDEX = "corpus-v1.json"
SKETCH = 32  # the smallest shingle hashes kept per body (a bottom-k sketch)
SHINGLE = 5  # words per shingle
_TAG = re.compile(r"<[^>]*>|&[a-zA-Z#0-9]+;|```[^\r\n]*")
_WORD = re.compile(r"\w+")


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


def sketch(text: str) -> tuple[tuple[int, ...], int]:
    words = _WORD.findall(_TAG.sub(" ", text).casefold())
    hashes = {zlib.crc32(" ".join(words[i : i + SHINGLE]).encode()) for i in range(max(len(words) - SHINGLE + 1, 1))} if words else set()
    return tuple(sorted(hashes)[:SKETCH]), len(words)


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


def _encode(f: Facts) -> list[Any]:
    return [f.title, list(f.title_span) if f.title_span else None, f.slug, {k: [t, list(s)] for k, (t, s) in f.texts.items()}, list(f.sketch), f.words, list(f.body_span)]


def _decode(path: str, v: list[Any]) -> Facts:
    return Facts(path, v[0], Span(*v[1]) if v[1] else None, v[2], {k: (t, Span(*s)) for k, (t, s) in v[3].items()}, tuple(v[4]), v[5], Span(*v[6]))


def build(paths: Iterable[str], folder: str | None) -> dict[str, Facts]:
    """Facts of every file of ``paths``, from the index in ``folder`` where the stat matches."""
    stored: dict[str, Any] = {}
    target = os.path.join(folder, INDEX) if folder else None
    if target is not None:
        try:
            with open(target, encoding="utf-8") as f:
                stored = json.load(f)
            if not isinstance(stored, dict):
                stored = {}
        except (OSError, ValueError):
            stored = {}
    index: dict[str, Facts] = {}
    fresh: dict[str, Any] = {}
    changed = False
    for path in paths:
        absolute = os.path.abspath(path)
        try:
            st = os.stat(absolute)
        except OSError:
            continue
        stamp = [st.st_size, st.st_mtime_ns, st.st_ino]
        entry = stored.get(absolute)
        facts = None
        if isinstance(entry, list) and len(entry) == 2 and entry[0] == stamp:
            try:
                facts = _decode(absolute, entry[1])
            except (TypeError, ValueError, IndexError, KeyError):
                facts = None
        if facts is None:
            try:
                with open(absolute, "rb") as f:
                    doc = load(path, f.read())
            except OSError:
                continue
            facts = facts_of(doc, absolute)
            changed = True
        index[absolute] = facts
        fresh[absolute] = [stamp, _encode(facts)]
    if target is not None and (changed or len(fresh) != len(stored)):
        _save(target, fresh)
    return index


def _save(target: str, entries: dict[str, Any]) -> None:
    try:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(target), prefix=".tmp-")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(json.dumps(entries, separators=(",", ":")))  # dumps: the C encoder
        os.replace(tmp, target)
    except OSError as err:
        print(f"artlint: the corpus index cannot be written ({err.strerror or err}); it is rebuilt on every run", file=sys.stderr)


class Corpus:
    """The index with the groupings cross-file rules share, computed once per run."""

    def __init__(self, index: dict[str, Facts]) -> None:
        self.index = index
        self._memo: dict[Any, Any] = {}

    def memo(self, key: Any, make: Any) -> Any:
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    def by_title(self) -> dict[str, list[str]]:
        def make() -> dict[str, list[str]]:
            groups: dict[str, list[str]] = {}
            for path, facts in self.index.items():
                if facts.title and facts.title.strip():
                    groups.setdefault(normal(facts.title), []).append(path)
            return groups

        return self.memo("titles", make)  # type: ignore[no-any-return]

    def sketch_postings(self) -> dict[int, list[str]]:
        def make() -> dict[int, list[str]]:
            postings: dict[int, list[str]] = {}
            for path, facts in self.index.items():
                for h in facts.sketch:
                    postings.setdefault(h, []).append(path)
            return postings

        return self.memo("postings", make)  # type: ignore[no-any-return]


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


def names(paths: list[str], most: int = 3) -> str:
    out = ", ".join(shown(p) for p in sorted(paths)[:most])
    return out + (f" and {len(paths) - most} more" if len(paths) > most else "")
