from __future__ import annotations

from ..diagnostic import RunResult

_COLORS = {"error": "\033[1;31m", "warning": "\033[1;33m", "info": "\033[1;36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _clean(text: str) -> str:
    """Control characters from article text must not drive the terminal."""
    return "".join(c if c >= " " or c == "\t" else f"\\x{ord(c):02x}" for c in text).replace("\x7f", "\\x7f")


def render(result: RunResult, *, color: bool = False) -> str:
    lines = []
    for d in result.diagnostics:
        where = f"{_clean(d.path)}:{d.span.line}:{d.span.column}:"
        severity, rule = d.severity, f"[{_clean(d.rule)}]"
        if color:
            where, severity, rule = f"{_BOLD}{where}{_RESET}", f"{_COLORS[d.severity]}{severity}{_RESET}", f"{_DIM}{rule}{_RESET}"
        lines.append(f"{where} {severity} {rule} {_clean(d.message)}")
    errors, warnings, infos = (result.count(s) for s in ("error", "warning", "info"))
    with_findings = len({d.path for f in result.files for d in f.diagnostics})
    counts = f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
    if infos:
        counts += f", {_plural(infos, 'info')}"
    summary = f"{counts} in {_plural(with_findings, 'file')} ({_plural(len(result.files), 'file')} checked)"
    if lines:
        lines.append("")
    lines.append(summary)
    return "\n".join(lines) + "\n"

