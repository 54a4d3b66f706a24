"""What leaves a run: diagnostics and results, plain picklable data for the reporters."""

from __future__ import annotations

import operator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .fix import Fix
from .source import Span

SEVERITIES = ("error", "warning", "info")


class UsageError(Exception):
    """A usage, configuration or schema problem: one line on stderr and exit 2."""


#: The most of a message that is kept (``bounded``).
MAX_MESSAGE = 1_000


def bounded(message: str) -> str:
    """``message`` at most about ``MAX_MESSAGE`` characters long: one that quotes a huge value
    (a description of megabytes) is cut in its middle, its start and end kept."""
    if len(message) <= MAX_MESSAGE:
        return message
    return f"{message[:700]} […{len(message) - 900:,} characters…] {message[-200:]}"


class Diagnostic(NamedTuple):
    path: str  # as the user would type it
    span: Span
    rule: str
    severity: str  # "error", "warning" or "info"
    message: str
    fingerprint: str = ""  # what the finding is about, not where: see fingerprint.py
    fix: Fix | None = None  # the rule's fix of the finding, if it offers one

    def sort_key(self) -> tuple[str, int, int, int, int, str, str]:
        s = self.span
        return (self.path, s.line, s.column, s.end_line, s.end_column, self.rule, self.message)


#: The order of one file's diagnostics (sort_key without the path they share), made in C:
#: (span, rule, message).
IN_FILE_ORDER = operator.itemgetter(1, 2, 4)


class RuleInfo(NamedTuple):
    """What reporters need to know of a rule, without importing it."""

    id: str
    severity: str
    summary: str
    explanation: str
    tags: tuple[str, ...] = ()


@dataclass(slots=True)
class FileResult:
    path: str
    diagnostics: list[Diagnostic]
    lines: dict[int, str] = field(default_factory=dict)  # source lines with findings, for code frames
    collected: dict[str, list[tuple[str, Span]]] = field(default_factory=dict)  # rule id → URLs to check online
    facts: Any = None  # what the corpus index needs of the file (corpus.Entry), when cross-file rules run


@dataclass(slots=True)
class RunResult:
    root: str
    files: list[FileResult]
    rules: list[RuleInfo] = field(default_factory=list)
    baselined: int = 0  # findings left out because the baseline holds them
    stale: int = 0  # baseline entries no longer found (fixed since)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """Every diagnostic, in order: file by file (by path), each file's in order (sorted
        file by file: no sort key is made for all of them at once)."""
        return [d for f in sorted(self.files, key=lambda f: f.path) for d in sorted(f.diagnostics, key=IN_FILE_ORDER)]

    def count(self, severity: str) -> int:
        return sum(d.severity == severity for f in self.files for d in f.diagnostics)
