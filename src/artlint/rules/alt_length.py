from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TypeAlias

from ..document import Document
from ..fields import alt_fields, text_field
from ..markup import markup
from ..rule import Finding, Rule


@dataclass(frozen=True)
class Options:
    max: int = 150  # characters
    images: dict[str, str] = field(default_factory=dict)


class AltLength(Rule):
    id = "alt-length"
    severity = "warning"
    tags = ("images", "accessibility")
    Options: TypeAlias = Options
    summary = "Alt text longer than `max` characters (default 150)."
    explanation = """
Alt text is read aloud in one go and cannot be skimmed: keep it to what the image shows, in
at most `max` characters (default 150); put longer descriptions in a caption or the text.

Bad:

```html
<img src="/img/map.png" alt="A map of the region showing every railway line, station, junction and depot, with the new connections in red, the closed ones dashed, and the travel times between all the major towns in small print">
```

Good:

```html
<img src="/img/map.png" alt="Map of the region's railway with the three new lines in red">
```
"""

    def check(self, doc: Document, options: Options) -> Iterator[Finding]:
        for image in markup(doc).images:
            if image.alt and image.alt_span is not None and len(image.alt) > options.max:
                yield Finding(image.alt_span, f"alt text is {len(image.alt)} characters long; keep it to {options.max}")
        for alt_name in alt_fields(doc, options.images):
            alt = text_field(doc, alt_name)
            if alt is not None and len(alt.value) > options.max:
                yield Finding(alt.span, f"{alt_name} is {len(alt.value)} characters long; keep it to {options.max}")
