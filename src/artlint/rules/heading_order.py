from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..document import Document
from ..markup import markup
from ..rule import Finding, Rule


@dataclass(frozen=True)
class Options:
    first_level: int = 2  # the highest level the body may use (the page renders the title as h1)


class HeadingOrder(Rule):
    id = "heading-order"
    severity = "warning"
    tags = ("body", "accessibility")
    Options = Options
    summary = "A heading level that skips (h2 then h4), or a heading above the level the body may start at."
    explanation = """
Headings form the outline that screen readers and search engines navigate by: each level
must follow from the one above it (an `h4` right after an `h2` skips a level), and the body
must not use a level above `first-level` (default 2: the page template renders the
article's title as the page's `h1`, so an `h1` in the body is a second one). Markdown
headings and HTML headings count as one outline.

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
        previous = options.first_level - 1
        for heading in markup(doc).headings:
            level = heading.level
            if level < options.first_level:
                yield Finding(heading.span, f"h{level} in the body: the page renders the title as the top heading; the body's headings start at h{options.first_level}")
            elif level > previous + 1:
                before = f"h{previous}" if previous >= options.first_level else "the title"
                yield Finding(heading.span, f"heading level skips from {before} to h{level}: use h{previous + 1}")
            previous = level
