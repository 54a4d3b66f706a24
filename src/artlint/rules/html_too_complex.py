from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..document import Document
from ..markup import markup
from ..rule import Finding, Rule
from ..source import Span


@dataclass(frozen=True)
class Options:
    max_depth: int = 1_000  # the deepest element nesting parsed


class HtmlTooComplex(Rule):
    id = "html-too-complex"
    severity = "warning"
    tags = ("html", "body")
    Options = Options
    summary = "HTML nested deeper than `max-depth` (1,000): the body is not parsed, so one file cannot stall the run."
    explanation = """
The HTML parser's tree builder slows down with the square of the nesting depth: ten
thousand nested `<div>`s take seconds, a hundred thousand take minutes. No real article
nests a thousand elements deep, so a body whose element nesting (counted from its tags,
before any parse) exceeds `max-depth` is not parsed: the HTML rules skip it, and this rule
reports it at the start of the body.

Bad:

```html
<div><div><div><div> … (thousands deep)
```

Good: a flat structure of headings, paragraphs and lists.
"""

    def prepare(self, doc: Document, options: Options) -> None:
        doc.max_depth = options.max_depth

    def check(self, doc: Document, options: Options) -> Iterator[Finding]:
        parsed = markup(doc)
        if parsed.skipped == "depth":
            line = doc.body.line
            yield Finding(Span(line, 1, line, 1), f"HTML elements nest {parsed.depth:,} deep, over max-depth {options.max_depth:,}: the body is not parsed, and the HTML rules skip it")
