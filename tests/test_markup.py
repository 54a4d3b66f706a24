"""The body's markup: HTML positions through html5lib, Markdown through markdown-it."""

from __future__ import annotations

import pytest

from artlint import charref
from artlint.document import load
from artlint.htmlscan import parse
from artlint.markup import markup


def spans(text: str) -> tuple[list[tuple[str, str, str]], list[tuple[str, str]]]:
    tags, errors = parse(text)
    return [(t.kind, t.name, text[t.start : t.end]) for t in tags], [(e.code, text[e.start : e.end]) for e in errors]


@pytest.mark.parametrize(
    ("html", "error", "at"),
    [
        ("<p>Q&A</p>", "raw-ampersand", "&"),
        ('<p title="AT&T">x</p>', "raw-ampersand", "&"),
        ("<p>&nbps; x</p>", "unknown-named-character-reference", "&nbps;"),
        ("<p>a</p></span>", "unexpected-end-tag", "</span>"),
        ('<img src=x alt="a" alt="b">', "duplicate-attribute", '<img src=x alt="a" alt='),
        ("<div/>", "non-void-element-with-trailing-solidus", "<div/>"),
        ("<p>a\x01b</p>", "invalid-codepoint", "\x01"),
        ("<p>x</p><img", "eof-in-tag-name", "<img"),
        ("<!-- never closed", "eof-in-comment", "<!-- never closed"),
        ("<h2>x</h3>", "end-tag-too-early", "</h3>"),
        ("<p>\n<!-- c -->\n<script>if (a<b) {}</script>&copy x", "missing-semicolon-after-character-reference", "&copy"),
        ("<p>a</p></div>", "unexpected-end-tag", "</div>"),  # html5lib: end-tag-too-early, but it closes nothing
        ("<svg></figure></svg>", "unexpected-end-tag", "</figure>"),
    ],
)
def test_errors_point_at_the_token_start(html: str, error: str, at: str) -> None:
    _, errors = spans(html)
    assert (error, at) in errors


@pytest.mark.parametrize(
    "html",
    [
        "<p>a<b>b<i>c</p>d</b>e</i>",  # the adoption agency: formatting elements cloned and moved
        "<table><tr><td>x</td></tr>text<b>bold</b></table>",  # foster parenting before the table
        "<pre>\nkept</pre><pre>\n\nsecond newline</pre><textarea>\nx</textarea>",  # a newline dropped only at the start
        "<ul><li>a<li>b</ul><dl><dt>t<dd>d</dl><select><option>1<option>2</select>",
        "<a href=x><div><a href=y>nested</a></div></a><nobr>1<nobr>2",
        "<svg><foreignObject><p>x</p></foreignObject></svg><math><mi>x</mi></math>",
        "<p>a</p><html><body><p>late</p></body></html><body class=x><frameset>",
        "<p>\x01\ufffe\U0002ffff x &bogus; &#0; </p></div></span>",
    ],
)
def test_same_parse_errors_as_html5lib_default_tree(html: str) -> None:
    """The parser builds a light tree of its own (no ElementTree, no text): the errors it
    reports are html5lib's with its default tree, in the same order (but that an end tag
    that closes nothing is always an unexpected-end-tag, reported once)."""
    import html5lib

    plain = html5lib.HTMLParser(namespaceHTMLElements=False)
    plain.parseFragment(html, container="div")
    same = {"end-tag-too-early": "unexpected-end-tag"}
    expected = [(pos, same.get(code, code)) for pos, code, _ in plain.errors if "entity" not in code]
    expected = [e for i, e in enumerate(expected) if i == 0 or e != expected[i - 1] or e[1] != "unexpected-end-tag"]
    ours = [same.get(e.code, e.code) for e in parse(html)[1] if e.code not in charref.MESSAGES]  # (today's spec: tested on their own)
    assert ours == [code for _, code in expected]


def test_character_reference_errors_replace_html5lib_older_ones() -> None:
    codes = [e.code for e in parse("<p>x &bogus; &#0; &copy 1 Q&A & Co</p>")[1]]
    assert codes == ["unknown-named-character-reference", "null-character-reference", "missing-semicolon-after-character-reference", "raw-ampersand"]


def test_tags_comments_and_attribute_values() -> None:
    text = '<div class="a&amp;b">\n<!-- note -->\n<img src=\'x.png\' alt="A &lt;b&gt;" hidden></div>'
    tags, errors = parse(text)
    assert errors == []
    assert [(t.kind, t.name, text[t.start : t.end]) for t in tags] == [
        ("start", "div", '<div class="a&amp;b">'),
        ("comment", " note ", "<!-- note -->"),
        ("start", "img", "<img src='x.png' alt=\"A &lt;b&gt;\" hidden>"),
        ("end", "div", "</div>"),
    ]
    img = tags[2]
    assert [(a.name, a.value, text[a.value_start : a.value_end]) for a in img.attrs] == [("src", "x.png", "x.png"), ("alt", "A <b>", "A &lt;b&gt;"), ("hidden", "", "hidden")]


def test_markdown_html_is_one_stream_with_file_positions() -> None:
    text = '---\r\ntitle: x\r\n---\r\nText <b>bold</b> and ![alt *x*](/a.png "t") and ![ref][r] `![no](x)`\r\n\r\n<div>\r\n<p>x &T\r\n</div>\r\n\r\n> ![q](q.png)\r\n\r\n[r]: <https://x.org/a b.png>\r\n'
    doc = load("a.md", text.encode())
    m = markup(doc)
    lines = doc.text.split("\r\n")

    def at(span: object) -> str:
        s = span  # type: ignore[assignment]
        assert s.line == s.end_line  # type: ignore[attr-defined]
        return lines[s.line - 1][s.column - 1 : s.end_column - 1]  # type: ignore[attr-defined]

    assert [(t.kind, t.name, at(t.span)) for t in m.tags] == [("start", "b", "<b>"), ("end", "b", "</b>"), ("start", "div", "<div>"), ("start", "p", "<p>"), ("end", "div", "</div>")]
    assert [(e.code, at(e.span)) for e in m.errors] == [("raw-ampersand", "&")]
    images = [(i.alt, at(i.alt_span), i.src.value if i.src else None, at(i.src.span) if i.src else None) for i in m.images]
    assert images == [
        ("alt x", "alt *x*", "/a.png", "/a.png"),
        ("ref", "ref", "https://x.org/a b.png", "https://x.org/a b.png"),
        ("q", "q", "q.png", "q.png"),
    ]
    assert m.images[1].src.span.line == 12  # type: ignore[union-attr]


def test_html_body_kinds() -> None:
    assert not markup(load("a.md", b"---\nt: x\n---\n\n<p>html</p>\n")).html_body  # a .md body is Markdown, whatever it starts with
    assert markup(load("a.html", b"Text <b>x</b>\n")).html_body
    assert markup(load("a.md", b"---\nt: x\n---\n```html\n<p>x</p>\n```\n")).html_body
    assert not markup(load("a.md", b"---\nt: x\n---\n# Title\n\n<p>x</p>\n")).html_body


def test_full_html_document_is_parsed_as_a_document() -> None:
    doc = load("page.html", b"<!DOCTYPE html>\n<html><head><title>x</title></head><body><p>x</p></body></html>\n")
    assert markup(doc).errors == []
