"""The body as its parsers must read it: template tags and MDX syntax masked to spaces.

A site's generator runs its template tags (``{% … %}``, ``{{ … }}``, Hugo's ``{{< … >}}``)
before it renders Markdown, and MDX compiles its ``import``/``export`` blocks,
``{expressions}`` and JSX tags itself: none of them is HTML or prose. ``body_text`` masks
them (outside code) to spaces of the same length, so that every offset, line and column of
the masked text is the file's; the tags are kept, for the images they hold. ``prose`` masks
code too: the text a reader reads as the article's words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import mdx, templates
from .code import Regions, code_regions, mask, merged

if TYPE_CHECKING:
    from .document import Document, Fence
    from .templates import Tag


@dataclass(frozen=True, slots=True)
class BodyText:
    text: str  # the body, template tags and MDX syntax masked (same length as the body)
    code: Regions  # code blocks, code spans and code shortcodes (body offsets)
    templates: Regions  # template tags and code shortcodes (body offsets)
    tags: tuple[Tag, ...]  # the template tags outside code
    jsx: tuple[mdx.JsxTag, ...]  # MDX: the JSX tags outside code
    comments: tuple[mdx.JsxComment, ...] = ()  # MDX: the ``{/* … */}`` comments outside code


def is_html_fence(fence: Fence) -> bool:
    """A fence that holds the article's HTML: ```` ```html ````, or unlabelled markup."""
    return fence.info in ("html", "htm", "xhtml") or (fence.info == "" and fence.inner.text.lstrip().startswith("<"))


def is_html(doc: Document) -> bool:
    """The body is HTML as a whole: an HTML file, or a body wrapped in an HTML fence."""
    return doc.kind == "html" or (doc.fence is not None and is_html_fence(doc.fence))


def body_text(doc: Document) -> BodyText:
    """The masked body of ``doc`` (computed once, then shared)."""
    return doc.cached("body-text", _build)


def prose(doc: Document) -> str:
    """The body with code, template tags and MDX syntax masked: the article's own words
    (and its HTML), at the file's offsets."""
    found = body_text(doc)
    return mask(found.text, found.code.ranges)


def _build(doc: Document) -> BodyText:
    text = doc.body.text
    code = Regions([] if is_html(doc) else code_regions(text))
    if doc.kind == "mdx":
        syntax = mdx.scan(text, code)
        return BodyText(mask(text, syntax.masked), code, Regions([]), (), tuple(syntax.tags), tuple(syntax.comments))
    tags = templates.scan(text, code)
    pairs = templates.code_pairs(tags)
    inside_pairs = Regions(pairs)
    outside = tuple(t for t in tags if t.start not in inside_pairs)
    ranges = merged([(t.start, t.end) for t in tags] + pairs)
    writing = [(t.start, t.end) for t in tags if t.name not in templates.SILENT and t.start not in inside_pairs] + pairs
    masked = _hold_lines(text, mask(text, ranges), writing)
    return BodyText(masked, Regions(merged(code.ranges + pairs)), Regions(ranges), outside, ())


#: What a masked tag that writes something leaves at the start of each of its lines: not a
#: space or tab, so that its line is not blank (a blank line would end an HTML block or a
#: paragraph that the built page continues), and no Markdown or HTML syntax.
HOLD = "\u00a0"


def _hold_lines(text: str, masked: str, ranges: list[tuple[int, int]]) -> str:
    """``masked`` with ``HOLD`` at the start of each line of ``ranges`` that the mask left
    blank: the range's first line when only blanks come before it, and each further line."""
    chars: list[str] | None = None
    for a, b in ranges:
        before = a
        while before > 0 and text[before - 1] in " \t":
            before -= 1
        at = a if before == 0 or text[before - 1] in "\r\n" else masked.find("\n", a, b) + 1 or -1
        while 0 < at < b or at == a == 0:
            if masked[at] not in "\r\n":
                chars = chars if chars is not None else list(masked)
                chars[at] = HOLD
            newline = masked.find("\n", at, b)
            at = newline + 1 if newline >= 0 else -1
    return masked if chars is None else "".join(chars)
