"""Findings with their source line and a caret underline, like ruff or rustc, and a summary."""

from __future__ import annotations

import unicodedata
from collections import Counter
from typing import Any

from ..diagnostic import Diagnostic, RunResult
from ..fix import applicable
from ..output import defuse, printable, safe_line

_COLORS = {"error": "\033[1;31m", "warning": "\033[1;33m", "info": "\033[1;36m"}
_BOLD, _DIM, _BLUE, _RESET = "\033[1m", "\033[2m", "\033[1;34m", "\033[0m"
WIDTH = 120  # the most of a source line shown


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def clean(text: str) -> str:
    """Text from a file or its name, in a line of the report: nothing that drives the terminal
    or starts a CI runner's command (``output.printable``, ``output.defuse``)."""
    return defuse(printable(text))


def header(d: Diagnostic, color: bool, unsafe_fixes: bool = False) -> str:
    """The finding's line; ``[*]`` after its rule where ``--fix`` (with ``unsafe_fixes``:
    ``--unsafe-fixes``) fixes it, as ruff marks them."""
    where = safe_line(f"{d.path}:{d.span.line}:{d.span.column}:")  # (at the start of the line)
    severity, rule = d.severity, f"[{clean(d.rule)}]"
    if color:
        where, severity, rule = f"{_BOLD}{where}{_RESET}", f"{_COLORS[d.severity]}{severity}{_RESET}", f"{_DIM}{rule}{_RESET}"
    mark = " [*]" if applicable(d.fix, unsafe_fixes) else ""
    return f"{where} {severity} {rule}{mark} {clean(d.message)}"


def _shown(char: str) -> str:
    """A character of a source line in the frame: one column each, a tab as a blank, anything
    else that does not print (a control or format character) as '?'."""
    if char.isprintable():
        return char
    if char == "\t":
        return " "
    return char if unicodedata.category(char) == "Zs" else "?"


def frame(d: Diagnostic, line: str, color: bool) -> list[str]:
    """The source line (a window of it when long) and a caret underline of the span."""
    s = d.span
    shown = line if line.isprintable() else "".join(_shown(c) for c in line)
    start = s.column - 1
    end = s.end_column - 1 if s.end_line == s.line else len(shown)
    end = max(end, start + 1)
    offset = 0
    if len(shown) > WIDTH:
        offset = max(0, min(start - 20, len(shown) - WIDTH))
        shown = ("…" if offset else "") + shown[offset : offset + WIDTH] + ("…" if offset + WIDTH < len(shown) else "")
        start, end = start - offset + (1 if offset else 0), min(end - offset + (1 if offset else 0), len(shown))
    number = str(s.line)
    gutter = " " * len(number)
    carets = " " * start + "^" * max(end - start, 1)
    if color:
        return [f"{_BLUE}{gutter} |{_RESET}", f"{_BLUE}{number} |{_RESET} {defuse(shown)}", f"{_BLUE}{gutter} |{_RESET} {_COLORS[d.severity]}{carets}{_RESET}"]
    return [f"{gutter} |", f"{number} | {defuse(shown)}", f"{gutter} | {carets}"]


def summary(result: RunResult, unsafe_fixes: bool = False) -> str:
    errors, warnings, infos = (result.count(s) for s in ("error", "warning", "info"))
    with_findings = sum(1 for f in result.files if f.diagnostics)
    counts = f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
    if infos:
        counts += f", {_plural(infos, 'info')}"
    return f"{counts} in {_plural(with_findings, 'file')} ({_plural(len(result.files), 'file')} checked)" + fixable(result, unsafe_fixes)


def fixable(result: RunResult, unsafe_fixes: bool = False) -> str:
    """The summary's second line, where findings can be fixed: how many ``--fix`` fixes
    (and how many more ``--unsafe-fixes`` would), as ruff says it; else nothing."""
    fixes = [d.fix for f in result.files for d in f.diagnostics if d.fix is not None]
    safe = sum(applicable(fix, unsafe_fixes) for fix in fixes)
    hidden = len(fixes) - safe
    if not fixes:
        return ""
    more = f" ({hidden} more with --unsafe-fixes)" if hidden else ""
    if not safe:
        return f"\nNo fixes with --fix ({hidden} with --unsafe-fixes)"
    return f"\n[*] {safe} fixable with --fix{more}"


def statistics(result: RunResult) -> str:
    """Counts per rule, most first."""
    counts = Counter((d.rule, d.severity) for d in result.diagnostics)
    width = max((len(str(n)) for n in counts.values()), default=1)
    lines = [f"{n:>{width}}  {rule}  ({severity})" for (rule, severity), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    return "\n".join([*lines, summary(result)]) + "\n"


def render(result: RunResult, *, color: bool = False, unsafe_fixes: bool = False, **_: Any) -> str:
    out: list[str] = []
    lines = {f.path: f.lines for f in result.files}
    for d in result.diagnostics:
        out.append(header(d, color, unsafe_fixes))
        source = lines.get(d.path, {}).get(d.span.line)
        if source is not None:
            out.extend(frame(d, source, color))
        out.append("")
    out.append(summary(result, unsafe_fixes))
    return "\n".join(out) + "\n"
