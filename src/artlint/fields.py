"""Front-matter fields that content rules share: defaults, typed access with spans, dates."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any, NamedTuple

from .document import Document
from .source import Span

#: Date fields: the seed's news type, then the usual names of the big site generators
#: (Jekyll, Hugo, Astro, Eleventy …). Only the fields a file has are checked.
DEFAULT_DATES = ("publishedOn", "updatedOn", "newsDate", "date", "updated", "lastmod", "last_modified_at", "pubDate", "updatedDate")
#: Pairs [earlier, later] that must be in order.
DEFAULT_ORDER = (("publishedOn", "updatedOn"), ("newsDate", "publishedOn"), ("date", "updated"), ("date", "lastmod"), ("date", "last_modified_at"), ("pubDate", "updatedDate"))
#: The publication date, the first of these that a file has.
DEFAULT_PUBLISHED = ("publishedOn", "date", "pubDate")
#: Image field → its alt-text field.
DEFAULT_IMAGES = {"mainImage": "altTextMainImage", "thumbnail": "altTextThumbnail", "image": "image_alt", "heroImage": "heroImageAlt", "cover": "coverAlt"}


class Field(NamedTuple):
    name: str
    value: Any
    span: Span  # of the value


def field(doc: Document, name: str) -> Field | None:
    """A top-level front-matter field, if the front matter loaded and has it."""
    fm = doc.frontmatter
    if fm is None or fm.data is None or name not in fm.data:
        return None
    return Field(name, fm.data[name], fm.value_span((name,)))


def text_field(doc: Document, name: str) -> Field | None:
    """A top-level field whose value is a string."""
    f = field(doc, name)
    return f if f is not None and isinstance(f.value, str) else None


def is_draft(doc: Document) -> bool:
    f = field(doc, "draft")
    return f is not None and f.value is True


def front_images(doc: Document, images: dict[str, str]) -> Iterator[tuple[Field | None, str, Field | None]]:
    """(image field, alt field name, alt field) for each configured pair the file has."""
    for image_name, alt_name in images.items():
        image = field(doc, image_name)
        alt = field(doc, alt_name)
        if image is not None or alt is not None:
            yield image, alt_name, alt


# ---------------------------------------------------------------------------- dates

_DATE = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"
    r"(?:(?:[Tt]|[ \t]+)(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.(?P<f>\d+))?)?"
    r"(?:[ \t]*(?P<z>[Zz]|[+-]\d{1,2}(?::?\d{2})?))?)?"
)


class When(NamedTuple):
    """A date or timestamp: its instant (UTC; a date alone is its midnight UTC)."""

    text: str
    instant: dt.datetime
    date_only: bool

    @property
    def day(self) -> dt.date:
        return self.instant.date()


def parse_when(value: Any) -> When | str:
    """A When, or a message saying why ``value`` is not a valid date or timestamp."""
    if not isinstance(value, str):
        kind = "null" if value is None else "a boolean" if isinstance(value, bool) else "a number" if isinstance(value, (int, float)) else "a list or mapping"
        return f"is not a date (YYYY-MM-DD) but {kind}"
    text = value.strip()
    m = _DATE.fullmatch(text)
    if m is None:
        return "is not a date in the form YYYY-MM-DD (or an ISO 8601 timestamp)"
    try:
        day = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return "is not a real calendar date"
    if m["H"] is None:
        return When(text, dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc), True)
    hour, minute, second = int(m["H"]), int(m["M"]), int(m["S"] or 0)
    if hour > 23 or minute > 59 or second > 59:
        return "has an impossible time of day"
    offset = dt.timedelta(0)
    zone = m["z"]
    if zone and zone not in "Zz":
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        hours, minutes = (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
        if minutes > 59 or hours * 60 + minutes > 14 * 60:
            return f"has an impossible UTC offset {zone} (offsets run from -14:00 to +14:00)"
        offset = sign * dt.timedelta(hours=hours, minutes=minutes)
    micro = int((m["f"] or "0")[:6].ljust(6, "0"))
    local = dt.datetime(day.year, day.month, day.day, hour, minute, second, micro, tzinfo=dt.timezone(offset))
    return When(text, local.astimezone(dt.timezone.utc), False)
