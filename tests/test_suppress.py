"""Suppression comments silence exactly what they name, in HTML, Markdown, fenced bodies, YAML and TOML."""

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
        # front-matter comments on CRLF and CR lines (yaml.md, toml.md with those line ends)
        ("yaml-crlf.md", [(6, "date-order")]),
        ("yaml-cr.md", [(6, "date-order")]),
        ("toml-crlf.md", [(6, "date-order"), (7, "unused-suppression")]),
        # disable-line silences its own line only; a misspelled directive silences nothing and is reported
        ("line.md", [(8, "alt-missing"), (9, "alt-missing"), (9, "unused-suppression"), (10, "alt-missing"), (11, "unused-suppression")]),
        # TOML front matter: the comment silences the next line; a misspelled one is reported
        ("toml.md", [(6, "date-order"), (7, "unused-suppression")]),
    ],
)
def test_suppressions(name: str, expected: list[tuple[int, str]]) -> None:
    assert found(name) == expected
