from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TypeAlias

from ..document import Document
from ..fields import DEFAULT_DATES, field, offset_repeats_time
from ..rule import Finding, Rule


@dataclass(frozen=True)
class Options:
    dates: tuple[str, ...] = DEFAULT_DATES  # the date fields checked (shared key `dates`)


class DateOffset(Rule):
    id = "date-offset"
    severity = "warning"
    tags = ("frontmatter", "dates")
    defers_to = ("date-format",)  # an impossible offset (19:00:00+19:00) is date-format's, with this hint
    Options: TypeAlias = Options
    summary = "A timestamp whose UTC offset repeats its time of day (12:00:00+12:00): a copy-paste slip."
    explanation = """
A timestamp whose positive UTC offset is its own time of day on the hour — `12:00:00+12:00`,
`09:00+09:00` — almost always had its time copied into the offset: the article is dated
hours away from when it was written (here, midnight UTC). Reported on the date field
(option `dates`) as a warning: a site in that time zone may mean it. An offset beyond
±14:00 (`19:00:00+19:00`) is impossible and reported by `date-format`, which names the slip.

Bad:

```yaml
date: 2024-05-02 12:00:00 +12:00
```

Good:

```yaml
date: 2024-05-02 12:00:00 +01:00
```
"""

    def check(self, doc: Document, options: Options) -> Iterator[Finding]:
        for name in options.dates:
            f = field(doc, name)
            if f is not None and offset_repeats_time(f.value):
                yield Finding(f.span, f"{name}: the UTC offset of '{f.value.strip()}' repeats its time of day: a copy-paste slip? Write the offset of the site's time zone")
