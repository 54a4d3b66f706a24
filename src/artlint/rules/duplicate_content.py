from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

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
    Options = Options
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
        postings = corpus.sketch_postings()
        shared = Counter(p for h in facts.sketch for p in postings.get(h, ()) if p != facts.path)
        need = max(1, int(len(facts.sketch) * options.threshold * 0.5))
        similar = []
        for path, count in shared.items():
            other = corpus.index[path]
            if count >= need and other.words >= options.min_words and similarity(facts.sketch, other.sketch) >= options.threshold:
                similar.append(path)
        if similar:
            best = max(similarity(facts.sketch, corpus.index[p].sketch) for p in similar)
            yield Finding(facts.body_span, f"the body is {best:.0%} the same as {len(similar)} other article{'s' if len(similar) > 1 else ''}: {names(similar)}")


