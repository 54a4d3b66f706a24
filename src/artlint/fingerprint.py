"""The fingerprint of a finding: what it is about, not where it is.

A hash of the rule, what the finding points at (the offending text, a URL) and its message
with the numbers left out (line references, lengths): it survives edits elsewhere in the
file. It is the baseline's key and SARIF's partial fingerprint, so its recipe never
changes: existing baselines and code-scanning alerts depend on it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .hashes import sha256
from .source import lazy_re

if TYPE_CHECKING:
    from .document import Document
    from .source import Span

_DIGITS = lazy_re(r"\d+")


def fingerprint(rule: str, message: str, about: str | None = None) -> str:
    """The fingerprint of a finding of ``rule`` with ``message``, about the text ``about``
    (None: the message alone tells, as for the cross-file rules)."""
    parts = (rule, _DIGITS.sub("#", message)) if about is None else (rule, about, _DIGITS.sub("#", message))
    return sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:20]


def of_span(doc: Document, rule: str, span: Span, message: str) -> str:
    """The fingerprint of a per-file finding: about the text under ``span`` (blanks folded),
    or its line where the span covers only blanks."""
    index = doc.index
    start, end = index.offset(span.line, span.column), index.offset(span.end_line, span.end_column)
    text = doc.text[start:end]
    if not text.strip():
        text = index.line_text(span.line)
    return fingerprint(rule, message, " ".join(text.split()))
