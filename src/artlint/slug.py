"""The anchors site generators give headings, and the ids written as attribute lists.

Each generator turns a heading's text into an id by its own rules:

- ``github``: GitHub, github-slugger, markdown-it-github-headings, kramdown's GFM parser
  (Jekyll's default): lower case; every character but letters, digits, marks, ``_``, ``-``
  and spaces removed; each space becomes ``-``.
- ``goldmark``: Hugo's default (``autoHeadingIDType = "github"``): the same but for marks.
- ``kramdown``: kramdown's own parser: characters up to the first ASCII letter removed,
  then all but ASCII letters, digits, spaces and ``-``; spaces become ``-``; empty gives
  ``section``.
- ``markdown-it-anchor``: Eleventy's and VitePress' default plugin: lower case, runs of
  white space become ``-``, every other character kept (URL-encoded in the link).
- ``zola``: Zola (``slugify.anchors = "on"``), Hugo's ``blackfriday`` type, Eleventy's
  ``slugify`` filter: accents dropped, lower case, runs of other characters become one
  ``-``, none at either end.

A repeated slug gets ``-1``, ``-2`` … in order, with every one of these generators.
``auto`` (the default, for a site whose generator is not known) accepts an anchor that any
of them would give: a link that none of them resolves is broken everywhere.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from .source import lazy_re

SLUGGERS = ("auto", "github", "goldmark", "kramdown", "markdown-it-anchor", "zola")


def _github(text: str, marks: bool = True) -> str:
    out = []
    for c in text.lower():
        category = unicodedata.category(c)
        if c == " ":
            out.append("-")
        elif c in "-_" or category[0] in "LN" or (marks and category[0] == "M"):
            out.append(c)
    return "".join(out)


def _goldmark(text: str) -> str:
    return _github(text.strip(), marks=False)


def _kramdown(text: str) -> str:
    start = 0
    while start < len(text) and not ("a" <= text[start].lower() <= "z"):
        start += 1
    kept = "".join(c for c in text[start:] if c.isascii() and (c.isalnum() or c in " -"))
    return kept.replace(" ", "-").lower() or "section"


def _markdown_it_anchor(text: str) -> str:
    return "-".join(text.lower().split())


def _zola(text: str) -> str:
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    out: list[str] = []
    for c in plain.lower():
        if c.isascii() and c.isalnum():
            out.append(c)
        elif out and out[-1] != "-":
            out.append("-")
    return "".join(out).strip("-")


_SLUGGERS: dict[str, Callable[[str], str]] = {
    "github": _github,
    "goldmark": _goldmark,
    "kramdown": _kramdown,
    "markdown-it-anchor": _markdown_it_anchor,
    "zola": _zola,
}


def heading_anchors(texts: Iterable[str], slugger: str = "auto") -> set[str]:
    """The anchors of headings with these texts (in order), as ``slugger`` gives them."""
    names = tuple(_SLUGGERS) if slugger == "auto" else (slugger,)
    texts = list(texts)
    anchors: set[str] = set()
    for name in names:
        make = _SLUGGERS[name]
        seen: dict[str, int] = {}
        for text in texts:
            base = make(text)
            count = seen.get(base, 0)
            seen[base] = count + 1
            anchors.add(base if count == 0 else f"{base}-{count}")
    return anchors


def symbol_prefixes(texts: Iterable[str]) -> set[str]:
    """For headings that end in symbols (emoji), the Zola anchor of the text before them.

    Zola transliterates an emoji to its name (``(🦀)`` → ``crab``) from a table that is not
    repeated here: an anchor that starts with this prefix and a ``-`` is taken as the
    heading's.
    """
    prefixes = set()
    for text in texts:
        letters = [i for i, c in enumerate(text) if c.isalnum()]
        if not letters or not any(unicodedata.category(c) == "So" for c in text[letters[-1] :]):
            continue
        head = _zola("".join(c for c in text if unicodedata.category(c) != "So"))
        if head:
            prefixes.add(head)
    return prefixes


#: An attribute list: ``{#id}``, ``{: #id .class }`` (kramdown), ``{#id key=value}``
#: (Pandoc, Goldmark, markdown-it-attrs). Bounded and without nested quantifiers.
_ATTRIBUTES = lazy_re(r"\{:?([^{}\r\n]{1,300})\}")


def attribute_ids(text: str) -> list[tuple[int, int, str]]:
    """The ids set by attribute lists in ``text``: (start, end of the list, id)."""
    found = []
    for m in _ATTRIBUTES.finditer(text):
        words = m.group(1).split()
        if not words or not all(w[0] in "#." or "=" in w for w in words):
            continue  # not an attribute list (a Go template, a JS object …)
        for word in words:
            if word.startswith("#") and len(word) > 1:
                found.append((m.start(), m.end(), word[1:]))
            elif word.startswith("id="):
                found.append((m.start(), m.end(), word[3:].strip("\"'")))
    return found


_ATX = lazy_re(r" {0,3}#{1,6}(?=[ \t]|$)")


def markdown_heading_text(line: str) -> tuple[str, str | None]:
    """The text of a Markdown heading's source line (ATX or a setext text line), as the
    generator slugs it, and the id an attribute list at its end sets (or None)."""
    m = _ATX.match(line)
    text = line[m.end() :] if m else line
    text = text.strip()
    explicit = None
    if text.endswith("}"):
        ids = attribute_ids(text)
        if ids and ids[-1][1] == len(text):
            explicit = ids[-1][2]
            text = text[: ids[-1][0]].rstrip()
    if m:
        stripped = text.rstrip("#")
        if stripped != text and (not stripped or stripped[-1] in " \t"):
            text = stripped.rstrip()  # an ATX closing sequence
    return inline_text(text), explicit


def inline_text(source: str) -> str:
    """The text of inline Markdown as anchor plugins read it: text and code spans, no markup."""
    tokens = _inline_parser().parseInline(source)
    out: list[str] = []
    for token in tokens:
        for child in token.children or ():
            if child.type in ("text", "code_inline"):
                out.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                out.append(" ")
    return "".join(out)


@lru_cache(maxsize=1)
def _inline_parser() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["strikethrough"])
