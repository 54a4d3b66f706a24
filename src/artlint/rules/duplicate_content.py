from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..corpus import Corpus, Facts, names, normal, similarity
from ..rule import CorpusRule, Finding
from .duplicate_title import MIN_GAP, published, section


@dataclass(frozen=True)
class Options:
    threshold: float = 0.9  # estimated share of the body's 5-word phrases in common
    min_words: int = 50  # shorter bodies are not compared


class DuplicateContent(CorpusRule):
    id = "duplicate-content"
    severity = "warning"
    tags = ("corpus",)
    Options = Options
    summary = "Two articles whose body text is the same or nearly so, even under different titles."
    explanation = """
The same article published twice — under two slugs, or re-titled — splits its readers and
its search ranking. Bodies are compared by their 5-word phrases (markup aside) across the
whole corpus: two bodies sharing at least `threshold` of them (default 0.9) are reported,
naming the other files. Bodies under `min-words` words (default 50) are left alone.
Reported at the first line of the body. Not reported, because the text recurs by intent:
- an issue of a recurring announcement: titles that differ only in their numbers ("Leadership
  Council March 2025 Representative Selections", then "… March 2026 …"), on dates a week or
  more apart;
- a namesake page in another section (folder): the same file name documents another thing
  (hugo-docs' `methods/page/Ref.md` and `methods/shortcode/Ref.md`).

Bad: `ai-upselling-hotels.md` and `ai-upselling-hotels-1781871023134.md` with the same body.

Good: one of them, with a redirect from the other slug.
"""

    def check_corpus(self, facts: Facts, corpus: Corpus, options: Options) -> Iterator[Finding]:
        if facts.words < options.min_words or not facts.sketch:
            return
        # Identical bodies share their sketch: the comparison is made once per sketch.
        key = ("similar", facts.sketch, options.threshold, options.min_words)
        scored = corpus.memo(key, lambda: self._similar(facts.sketch, corpus, options))
        similar = {path: score for path, score in scored if path != facts.path and not _by_design(facts, path, corpus)}
        if similar:
            best = max(similar.values())
            yield Finding(facts.body_span, f"the body is {best:.0%} the same as {len(similar)} other article{'s' if len(similar) > 1 else ''}: {names(similar)}")

    @staticmethod
    def _similar(sketch: tuple[int, ...], corpus: Corpus, options: Options) -> list[tuple[str, float]]:
        scored = [(path, similarity(sketch, other)) for path, words, other in corpus.near(sketch, options.threshold) if words >= options.min_words]
        return [(path, score) for path, score in scored if score >= options.threshold]


_NUMBERS = re.compile(r"\d+")


def _by_design(facts: Facts, other_path: str, corpus: Corpus) -> bool:
    """Whether ``other_path`` repeats this article's text by intent: a namesake page in
    another section, or another issue of a recurring announcement."""
    if section(facts.path) != section(other_path) and os.path.basename(facts.path) == os.path.basename(other_path):
        return True
    other = corpus.facts_of(other_path)
    if other is None or not facts.title or not other.title:
        return False
    mine, theirs = normal(facts.title), normal(other.title)
    if mine == theirs or _NUMBERS.sub("#", mine) != _NUMBERS.sub("#", theirs):
        return False
    days = published(facts), published(other)
    return days[0] is None or days[1] is None or abs((days[0] - days[1]).days) >= MIN_GAP
