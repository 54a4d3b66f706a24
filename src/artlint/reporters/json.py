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
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"
