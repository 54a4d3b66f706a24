from __future__ import annotations

import re
from collections.abc import Iterator

from ..document import Document, Fence
from ..fix import Fix, delete_line
from ..markup import HTML_BLOCK_NAMES, is_html_fence
from ..rule import Finding, NoOptions, Rule
from ..source import LINE_END, lazy_re
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

Fix (safe): the wrapper's fence lines are removed — the opening one and the body's last
fence line — the rest of the body left as it is; code blocks inside (```` ```python ````
… ```` ``` ````) keep theirs. Not where which fence lines are the wrapper's is a guess, nor in
a Markdown body where some of the fenced text would be read as Markdown (`# Heading`, a
list, `*emphasis*`) instead of as the HTML it was.

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
    """Remove the wrapper's fence lines: the opening one, and the body's last fence line
    where it closes it (not where the fence is never closed). Code blocks inside keep their
    fences (```` ```python ```` … ```` ``` ````: an opening fence with a language, which
    cannot be the wrapper's close). None where which fence lines are the wrapper's is a
    guess, or where in a Markdown body the unwrapped text would not be read as the HTML it
    was linted as (``_reads_as_html``)."""
    if doc.kind == "mdx":
        return None  # ({expressions} and JSX would be MDX's once unwrapped)
    body, index = doc.body, doc.index
    after = min(index.offset(fence.open.line + 1), body.end) - body.start  # the line after the opening fence
    opener = _FENCE_MARKER.match(index.line_text(fence.open.line))
    lines = [m for m in fence_lines(body.text) if m.start() >= after]
    if opener is None or not _pairs(lines[:-1]) or (lines and not _closes(lines[-1], opener.group(1))):
        return None
    end = lines[-1].start() if lines else len(body.text)
    pieces, at = [], after
    for inner_open, inner_close in zip(lines[:-1:2], lines[1:-1:2]):  # the code blocks inside, left out
        pieces.append(body.text[at : inner_open.start()])
        at = inner_close.end()
    pieces.append(body.text[at:end])
    if doc.kind != "html" and not all(_reads_as_html(piece) for piece in pieces):
        return None
    edits = [delete_line(index, fence.open.line)]
    if lines:
        edits.append(delete_line(index, index.position(body.start + lines[-1].start())[0]))
    return Fix.safe("remove the fence lines", *edits)


_FENCE_MARKER = lazy_re(r" {0,3}(`{3,}|~{3,})")


def _closes(line: re.Match[str], marker: str) -> bool:
    """Whether a fence line closes a block opened with ``marker``."""
    return line.group(1)[0] == marker[0] and len(line.group(1)) >= len(marker) and not line.group(2).strip()


def _pairs(lines: list[re.Match[str]]) -> bool:
    """Whether fence lines pair up as code blocks, each opened with a language (so that the
    opening line cannot be read as a close) and closed by the next line."""
    if len(lines) % 2:
        return False
    return all(o.group(2).strip() and not (o.group(1)[0] == "`" and "`" in o.group(2)) and _closes(c, o.group(1)) for o, c in zip(lines[::2], lines[1::2]))


#: Characters that Markdown reads in running text (emphasis, code, links, escapes).
_INLINE = lazy_re(r"[*_`\[\]\\]")
_BLOCK_TAG = lazy_re(r" {0,3}</?([A-Za-z][A-Za-z0-9-]*)(?=[\s/>]|$)")


def _reads_as_html(text: str) -> bool:
    """Whether Markdown reads ``text`` as the HTML it is: each block (lines up to a blank
    one) an HTML block — opened by a block-level tag, passed through as it is — or plain
    prose: lines that start with a letter or a tag and hold nothing Markdown reads in
    running text (``*``, ``_``, backticks, brackets, backslashes). Not ``# Heading``, a
    list, an indented line (code)."""
    raw = False  # inside an HTML block, to the next blank line
    block_start = True
    for line in LINE_END.split(text):
        if not line.strip():
            raw, block_start = False, True
            continue
        tag = _BLOCK_TAG.match(line)
        if (block_start or not raw) and tag is not None and tag.group(1).lower() in HTML_BLOCK_NAMES:
            raw = True  # (an HTML block of this kind may also interrupt a paragraph)
        if not raw:
            stripped = line.lstrip(" ")
            if len(line) - len(stripped) > 3 or not (stripped[:1].isalpha() or stripped.startswith("<")) or _INLINE.search(line):
                return False
        block_start = False
    return True
