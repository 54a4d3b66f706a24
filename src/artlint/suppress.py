"""Suppression comments: facts read from a Document, applied to its diagnostics.

In bodies (HTML comments; in Markdown and fenced bodies too)::

    <!-- artlint-disable RULE[, RULE] -->  …  <!-- artlint-enable RULE[, RULE] -->
    <!-- artlint-disable-next-line RULE -->
    <img src="a.png"> <!-- artlint-disable-line RULE -->   (markdownlint's habit)
    <!-- artlint-disable-file RULE -->

In MDX bodies, the same directives in JSX comments (MDX has no HTML comments), outside code::

    {/* artlint-disable-next-line RULE */}

In YAML or TOML front matter, a comment line: ``# artlint-disable-next-line RULE`` (and the
others). No rule list means every rule. A directive that suppresses nothing, or a comment
that starts ``artlint-`` but is no directive (``artlint-disable-lines``), is reported as
``unused-suppression``.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence, Set
from dataclasses import dataclass, field

from .diagnostic import Diagnostic
from .document import Document
from .source import Region, Span, lazy_re, line_starts

MARK = "artlint-"
# In the order they are tried: a longer kind before its prefix.
KINDS = ("disable-next-line", "disable-line", "disable-file", "disable", "enable")
_WORD = lazy_re(r"[\w-]")


@dataclass(slots=True)
class Directive:
    kind: str  # one of KINDS, or "invalid": a comment that starts artlint- but is no directive
    rules: frozenset[str] | None  # None: every rule
    span: Span
    used: set[str] = field(default_factory=set)

    def covers(self, rule: str) -> bool:
        return self.rules is None or rule in self.rules


def _parse(text: str, span: Span) -> Directive | None:
    """The directive a comment's ``text`` holds: ``artlint-KIND [RULE[, RULE]]`` on one line,
    blank space around it; "invalid" for a comment that starts ``artlint-`` but names no kind
    (a misspelled directive: reported, never read as another).

    String methods, not an expression: a lazy rest followed by ``\\s*$`` backtracks over
    every blank character of a long comment (quadratic).
    """
    text = text.strip()
    if not text.startswith(MARK):
        return None
    rest = text[len(MARK) :]
    kind = next((k for k in KINDS if rest.startswith(k) and not _WORD.match(rest, len(k))), None)
    if kind is None:
        return Directive("invalid", frozenset(), span)
    rest = rest[len(kind) :]
    if "\r" in rest or "\n" in rest:  # more than one line
        return Directive("invalid", frozenset(), span)
    names = frozenset(rest.replace(",", " ").split())
    return Directive(kind, names or None, span)


def parse_comment(text: str) -> tuple[str, frozenset[str] | None] | None:
    """(kind, rules or None for every rule) of the directive a comment's ``text`` holds, or
    None for a comment that holds none, or no valid one (the editor's "disable" action)."""
    directive = _parse(text, Span(1, 1, 1, 1))
    return None if directive is None or directive.kind == "invalid" else (directive.kind, directive.rules)


def directives(doc: Document) -> list[Directive]:
    """The suppression directives of ``doc``, in file order."""
    if MARK not in doc.text:
        return []
    found: list[Directive] = []
    fm = doc.frontmatter
    if fm is not None and MARK in fm.region.text:  # YAML and TOML comments alike
        found.extend(_comment_lines(fm.region))
    if MARK in doc.body.text:
        comments = _jsx_comments(doc) if doc.kind == "mdx" else _html_comments(doc)
        found.extend(d for d in (_parse(text, span) for text, span in comments) if d is not None)
    return found


def _html_comments(doc: Document) -> Iterator[tuple[str, Span]]:
    """The text and span of each HTML comment of the body that holds the mark."""
    from .markup import markup

    for tag in markup(doc).tags:
        if tag.kind == "comment" and MARK in tag.name:
            yield tag.name, tag.span


def _jsx_comments(doc: Document) -> Iterator[tuple[str, Span]]:
    """MDX: the text and span of each ``{/* … */}`` of the body (outside code) that holds
    the mark. MDX has no HTML comments (``<!--`` does not compile); a body too large to
    parse has none, as in HTML."""
    from .bodytext import body_text

    if doc.size > doc.max_body_size:
        return
    base = doc.body.start
    for comment in body_text(doc).comments:
        if MARK in comment.text:
            yield comment.text, doc.index.span(base + comment.start, base + comment.end)


def _comment_lines(region: Region) -> Iterator[Directive]:
    """The directives of the front matter's comment lines (``#`` after blank space), on any
    line end: CRLF and CR too (a pattern's ``$`` stops before LF alone)."""
    text = region.text
    starts = line_starts(text)
    for start, end in zip(starts, [*starts[1:], len(text)]):
        line = text[start:end].rstrip("\r\n")
        comment = line.lstrip(" \t")
        if comment.startswith("#") and MARK in comment:
            directive = _parse(comment[1:], region.span(start, start + len(line)))
            if directive is not None:
                yield directive


def apply(diagnostics: Sequence[Diagnostic], found: Sequence[Directive]) -> list[Diagnostic]:
    """The diagnostics that no directive suppresses; marks each directive's use (the first
    directive, in file order, that covers a diagnostic suppresses it)."""
    index = _Index(found)
    kept = []
    for d in diagnostics:
        directive = index.suppressor(d.rule, d.span.line)
        if directive is None:
            kept.append(d)
        else:
            directive.used.add(d.rule)
    return kept


def _keys(directive: Directive) -> Iterable[str | None]:
    """The rules a directive names; None for every rule."""
    return (None,) if directive.rules is None else directive.rules


class _Ranges:
    """Line ranges added in file order, neither their starts nor their ends going down: the
    first range that holds a line is found by bisection of the ends."""

    __slots__ = ("ends", "items", "starts")

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[float] = []
        self.items: list[int] = []

    def add(self, start: int, end: float, item: int) -> None:
        self.starts.append(start)
        self.ends.append(end)
        self.items.append(item)

    def first(self, line: int) -> int | None:
        k = bisect_left(self.ends, line)
        return self.items[k] if k < len(self.items) and self.starts[k] <= line else None


class _Index:
    """Where each directive acts, by kind and rule (None: every rule), looked up in log time:
    a scan of every directive for each finding is quadratic in a file that holds thousands.

    The directives are in file order, so the ranges of one kind and rule start and end in
    order too (a range ends at the first ``enable`` after its ``disable``)."""

    def __init__(self, found: Sequence[Directive]) -> None:
        self.found = found
        self.enables: dict[str | None, list[int]] = {}
        for i, directive in enumerate(found):
            if directive.kind == "enable":
                for rule in _keys(directive):
                    self.enables.setdefault(rule, []).append(i)
        self.ranges: dict[tuple[str, str | None], _Ranges] = {}
        self.every: list[int] = []  # "disable" of every rule: where it ends depends on the rule
        for i, directive in enumerate(found):
            if directive.kind in ("enable", "invalid"):
                continue
            if directive.kind == "disable" and directive.rules is None:
                self.every.append(i)
                continue
            for rule in _keys(directive):
                start, end = self._lines(i, rule)
                self.ranges.setdefault((directive.kind, rule), _Ranges()).add(start, end, i)

    def _lines(self, i: int, rule: str | None) -> tuple[int, float]:
        span, kind = self.found[i].span, self.found[i].kind
        if kind == "disable-file":
            return 0, math.inf
        if kind == "disable-next-line":
            return span.end_line + 1, span.end_line + 1
        if kind == "disable-line":
            return span.line, span.end_line
        return span.line, self._enabled_at(i, rule)

    def _enabled_at(self, i: int, rule: str | None) -> float:
        """The line of the first ``enable`` after directive ``i`` that covers ``rule``."""
        lines = [math.inf]
        for key in {rule, None}:
            after = self.enables.get(key, [])
            k = bisect_right(after, i)
            if k < len(after):
                lines.append(self.found[after[k]].span.line)
        return min(lines)

    def suppressor(self, rule: str, line: int) -> Directive | None:
        """The first directive, in file order, that suppresses ``rule`` on ``line``."""
        found = [r.first(line) for kind in KINDS for key in (rule, None) if (r := self.ranges.get((kind, key))) is not None]
        k = bisect_left(self.every, float(line), key=lambda i: self._enabled_at(i, rule))
        if k < len(self.every) and self.found[self.every[k]].span.line <= line:
            found.append(self.every[k])
        first = min((i for i in found if i is not None), default=None)
        return None if first is None else self.found[first]


def unused(found: Iterable[Directive], known: Set[str], enabled: Set[str]) -> list[tuple[Span, str]]:
    """(span, message) for each directive, or rule named in one, that suppressed nothing."""
    out = []
    for directive in found:
        if directive.kind == "enable":
            continue
        if directive.kind == "invalid":
            out.append((directive.span, f"not a suppression comment (artlint-{', artlint-'.join(KINDS)} followed by rule ids): it suppresses nothing"))
            continue
        if directive.rules is None:
            if not directive.used:
                out.append((directive.span, f"artlint-{directive.kind} suppresses nothing: remove it"))
            continue
        unknown = sorted(directive.rules - known)
        idle = sorted(r for r in directive.rules & enabled if r not in directive.used)
        if unknown:
            out.append((directive.span, f"artlint-{directive.kind} names unknown rule{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}"))
        if idle:
            out.append((directive.span, f"artlint-{directive.kind} {', '.join(idle)} suppresses nothing: remove it"))
    return out
