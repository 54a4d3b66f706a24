"""Front-matter fields that content rules share: defaults, typed access with spans, dates."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from typing import Any, NamedTuple

from .document import Document
from .source import Span, lazy_re

#: Date fields: the seed's news type, then the usual names of the big site generators
#: (Jekyll, Hugo, Astro, Eleventy …). Only the fields a file has are checked.
DEFAULT_DATES = ("publishedOn", "updatedOn", "newsDate", "date", "updated", "lastmod", "last_modified_at", "pubDate", "updatedDate")
#: Pairs [earlier, later] that must be in order.
DEFAULT_ORDER = (("publishedOn", "updatedOn"), ("newsDate", "publishedOn"), ("date", "updated"), ("date", "lastmod"), ("date", "last_modified_at"), ("pubDate", "updatedDate"))
#: The publication date, the first of these that a file has.
DEFAULT_PUBLISHED = ("publishedOn", "date", "pubDate")
#: Image fields of the seed and the big site generators: without configuration (option
#: `images` empty), the fields a file has of these are its front-matter images.
IMAGE_FIELDS = ("mainImage", "thumbnail", "image", "heroImage", "cover")
#: Alt-text fields that serve any image (Jengu's blog has one `altText` for two images).
GENERIC_ALTS = ("altText", "alt", "alt_text")


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


class ImagePair(NamedTuple):
    """A front-matter image field and the field that holds its alt text."""

    image: str
    alt: str | None  # None: the file has no alt field for it (and none is configured)
    configured: bool  # from option `images`, not found in the file


def alt_names(image: str) -> tuple[str, ...]:
    """The names an alt field of ``image`` has on real sites, its own before the generic ones."""
    cap = image[:1].upper() + image[1:]
    return (f"altText{cap}", f"{image}Alt", f"{image}_alt", f"{image}AltText", f"{image}_alt_text", f"alt{cap}", *GENERIC_ALTS)


def alt_field_of(image: str, keys: Collection[str]) -> str | None:
    """The alt field of ``image`` among a file's ``keys``, if it has one."""
    return next((name for name in alt_names(image) if name in keys), None)


def image_pairs(doc: Document, images: dict[str, str]) -> list[ImagePair]:
    """The front-matter images of ``doc`` with their alt fields: the pairs of option ``images``
    when it is set; without it, the image fields the file has (IMAGE_FIELDS), each with the
    alt field the file uses for it — no alt field is invented that the site may not have."""
    fm = doc.frontmatter
    data = fm.data if fm is not None and isinstance(fm.data, dict) else {}
    if images:
        return [ImagePair(image, alt, True) for image, alt in images.items() if image in data or alt in data]
    return [ImagePair(image, alt_field_of(image, data), False) for image in IMAGE_FIELDS if image in data]


def image_names(doc: Document, images: dict[str, str]) -> list[str]:
    """The front-matter image fields of ``doc`` (see image_pairs)."""
    return [pair.image for pair in image_pairs(doc, images)]


def alt_fields(doc: Document, images: dict[str, str]) -> list[str]:
    """The alt-text fields of ``doc``'s front-matter images, each once."""
    return list(dict.fromkeys(pair.alt for pair in image_pairs(doc, images) if pair.alt))


# ---------------------------------------------------------------------------- dates

_DATE = lazy_re(
    r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"
    r"(?:(?:[Tt]|[ \t]+)(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.(?P<f>\d+))?)?"
    r"(?:[ \t]*(?P<z>[Zz]|[+-]\d{1,2}(?::?\d{2})?))?)?"
)


def calendar_day(value: Any) -> dt.date | None:
    """The calendar date a date or timestamp starts with, even when its time or offset is wrong."""
    m = _DATE.match(value.strip()) if isinstance(value, str) else None
    if m is None:
        return None
    try:
        return dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None


def offset_repeats_time(value: Any) -> bool:
    """Whether a timestamp's positive UTC offset repeats its time of day on the hour
    (``12:00:00+12:00``, ``19:00:00+19:00``): the time copied into the offset."""
    m = _DATE.fullmatch(value.strip()) if isinstance(value, str) else None
    if m is None or m["H"] is None or not m["z"] or m["z"][0] != "+" or int(m["H"]) == 0:
        return False
    digits = m["z"][1:].replace(":", "")
    hours, minutes = (digits[:-2], digits[-2:]) if len(digits) > 2 else (digits, "00")
    return int(hours) == int(m["H"]) and int(minutes) == int(m["M"]) and not int(m["S"] or 0)


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
        return f"is not a date (YYYY-MM-DD) but {_kind(value)}"
    text = value.strip()
    m = _DATE.fullmatch(text)
    if m is None:
        return "is not a date in the form YYYY-MM-DD (or an ISO 8601 timestamp)"
    try:
        day = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return "is not a real calendar date"
    if m["H"] is None:
        return When(text, dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC), True)
    return _timestamp(text, m, day)


def _kind(value: Any) -> str:
    """What a front-matter value that is not a string is, in words."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return "a list or mapping"


def _timestamp(text: str, m: re.Match[str], day: dt.date) -> When | str:
    """The When of a timestamp ``text`` (``m``: its match, ``day``: its valid date), or why
    its time of day or UTC offset is impossible."""
    hour, minute, second = int(m["H"]), int(m["M"]), int(m["S"] or 0)
    if hour > 23 or minute > 59 or second > 59:
        return "has an impossible time of day"
    zone = m["z"]
    offset = _utc_offset(zone)
    if offset is None:
        slip = f": it repeats the time of day {m['H']}:{m['M']}, a copy-paste slip?" if offset_repeats_time(text) else ""
        return f"has an impossible UTC offset {zone} (offsets run from -14:00 to +14:00){slip}"
    micro = int((m["f"] or "0")[:6].ljust(6, "0"))
    local = dt.datetime(day.year, day.month, day.day, hour, minute, second, micro, tzinfo=dt.timezone(offset))
    return When(text, local.astimezone(dt.UTC), False)


def _utc_offset(zone: str | None) -> dt.timedelta | None:
    """The UTC offset a timestamp's ``zone`` spells (none or ``Z``: zero), or None where no
    place has it (over 14 hours, or minutes over 59)."""
    if not zone or zone in "Zz":
        return dt.timedelta(0)
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    hours, minutes = (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
    if minutes > 59 or hours * 60 + minutes > 14 * 60:
        return None
    return sign * dt.timedelta(hours=hours, minutes=minutes)


#: What Ruby's ``Date._parse`` skips after the ISO date (and time) it reads first: digits,
#: signs and punctuation that spell no time (no ``:``) and no month or day name (no letter).
_RUBY_SKIPS = lazy_re(r"[0-9 \t+\-.,/]+")
_RUBY_HOUR = lazy_re(r"\d{1,2}")


def ruby_reads(value: Any) -> tuple[When, str] | None:
    """What Ruby's ``Time.parse`` (Jekyll's ``Utils.parse_date``) makes of a date value that is
    not ISO 8601 — a real ISO date (and time) followed by text it skips, as in the typo
    ``2023-01-29 18:30:22 2023 -0800`` — and the text skipped; None where the value is ISO
    8601, or a shape this reading does not vouch for (it stays ``date-format``'s error)."""
    if not isinstance(value, str) or not isinstance(parse_when(value), str):
        return None
    text = value.strip()
    m = _DATE.match(text)
    rest = text[m.end() :] if m else ""
    if m is None or not rest[:1].isspace() or not _RUBY_SKIPS.fullmatch(rest):
        return None
    when = parse_when(m.group(0))
    if not isinstance(when, When) or (when.date_only and _RUBY_HOUR.fullmatch(rest.strip())):
        return None  # Ruby reads a lone "9" after a date as its hour: not skipped
    return when, rest.strip()
