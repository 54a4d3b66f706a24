from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TypeAlias

from ..document import Document
from ..fields import DEFAULT_DATES, field, ruby_reads
from ..rule import Finding, Rule
from .date_format import DateParser


@dataclass(frozen=True)
class Options:
    dates: tuple[str, ...] = DEFAULT_DATES  # the date fields (shared key `dates`)
    date_parser: DateParser = "iso"  # the generator's date reader (shared key; Jekyll's: "ruby")


class DateStyle(Rule):
    id = "date-style"
    severity = "warning"
    tags = ("frontmatter", "dates")
    Options: TypeAlias = Options
    summary = "A date the site's generator reads leniently, skipping part of it: not ISO 8601, likely a typo."
    explanation = """
Some generators read dates leniently: Jekyll parses a `date` with Ruby's `Time.parse`, which
takes the first ISO date and time it finds and skips digits it cannot place. The page
renders, so this is not `date-format`'s error, but what was skipped is lost — in
`2023-01-29 18:30:22 2023 -0800` the year typed twice hides the UTC offset, and the post is
dated in the build machine's time zone. Reported (a warning) only where the site's
generator reads dates so (`date-parser = "ruby"`, the default for a Jekyll site); elsewhere
such a value is `date-format`'s error.

Bad (a Jekyll site):

```yaml
date: 2023-01-29 18:30:22 2023 -0800
```

Good:

```yaml
date: 2023-01-29 18:30:22 -0800
```
"""

    def check(self, doc: Document, options: Options) -> Iterator[Finding]:
        if options.date_parser != "ruby":
            return
        for name in options.dates:
            f = field(doc, name)
            read = ruby_reads(f.value) if f is not None else None
            if f is not None and read is not None:
                when, skipped = read
                yield Finding(f.span, f"{name}: '{f.value.strip()}' is not ISO 8601: Ruby's Time.parse (Jekyll) reads {when.text} and skips '{skipped}'; write a date (YYYY-MM-DD) or an ISO 8601 timestamp")
