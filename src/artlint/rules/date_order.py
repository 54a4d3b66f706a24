from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TypeAlias

from ..document import Document
from ..fields import DEFAULT_ORDER, DEFAULT_PUBLISHED, When, field, parse_when
from ..rule import Finding, Rule


@dataclass(frozen=True)
class Options:
    order: tuple[tuple[str, str], ...] = DEFAULT_ORDER  # pairs [earlier, later]
    published: tuple[str, ...] = DEFAULT_PUBLISHED  # publication-date fields: the other field of a pair is the one reported


class DateOrder(Rule):
    id = "date-order"
    severity = "error"
    tags = ("frontmatter", "dates")
    Options: TypeAlias = Options
    summary = "Date fields out of their configured order (updated before published, news dated after publication)."
    explanation = """
Some dates must come in order: an article cannot be updated before it is published, nor
report news from after its own publication. Option `order` lists pairs `[earlier,
later]`; by default `publishedOn` ≤ `updatedOn`, `newsDate` ≤ `publishedOn`, and the
generator pairs `date` ≤ `updated` / `lastmod` / `last_modified_at`, `pubDate` ≤
`updatedDate`. Timestamps are compared as instants; a date alone is its day. Reported on
the field that breaks the order — the one of the pair that is not the publication date
(option `published`) — naming both dates. Pairs where a field is missing or not a valid
date are skipped.

Bad:

```yaml
publishedOn: 2025-04-07
updatedOn: 2025-02-17
```

Good:

```yaml
publishedOn: 2025-02-13
updatedOn: 2025-02-17
```
"""

    def check(self, doc: Document, options: Options) -> Iterator[Finding]:
        for earlier_name, later_name in options.order:
            earlier, later = field(doc, earlier_name), field(doc, later_name)
            if earlier is None or later is None:
                continue
            a, b = parse_when(earlier.value), parse_when(later.value)
            if not isinstance(a, When) or not isinstance(b, When):
                continue
            if not _before(b, a):
                continue
            if earlier_name not in options.published and later_name in options.published:
                yield Finding(earlier.span, f"{earlier_name} {a.text} is after {later_name} {b.text}: it must be on or before it")
            else:
                yield Finding(later.span, f"{later_name} {b.text} is before {earlier_name} {a.text}: it must be on or after it")


def _before(b: When, a: When) -> bool:
    """Whether b is earlier than a: by day when either is a date alone, else as instants."""
    if a.date_only or b.date_only:
        return b.day < a.day
    return b.instant < a.instant
