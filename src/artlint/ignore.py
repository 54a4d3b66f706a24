"""``.gitignore`` and ``.ignore`` files, as git (and ripgrep, ruff) read them when walking.

Patterns are matched without regular expressions, in time bounded by the pattern's length
times the path's: a pattern is cut into '/'-separated segments; ``**`` matches any run of
whole segments, every other segment one name; within a name, ``*`` any run of characters,
``?`` one, ``[…]`` one of a set. Both levels are the classic wildcard match that goes back
only to the last star, so no pattern, however hostile (``**/**/**/…``, ``*a*a*a*…``),
makes a match slower than that product.

Semantics (gitignore(5)): blank lines and ``#`` comments are skipped; ``!`` re-includes;
a trailing ``/`` matches folders only; a pattern with a ``/`` other than a trailing one is
anchored to its file's folder, one without matches a name at any depth; the last pattern
that matches wins, and a deeper file's patterns over a shallower one's. What is inside an
ignored folder cannot be re-included (the folder is not walked).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import NamedTuple

IGNORE_FILES = (".gitignore", ".ignore")
MAX_BYTES = 1 << 20  # an ignore file larger than this is not read (untrusted input)


class Pattern(NamedTuple):
    segments: tuple[str, ...]  # "**" for any run of segments
    negated: bool
    folders_only: bool


def parse_line(line: str) -> Pattern | None:
    """The pattern of one line of an ignore file (None: blank or a comment)."""
    line = _strip_trailing_spaces(line.rstrip("\r\n"))
    if not line or line.startswith("#"):
        return None
    negated = line.startswith("!")
    if negated:
        line = line[1:]
    elif line.startswith(("\\!", "\\#")):
        line = line[1:]
    folders_only = line.endswith("/")
    line = line.rstrip("/")
    if not line:
        return None
    anchored = "/" in line
    parts = [p for p in line.split("/") if p]
    segments: list[str] = [] if anchored else ["**"]
    for part in parts:
        if part == "**" and segments and segments[-1] == "**":
            continue  # ** ** is one **
        segments.append(part)
    if segments[-1] == "**":  # a trailing /** matches what is inside, not the folder itself
        segments[-1:] = ["*", "**"]
    return Pattern(tuple(segments), negated, folders_only)


def _strip_trailing_spaces(line: str) -> str:
    end = len(line)
    while end and line[end - 1] == " " and not (end >= 2 and line[end - 2] == "\\"):
        end -= 1
    return line[:end]


def parse(text: str) -> list[Pattern]:
    return [p for p in map(parse_line, text.splitlines()) if p is not None]


def match_name(pattern: str, name: str) -> bool:
    """``fnmatch`` for one path segment (``*``, ``?``, ``[…]``, ``\\`` escapes), with one
    backtracking point: O(len(pattern) × len(name))."""
    p = n = 0
    star_p, star_n = -1, 0
    while n < len(name):
        if p < len(pattern) and pattern[p] == "*":
            star_p, star_n = p, n
            p += 1
            continue
        step = _one(pattern, p, name[n]) if p < len(pattern) else 0
        if step:
            p += step
            n += 1
        elif star_p >= 0:
            star_n += 1
            p, n = star_p + 1, star_n
        else:
            return False
    while p < len(pattern) and pattern[p] == "*":
        p += 1
    return p == len(pattern)


def _one(pattern: str, p: int, char: str) -> int:
    """How many pattern characters match ``char`` at ``p`` (0: none do)."""
    c = pattern[p]
    if c == "?":
        return 1
    if c == "\\" and p + 1 < len(pattern):
        return 2 if pattern[p + 1] == char else 0
    if c == "[":
        end, hit = _bracket(pattern, p, char)
        if end:
            return end - p if hit else 0
    return 1 if c == char else 0


def _bracket(pattern: str, p: int, char: str) -> tuple[int, bool]:
    """A ``[…]`` set at ``p``: (the index after it, whether ``char`` is in it); (0, False)
    where it is not closed (then ``[`` is a plain character)."""
    i = p + 1
    negate = i < len(pattern) and pattern[i] in "!^"
    if negate:
        i += 1
    hit, first = False, True
    while i < len(pattern) and (pattern[i] != "]" or first):
        first = False
        low = pattern[i]
        if low == "\\" and i + 1 < len(pattern):
            i += 1
            low = pattern[i]
        if i + 2 < len(pattern) and pattern[i + 1] == "-" and pattern[i + 2] != "]":
            high = pattern[i + 2]
            hit = hit or low <= char <= high
            i += 3
        else:
            hit = hit or low == char
            i += 1
    if i >= len(pattern):
        return 0, False
    return i + 1, hit != negate


def match_segments(segments: Sequence[str], parts: Sequence[str]) -> bool:
    """The pattern's segments against a path's: ``**`` any run of parts, others one part
    each (the same one-backtracking-point walk as ``match_name``)."""
    s = i = 0
    star_s, star_i = -1, 0
    while i < len(parts):
        if s < len(segments) and segments[s] == "**":
            star_s, star_i = s, i
            s += 1
            continue
        if s < len(segments) and match_name(segments[s], parts[i]):
            s += 1
            i += 1
        elif star_s >= 0:
            star_i += 1
            s, i = star_s + 1, star_i
        else:
            return False
    while s < len(segments) and segments[s] == "**":
        s += 1
    return s == len(segments)


class Level(NamedTuple):
    """The patterns of one folder's ignore files."""

    folder: str  # absolute
    patterns: tuple[Pattern, ...]


def read_level(folder: str) -> Level | None:
    """The patterns of ``folder``'s .gitignore and .ignore (.ignore's last: they win)."""
    patterns: list[Pattern] = []
    for name in IGNORE_FILES:
        path = os.path.join(folder, name)
        try:
            if os.path.getsize(path) > MAX_BYTES or not os.path.isfile(path):
                continue
            with open(path, encoding="utf-8", errors="replace") as f:
                patterns.extend(parse(f.read()))
        except OSError:
            continue
    return Level(folder, tuple(patterns)) if patterns else None


def ignored(levels: Sequence[Level], path: str, is_folder: bool) -> bool:
    """Whether ``path`` (absolute) is ignored by ``levels`` (shallowest first, each a folder
    above it): the last matching pattern of the deepest level that has one decides."""
    for level in reversed(levels):
        rel = path[len(level.folder) :].lstrip(os.sep)
        parts = rel.split(os.sep)
        for pattern in reversed(level.patterns):
            if pattern.folders_only and not is_folder:
                continue
            if match_segments(pattern.segments, parts):
                return not pattern.negated
    return False


def levels_above(top: str, root: str) -> list[Level]:
    """The ignore levels of the folders from ``root`` down to ``top``'s parent (``top`` is
    below ``root``): what applies to a walk that starts at ``top``."""
    top, root = os.path.abspath(top), os.path.abspath(root)
    if top != root and not top.startswith(root.rstrip(os.sep) + os.sep):
        return []
    folders = [root]
    for part in top[len(root) :].strip(os.sep).split(os.sep)[:-1] if top != root else []:
        folders.append(os.path.join(folders[-1], part))
    return [level for level in map(read_level, folders if top != root else []) if level is not None]
