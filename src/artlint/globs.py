"""Glob patterns over '/'-separated paths relative to the project root.

``*`` and ``?`` stay within one path segment, ``**`` as a whole segment spans segments
(``**/`` also matches no folder at all; elsewhere it is one ``*``, as in .gitignore),
``[...]`` is a character class (of one character in a segment). A pattern without ``/``
matches the name in any folder (``*.md``); a pattern that matches a folder matches all below it.

The expression is made so that it never backtracks much, whatever the pattern (a pattern
comes from the project's configuration, which may come from a pull request): each run of
segments after a ``**``, and each part of a segment after a ``*``, is matched at its first
place and kept there (an atomic group). The first place is always right: what comes next
starts with the same kind of wildcard, which can take whatever a later place would have
left over. Backtracking over every place (``(?:.*/)?`` for each ``**/``) made
``**/**/**/**/**/**/**/**/b.md`` take 104 s on a path 60 folders deep.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

GLOBSTAR = "**"


def translate(pattern: str) -> str:
    pattern = pattern.strip()
    while pattern.startswith("./"):
        pattern = pattern[2:]
    anywhere = "/" not in pattern.rstrip("/")
    segments = pattern.rstrip("/").split("/")
    if anywhere:
        segments.insert(0, GLOBSTAR)
    groups: list[list[str]] = [[]]  # the runs of segments between globstars
    for segment in segments:
        if segment != GLOBSTAR:
            groups[-1].append(_segment(segment))
        elif groups[-1] or len(groups) == 1:  # consecutive globstars are one
            groups.append([])
    out = "/".join(groups[0])
    for i, group in enumerate(groups[1:], 1):
        if not group:  # a globstar at the end: anything below (or anything at all)
            return out + "/.*" if out or i > 1 else ".*"
        separator = "/" if out else ""
        out += f"(?>{separator}(?:[^/]*/)*?" + "/".join(group) + ")"
    return out + "(?:/.*)?"


def _segment(segment: str) -> str:
    """One segment's expression: each part after a ``*`` at its first place (atomic), the
    last one at the segment's end."""
    parts = [_plain(part) for part in _star_split(segment)]
    if len(parts) == 1:
        return parts[0] + "(?![^/])"
    middle = "".join(f"(?>[^/]*?{part})" for part in parts[1:-1])
    return f"{parts[0]}{middle}[^/]*{parts[-1]}(?![^/])"


def _class_end(text: str, i: int) -> int:
    """Where the class that ``text[i]`` (a ``[``) opens ends (its ``]``), or -1: no class."""
    return text.find("]", i + 2) if text[i] == "[" else -1


def _star_split(segment: str) -> list[str]:
    """The parts of ``segment`` between runs of ``*`` (a ``*`` inside a class is a character)."""
    parts, start, i = [], 0, 0
    while i < len(segment):
        end = _class_end(segment, i)
        if end != -1:
            i = end + 1
        elif segment[i] == "*":
            parts.append(segment[start:i])
            while i < len(segment) and segment[i] == "*":
                i += 1
            start = i
        else:
            i += 1
    parts.append(segment[start:])
    return parts


def _plain(part: str) -> str:
    """A part of a segment without ``*``: characters, ``?`` and classes."""
    out: list[str] = []
    i, n = 0, len(part)
    while i < n:
        c = part[i]
        if c == "?":
            out.append("[^/]")
        elif _class_end(part, i) != -1:
            j = _class_end(part, i)
            body = part[i + 1 : j]
            negate = body.startswith("!")
            # Each character escaped but the range's '-': no nested set, no set operation.
            escaped = "".join(ch if ch == "-" else re.escape(ch) for ch in body[negate:])
            out.append("(?!/)[" + "^" * negate + escaped + "]")
            i = j
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)


def compile_globs(patterns: Iterable[str]) -> re.Pattern[str] | None:
    """One regular expression matching a path that any of ``patterns`` matches (None if none)."""
    parts = [translate(p) for p in patterns if p.strip()]
    return re.compile("|".join(f"(?:{p})" for p in parts), re.DOTALL) if parts else None


def name_suffixes(patterns: Iterable[str]) -> tuple[str, ...] | None:
    """The suffixes of ``patterns`` when each is ``*.ext`` or ``**/*.ext`` (the same glob), else
    None. A path matches such patterns where one of its segments ends with a suffix: a
    file's own name, or a folder above it."""
    out = []
    for p in patterns:
        p = p.strip()
        while p.startswith(("./", "**/")):
            p = p[3:] if p.startswith("**/") else p[2:]
        if not p.startswith("*.") or any(c in p[1:] for c in "*?[/\\"):
            return None
        out.append(p[1:])
    return tuple(out) or None


def matches(regex: re.Pattern[str] | None, path: str) -> bool:
    return regex is not None and regex.fullmatch(path) is not None
