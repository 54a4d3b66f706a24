"""One line per finding, and the summary."""

from __future__ import annotations

from typing import Any

from ..diagnostic import RunResult
from .human import header, summary


def render(result: RunResult, *, color: bool = False, unsafe_fixes: bool = False, **_: Any) -> str:
    lines = [header(d, color, unsafe_fixes) for d in result.diagnostics]
    if lines:
        lines.append("")
    lines.append(summary(result, unsafe_fixes))
    return "\n".join(lines) + "\n"
