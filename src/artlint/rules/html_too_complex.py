from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TypeAlias

from ..document import Document
from ..markup import markup
from ..rule import Finding, Rule
from ..source import Span


@dataclass(frozen=True)
class Options:
    max_depth: int = 1_000  # the deepest element nesting parsed
    max_tokens: int = 20_000  # the most tags (each '<'), character references (each '&') and attributes of a body parsed
    max_attributes: int = 100  # the most attributes of one tag


class HtmlTooComplex(Rule):
    id = "html-too-complex"
    severity = "warning"
    tags = ("html", "body")
    Options: TypeAlias = Options
    summary = "HTML too complex to parse in time — nested deeper than `max-depth` (1,000), more tags, character references and attributes than `max-tokens` (20,000), a tag with more attributes than `max-attributes` (100): the body is not parsed, so one file cannot stall the run."
    explanation = """
The HTML parser's tree builder slows down with the square of the nesting depth: ten
thousand nested `<div>`s take seconds, a hundred thousand take minutes. It compares each
attribute of a tag with every earlier one (a tag of 40,000 attributes takes half a
minute), and it spends far more time on a tag, a character reference or an attribute than
on text. No real article nests a thousand elements deep, writes a hundred attributes in
one tag or twenty thousand tags, character references and attributes in one body. A body
over `max-depth` (its element nesting, counted from its tags before any parse),
`max-tokens` (each `<` and `&` counted before the parse, the attributes as they are read)
or `max-attributes` is not parsed: the HTML rules skip it, and this rule reports it at the
start of the body (at the tag, for too many attributes).

Bad:

```html
<div><div><div><div> … (thousands deep)
```

Good: a flat structure of headings, paragraphs and lists.
"""

    def prepare(self, doc: Document, options: Options) -> None:
        doc.max_depth, doc.max_tokens, doc.max_attributes = options.max_depth, options.max_tokens, options.max_attributes

    def check(self, doc: Document, options: Options) -> Iterator[Finding]:
        parsed = markup(doc)
        start = Span.point(doc.body.line, 1)
        skipped = ": the body is not parsed, and the HTML rules skip it"
        if parsed.skipped == "depth":
            yield Finding(start, f"HTML elements nest {parsed.depth:,} deep, over max-depth {options.max_depth:,}{skipped}")
        elif parsed.skipped == "tokens":
            yield Finding(start, f"the body's HTML holds more tags, character references and attributes than max-tokens {options.max_tokens:,}{skipped}")
        elif parsed.skipped == "attributes":
            yield Finding(parsed.crowded or start, f"a tag with more attributes than max-attributes {options.max_attributes:,}{skipped}")
