from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TypeAlias

from ..document import Document
from ..fields import field
from ..markup import markup
from ..rule import Finding, Rule
from ..transclusion import include_lines


@dataclass(frozen=True)
class Options:
    first_level: int = 2  # the highest level the body may use (the page renders the title as h1)
    title_field: str = "title"  # the field the page renders as its top heading


class HeadingOrder(Rule):
    id = "heading-order"
    severity = "warning"
    tags = ("body", "accessibility")
    Options: TypeAlias = Options
    summary = "A heading level that skips (h2 then h4), or a heading above the level the body may start at."
    explanation = """
Headings form the outline that screen readers and search engines navigate by: each level
must follow from the one above it (an `h4` right after an `h2` skips a level), and the body
must not use a level above `first-level` (default 2: the page template renders the
article's title as the page's `h1`, so an `h1` in the body is a second one). In a page
without a title (option `title-field`) the outline starts at the first heading: its own
`h1`, or the level a snippet is included at. Where the generator's templates decide how
the title is shown, the defaults follow them: for MkDocs the body's first `# heading` is
the page title (`title-field = ""`); for Zola and Jekyll the theme decides (blog.rust-lang.org and
jekyllrb.com's news render the title as an `h2`), so only levels that skip are reported
(`title-field = ""`, `first-level = 1`; a site whose theme renders the title as its `h1` sets
`title-field = "title"` and `first-level = 2`). Markdown
headings and HTML headings count as one outline; text a template captures or highlights
(`{% set %}…{% endset %}`, `{% highlight %}`, `{% raw %}` …), or shows as a rendered example
(a paired tag whose first argument is `"demo"`, `"example"`, `"preview"` or `"output"`:
Eleventy's `{% callout "demo" %}`), is not part of it. Not checked:
files without front matter (a README) and whole HTML pages (`<!DOCTYPE html>`, build
output), whose outline is their own.

Bad:

```html
<h1>The title again</h1>
<h2>Overview</h2>
<h4>Details</h4>
```

Good:

```html
<h2>Overview</h2>
<h3>Details</h3>
```
"""

    def check(self, doc: Document, options: Options) -> Iterator[Finding]:
        if doc.frontmatter is None or _whole_page(doc.body.text):
            return
        titled = field(doc, options.title_field) is not None
        skipped = _template_blocks(doc)
        included = include_lines(doc)
        line = 0
        previous = None if not titled else options.first_level - 1  # None: no title, no heading yet
        for heading in markup(doc).headings:
            if any(first <= heading.span.line <= last for first, last in skipped):
                continue
            if any(line < at <= heading.span.line for at in included):
                previous = None  # the included text may hold the headings in between
            line = heading.span.line
            # previous None: a page's own top heading, or a snippet's first: the outline starts here
            problem = None if previous is None else _level_problem(heading.level, previous, titled, options.first_level)
            if problem:
                yield Finding(heading.span, problem)
            previous = heading.level


def _level_problem(level: int, previous: int, titled: bool, first_level: int) -> str | None:
    """What is wrong with a heading of ``level`` after one of ``previous`` (the title's level
    below ``first_level``, where the page has one), or None."""
    if level < first_level and (titled or previous > 1 or level > 1):
        why = "the page renders the title as the top heading" if titled else "the page already has its top heading"
        return f"h{level} in the body: {why}; the body's headings start at h{first_level}"
    if level > previous + 1:
        before = f"h{previous}" if previous >= first_level or not titled else "the title"
        return f"heading level skips from {before} to h{level}: use h{previous + 1}"
    return None


def _whole_page(text: str) -> bool:
    """A body that is a whole HTML document (after blank space and comments)."""
    pos = len(text) - len(text.lstrip())
    while text.startswith("<!--", pos):
        end = text.find("-->", pos + 4)
        if end < 0:
            return False
        pos = end + 3
        pos += len(text[pos : pos + 4096]) - len(text[pos : pos + 4096].lstrip())
    head = text[pos : pos + 9].lower()
    return head.startswith("<!doctype") or (head.startswith("<html") and head[5:6] in (">", " ", "\t", "\n", "\r"))


#: A Liquid/Nunjucks tag whose content is captured, highlighted or kept raw, not rendered as
#: Markdown in place: ``{% set x %}`` (no ``=``), ``{% capture %}``, ``{% highlight %}`` …;
#: or a box that shows what some markup renders, named by its first argument (Eleventy's
#: ``{% callout "demo" %}<h1>Hello</h1>{% endcallout %}``): the example's outline, not the page's.
_BLOCK_TAG = re.compile(
    r"\{%-?[ \t]*(?:(set|capture|raw|highlight|comment|codetitle)\b([^%]{0,300})%\}"
    r"|([A-Za-z_][\w-]{0,40})[ \t]+[\"'](?:demo|example|preview|output)[\"'])"
)


def _template_blocks(doc: Document) -> list[tuple[int, int]]:
    """The file lines (first, last) of template blocks whose text is no heading of the page."""
    text = doc.body.text
    if "{%" not in text:
        return []
    blocks = []
    unclosed: set[str] = set()
    pos = 0
    while (m := _BLOCK_TAG.search(text, pos)) is not None:
        name = m.group(1) or m.group(3)
        pos = m.end()
        if name in unclosed or (name in ("set", "capture") and "=" in (m.group(2) or "")):
            continue  # {% set x = 1 %}: no block
        end = re.compile(r"\{%-?[ \t]*end" + re.escape(name) + r"\b").search(text, pos)
        if end is None:
            unclosed.add(name)  # (none further on either: each name is searched for once)
            continue
        blocks.append((doc.body.span(m.start()).line, doc.body.span(end.start()).line))
        pos = end.end()
    return blocks
