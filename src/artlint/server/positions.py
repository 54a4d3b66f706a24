"""Positions between artlint and an editor.

artlint counts 1-based lines and 1-based columns in characters (code points of the decoded
text, after any BOM); LSP counts 0-based lines and 0-based columns in the code units of
the position encoding the client and server agreed on: UTF-16 unless both say otherwise
(an emoji is one character but two UTF-16 units and four UTF-8 ones).
"""

from __future__ import annotations

from ..source import LINE_END, LineIndex, Span

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"


def units(text: str, encoding: str = UTF16) -> int:
    """How many code units of ``encoding`` ``text`` takes."""
    if encoding == UTF32:
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)  # a character beyond the BMP is a surrogate pair


class Lines:
    """The lines of an editor's buffer, to turn artlint's spans into LSP ranges and back."""

    def __init__(self, text: str, encoding: str = UTF16) -> None:
        self.encoding = encoding
        self.bom = text.startswith("\ufeff")  # the editor shows it on line 1; artlint's columns start after it
        starts = [0, *(m.end() for m in LINE_END.finditer(text))]
        ends = [m.start() for m in LINE_END.finditer(text)] + [len(text)]
        self.lines = [text[s:e] for s, e in zip(starts, ends)]

    def text(self, line: int) -> str:
        """The text of a 0-based line ('' past the end)."""
        return self.lines[line] if 0 <= line < len(self.lines) else ""

    def character(self, line: int, column: int) -> int:
        """The LSP character of artlint's 1-based ``column`` on 0-based ``line``."""
        text = self.text(line)
        skip = 1 if self.bom and line == 0 else 0
        return units(text[: max(column - 1, 0) + skip], self.encoding)

    def column(self, line: int, character: int) -> int:
        """artlint's 1-based column of the LSP ``character`` on 0-based ``line``."""
        text = self.text(line)
        skip = 1 if self.bom and line == 0 else 0
        count = 0
        for i, c in enumerate(text):
            if count >= character:
                return max(i - skip, 0) + 1
            count += units(c, self.encoding)
        return max(len(text) - skip, 0) + 1

    def position(self, index: LineIndex, offset: int) -> tuple[int, int]:
        """(line, character), 0-based, of ``offset`` of the file's text (after any BOM, as
        artlint's offsets and fixes count), ``index`` being that text's LineIndex."""
        line, column = index.position(offset)
        return line - 1, self.character(line - 1, column)

    def range(self, span: Span) -> tuple[tuple[int, int], tuple[int, int]]:
        """((line, character), (end line, end character)) of ``span``, 0-based."""
        start = (span.line - 1, self.character(span.line - 1, span.column))
        end = (span.end_line - 1, self.character(span.end_line - 1, span.end_column))
        return start, max(start, end)
