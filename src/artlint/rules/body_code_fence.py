from __future__ import annotations

from collections.abc import Iterator

from ..document import Document, Fence
from ..source import LINE_END
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

Fix (safe): the fence lines are removed, the rest of the body left as it is. Not where
the fenced text or text after the closing fence holds fence lines of its own (which lines
are the wrapper's is a guess then), nor in a Markdown body where a block of the fenced text
does not start with a tag (Markdown would read it as Markdown, not as the HTML it was).

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
    where the fenced text, or text after the closing fence, holds fence lines of its own
    (an inner code block that closed the wrapper early): which fence lines are the
    wrapper's is a guess, and unwrapped they would open code blocks. None too where, in a
    Markdown body, the fenced text would not all be read as HTML (``_html_blocks``)."""
    if any(next(fence_lines(region.text), None) is not None for region in (fence.inner, fence.trailing) if region is not None):
        return None
    if doc.kind != "html" and not _html_blocks(fence.inner.text):
        return None
    edits = [delete_line(doc.index, fence.open.line)]
    if fence.close is not None:
        edits.append(delete_line(doc.index, fence.close.line))
    return Fix.safe("remove the fence lines", *edits)


def _html_blocks(text: str) -> bool:
    """Whether every block of ``text`` — its first line, and each line after a blank one —
    starts with a tag (``<`` after at most three blanks): Markdown then passes the text
    through as HTML blocks, as artlint linted it inside the fence, instead of reading
    some of it as Markdown (``# Heading``, an indented line as code)."""
    after_blank = True
    for line in LINE_END.split(text):
        if not line.strip():
            after_blank = True
            continue
        if after_blank and not line.lstrip(" ").startswith("<") or after_blank and len(line) - len(line.lstrip(" ")) > 3:
            return False
        after_blank = False
    return True
