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


@dataclass(frozen=True, slots=True)
class BodyText:
    text: str  # the body, template tags and MDX syntax masked (same length as the body)
    code: Regions  # code blocks, code spans and code shortcodes (body offsets)
    templates: Regions  # template tags and code shortcodes (body offsets)
    tags: tuple[templates.Tag, ...]  # the template tags outside code
    jsx: tuple[mdx.JsxTag, ...]  # MDX: the JSX tags outside code


def is_html_fence(fence: Fence) -> bool:
    """A fence that holds the article's HTML: ```` ```html ````, or unlabelled markup."""
    return fence.info in ("html", "htm", "xhtml") or (fence.info == "" and fence.inner.text.lstrip().startswith("<"))


def is_html(doc: Document) -> bool:
    """The body is HTML as a whole: an HTML file, or a body wrapped in an HTML fence."""
    return doc.kind == "html" or (doc.fence is not None and is_html_fence(doc.fence))


def body_text(doc: Document) -> BodyText:
    """The masked body of ``doc`` (computed once, then shared)."""
    return doc.cached("body-text", _build)  # type: ignore[no-any-return]


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
        return BodyText(mask(text, syntax.masked), code, Regions([]), (), tuple(syntax.tags))
    tags = templates.scan(text, code)
    pairs = templates.code_pairs(tags)
    inside_pairs = Regions(pairs)
    outside = tuple(t for t in tags if t.start not in inside_pairs)
    ranges = merged([(t.start, t.end) for t in tags] + pairs)
    return BodyText(mask(text, ranges), Regions(merged(code.ranges + pairs)), Regions(ranges), outside, ())
