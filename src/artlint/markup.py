"""The body's markup, parsed once per Document and shared by every body rule.

Which text is HTML:
- a body wrapped in a ```` ```html ```` fence: the HTML inside it (and any text after the
  closing fence, which belongs to the article too);
- an ``.html``/``.htm`` file, or a Markdown file whose body starts with ``<``: the body;
- any other Markdown body (parsed with markdown-it, CommonMark): its HTML blocks and inline
  HTML, taken in order as one stream, so that an element opened in one block and closed in
  a later one is not unclosed.

The HTML stream is parsed once with html5lib (``htmlscan``); Markdown headings and images
come from markdown-it's tokens, their columns recovered from the source lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple, TYPE_CHECKING

from .source import LINE_END, LineIndex, Region, SourceMap, Span

if TYPE_CHECKING:
    from .document import Document, Fence
    from .htmlscan import RawAttr, RawTag

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param", "keygen", "basefont", "bgsound", "frame"})
HEADINGS = {f"h{n}": n for n in range(1, 7)}


class Attr(NamedTuple):
    name: str
    value: str | None  # decoded; None when written without a value (``<img alt>``)
    raw: str | None  # as written
    span: Span  # the value's own span (inside the quotes); the name's when there is no value
    start: int  # file offset of the value's first character


class Spans:
    """Maps offsets of the HTML stream to file spans, on demand."""

    __slots__ = ("stream", "index")

    def __init__(self, stream: SourceMap, index: LineIndex) -> None:
        self.stream, self.index = stream, index

    def span(self, start: int, end: int) -> Span:
        return self.stream.file_span(self.index, start, end)

    def offset(self, start: int) -> int:
        return self.stream.file_offset(start)


class Tag(NamedTuple):
    """A start tag, end tag or comment of the HTML stream; positions computed on access."""

    raw: RawTag
    spans: Spans

    @property
    def kind(self) -> str:  # "start", "end" or "comment"
        return self.raw.kind

    @property
    def name(self) -> str:  # lower-case tag name; the text of a comment
        return self.raw.name

    @property
    def self_closing(self) -> bool:
        return self.raw.self_closing

    @property
    def span(self) -> Span:
        return self.spans.span(self.raw.start, self.raw.end)

    @property
    def attrs(self) -> tuple[Attr, ...]:
        return tuple(self._attr(a) for a in self.raw.attrs)

    def attr(self, name: str) -> Attr | None:
        return next((self._attr(a) for a in self.raw.attrs if a.name == name), None)

    def _attr(self, a: RawAttr) -> Attr:
        return Attr(a.name, a.value, a.raw, self.spans.span(a.value_start, a.value_end), self.spans.offset(a.value_start))


class HtmlError(NamedTuple):
    code: str
    message: str
    span: Span


class Heading(NamedTuple):
    level: int
    span: Span
    markdown: bool  # a Markdown heading (else an HTML <hN>)


class Url(NamedTuple):
    """An image (or link) reference as written: the URL and the span of its own text."""

    value: str
    span: Span
    start: int  # file offset


class Image(NamedTuple):
    kind: str  # "img", "source" (in <picture>) or "markdown"
    span: Span  # the whole tag or Markdown image
    src: Url | None  # None: no src at all
    alt: str | None  # None: no alt attribute
    alt_span: Span | None
    srcset: tuple[Url, ...] = ()

    @property
    def urls(self) -> tuple[Url, ...]:
        return ((self.src,) if self.src is not None else ()) + self.srcset


@dataclass(slots=True)
class Markup:
    html_body: bool  # the body is HTML (or fenced HTML); else Markdown
    tags: list[Tag] = field(default_factory=list)
    errors: list[HtmlError] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    links: list[Url] = field(default_factory=list)  # <a href> and Markdown links
    anchors: set[str] = field(default_factory=set)  # ids, <a name> and Markdown heading anchors
    skipped: str | None = None  # why the body was not parsed: "size", "depth", "tokens" or "attributes"
    depth: int = 0  # the deepest nesting of HTML elements found (when it was too deep)
    crowded: Span | None = None  # the start of the tag with too many attributes


def markup(doc: Document) -> Markup:
    """The parsed markup of ``doc``'s body (computed once, then shared)."""
    return doc.cached("markup", _build)  # type: ignore[no-any-return]


def is_html_fence(fence: Fence) -> bool:
    """A fence that holds the article's HTML: ```` ```html ````, or unlabelled markup."""
    return fence.info in ("html", "htm", "xhtml") or (fence.info == "" and fence.inner.text.lstrip().startswith("<"))


def html_regions(doc: Document) -> list[Region] | None:
    """The regions of the body that are HTML as a whole, or None for a Markdown body."""
    fence = doc.fence
    if fence is not None and is_html_fence(fence):
        return [fence.inner] + ([fence.trailing] if fence.trailing is not None else [])
    head = doc.body.text[:4096]
    # Blank space and comments before the first content: a body that starts with a
    # suppression comment is still Markdown when Markdown follows.
    if doc.kind == "html" or head.startswith("<", skip_comments(head)):
        return [doc.body]
    return None


_SPACE = re.compile(r"\s*")


def skip_comments(text: str, pos: int = 0) -> int:
    """The offset after the blank space and HTML comments that start at ``pos``.

    A scan, not one expression: ``(?:<!--.*?-->\\s*)*`` tries every way to split the
    comments when what follows them does not match (exponential in their number).
    A comment that is not closed is not skipped.
    """
    while True:
        pos = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
        if not text.startswith("<!--", pos):
            return pos
        end = text.find("-->", pos + 4)
        if end < 0:
            return pos
        pos = end + 3


def _build(doc: Document) -> Markup:
    regions = html_regions(doc)
    stream = SourceMap()
    result = Markup(html_body=regions is not None)
    if doc.size > doc.max_body_size:
        result.skipped = "size"
        return result
    if regions is not None:
        for region in regions:
            stream.add_region(region)
    else:
        _markdown(doc, stream, result)
    result.depth = nesting_depth(stream.text)
    if result.depth > doc.max_depth:
        result.skipped = "depth"  # html5lib's tree builder is quadratic in the depth
        return result
    # Each '<' may start a tag and each '&' a character reference: html5lib's time (and the
    # parse errors) go to them and to attributes, far more than to text.
    tokens = stream.text.count("<") + stream.text.count("&")
    if tokens > doc.max_tokens:
        result.skipped = "tokens"
        return result
    _html(doc, stream, result, doc.max_tokens - tokens)
    result.headings.sort(key=lambda h: (h.span.line, h.span.column))
    result.images.sort(key=lambda i: (i.span.line, i.span.column))
    result.links.sort(key=lambda u: (u.span.line, u.span.column))
    return result


# ----------------------------------------------------------------------------- HTML

_TAG_TOKEN = re.compile(r"<(/?)([a-zA-Z][^\s/>]*)[^>]*?(/?)>")
#: Elements that an HTML parser closes implicitly: they do not nest without end tags.
_FLAT = VOID | {"p", "li", "dt", "dd", "option", "tr", "td", "th", "rt", "rp"}


def nesting_depth(text: str) -> int:
    """The deepest element nesting of ``text``, by a scan of its tags (no parse)."""
    depth = deepest = 0
    # Only up to the last '>': from a '<' that no '>' follows, the expression would scan the
    # rest of the text (every '<' of a long tail without '>': quadratic).
    for m in _TAG_TOKEN.finditer(text, 0, text.rfind(">") + 1):
        name = m.group(2).lower()
        if name in _FLAT:
            continue
        if m.group(1):
            depth = max(depth - 1, 0)
        elif not m.group(3):
            depth += 1
            deepest = max(deepest, depth)
    return deepest



def _html(doc: Document, stream: SourceMap, result: Markup, attributes: int) -> None:
    """The tags, errors, headings, images, links and anchors of the HTML stream; none when
    the parse passes the limits (a tag's ``doc.max_attributes``, ``attributes`` in all)."""
    text = stream.text
    if not text.strip():
        return
    from . import htmlscan

    spans = Spans(stream, doc.index)
    try:
        raw_tags, raw_errors = htmlscan.parse(text, doc.max_attributes, attributes)
    except htmlscan.TooComplex as stop:
        result.skipped = stop.what
        result.crowded = spans.span(stop.start, stop.start) if stop.what == "attributes" else None
        return
    for e in raw_errors:
        result.errors.append(HtmlError(e.code, e.message, spans.span(e.start, e.end)))
    for raw in raw_tags:
        tag = Tag(raw, spans)
        result.tags.append(tag)
        if raw.kind != "start":
            continue
        for a in raw.attrs:
            if a.name == "id" or (a.name == "name" and raw.name == "a"):
                result.anchors.add(a.value or "")
            elif a.name == "href" and raw.name == "a" and a.value is not None:
                result.links.append(Url(a.value, spans.span(a.value_start, a.value_end), spans.offset(a.value_start)))
        if raw.name in HEADINGS:
            result.headings.append(Heading(HEADINGS[raw.name], tag.span, markdown=False))
        elif raw.name in ("img", "source"):
            image = _html_image(tag, spans)
            if image is not None:
                result.images.append(image)


_SRCSET_URL = re.compile(r"[\s,]*([^\s,][^\s]*?)(,?)(?=\s|$)")


def _srcset(tag: Tag, spans: Spans) -> tuple[Url, ...]:
    """The URLs of a srcset, each with the span of its own text."""
    import html as _html_mod

    raw = next((a for a in tag.raw.attrs if a.name == "srcset"), None)
    if raw is None:
        return ()
    out = []
    text = raw.raw or ""
    pos = 0
    while pos < len(text):
        m = _SRCSET_URL.match(text, pos)
        if m is None:
            break
        url = m.group(1)
        start = raw.value_start + m.start(1)
        out.append(Url(_html_mod.unescape(url), spans.span(start, start + len(url)), spans.offset(start)))
        pos = m.end()
        if not m.group(2):  # skip the descriptors up to the next comma
            comma = text.find(",", pos)
            if comma < 0:
                break
            pos = comma + 1
    return tuple(out)


def _html_image(tag: Tag, spans: Spans) -> Image | None:
    srcset = _srcset(tag, spans)
    if tag.name == "source":
        if not srcset:
            return None  # <source src> of <video>/<audio>: not an image
        return Image("source", tag.span, None, None, None, srcset)
    src = tag.attr("src")
    alt = tag.attr("alt")
    src_url = Url(src.value or "", src.span, src.start) if src is not None else None
    return Image("img", tag.span, src_url, alt.value if alt is not None else None, alt.span if alt is not None else None, srcset)


# ------------------------------------------------------------------------- Markdown


@lru_cache(maxsize=1)
def _md() -> Any:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    md.disable("inline")  # inline content is parsed only where it can hold HTML or images
    return md


#: A link reference definition. Its label holds no unescaped bracket and at most 999
#: characters (CommonMark): a label scan ends at the next '[', so that the scans from many
#: line starts do not cover the same text (quadratic); the blank space before the URL is one
#: run on each side of the optional line end (two adjacent runs backtrack over each other).
_DEFINITION = re.compile(r"^ {0,3}\[((?:[^\[\]\\]|\\.){1,999})\]:[ \t]*(?:(?:\r\n|\r|\n)[ \t]*)?(<[^>\r\n]*>|\S+)", re.MULTILINE)


_NOT_SLUG = re.compile(r"[^\w\- ]")


def slug(heading: str) -> str:
    """The anchor GitHub and most generators give a Markdown heading: ``## A B!`` → ``a-b``."""
    # The opening and closing hashes, by string methods (``\\s*#+\\s*$`` is quadratic).
    text = heading.strip().lstrip("#").rstrip("#").strip().lower()
    return _NOT_SLUG.sub("", text).replace(" ", "-")


def _label(text: str) -> str:
    return " ".join(text.split()).casefold()


def _markdown(doc: Document, stream: SourceMap, result: Markup) -> None:
    body = doc.body
    text = body.text
    breaks = [m.span() for m in LINE_END.finditer(text)]
    starts = [0, *(end for _, end in breaks)]
    ends = [*(start for start, _ in breaks), len(text)]

    def file_offset(line: int, col: int = 0) -> int:  # 0-based body line
        return body.start + starts[min(line, len(starts) - 1)] + col

    definitions: dict[str, tuple[str, int]] = {}
    for m in _DEFINITION.finditer(text):
        url = m.group(2)
        start = m.start(2)
        if url.startswith("<"):
            url, start = url[1:-1], start + 1
        definitions.setdefault(_label(m.group(1)), (url, body.start + start))

    md = _md()
    env: dict[str, Any] = {}
    for token in md.parse(text, env):
        if token.map is None:
            continue
        first, last = token.map
        if token.type == "heading_open":
            line_text = text[starts[first] : ends[first]]
            indent = len(line_text) - len(line_text.lstrip())
            result.headings.append(Heading(int(token.tag[1]), doc.index.span(file_offset(first, indent), file_offset(first) + len(line_text)), markdown=True))
            result.anchors.add(slug(line_text))
        elif token.type == "html_block":
            lines = token.content.split("\n")
            for i, line in enumerate(lines[: last - first]):
                source = text[starts[first + i] : ends[first + i]]
                col = len(source) - len(line) if source.endswith(line) else 0
                stream.add(line + "\n", file_offset(first + i, col))
        elif token.type == "inline" and ("<" in token.content or "[" in token.content):
            token.children = []
            md.inline.parse(token.content, md, env, token.children)
            _inline(doc, token, text[starts[first] : ends[last - 1]], file_offset(first), stream, result, definitions, md, env)


def _inline(doc: Document, token: Any, source: str, base: int, stream: SourceMap, result: Markup, definitions: dict[str, tuple[str, int]], md: Any, env: Any) -> None:
    """Locate the inline HTML, code spans, images and links of one inline block in its source."""
    cursor = 0
    for child in token.children:
        if child.type in ("html_inline", "code_inline"):
            found = source.find(child.content, cursor)
            if found < 0:
                continue
            if child.type == "html_inline":
                stream.add(child.content, base + found)
            cursor = found + len(child.content)
        elif child.type == "image":
            found = source.find("![", cursor)
            if found < 0:
                continue
            alt_end = _bracket_end(source, found + 1)
            src, end = _destination(doc, source, found + 2, alt_end, base, definitions)
            alt = md.renderer.renderInlineAsText(child.children or [], md.options, env)
            result.images.append(Image("markdown", doc.index.span(base + found, base + end), src, alt, doc.index.span(base + found + 2, base + alt_end)))
            cursor = end
        elif child.type == "link_open" and child.markup != "autolink":
            found = source.find("[", cursor)
            if found < 0:
                continue
            text_end = _bracket_end(source, found)
            href, _ = _destination(doc, source, found + 1, text_end, base, definitions)
            if href is not None:
                result.links.append(href)
            cursor = found + 1  # the link text may hold images and code spans


def _bracket_end(source: str, at: int) -> int:
    """The offset of the ']' that closes the '[' at ``at`` (balanced, escapes skipped)."""
    depth, i = 0, at
    while i < len(source):
        c = source[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            depth += 1
        elif c == "]":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return len(source)


def _destination(doc: Document, source: str, text_start: int, text_end: int, base: int, definitions: dict[str, tuple[str, int]]) -> tuple[Url | None, int]:
    """The URL after ``[text]`` — inline ``(url)``, or a reference ``[label]``/``[]``/none —
    with the span of its own text, and the offset just after the construct."""
    index = doc.index
    pos = text_end + 1
    if source.startswith("(", pos):
        j = pos + 1
        while j < len(source) and source[j] in " \t\r\n":
            j += 1
        if source.startswith("<", j):
            close = source.find(">", j)
            url_start, url_end = j + 1, close if close >= 0 else j + 1
        else:
            k, parens = j, 0
            while k < len(source) and not source[k].isspace():
                if source[k] == "(":
                    parens += 1
                elif source[k] == ")":
                    if parens == 0:
                        break
                    parens -= 1
                k += 1
            url_start, url_end = j, k
        close_paren = source.find(")", url_end)
        url = Url(source[url_start:url_end], index.span(base + url_start, base + url_end), base + url_start)
        return url, close_paren + 1 if close_paren >= 0 else url_end
    label, end = source[text_start:text_end], pos
    if source.startswith("[", pos):
        close = source.find("]", pos)
        if close > pos + 1:
            label = source[pos + 1 : close]
        end = close + 1 if close >= 0 else pos
    found = definitions.get(_label(label))
    if found is None:
        return None, end
    url, start = found
    return Url(url, index.span(start, start + len(url)), start), end
