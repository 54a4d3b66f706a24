from __future__ import annotations

from collections.abc import Iterator

from ..document import Document
from ..rule import Finding, NoOptions, Rule


class FrontmatterSyntax(Rule):
    id = "frontmatter-syntax"
    severity = "error"
    tags = ("frontmatter",)
    summary = "The front matter does not load: a YAML or TOML error, not a mapping, never closed, unsafe."
    explanation = """
The front matter must be a YAML (`---`) or TOML (`+++`) mapping of keys to values that
loads safely. Reported on the line of the error: a syntax error (an unclosed quote, a bad
escape such as `"C:\\Users"`, a tab used for indentation), a front matter that is a list or
a single value, a block that is never closed, a tag that would construct a Python object
(never executed), and aliases that would expand beyond a bound (a "billion laughs").

Bad:

```yaml
---
title: "Unclosed
path: "C:\\Users\\x"
---
```

Good:

```yaml
---
title: "Closed"
path: 'C:\\Users\\x'
---
```
"""

    def check(self, doc: Document, options: NoOptions) -> Iterator[Finding]:
        fm = doc.frontmatter
        if fm is not None and fm.problem is not None:
            yield Finding(fm.problem.span, fm.problem.message)
