from __future__ import annotations

import re
from collections.abc import Iterator

from ..document import Document
from ..fix import Fix, delete_line
from ..markup import is_html_fence
from ..rule import Finding, NoOptions, Rule

#: A fence line, to its end: at a line start after \n or \r\n; _FENCE_AFTER_CR after a lone \r too.
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})([^\r\n]*)", re.MULTILINE)
_FENCE_AFTER_CR = re.compile(r"(?:^|(?<=\r)) {0,3}(`{3,}|~{3,})([^\r\n]*)", re.MULTILINE)


def fence_lines(text: str) -> Iterator[re.Match[str]]:
    """The fence lines of ``text`` (marker and rest), in order."""
    if "```" not in text and "~~~" not in text:
        return iter(())
    lone_cr = text.count("\r") != text.count("\r\n")  # old Mac line ends: rare, and slower to find
    return (_FENCE_AFTER_CR if lone_cr else _FENCE).finditer(text)


#: What a code block that runs to the end of the article swallows when it was not meant to:
#: a Markdown heading, link or image, an HTML block, another fence line.
_NOT_CODE = re.compile(r"^ {0,3}(?:#{1,6}[ \t]|<(?:p|div|h[1-6]|ul|ol|table|figure|img|section|article)\b|`{3}|~{3})|\]\(", re.MULTILINE | re.IGNORECASE)


def _only_code(text: str, end: int) -> bool:
    """Whether the text after an unclosed fence line at ``end`` is code to the end of the
    article (CommonMark closes the block there): something, and no Markdown or HTML."""
    rest = text[end:]
    return bool(rest.strip()) and _NOT_CODE.search(rest) is None


class BodyStrayFence(Rule):
    id = "body-stray-fence"
    severity = "warning"
    tags = ("body",)
    fix_example = ("article.md", "<p>The last paragraph.</p>\n```\n")
    summary = "A code-fence line with no partner: a Markdown renderer opens a code block that runs to the end."
    explanation = """
A line of three backticks (or tildes) opens a fenced code block, and the next such line
closes it. A fence line with no partner — typically a lone ```` ``` ```` left at the end of an
HTML body by a generator — opens a code block that runs to the end of the article: the
renderer shows an empty code block, or the rest of the article as code. Reported at the
stray line. Not reported: the article's last code block left open, when it names its
language and only code follows (no heading, link, HTML block or fence line): the end of
the article closes it and it renders as meant. (A body wrapped whole in a fence is `body-code-fence`'s.)

Fix (unsafe: the fence may have been meant to open a code block whose closing fence was
lost): a dangling stray line — the body's last — is removed. One with text after it is
left to the author (code, or the article?).

Bad:

````markdown
<p>The last paragraph.</p>
```
````

Good:

```markdown
<p>The last paragraph.</p>
```
"""

    def check(self, doc: Document, options: NoOptions) -> Iterator[Finding]:
        body = doc.body
        text = body.text
        wrapper = doc.fence if doc.fence is not None and is_html_fence(doc.fence) else None
        opened = _unclosed_fence(text)
        if opened is None:
            return
        start, end, marker, info = opened
        if info and _only_code(text, end):
            return  # the last code block, closed by the end of the article: rendered as meant
        span = body.span(start, end)
        if wrapper is not None and span == wrapper.open:
            return  # the wrapping fence, never closed: body-code-fence reports it
        dangling = not text[end:].strip()  # the last line: what follows it is not code to unmask
        fix = Fix.unsafe("remove the stray fence line", delete_line(doc.index, span.line)) if dangling else None
        yield Finding(span, f"a stray {marker} fence line with no closing partner: a Markdown renderer opens a code block here that runs to the end of the article", fix)


def _unclosed_fence(text: str) -> tuple[int, int, str, str] | None:
    """The fence line that no later one closes: (start, end, marker, info string — the
    code's language), or None where each is closed."""
    opened: tuple[int, int, str] | None = None  # (start, end, marker) of the open fence line
    info = ""  # its info string
    for m in fence_lines(text):
        marker, rest = m.group(1), m.group(2)
        if opened is None:
            if not (marker[0] == "`" and "`" in rest):
                opened = (m.start(1), m.end(), marker)
                info = rest.strip()
        elif marker[0] == opened[2][0] and len(marker) >= len(opened[2]) and not rest.strip():
            opened = None
    return None if opened is None else (*opened, info)
