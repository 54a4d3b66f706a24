"""GitHub Actions workflow commands: one annotation per finding, and a step summary."""

from __future__ import annotations

import os
import re
from collections import Counter
from typing import Any

from ..diagnostic import Diagnostic, RunResult
from ..output import printable
from ..source import lazy_re

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
ORDER = {"error": 0, "warning": 1, "info": 2}
#: Annotations GitHub attaches per step and type (the rest stay in the log only).
PER_STEP = 10
MAX_MESSAGE = 4096


def escape_data(text: str) -> str:
    """The runner's escapes of a command's data (``%``, CR, LF), then every other character
    that does not print as a visible escape (``\\x1b``): the runner has none for them."""
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(d: Diagnostic) -> str:
    s = d.span
    props = [f"file={escape_property(os.path.abspath(d.path))}", f"line={s.line}", f"endLine={s.end_line}"]
    if s.line == s.end_line:  # the runner drops columns of a span over several lines
        props += [f"col={s.column}", f"endColumn={max(s.end_column, s.column)}"]
    props.append(f"title={escape_property(f'artlint ({d.rule})')}")
    message = d.message if len(d.message) <= MAX_MESSAGE else d.message[: MAX_MESSAGE - 1] + "…"
    return f"::{COMMANDS[d.severity]} {','.join(props)}::{escape_data(message)}"


def ordered(result: RunResult) -> list[Diagnostic]:
    """Errors first: GitHub shows only the first few of each type."""
    return sorted(result.diagnostics, key=lambda d: ORDER[d.severity])


def render(result: RunResult, *, color: bool = False, **_: Any) -> str:
    return "".join(annotation(d) + "\n" for d in ordered(result))


def hidden(result: RunResult) -> int:
    """How many findings GitHub will not show as annotations of one step."""
    counts = Counter(d.severity for d in result.diagnostics)
    return sum(max(0, n - PER_STEP) for n in counts.values())


#: ASCII punctuation, each of which Markdown lets a backslash make literal (CommonMark 2.4).
_PUNCTUATION = lazy_re(r"([!-/:-@\[-`{-~])")


def _text(text: str) -> str:
    """``text`` as literal Markdown: no link, image, emphasis, HTML or table cell from it."""
    return _PUNCTUATION.sub(r"\\\1", printable(text))


def _code(text: str) -> str:
    """``text`` as a Markdown code span: fenced by more backticks than it holds in a row, and
    padded where it starts or ends with one (CommonMark 6.1)."""
    text = printable(text)
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text[:1] == "`" or text[-1:] == "`" else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def summary(result: RunResult, limit: int = 900_000) -> str:
    """A Markdown step summary: counts per rule, then every finding per file (under ``limit``)."""
    diagnostics = result.diagnostics
    errors, warnings, infos = (result.count(s) for s in ("error", "warning", "info"))
    out = [f"## artlint: {errors} errors, {warnings} warnings, {infos} notices in {len(result.files)} files\n"]
    if hidden(result):
        out.append(f"GitHub shows at most {PER_STEP} error, {PER_STEP} warning and {PER_STEP} notice annotations per step: **{hidden(result)} findings are not shown as annotations**; all are listed below.\n")
    if diagnostics:
        out.append("| rule | severity | findings |\n|---|---|---:|")
        per_rule = Counter((d.rule, d.severity) for d in diagnostics)
        for (rule, severity), n in sorted(per_rule.items(), key=lambda kv: (-kv[1], kv[0])):
            out.append(f"| `{rule}` | {severity} | {n} |")
        out.append("")
    size = sum(len(s) for s in out)
    current = None
    for i, d in enumerate(diagnostics):
        if d.path != current:
            current = d.path
            line = f"\n### {_code(d.path)}\n"
        else:
            line = ""
        line += f"- {d.span.line}:{d.span.column} **{d.severity}** {_code(d.rule)} {_text(d.message)}"
        if size + len(line) > limit:
            out.append(f"\n… and {len(diagnostics) - i} more findings (the summary is limited to 1 MiB).")
            break
        out.append(line)
        size += len(line) + 1
    return "\n".join(out) + "\n"
