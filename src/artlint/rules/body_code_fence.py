from __future__ import annotations

from collections.abc import Iterator

from ..document import Document
from ..markup import is_html_fence
from ..rule import Finding, NoOptions, Rule


class BodyCodeFence(Rule):
    id = "body-code-fence"
    severity = "warning"
    tags = ("body",)
    summary = "The body is wrapped in a ```html code fence: a Markdown renderer shows the markup as code."
    explanation = """
A body wrapped whole in a fenced code block (```` ```html ```` … ```` ``` ````) is shown by a
Markdown renderer as source code, tags and all, instead of as the article. Generators that
answer in Markdown often wrap their HTML this way. Reported at the opening fence; the
message says when the fence is never closed, and what text follows the closing fence
(generator chatter, or the rest of the article after an inner code block closed the fence
early). artlint lints the HTML inside the fence all the same.

Bad:

````markdown
---
title: "An article"
---

```html
<h2>Overview</h2>
<p>Text.</p>
```
````

Good:

```markdown
---
title: "An article"
---

<h2>Overview</h2>
<p>Text.</p>
```
"""

    def check(self, doc: Document, options: NoOptions) -> Iterator[Finding]:
        fence = doc.fence
        if fence is None or not is_html_fence(fence):
            return
        message = f"the body is wrapped in a ```{fence.info or ''} code fence: a Markdown renderer shows the HTML as code; remove the fence lines"
        if fence.close is None:
            message += " (the fence is never closed)"
        elif fence.trailing is not None:
            text = " ".join(fence.trailing.text.split())
            text = text if len(text) <= 80 else text[:79] + "…"
            message += f"; after the closing fence on line {fence.close.line} the body goes on: '{text}'"
        yield Finding(fence.open, message)
