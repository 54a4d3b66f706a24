from __future__ import annotations

from collections.abc import Iterator

from ..document import Document
from ..frontmatter import path_text
from ..rule import Finding, NoOptions, Rule


class FrontmatterDuplicateKey(Rule):
    id = "frontmatter-duplicate-key"
    severity = "error"
    tags = ("frontmatter",)
    summary = "A front-matter key is written twice; only the last value is kept."
    explanation = """
YAML forbids two equal keys in one mapping, but PyYAML silently keeps the last value and
other parsers (js-yaml, used by most static-site generators) reject the file. The second
occurrence is reported, at its line.

Bad:

```yaml
---
title: "First draft"
title: "Final title"
---
```

Good:

```yaml
---
title: "Final title"
---
```
"""

    def check(self, doc: Document, options: NoOptions) -> Iterator[Finding]:
        fm = doc.frontmatter
        if fm is None or fm.problem is not None:
            return
        for path, span in fm.duplicates:
            yield Finding(span, f"duplicate key '{path_text(path)}': this value replaces the one written earlier")
