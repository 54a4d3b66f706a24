"""Suppression comments: facts read from a Document, applied to its diagnostics.

In bodies (HTML comments; in Markdown and fenced bodies too)::

    <!-- artlint-disable RULE[, RULE] -->  …  <!-- artlint-enable RULE[, RULE] -->
    <!-- artlint-disable-next-line RULE -->
    <img src="a.png"> <!-- artlint-disable-line RULE -->   (markdownlint's habit)
    <!-- artlint-disable-file RULE -->

In YAML or TOML front matter, a comment line: ``# artlint-disable-next-line RULE`` (and the
others). No rule list means every rule. A directive that suppresses nothing, or a comment
that starts ``artlint-`` but is no directive (``artlint-disable-lines``), is reported as
``unused-suppression``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from .diagnostic import Diagnostic
from .document import Document
from .source import Region, Span, line_starts

MARK = "artlint-"
# In the order they are tried: a longer kind before its prefix.
KINDS = ("disable-next-line", "disable-line", "disable-file", "disable", "enable")
_WORD = re.compile(r"[\w-]")


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
        from .markup import markup

        for tag in markup(doc).tags:
            if tag.kind == "comment" and MARK in tag.name:
                directive = _parse(tag.name, tag.span)
                if directive is not None:
                    found.append(directive)
    return found


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
    """The diagnostics that no directive suppresses; marks each directive's use."""
    kept = []
    for d in diagnostics:
        directive = _suppressor(d, found)
        if directive is None:
            kept.append(d)
        else:
            directive.used.add(d.rule)
    return kept


def _suppressor(d: Diagnostic, found: Sequence[Directive]) -> Directive | None:
    line = d.span.line
    for i, directive in enumerate(found):
        if not directive.covers(d.rule):
            continue
        if directive.kind == "disable-file":
            return directive
        if directive.kind == "disable-next-line" and line == directive.span.end_line + 1:
            return directive
        if directive.kind == "disable-line" and directive.span.line <= line <= directive.span.end_line:
            return directive
        if directive.kind == "disable" and directive.span.line <= line:
            end = next((e.span.line for e in found[i + 1 :] if e.kind == "enable" and e.covers(d.rule)), None)
            if end is None or line <= end:
                return directive
    return None


def unused(found: Iterable[Directive], known: set[str], enabled: set[str]) -> list[tuple[Span, str]]:
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
