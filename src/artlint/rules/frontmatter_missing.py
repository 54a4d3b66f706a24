from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TypeAlias

from ..document import Document
from ..rule import FilePath, Finding, Rule
from ..source import Span


@dataclass(frozen=True)
class Options:
    required: bool = False  # require front matter even where no schema applies
    schema: FilePath | None = None  # shared with frontmatter-schema: a schema implies front matter


class FrontmatterMissing(Rule):
    id = "frontmatter-missing"
    severity = "error"
    tags = ("frontmatter",)
    Options: TypeAlias = Options
    summary = "The file has no front matter, but a schema applies to it or its collection requires it."
    explanation = """
Where a front-matter schema applies to a file (or the option `required` is set), the file
must start with a front-matter block: a `---` line (YAML) or a `+++` line (TOML), the
fields, and the same line again. A file without one is published without a title, date or
description. Reported at the start of the file.

Bad:

```markdown
# My article

Text.
```

Good:

```markdown
---
title: "My article"
---

Text.
```
"""

    def check(self, doc: Document, options: Options) -> Iterator[Finding]:
        if doc.frontmatter is not None or doc.encoding_problem is not None:
            return
        if options.schema or options.required:
            why = "a front-matter schema applies to this file" if options.schema else "its collection requires front matter"
            end = len(doc.index.line_text(1)) + 1
            yield Finding(Span(1, 1, 1, max(end, 1)), f"no front matter: the file must start with a '---' line, since {why}")
