from __future__ import annotations

from collections.abc import Iterator

from ..document import Document
from ..rule import Finding, NoOptions, Rule


class FileEncoding(Rule):
    id = "file-encoding"
    severity = "error"
    tags = ("file",)
    summary = "The file is not UTF-8 text (invalid bytes, NUL bytes, a binary file)."
    explanation = """
Articles must be UTF-8 text. A file that holds bytes which are not UTF-8 (Latin-1 or
Windows-1252 text, say) or NUL bytes (a binary file with a `.md` name) cannot be rendered
reliably, and no other rule can check it. UTF-16 and UTF-32 files that start with a
byte-order mark are decoded and checked. The diagnostic points at the first offending byte.

Bad (the byte 0xE9, "é" in Latin-1):

```
title: Caf\\xe9
```

Good (saved as UTF-8):

```
title: Café
```
"""

    def check(self, doc: Document, options: NoOptions) -> Iterator[Finding]:
        if doc.encoding_problem:
            yield Finding(doc.encoding_problem.span, doc.encoding_problem.message)
