from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TypeAlias

from ..document import Document
from ..fields import alt_fields, text_field
from ..markup import markup
from ..rule import Finding, Rule
from ..source import lazy_re


@dataclass(frozen=True)
class Options:
    max: int = 150  # characters
    images: dict[str, str] = field(default_factory=dict)


#: A chart or plot named in alt text that also holds figures: the text alternative of the
#: data (WCAG's complex images), long by necessity.
_CHART = lazy_re(r"\b(?:chart|charts|graph|graphs|plot|plots|plotted|diagram|histogram|heatmap)\b", re.IGNORECASE)


#: A quoted passage: in alt text, words the image itself shows.
_QUOTED = lazy_re(r"\"[^\"]{1,200}\"|\u201c[^\u201d]{1,200}\u201d")


def reads_out_data(alt: str) -> bool:
    """Whether ``alt`` describes a chart and gives its figures, or transcribes the words of a
    diagram or an image of text (two quoted passages or more: WCAG asks that the alt text of
    an image of text contain that text)."""
    if _CHART.search(alt) is not None and any(c.isdigit() for c in alt):
        return True
    return len(_QUOTED.findall(alt)) >= 2


class AltLength(Rule):
    id = "alt-length"
    severity = "warning"
    tags = ("images", "accessibility")
    Options: TypeAlias = Options
    summary = "Alt text longer than `max` characters (default 150)."
    explanation = """
Alt text is read aloud in one go and cannot be skimmed: keep it to what the image shows, in
at most `max` characters (default 150); put longer descriptions in a caption or the text.
Not reported: the alt text of a chart that reads out its figures ("Two charts: 2016: 29.6%
less than 1000 lines, …", "The performance of 1000 crates plotted against …"), where the
text is the data a reader who cannot see the chart needs; and alt text that transcribes the
words an image shows, quoted (two quoted passages or more: `left side shows a large circle
saying "What I think others know" and a small circle … "What I know"`), which is the text
of an image of text.

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
            if image.alt and image.alt_span is not None and len(image.alt) > options.max and not reads_out_data(image.alt):
                yield Finding(image.alt_span, f"alt text is {len(image.alt)} characters long; keep it to {options.max}")
        for alt_name in alt_fields(doc, options.images):
            alt = text_field(doc, alt_name)
            if alt is not None and len(alt.value) > options.max and not reads_out_data(alt.value):
                yield Finding(alt.span, f"{alt_name} is {len(alt.value)} characters long; keep it to {options.max}")
