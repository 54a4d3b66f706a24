"""The JSON report: an array of findings, one a line, in UTF-8 (RFC 8259)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from ..diagnostic import RunResult
from ..fix import Edit, Fix
from ..output import defuse
from ..source import Span
from . import utf8


def render(result: RunResult, *, color: bool = False, **_: Any) -> str:
    return b"".join(chunks(result)).decode("utf-8", "surrogateescape")


def chunks(result: RunResult, *, color: bool = False, **_: Any) -> Iterator[bytes]:
    """The report's bytes, a thousand findings at a time.

    A finding's line is three pieces that repeat from finding to finding — its path, its
    span, and its rule, severity and message together — each encoded once, to UTF-8 bytes
    (a run of 100,000 findings has a few thousand distinct pieces). Bytes, not text: joining
    text that holds a single non-Latin-1 character widens the whole of it, and the text
    would be encoded again on its way out.
    """
    diagnostics = result.diagnostics
    if not diagnostics:
        yield b"[]\n"
        return
    paths, spans, tails = _Pieces(_path), _Pieces(_span), _Pieces(_tail)
    yield b"[\n"
    for start in range(0, len(diagnostics), 1000):
        if len(paths) + len(spans) + len(tails) > 30_000:  # many distinct pieces: keep the memory bounded
            for memo in (paths, spans, tails):
                memo.clear()
        piece = b"".join([paths[path] + spans[span] + tails[rule, severity, message] + (b"}" if fix is None else _fix(fix)) for path, span, rule, severity, message, _, fix in diagnostics[start : start + 1000]])
        yield piece[2:] if start == 0 else piece  # (the first line has no ",\n" before it)
    yield b"\n]\n"


_encode: Callable[[str], str] = json.encoder.c_encode_basestring or json.encoder.py_encode_basestring  # type: ignore[attr-defined]


def _string(text: str) -> str:
    """``text`` as a JSON string that holds no CI runner command (``output.defuse``)."""
    return defuse(_encode(text), "\\u005b")


def _path(path: str) -> bytes:
    return utf8(f',\n  {{"path": {_string(path)}, ')


def _span(span: Span) -> bytes:
    line, column, end_line, end_column = span
    return f'"line": {line}, "column": {column}, "endLine": {end_line}, "endColumn": {end_column}, '.encode()


def _tail(key: tuple[str, str, str]) -> bytes:
    rule, severity, message = key
    return utf8(f'"rule": {_string(rule)}, "severity": {_string(severity)}, "message": {_string(message)}')


def _fix(fix: Fix) -> bytes:
    """The end of a finding that offers a fix: the fix, its edits with their lines and
    columns (1-based, end exclusive) and offsets (code points of the decoded text)."""
    edits = ", ".join(_edit(e) for e in fix.edits)
    return utf8(f', "fix": {{"message": {_string(fix.message)}, "applicability": "{fix.applicability.value}", "edits": [{edits}]}}}}')


def _edit(edit: Edit) -> str:
    where = "" if edit.span is None else _span(edit.span).decode()
    return f'{{{where}"start": {edit.start}, "end": {edit.end}, "content": {_string(edit.text)}}}'



class _Pieces(dict[Any, bytes]):
    """A value → its bytes in the report, made on first use."""

    def __init__(self, make: Callable[[Any], bytes]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key: Any) -> bytes:
        value = self[key] = self.make(key)
        return value


def statistics(result: RunResult) -> str:
    """``--statistics --format json``: the count of findings per rule and severity, most first."""
    counts: dict[tuple[str, str], int] = {}
    for d in result.diagnostics:
        counts[d.rule, d.severity] = counts.get((d.rule, d.severity), 0) + 1
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return json.dumps([{"rule": rule, "severity": severity, "count": n} for (rule, severity), n in ordered], indent=2) + "\n"
