"""Character references as today's WHATWG HTML tokenizes them, for their parse errors.

html5lib follows an older spec, in which any ``&`` that starts no reference (``Q&A``,
``?a=1&b=2``) was an error. Today only these are (spec codes):

- ``missing-semicolon-after-character-reference``: a legacy named reference without its
  ``;`` (``&copy 2024``), or a numeric one (``&#169 2024``). In an attribute value a
  legacy name followed by ``=`` or a letter or digit is left as written, without error
  (``?a=1&copy=2``).
- ``unknown-named-character-reference``: ``&name;`` where no reference is named ``name``.
- ``absence-of-digits-in-numeric-character-reference``: ``&#`` or ``&#x`` without digits.
- ``null-character-reference``, ``character-reference-outside-unicode-range``,
  ``surrogate-character-reference``, ``noncharacter-character-reference``,
  ``control-character-reference``: a number that names no allowed character.

Any other ``&`` is not an error. One followed by a letter or digit that starts no
reference (``AT&T``, ``?a=1&b=2``) is a raw ampersand (``raw-ampersand`` here, reported
only by the opt-in rule ``html-raw-ampersand``): an older parser read it as a reference,
and it turns into one when the text after it happens to name one (``&copy``, ``&not``).
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from .fix import Edit, Fix, offsets
from .source import LineIndex, Span

RAW_AMPERSAND = "raw-ampersand"

MESSAGES = {
    "missing-semicolon-after-character-reference": "a character reference without its ';'",
    "unknown-named-character-reference": "'&%(name)s;' names no character reference: write &amp;%(name)s; (or the reference meant)",
    "absence-of-digits-in-numeric-character-reference": "'&#' starts no numeric character reference: write &amp;#",
    "null-character-reference": "a numeric character reference to U+0000",
    "character-reference-outside-unicode-range": "a numeric character reference beyond U+10FFFF",
    "surrogate-character-reference": "a numeric character reference to a surrogate (U+D800–U+DFFF)",
    "noncharacter-character-reference": "a numeric character reference to a noncharacter",
    "control-character-reference": "a numeric character reference to a control character",
    RAW_AMPERSAND: "a raw '&': write &amp;",
}

_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_HEX = frozenset("0123456789abcdefABCDEF")
_DIGITS = frozenset("0123456789")
_WHITESPACE_CONTROLS = frozenset({0x09, 0x0A, 0x0C, 0x20})


class Problem(NamedTuple):
    code: str  # a spec error code, or RAW_AMPERSAND
    end: int  # the offset just after the reference as far as it was read
    name: str = ""  # the unknown name, for the message


@lru_cache(maxsize=1)
def _names() -> tuple[frozenset[str], int]:
    from html5lib.constants import entities

    return frozenset(entities), max(map(len, entities))


def _named(text: str, start: int, in_attribute: bool) -> Problem | None:
    names, longest = _names()
    window = text[start : start + longest]
    match = next((window[:n] for n in range(len(window), 0, -1) if window[:n] in names), None)
    if match is not None:
        end = start + len(match)
        if match.endswith(";"):
            return None
        following = text[end : end + 1]
        if in_attribute and (following == "=" or following in _ALNUM) and following:
            return Problem(RAW_AMPERSAND, start)  # left as written (a URL's query)
        return Problem("missing-semicolon-after-character-reference", end)
    end = start
    while end < len(text) and text[end] in _ALNUM:
        end += 1
    if text.startswith(";", end):
        return Problem("unknown-named-character-reference", end + 1, text[start:end])
    return Problem(RAW_AMPERSAND, start)


def _numeric(text: str, start: int) -> list[Problem]:
    pos = start + 1
    allowed, base = _DIGITS, 10
    if text[pos : pos + 1] in ("x", "X"):
        allowed, base, pos = _HEX, 16, pos + 1
    end = pos
    while end < len(text) and text[end] in allowed:
        end += 1
    if end == pos:
        return [Problem("absence-of-digits-in-numeric-character-reference", pos)]
    problems = []
    if text.startswith(";", end):
        end += 1
    else:
        problems.append(Problem("missing-semicolon-after-character-reference", end))
    digits = text[pos:end].rstrip(";").lstrip("0")
    value = int(digits or "0", base) if len(digits) <= 8 else 0x110000  # (no huge integers)
    code = _number_error(value)
    return problems + [Problem(code, end)] if code else problems


def _number_error(value: int) -> str | None:
    if value == 0:
        return "null-character-reference"
    if value > 0x10FFFF:
        return "character-reference-outside-unicode-range"
    if 0xD800 <= value <= 0xDFFF:
        return "surrogate-character-reference"
    if 0xFDD0 <= value <= 0xFDEF or (value & 0xFFFE) == 0xFFFE:
        return "noncharacter-character-reference"
    if value == 0x0D or ((value < 0x20 or 0x7F <= value <= 0x9F) and value not in _WHITESPACE_CONTROLS):
        return "control-character-reference"
    return None


def reference_problems(text: str, amp: int, in_attribute: bool = False) -> list[Problem]:
    """What is wrong with the ``&`` at ``text[amp]`` by today's spec: nothing when it starts
    a valid character reference, RAW_AMPERSAND when it starts none."""
    start = amp + 1
    first = text[start : start + 1]
    if first == "#":
        return _numeric(text, start)
    if first and first in _ALNUM:
        problem = _named(text, start, in_attribute)
        return [problem] if problem is not None else []
    return []  # '& ', '&<', '&&': plainly not a reference




#: The problems fixed by writing the '&' as '&amp;': the text renders as written either way.
_ESCAPE = frozenset({RAW_AMPERSAND, "unknown-named-character-reference", "absence-of-digits-in-numeric-character-reference"})


def fix_of(code: str, span: Span, text: str, index: LineIndex) -> Fix | None:
    """The safe fix of a reference problem reported at ``span`` of the file's ``text``, where
    one keeps what a browser shows: an ``&`` that starts no reference (or an ambiguous one,
    ``&nbps;``) becomes ``&amp;``; a reference without its ``;`` (``&copy 2024``, ``&#169 x``)
    gets it. Other problems (a reference to a control character …) have no fix."""
    start, end = offsets(index, span)
    if text[start : start + 1] != "&" or span.line != span.end_line:
        return None  # not the file's own text (a template, a stream that maps elsewhere)
    if code in _ESCAPE:
        return Fix.safe("write the '&' as &amp;", Edit(start, start + 1, "&amp;"))
    if code == "missing-semicolon-after-character-reference" and end > start + 1:
        return Fix.safe(f"end the reference with ';': {text[start:end]};", Edit(end, end, ";"))
    return None
