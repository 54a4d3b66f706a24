"""The loader: bytes → Document, byte-exact cases written inline so the bytes are visible."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, strategies as st

from artlint.document import load
from artlint.source import LineIndex, Span

ARTICLE = '---\ntitle: "Café"\ndescription: x\n---\n\n<p>Body</p>\n'


def test_line_index_counts_only_cr_lf_crlf() -> None:
    index = LineIndex("a\r\nb\rc\nd\u2028e\x0cf")
    assert index.line_count == 4
    assert index.position(0) == (1, 1)
    assert index.position(3) == (2, 1)
    assert index.position(5) == (3, 1)
    assert index.position(7) == (4, 1)
    assert index.position(11) == (4, 5)  # U+2028 and form feed are not line ends
    assert index.span(3, 4) == Span(2, 1, 2, 2)
    assert index.line_text(4) == "d\u2028e\x0cf"


@pytest.mark.parametrize(
    "data",
    [
        ARTICLE.encode(),
        ARTICLE.replace("\n", "\r\n").encode(),
        ARTICLE.replace("\n", "\r").encode(),
        b"\xef\xbb\xbf" + ARTICLE.encode(),
        b"\xef\xbb\xbf" + ARTICLE.replace("\n", "\r\n").encode(),
        ARTICLE.encode("utf-16"),  # with its BOM
    ],
    ids=["lf", "crlf", "cr", "bom", "bom-crlf", "utf16"],
)
def test_same_positions_whatever_the_line_ends_and_bom(data: bytes) -> None:
    doc = load("a.md", data)
    assert doc.encoding_problem is None
    fm = doc.frontmatter
    assert fm is not None and fm.problem is None
    assert fm.data == {"title": "Café", "description": "x"}
    assert fm.keys[("title",)] == Span(2, 1, 2, 6)
    assert fm.values[("title",)] == Span(2, 8, 2, 14)  # quotes included, é is one column
    assert fm.values[("description",)] == Span(3, 14, 3, 15)
    assert fm.open == Span(1, 1, 1, 4)
    assert doc.body.line == 5
    assert doc.index.line_text(6) == "<p>Body</p>"


@pytest.mark.parametrize(
    ("data", "span", "word"),
    [
        (b"---\ntitle: caf\xe9\n---\n", Span(2, 11, 2, 12), "UTF-8"),
        (b"abc\x00", Span(1, 4, 1, 5), "NUL"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", Span(3, 1, 3, 2), "NUL"),
        (b"\xff\xfe\x00\xd8", Span(1, 1, 1, 2), "UTF-16"),  # a lone surrogate
        (b"ok\n\xc3", Span(2, 1, 2, 2), "UTF-8"),  # truncated sequence
    ],
    ids=["latin1", "nul", "png", "bad-utf16", "truncated"],
)
def test_bytes_that_are_not_text(data: bytes, span: Span, word: str) -> None:
    doc = load("a.md", data)
    assert doc.encoding_problem is not None
    assert doc.encoding_problem.span == span
    assert word in doc.encoding_problem.message
    assert doc.frontmatter is None and doc.text == ""


def test_toml_front_matter_with_positions() -> None:
    doc = load("a.md", b'+++\ntitle = "T"\npublishedOn = 2025-01-02 # comment\n[seo]\nkeywords = ["a", "b"]\n+++\nbody\n')
    fm = doc.frontmatter
    assert fm is not None and fm.format == "toml" and fm.problem is None
    assert fm.data == {"title": "T", "publishedOn": "2025-01-02", "seo": {"keywords": ["a", "b"]}}
    assert fm.keys[("publishedOn",)] == Span(3, 1, 3, 12)
    assert fm.values[("publishedOn",)] == Span(3, 15, 3, 25)
    assert fm.keys[("seo", "keywords")] == Span(5, 1, 5, 9)
    assert doc.body.line == 7


def test_dates_stay_the_text_written() -> None:
    fm = load("a.md", b"---\na: 2025-02-30\nb: 2025-01-02 10:30:00+01:00\nc: !!timestamp 2025-01-02\n---\n").frontmatter
    assert fm is not None and fm.data == {"a": "2025-02-30", "b": "2025-01-02 10:30:00+01:00", "c": "2025-01-02"}


def test_scalars_record_tag_style_and_text() -> None:
    fm = load("a.md", b"---\na: no\nb: '1.10'\nc: 1.10\n---\n").frontmatter
    assert fm is not None and fm.data == {"a": False, "b": "1.10", "c": 1.1}
    assert fm.scalars[("a",)].tag.endswith(":bool") and fm.scalars[("a",)].style is None and fm.scalars[("a",)].text == "no"
    assert fm.scalars[("b",)].style == "'"
    assert fm.scalars[("c",)].text == "1.10"


def test_nested_paths_and_aliases() -> None:
    fm = load("a.md", b"---\nbase: &b {x: 1}\nitems:\n  - name: a\n  - *b\nmerged:\n  <<: *b\n  y: 2\n---\n").frontmatter
    assert fm is not None and fm.problem is None
    assert fm.data == {"base": {"x": 1}, "items": [{"name": "a"}, {"x": 1}], "merged": {"x": 1, "y": 2}}
    assert fm.keys[("items", 0, "name")] == Span(4, 5, 4, 9)
    assert fm.values[("items", 1)] == Span(2, 7, 2, 16)  # an alias points at its anchored value


def test_alias_bomb_ends_fast() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefghi", "bcdefghij"):
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    start = time.perf_counter()
    doc = load("a.md", ("---\n" + "\n".join(lines) + "\n---\n").encode())
    assert time.perf_counter() - start < 5
    assert doc.frontmatter is not None and doc.frontmatter.problem is not None
    assert "alias" in doc.frontmatter.problem.message


def test_python_tags_are_never_executed(tmp_path: pytest.TempPathFactory) -> None:
    marker = f"{tmp_path}/pwned"
    for text in (f'!!python/object/apply:os.system ["touch {marker}"]', f"!!python/object/new:os.system [touch {marker}]"):
        doc = load("a.md", f"---\nx: {text}\n---\n".encode())
        assert doc.frontmatter is not None and doc.frontmatter.problem is not None
        assert doc.frontmatter.problem.span.line == 2
    import os

    assert not os.path.exists(marker)


def test_deep_nesting_is_a_problem_not_a_crash() -> None:
    for text in ("x: " + "[" * 50_000 + "]" * 50_000, "x:\n" + "".join("  " * i + f"k{i}:\n" for i in range(3000))):
        doc = load("a.md", f"---\n{text}\n---\n".encode())
        assert doc.frontmatter is not None
        assert doc.frontmatter.problem is not None or doc.frontmatter.data is not None


@pytest.mark.parametrize(
    ("body", "info", "inner_line", "closed", "trailing"),
    [
        ("\n```html\n<p>x</p>\n```\n", "html", 6, True, None),
        ("\n\n````HTML\n<p>x</p>\n````\n\nSure! Anything else?\n", "html", 7, True, "Sure! Anything else?"),
        ("\n```html\n<p>x</p>\n", "html", 6, False, None),
        ("\n~~~\n<p>x</p>\n~~~\n", "", 6, True, None),
    ],
    ids=["simple", "trailing-text", "unclosed", "tilde"],
)
def test_fenced_body(body: str, info: str, inner_line: int, closed: bool, trailing: str | None) -> None:
    for newline in ("\n", "\r\n"):
        text = ("---\ntitle: x\n---\n" + body).replace("\n", newline)
        doc = load("a.md", text.encode())
        fence = doc.fence
        assert fence is not None and fence.info == info
        assert fence.inner.line == inner_line
        assert fence.inner.text.strip() == "<p>x</p>"
        assert (fence.close is not None) == closed
        assert (fence.trailing.text if fence.trailing else None) == trailing
        if fence.trailing:
            assert doc.text[fence.trailing.start : fence.trailing.end] == trailing


def test_body_not_fenced() -> None:
    assert load("a.md", b"---\nt: x\n---\n<p>```html</p>\n").fence is None
    assert load("a.md", b"---\nt: x\n---\n``` inline ``` code\n").fence is None


def test_html_kind_by_name() -> None:
    assert load("a.HTML", b"<p>x</p>").kind == "html"
    assert load("a.md", b"<p>x</p>").kind == "markdown"


def test_huge_file_is_checked_in_seconds() -> None:
    text = "---\ntitle: x\n---\n" + ("<p>" + "word " * 2000 + "</p>\n") * 500  # about 5 MB
    start = time.perf_counter()
    doc = load("a.md", text.encode())
    assert doc.frontmatter is not None and doc.frontmatter.data == {"title": "x"}
    assert doc.index.line_count == 504
    assert time.perf_counter() - start < 5


def test_an_offset_inside_crlf_is_the_end_of_its_line() -> None:
    index = LineIndex("ab\r\ncd")
    assert index.position(3) == (1, 3) and index.position(4) == (2, 1)


@given(st.lists(st.sampled_from(["a", "bc", "\n", "\r", "\r\n", "\u2028", "\x85", "é"]), max_size=30).map("".join))
def test_line_starts_split_on_one_kind_of_line_end_as_the_search_does(text: str) -> None:
    """Line starts come from a split when the text has one kind of line end, from a search
    for every line end otherwise: the same offsets either way."""
    from artlint.source import LINE_END, line_starts

    assert line_starts(text) == [0, *(m.end() for m in LINE_END.finditer(text))]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_front_matter_spans_where_yaml_breaks_lines_otherwise(newline: str) -> None:
    """YAML breaks lines at U+2028 too, the file does not: a front matter holding one is
    placed by offsets, the others by the YAML marks; both give the file's lines."""
    for sep in ("", "\u2028"):
        text = newline.join(["---", f'title: "A{sep}B"', "tags: [x, y]", "note: |", "  block", "---", "", "Body."])
        fm = load("a.md", text.encode()).frontmatter
        assert fm is not None and fm.problem is None
        assert fm.keys[("tags",)] == Span(3, 1, 3, 5)
        assert fm.values[("tags",)] == Span(3, 7, 3, 13)
        assert fm.values[("tags", 1)] == Span(3, 11, 3, 12)
        assert fm.values[("title",)] == Span(2, 8, 2, 12 + len(sep))
        assert fm.values[("note",)] == Span(4, 7, 5, 8)  # the block, without its last line break
