from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from itertools import pairwise

from ..corpus import Corpus, Facts, names
from ..fields import DEFAULT_PUBLISHED, calendar_day
from ..generated import file_says_generated
from ..rule import CorpusRule, Finding, NoOptions

#: Words of a title that names a recurring publication: a series reuses such a title on purpose.
_SERIES = re.compile(
    r"\b(?:update|updates|meeting|meetings|roundup|round-up|newsletter|digest|recap|report|advisory|changes|"
    r"release notes|minutes|agenda|weekly|monthly|quarterly|annual|yearly|this week|this month|"
    r"january|february|march|april|may|june|july|august|september|october|november|december)\b"
)
_PATH_DATE = re.compile(r"(?:^|/)(\d{4})[/-](\d{2})[/-](\d{2})(?:[/-]|$)")
MIN_GAP = 7  # days between two articles of a series (a weekly meeting)
YEARLY = 330  # days: an article that comes back every year


def section(path: str) -> str:
    """The section (folder) of an article; a page bundle's (index.md) is its parent folder's."""
    folder = os.path.dirname(path)
    stem = os.path.splitext(os.path.basename(path))[0]
    return os.path.dirname(folder) if stem in ("index", "_index") else folder


def published(facts: Facts) -> dt.date | None:
    """The publication day of an article: its date field, or the date in its path or file name."""
    for name in DEFAULT_PUBLISHED:
        if name in facts.texts:
            return calendar_day(facts.texts[name][0])
    for where in (facts.texts.get("path", ("", None))[0], facts.texts.get("permalink", ("", None))[0], os.path.basename(facts.path)):
        m = _PATH_DATE.search(where)
        if m:
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                continue
    return None


def recurring(title: str, days: list[dt.date | None]) -> bool:
    """Whether articles sharing ``title`` on these ``days`` are a series: each on its own
    date, a week or more apart — three or more of them, a title that names a recurring
    publication ("Weekly meeting", "Lang team March update"), or a year apart."""
    if len(days) < 2 or any(d is None for d in days):
        return False
    ordered = sorted(d for d in days if d is not None)
    gaps = [(b - a).days for a, b in pairwise(ordered)]
    if min(gaps) < MIN_GAP:
        return False
    return len(days) >= 3 or bool(_SERIES.search(title.casefold())) or min(gaps) >= YEARLY


def generated(path: str, corpus: Corpus) -> bool:
    """Whether the file at ``path`` says it is generated (:mod:`artlint.generated`), once per run."""
    return corpus.memo(("generated", path), lambda: file_says_generated(path))  # type: ignore[no-any-return]


class DuplicateTitle(CorpusRule):
    id = "duplicate-title"
    severity = "warning"
    tags = ("corpus", "seo")
    summary = "Two or more articles of one section share a title (case and spacing aside), not as a series."
    explanation = """
Articles with the same title compete with each other in search results and confuse
readers — and usually mean that one article was published several times under different
slugs. Titles are compared case- and whitespace-insensitively across the whole corpus (every
file the configuration includes, not only those checked in this run); the message names the
other files.

Not reported, because the title recurs by intent:

- articles in different sections (folders; a page bundle's `index.md` belongs to its
  parent's): API reference pages titled `Pages` or `Get` under several namespaces;
- a series: articles each on its own date, a week or more apart, that are three or more
  ("Planet News Roundup" ×39, "Weekly meeting" ×9), or whose title names a recurring
  publication (an update, a meeting, a month …), or that come back a year apart. The date is
  the publication date field, or the date in the `path` or file name;
- two pages that both say they are generated (a comment at the top: `# This file is
  auto-generated …`, `<!-- DO NOT EDIT -->`, `Code generated … DO NOT EDIT.`): reference
  pages written out from a program's source (an error list where a deprecated code keeps its
  successor's message) are fixed in that source, not on the site. A hand-written page with
  the title of a generated one is still reported.

Bad (two files of `blog/`, a month apart):

```yaml
title: "AI upselling in hotels: strategies to boost revenue"
```

```yaml
title: "AI Upselling in Hotels:  Strategies to Boost Revenue"
```

Good: one article, or two distinct titles.
"""

    def check_corpus(self, facts: Facts, corpus: Corpus, options: NoOptions) -> Iterator[Finding]:
        if not facts.title or not facts.title.strip() or facts.title_span is None:
            return
        others = namesakes(facts.path, facts.title, corpus)
        if not others or is_series(facts.title, facts, others, corpus):
            return
        yield Finding(facts.title_span, f"title also used by {len(others)} other article{'s' if len(others) > 1 else ''}: {names(others)}")


def namesakes(path: str, title: str, corpus: Corpus) -> list[str]:
    """The other articles of ``path``'s section with ``title`` — of a generated page, the
    others not generated."""
    here = section(path)
    others = [p for p in corpus.titled(title) if p != path and section(p) == here]
    if generated(path, corpus):
        others = [p for p in others if not generated(p, corpus)]
    return others


def is_series(title: str, facts: Facts, others: list[str], corpus: Corpus) -> bool:
    """Whether the articles with ``title`` — ``facts``' and ``others`` — are a series (by their dates)."""
    stored = [corpus.facts_of(p) for p in others]
    return recurring(title, [published(facts), *(published(f) if f else None for f in stored)])

