"""artlint's character-reference errors against html5lib-tests' tokenizer cases (today's spec).

Every case that starts in the data state is parsed as an article body; the character
reference errors artlint finds must be the case's own, at the same place.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from artlint import charref, htmlscan
from artlint.source import LineIndex

TESTS = Path("/work/shared/data/html5lib-tests/tokenizer")
CODES = frozenset(charref.MESSAGES) - {charref.RAW_AMPERSAND}


def _cases() -> list[tuple[str, str, list[tuple[str, int, int]]]]:
    cases = []
    for path in sorted(TESTS.glob("*.test")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for i, test in enumerate(data.get("tests", [])):
            if "Data state" not in test.get("initialStates", ["Data state"]) or test.get("lastStartTag"):
                continue
            text = test["input"]
            if test.get("doubleEscaped"):
                text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)
            errors = [(e["code"], e["line"], e["col"]) for e in test.get("errors", [])]
            cases.append((f"{path.stem}-{i}", text, errors))
    return cases


CASES = _cases() if TESTS.is_dir() else []
REFERENCE_CASES = [c for c in CASES if "&" in c[1]]


def _found(text: str) -> list[tuple[str, int, int]]:
    index = LineIndex(text)
    out = []
    for error in htmlscan.parse(text)[1]:
        if error.code in CODES:
            # the spec places an unknown name's error on its ';', the last character of the span
            line, column = index.position(error.end - (error.code == "unknown-named-character-reference"))
            out.append((error.code, line, column))
    return out


@pytest.mark.skipif(not CASES, reason=f"{TESTS} is not there")
def test_character_reference_errors_are_todays() -> None:
    assert len(REFERENCE_CASES) > 300  # the entities, numeric and named references …
    wrong = []
    for name, text, expected in REFERENCE_CASES:
        found, wanted = _found(text), [e for e in expected if e[0] in CODES]
        if found != wanted:
            wrong.append((name, text[:60], found, wanted))
    assert not wrong, f"{len(wrong)} cases differ, first: {wrong[:3]}"


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("<p>Q&A: AT&T, R&D &amp; more</p>", []),
        ('<a href="?a=1&utm_medium=x&copy=2">x</a>', []),
        ("<p>&copy 2024</p>", ["missing-semicolon-after-character-reference"]),
        ("<p>&foo; &foo</p>", ["unknown-named-character-reference"]),
        ("<p>&#x; &#128; &#9</p>", ["absence-of-digits-in-numeric-character-reference", "control-character-reference", "missing-semicolon-after-character-reference"]),
    ],
)
def test_only_todays_errors(text: str, codes: list[str]) -> None:
    assert [e.code for e in htmlscan.parse(text)[1] if e.code != charref.RAW_AMPERSAND] == codes


COMMENT_CASES = [c for c in CASES if "<!--" in c[1]]


def _comment_codes(codes: list[str]) -> list[str]:
    return [c for c in codes if "comment" in c and not c.startswith("eof-")]


@pytest.mark.skipif(not CASES, reason=f"{TESTS} is not there")
def test_comment_errors_are_todays() -> None:
    """A comment with ``--`` inside is valid today; ``--!>`` is an error (html5lib said
    the opposite): artlint reports a comment error where the spec's case has one."""
    assert len(COMMENT_CASES) > 50
    wrong = []
    for name, text, expected in COMMENT_CASES:
        wanted = bool(_comment_codes([e[0] for e in expected if e[0] != "nested-comment"]))
        found = bool(_comment_codes([e.code for e in htmlscan.parse(text)[1]]))
        if found != wanted and not any(e[0] == "nested-comment" for e in expected):
            wrong.append((name, text[:60], found, wanted))
    assert not wrong, f"{len(wrong)} cases differ, first: {wrong[:3]}"
