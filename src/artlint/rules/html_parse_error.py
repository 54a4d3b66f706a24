from __future__ import annotations

from collections.abc import Iterator

from ..charref import RAW_AMPERSAND, fix_of
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
#: Not errors in today's HTML: html-raw-ampersand's (opt-in).
NOT_ERRORS = NESTING | {RAW_AMPERSAND}


class HtmlParseError(Rule):
    id = "html-parse-error"
    severity = "error"
    tags = ("html", "body")
    fix_example = ("article.html", "<p>&copy 2024 Harbour&nbps;Times</p>\n")
    summary = "The HTML of the body has a parse error (a stray end tag, a broken tag, '&copy' without ';' …)."
    explanation = """
The HTML of the body is parsed as browsers parse it (html5lib, the WHATWG algorithm, as a
fragment inside a `div`), and every parse error of today's WHATWG HTML is reported where
the offending token starts: an end tag that closes nothing, a duplicated attribute, a tag
cut off by the end of the body, a control character, a character reference without its
`;` (`&copy 2024`) or naming no character (`&nbps;`). A `&` that starts no reference
(`Q&A`, `AT&T`, `?a=1&b=2`) is valid HTML: the opt-in rule `html-raw-ampersand` reports
it. Elements left open or closed out of order are `html-unclosed-element`'s. In Markdown
bodies the raw HTML blocks and inline HTML are parsed together, in order.

Bad:

```html
<p>&copy 2024 Harbour&nbps;Times</p></span>
```

Good:

```html
<p>&copy; 2024 Harbour&nbsp;Times</p>
```
"""

    def check(self, doc: Document, options: NoOptions) -> Iterator[Finding]:
        for error in markup(doc).errors:
            if error.code not in NOT_ERRORS:
                yield Finding(error.span, error.message, fix_of(error.code, error.span, doc.text, doc.index))
