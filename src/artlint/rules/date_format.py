from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal, TypeAlias

from ..document import Document
from ..fields import DEFAULT_DATES, field, parse_when, ruby_reads
from ..frontmatter import show
from ..rule import Finding, Rule

#: How the site's generator reads a date: ISO 8601 only, or Ruby's lenient ``Time.parse``
#: (Jekyll), which reads an ISO date and time and skips digits after them.
DateParser = Literal["iso", "ruby"]


@dataclass(frozen=True)
class Options:
    dates: tuple[str, ...] = DEFAULT_DATES  # the date fields
    allow_datetime: bool = True  # accept full ISO 8601 timestamps, not only YYYY-MM-DD
    date_parser: DateParser = "iso"  # the generator's date reader (shared key; Jekyll's: "ruby")


class DateFormat(Rule):
    id = "date-format"
    severity = "error"
    tags = ("frontmatter", "dates")
    Options: TypeAlias = Options
    summary = "A date field that is not a real calendar date in YYYY-MM-DD (or an ISO 8601 timestamp)."
    explanation = """
Date fields (option `dates`; by default `publishedOn`, `updatedOn`, `newsDate` and the
usual generator names `date`, `updated`, `lastmod`, `last_modified_at`, `pubDate`,
`updatedDate`) must hold a real calendar date written `YYYY-MM-DD`, or a full ISO 8601
timestamp (`2025-03-04 14:30:00+01:00`) unless `allow-datetime = false`. Reported: other
formats (`04/03/2025`, `March 4`), impossible dates (`2025-02-30`), impossible times and
UTC offsets beyond ±14:00. Where the schema rejects the same value, this explanation is
kept and the schema's error left out.

What the site's generator reads and renders is not an error: with `date-parser = "ruby"`
(Jekyll's default: it reads dates with Ruby's `Time.parse`), a real ISO date and time
followed by digits Ruby skips (`2023-01-29 18:30:22 2023 -0800`, the year typed twice) is
left to the `date-style` warning.

Bad:

```yaml
publishedOn: 2025-02-30
updatedOn: 03/04/2025
date: 2025-03-04 14:30:00+15:00
```

Good:

```yaml
publishedOn: 2025-02-28
updatedOn: 2025-03-04
date: 2025-03-04 14:30:00+01:00
```
"""

    def check(self, doc: Document, options: Options) -> Iterator[Finding]:
        for name in options.dates:
            f = field(doc, name)
            if f is None:
                continue
            when = parse_when(f.value)
            if f.value is None:
                yield Finding(f.span, f"{name} is empty: write a date, YYYY-MM-DD")
            elif isinstance(when, str):
                if options.date_parser == "ruby" and ruby_reads(f.value) is not None:
                    continue  # Jekyll reads it: date-style's warning
                yield Finding(f.span, f"{name}: {show(f.value)} {when}")
            elif not when.date_only and not options.allow_datetime:
                yield Finding(f.span, f"{name}: '{f.value}' is a timestamp; write the date alone, YYYY-MM-DD")
