from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TypeAlias

from ..bodytext import is_html, is_html_fence
from ..charref import MESSAGES
from ..document import Document
from ..fix import Edit, Fix, offsets
from ..markup import VOID, Tag, markup
from ..rule import Finding, Rule
from .body_stray_fence import fence_lines

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
#: Parse errors that leave the tree as the tags are written: where only these occur, the
#: elements left open at the end are those of the rule's stack, and closing them there is
#: what a browser does.
_TREE_KEEPING = frozenset({*MESSAGES, "expected-closing-tag-but-got-eof"})


@dataclass(frozen=True)
class Options:
    strict: bool = False  # also require the end tags that HTML makes optional (p, li, td …)


class HtmlUnclosedElement(Rule):
    id = "html-unclosed-element"
    severity = "warning"
    tags = ("html", "body")
    Options: TypeAlias = Options
    fix_example = ("article.html", '<div class="note"><p><b>Careful</b>\n')
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

Fix (unsafe: where the element should end is the author's to say): an element left open
at the end is closed there — the innermost first, as a browser closes them — where the
end is plain (an HTML body, or a Markdown body whose last line is HTML, with no code fence);
elements left open inside one that an end tag closes are closed just before that end tag,
where no end tag further on names them.

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
        tags = markup(doc).tags
        nesting = _Nesting(doc, options.strict, tags)
        for tag in tags:
            if tag.kind == "start":
                yield from nesting.start(tag)
            elif tag.kind == "end":
                yield from nesting.end(tag)
        yield from nesting.left_open()


class _Nesting:
    """The elements open at each point of a walk over the body's tags, in order."""

    def __init__(self, doc: Document, strict: bool, tags: list[Tag]) -> None:
        self.doc = doc
        self.strict = strict
        self.stack: list[Tag] = []
        self.misnested = False  # an element closed out of order: the parser's tree is not this stack
        self.foreign = 0  # inside <svg> or <math>, where <x/> closes itself
        self.ends = Counter(t.name for t in tags if t.kind == "end")  # the end tags still to come

    def exempt(self, tag: Tag) -> bool:
        """Whether HTML lets this element's end tag be omitted, and the options allow it."""
        return tag.name in _OPTIONAL and not self.strict

    def start(self, tag: Tag) -> Iterator[Finding]:
        """Open ``tag``, after closing the open elements it closes implicitly (a <p> by a <div>)."""
        if tag.name in VOID or (tag.self_closing and self.foreign):
            return
        stack = self.stack
        while stack and tag.name in _OPTIONAL.get(stack[-1].name, ()):
            closed = stack.pop()
            if self.strict:
                yield Finding(closed.span, f"<{closed.name}> is closed only implicitly, by <{tag.name}> on line {tag.span.line}: write </{closed.name}>")
        stack.append(tag)
        self.foreign += tag.name in _FOREIGN

    def end(self, tag: Tag) -> Iterator[Finding]:
        """Close the innermost open element ``tag`` names, and report those left open inside it."""
        self.ends[tag.name] -= 1
        stack = self.stack
        match = next((i for i in range(len(stack) - 1, -1, -1) if stack[i].name == tag.name), None)
        if match is None:
            return  # an end tag that closes nothing: an html-parse-error
        unclosed = [inner for inner in reversed(stack[match + 1 :]) if not self.exempt(inner)]
        fix = _close_before(self.doc, tag, stack[match + 1 :], self.ends) if unclosed and not self.foreign else None
        for inner in unclosed:
            self.misnested = True
            yield Finding(inner.span, f"<{inner.name}> is not closed before </{tag.name}> on line {tag.span.line} closes <{tag.name}>", fix if inner is unclosed[0] else None)
        self.foreign -= sum(t.name in _FOREIGN for t in stack[match:])
        del stack[match:]

    def left_open(self) -> Iterator[Finding]:
        """The elements still open at the end; the innermost reported one with its fix."""
        stack = self.stack
        reported = [i for i, left in enumerate(stack) if not self.exempt(left)]
        plain = not self.misnested and all(e.code in _TREE_KEEPING for e in markup(self.doc).errors)
        for i in reported:
            fix = _close_at_end(self.doc, stack[i:]) if i == reported[-1] and plain else None
            yield Finding(stack[i].span, f"<{stack[i].name}> is never closed", fix)


def _close_before(doc: Document, end: Tag, inner: list[Tag], ends: Counter[str]) -> Fix | None:
    """Close the elements left open inside the one that ``end`` closes, innermost first,
    just before ``end``, where no end tag further on names one of them (it would close
    nothing then: where it belongs is the author's to say)."""
    if any(ends[t.name] > 0 for t in inner):
        return None
    at = offsets(doc.index, end.span)[0]
    if doc.text[at : at + 2] != "</":
        return None
    closers = "".join(f"</{t.name}>" for t in reversed(inner))
    return Fix.unsafe(f"close them before </{end.name}>: {closers}", Edit(at, at, closers))


def _close_at_end(doc: Document, open_tags: list[Tag]) -> Fix | None:
    """Close the innermost reported element left open at the end of the HTML — with the
    elements still open inside it (a <p>, an <li>), innermost first, as a browser closes
    them — where the end is plain: an HTML body (or the HTML in a body's fence), or a
    Markdown body whose last line is HTML, with no code fence to end inside. The next pass
    closes the element around it."""
    tag = open_tags[0]
    if doc.kind == "mdx":
        return None
    fence = doc.fence
    if fence is not None and is_html_fence(fence) and fence.close is not None:
        region = fence.inner
    elif fence is None or not is_html_fence(fence):
        region = doc.body
    else:
        return None
    text = region.text.rstrip()
    last = text[max(text.rfind("\n"), text.rfind("\r")) + 1 :]
    if next(fence_lines(region.text), None) is not None:
        return None  # the end may be inside a code block (or a fence line, that the tag would change)
    if not is_html(doc) and (not last.lstrip(" ")[:1] == "<" or len(last) - len(last.lstrip(" ")) > 3):
        return None
    at = region.start + len(text)
    if at <= offsets(doc.index, tag.span)[1]:
        return None
    closers = "".join(f"</{t.name}>" for t in reversed(open_tags))
    return Fix.unsafe(f"close <{tag.name}> at the end: {closers}", Edit(at, at, closers))
