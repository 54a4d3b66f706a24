"""An example artlint plugin: one rule, with an option, documented like the built-in ones."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TypeAlias

from artlint import Document, Finding, Rule


@dataclass(frozen=True)
class Options:
    words: tuple[str, ...] = ("lorem ipsum",)  # placeholder phrases, matched case-insensitively


class NoLorem(Rule):
    id = "example.no-lorem"
    severity = "warning"
    tags = ("example", "content")
    Options: TypeAlias = Options
    summary = "Placeholder text (lorem ipsum) left in an article."
    explanation = """
Placeholder text means the article was published before it was written. Option `words`
lists the phrases to look for.

Bad:

```markdown
Lorem ipsum dolor sit amet.
```

Good:

```markdown
The harbour festival opens on Friday.
```
"""

    def check(self, doc: Document, options: Options) -> Iterator[Finding]:
        body = doc.body
        for word in options.words:
            for m in re.finditer(re.escape(word), body.text, re.IGNORECASE):
                yield Finding(body.span(m.start(), m.end()), f"placeholder text '{m.group(0)}'")
