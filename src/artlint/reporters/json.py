from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ..diagnostic import RunResult


def render(result: RunResult, *, color: bool = False, **_: Any) -> str:
    return "".join(chunks(result))


def chunks(result: RunResult, *, color: bool = False, **_: Any) -> Iterator[str]:
    diagnostics = result.diagnostics
    if not diagnostics:
        yield "[]\n"
        return
    # One finding a line, as json.dumps writes an object; strings go through the C escaper
    # (one encoder call per finding would cost more than all the rest of a warm run).
    string = json.encoder.c_encode_basestring or json.encoder.py_encode_basestring  # type: ignore[attr-defined]
    known = _Encoded(string)  # paths, rules, severities and most messages repeat: each encoded once
    tails = _Tails(known)  # and so do rule, severity and message together: the end of the line made once
    yield "[\n"
    for start in range(0, len(diagnostics), 1000):
        if len(known) > 20_000:  # many distinct messages: keep the memory bounded
            known.clear()
            tails.clear()
        lines = [
            f'  {{"path": {known[path]}, "line": {line}, "column": {column}, "endLine": {end_line}, "endColumn": {end_column}, {tails[rule, severity, message]}'
            for path, (line, column, end_line, end_column), rule, severity, message, _ in diagnostics[start : start + 1000]
        ]
        yield ("" if start == 0 else ",\n") + ",\n".join(lines)
    yield "\n]\n"


class _Encoded(dict):  # type: ignore[type-arg]
    """str → its JSON text, made on first use."""

    def __init__(self, encode: Any) -> None:
        super().__init__()
        self.encode = encode

    def __missing__(self, text: str) -> str:
        value: str = self.encode(text)
        self[text] = value
        return value


class _Tails(dict):  # type: ignore[type-arg]
    """(rule, severity, message) → the end of a finding's line, made on first use."""

    def __init__(self, known: _Encoded) -> None:
        super().__init__()
        self.known = known

    def __missing__(self, key: tuple[str, str, str]) -> str:
        rule, severity, message = key
        value = self[key] = f'"rule": {self.known[rule]}, "severity": {self.known[severity]}, "message": {self.known[message]}}}'
        return value
