from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeAlias

from .. import linear
from ..document import Document
from ..fields import text_field
from ..markup import is_html_fence
from ..rule import Finding, Regex, Rule
from ..source import lazy_re

#: What an assistant says to the person who prompted it, not to the article's readers.
#: People write "Sure, I love pets" and "This article outlines…" too: a phrase is chatter
#: only with strong evidence of a reply about the task (a refusal, a request for the text,
#: a comment on the rewrite it just produced). Each entry: anchors (words of which every
#: match holds one: a text without any of them is not searched), the phrase (lower case,
#: matched against the lower-cased text, at the start of a word) and the context: words of
#: which the phrase's sentence must hold one (none: the phrase is evidence enough).
TASK = ("rewrit", "transform", "news piece", "the article", "article content", "source article", "the content", "the text", "your request", "provide", "copyrighted")
ASKED = ("rewrit", "transform", "news piece", "source article", "article content", "content of the article", "the article you", "content you", "text you", "your article")
CHATTER: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = (
    # refusals and apologies
    (("as an ai",), r"as an ai(?: language)? model\b", ()),
    (("sorry, but",), r"i(?:'m| am) sorry, but\b", TASK),
    (("able to",), r"i(?:'m| am) (?:unable|not able) to (?:access|browse|view|open|read|retrieve|fulfil|fulfill|complete|provide)\b", TASK + ("external", "real-time", "the internet", "the link", "the url", "websites")),
    (("i can",), r"i can(?:not|'t) (?:access|browse|assist with|help with|fulfil|fulfill|rewrite)\b", TASK),
    (("you want", "you would", "you wanted", "you provided"), r"the (?:article content |text content |article |text |content )?you (?:want|would like|wanted|provided)(?: me)?(?: to be)? (?:rewritten|transformed|to rewrite)\b", ()),
    # offers and requests
    (("i can help you",), r"i can help you (?:create|write|draft)\b", ("news piece", "rewrit", "based on general knowledge", "based on the")),
    *(((word,), word + r"[!,.] (?:below is|here is|here's|here are) (?:a|an|the|your) (?:rewritten|revised|restructured|reformatted|professional|polished|description|summary|title|version|news piece|draft)\b", ()) for word in ("certainly", "sure", "of course", "absolutely")),
    *(((word,), word + r"! (?:please provide|please share|i'd be happy to|i would be happy to|i can help)\b", ASKED + ("provide the",)) for word in ("certainly", "sure", "of course", "absolutely")),
    (("you provide", "you please provide", "you share", "you please share"), r"(?:could|can) you (?:please )?(?:provide|share) (?:the|me with|it)\b", ASKED),
    (("please provide the",), r"please provide the (?:text|content|article)\b", ASKED),
    (("i will",), r"i will (?:transform|rewrite|turn) it into\b", ("news piece", "article", "professional")),
    (("let me know if you",), r"let me know if you(?:'d| would)? like (?:any |me to |further )", ("adjust", "change", "modif", "revis", "edit", "rewrit", "tweak")),
    # meta-comments on the text just produced
    *(((start,), start + r" (?:a|an|the) (?:rewritten|restructured|reformatted) (?:version|article|news piece)\b", ()) for start in ("below is", "here is")),
    *(((start,), start + r" (?:a|an|the) (?:revised|professional|polished) (?:version|article|news piece)\b", ("of the article", "of your", "news piece", "for publication")) for start in ("below is", "here is")),
    (("this professional news piece",), r"this professional news piece\b", ()),
    (("this news piece", "this rewrit", "this revised"), r"this (?:news piece|rewrite|rewritten version|revised version) (?:outlines|highlights|maintains|is structured|structures|captures|presents|provides|summari[sz]es)\b", ()),
    (("it structures the content in",), r"it structures the content in\b", ()),
    (("suitable for publication by",), r"suitable for publication by\b", ("structured", "format", "news piece")),
)


@dataclass(frozen=True)
class Options:
    patterns: tuple[Regex, ...] = ()  # extra regular expressions (case-insensitive)
    fields: tuple[str, ...] = ("title", "subtitle", "description")  # front-matter fields checked besides the body


@cache
def _phrase(pattern: str) -> re.Pattern[str]:  # compiled on first use: most texts hold the anchors of few
    return re.compile(pattern)


def _extra(patterns: tuple[str, ...]) -> Any:
    """The configuration's patterns as one, run by RE2 (linear time: a pull request can write them)."""
    return linear.compile("|".join(f"(?:{p})" for p in patterns), ignore_case=True, multiline=True) if patterns else None


def matches(text: str, extra: tuple[str, ...] = ()) -> list[tuple[int, int]]:
    """Where the phrases (and the ``extra`` patterns) match ``text``, in order."""
    low = text.lower()
    if len(low) != len(text):  # a few letters lower-case to two: keep every offset
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    found = []
    for anchors, pattern, context in CHATTER:
        for anchor in anchors:  # (a loop: a generator per phrase would cost more than the search)
            if anchor in low:
                found += [m.span() for m in _phrase(pattern).finditer(low) if _evidence(low, m.start(), m.end(), context)]
                break
    extra_pattern = _extra(extra)
    if extra_pattern is not None:
        found += linear.spans(extra_pattern, text)
    return sorted(found)


_QUOTES = frozenset("\"'“‘«`")


def _evidence(low: str, start: int, end: int, context: tuple[str, ...]) -> bool:
    """A match that starts a word, is not quoted (a mention: "As an AI language model" in an
    article about chatbots), and whose sentence holds one of the ``context`` words."""
    if start > 0 and (_WORD.match(low, start - 1) or low[start - 1] in _QUOTES):
        return False
    if not context:
        return True
    begin, stop = sentence(low, start, end)
    rest = low[begin:start] + " " + low[end:stop]  # the evidence is beyond the phrase itself
    return any(word in rest for word in context)


_WORD = lazy_re(r"\w")
_SENTENCE_END = lazy_re(r"[.!?…](?=\s|<|$)|<|\r|\n")
_SENTENCE_MAX = 600  # characters searched on either side for the sentence's ends


def sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``text[start:end]``, within its line and outside markup."""
    limit = max(start - _SENTENCE_MAX, 0)
    begin = max(limit, *(text.rfind(c, limit, start) + 1 for c in "\r\n>"), *(text.rfind(c, limit, start) + 2 for c in (". ", "! ", "? ")))
    m = _SENTENCE_END.search(text, end, end + _SENTENCE_MAX)
    stop = m.end() if m and m.group(0) in ".!?…" else (m.start() if m else min(len(text), end + _SENTENCE_MAX))
    return begin, stop


class GeneratorChatter(Rule):
    id = "generator-chatter"
    severity = "error"
    tags = ("content",)
    Options: TypeAlias = Options
    summary = "Text an AI assistant or generator wrote to its user, published as part of the article."
    explanation = """
Content generators answer their user, and the answer sometimes ships: refusals ("I'm
unable to access copyrighted content…"), offers ("Certainly! Please provide the content…",
"I can help you create…") and comments on their own output ("This professional news piece
outlines…", "Below is a rewritten version…"). Readers see the conversation. People write
"Of course, I've learned a lot" and "This article outlines…" too, so a phrase counts only
as a reply about the task: with its evidence in the same sentence ("I'm sorry, but" with
the text or the rewrite it asks for), or a phrase that is evidence alone ("As an AI
language model", "Below is a rewritten version"). Never in code (fenced blocks, code
spans, `<pre>`, `<code>`) nor in quotes (a mention). Reported at the sentence, in the body
and in the title, subtitle and description (option `fields`); option `patterns` adds
regular expressions to the built-in phrase list (RE2 syntax, run in linear time: no
lookarounds or backreferences).

Bad:

```markdown
Certainly! Below is a rewritten version of the article:

<h2>Overview</h2>
```

Good:

```markdown
<h2>Overview</h2>
```
"""

    def check(self, doc: Document, options: Options) -> Iterator[Finding]:
        extra = tuple(options.patterns)
        body = doc.body
        spans: list[list[int]] = []
        for m_start, m_end in matches(prose(doc), extra):
            start, end = sentence(body.text, m_start, m_end)
            if spans and start <= spans[-1][1] + 1 and not body.text[spans[-1][1] : start].strip():
                spans[-1][1] = max(spans[-1][1], end)  # the next sentence of the same passage
            elif not spans or start >= spans[-1][1]:
                spans.append([start, end])
        for start, end in spans:
            yield Finding(body.span(start, end), f"text written to the generator's user, not to readers: '{_short(body.text[start:end])}'")
        for name in options.fields:
            f = text_field(doc, name)
            if f is not None and matches(f.value, extra):
                yield Finding(f.span, f"{name} holds text written to the generator's user, not to readers: '{_short(f.value)}'")


def prose(doc: Document) -> str:
    """The body's text with its code blanked out (same length): closed fenced code blocks, code
    spans, and ``<pre>``, ``<code>``, ``<script>``, ``<style>`` elements. A fence that wraps
    the whole article's HTML (```` ```html ````) is the article, not code."""
    text = doc.body.text
    chars = list(text)
    fence_ = doc.fence
    wrapper = {fence_.open.line, fence_.close.line if fence_.close else 0} if fence_ is not None and is_html_fence(fence_) else set()
    offset, fence, opened, line_no = 0, "", 0, doc.body.line
    for line in text.splitlines(keepends=True):
        marker = _fence_marker(line)
        if fence:
            if marker.startswith(fence) and not line.strip()[len(marker) :].strip():
                _blank(chars, opened, offset + len(line))
                fence = ""
        elif marker and line_no not in wrapper:
            fence, opened = marker, offset
        else:
            _blank_code_spans(chars, line, offset)
        offset += len(line)
        line_no += 1
    # (a fence never closed is body-stray-fence's: the text after it is still the article's)
    _blank_elements(chars, text.lower())
    return "".join(chars)


def _fence_marker(line: str) -> str:
    stripped = line.lstrip(" ")
    if len(line) - len(stripped) > 3 or stripped[:3] not in ("```", "~~~"):
        return ""
    return stripped[: len(stripped) - len(stripped.lstrip(stripped[0]))]


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, min(end, len(chars))):
        if chars[i] not in "\r\n":
            chars[i] = " "


def _blank_code_spans(chars: list[str], line: str, offset: int) -> None:
    """Blank `code spans` of one line: a run of backticks up to the next run as long."""
    i = line.find("`")
    while i >= 0:
        j = i
        while j < len(line) and line[j] == "`":
            j += 1
        run = line[i:j]
        close = line.find(run, j)
        while close >= 0 and line[close + len(run) : close + len(run) + 1] == "`":
            close = line.find(run, close + len(run) + 1)  # a longer run does not close it
        if close < 0:
            i = line.find("`", j)
            continue
        _blank(chars, offset + i, offset + close + len(run))
        i = line.find("`", close + len(run))


def _blank_elements(chars: list[str], low: str) -> None:
    for name in ("pre", "code", "script", "style"):
        i = low.find(f"<{name}")
        while i >= 0:
            after = low[i + len(name) + 1 : i + len(name) + 2]
            if after and after not in " >\t\r\n/":
                i = low.find(f"<{name}", i + 1)  # <codex>, <preview>: another element
                continue
            close = low.find(f"</{name}", i)
            end = len(low) if close < 0 else close
            _blank(chars, i, end)
            i = low.find(f"<{name}", end + 1)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 90 else text[:89] + "…"
