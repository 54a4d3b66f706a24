from __future__ import annotations

from collections.abc import Iterator

from ..document import Document
from ..markup import markup
from ..rule import OnlineRule
from ..source import Span
from ._online import OnlineOptions, absolute


class LinkUnreachable(OnlineRule):
    id = "link-unreachable"
    severity = "warning"
    tags = ("links", "online")
    Options = OnlineOptions
    summary = "A link that does not answer (online, opt-in: --online)."
    explanation = """
With `--online`, every distinct absolute `<a href>` and Markdown link of the run is
requested once, with the same machinery, bounds and protection against request forgery as
`image-unreachable`, and reported when it fails: a network error, a timeout, HTTP 4xx/5xx,
a redirect loop. Any content type is fine. Each finding carries the link's own span, so it
becomes an annotation at the link.

Bad:

```markdown
Read [the report](https://example.org/reports/2019-old-url).
```

Good:

```markdown
Read [the report](https://example.org/reports/2019).
```
"""

    def collect(self, doc: Document, options: OnlineOptions) -> Iterator[tuple[str, Span]]:
        for link in markup(doc).links:
            if absolute(link.value):
                yield link.value.strip(), link.span
