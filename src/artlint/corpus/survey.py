"""The corpus as it is on disk: every file of the corpus folders, stamped."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import TYPE_CHECKING

from ..paths import absolute_paths
from ..store.sqlite import storable
from ..store.stamp import stamp_of
from .index import Survey, difference, state_of, stored_stamps

if TYPE_CHECKING:
    from ..config import Config


def survey(roots: Mapping[str, str], stamps: Mapping[str, str] | None = None, folder: str | None = None, checked: Collection[str] = ()) -> Survey:
    """The survey of the files of ``roots`` (absolute path → its corpus root); ``stamps``
    holds the stamps of files stat'ed already (the others are stat'ed here). A file that
    cannot be stat'ed, or whose name the index cannot hold, is left out, as gone. With the
    cache ``folder``, the difference from its index is made too, where the index can be
    read; ``files`` then holds only the files that differ and those ``checked`` (absolute
    paths): all a run needs of them unless another run changes the index meanwhile (see
    ``Survey.again``), and much less to hand over from the child that makes it."""
    stamps = stamps or {}
    files = {}
    for path, root in roots.items():
        if not storable(path):  # (a name that is not UTF-8: the index cannot hold it)
            continue
        stamp = stamps.get(path)
        if stamp is None:
            try:
                stamp = stamp_of(os.stat(path))
            except OSError:
                continue
        files[path] = f"{stamp} {root}"
    made = Survey(files, state_of(files))
    stored = stored_stamps(folder, made.state) if folder is not None else None
    if stored is None:
        return made
    seen, rows = stored
    differ, gone = difference(files, files if rows is None else rows)
    needed = {path: files[path] for path in itertools.chain(differ, checked) if path in files}
    return Survey(needed, made.state, seen, differ, gone)


def survey_corpus(
    config: Config,
    corpus_files: Sequence[str],
    cwd: str,
    absolutes: Mapping[str, str] | None = None,
    stamps: Mapping[str, str] | None = None,
    folder: str | None = None,
    checked: Sequence[str] = (),
) -> Survey:
    """Every file of ``corpus_files`` as the corpus index records it (see ``survey``).

    Each corpus folder is a corpus of its own; files outside them form one with each
    other. ``absolutes``: absolute paths known already; ``stamps`` (by absolute path):
    files stat'ed already; ``folder``: the cache folder, whose index the survey is
    compared with; ``checked``: the files the run checks, among ``corpus_files``.
    """
    folders = [(r, r.rstrip(os.sep) + os.sep) for r in sorted(config.corpus, key=len, reverse=True)]

    def group(path: str) -> str:
        for root, prefix in folders:
            if path.startswith(prefix) or path == root:
                return root
        return ""

    known = absolutes or {}
    fresh = absolute_paths([p for p in corpus_files if p not in known], cwd)
    return survey({a: group(a) for a in (known.get(p) or fresh[p] for p in corpus_files)}, stamps, folder, [known.get(p) or fresh[p] for p in checked])


def of_files(config: Config, files: Sequence[str], cwd: str | None = None) -> Callable[[Mapping[str, str], Mapping[str, str]], Survey]:
    """The corpus of ``files`` — and of the files checked (``absolutes``: their absolute
    paths) —, surveyed after the check with the stamps it took (``stamps``)."""
    where = cwd or os.getcwd()
    return lambda absolutes, stamps: survey_corpus(config, list(dict.fromkeys([*files, *absolutes])), where, absolutes, stamps)
