from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TypeAlias

from ..document import Document
from ..rule import Finding, Rule
from ..source import Span


@dataclass(frozen=True)
class Options:
    max_file_size: int = 10_000_000  # bytes; the body of a larger file is not parsed


class FileTooLarge(Rule):
    id = "file-too-large"
    severity = "warning"
    tags = ("file",)
    Options: TypeAlias = Options
    summary = "A file larger than `max-file-size` (10 MB): its body is not checked, its front matter is."
    explanation = """
An article of tens of megabytes is almost always a mistake (an embedded image, a pasted
log), and parsing its HTML would stall the run. The body rules skip a file larger than
`max-file-size` bytes (default 10,000,000); the front matter is still checked.

Bad: a 40 MB `.md` file with a base64 image pasted into its body.

Good: the image in the static folder, referenced by its path.
"""

    def prepare(self, doc: Document, options: Options) -> None:
        doc.max_body_size = options.max_file_size

    def check(self, doc: Document, options: Options) -> Iterator[Finding]:
        if doc.size > options.max_file_size:
            line = doc.body.line
            yield Finding(Span(line, 1, line, 1), f"the file is {doc.size:,} bytes, over max-file-size {options.max_file_size:,}: its body is not checked")
