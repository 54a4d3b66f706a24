from __future__ import annotations

from collections.abc import Iterator

from ..charref import RAW_AMPERSAND, fix_of
from ..document import Document
from ..markup import markup
from ..rule import Finding, NoOptions, Rule


class HtmlRawAmpersand(Rule):
    id = "html-raw-ampersand"
    severity = "warning"
    opt_in = True
    tags = ("html", "body", "style")
    fix_example = ("article.html", '<p>Q&A with <a href="/s?q=a&page=2">AT&T</a></p>\n')
    summary = "A raw '&' before a letter or digit in HTML, starting no character reference (opt-in: valid HTML)."
    explanation = """
Today's HTML accepts a `&` that starts no character reference (`Q&A`, `AT&T`,
`?a=1&utm_source=x`): browsers show it as written, and it is not a parse error. But an
older parser (XHTML, feeds that embed the HTML, html5lib) reads it as a broken reference,
and it becomes a real one when the text after it happens to name a character (`&copy`,
`&not`, `&para`). This rule reports, in the text and attribute values of the body's HTML,
each `&` followed by a letter or digit that starts no reference (`& ` with a space is
plainly text and not reported). Off by default, like html-validate's `no-raw-characters`: turn it on with
`[rules.html-raw-ampersand]` `severity = "warning"` or `--select html-raw-ampersand`.

Bad (with the rule on):

```html
<p>Q&A with <a href="/s?q=a&page=2">AT&T</a></p>
```

Good:

```html
<p>Q&amp;A with <a href="/s?q=a&amp;page=2">AT&amp;T</a></p>
```
"""

    def check(self, doc: Document, options: NoOptions) -> Iterator[Finding]:
        for error in markup(doc).errors:
            if error.code == RAW_AMPERSAND:
                yield Finding(error.span, "a raw '&': write &amp; (this site's style)", fix_of(error.code, error.span, doc.text, doc.index))
