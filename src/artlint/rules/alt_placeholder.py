from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TypeAlias

from .. import linear
from ..document import Document
from ..fields import field as fm_field, image_pairs, text_field
from ..markup import markup
from ..rule import Finding, Regex, Rule
from ..source import lazy_re

GENERIC_WORDS = ("image", "photo", "picture", "graphic", "banner", "thumbnail", "img", "pic", "illustration", "screenshot", "icon", "logo")
PLACEHOLDERS = ("todo", "tbd", "tbc", "alt", "alt text", "alt tag", "insert alt text", "add alt text", "image description", "description", "placeholder", "untitled", "null", "undefined", "none", "n/a", "xxx")
_IMAGE_EXT = r"\.(?:jpe?g|png|gif|webp|avif|svg|bmp|tiff?|heic|jfif|ico)"
_FILE_NAME = lazy_re(rf"^\S+{_IMAGE_EXT}$|^(?:img|dsc|dscn|dscf|pxl|screenshot)[_ -]?\d+", re.IGNORECASE)
_OF_THE_ARTICLE = lazy_re(
    r"^(?:an?|the)?\s*(?:[\w-]+\s+){0,3}?(?:main\s+|hero\s+|featured\s+|cover\s+|header\s+)?"
    r"(?:image|picture|photo|thumbnail|graphic|illustration|banner|visual)\s+(?:for|of|to accompany|accompanying)\s+(?:the|this)\s+"
    r"(?:article|post|blog\s+post|story|news(?:\s+(?:article|story))?|page)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Options:
    images: dict[str, str] = field(default_factory=dict)
    patterns: tuple[Regex, ...] = ()  # extra regular expressions (searched, case-insensitive)
    generic_words: tuple[str, ...] = GENERIC_WORDS  # replaces the list, e.g. for other languages


_SEPARATORS = lazy_re(r"[\s_\-.:;,!?'\"“”‘’()]+")
_EXTENSION = lazy_re(rf"{_IMAGE_EXT}$", re.IGNORECASE)


def _normal(text: str) -> str:
    return " ".join(_SEPARATORS.sub(" ", text).split()).casefold()


@lru_cache(maxsize=64)
def _normal_set(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(_normal(w) for w in words)


def _stem(src: str) -> str:
    name = src.split("?", 1)[0].split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    return _normal(_EXTENSION.sub("", name))


def why_placeholder(alt: str, options: Options, title: str | None, src: str | None) -> str | None:
    """Why ``alt`` does not describe its image, or None."""
    text = " ".join(alt.split())
    norm = _normal(text)
    if not norm:
        return None
    if norm in _normal_set(tuple(options.generic_words)):
        return f"'{text}' is a generic word, not a description of the image"
    if norm in _normal_set(PLACEHOLDERS):
        return f"'{text}' is a placeholder"
    if title and norm == _normal(title):
        return "it repeats the title instead of describing the image"
    if _FILE_NAME.search(text) or (src and _stem(src) and norm == _stem(src) and " " not in text):  # ("Zion National Park" for zion-national-park.jpg: written as words)
        return f"'{text}' is a file name"
    if _OF_THE_ARTICLE.search(text):
        return "it only says that this is an image of the article, not what it shows"
    for pattern in options.patterns:
        if linear.search(linear.compile(pattern, ignore_case=True), text):  # (from the configuration: RE2, linear time)
            return f"it matches the placeholder pattern {pattern!r}"
    return None


class AltPlaceholder(Rule):
    id = "alt-placeholder"
    severity = "warning"
    tags = ("images", "accessibility")
    Options: TypeAlias = Options
    summary = "Alt text that does not describe the image: a generic word, a placeholder, a file name, a template."
    explanation = """
Alt text must say what the image shows. Reported: a bare generic word ("image", "photo",
"banner" …, option `generic-words` replaces the list); a placeholder ("TODO", "alt text",
"insert alt text"); a file name (`IMG_2041.jpg`, or the image's own file name); text that
only says it is an image of the article ("A visually stunning main image for the article: …"); alt text
equal to the title. A description that says what kind of image it is ("Screenshot of the
'New API Token' page", "A photo of Gen Li") describes it: the kind is information a screen
reader does not give. Option `patterns` adds regular expressions (RE2 syntax, run in linear
time: no lookarounds or backreferences). Front-matter alt fields are checked whether or not
their image is set (a template left in place is still a template).

Bad:

```markdown
---
title: "Harbour festival draws record crowds"
altTextMainImage: "A visually stunning main image for the article: Harbour festival draws record crowds"
---

<img src="/img/IMG_2041.jpg" alt="IMG_2041.jpg">
![image](/img/boats.jpg)
```

Good:

```markdown
---
title: "Harbour festival draws record crowds"
altTextMainImage: "Fireworks over the old harbour, seen from the crowded quay"
---

<img src="/img/IMG_2041.jpg" alt="Children on the carousel at the harbour festival">
![Fishing boats decorated with flags](/img/boats.jpg)
```
"""

    def check(self, doc: Document, options: Options) -> Iterator[Finding]:
        title_field = text_field(doc, "title")
        title = title_field.value if title_field else None
        for image in markup(doc).images:
            if image.alt and image.alt_span is not None:
                why = why_placeholder(image.alt, options, title, image.src.value if image.src else None)
                if why:
                    yield Finding(image.alt_span, f"alt text does not describe the image: {why}")
        seen: set[str] = set()
        for image_name, alt_name, _ in image_pairs(doc, options.images):
            alt = text_field(doc, alt_name) if alt_name else None
            if alt is None or alt.name in seen:
                continue
            seen.add(alt.name)
            src = fm_field(doc, image_name)
            why = why_placeholder(alt.value, options, title, src.value if src and isinstance(src.value, str) else None)
            if why:
                yield Finding(alt.span, f"{alt_name} does not describe the image: {why}")

