from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from ..document import Document
from ..fields import text_field
from ..rule import Finding, Regex, Rule

#: What an assistant or a generator says to its user, not to the article's readers. Written
#: in lower case and matched against the lower-cased text; a match must start a word. Each
#: phrase comes with its anchors, words of which every match holds one: a text without any
#: of them is not searched with the phrase (a substring search costs far less). A phrase
#: that starts with a literal is searched fastest: alternatives that start it are split.
CHATTER = (
    # refusals and apologies
    (("able to",), r"i(?:'m| am) (?:unable|not able) to (?:access|browse|view|open|read|retrieve|fulfil|fulfill|complete|provide)\b"),
    (("sorry, but",), r"i(?:'m| am) sorry, but\b"),
    (("i can",), r"i can(?:not|'t) (?:access|browse|assist with|help with|fulfil|fulfill)\b"),
    (("as an ai",), r"as an ai(?: language)? model\b"),
    (("rewr", "transformed"), r"the (?:article |text |content )*(?:content )?you (?:want|would like|wanted|provided)(?: me)?(?: to be)? (?:rewritten|transformed|to rewrite)\b"),
    # offers and requests
    (("i can help you",), r"i can help you (?:create|write|draft|with)\b"),
    *(((word,), word + r"[!,.] (?:below|here|please|i)\b") for word in ("certainly", "sure", "of course", "absolutely")),
    (("you provide", "you please provide"), r"(?:could|can) you (?:please )?provide (?:the|me with)\b"),
    (("please provide the",), r"please provide the (?:text|content|article)\b"),
    (("i will",), r"i will (?:transform|rewrite|turn) it into\b"),
    (("let me know if you",), r"let me know if you(?:'d| would)? like (?:any|me to|further)\b"),
    # meta-comments on the text just produced
    *(((start,), start + r" (?:a|an|the) (?:rewritten|revised|restructured|professional|reformatted) (?:version|article|news piece)\b") for start in ("below is", "here is")),
    (("this professional ", "this news piece", "this article", "this rewrit"), r"this (?:professional )?(?:news piece|article|rewrite|rewritten version) (?:outlines|highlights|maintains|is structured|structures|captures|presents|provides|summari[sz]es)\b"),
    (("it structures the content in",), r"it structures the content in\b"),
    (("suitable for publication by",), r"suitable for publication by\b"),
)
PHRASES = tuple(pattern for _, pattern in CHATTER)


@dataclass(frozen=True)
class Options:
    patterns: tuple[Regex, ...] = ()  # extra regular expressions (case-insensitive)
    fields: tuple[str, ...] = ("title", "subtitle", "description")  # front-matter fields checked besides the body


@lru_cache(maxsize=None)
def _phrase(pattern: str) -> re.Pattern[str]:  # compiled on first use: most texts hold the anchors of few
    return re.compile(pattern)


@lru_cache(maxsize=16)
def _extra(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE | re.MULTILINE) if patterns else None


def matches(text: str, extra: tuple[str, ...] = ()) -> list[tuple[int, int]]:
    """Where the phrases (and the ``extra`` patterns) match ``text``, in order."""
    low = text.lower()
    found = []
    if len(low) == len(text):  # lower-casing kept every offset (it does but for a few letters)
        for anchors, pattern in CHATTER:
            for anchor in anchors:  # (a loop: a generator per phrase would cost more than the search)
                if anchor in low:
                    found += [m.span() for m in _phrase(pattern).finditer(low) if m.start() == 0 or not _WORD.match(low, m.start() - 1)]
                    break
    else:
        found += [m.span() for m in _extra(PHRASES).finditer(text) if m.start() == 0 or not _WORD.match(text, m.start() - 1)]  # type: ignore[union-attr]
    pattern = _extra(extra)
    if pattern is not None:
        found += [m.span() for m in pattern.finditer(text)]
    return sorted(found)


_WORD = re.compile(r"\w")
_SENTENCE_END = re.compile(r"[.!?…](?=\s|<|$)|<|\r|\n")


class Sentences:
    """The sentence around each match of a text, within its line and outside markup.

    Matches are asked for in the order of their starts: each scan, backward to the
    sentence's beginning and forward to its end, stops where the last one started or
    found (a run of matches in one long sentence costs one pass, not one per match).
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.start = self.begin = 0  # the last match's start, and its sentence's beginning
        self.searched_from = len(text) + 1  # where the last forward search started (none yet), and what it found
        self.found: re.Match[str] | None = None

    def around(self, start: int, end: int) -> tuple[int, int]:
        text, floor = self.text, self.start if start >= self.start else 0
        begin = start
        while begin > floor and text[begin - 1] not in "\r\n>" and not (text[begin - 1] == " " and begin >= 2 and text[begin - 2] in ".!?"):
            begin -= 1
        if begin == floor and floor == self.start:
            begin = self.begin  # the scan from the last start goes on from here: same result
        self.start, self.begin = start, begin
        m = self.found
        if not (self.searched_from <= end and (m is None or m.start() >= end)):
            m = self.found = _SENTENCE_END.search(text, end)
            self.searched_from = end
        stop = m.end() if m and m.group(0) in ".!?…" else (m.start() if m else len(text))
        return begin, stop


class GeneratorChatter(Rule):
    id = "generator-chatter"
    severity = "error"
    tags = ("content",)
    Options = Options
    summary = "Text an AI assistant or generator wrote to its user, published as part of the article."
    explanation = """
Content generators answer their user, and the answer sometimes ships: refusals ("I'm
unable to access copyrighted content…"), offers ("Certainly! Please provide the content…",
"I can help you create…") and comments on their own output ("This professional news piece
outlines…", "Below is a rewritten version…"). Readers see the conversation. Reported at the
sentence, in the body and in the title, subtitle and description (option `fields`); option
`patterns` adds regular expressions to the built-in phrase list.

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
        sentences = Sentences(body.text)
        for m_start, m_end in matches(body.text, extra):
            start, end = sentences.around(m_start, m_end)
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


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 90 else text[:89] + "…"
