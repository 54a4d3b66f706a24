"""A rule plugin whose findings carry fixes: the language server's tests put this folder
on PYTHONPATH (its ``.dist-info`` registers the rule), as an installed plugin would be."""

from __future__ import annotations

import re
from collections.abc import Iterator

from artlint import Document, Finding, NoOptions, Rule
from artlint.fix import Edit, Fix

#: A misspelling and its correction; the fix of the first is safe, of the second unsafe
#: (a word a writer may have meant).
WORDS = {"teh": ("the", True), "irregardless": ("regardless", False)}
_WORD = re.compile(r"\b(?:teh|irregardless)\b")


class Misspelling(Rule):
    id = "example.misspelling"
    severity = "warning"
    tags = ("example",)
    Options = NoOptions
    summary = "A common misspelling, with its fix."
    explanation = """
Bad:

```markdown
Teh harbour festival.
```

Good:

```markdown
The harbour festival.
```
"""

    def check(self, doc: Document, options: NoOptions) -> Iterator[Finding]:
        body = doc.body
        for m in _WORD.finditer(body.text):
            word, (correct, safe) = m.group(0), WORDS[m.group(0)]
            edit = Edit(body.start + m.start(), body.start + m.end(), correct)
            fix = Fix.safe(f"write '{correct}'", edit) if safe else Fix.unsafe(f"write '{correct}'", edit)
            yield Finding(body.span(m.start(), m.end()), f"'{word}' is misspelt", fix=fix)
