from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TypeAlias

from ..corpus import PLACEHOLDER, Corpus, Facts, template
from ..fields import IMAGE_FIELDS, alt_field_of
from ..rule import CorpusRule, Finding
from ..source import lazy_re

_WORD = lazy_re(r"\w")


@dataclass(frozen=True)
class Options:
    min_articles: int = 5  # how many articles make a template
    fields: tuple[str, ...] = ("subtitle", "description")  # checked besides the alt-text fields of `images`
    images: dict[str, str] = field(default_factory=dict)
    min_length: int = 20  # shorter texts are not templates (a one-word alt text is alt-placeholder's)


def names_an_item(title: str | None) -> bool:
    """Whether a title is the name of an item (one word: an API member, a setting), which a
    series template describes in a sentence — not a headline wrapped in filler."""
    return title is not None and len(title.split()) == 1


class BoilerplateText(CorpusRule):
    id = "boilerplate-text"
    severity = "warning"
    tags = ("corpus", "accessibility", "seo")
    Options: TypeAlias = Options
    summary = "A front-matter text that follows one template across many articles, only the title changed."
    explanation = """
Generators fill front-matter fields from templates: "An insightful look into '<title>'",
"A visually stunning main image for the article: <title>". Such a subtitle or alt text says
nothing about this article. The templates are found in the corpus itself, not in a fixed
list: a text field (the alt-text fields of option `images`, and `fields`: subtitle and
description by default) whose text, with the article's title taken out, is the same in at
least `min-articles` articles (default 5) is reported, quoting the template.

A deliberate series template is not reported in a subtitle or description (it is in an alt
text, which must describe its own image): one around a title that names an item — one word,
as API reference pages are titled — describes that item ("Returns the `{title}` property of
the given menu entry" on hugo-docs' `Name`, `URL`, `Weight` pages); and a text that is the
title itself with no other word (`{title}.`) is no boilerplate.

Bad (in hundreds of articles):

```yaml
subtitle: "An insightful look into 'US and UK refuse to sign AI safety declaration'"
```

Good:

```yaml
subtitle: "Paris summit: 60 countries sign, the two biggest AI powers do not"
```
"""

    def check_corpus(self, facts: Facts, corpus: Corpus, options: Options) -> Iterator[Finding]:
        images = options.images.values() if options.images else (alt_field_of(i, facts.texts) for i in IMAGE_FIELDS if i in facts.texts)
        alts = {a for a in images if a}
        for name in dict.fromkeys((*options.fields, *alts)):
            if name not in facts.texts:
                continue
            text, span = facts.texts[name]
            shape = template(text, facts.title)
            if shape == PLACEHOLDER or len(text) < options.min_length:
                continue
            if name not in alts and PLACEHOLDER in shape and (names_an_item(facts.title) or not _WORD.search(shape.replace(PLACEHOLDER, ""))):
                continue  # a reference series ("Returns the {title} property of the given menu entry"), or the title itself
            n = corpus.template_count(name, shape, options.min_length)
            if n >= options.min_articles:
                yield Finding(span, f"{name} follows a template shared by {n} articles: '{shape}'")
