from __future__ import annotations

from collections.abc import Iterator

from ..document import Document
from ..rule import Finding, NoOptions, Rule


class InternalError(Rule):
    id = "internal-error"
    severity = "error"
    tags = ("artlint",)
    summary = "A rule failed on this file; the other rules still ran. Please report it."
    explanation = """
artlint reports this when one of its rules (or a plugin's) raised an exception on a file,
naming the rule and the exception. The other rules still ran on the file. It points at the
first line of the file; it is a bug in the rule, not a defect of the article, and is worth
reporting with the file that triggers it.

Bad (a rule crashed):

```
article.md:1:1: error [internal-error] rule image-url failed: ValueError: ...
```

Good: no such line.
"""

    def check(self, doc: Document, options: NoOptions) -> Iterator[Finding]:
        return iter(())  # reported by the engine, not by a check
