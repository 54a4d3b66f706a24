from __future__ import annotations

from collections.abc import Iterator

from ..corpus import Corpus, Facts, names
from ..rule import CorpusRule, Finding, NoOptions


class DuplicateTitle(CorpusRule):
    id = "duplicate-title"
    severity = "warning"
    tags = ("corpus", "seo")
    summary = "Two or more articles share a title (case and spacing aside)."
    explanation = """
Articles with the same title compete with each other in search results and confuse
readers — and usually mean that one article was published several times under different
slugs. Titles are compared case- and whitespace-insensitively across the whole corpus (every
file the configuration includes, not only those checked in this run); the message names the
other files.

Bad (two files):

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
        others = [p for p in corpus.titled(facts.title) if p != facts.path]
        if others:
            yield Finding(facts.title_span, f"title also used by {len(others)} other article{'s' if len(others) > 1 else ''}: {names(others)}")
