"""artlint's 1-based character columns ↔ LSP positions in each encoding."""

from __future__ import annotations

from hypothesis import given, strategies as st

from artlint.server.actions import Edit, apply
from artlint.server.positions import UTF8, UTF16, UTF32, Lines, units
from artlint.source import LineIndex, Span

LINE = "a🙂中b"  # 1, 1 (2 in UTF-16, 4 in UTF-8), 1 (3 in UTF-8), 1


def test_units_per_encoding() -> None:
    assert [units(LINE, e) for e in (UTF8, UTF16, UTF32)] == [9, 5, 4]


def test_character_of_a_column_after_an_emoji_and_a_cjk_character() -> None:
    # "b" is artlint's column 4
    assert Lines(LINE, UTF16).character(0, 4) == 4
    assert Lines(LINE, UTF8).character(0, 4) == 8
    assert Lines(LINE, UTF32).character(0, 4) == 3


def test_bom_counts_on_line_one_only() -> None:
    lines = Lines("\ufeffab\ncd", UTF16)
    assert lines.character(0, 1) == 1 and lines.character(1, 1) == 0


def test_line_ends_as_artlint_counts_them() -> None:
    lines = Lines("a\r\nb\rc\nd", UTF16)
    assert [lines.text(i) for i in range(4)] == ["a", "b", "c", "d"]
    assert lines.range(Span(3, 1, 4, 2)) == ((2, 0), (3, 1))


_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@given(_TEXT, st.sampled_from([UTF8, UTF16, UTF32]))
def test_column_and_character_round_trip(text: str, encoding: str) -> None:
    line = text.replace("\r", " ").replace("\n", " ")
    lines = Lines(line, encoding)
    for column in range(1, len(line) + 2):
        assert lines.column(0, lines.character(0, column)) == column


@given(st.lists(st.sampled_from(["ab", "🙂", "中", "", "x y"]), min_size=1, max_size=6), st.sampled_from(["\n", "\r\n", "\r"]))
def test_spans_of_artlint_land_where_the_text_is(parts: list[str], eol: str) -> None:
    text = eol.join(parts)
    index = LineIndex(text)
    lines = Lines(text, UTF32)
    for offset in range(len(text) + 1):
        line, column = index.position(offset)
        (row, character), _ = lines.range(Span(line, column, line, column))
        assert row == line - 1 and lines.text(row)[:character] == text[index.offset(line) : offset].rstrip("\r")  # (between CR and LF: the line's end)


def test_apply_inserts_and_replaces_at_offsets() -> None:
    assert apply("a\r\nb\r\n", [Edit(3, 3, "x\r\n"), Edit(0, 1, "A")]) == "A\r\nx\r\nb\r\n"


@given(st.lists(st.sampled_from(["ab", "🙂", "中", "", "x y"]), min_size=1, max_size=6), st.sampled_from(["\n", "\r\n", "\r"]), st.booleans())
def test_offsets_of_the_file_text_land_where_the_text_is(parts: list[str], eol: str, bom: bool) -> None:
    text = eol.join(parts)
    buffer = ("\ufeff" if bom else "") + text
    index = LineIndex(text)
    lines = Lines(buffer, UTF32)
    for offset, _ in enumerate(text + " "):
        row, character = lines.position(index, offset)
        at = index.offset(row + 1)
        skip = 1 if bom and row == 0 else 0
        assert lines.text(row)[skip:character] == text[at:offset].rstrip("\r")
