"""The corpus: what cross-file rules compare a file with (plugin API: ``Corpus``, ``Facts``).

Built for every file of the project (the ``corpus`` folders of the configuration, by
default the project root) — not only the files named on the command line — so that
``artlint check one-file.md``, as pre-commit runs it, still compares that file with all the
others. ``facts``: what a file contributes, and the ``Corpus`` protocol the rules ask;
``index``: the SQLite index that answers it; ``survey``: the corpus on disk; ``cross``: the
cross-file pass of a run.
"""

from .facts import PLACEHOLDER, Corpus, Facts, names, normal, similarity, smallest, template

__all__ = ["PLACEHOLDER", "Corpus", "Facts", "names", "normal", "similarity", "smallest", "template"]
