"""bytes → Document: decoding, BOM, line ends, front-matter split, body and ```html fence.

``load`` never raises on content: undecodable bytes, unclosed or broken front matter are
recorded as facts on the Document, for the rules to report.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, BinaryIO, NamedTuple, TypeVar

from .frontmatter import FrontMatter, Problem, parse_toml, parse_yaml
from .source import LINE_END, LineIndex, Region, Span, lazy_re

T = TypeVar("T")  # what a document caches

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
MDX_SUFFIXES = (".mdx",)

#: The size over which a file's body is not checked (the file-too-large rule's default).
MAX_FILE_SIZE = 10_000_000
#: The most of a front matter that is parsed: a larger one is a problem, not parsed (YAML
#: of many small nodes is slow to parse). The largest of the six corpora is 3 KB.
MAX_FRONT_MATTER = 100_000
#: What is read of a file over its size limit: its front matter, still checked, and a margin.
HEAD = MAX_FRONT_MATTER + 65_536

_OPEN = lazy_re(r"(---|\+\+\+)[ \t]*(?:\r\n|\r|\n|\Z)")
_CLOSE = {
    "---": lazy_re(r"(?<=[\r\n])---[ \t]*(?:\r\n|\r|\n|\Z)"),
    "+++": lazy_re(r"(?<=[\r\n])\+\+\+[ \t]*(?:\r\n|\r|\n|\Z)"),
}
_FENCE_OPEN = lazy_re(r" {0,3}(`{3,}|~{3,})[ \t]*([^\s`]*)[^\r\n]*")
_BLANK = lazy_re(r"(?:[ \t]*(?:\r\n|\r|\n))*")


class Fence(NamedTuple):
    """A body wrapped in a fenced code block (```` ```html ````)."""

    open: Span  # the opening fence line
    info: str  # the language of the info string, e.g. "html"
    inner: Region  # the fenced text
    close: Span | None  # the closing fence line; None when the fence is never closed
    trailing: Region | None  # non-blank text after the closing fence


@dataclass
class Document:
    path: str
    kind: str  # "html", "mdx" or "markdown": what the file name says
    size: int  # bytes on disk
    text: str  # decoded, without BOM; "" when the bytes are not text
    index: LineIndex
    encoding_problem: Problem | None
    frontmatter: FrontMatter | None
    body: Region
    _cache: dict[str, Any]
    #: Bounds on the body's parse (set from the file-too-large and html-too-complex rules'
    #: options): a larger body, or deeper HTML, is not parsed, so one file cannot stall a run.
    max_body_size: int = MAX_FILE_SIZE
    max_depth: int = 1_000
    max_tokens: int = 20_000  # tags (each '<'), character references (each '&') and attributes of the body's HTML
    max_attributes: int = 100  # of one tag
    #: Image shortcodes declared by the configuration: name → (source parameter, alt parameter).
    image_shortcodes: dict[str, tuple[str, str]] = field(default_factory=dict)

    @cached_property
    def fence(self) -> Fence | None:
        return find_fence(self.body)

    def cached(self, key: str, make: Callable[[Document], T]) -> T:
        """A value computed once per document and shared by every rule (parsed markup …)."""
        if key not in self._cache:
            self._cache[key] = make(self)
        value: T = self._cache[key]
        return value


def read_file(path: str, limit: int = MAX_FILE_SIZE) -> tuple[bytes, int]:
    """The bytes of the file at ``path`` and its size (``read``), a file larger than
    ``limit`` known from its size on disk before anything is read. OSError as open raises."""
    with open(path, "rb") as f:
        st = os.fstat(f.fileno())
        regular = stat.S_ISREG(st.st_mode)
        if regular and st.st_size > limit:
            return f.read(HEAD), st.st_size
        return read(f, limit, st.st_size if regular else 0)


def read(stream: BinaryIO, limit: int = MAX_FILE_SIZE, expected: int = 0) -> tuple[bytes, int]:
    """The bytes of an article from ``stream`` and its size: all of them when there are at
    most ``limit``; else only its ``HEAD`` (the front matter is checked, the body is not), the
    rest read only to be counted. Memory stays within ``limit`` whatever the size.
    ``expected``: the size the stream is thought to have (one read where it is right)."""
    pieces: list[bytes] = []
    keep = max(limit + 1, HEAD)  # (enough to know the stream is over the limit, and its head)
    size, want = 0, min(expected, limit) + 1
    while size < keep:
        piece = stream.read(want)
        pieces.append(piece)
        size += len(piece)
        if len(piece) < want:  # (a buffered read returns less only at the end)
            break
        want = min(1 << 20, keep - size)
    data = b"".join(pieces)
    if size <= limit:
        return data, size
    data = data[:HEAD]
    while piece := stream.read(1 << 20):
        size += len(piece)
    return data, size


def decode(data: bytes) -> tuple[str, Problem | None]:
    """Text of ``data``, or "" and the problem that keeps it from being text."""
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec), None
            except UnicodeDecodeError as err:
                return "", _byte_problem(data, err.start, f"not valid {codec.upper()} although it starts with a {codec.upper()} byte-order mark", codec)
    nul = data.find(b"\0")
    if nul >= 0:
        return "", _byte_problem(data, nul, "binary content: a NUL byte; artlint checks UTF-8 text files")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        byte = data[err.start]
        return "", _byte_problem(data, err.start, f"not valid UTF-8: byte 0x{byte:02X} cannot start or continue a character (save the file as UTF-8)")
    return (text[1:] if text.startswith("\ufeff") else text), None


def _byte_problem(data: bytes, offset: int, message: str, codec: str = "utf-8") -> Problem:
    before = data[:offset].decode(codec, "replace").lstrip("\ufeff")
    line, column = LineIndex(before).position(len(before))
    return Problem(message, Span(line, column, line, column + 1))


def load(path: str, data: bytes, size: int | None = None) -> Document:
    """The Document of a file's bytes. Never raises on content.

    ``size``: the file's, where ``data`` is only its head (``read``): its front matter is
    parsed, its body left empty (a body over the size limit is not checked).
    """
    cut = size is not None and size > len(data)
    text, problem = decode(_whole_characters(data) if cut else data)
    index = LineIndex(text)
    kind = kind_of(path)
    frontmatter = None
    body_start = 0
    m = _OPEN.match(text) if problem is None else None
    if m:
        delimiter = m.group(1)
        close = _CLOSE[delimiter].search(text, m.end())
        end = close.start() if close else len(text)
        frontmatter = FrontMatter(
            format="yaml" if delimiter == "---" else "toml",
            region=Region(text[m.end() : end], m.end(), index),
            open=index.span(0, len(delimiter)),
            closed=close is not None,
        )
        frontmatter.problem = _unparsable(frontmatter, delimiter, cut)
        if frontmatter.problem is None:
            (parse_yaml if delimiter == "---" else parse_toml)(frontmatter)
        body_start = close.end() if close else len(text)
    body = Region("" if cut else text[body_start:], body_start, index)
    return Document(path, kind, len(data) if size is None else size, text, index, problem, frontmatter, body, {})


def kind_of(path: str) -> str:
    """What the file name says the body is: "html", "mdx" or "markdown"."""
    lower = path.lower()
    return "html" if lower.endswith(HTML_SUFFIXES) else "mdx" if lower.endswith(MDX_SUFFIXES) else "markdown"


def _unparsable(fm: FrontMatter, delimiter: str, cut: bool) -> Problem | None:
    """Why a front matter is not parsed: never closed, or too large to parse in time."""
    if fm.closed and len(fm.region.text) > MAX_FRONT_MATTER:
        return Problem(f"the front matter is {len(fm.region.text):,} characters, over the limit of {MAX_FRONT_MATTER:,}: it is not checked", fm.open)
    if not fm.closed and cut:
        return Problem(f"front matter opened with '{delimiter}' is not closed within the first {MAX_FRONT_MATTER:,} bytes: it is not checked", fm.open)
    if not fm.closed:
        return Problem(f"front matter opened with '{delimiter}' is never closed by a '{delimiter}' line", fm.open)
    return None


def _whole_characters(head: bytes) -> bytes:
    """The head of a UTF-8 file without the bytes of a last character cut short."""
    decoder = codecs.getincrementaldecoder("utf-8")("ignore")
    decoder.decode(head[-3:])
    return head[: len(head) - len(decoder.getstate()[0])]


def find_fence(body: Region) -> Fence | None:
    """The fenced code block that the body is wrapped in (or starts with), if any."""
    text = body.text
    blank = _BLANK.match(text)  # (it matches the empty text too)
    start = blank.end() if blank else 0
    m = _FENCE_OPEN.match(text, start)
    if m is None or (m.group(1)[0] == "`" and "`" in m.group(0)[m.end(1) :]):
        return None
    marker, info = m.group(1), m.group(2).lower()
    line_end = LINE_END.match(text, m.end())
    inner_start = line_end.end() if line_end else m.end()
    closing = re.compile(rf"(?<=[\r\n]) {{0,3}}{re.escape(marker[0])}{{{len(marker)},}}[ \t]*(?=\r\n|\r|\n|\Z)")
    c = closing.search(text, inner_start) if line_end else None
    opener = body.span(m.start(), m.end())
    if c is None:
        return Fence(opener, info, body.sub(inner_start, len(text)), None, None)
    after = LINE_END.match(text, c.end())
    rest = after.end() if after else c.end()
    rest += len(text[rest:]) - len(text[rest:].lstrip())
    trailing = body.sub(rest, len(text.rstrip())) if rest < len(text.rstrip()) else None
    return Fence(opener, info, body.sub(inner_start, c.start()), body.span(c.start(), c.end()), trailing)
