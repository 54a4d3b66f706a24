"""Shortcodes and template tags that include another file's text into the page (Hugo's
``{{% include %}}`` and ``readfile``, Liquid's and Nunjucks' ``{% include %}``, ``{% render %}``
…): what they bring (headings, anchors) is not known from the file itself."""

from __future__ import annotations

import re

from .document import Document
from .source import lazy_re

INCLUDE = lazy_re(r"\{[{%][<%]?-?[ \t]*(?:include|include_relative|readfile|render|renderfile|rendertemplate)\b", re.IGNORECASE)


def includes(doc: Document) -> bool:
    """Whether the body includes another file's text."""
    return INCLUDE.search(doc.body.text) is not None


def include_lines(doc: Document) -> list[int]:
    """The file lines of the body's includes, in order."""
    return [doc.body.span(m.start()).line for m in INCLUDE.finditer(doc.body.text)]
