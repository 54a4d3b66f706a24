from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeAlias

from ..corpus import Corpus, Facts, names, normal, similarity
from ..document import load
from ..rule import CorpusRule, Finding
from ..source import lazy_re
from .duplicate_title import MIN_GAP, generated, published, section


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
Reported at the first line of the body. Not reported, because the text recurs by intent:
- an issue of a recurring announcement: titles that differ only in their numbers ("Leadership
  Council March 2025 Representative Selections", then "… March 2026 …"), on dates a week or
  more apart;
- a namesake page in another section (folder): the same file name documents another thing
  (hugo-docs' `methods/page/Ref.md` and `methods/shortcode/Ref.md`);
- a file that is never a page of its own: Hugo's headless bundles (`headless: true`, or
  `build.render = "never"` on the file or cascaded from a section's `_index.md`, as
  hugo-docs' `_common/` snippets that pages include);
- two pages that both say they are generated (a comment at the top: `# This file is
  auto-generated …`, `<!-- DO NOT EDIT -->`): pages written out from one template and a
  program's source (two error codes with one message) are fixed in that source, if at all.

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
        if similar and _never_rendered(facts.path, corpus):
            return
        similar = {path: score for path, score in similar.items() if not _never_rendered(path, corpus)}
        if similar:
            best = max(similar.values())
            yield Finding(facts.body_span, f"the body is {best:.0%} the same as {len(similar)} other article{'s' if len(similar) > 1 else ''}: {names(similar)}")

    @staticmethod
    def _similar(sketch: tuple[int, ...], corpus: Corpus, options: Options) -> list[tuple[str, float]]:
        scored = [(path, similarity(sketch, other)) for path, words, other in corpus.near(sketch, options.threshold) if words >= options.min_words]
        return [(path, score) for path, score in scored if score >= options.threshold]


_NUMBERS = lazy_re(r"\d+")


def _by_design(facts: Facts, other_path: str, corpus: Corpus) -> bool:
    """Whether ``other_path`` repeats this article's text by intent: both generated pages,
    a namesake page in another section, or another issue of a recurring announcement."""
    if generated(facts.path, corpus) and generated(other_path, corpus):
        return True
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


#: The most read of a section's ``_index.md`` (its front matter is at the top), and the
#: most folders walked up from an article.
_HEAD = 64 * 1024
_LEVELS = 16


def _never_rendered(path: str, corpus: Corpus) -> bool:
    """Whether Hugo never renders ``path`` as a page: it, or a section above it within the
    corpus, says ``headless: true`` or ``build: {render: never}`` (cascaded, for a section)."""
    own = _front_matter(path)
    if _own_build(own) or (os.path.basename(path) == "index.md" and own.get("headless") is True):
        return True
    folder, root = os.path.dirname(path), os.path.abspath(corpus.root)
    for _ in range(_LEVELS):
        index = os.path.join(folder, "_index.md")
        if index != path and corpus.memo(("never-rendered", index), partial(_cascades_no_render, index)):
            return True
        if folder == root or os.path.dirname(folder) == folder or not folder.startswith(root):
            return False
        folder = os.path.dirname(folder)
    return False


def _front_matter(path: str) -> dict[str, Any]:
    try:
        with open(path, "rb") as f:
            data = f.read(_HEAD)
    except OSError:
        return {}
    fm = load(path, data, size=_HEAD + 1).frontmatter
    return fm.data if fm is not None and isinstance(fm.data, dict) else {}


def _own_build(data: dict[str, Any]) -> bool:
    build = data.get("build", data.get("_build"))
    return isinstance(build, dict) and build.get("render") in ("never", False, "false")


def _cascades_no_render(index: str) -> bool:
    if os.path.islink(index) or not os.path.isfile(index):
        return False  # (a link may lead out of the project)
    data = _front_matter(index)
    cascade = data.get("cascade")
    targets = cascade if isinstance(cascade, list) else [cascade]
    return any(isinstance(t, dict) and _own_build(t) for t in targets)
