"""HTML comments in text: skipped where what follows them matters."""

from __future__ import annotations

from .source import lazy_re

_SPACE = lazy_re(r"\s*")


def skip_comments(text: str, pos: int = 0) -> int:
    """The offset after the blank space and HTML comments that start at ``pos``.

    A scan, not one expression: ``(?:<!--.*?-->\\s*)*`` tries every way to split the
    comments when what follows them does not match (exponential in their number).
    A comment that is not closed is not skipped.
    """
    while True:
        space = _SPACE.match(text, pos)
        pos = space.end() if space else pos
        if not text.startswith("<!--", pos):
            return pos
        end = text.find("-->", pos + 4)
        if end < 0:
            return pos
        pos = end + 3
