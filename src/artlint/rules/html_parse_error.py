from __future__ import annotations

from collections.abc import Iterator

from ..document import Document
from ..markup import markup
from ..rule import Finding, NoOptions, Rule

#: Errors about elements left open or closed out of order: html-unclosed-element's.
NESTING = frozenset(
    {
        "expected-closing-tag-but-got-eof",
        "end-tag-too-early",
        "end-tag-too-early-named",
        "end-tag-too-early-ignored",
        "adoption-agency-1.1",
        "adoption-agency-1.2",
        "adoption-agency-1.3",
        "adoption-agency-4.4",
    }
)


class HtmlParseError(Rule):
    id = "html-parse-error"
    severity = "error"
    tags = ("html", "body")
    summary = "The HTML of the body has a parse error (a bare '&', a stray end tag, a broken tag …)."
    explanation = """
The HTML of the body is parsed as browsers parse it (html5lib, the WHATWG algorithm, as a
fragment inside a `div`), and every parse error is reported where the offending token
starts: a bare `&` that starts no character reference, an end tag that closes nothing, a
duplicated attribute, a tag cut off by the end of the body, a control character. Elements
left open or closed out of order are `html-unclosed-element`'s. In Markdown bodies the raw
HTML blocks and inline HTML are parsed together, in order.

Bad:

```html
<p>Q&A with the team</p></span>
```

Good:

```html
<p>Q&amp;A with the team</p>
```
"""

    def check(self, doc: Document, options: NoOptions) -> Iterator[Finding]:
        for error in markup(doc).errors:
            if error.code not in NESTING:
                yield Finding(error.span, error.message)
