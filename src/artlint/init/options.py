"""Rule options inferred from a collection's front matter: its date fields, its image/alt
pairs, and description-length thresholds from the collection's own lengths."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..fields import parse_when

#: A date field: at least this share of its values are dates or timestamps.
DATE_SHARE = 0.9
#: Description thresholds: each side leaves out at most this share of the lengths.
TAIL = 0.025
#: Fewer descriptions than this keep the rule's defaults.
MIN_DESCRIPTIONS = 10
DESCRIPTION_FIELDS = ("description", "summary", "excerpt")

IMAGE_SUFFIXES = (".avif", ".gif", ".jpeg", ".jpg", ".png", ".svg", ".webp")
_IMAGE_NAME = re.compile(r"image|img|cover|thumbnail|thumb|hero|banner|photo|picture|poster", re.IGNORECASE)
_CAMEL = re.compile(r"([a-z0-9])([A-Z])")


def _is_alt_name(key: str) -> bool:
    """``alt``, ``altText``, ``heroImageAlt``, ``image_alt`` (a word of the name), not ``salt``."""
    return "alt" in re.split(r"[\s_.-]+", _CAMEL.sub(r"\1 \2", key).casefold())


@dataclass
class Options:
    """What a collection's configuration sets besides its schema, and why."""

    dates: list[str] = field(default_factory=list)
    images: dict[str, str] = field(default_factory=dict)
    description_field: str | None = None
    description_range: tuple[int, int] | None = None
    notes: list[str] = field(default_factory=list)


def infer(datas: Sequence[dict[str, Any]]) -> Options:
    out = Options()
    out.dates, why = date_fields(datas)
    out.notes += why
    out.images, why = image_pairs(datas)
    out.notes += why
    out.description_field, out.description_range, why = description(datas)
    out.notes += why
    return out


def _values(datas: Sequence[dict[str, Any]], key: str) -> list[Any]:
    return [d[key] for d in datas if key in d]


def _keys(datas: Sequence[dict[str, Any]]) -> list[str]:
    seen: dict[str, None] = {}
    for d in datas:
        seen.update(dict.fromkeys(d))
    return list(seen)


def date_fields(datas: Sequence[dict[str, Any]]) -> tuple[list[str], list[str]]:
    """Top-level keys whose values are (nearly all) dates or ISO 8601 timestamps."""
    found = []
    for key in _keys(datas):
        values = _values(datas, key)
        dated = sum(1 for v in values if isinstance(v, str) and not isinstance(parse_when(v), str))
        if len(values) >= 1 and dated >= DATE_SHARE * len(values) and dated:
            found.append(key)
    why = [f"date fields: {', '.join(found)} (values that are dates or timestamps)"] if found else ["no date fields"]
    return found, why


def _looks_like_image(value: Any, named: bool) -> bool:
    if not isinstance(value, str) or not value or any(c.isspace() for c in value):
        return False
    path = value.split("?", 1)[0].split("#", 1)[0]
    return path.casefold().endswith(IMAGE_SUFFIXES) or (named and ("/" in value or "." in value))


def image_pairs(datas: Sequence[dict[str, Any]]) -> tuple[dict[str, str], list[str]]:
    """Image field → alt field, for the pairs the files use together."""
    keys = _keys(datas)
    alts = _alt_fields(datas, keys)
    images = [k for k in keys if k not in alts and _IMAGE_NAME.search(k)]
    pairs: dict[str, str] = {}
    why = []
    for key in keys:
        if key in alts or not _holds_images(datas, key):
            continue
        alt = _best_alt(datas, key, alts, images)
        if alt is None:
            why.append(f"image field {key} has no alt-text field in any file: not paired")
        else:
            pairs[key] = alt
    if pairs:
        why.insert(0, "image/alt pairs: " + ", ".join(f"{k} → {v}" for k, v in pairs.items()))
    return pairs, why


def _alt_fields(datas: Sequence[dict[str, Any]], keys: list[str]) -> list[str]:
    """The keys named as alt texts (see _is_alt_name) that hold text in some file."""
    return [k for k in keys if _is_alt_name(k) and any(isinstance(v, str) for v in _values(datas, k))]


def _holds_images(datas: Sequence[dict[str, Any]], key: str) -> bool:
    """Whether 80 % of the key's values (empty ones apart) look like image paths or URLs."""
    values = [v for v in _values(datas, key) if v not in ("", None)]
    named = bool(_IMAGE_NAME.search(key))
    return bool(values) and sum(_looks_like_image(v, named) for v in values) >= 0.8 * len(values)


def _squash(name: str) -> str:
    return name.casefold().replace("_", "").replace("-", "")


def _best_alt(datas: Sequence[dict[str, Any]], image: str, alts: list[str], images: list[str]) -> str | None:
    """The alt field that goes with ``image``: one named after it (``heroImageAlt``), else a
    generic one named after no image field (``altText``); of those, the one most often beside
    it, and only if the files use them together."""
    with_image = [d for d in datas if image in d]

    def together(alt: str) -> int:
        return sum(1 for d in with_image if alt in d)

    named = [a for a in alts if _squash(image) in _squash(a)]
    generic = [a for a in alts if not any(_squash(i) in _squash(a) for i in images)]
    ranked = sorted(named or generic, key=together, reverse=True)
    return ranked[0] if ranked and together(ranked[0]) else None


def description(datas: Sequence[dict[str, Any]]) -> tuple[str | None, tuple[int, int] | None, list[str]]:
    """The description field and the lengths that leave out at most TAIL of them each side."""
    for key in DESCRIPTION_FIELDS:
        lengths = sorted(len(v.strip()) for v in _values(datas, key) if isinstance(v, str))
        if lengths:
            break
    else:
        return None, None, ["no description field"]
    if len(lengths) < MIN_DESCRIPTIONS:
        return key, None, [f"{key}: only {len(lengths)} files have one; description-length keeps its defaults"]
    cut = int(TAIL * len(lengths))
    low, high = max(1, lengths[cut]), lengths[len(lengths) - 1 - cut]
    inside = sum(1 for n in lengths if low <= n <= high)
    median = lengths[len(lengths) // 2]
    note = f"{key} length {low}–{high} characters: {inside} of {len(lengths)} descriptions (median {median}); the SEO default is 50–160"
    return key, (low, high), [note]
