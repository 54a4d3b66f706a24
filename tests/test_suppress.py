"""Suppression comments silence exactly what they name, in HTML, Markdown, fenced bodies and YAML."""

from __future__ import annotations

from pathlib import Path

import pytest

from artlint.testing import check_fixture

HERE = Path(__file__).parent / "suppressions"
SHOWN = ["alt-missing", "image-url", "heading-order", "date-order", "unused-suppression"]


def found(name: str) -> list[tuple[int, str]]:
    return [(int(line.split(":", 1)[0]), line.split()[2]) for line in check_fixture(str(HERE / name), SHOWN)]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # a.png reported; b.png silenced by next-line; c/d silenced by the range (alt and url);
        # after enabling alt-missing only: e.png's url still silenced, its alt reported.
        ("html.md", [(7, "alt-missing"), (14, "alt-missing"), (15, "heading-order")]),
        ("markdown.md", [(10, "alt-missing")]),
        ("fenced.md", [(10, "alt-missing")]),
        ("file.md", [(9, "heading-order")]),
        ("yaml.md", [(6, "date-order")]),
        ("crlf.md", [(9, "alt-missing")]),
    ],
)
def test_suppressions(name: str, expected: list[tuple[int, str]]) -> None:
    assert found(name) == expected
