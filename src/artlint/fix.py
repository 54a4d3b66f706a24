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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any

from .source import LineIndex, Span


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
    taken: list[Edit] = []
    applied: list[Fix] = []
    for fix in sorted(fixes, key=lambda f: (_order(f.edits[0]) if f.edits else (len(text) + 1, 0))):
        edits = sorted(fix.edits, key=_order)
        if not edits or not _well_formed(edits, len(text)) or any(_overlap(e, t) for e in edits for t in taken):
            continue
        taken.extend(edits)
        applied.append(fix)
    taken.sort(key=_order)
    pieces: list[str] = []
    at = 0
    for edit in taken:
        pieces.append(text[at : edit.start])
        pieces.append(edit.text)
        at = edit.end
    pieces.append(text[at:])
    return "".join(pieces), applied


def _well_formed(edits: Sequence[Edit], length: int) -> bool:
    """Edits within the text, each a range, none overlapping the next."""
    if any(not (0 <= e.start <= e.end <= length) for e in edits):
        return False
    return not any(_overlap(a, b) for a, b in zip(edits, edits[1:]))


def _overlap(a: Edit, b: Edit) -> bool:
    """Whether two edits touch the same text: ranges that share a character, an insertion
    inside a range, or two insertions at one place."""
    if a.start == a.end == b.start == b.end:
        return True
    return a.start < b.end and b.start < a.end


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
