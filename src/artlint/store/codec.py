"""How findings are written to the cache folder and read back: marshal, sealed.

marshal reads tens of thousands of findings faster than JSON does, but it is not safe on
hostile bytes (a forged length makes it allocate gigabytes), and the cache folder may be
committed content: every payload is sealed with a keyed hash (``seal``), and only what
this installation sealed reaches marshal (``unseal``).
"""

from __future__ import annotations

import marshal
import sys
from collections.abc import Iterable
from typing import Any, NamedTuple

from .. import fix as fixes
from ..diagnostic import Diagnostic, FileResult
from ..hashes import blake2b, compare_digest
from ..source import Span

#: The key of the seals (see ``seal_with``).
_SEAL_KEY = b""
_SEAL_SIZE = 16


def seal_with(key: bytes) -> None:
    """Seal and unseal with ``key`` from now on (the cache folder's secret)."""
    global _SEAL_KEY
    _SEAL_KEY = key[:64]


def seal(data: bytes) -> bytes:
    """``data`` after its keyed BLAKE2b: what the caches write (see ``unseal``)."""
    return blake2b(data, key=_SEAL_KEY, digest_size=_SEAL_SIZE).digest() + data


def unseal(payload: Any) -> memoryview:
    """The data of a ``seal``ed payload; ValueError where it is not what was written with
    this key: cut short, overwritten, not bytes at all — or made elsewhere. One check of the
    whole payload, in C."""
    if not isinstance(payload, bytes) or len(payload) < _SEAL_SIZE:
        raise ValueError("a damaged entry")
    data = memoryview(payload)[_SEAL_SIZE:]
    if not compare_digest(blake2b(data, key=_SEAL_KEY, digest_size=_SEAL_SIZE).digest(), payload[:_SEAL_SIZE]):
        raise ValueError("a damaged entry")
    return data


def dump(value: Any) -> bytes:
    """``value`` (plain data) marshalled and sealed."""
    return seal(marshal.dumps(value))


def load(payload: Any) -> Any:
    """What ``dump`` wrote; ValueError (or EOFError, TypeError) for anything else."""
    return marshal.loads(unseal(payload))


Rows = tuple[tuple[Any, ...], ...]
Urls = dict[str, tuple[tuple[str, tuple[int, ...]], ...]]


def rows(diagnostics: Iterable[Diagnostic]) -> Rows:
    """Diagnostics as the caches keep them (plain tuples: what marshal writes), but for
    their path (see ``diagnostics``)."""
    return tuple((tuple(d.span), d.rule, d.severity, d.message, d.fingerprint, fixes.stored(d.fix)) for d in diagnostics)


_new = tuple.__new__


def diagnostics(path: str, stored: Iterable[Any]) -> list[Diagnostic]:
    """The diagnostics of ``path`` from their ``rows``, read from a sealed payload. Warm runs
    make tens of thousands: tuples are made directly. ValueError for what is not rows."""
    try:
        return [_new(Diagnostic, (path, _new(Span, d[0]), d[1], d[2], sys.intern(d[3]), d[4], None if d[5] is None else fixes.restore(d[5]))) for d in stored]
    except (TypeError, IndexError, KeyError) as err:  # not rows of tuples (a dict, a number …)
        raise ValueError(f"damaged diagnostics: {err}") from None


def url_rows(collected: dict[str, list[tuple[str, Span]]]) -> Urls:
    """The URLs collected for online rules as the caches keep them."""
    return {rule: tuple((url, tuple(span)) for url, span in items) for rule, items in collected.items()}


def urls(stored: Any) -> dict[str, list[tuple[str, Span]]]:
    return {rule: [(url, Span(*span)) for url, span in items] for rule, items in stored.items()}


class Entry(NamedTuple):
    """One file's result as the record of a run keeps it."""

    key: str  # the settings key it was found under
    stamp: str  # the file's stamp then
    findings: Rows
    urls: Urls
    lines: dict[int, str]  # the source lines of its findings ({} where the record keeps none)
    cross: Rows | None = None  # its cross-file findings, in the record's generation of the corpus index

    @classmethod
    def read(cls, value: Any) -> Entry | None:
        """The entry of a record's ``value`` (None for one of another shape)."""
        if not isinstance(value, tuple) or len(value) != 6 or not isinstance(value[0], str) or not isinstance(value[4], dict):
            return None
        return cls(*value)

    def result(self, path: str, lines: bool) -> FileResult:
        """The FileResult of ``path`` (ValueError, TypeError or AttributeError if damaged)."""
        return FileResult(path, diagnostics(path, self.findings), self.lines if lines else {}, urls(self.urls))


def portable(result: FileResult, digest: str) -> tuple[Any, ...]:
    """A checked file's result and its digest, as marshal carries it from a child process."""
    return (result.path, rows(result.diagnostics), result.lines, url_rows(result.collected), tuple(result.facts) if result.facts is not None else None, digest)


def from_portable(value: tuple[Any, ...], entry: Any) -> tuple[FileResult, str]:
    """What ``portable`` made; ``entry``: the class of its corpus facts."""
    path, found, lines, collected, facts, digest = value
    return FileResult(path, diagnostics(path, found), lines, urls(collected), entry(*facts) if facts is not None else None), digest
