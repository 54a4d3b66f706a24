from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TypeAlias

from ..document import Document
from ..fields import DEFAULT_PUBLISHED, calendar_day, field
from ..rule import Finding, Rule
from ..source import lazy_re

_NAME_DATE = lazy_re(r"^(\d{4})-(\d{2})-(\d{2})-")


@dataclass(frozen=True)
class Options:
    published: tuple[str, ...] = DEFAULT_PUBLISHED  # the publication date: the first of these fields present
    tolerance_days: int = 1  # time zones


class DateFilename(Rule):
    id = "date-filename"
    severity = "warning"
    tags = ("frontmatter", "dates")
    Options: TypeAlias = Options
    summary = "A file named YYYY-MM-DD-slug whose publication date says another day."
    explanation = """
Jekyll-style file names start with the publication date (`2025-03-04-harbour-festival.md`).
When the front matter's publication date (the first of option `published` that the file
has: `publishedOn`, `date`, `pubDate`) says another day, one of them is wrong — and the
URL, built from one, disagrees with the page, built from the other. A difference of up to
`tolerance-days` (default 1, for time zones) is allowed. Reported on the date field.

Bad (`2025-03-04-harbour-festival.md`):

```yaml
date: 2025-04-03
```

Good:

```yaml
date: 2025-03-04
```
"""

    def check(self, doc: Document, options: Options) -> Iterator[Finding]:
        m = _NAME_DATE.match(os.path.basename(doc.path))
        if m is None:
            return
        try:
            named = dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return
        for name in options.published:
            f = field(doc, name)
            if f is None:
                continue
            day = calendar_day(f.value)  # as written: a wrong time or offset is date-format's
            if day is not None and abs((day - named).days) > options.tolerance_days:
                yield Finding(f.span, f"{name} {f.value.strip()} is not the date in the file name, {named.isoformat()}")
            return
