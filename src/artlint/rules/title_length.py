from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TypeAlias

from ..document import Document
from ..fields import text_field
from ..rule import Finding, Rule


@dataclass(frozen=True)
class Options:
    max: int = 70


class TitleLength(Rule):
    id = "title-length"
    severity = "info"
    tags = ("frontmatter", "seo")
    Options: TypeAlias = Options
    summary = "A title longer than `max` characters (default 70): search results cut it."
    explanation = """
Search engines show about 60–70 characters of a title; a longer `title` is cut off in the
results and in browser tabs. Reported when it has more than `max` characters (default 70).

Bad:

```yaml
title: "The harbour festival drew a record crowd of over forty thousand visitors this weekend"
```

Good:

```yaml
title: "Harbour festival draws a record crowd"
```
"""

    def check(self, doc: Document, options: Options) -> Iterator[Finding]:
        f = text_field(doc, "title")
        if f is not None and len(f.value) > options.max:
            yield Finding(f.span, f"title is {len(f.value)} characters long; search results show about {options.max}")
