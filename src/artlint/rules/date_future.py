from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TypeAlias

from ..document import Document
from ..fields import DEFAULT_DATES, When, field, is_draft, parse_when
from ..rule import Finding, Rule
from ..source import lazy_re


@dataclass(frozen=True)
class Options:
    dates: tuple[str, ...] = DEFAULT_DATES
    tolerance_days: int = 0
    today: str = ""  # YYYY-MM-DD; set by --today or ARTLINT_TODAY; default: the real date


def today(options: Options) -> dt.date:
    try:
        return dt.date.fromisoformat(options.today) if options.today else dt.date.today()
    except ValueError:
        return dt.date.today()


#: Words of a date field's name that say the date is meant to be later than publication:
#: an expiry (Hugo's ``expiryDate``), an unpublication, the end, start or deadline of an
#: event (``endDate``, ``eventDate``, ``registrationDeadline``, ``validUntil``).
LATER_WORDS = frozenset("expiry expires expire expiration expiring unpublish unpublished end ends ending event events start starts deadline until due closes closing".split())
_WORD = lazy_re(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")


def meant_for_later(name: str) -> bool:
    """Whether the field ``name`` holds a date meant to be in the future (``expiryDate``,
    ``end_date``): its words, camelCase or snake_case, name an expiry or an event."""
    return any(w.lower() in LATER_WORDS for w in _WORD.findall(name[:200]))


class DateFuture(Rule):
    id = "date-future"
    severity = "warning"
    tags = ("frontmatter", "dates")
    Options: TypeAlias = Options
    summary = "A date in the future (beyond `tolerance-days`), unless the article is a draft."
    explanation = """
A published article dated in the future is usually a typo (2052 for 2025) — and many
site generators silently skip future posts, so it never appears. Reported for each date
field (option `dates`) later than today plus `tolerance-days` (default 0), unless the
article is a draft (`draft: true`). "Today" can be fixed with `--today YYYY-MM-DD` (or
the `ARTLINT_TODAY` variable) so that reruns do not drift with the calendar. Dates meant
to be later are not checked: an expiry or unpublication (`expiryDate`, `unpublishDate`,
`expires`), the start, end or deadline of an event (`eventDate`, `endDate`, `deadline`).

Bad (checked on 2025-06-01):

```yaml
publishedOn: 2052-05-30
```

Good:

```yaml
publishedOn: 2025-05-30
```
"""

    def cache_inputs(self, options: Options) -> Iterable[str]:
        return (today(options).isoformat(),)  # a cached result holds until the date moves

    def check(self, doc: Document, options: Options) -> Iterator[Finding]:
        if is_draft(doc):
            return
        limit = today(options) + dt.timedelta(days=options.tolerance_days)
        for name in options.dates:
            if meant_for_later(name):
                continue
            f = field(doc, name)
            when = parse_when(f.value) if f is not None else None
            if f is not None and isinstance(when, When) and when.day > limit:
                yield Finding(f.span, f"{name} {when.text} is in the future (today is {today(options).isoformat()}); set draft: true until then, or fix the date")
