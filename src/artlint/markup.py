"""The body's markup, parsed once per Document and shared by every body rule.

Which text is HTML:
- a body wrapped in a ```` ```html ```` fence: the HTML inside it (and any text after the
  closing fence, which belongs to the article too);
- an ``.html``/``.htm`` file: the body;
- a Markdown body (parsed with markdown-it, CommonMark), whatever its first character: its
  HTML blocks and inline HTML, taken in order as one stream, so that an element opened in
  one block and closed in a later one is not unclosed. Code spans and code blocks are not
  HTML; a Markdown autolink is not a tag;
- an MDX body: none. Its JSX tags, expressions and ESM are MDX's (``bodytext``); the
  Markdown around them is parsed as above, without indented code blocks, as MDX does.

Template tags are masked first (``bodytext``); image shortcodes and JSX images are images.
The HTML stream is parsed once with html5lib (``htmlscan``); Markdown headings and images
come from markdown-it's tokens, their columns recovered from the source lines. Markdown
written inside an HTML block is shown as literal text by CommonMark: it is recorded
(``literal``), and its images are images still.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

from . import templates
from .bodytext import BodyText, body_text, is_html_fence as is_html_fence
from .code import Regions
from .corpus.facts import normal
from .source import LINE_END, LineIndex, Region, SourceMap, Span, lazy_re

if TYPE_CHECKING:
    from .document import Document
    from .htmlscan import RawAttr, RawTag

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param", "keygen", "basefont", "bgsound", "frame"})
HEADINGS = {f"h{n}": n for n in range(1, 7)}
#: The tags that open an HTML block of CommonMark's kind 6 (spec 0.31.2, as markdown-it's
#: ``common.html_blocks``): kept here, so that a run whose bodies are not Markdown never
#: imports markdown-it (a test compares the two lists).
HTML_BLOCK_NAMES = frozenset(
    "address article aside base basefont blockquote body caption center col colgroup dd details dialog dir div dl dt "
    "fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 head header hr html iframe legend li link "
    "main menu menuitem nav noframes ol optgroup option p param search section summary table tbody td tfoot th thead "
    "title tr track ul".split()
)


class Attr(NamedTuple):
    name: str
    value: str | None  # decoded; None when written without a value (``<img alt>``)
    raw: str | None  # as written
    span: Span  # the value's own span (inside the quotes); the name's when there is no value
    start: int  # file offset of the value's first character


class Spans:
    """Maps offsets of the HTML stream to file spans, on demand."""

    __slots__ = ("index", "stream")

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
    templated: bool = False  # written with template syntax or a JSX expression: known only once built


class Image(NamedTuple):
    kind: str  # "img", "source" (in <picture>), "markdown", "shortcode" or "jsx"
    span: Span  # the whole tag, shortcode or Markdown image
    src: Url | None  # None: no src at all
    alt: str | None  # None: no alt attribute
    alt_span: Span | None  # None also when the alt is computed (a template, a JSX expression)
    srcset: tuple[Url, ...] = ()
    name: str = ""  # the shortcode's or JSX component's name

    @property
    def urls(self) -> tuple[Url, ...]:
        """The URLs that can be checked before the site is built."""
        return tuple(u for u in ((self.src,) if self.src is not None else ()) + self.srcset if not u.templated)


class Literal(NamedTuple):
    """Markdown written inside an HTML block, which CommonMark shows as it is written."""

    kind: str  # "image" or "link"
    span: Span


@dataclass(slots=True)
class Markup:
    html_body: bool  # the body is HTML (or fenced HTML); else Markdown
    tags: list[Tag] = field(default_factory=list)
    errors: list[HtmlError] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    links: list[Url] = field(default_factory=list)  # <a href> and Markdown links
    anchors: set[str] = field(default_factory=set)  # ids, <a name> and Markdown heading anchors
    literal: list[Literal] = field(default_factory=list)  # Markdown inside HTML blocks
    code: list[tuple[int, int]] = field(default_factory=list)  # file offsets of Markdown code blocks
    skipped: str | None = None  # why the body was not parsed: "size", "depth", "tokens" or "attributes"
    depth: int = 0  # the deepest nesting of HTML elements found (when it was too deep)
    crowded: Span | None = None  # the start of the tag with too many attributes


def markup(doc: Document) -> Markup:
    """The parsed markup of ``doc``'s body (computed once, then shared)."""
    return doc.cached("markup", _build)


def html_regions(doc: Document) -> list[Region] | None:
    """The regions of the body that are HTML as a whole, or None for a Markdown body."""
    fence = doc.fence
    if fence is not None and is_html_fence(fence):
        return [fence.inner] + ([fence.trailing] if fence.trailing is not None else [])
    if doc.kind == "html":
        return [doc.body]
    return None


def _build(doc: Document) -> Markup:
    regions = html_regions(doc)
    stream = SourceMap()
    result = Markup(html_body=regions is not None)
    if doc.size > doc.max_body_size:
        result.skipped = "size"
        return result
    masked = body_text(doc)
    if regions is not None:
        for region in regions:
            start = region.start - doc.body.start
            stream.add_region(Region(masked.text[start : start + len(region.text)], region.start, doc.index))
    else:
        _markdown(doc, masked, stream, result)
    if doc.kind == "mdx":
        _jsx(doc, masked, result)
    else:
        _shortcodes(doc, masked, result)
        result.depth = nesting_depth(stream.text)
        if result.depth > doc.max_depth:
            result.skipped = "depth"  # html5lib's tree builder is quadratic in the depth
            return result
        # Each '<' may start a tag and each '&' a character reference: html5lib's time (and
        # the parse errors) go to them and to attributes, far more than to text.
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

_TAG_TOKEN = lazy_re(r"<(/?)([a-zA-Z][^\s/>]*)[^>]*?(/?)>")
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
    templated = _templated(doc)
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
        if raw.kind == "start":
            _start_tag(tag, spans, templated, result)


def _start_tag(tag: Tag, spans: Spans, templated: _Templated, result: Markup) -> None:
    """What a start tag adds: anchors, a link, a heading or an image."""
    _anchors_and_link(tag.raw, spans, templated, result)
    name = tag.raw.name
    if name in HEADINGS:
        result.headings.append(Heading(HEADINGS[name], tag.span, markdown=False))
    elif name in ("img", "source"):
        image = _html_image(tag, spans, templated)
        if image is not None:
            result.images.append(image)


def _anchors_and_link(raw: RawTag, spans: Spans, templated: _Templated, result: Markup) -> None:
    """A tag's ``id`` (and ``<a name>``) as anchors, an ``<a href>`` as a link (unless written
    with a template: known only once built)."""
    for a in raw.attrs:
        if a.name == "id" or (a.name == "name" and raw.name == "a"):
            result.anchors.add(a.value or "")
        elif a.name == "href" and raw.name == "a" and a.value is not None:
            start = spans.offset(a.value_start)
            if not templated(start, start + len(a.raw or "")):
                result.links.append(Url(a.value, spans.span(a.value_start, a.value_end), start))


_SRCSET_URL = lazy_re(r"[\s,]*([^\s,][^\s]*?)(,?)(?=\s|$)")


def _srcset(tag: Tag, spans: Spans, templated: Any) -> tuple[Url, ...]:
    """The URLs of a srcset, each with the span of its own text (all templated when the
    attribute holds a template tag: its URLs are known only once the site is built)."""
    import html as _html_mod

    raw = next((a for a in tag.raw.attrs if a.name == "srcset"), None)
    if raw is None:
        return ()
    out = []
    text = raw.raw or ""
    start = spans.offset(raw.value_start)
    if templated(start, start + len(text)):
        return (Url(templated.original(start, len(text)), spans.span(raw.value_start, raw.value_end), start, True),)
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


def _html_image(tag: Tag, spans: Spans, templated: Any) -> Image | None:
    srcset = _srcset(tag, spans, templated)
    if tag.name == "source":
        if not srcset:
            return None  # <source src> of <video>/<audio>: not an image
        return Image("source", tag.span, None, None, None, srcset)
    src = tag.attr("src")
    alt = tag.attr("alt")
    src_url = None
    if src is not None:
        length = len(src.raw or "")
        src_url = Url(templated.original(src.start, length), src.span, src.start, True) if templated(src.start, src.start + length) else Url(src.value or "", src.span, src.start)
    if alt is not None and templated(alt.start, alt.start + len(alt.raw or "")):
        return Image("img", tag.span, src_url, templated.original(alt.start, len(alt.raw or "")), None, srcset)
    return Image("img", tag.span, src_url, alt.value if alt is not None else None, alt.span if alt is not None else None, srcset)


class _Templated:
    """Asked whether file offsets ``start``..``end`` hold a template tag."""

    __slots__ = ("doc", "regions")

    def __init__(self, doc: Document, regions: Regions) -> None:
        self.doc, self.regions = doc, regions

    def __call__(self, start: int, end: int) -> bool:
        base = self.doc.body.start
        return bool(self.regions.ranges) and self.regions.overlaps(start - base, max(end, start + 1) - base)

    def original(self, start: int, length: int) -> str:
        """The file's text there, as written (not masked)."""
        return self.doc.text[start : start + length]


def _templated(doc: Document) -> _Templated:
    return _Templated(doc, body_text(doc).templates)


def _shortcodes(doc: Document, masked: BodyText, result: Markup) -> None:
    """Image shortcodes (built-in, and those of the ``image-shortcodes`` option) as images."""
    base = doc.body.start
    code = Regions(result.code)
    for tag in masked.tags:
        params = templates.image_params(tag, doc.image_shortcodes)
        if params is None or tag.start + base in code:
            continue
        src = templates.argument(tag, params[0])
        alt = templates.argument(tag, params[1])
        span = doc.index.span(base + tag.start, base + tag.end)
        src_url = None
        if src is not None:
            start = base + src.start
            src_url = Url(src.value, doc.index.span(start, base + src.end), start, templates.is_templated(src.value))
        alt_text = alt.value if alt is not None else None
        alt_span = doc.index.span(base + alt.start, base + alt.end) if alt is not None and not templates.is_templated(alt.value) else None
        name = f"{tag.name} {tag.args[0].value}" if tag.name.startswith("include") and tag.args else tag.name
        result.images.append(Image("shortcode", span, src_url, alt_text, alt_span, name=name))


#: JSX components that are images besides any element with both ``src`` and ``alt``.
JSX_IMAGES = frozenset({"img", "Image", "Picture"})


def _jsx(doc: Document, masked: BodyText, result: Markup) -> None:
    """MDX: JSX images, headings, ids and links (its ``{/* … */}`` comments: ``bodytext``)."""
    base = doc.body.start
    for tag in masked.jsx:
        if tag.closing:
            continue
        span = doc.index.span(base + tag.start, base + tag.end)
        attrs = {a.name: a for a in tag.attrs}
        if tag.name in HEADINGS:
            result.headings.append(Heading(HEADINGS[tag.name], span, markdown=False))
        if "id" in attrs and not attrs["id"].expression:
            result.anchors.add(attrs["id"].value or "")
        link = _jsx_link(doc, tag, attrs)
        if link is not None:
            result.links.append(link)
        if tag.name in JSX_IMAGES or ("src" in attrs and "alt" in attrs):
            result.images.append(_jsx_image(doc, tag, span, attrs))


def _jsx_link(doc: Document, tag: Any, attrs: dict[str, Any]) -> Url | None:
    """The link of a JSX ``<a>`` whose ``href`` is a string (an expression is known only
    once the site is built)."""
    href = attrs.get("href")
    if tag.name != "a" or href is None or href.value is None or href.expression:
        return None
    base = doc.body.start
    return Url(href.value, doc.index.span(base + href.start, base + href.end), base + href.start)


def _jsx_image(doc: Document, tag: Any, span: Span, attrs: dict[str, Any]) -> Image:
    base = doc.body.start
    src, alt = attrs.get("src"), attrs.get("alt")
    src_url = None
    if src is not None and src.value is not None:
        start = base + src.start
        src_url = Url(src.value, doc.index.span(start, base + src.end), start, src.expression)
    if alt is None:
        return Image("jsx", span, src_url, None, None, name=tag.name)
    alt_span = None if alt.expression or alt.value is None else doc.index.span(base + alt.start, base + alt.end)
    return Image("jsx", span, src_url, alt.value or "", alt_span, name=tag.name)


# ------------------------------------------------------------------------- Markdown


@lru_cache(maxsize=2)
def _md(mdx: bool = False) -> Any:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    md.disable("inline")  # inline content is parsed only where it can hold HTML or images
    if mdx:
        md.disable("code")  # MDX has no indented code blocks
    return md


#: A link reference definition. Its label holds no unescaped bracket and at most 999
#: characters (CommonMark): a label scan ends at the next '[', so that the scans from many
#: line starts do not cover the same text (quadratic); the blank space before the URL is one
#: run on each side of the optional line end (two adjacent runs backtrack over each other).
_DEFINITION = lazy_re(r"^ {0,3}\[((?:[^\[\]\\]|\\.){1,999})\]:[ \t]*(?:(?:\r\n|\r|\n)[ \t]*)?(<[^>\r\n]*>|\S+)", re.MULTILINE)


_NOT_SLUG = lazy_re(r"[^\w\- ]")


def slug(heading: str) -> str:
    """The anchor GitHub and most generators give a Markdown heading: ``## A B!`` → ``a-b``."""
    # The opening and closing hashes, by string methods (``\\s*#+\\s*$`` is quadratic).
    text = heading.strip().lstrip("#").rstrip("#").strip().lower()
    return _NOT_SLUG.sub("", text).replace(" ", "-")


class _Lines:
    """The lines of a masked body: their bounds, and the file offset of a place in them."""

    __slots__ = ("base", "ends", "starts", "text")

    def __init__(self, text: str, base: int) -> None:
        breaks = [m.span() for m in LINE_END.finditer(text)]
        self.text, self.base = text, base
        self.starts = [0, *(end for _, end in breaks)]
        self.ends = [*(start for start, _ in breaks), len(text)]

    def offset(self, line: int, col: int = 0) -> int:
        """The file offset of column ``col`` (0-based) of body line ``line`` (0-based)."""
        return self.base + self.starts[min(line, len(self.starts) - 1)] + col

    def line(self, line: int) -> str:
        return self.text[self.starts[line] : self.ends[line]]

    def block(self, first: int, last: int) -> str:
        """Lines ``first`` to ``last`` (excluded), as markdown-it's token maps give them."""
        return self.text[self.starts[first] : self.ends[last - 1]]


def _definitions(text: str, base: int) -> dict[str, tuple[str, int]]:
    """The link reference definitions of ``text`` (the first of each label): the URL and
    its file offset, by normalised label."""
    definitions: dict[str, tuple[str, int]] = {}
    for m in _DEFINITION.finditer(text):
        url = m.group(2)
        start = m.start(2)
        if url.startswith("<"):
            url, start = url[1:-1], start + 1
        definitions.setdefault(normal(m.group(1)), (url, base + start))
    return definitions


def _markdown(doc: Document, masked: BodyText, stream: SourceMap, result: Markup) -> None:
    """The headings, code blocks, HTML and inline content of a Markdown body."""
    text = masked.text
    lines = _Lines(text, doc.body.start)
    definitions = _definitions(text, doc.body.start)
    md = _md(doc.kind == "mdx")
    env: dict[str, Any] = {}
    templated = _templated(doc)
    for token in md.parse(text, env):
        if token.map is None:
            continue
        first, last = token.map
        if token.type == "heading_open":
            _heading(doc, lines, first, int(token.tag[1]), result)
        elif token.type in ("code_block", "fence"):
            result.code.append((lines.offset(first), lines.offset(last)))
        elif token.type == "html_block":
            _html_block(lines, token.content, first, last, stream)
            if ("[" in token.content) and _may_hold_markdown(token.content):
                found = _Found(doc, lines.block(first, last), lines.offset(first), None, result, definitions, templated)
                found.inline(_inline_tokens(md, env, token), md, env, literal=True)
        elif token.type == "inline" and ("<" in token.content or "[" in token.content):
            found = _Found(doc, lines.block(first, last), lines.offset(first), stream, result, definitions, templated)
            found.inline(_inline_tokens(md, env, token), md, env)


def _heading(doc: Document, lines: _Lines, first: int, level: int, result: Markup) -> None:
    """A Markdown heading on line ``first``, and the anchor its text gives."""
    line_text = lines.line(first)
    indent = len(line_text) - len(line_text.lstrip())
    result.headings.append(Heading(level, doc.index.span(lines.offset(first, indent), lines.offset(first) + len(line_text)), markdown=True))
    result.anchors.add(slug(line_text))


def _html_block(lines: _Lines, content: str, first: int, last: int, stream: SourceMap) -> None:
    """An HTML block's lines to the HTML stream, each at its place in the file."""
    for i, line in enumerate(content.split("\n")[: last - first]):
        source = lines.line(first + i)
        col = len(source) - len(line) if source.endswith(line) else 0
        stream.add(line + "\n", lines.offset(first + i, col))


def _inline_tokens(md: Any, env: Any, token: Any) -> list[Any]:
    """The inline tokens of a block's content (the core parser leaves them to be made)."""
    children: list[Any] = []
    md.inline.parse(token.content, md, env, children)
    return children


#: HTML blocks whose content is never Markdown, whatever the generator: raw text elements,
#: comments, and kramdown's blocks that ask for Markdown (markdown="1" renders it).
_RAW_BLOCK = lazy_re(r"\s*<(?:pre|script|style|textarea|code|!--|\?|![A-Za-z]|!\[CDATA\[)|[^\n]*\bmarkdown=[\"']?(?:1|block|span)", re.IGNORECASE)


def _may_hold_markdown(content: str) -> bool:
    return _RAW_BLOCK.match(content) is None


class _Found:
    """Locates the inline HTML, code spans, images and links of one inline block in its
    source (``base``: its file offset); HTML goes to ``stream`` (None: it is there already)."""

    def __init__(self, doc: Document, source: str, base: int, stream: SourceMap | None, result: Markup, definitions: dict[str, tuple[str, int]], templated: _Templated) -> None:
        self.doc, self.source, self.base, self.stream, self.result = doc, source, base, stream, result
        self.definitions, self.templated = definitions, templated

    def inline(self, children: list[Any], md: Any, env: Any, literal: bool = False) -> None:
        """Each child in turn, found in the source after the one before."""
        cursor = 0
        for child in children:
            if child.type in ("html_inline", "code_inline"):
                cursor = self._passed(child, cursor)
            elif child.type == "image":
                cursor = self._image(child, md, env, literal, cursor)
            elif child.type == "link_open" and child.markup != "autolink":
                cursor = self._link(literal, cursor)

    def _passed(self, child: Any, cursor: int) -> int:
        """Inline HTML (added to the stream) or a code span, found from ``cursor``; the
        offset after it."""
        found = self.source.find(child.content, cursor)
        if found < 0:
            return cursor
        if child.type == "html_inline" and self.stream is not None:
            self.stream.add(child.content, self.base + found)
        return found + len(child.content)

    def _image(self, child: Any, md: Any, env: Any, literal: bool, cursor: int) -> int:
        """A Markdown image found from ``cursor``, with its URL and alt text; the offset after it."""
        source, base, templated = self.source, self.base, self.templated
        found = source.find("![", cursor)
        if found < 0:
            return cursor
        alt_end = _bracket_end(source, found + 1)
        src, end = _destination(self.doc, source, found + 2, alt_end, base, self.definitions)
        if src is not None and templated(base + alt_end + 1, src.start + max(len(src.value), 1)):
            written = templated.original(base + alt_end + 2, src.start + len(src.value) - base - alt_end - 2)
            src = Url(written.strip(), src.span, src.start, True)
        alt = md.renderer.renderInlineAsText(child.children or [], md.options, env)
        span = self.doc.index.span(base + found, base + end)
        alt_span: Span | None = self.doc.index.span(base + found + 2, base + alt_end)
        if templated(base + found + 2, base + alt_end):
            alt, alt_span = templated.original(base + found + 2, alt_end - found - 2), None
        self.result.images.append(Image("markdown", span, src, alt, alt_span))
        if literal:
            self.result.literal.append(Literal("image", span))
        return end

    def _link(self, literal: bool, cursor: int) -> int:
        """A Markdown link found from ``cursor``; the offset of its text, which may hold
        images and code spans."""
        source, base = self.source, self.base
        found = source.find("[", cursor)
        if found < 0:
            return cursor
        text_end = _bracket_end(source, found)
        href, end = _destination(self.doc, source, found + 1, text_end, base, self.definitions)
        if literal:
            self.result.literal.append(Literal("link", self.doc.index.span(base + found, base + end)))
        elif href is not None and not self.templated(base + text_end + 1, href.start + max(len(href.value), 1)):
            self.result.links.append(href)  # (a link written with a template is known only once built)
        return found + 1


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
        url_start, url_end = _inline_url(source, pos + 1)
        close_paren = source.find(")", url_end)
        url = Url(source[url_start:url_end], index.span(base + url_start, base + url_end), base + url_start)
        return url, close_paren + 1 if close_paren >= 0 else url_end
    label, end = source[text_start:text_end], pos
    if source.startswith("[", pos):
        close = source.find("]", pos)
        if close > pos + 1:
            label = source[pos + 1 : close]
        end = close + 1 if close >= 0 else pos
    found = definitions.get(normal(label))
    if found is None:
        return None, end
    target, start = found
    return Url(target, index.span(start, start + len(target)), start), end


def _inline_url(source: str, at: int) -> tuple[int, int]:
    """The bounds of the URL of an inline link whose ``(`` ends just before ``at``: blank
    space skipped, then ``<url>`` or a URL up to blank space or an unbalanced ``)``."""
    j = at
    while j < len(source) and source[j] in " \t\r\n":
        j += 1
    if source.startswith("<", j):
        close = source.find(">", j)
        return j + 1, close if close >= 0 else j + 1
    k, parens = j, 0
    while k < len(source) and not source[k].isspace():
        if source[k] == "(":
            parens += 1
        elif source[k] == ")":
            if parens == 0:
                break
            parens -= 1
        k += 1
    return j, k
