from __future__ import annotations

import html
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal, TypeAlias
from urllib.parse import unquote

from ..document import Document
from ..markup import HEADINGS, Markup, markup
from ..rule import Finding, Rule
from ..slug import attribute_ids, heading_anchors, markdown_heading_text, symbol_prefixes
from ..transclusion import includes

Slugger = Literal["auto", "github", "goldmark", "kramdown", "markdown-it-anchor", "zola"]


@dataclass(frozen=True)
class Options:
    #: How the site's generator turns a heading into its anchor: "github" (GitHub, Jekyll's
    #: GFM), "goldmark" (Hugo), "kramdown", "markdown-it-anchor" (Eleventy), "zola"; "auto"
    #: accepts the anchor of any of them.
    slugger: Slugger = "auto"


class LinkFragment(Rule):
    id = "link-fragment"
    severity = "warning"
    tags = ("links", "body")
    Options: TypeAlias = Options
    summary = "A #fragment link to an id or heading anchor that the article does not have."
    explanation = """
A link to `#section` jumps to the element with that `id` (or `<a name>`), or to the
anchor that the site generator gives a heading (`## Next steps` → `#next-steps`), or to an
id set by an attribute list (`## Get started {#start}`, kramdown's `{: #start}`). When the
article has no such anchor, the link goes nowhere — usually after a heading was renamed.
Checked offline, for links within the same article. Generators slug headings differently
(`## Q&A: v1.2` is `qa-v12` on GitHub and Hugo, `q&a:-v1.2` with markdown-it-anchor,
`q-a-v1-2` on Zola): option `slugger` names the site's (`github`, `goldmark`, `kramdown`,
`markdown-it-anchor`, `zola`); the default `auto` accepts the anchor any of them gives,
and a fragment made of a heading's letters and digits in order (`#how-to-require(@x/y)`:
a site's own slugger, which keeps other punctuation).

Bad:

```markdown
See [the details](#detials).

## Details
```

Good:

```markdown
See [the details](#details).

## Details
```
"""

    def check(self, doc: Document, options: Options) -> Iterator[Finding]:
        parsed = markup(doc)
        fragments = [link for link in parsed.links if link.value.startswith("#") and link.value not in ("#", "#top")]
        if not fragments:
            return
        if includes(doc):
            return  # the anchors of the included text are not known here
        found, prefixes, loose = anchors(doc, parsed, options.slugger)
        for link in fragments:
            target = unquote(link.value[1:])
            if target in found or target.lower() in found or any(target.startswith(p + "-") for p in prefixes):
                continue
            if loose and skeleton(target) in loose:
                continue
            yield Finding(link.span, f"no element of this article has the anchor '{target}'")


def skeleton(text: str) -> str:
    """The letters and digits of ``text``, case-folded (what every slugger keeps)."""
    return "".join(c for c in text.casefold() if c.isalnum())


def anchors(doc: Document, parsed: Markup, slugger: str) -> tuple[set[str], set[str], set[str]]:
    """Every anchor of ``doc`` (ids, ``<a name>``, attribute-list ids and heading slugs), the
    prefixes of the Zola anchors of headings that end in an emoji, and — with no slugger
    named — the headings' skeletons: a fragment made of a heading's letters and digits, in
    order, is its slug by the site's own slugger (punctuation is where sluggers differ)."""
    found = {a.value or "" for tag in parsed.tags if tag.kind == "start" for a in tag.raw.attrs if a.name == "id" or (a.name == "name" and tag.name == "a")}
    found.update(anchor for _, _, anchor in attribute_ids(doc.body.text))
    texts = heading_texts(doc, parsed, slugger)
    found |= heading_anchors(texts, slugger)
    prefixes = symbol_prefixes(texts) if slugger in ("auto", "zola") else set()
    loose: set[str] = set()
    if slugger in ("auto", "markdown-it-anchor"):  # Eleventy's id plugin names HTML headings too
        html = _html_heading_texts(doc, parsed)
        found |= heading_anchors(html, slugger)
        if slugger == "auto":
            loose = {skeleton(text) for text in texts + html}
    return found, prefixes, loose


def heading_texts(doc: Document, parsed: Markup, slugger: str) -> list[str]:
    """The texts of the Markdown headings without an explicit id (and, for Hugo's slugger,
    of the definition terms), in order."""
    lines = [(heading.span.line, doc.index.line_text(heading.span.line)) for heading in parsed.headings if heading.markdown]
    if slugger in ("auto", "goldmark"):  # Hugo's autoDefinitionTermID: terms share the headings' count
        lines = sorted(lines + _definition_terms(doc))
    return [text for text, explicit in (markdown_heading_text(line) for _, line in lines) if explicit is None]


def _html_heading_texts(doc: Document, parsed: Markup) -> list[str]:
    texts = []
    open_at: dict[str, int] = {}
    for tag in parsed.tags:
        if tag.name not in HEADINGS:
            continue
        if tag.kind == "start":
            open_at[tag.name] = tag.spans.offset(tag.raw.end)
        elif tag.kind == "end" and tag.name in open_at:
            inner = doc.text[open_at.pop(tag.name) : tag.spans.offset(tag.raw.start)]
            texts.append(html.unescape(_strip_tags(inner)))
    return texts


def _strip_tags(text: str) -> str:
    out, depth = [], 0
    for c in text:
        if c == "<":
            depth = 1
        elif c == ">" and depth:
            depth = 0
        elif not depth:
            out.append(c)
    return "".join(out)


def _definition_terms(doc: Document) -> list[tuple[int, str]]:
    """The terms of Markdown definition lists (a line followed by one starting ': ')."""
    first = doc.body.line
    lines = doc.body.text.splitlines()
    return [(first + i, term) for i, (term, nxt) in enumerate(pairwise(lines)) if term.strip() and not term.startswith((":", "#")) and nxt.startswith((": ", ":\t"))]
