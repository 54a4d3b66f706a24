"""Positions: spans, the line index of a text and regions of it (the source map).

Offsets are indexes into the decoded text of a file (code points, after the BOM).
Lines end at ``\\r\\n``, ``\\r`` or ``\\n`` only, as editors, markdown-it and html5lib
count them (``str.splitlines`` would also split on U+2028 and friends).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

LINE_END = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A range of a file: 1-based lines and columns (characters), end exclusive."""

    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def point(cls, line: int, column: int) -> Span:
        return cls(line, column, line, column)


class LineIndex:
    """Maps offsets of a text to 1-based (line, column) and back."""

    __slots__ = ("text", "starts")

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0]
        self.starts.extend(m.end() for m in LINE_END.finditer(text))

    @property
    def line_count(self) -> int:
        return len(self.starts)

    def position(self, offset: int) -> tuple[int, int]:
        offset = max(0, min(offset, len(self.text)))
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
