"""MDX syntax in a body: ESM ``import``/``export`` blocks, ``{expressions}`` (JSX comments
``{/* … */}`` among them) and JSX tags (``<Tabs>``, ``<Image src={x} alt="…" />``).

None of it is HTML or prose: it is masked to spaces (offsets kept) before the Markdown around
it is parsed, as MDX itself parses it — the Markdown inside a JSX element is still Markdown.
JSX tags are kept with their attributes, for the image rules. Outside code only.

Every scan here is linear in the length of the text: braces are matched in one pass, and a
tag that does not parse is given up at its first unexpected character.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .code import Regions
from .source import lazy_re

_ESM = lazy_re(r"^(?:import|export)[\s{*]", re.MULTILINE)
_BLANK_LINE = lazy_re(r"(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)")
_TAG_START = lazy_re(r"<(?=[A-Za-z_$/>])")
_NAME = lazy_re(r"[A-Za-z_$][\w$.:\-]*")
_ATTR_NAME = lazy_re(r"[^\s/>={}\"'<]+")
_SPACE = lazy_re(r"\s*")
#: A quoted attribute value, at most this long (JSX strings are short; a quote never closed
#: does not make the scan read on to the end).
MAX_STRING = 2_000
#: The most attributes of one tag: past them, the text is not taken for a tag.
MAX_ATTRS = 256


def after_space(text: str, pos: int) -> int:
    """The offset after the white space (if any) at ``pos`` of ``text``."""
    m = _SPACE.match(text, pos)
    return m.end() if m else pos


class JsxAttr(NamedTuple):
    name: str
    value: str | None  # the string's text; the expression's source with its braces; None: no value
    expression: bool  # the value is a {JavaScript expression}
    start: int  # body offsets of the value (inside quotes or braces)
    end: int


class JsxTag(NamedTuple):
    name: str  # as written: "Image", "img", "" for a fragment
    start: int
    end: int
    closing: bool  # </Name>
    self_closing: bool  # <Name />
    attrs: tuple[JsxAttr, ...]

    def attr(self, name: str) -> JsxAttr | None:
        return next((a for a in self.attrs if a.name == name), None)


class JsxComment(NamedTuple):
    """An expression that holds one JavaScript comment and nothing else: ``{/* text */}``."""

    text: str  # between ``/*`` and ``*/``
    start: int  # the opening brace
    end: int  # just after the closing brace


class Syntax(NamedTuple):
    masked: list[tuple[int, int]]  # ranges of MDX syntax: ESM blocks, expressions, tags
    tags: list[JsxTag]
    comments: list[JsxComment]


def scan(text: str, code: Regions) -> Syntax:
    """The MDX syntax of ``text`` outside ``code``."""
    masked = _esm(text, code)
    esm = Regions(masked)
    expressions = _expressions(text, code, esm)
    masked += expressions
    comments = [c for c in (_comment(text, a, b) for a, b in expressions) if c is not None]
    ends = dict(expressions)
    inside = Regions(sorted(masked))
    tags: list[JsxTag] = []
    pos = 0
    for m in _TAG_START.finditer(text):
        start = m.start()
        if start < pos or start in inside or start in code:
            continue
        tag = _tag(text, start, ends)
        if tag is not None:
            tags.append(tag)
            masked.append((tag.start, tag.end))
            pos = tag.end
    return Syntax(sorted(masked), tags, comments)


def _comment(text: str, start: int, end: int) -> JsxComment | None:
    """The expression ``text[start:end]`` as a comment, if it holds one ``/* … */`` and
    blank space only (``{/* a */ /* b */}`` and ``{// a}`` are not read as one)."""
    inner = text[start + 1 : end - 1].strip()
    if len(inner) < 4 or not inner.startswith("/*") or inner.find("*/", 2) != len(inner) - 2:
        return None
    return JsxComment(inner[2:-2], start, end)


def _esm(text: str, code: Regions) -> list[tuple[int, int]]:
    """ESM blocks: from an ``import``/``export`` at a line's start to the next blank line."""
    if "import" not in text and "export" not in text:
        return []
    blocks: list[tuple[int, int]] = []
    pos = 0
    for m in _ESM.finditer(text):
        start = m.start()
        if start < pos or start in code or not _block_start(text, start):
            continue
        blank = _BLANK_LINE.search(text, start)
        end = blank.start() if blank else len(text)
        blocks.append((start, end))
        pos = end
    return blocks


def _block_start(text: str, start: int) -> bool:
    """``start`` begins a block: the text's first line, or a line after a blank one."""
    if start == 0:
        return True
    line_end = start - 2 if text.startswith("\r\n", start - 2) else start - 1
    newline = text.rfind("\n", 0, line_end)
    previous = max(newline, text.rfind("\r", max(newline, 0), line_end)) + 1  # (one line back, no further)
    return not text[previous:line_end].strip()


def _expressions(text: str, code: Regions, esm: Regions) -> list[tuple[int, int]]:
    """The outermost ``{…}`` of ``text`` (braces in JavaScript strings and comments skipped).
    One pass; an expression never closed ends the search (MDX rejects the file)."""
    found: list[tuple[int, int]] = []
    i, n = text.find("{"), len(text)
    while 0 <= i < n:
        skip = code.end_of(i) or esm.end_of(i)
        if skip is not None:
            i = text.find("{", skip)
            continue
        end = _closing_brace(text, i)
        if end < 0:
            break
        found.append((i, end))
        i = text.find("{", end)
    return found


def _closing_brace(text: str, start: int) -> int:
    """The offset just after the brace that closes the one at ``start``, or -1."""
    depth, i, n = 0, start, len(text)
    while i < n:
        c = text[i]
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        elif c in "\"'`":
            close = text.find(c, i + 1)
            if close < 0:
                return -1
            i = close
        elif c == "/" and text.startswith("/*", i):
            close = text.find("*/", i + 2)
            if close < 0:
                return -1
            i = close + 1
        i += 1
    return -1


def _tag(text: str, start: int, expressions: dict[int, int]) -> JsxTag | None:
    """The JSX tag at ``start`` (a '<'), or None when the text there is not one."""
    pos = start + 1
    closing = text.startswith("/", pos)
    pos += closing
    name_m = _NAME.match(text, pos)
    name = name_m.group(0) if name_m else ""
    pos = name_m.end() if name_m else pos
    attrs: list[JsxAttr] = []
    while True:
        pos = after_space(text, pos)
        if text.startswith("/>", pos):
            return JsxTag(name, start, pos + 2, closing, True, tuple(attrs))
        if text.startswith(">", pos):
            return JsxTag(name, start, pos + 1, closing, False, tuple(attrs))
        if closing:
            return None
        if text.startswith("{", pos):  # {...spread}
            end = expressions.get(pos)
            if end is None:
                return None
            pos = end
            continue
        attr = _attribute(text, pos, expressions) if len(attrs) < MAX_ATTRS else None
        if attr is None:
            return None
        attrs.append(attr[0])
        pos = attr[1]


def _attribute(text: str, pos: int, expressions: dict[int, int]) -> tuple[JsxAttr, int] | None:
    m = _ATTR_NAME.match(text, pos)
    if m is None:
        return None
    name = m.group(0)
    after = after_space(text, m.end())
    if not text.startswith("=", after):
        return JsxAttr(name, None, False, m.start(), m.end()), m.end()
    value_at = after_space(text, after + 1)
    quote = text[value_at : value_at + 1]
    if quote in ("\"", "'"):
        close = text.find(quote, value_at + 1, value_at + 1 + MAX_STRING)
        if close < 0:
            return None
        return JsxAttr(name, text[value_at + 1 : close], False, value_at + 1, close), close + 1
    if quote == "{":
        end = expressions.get(value_at)
        if end is None:
            return None
        return JsxAttr(name, text[value_at:end], True, value_at + 1, end - 1), end
    return None
