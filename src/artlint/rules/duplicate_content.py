from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TypeAlias

from ..corpus import Corpus, Facts, names, similarity
from ..rule import CorpusRule, Finding


@dataclass(frozen=True)
class Options:
    threshold: float = 0.9  # estimated share of the body's 5-word phrases in common
    min_words: int = 50  # shorter bodies are not compared


class DuplicateContent(CorpusRule):
    id = "duplicate-content"
    severity = "warning"
    tags = ("corpus",)
    Options: TypeAlias = Options
    summary = "Two articles whose body text is the same or nearly so, even under different titles."
    explanation = """
The same article published twice — under two slugs, or re-titled — splits its readers and
its search ranking. Bodies are compared by their 5-word phrases (markup aside) across the
whole corpus: two bodies sharing at least `threshold` of them (default 0.9) are reported,
naming the other files. Bodies under `min-words` words (default 50) are left alone.
Reported at the first line of the body.

Bad: `ai-upselling-hotels.md` and `ai-upselling-hotels-1781871023134.md` with the same body.

Good: one of them, with a redirect from the other slug.
"""

    def check_corpus(self, facts: Facts, corpus: Corpus, options: Options) -> Iterator[Finding]:
        if facts.words < options.min_words or not facts.sketch:
            return
        # Identical bodies share their sketch: the comparison is made once per sketch.
        key = ("similar", facts.sketch, options.threshold, options.min_words)
        scored = corpus.memo(key, lambda: self._similar(facts.sketch, corpus, options))
        similar = {path: score for path, score in scored if path != facts.path}
        if similar:
            best = max(similar.values())
            yield Finding(facts.body_span, f"the body is {best:.0%} the same as {len(similar)} other article{'s' if len(similar) > 1 else ''}: {names(similar)}")

    @staticmethod
    def _similar(sketch: tuple[int, ...], corpus: Corpus, options: Options) -> list[tuple[str, float]]:
        scored = [(path, similarity(sketch, other)) for path, words, other in corpus.near(sketch, options.threshold) if words >= options.min_words]
        return [(path, score) for path, score in scored if score >= options.threshold]
