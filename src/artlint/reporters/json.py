from __future__ import annotations

import json
from typing import Any

from ..diagnostic import RunResult


def render(result: RunResult, *, color: bool = False, **_: Any) -> str:
    items = [
        {
            "path": d.path,
            "line": d.span.line,
            "column": d.span.column,
            "endLine": d.span.end_line,
            "endColumn": d.span.end_column,
            "rule": d.rule,
            "severity": d.severity,
            "message": d.message,
        }
        for d in result.diagnostics
    ]
    if not items:
        return "[]\n"
    # One finding a line, each encoded by the C encoder (indent= would fall back to Python).
    encode = json.JSONEncoder(ensure_ascii=False).encode
    return "[\n" + ",\n".join("  " + encode(item) for item in items) + "\n]\n"
