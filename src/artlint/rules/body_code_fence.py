from __future__ import annotations

from collections.abc import Iterator

from ..document import Document, Fence
from ..fix import Fix, delete_line
from ..markup import is_html_fence
from ..rule import Finding, NoOptions, Rule
from .body_stray_fence import fence_lines


class BodyCodeFence(Rule):
    id = "body-code-fence"
    severity = "warning"
    tags = ("body",)
    fix_example = ("article.md", '---\ntitle: "An article"\n---\n\n```html\n<h2>Overview</h2>\n<p>Text.</p>\n```\n')
    summary = "The body is wrapped in a ```html code fence: a Markdown renderer shows the markup as code."
    explanation = """
A body wrapped whole in a fenced code block (```` ```html ```` … ```` ``` ````) is shown by a
Markdown renderer as source code, tags and all, instead of as the article. Generators that
answer in Markdown often wrap their HTML this way. Reported at the opening fence; the
message says when the fence is never closed, and what text follows the closing fence
(generator chatter, or the rest of the article after an inner code block closed the fence
early). artlint lints the HTML inside the fence all the same.

Fix (safe): the fence lines are removed, the rest of the body left as it is (not where
text after the closing fence holds fences of its own: which lines are the wrapper's is a
guess then).

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
        yield Finding(fence.open, message, _unwrap(doc, fence))


def _unwrap(doc: Document, fence: Fence) -> Fix | None:
    """Remove the fence lines (the opening one alone where the fence is never closed). None
    where text after the closing fence holds fences of its own: an inner code block closed
    the wrapper early, and which fence lines are the wrapper's is a guess."""
    if fence.trailing is not None and next(fence_lines(fence.trailing.text), None) is not None:
        return None
    edits = [delete_line(doc.index, fence.open.line)]
    if fence.close is not None:
        edits.append(delete_line(doc.index, fence.close.line))
    return Fix.safe("remove the fence lines", *edits)
