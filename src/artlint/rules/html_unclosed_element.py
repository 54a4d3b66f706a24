from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TypeAlias

from ..document import Document
from ..markup import VOID, Tag, markup
from ..rule import Finding, Rule

#: Start tags that close an open <p> (HTML's "p end tag may be omitted" list).
_P_CLOSERS = frozenset(
    "address article aside blockquote details dialog div dl fieldset figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header hgroup hr main menu nav ol p pre search section table ul".split()
)
#: Elements whose end tag HTML lets you omit, and the start tags that close them implicitly.
_OPTIONAL = {
    "p": _P_CLOSERS,
    "li": frozenset({"li"}),
    "dt": frozenset({"dt", "dd"}),
    "dd": frozenset({"dt", "dd"}),
    "option": frozenset({"option", "optgroup", "hr"}),
    "optgroup": frozenset({"optgroup", "hr"}),
    "rt": frozenset({"rt", "rp"}),
    "rp": frozenset({"rt", "rp"}),
    "tr": frozenset({"tr", "tbody", "tfoot"}),
    "td": frozenset({"td", "th", "tr", "tbody", "tfoot"}),
    "th": frozenset({"td", "th", "tr", "tbody", "tfoot"}),
    "thead": frozenset({"tbody", "tfoot"}),
    "tbody": frozenset({"tbody", "tfoot"}),
    "tfoot": frozenset(),
    "colgroup": frozenset(),
    "caption": frozenset(),
    "html": frozenset(),
    "head": frozenset({"body"}),
    "body": frozenset(),
}
_FOREIGN = frozenset({"svg", "math"})


@dataclass(frozen=True)
class Options:
    strict: bool = False  # also require the end tags that HTML makes optional (p, li, td …)


class HtmlUnclosedElement(Rule):
    id = "html-unclosed-element"
    severity = "warning"
    tags = ("html", "body")
    Options: TypeAlias = Options
    summary = "An element opened explicitly but never closed, or closed out of order."
    explanation = """
Every element opened with a start tag must be closed by its end tag, in order: `<div>` left
open at the end of the body, `<b><i>x</b></i>` (the `<i>` is closed out of order) and
`<div><span>x</div>` make the browser guess, and the guesses differ from the intent.
Reported at the start tag. Void elements (`img`, `br`, `hr` …) never need closing, and the
elements whose end tag HTML makes optional (`p`, `li`, `td`, `dt`, `dd`, `option` …) are
exempt where HTML allows the omission, unless the option `strict = true`. In Markdown
bodies the HTML blocks and inline HTML form one stream, so an element opened in one block
and closed in a later one is closed.

Bad:

```html
<div class="note"><b><i>Careful</b></i>
```

Good:

```html
<div class="note"><b><i>Careful</i></b></div>
```
"""

    def check(self, doc: Document, options: Options) -> Iterator[Finding]:
        stack: list[Tag] = []
        foreign = 0  # inside <svg> or <math>, where <x/> closes itself
        for tag in markup(doc).tags:
            if tag.kind == "start":
                if tag.name in VOID or (tag.self_closing and foreign):
                    continue
                while stack and tag.name in _OPTIONAL.get(stack[-1].name, ()):
                    closed = stack.pop()
                    if options.strict:
                        yield Finding(closed.span, f"<{closed.name}> is closed only implicitly, by <{tag.name}> on line {tag.span.line}: write </{closed.name}>")
                stack.append(tag)
                foreign += tag.name in _FOREIGN
            elif tag.kind == "end":
                match = next((i for i in range(len(stack) - 1, -1, -1) if stack[i].name == tag.name), None)
                if match is None:
                    continue  # an end tag that closes nothing: an html-parse-error
                for inner in reversed(stack[match + 1 :]):
                    if inner.name in _OPTIONAL and not options.strict:
                        continue
                    yield Finding(inner.span, f"<{inner.name}> is not closed before </{tag.name}> on line {tag.span.line} closes <{tag.name}>")
                foreign -= sum(t.name in _FOREIGN for t in stack[match:])
                del stack[match:]
        for left in stack:
            if left.name in _OPTIONAL and not options.strict:
                continue
            yield Finding(left.span, f"<{left.name}> is never closed")
