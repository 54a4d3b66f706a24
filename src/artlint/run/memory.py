"""All of artlint's handling of Python's garbage collector, in one place.

A run holds tens of thousands of findings that live to its end: every full collection
would walk them again. Work that makes no reference cycles runs with the collector off
(``acyclic``), and what it made is frozen out of later collections until the run ends
(``run_scope``). Parsing makes cycles (the trees' parent links): the collector runs then,
in workers too (``for_worker``).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


def tune() -> None:
    """For a process that runs artlint (the command line): full collections less often,
    the young generations — which free the parse trees' cycles — as often as before."""
    gc.set_threshold(2000, 20, 100)


@contextlib.contextmanager
def run_scope() -> Iterator[None]:
    """A run: what it froze (see ``acyclic``) is unfrozen at its end, for a process that
    goes on (unless something froze objects before it)."""
    frozen = gc.get_freeze_count()
    try:
        yield
    finally:
        if not frozen:
            gc.unfreeze()


@contextlib.contextmanager
def acyclic() -> Iterator[None]:
    """No garbage collection within, nor of what it made: for work that makes no reference
    cycles, only objects that live to the end of the run (findings restored by the ten
    thousand, which every collection would walk again)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()  # (until the run ends: see run_scope)
        if enabled:
            gc.enable()


def for_worker() -> None:
    """A worker forked within ``acyclic`` parses: its trees make cycles."""
    gc.enable()
