"""Fixes: edits a rule offers with a finding, and their application to a text.

A fix is data on a finding, as ruff models it: a message, the edits (offset ranges of the
decoded file text — code points after the BOM, the basis of ``source.Span`` and
``LineIndex`` — with their replacement text) and an applicability: ``safe`` fixes keep
what the article means and are applied by ``--fix``; ``unsafe`` ones may change it and
need ``--unsafe-fixes`` too.

``apply`` is pure: the text in, the new text and the fixes it applied out. Fixes whose
edits overlap an applied one wait for the next pass (the caller lints again and retries).
"""

from __future__ import annotations

import codecs
from bisect import bisect_left, insort
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from itertools import pairwise
from typing import Any, TypeGuard

from .source import LineIndex, Span, line_starts


class Applicability(str, Enum):
    SAFE = "safe"
    UNSAFE = "unsafe"


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the text at offsets ``start``..``end`` (end exclusive) with ``text``.

    ``span``: the same range as lines and columns, for reporters (which see no file text):
    filled by the engine (``locate``), not by rules; not part of the edit's identity.
    """

    start: int
    end: int
    text: str
    span: Span | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Fix:
    message: str
    edits: tuple[Edit, ...]
    applicability: Applicability

    @classmethod
    def safe(cls, message: str, *edits: Edit) -> Fix:
        return cls(message, tuple(sorted(edits, key=_order)), Applicability.SAFE)

    @classmethod
    def unsafe(cls, message: str, *edits: Edit) -> Fix:
        return cls(message, tuple(sorted(edits, key=_order)), Applicability.UNSAFE)


def _order(edit: Edit) -> tuple[int, int]:
    return edit.start, edit.end


def apply(text: str, fixes: Iterable[Fix]) -> tuple[str, list[Fix]]:
    """``text`` with the edits of ``fixes`` made, and the fixes applied, in order.

    Fixes are taken in the order of their first edit; one whose edits overlap an edit
    already taken (or each other, or lie outside the text) is skipped: the first wins, the
    rest wait for the next pass, as ruff does. Two insertions at one offset overlap too
    (their order would be a guess); an insertion at the end of a replaced range does not.
    """
    taken: list[tuple[int, int]] = []  # the ranges of the edits taken, in order (they never overlap)
    chosen: list[Edit] = []
    applied: list[Fix] = []
    for fix in sorted(fixes, key=lambda f: min(map(_order, f.edits), default=(len(text) + 1, 0))):
        edits = sorted(fix.edits, key=_order)
        if not edits or not _well_formed(edits, len(text)) or any(_clashes(taken, e) for e in edits):
            continue
        for e in edits:
            insort(taken, (e.start, e.end))
        chosen.extend(edits)
        applied.append(fix)
    chosen.sort(key=_order)
    pieces: list[str] = []
    at = 0
    for edit in chosen:
        pieces.append(text[at : edit.start])
        pieces.append(edit.text)
        at = edit.end
    pieces.append(text[at:])
    return "".join(pieces), applied


def _clashes(taken: list[tuple[int, int]], edit: Edit) -> bool:
    """Whether ``edit`` overlaps one of the ``taken`` ranges. They are sorted and never
    overlap, so their ends rise with their starts: only the ranges on either side of where
    ``edit`` would go can reach it (a search, not a scan: a file may have thousands of fixes)."""
    i = bisect_left(taken, (edit.start, edit.end))
    return any(_overlap(edit, Edit(*taken[j], "")) for j in (i - 1, i) if 0 <= j < len(taken))


def _well_formed(edits: Sequence[Edit], length: int) -> bool:
    """Edits within the text, each a range, none overlapping the next."""
    if any(not (0 <= e.start <= e.end <= length) for e in edits):
        return False
    return not any(_overlap(a, b) for a, b in pairwise(edits))


def _overlap(a: Edit, b: Edit) -> bool:
    """Whether two edits touch the same text: ranges that share a character, an insertion
    inside a range, or two insertions at one place."""
    if a.start == a.end == b.start == b.end:
        return True
    return a.start < b.end and b.start < a.end


def offsets(index: LineIndex, span: Span) -> tuple[int, int]:
    """The offsets of the text a ``span`` covers."""
    return index.offset(span.line, span.column), index.offset(span.end_line, span.end_column)


def delete_line(index: LineIndex, line: int) -> Edit:
    """An edit that removes a whole 1-based line, with its line end (a last line without
    one leaves the line end before it: the file's last line end, if any, stays)."""
    start = index.offset(line)
    end = index.offset(line + 1) if line < index.line_count else len(index.text)
    return Edit(start, end, "")


def locate(fix: Fix, index: LineIndex) -> Fix:
    """``fix`` with the span of each edit filled from the file's ``index``."""
    return replace(fix, edits=tuple(replace(e, span=index.span(e.start, e.end)) for e in fix.edits))


def stored(fix: Fix | None) -> tuple[Any, ...] | None:
    """A fix as caches keep it: plain tuples (what marshal writes); see ``restore``."""
    if fix is None:
        return None
    return (fix.message, fix.applicability.value, tuple((e.start, e.end, e.text, None if e.span is None else tuple(e.span)) for e in fix.edits))


def restore(row: Any) -> Fix | None:
    """The fix of a ``stored`` row (ValueError for one that is not)."""
    if row is None:
        return None
    try:
        message, applicability, edits = row
        fix = Fix(message, tuple(Edit(start, end, text, None if span is None else Span(*span)) for start, end, text, span in edits), Applicability(applicability))
    except (TypeError, ValueError) as err:
        raise ValueError(f"a damaged fix: {err}") from None
    if not isinstance(message, str) or not all(isinstance(e.start, int) and isinstance(e.end, int) and isinstance(e.text, str) for e in fix.edits):
        raise ValueError("a damaged fix")
    return fix


# ------------------------------------------------------------------ fixing files

#: The most fix → re-lint passes over one file: a fix may make room for another (overlapping
#: edits wait; the innermost unclosed element is closed first).
MAX_PASSES = 10

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"), (codecs.BOM_UTF8, "utf-8"))


def applicable(fix: Fix | None, unsafe: bool) -> TypeGuard[Fix]:
    """Whether ``fix`` is applied: a safe one always, an unsafe one with ``--unsafe-fixes``."""
    return fix is not None and (unsafe or fix.applicability is Applicability.SAFE)


def encode_like(text: str, original: bytes) -> bytes:
    """``text`` in the encoding of the file whose bytes were ``original``, with its BOM (as
    ``document.decode`` read it: a BOM's UTF-16/32, else UTF-8)."""
    for bom, codec in _BOMS:
        if original.startswith(bom):
            return bom + text.encode(codec)
    return text.encode("utf-8")


@dataclass(slots=True)
class Fixed:
    """What fixing one file made: its bytes before and after, and the fixes applied."""

    path: str
    before: bytes
    after: bytes
    applied: list[Fix]


def fix_text(path: str, data: bytes, lint: Callable[[bytes], list[Any]], unsafe: bool) -> Fixed | None:
    """The fixed bytes of the file ``path`` whose bytes are ``data``: lint, apply the
    applicable fixes, lint the new text again, until no fix applies (at most ``MAX_PASSES``).
    ``lint`` gives the diagnostics of some bytes as they are reported (suppressed and
    baselined ones left out). None where the text cannot be written back as it was read."""
    from .document import decode

    text, problem = decode(data)
    if problem is not None or encode_like(text, data) != data:
        return None
    applied: list[Fix] = []
    current = data
    for _ in range(MAX_PASSES):
        wanted = [d.fix for d in lint(current) if applicable(d.fix, unsafe)]
        if not wanted:
            break
        text, done = apply(text, wanted)
        if not done:
            break
        applied.extend(done)
        current = encode_like(text, data)
    return Fixed(path, data, current, applied) if applied else None


def write_fixed(fixed: Fixed) -> bool:
    """Write a fixed file, atomically, only where its bytes are still those the fix was made
    from (an editor or another run may have changed it since). Whether it was written;
    OSError where it cannot be."""
    import os

    from .files import write_atomic

    target = os.path.realpath(fixed.path)  # a symbolic link's target, the link kept
    if not os.access(target, os.W_OK):  # (the rename would replace a read-only file all the same)
        raise PermissionError(13, "Permission denied", fixed.path)
    with open(target, "rb") as f:
        if f.read(len(fixed.before) + 1) != fixed.before:
            return False
    write_atomic(target, [fixed.after])
    return True


def unified_diff(fixed: Fixed) -> str:
    """The change of a fixed file as a unified diff of its text, each line made safe to
    print (``output.safe_line``: article text may hold a CI runner's commands) and ended
    with ``\\n`` whatever the file's line ends; ``\\ No newline at end of file`` where a
    side ends without one."""
    import difflib

    from .document import decode
    from .output import safe_line

    old, new = decode(fixed.before)[0], decode(fixed.after)[0]
    out = []
    name = fixed.path.lstrip("/")  # (an absolute path: a/tmp/x.md, as git writes it)
    for line in difflib.unified_diff(_lines(old), _lines(new), f"a/{name}", f"b/{name}"):
        out.append(safe_line(line.rstrip("\r\n")) + "\n")
        if not line.endswith(("\n", "\r")):
            out.append("\\ No newline at end of file\n")
    return "".join(out)


def _lines(text: str) -> list[str]:
    """The lines of ``text`` with their ends (``\\r\\n``, ``\\r`` or ``\\n`` only)."""
    starts = line_starts(text)
    return [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)]) if a < b]


def example(rule: Any) -> tuple[str, str, list[Fix]] | None:
    """A fixable rule's ``fix_example`` (file name, article) and what its fixes make of it:
    (the article, the fixed article, the fixes applied), by the rule itself with its
    default options. None for a rule without an example."""
    from .document import load

    if not getattr(rule, "fix_example", None):
        return None
    path, before = rule.fix_example

    def lint(data: bytes) -> list[Any]:
        doc = load(path, data)
        rule.prepare(doc, rule.Options())
        return list(rule.check(doc, rule.Options()))

    fixed = fix_text(path, before.encode(), lint, unsafe=True)
    return before, (fixed.after.decode() if fixed else before), (fixed.applied if fixed else [])
