from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TypeAlias

from ..document import Document
from ..fields import text_field
from ..rule import Finding, Rule
from ..source import lazy_re

#: A sentence's end: . ! ? (closing quotes and brackets after it are fine) — not an ellipsis.
_ENDS_SENTENCE = lazy_re(r"(?<!\.\.)[.!?。！？]['\"”’»)\]]*$")
#: A sentence's end inside the text, followed by the next sentence.
_SENTENCE_BREAK = lazy_re(r"[a-z0-9)\]'\"”’][.!?]['\"”’)]? [A-Z]")
#: Words that never end a sentence: an article, a conjunction, a possessive. (A preposition
#: may: "a feed your readers can subscribe to".)
STOPWORDS = frozenset("a an the and or but nor its their our your my whose than such including via amid among as if because whether very".split())
#: Lengths that tools cut text to (SEO snippets, tweet-sized summaries, database columns).
ROUND_LENGTHS = frozenset({150, 155, 156, 158, 160, 200, 250, 255, 256, 280, 300, 500})
#: Short words that do end sentences (a cut word at a round length is any other short one).
_SHORT_ENDS = frozenset("up in on it us me go do so no ok is be by to of at".split())
_OPENERS = "([{\"'“‘«"
_CUT_MARKS = ",;:-–—/&+"
_ELLIPSIS = ("…", "...")


def cut_evidence(text: str) -> str | None:
    """Why ``text`` looks cut off, or None when it reads as complete (a headline is)."""
    text = text.strip()
    if not text or _ENDS_SENTENCE.search(text):
        return None
    if text.endswith(_ELLIPSIS):  # a teaser's "and much more…" is a choice; a cut at a length is not
        before = cut_evidence(text.rstrip(".…").rstrip() + ".") is None and cut_evidence(text.rstrip(".…"))
        return f"ends in an ellipsis and {before}" if before else "ends in an ellipsis at a cut length" if len(text) >= 140 else None
    last = text[-1]
    if last in _CUT_MARKS:
        return f"ends in {last!r}"
    if last in _OPENERS or _unclosed(text):
        return "leaves a bracket or quote open"
    word = text.split()[-1].strip(_OPENERS).casefold()
    if word in STOPWORDS:
        return f"ends in the word {word!r}"
    if len(text) in ROUND_LENGTHS and _cut_word(word, text):
        return f"is exactly {len(text)} characters long, its last word cut"
    if len(text) >= 100 and _SENTENCE_BREAK.search(text):
        return "has more than one sentence and the last one has no end"
    return None


def _cut_word(word: str, text: str) -> bool:
    """Whether the last word looks cut: a short fragment, or the start of a longer word of the text."""
    if word.isalpha() and len(word) <= 2 and word not in _SHORT_ENDS:
        return True
    return any(w.startswith(word) and len(w) > len(word) for w in text.casefold().split()[:-1])


def _unclosed(text: str) -> bool:
    return any(text.count(o) > text.count(c) for o, c in ("()", "[]", "“”", "«»"))


@dataclass(frozen=True)
class Options:
    field: str = "description"


class DescriptionTruncated(Rule):
    id = "description-truncated"
    severity = "warning"
    tags = ("frontmatter", "seo")
    Options: TypeAlias = Options
    summary = "The description shows evidence of being cut off mid-sentence."
    explanation = """
A description cut to a length by a tool ends mid-sentence: "…as the global race for
technological". A description without a full stop is not enough — "Learn about web
animation playback" is a complete headline — so the rule asks for evidence of a cut: the
text ends in an ellipsis (`…`, `...`), a comma, hyphen or other joining mark, an open
bracket or quote, or a word that never ends a sentence (`the`, `and`, `of`, `to` …); or it
is exactly a length that tools cut to (150, 155, 160 …) without a sentence end; or it has
more than one sentence (100 characters or more) and the last one has no end. Reported on
the description (option `field`), quoting its end and the evidence.

Bad:

```yaml
description: "The refusal reflects broader tensions, as the global race for AI and"
```

Good:

```yaml
description: "The refusal reflects broader tensions in the global race for AI."
```
"""

    def check(self, doc: Document, options: Options) -> Iterator[Finding]:
        f = text_field(doc, options.field)
        if f is None:
            return
        evidence = cut_evidence(f.value)
        if evidence is not None:
            tail = " ".join(f.value.split()[-5:])
            yield Finding(f.span, f"{options.field} looks cut off: it {evidence} ('…{tail}')")
