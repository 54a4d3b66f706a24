"""Where a body holds code: fenced code blocks and code spans, found by a scan of its lines.

Template tags and MDX syntax are masked outside code only (a shortcode inside a code sample
is what the article shows, not what the generator runs); the scan is made before any parse,
since a shortcode or JSX tag can change what a Markdown parser sees. It follows CommonMark:
a fence opens with three or more backticks or tildes and closes with a line of the same
character, at least as long; an unclosed fence runs to the end. A fence indented under a
list item is still a fence here (MDX has no indented code blocks to confuse it with).

Every function here is linear in the length of the text.
"""

from __future__ import annotations

import bisect
from collections import defaultdict

from .source import lazy_re

_LINE = lazy_re(r"[^\r\n]*(?:\r\n|\r|\n)?")
_BACKTICKS = lazy_re(r"`+")
_BLANK_LINE = lazy_re(r"(?:\r\n|\r|\n)[ \t]*(?=\r\n|\r|\n|$)")


def fenced_blocks(text: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of the fenced code blocks of ``text``, fence lines included."""
    blocks: list[tuple[int, int]] = []
    opened: tuple[int, str, int] | None = None  # start, fence character, fence length
    if "```" not in text and "~~~" not in text:
        return blocks
    for m in _LINE.finditer(text):
        line = m.group(0)
        if not line:
            break
        stripped = line.lstrip(" \t")
        char = stripped[:1]
        if char not in ("`", "~"):
            continue
        run = len(stripped) - len(stripped.lstrip(char))
        if run < 3:
            continue
        rest = stripped[run:]
        if opened is None:
            if not (char == "`" and "`" in rest):
                opened = (m.start(), char, run)
        elif char == opened[1] and run >= opened[2] and not rest.strip():
            blocks.append((opened[0], m.end()))
            opened = None
    if opened is not None:
        blocks.append((opened[0], len(text)))
    return blocks


def code_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The code spans of ``text[start:end]`` (text outside fenced blocks): a run of backticks
    closed by the next run of the same length within the same paragraph."""
    spans: list[tuple[int, int]] = []
    if "`" not in text[start:end]:
        return spans
    paragraph_starts = [start] + [m.end() for m in _BLANK_LINE.finditer(text, start, end)]
    for i, p_start in enumerate(paragraph_starts):
        p_end = paragraph_starts[i + 1] if i + 1 < len(paragraph_starts) else end
        runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text, p_start, p_end)]
        by_length: dict[int, list[int]] = defaultdict(list)
        for k, (a, b) in enumerate(runs):
            by_length[b - a].append(k)
        pointer: dict[int, int] = defaultdict(int)  # per length: the next candidate in by_length
        k = 0
        while k < len(runs):
            a, b = runs[k]
            same = by_length[b - a]
            while pointer[b - a] < len(same) and same[pointer[b - a]] <= k:
                pointer[b - a] += 1
            if pointer[b - a] == len(same):
                k += 1  # an unmatched run is literal backticks
                continue
            closer = same[pointer[b - a]]
            spans.append((a, runs[closer][1]))
            k = closer + 1
    return spans


def code_regions(text: str) -> list[tuple[int, int]]:
    """Fenced code blocks and code spans of ``text``, sorted, not overlapping."""
    regions: list[tuple[int, int]] = []
    cursor = 0
    for block in fenced_blocks(text):
        regions += code_spans(text, cursor, block[0])
        regions.append(block)
        cursor = block[1]
    regions += code_spans(text, cursor, len(text))
    return regions


class Regions:
    """Sorted, disjoint (start, end) ranges, asked whether an offset falls inside one."""

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        self.ranges = ranges
        self.starts = [a for a, _ in ranges]

    def end_of(self, offset: int) -> int | None:
        """The end of the range that holds ``offset``, or None when none does."""
        i = bisect.bisect_right(self.starts, offset) - 1
        if i >= 0 and offset < self.ranges[i][1]:
            return self.ranges[i][1]
        return None

    def __contains__(self, offset: int) -> bool:
        return self.end_of(offset) is not None

    def overlaps(self, start: int, end: int) -> bool:
        """Some range shares a character with ``start``..``end``."""
        i = bisect.bisect_left(self.starts, end) - 1
        return i >= 0 and self.ranges[i][1] > start


def merged(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``ranges`` sorted, those that overlap joined into one."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(ranges):
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def mask(text: str, ranges: list[tuple[int, int]]) -> str:
    """``text`` with every character in ``ranges`` but line ends replaced by a space, so that
    offsets, lines and columns stay what they were."""
    if not ranges:
        return text
    pieces: list[str] = []
    cursor = 0
    for a, b in sorted(ranges):
        if b <= cursor:
            continue
        a = max(a, cursor)
        pieces.append(text[cursor:a])
        pieces.append(_blank(text[a:b]))
        cursor = b
    pieces.append(text[cursor:])
    return "".join(pieces)


_NOT_LINE_END = lazy_re(r"[^\r\n]")


def _blank(piece: str) -> str:
    return _NOT_LINE_END.sub(" ", piece) if ("\n" in piece or "\r" in piece) else " " * len(piece)
