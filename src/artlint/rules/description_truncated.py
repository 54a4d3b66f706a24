from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..document import Document
from ..fields import text_field
from ..rule import Finding, Rule

_ENDS_SENTENCE = re.compile(r"[.!?…。！？]['\"”’»)\]]*\s*$")


@dataclass(frozen=True)
class Options:
    field: str = "description"


class DescriptionTruncated(Rule):
    id = "description-truncated"
    severity = "warning"
    tags = ("frontmatter", "seo")
    Options = Options
    summary = "The description ends mid-sentence (no terminal punctuation): it was cut off."
    explanation = """
A description that does not end with a full stop, question or exclamation mark (closing
quotes and brackets after it are fine) was almost always cut off by a tool that truncated
it to a length: "…as the global race for technological". Reported on the description
(option `field`), quoting its end.

Bad:

```yaml
description: "The refusal reflects broader tensions, as the global race for technological"
```

Good:

```yaml
description: "The refusal reflects broader tensions in the global race for AI."
```
"""

    def check(self, doc: Document, options: Options) -> Iterator[Finding]:
        f = text_field(doc, options.field)
        if f is None or not f.value.strip() or _ENDS_SENTENCE.search(f.value):
            return
        tail = " ".join(f.value.split()[-5:])
        yield Finding(f.span, f"{options.field} ends mid-sentence ('…{tail}'): it looks cut off")
