"""Glob patterns over '/'-separated paths relative to the project root.

``*`` and ``?`` stay within one path segment, ``**`` spans segments (``**/`` also matches
no folder at all), ``[...]`` is a character class. A pattern without ``/`` matches the
name in any folder (``*.md``); a pattern that matches a folder matches all below it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def translate(pattern: str) -> str:
    pattern = pattern.strip()
    while pattern.startswith("./"):
        pattern = pattern[2:]
    anywhere = "/" not in pattern.rstrip("/")
    pattern = pattern.rstrip("/")
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif c == "*":
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[" and pattern.find("]", i + 2) != -1:
            j = pattern.index("]", i + 2)
            body = pattern[i + 1 : j]
            if body.startswith("!"):
                body = "^" + body[1:]
            out.append("[" + body.replace("\\", "\\\\") + "]")
            i = j + 1
        else:
            out.append(re.escape(c))
            i += 1
    return ("(?:.*/)?" if anywhere else "") + "".join(out) + "(?:/.*)?"


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
