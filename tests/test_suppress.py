"""Suppression comments silence exactly what they name, in HTML, Markdown, MDX, fenced bodies, YAML and TOML."""

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
        # MDX: {/* … */} comments. a.png reported; b.png silenced by next-line; c/d (a JSX and a
        # Markdown image) by the range; e.png's url still silenced, its alt reported; f.png by
        # a comment over three lines inside a component
        ("mdx.mdx", [(9, "alt-missing"), (16, "alt-missing")]),
        # MDX disable-line; a misspelled directive, one that silences nothing and one naming an
        # unknown rule are reported; an expression with two comments is not a directive
        ("mdx-line.mdx", [(8, "alt-missing"), (9, "alt-missing"), (9, "unused-suppression"), (10, "alt-missing"), (11, "unused-suppression"), (12, "unused-suppression"), (13, "alt-missing"), (15, "alt-missing")]),
        # MDX: a {/* … */} in a code fence or a code span is the sample's text, not a directive;
        # an HTML comment is none either (MDX has none)
        ("mdx-code.mdx", [(10, "alt-missing"), (13, "alt-missing"), (19, "alt-missing"), (21, "alt-missing")]),
        # MDX on CRLF lines: next-line silences the next line only; a directive over two lines is reported
        ("mdx-crlf.mdx", [(9, "alt-missing"), (10, "unused-suppression"), (11, "alt-missing")]),
    ],
)
def test_suppressions(name: str, expected: list[tuple[int, str]]) -> None:
    assert found(name) == expected
