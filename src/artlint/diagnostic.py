"""What leaves the engine: diagnostics and results, plain picklable data for the reporters."""

from __future__ import annotations

import operator
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from hashlib import blake2b
from hmac import compare_digest
from typing import Any, NamedTuple

from . import fix as fixes
from .fix import Fix
from .source import Span

SEVERITIES = ("error", "warning", "info")


class UsageError(Exception):
    """A usage, configuration or schema problem: one line on stderr and exit 2."""


#: The most of a message that is kept (``bounded``).
MAX_MESSAGE = 1_000


def bounded(message: str) -> str:
    """``message`` at most about ``MAX_MESSAGE`` characters long: one that quotes a huge value
    (a description of megabytes) is cut in its middle, its start and end kept."""
    if len(message) <= MAX_MESSAGE:
        return message
    return f"{message[:700]} […{len(message) - 900:,} characters…] {message[-200:]}"


class Diagnostic(NamedTuple):
    path: str  # as the user would type it
    span: Span
    rule: str
    severity: str  # "error", "warning" or "info"
    message: str
    fingerprint: str = ""  # what the finding is about, not where: see engine.fingerprint
    fix: Fix | None = None  # the rule's fix of the finding, if it offers one

    def sort_key(self) -> tuple[str, int, int, int, int, str, str]:
        s = self.span
        return (self.path, s.line, s.column, s.end_line, s.end_column, self.rule, self.message)


def stored(diagnostics: Iterable[Diagnostic]) -> tuple[tuple[object, ...], ...]:
    """Diagnostics as caches keep them (plain tuples: what marshal writes), but for their
    path (see ``restore``)."""
    return tuple((tuple(d.span), d.rule, d.severity, d.message, d.fingerprint, None if d.fix is None else fixes.stored(d.fix)) for d in diagnostics)


_new = tuple.__new__


def restore(path: str, rows: Iterable[Any]) -> list[Diagnostic]:
    """The diagnostics of ``path`` from their ``stored`` rows, read from a sealed payload
    (see ``unseal``: they are what was written). Warm runs make tens of thousands: tuples
    are made directly."""
    try:
        return [_new(Diagnostic, (path, _new(Span, d[0]), d[1], d[2], sys.intern(d[3]), d[4], None if d[5] is None else fixes.restore(d[5]))) for d in rows]
    except (TypeError, IndexError, KeyError) as err:  # not rows of tuples (a dict, a number …)
        raise ValueError(f"damaged diagnostics: {err}") from None


def stored_urls(collected: dict[str, list[tuple[str, Span]]]) -> dict[str, tuple[tuple[str, tuple[int, ...]], ...]]:
    """The URLs collected for online rules as caches keep them (see ``restore_urls``)."""
    return {rule: tuple((url, tuple(span)) for url, span in items) for rule, items in collected.items()}


def restore_urls(urls: Any) -> dict[str, list[tuple[str, Span]]]:
    return {rule: [(url, Span(*span)) for url, span in items] for rule, items in urls.items()}


#: The key of the seals (see ``seal_with``).
_SEAL_KEY = b""
_SEAL_SIZE = 16


def seal_with(key: bytes) -> None:
    """Seal and unseal with ``key`` from now on (the cache's secret: see cache.Cache)."""
    global _SEAL_KEY
    _SEAL_KEY = key[:64]


def seal(data: bytes) -> bytes:
    """``data`` after its keyed BLAKE2b: what the caches write (see ``unseal``)."""
    return blake2b(data, key=_SEAL_KEY, digest_size=_SEAL_SIZE).digest() + data


def unseal(payload: Any) -> memoryview:
    """The data of a ``seal``ed payload; ValueError where it is not what was written with
    this key: cut short, overwritten, not bytes at all — or made elsewhere. The cache folder
    may be committed content: only what this installation sealed reaches marshal (which
    is not safe on hostile bytes: a forged length makes it allocate gigabytes). One check of
    the whole payload, in C."""
    if not isinstance(payload, bytes) or len(payload) < _SEAL_SIZE:
        raise ValueError("a damaged entry")
    data = memoryview(payload)[_SEAL_SIZE:]
    if not compare_digest(blake2b(data, key=_SEAL_KEY, digest_size=_SEAL_SIZE).digest(), payload[:_SEAL_SIZE]):
        raise ValueError("a damaged entry")
    return data


#: The order of one file's diagnostics (sort_key without the path they share), made in C:
#: (span, rule, message).
IN_FILE_ORDER = operator.itemgetter(1, 2, 4)


class RuleInfo(NamedTuple):
    """What reporters need to know of a rule, without importing it."""

    id: str
    severity: str
    summary: str
    explanation: str
    tags: tuple[str, ...] = ()


@dataclass(slots=True)
class FileResult:
    path: str
    diagnostics: list[Diagnostic]
    lines: dict[int, str] = field(default_factory=dict)  # source lines with findings, for code frames
    collected: dict[str, list[tuple[str, Span]]] = field(default_factory=dict)  # rule id → URLs to check online
    facts: Any = None  # what the corpus index needs of the file (corpus.Entry), when cross-file rules run


@dataclass(slots=True)
class RunResult:
    root: str
    files: list[FileResult]
    rules: list[RuleInfo] = field(default_factory=list)
    baselined: int = 0  # findings left out because the baseline holds them
    stale: int = 0  # baseline entries no longer found (fixed since)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """Every diagnostic, in order: file by file (by path), each file's in order (sorted
        file by file: no sort key is made for all of them at once)."""
        return [d for f in sorted(self.files, key=lambda f: f.path) for d in sorted(f.diagnostics, key=IN_FILE_ORDER)]

    def count(self, severity: str) -> int:
        return sum(d.severity == severity for f in self.files for d in f.diagnostics)
