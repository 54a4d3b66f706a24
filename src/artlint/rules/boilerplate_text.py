from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from ..corpus import Corpus, Facts, normal
from ..fields import DEFAULT_IMAGES
from ..rule import CorpusRule, Finding

PLACEHOLDER = "{title}"


@dataclass(frozen=True)
class Options:
    min_articles: int = 5  # how many articles make a template
    fields: tuple[str, ...] = ("subtitle", "description")  # checked besides the alt-text fields of `images`
    images: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_IMAGES))
    min_length: int = 20  # shorter texts are not templates (a one-word alt text is alt-placeholder's)


def template(text: str, title: str | None) -> str:
    """``text`` with the article's title replaced by {title}."""
    name = normal(title) if title else ""
    return text.replace(name, PLACEHOLDER) if name else text


class BoilerplateText(CorpusRule):
    id = "boilerplate-text"
    severity = "warning"
    tags = ("corpus", "accessibility", "seo")
    Options = Options
    summary = "A front-matter text that follows one template across many articles, only the title changed."
    explanation = """
Generators fill front-matter fields from templates: "An insightful look into '<title>'",
"A visually stunning main image for the article: <title>". Such a subtitle or alt text says
nothing about this article. The templates are found in the corpus itself, not in a fixed
list: a text field (the alt-text fields of option `images`, and `fields`: subtitle and
description by default) whose text, with the article's title taken out, is the same in at
least `min-articles` articles (default 5) is reported, quoting the template.

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
        names = tuple(dict.fromkeys((*options.fields, *options.images.values())))
        counts = corpus.memo(("templates", names, options.min_length), lambda: self._count(corpus, names, options.min_length))
        for name in names:
            if name not in facts.texts:
                continue
            text, span = facts.texts[name]
            shape = template(text, facts.title)
            n = counts.get((name, shape), 0)
            if n >= options.min_articles and shape != PLACEHOLDER and len(text) >= options.min_length:
                yield Finding(span, f"{name} follows a template shared by {n} articles: '{shape}'")

    @staticmethod
    def _count(corpus: Corpus, names: tuple[str, ...], min_length: int) -> dict[tuple[str, str], int]:
        counts: dict[tuple[str, str], int] = {}
        for facts in corpus.index.values():
            for name in names:
                if name in facts.texts and len(facts.texts[name][0]) >= min_length:
                    key = (name, template(facts.texts[name][0], facts.title))
                    counts[key] = counts.get(key, 0) + 1
        return counts
