"""The body model: code found before any parse, template tags and MDX syntax masked."""

from __future__ import annotations

import time

import pytest

from artlint import mdx, templates
from artlint.bodytext import body_text, prose
from artlint.code import Regions, code_regions, code_spans, fenced_blocks, mask
from artlint.document import load
from artlint.markup import markup


def doc(body: str, name: str = "a.md"):  # type: ignore[no-untyped-def]
    return load(name, ("---\ntitle: x\n---\n" + body).encode())


def test_fences_and_code_spans() -> None:
    text = "a `x` b ``y ` z`` c\n\n```js\n`q`\n```\n~~~\nopen to the end"
    blocks = fenced_blocks(text)
    assert [text[a:b] for a, b in blocks] == ["```js\n`q`\n```\n", "~~~\nopen to the end"]
    assert [text[a:b] for a, b in code_spans(text, 0, blocks[0][0])] == ["`x`", "``y ` z``"]
    assert code_spans("a `b\n\nc` d", 0, 10) == []  # a code span ends with its paragraph


def test_mask_keeps_offsets_and_line_ends() -> None:
    assert mask("ab{{ x\r\n y }}cd", [(2, 13)]) == "ab    \r\n     cd"


def test_template_tags_outside_code() -> None:
    text = "{{< figure src=\"a.png\" alt='A b' >}} `{{ x }}` {% image \"c.png\", \"C\" %}\n{{ lone"
    tags = templates.scan(text, Regions(code_regions(text)))
    assert [(t.name, [(a.key, a.value) for a in t.args]) for t in tags] == [("figure", [("src", "a.png"), ("alt", "A b")]), ("image", [(None, "c.png"), (None, "C")])]
    assert all(text[a.start : a.end] == a.value for t in tags for a in t.args)


def test_template_tag_never_spans_a_paragraph() -> None:
    assert templates.scan("use {{ in prose\n\nand }} later", Regions([])) == []


def test_masked_body_parses_without_template_errors() -> None:
    d = doc("{{<figure src=\"/a.png\">}}\n<p>{% if x %}<b>{% endif %}</b></p>\n")
    text = body_text(d).text
    assert len(text) == len(d.body.text) and "{" not in text
    assert [i.src.value for i in markup(d).images if i.src] == ["/a.png"]
    assert [e.code for e in markup(d).errors] == []


def test_templated_urls_are_not_checked() -> None:
    d = doc('<img src="{{ site.baseurl }}/a.png" alt="A">\n\n![B]({{ "/b.png" | relative_url }})\n')
    images = markup(d).images
    assert [(i.src.value, i.src.templated) for i in images if i.src] == [("{{ site.baseurl }}/a.png", True), ('{{ "/b.png" | relative_url }}', True)]
    assert all(i.urls == () for i in images)


def test_prose_masks_code_and_templates() -> None:
    d = doc("Certainly! `code` and {% raw %}x{% endraw %}\n\n```\nhere is a rewritten version\n```\n")
    text = prose(d)
    assert "Certainly!" in text and "code" not in text and "raw" not in text and "rewritten" not in text


def test_mdx_syntax() -> None:
    text = "import A from 'a';\nimport {\n  B,\n} from 'b';\n\n# T\n\n<A x=\"1\" y={{a: '}'}} {...rest}>\n{/* c */} text {1 + 2}\n</A>\n<B/>\n<>frag</>\n"
    found = mdx.scan(text, Regions(code_regions(text)))
    masked = mask(text, found.masked)
    assert masked.split("\n")[5] == "# T" and "import" not in masked and "{" not in masked and "<" not in masked
    assert "text" in masked and "frag" in masked
    assert [(t.name, t.closing, t.self_closing) for t in found.tags] == [("A", False, False), ("A", True, False), ("B", False, True), ("", False, False), ("", True, False)]
    assert [(a.name, a.value, a.expression) for a in found.tags[0].attrs] == [("x", "1", False), ("y", "{{a: '}'}}", True)]


def test_mdx_code_is_left_alone() -> None:
    d = doc("1. Step\n\n   ```jsx\n   <Image src={x} />\n   ```\n\n`<img>` and <Image src=\"/a.png\" alt=\"A\" />\n", "a.mdx")
    images = markup(d).images
    assert [(i.kind, i.name, i.alt) for i in images] == [("jsx", "Image", "A")]
    assert markup(d).errors == [] and markup(d).tags == []


def test_a_body_that_starts_with_html_is_markdown() -> None:
    d = doc("<!-- intro -->\n<figure><img src=\"a.png\" alt=\"A\"></figure>\n\n## Heading\n\nA `<video>` tag and <https://example.com/?a=1&b=2>.\n\n![B](b.png)\n")
    m = markup(d)
    assert not m.html_body and m.errors == []
    assert [h.markdown for h in m.headings] == [True]
    assert [i.kind for i in m.images] == ["img", "markdown"]


def test_a_fenced_html_body_stays_html() -> None:
    m = markup(doc("```html\n<p>x</p></span>\n```\n"))
    assert m.html_body and [e.code for e in m.errors] == ["unexpected-end-tag"]


def test_markdown_inside_an_html_block() -> None:
    m = markup(doc("<table><tr>\n<td>![](x.png)</td>\n</tr></table>\n"))
    assert [(lit.kind, lit.span.line) for lit in m.literal] == [("image", 5)]
    assert [(i.kind, i.alt, i.span.line) for i in m.images] == [("markdown", "", 5)]


ADVERSARIAL = [
    "{{" * 200_000,
    "{{ x }}\n" * 50_000,
    "a{{ x }}" * 50_000,
    "{{ x }}" * 50_000,
    " " * 200_000 + "{{ x }}" * 20_000,
    "{%" * 200_000,
    "{{<" * 150_000,
    "{{< a b=\"" * 50_000,
    "`" * 300_000,
    "` `` ``` " * 50_000,
    "```\n" * 100_000,
    "{% image \"" + "a" * 400_000,
    "{{ x " + "y=" * 200_000 + " }}",
    "{{ x " + "a" * 400_000 + " }}",
]
ADVERSARIAL_MDX = [
    "{" * 300_000,
    "<A " * 150_000,
    "<A b=\"" * 100_000,
    "<A b={" * 100_000,
    "{'" * 200_000,
    "import x\n" * 100_000,
    "\nimport x\n" * 100_000,
    "<a" + " b" * 300_000,
    "{/*" * 200_000,
]


@pytest.mark.parametrize("text", ADVERSARIAL + ADVERSARIAL_MDX, ids=lambda t: repr(t[:12]))
@pytest.mark.parametrize("name", ["a.md", "a.mdx"])
def test_linear_on_hostile_bodies(text: str, name: str) -> None:
    """A quarter of the text takes about a quarter of the time (quadratic: a sixteenth)."""

    def seconds(body: str) -> float:
        best = float("inf")
        for _ in range(2):  # the best of two: a busy machine adds time, never removes it
            d = load(name, body.encode())
            start = time.perf_counter()
            body_text(d)
            best = min(best, time.perf_counter() - start)
        return best

    whole, quarter = seconds(text), seconds(text[: len(text) // 4])
    assert whole < 10 and whole < 8 * quarter + 0.5, (whole, quarter)


def test_templated_links_are_not_fragments() -> None:
    d = doc('More in [the notes]({% link _docs/history.md %}#v3-9-3) and <a href="{{ site.url }}#top">top</a>.\n')
    assert markup(d).links == []


def test_captured_and_commented_template_blocks_are_not_content() -> None:
    d = doc("{% set code %}\n# Hello from <Exclaim target={props.key} />\n{% endset %}\n{% set x = 1 %}\n<p>{% comment %}</div>{% endcomment %}</p>\n")
    assert markup(d).errors == [] and markup(d).headings == []


def test_a_tag_that_writes_keeps_its_line_in_the_html_block() -> None:
    """The built page holds the highlight's <pre> there: the HTML block goes on past it."""
    d = doc('<is-land>\n\t<template>\n{% highlight "liquid" %}{% raw %}\nFile   {{ page.inputPath }}\n{% endraw %}{% endhighlight %}\n\t</template>\n</is-land>\n')
    assert markup(d).errors == []
    from artlint.rules.html_unclosed_element import HtmlUnclosedElement

    assert list(HtmlUnclosedElement().check(d, HtmlUnclosedElement.Options())) == []


def test_a_silent_tag_alone_on_its_line_is_a_blank_line() -> None:
    text = body_text(doc("a\n{% if x %}\nb\n")).text
    assert text.split("\n")[1].strip(" ") == ""


def test_declared_image_shortcodes() -> None:
    d = doc('{{< photo file="/a.png" description="Boats" >}}\n{% gallery_img "/b.png", "Gulls" %}\n')
    d.image_shortcodes.update({"photo": ("file", "description"), "gallery_img": ("1", "2")})
    assert [(i.name, i.src.value, i.alt) for i in markup(d).images if i.src] == [("photo", "/a.png", "Boats"), ("gallery_img", "/b.png", "Gulls")]


def test_unchecked_formats_are_counted(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from collections import Counter

    from artlint import discover, registry
    from artlint.config import load as load_config

    (tmp_path / "a.md").write_text("x")
    (tmp_path / "b.rst").write_text("x")
    (tmp_path / "c.adoc").write_text("x")
    (tmp_path / "d.mdx").write_text("x")
    unchecked: Counter[str] = Counter()
    found = discover.files([str(tmp_path)], load_config(str(tmp_path), registry.load()), str(tmp_path), unchecked=unchecked)
    assert sorted(found) == ["a.md", "d.mdx"] and unchecked == {".rst": 1, ".adoc": 1}
