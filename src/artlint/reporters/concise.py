"""One line per finding, and the summary."""

from __future__ import annotations

from typing import Any

from ..diagnostic import RunResult
from .human import header, summary


def render(result: RunResult, *, color: bool = False, **_: Any) -> str:
    lines = [header(d, color) for d in result.diagnostics]
    if lines:
        lines.append("")
    lines.append(summary(result))
    return "\n".join(lines) + "\n"
