"""Run the enabled rules over each file and collect Diagnostics.

``lint_file`` is a module-level function of picklable data, so that a process pool can
run it; a rule that raises becomes an ``internal-error`` diagnostic and the other rules
still run.
"""

from __future__ import annotations

from collections.abc import Sequence

from . import document
from .config import Config, RuleSetting
from .diagnostic import Diagnostic, FileResult, RunResult, UsageError
from .registry import info
from .rule import Rule
from .source import Span


def lint_text(path: str, data: bytes, settings: Sequence[RuleSetting]) -> FileResult:
    """Check the bytes of one file, reported under ``path``."""
    doc = document.load(path, data)
    diagnostics: list[Diagnostic] = []
    for setting in settings:
        rule = setting.rule
        try:
            for finding in rule.check(doc, setting.options):
                diagnostics.append(Diagnostic(path, finding.span, rule.id, setting.severity, finding.message))
        except Exception as err:  # a bug in a rule must not stop the others
            message = f"rule {rule.id} failed on this file: {type(err).__name__}: {err}"
            diagnostics.append(Diagnostic(path, Span(1, 1, 1, 1), "internal-error", "error", message))
    deferring = {s.rule.id: s.rule.defers_to for s in settings if s.rule.defers_to}
    if deferring:  # one defect, one diagnostic: drop what an owning rule reports at the same place
        taken = {(d.rule, d.span.line, d.span.column) for d in diagnostics}
        diagnostics = [d for d in diagnostics if not any((owner, d.span.line, d.span.column) in taken for owner in deferring.get(d.rule, ()))]
    diagnostics.sort(key=Diagnostic.sort_key)
    return FileResult(path, diagnostics, doc.text)


def lint_file(path: str, settings: Sequence[RuleSetting]) -> FileResult:
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as err:
        raise UsageError(f"{path}: cannot be read: {err.strerror or err}") from None
    return lint_text(path, data, settings)


def run(paths: Sequence[str], config: Config, rules: dict[str, Rule]) -> RunResult:
    """Check every file of ``paths`` with the settings its collection gives it."""
    results = [lint_file(path, config.collection_for(path)[1]) for path in paths]
    return RunResult(config.root, results, [info(r) for r in rules.values()])
