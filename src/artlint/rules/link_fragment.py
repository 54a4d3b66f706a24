from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import unquote

from ..document import Document
from ..markup import markup
from ..rule import Finding, NoOptions, Rule


class LinkFragment(Rule):
    id = "link-fragment"
    severity = "warning"
    tags = ("links", "body")
    summary = "A #fragment link to an id or heading anchor that the article does not have."
    explanation = """
A link to `#section` jumps to the element with that `id` (or `<a name>`), or to the
anchor that the site generator gives a Markdown heading (`## Next steps` → `#next-steps`).
When the article has no such anchor, the link goes nowhere — usually after a heading was
renamed. Checked offline, for links within the same article.

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

    def check(self, doc: Document, options: NoOptions) -> Iterator[Finding]:
        parsed = markup(doc)
        for link in parsed.links:
            if not link.value.startswith("#") or link.value in ("#", "#top"):
                continue
            target = unquote(link.value[1:])
            if target not in parsed.anchors and target.lower() not in parsed.anchors:
                yield Finding(link.span, f"no element of this article has the anchor '{target}'")
