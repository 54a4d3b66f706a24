"""Positions: spans, the line index of a text and regions of it (the source map); and
``lazy_re``, the regular expressions of artlint's modules, compiled on first use.

Offsets are indexes into the decoded text of a file (code points, after the BOM).
Lines end at ``\\r\\n``, ``\\r`` or ``\\n`` only, as editors, markdown-it and html5lib
count them (``str.splitlines`` would also split on U+2028 and friends).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate
from operator import add
from typing import Any, NamedTuple, cast


class _Lazy:
    """A regular expression compiled when one of its attributes is first asked for."""

    def __init__(self, pattern: str, flags: int) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # (also ``_source`` itself, on an instance made without __init__)
            raise AttributeError(name)
        value = getattr(re.compile(*self._source), name)
        self.__dict__[name] = value  # found there from now on, without this call
        return value

    def __repr__(self) -> str:
        return f"lazy_re{self._source!r}"


def lazy_re(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, compiled on first use: importing a module that
    defines patterns costs nothing, and a run that never needs one never compiles it."""
    return cast("re.Pattern[str]", _Lazy(pattern, flags))


LINE_END = lazy_re(r"\r\n|\r|\n")


class Span(NamedTuple):
    """A range of a file: 1-based lines and columns (characters), end exclusive."""

    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def point(cls, line: int, column: int) -> Span:
        return cls(line, column, line, column)


def line_starts(text: str) -> list[int]:
    """The offset of each line's start: 0 and every offset just after a line end.

    A text with one kind of line end (``\\n``, ``\\r\\n`` or ``\\r``) is split on it, the starts
    summed in C; one that mixes them is searched line end by line end.
    """
    lf, cr = text.count("\n"), text.count("\r")
    if cr == 0 or lf == 0:
        sep = "\n" if cr == 0 else "\r"
    elif text.count("\r\n") == lf == cr:
        sep = "\r\n"
    else:
        return [0, *(m.end() for m in LINE_END.finditer(text))]
    lengths = map(len, text.split(sep))
    return list(map(add, accumulate(lengths, initial=0), range(0, len(sep) * (lf or cr) + 1, len(sep))))


class LineIndex:
    """Maps offsets of a text to 1-based (line, column) and back."""

    __slots__ = ("starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = line_starts(text)

    @property
    def line_count(self) -> int:
        return len(self.starts)

    def position(self, offset: int) -> tuple[int, int]:
        offset = max(0, min(offset, len(self.text)))
        if 0 < offset < len(self.text) and self.text[offset] == "\n" and self.text[offset - 1] == "\r":
            offset -= 1  # between the two characters of a CRLF: the end of the line
        row = bisect_right(self.starts, offset) - 1
        return row + 1, offset - self.starts[row] + 1

    def offset(self, line: int, column: int = 1) -> int:
        """The offset of a 1-based line and column (clamped to the text)."""
        if line > len(self.starts):
            return len(self.text)
        return min(self.starts[max(line, 1) - 1] + column - 1, len(self.text))

    def span(self, start: int, end: int | None = None) -> Span:
        line, column = self.position(start)
        end_line, end_column = self.position(start if end is None else max(end, start))
        return Span(line, column, end_line, end_column)

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its line end."""
        start = self.offset(line)
        m = LINE_END.search(self.text, start)
        return self.text[start : m.start() if m else len(self.text)]


@dataclass(frozen=True, slots=True)
class Region:
    """A slice ``text`` of a file's text that starts at offset ``start`` of it."""

    text: str
    start: int
    index: LineIndex

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def line(self) -> int:
        """The 1-based file line the region starts on."""
        return self.index.position(self.start)[0]

    def span(self, start: int, end: int | None = None) -> Span:
        """The file span of region offsets ``start``..``end``."""
        return self.index.span(self.start + start, self.start + (start if end is None else end))

    def sub(self, start: int, end: int) -> Region:
        return Region(self.text[start:end], self.start + start, self.index)


class SourceMap:
    """A text stitched from pieces of a file, with ``\\n`` line ends, mapped back to it.

    The HTML of a body (one region, or the HTML blocks and inline HTML of a Markdown body,
    in order) becomes one stream for the HTML parser; ``file_offset`` maps an offset of
    the stream back to the file. Each piece maps linearly, so line ends are normalised
    line by line.
    """

    __slots__ = ("_file_starts", "_length", "_parts", "_stream_starts")

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._stream_starts: list[int] = []
        self._file_starts: list[int] = []
        self._length = 0

    def add(self, text: str, file_start: int) -> None:
        """Append ``text`` (no line break inside, but maybe a final ``\\n``) found at ``file_start``."""
        if not text:
            return
        self._parts.append(text)
        self._stream_starts.append(self._length)
        self._file_starts.append(file_start)
        self._length += len(text)

    def add_region(self, region: Region) -> None:
        """Append a whole region, its line ends normalised to ``\\n``."""
        text = region.text
        pos = 0
        for m in LINE_END.finditer(text):
            self.add(text[pos : m.start()] + "\n", region.start + pos)
            pos = m.end()
        self.add(text[pos:], region.start + pos)

    @property
    def text(self) -> str:
        return "".join(self._parts)

    def file_offset(self, offset: int) -> int:
        """The file offset of the stream character at ``offset``."""
        if not self._parts:
            return 0
        i = max(bisect_right(self._stream_starts, offset) - 1, 0)
        return self._file_starts[i] + min(offset - self._stream_starts[i], len(self._parts[i]))

    def file_end(self, offset: int) -> int:
        """The file offset of an exclusive end at ``offset``: one past the character before it."""
        return self.file_offset(offset - 1) + 1 if offset > 0 else self.file_offset(0)

    def file_span(self, index: LineIndex, start: int, end: int) -> Span:
        return index.span(self.file_offset(start), max(self.file_end(end), self.file_offset(start)) if end > start else self.file_offset(start))
