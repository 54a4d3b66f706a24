"""Lint one file: the per-file rules, deferrals, suppressions and the findings' fingerprints.

Pure: bytes and settings in, a FileResult out (no cache, no pool). It is the only thing
the workers of a run execute, and what the language server and the fixture harness call.
A rule that raises becomes an ``internal-error`` finding and the other rules still run;
the rules about suppression comments (``unused-suppression``) run once they are applied.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from . import document, fix as fixes, suppress
from .diagnostic import IN_FILE_ORDER, Diagnostic, FileResult, UsageError, bounded
from .fingerprint import of_span
from .hashes import sha256
from .rule import CorpusRule, OnlineRule, SuppressionRule
from .source import Span

if TYPE_CHECKING:
    from .config import RuleSetting

INTERNAL = "internal-error"


def lint_text(path: str, data: bytes, settings: Sequence[RuleSetting], known: frozenset[str] = frozenset(), size: int | None = None) -> FileResult:
    """Check the bytes of one file, reported under ``path``.

    ``known`` is every registered rule id (for suppression comments that name others);
    ``size`` the file's where ``data`` is only its head (``document.read``).
    """
    doc = document.load(path, data, size)
    diagnostics = _deferred(_checked(doc, path, settings), settings)
    found = suppress.directives(doc)
    if found:
        diagnostics = suppress.apply(diagnostics, found)
        diagnostics += _about_suppressions(doc, path, settings, found, known)
    collected = _collected(doc, path, settings, diagnostics)
    diagnostics = [d._replace(fingerprint=of_span(doc, d.rule, d.span, d.message)) for d in diagnostics]
    diagnostics.sort(key=IN_FILE_ORDER)
    wanted = {d.span.line for d in diagnostics} | {span.line for items in collected.values() for _, span in items}
    lines = {line: doc.index.line_text(line) for line in wanted}
    entry = None
    if any(isinstance(s.rule, CorpusRule) for s in settings):  # what the corpus index needs, from this parse
        from .corpus.facts import entry_of, facts_of

        entry = entry_of(facts_of(doc, path))
    return FileResult(path, diagnostics, lines, collected, entry)


def prepare(schemas: Iterable[str]) -> None:
    """Do ahead what the first check does on first use: import the parsers (YAML, Markdown,
    HTML) and compile the validators of ``schemas`` — for a process that waits for the
    files it will check (``run.executor.Standby``)."""
    import markdown_it  # noqa: F401
    import yaml  # noqa: F401

    from . import htmlscan  # noqa: F401  (html5lib)
    from .schema import validator

    for path in sorted(schemas):
        try:
            validator(path)
        except UsageError:  # (the check reports it)
            pass


def _checked(doc: document.Document, path: str, settings: Sequence[RuleSetting]) -> list[Diagnostic]:
    """The findings of every rule of ``settings`` (each prepared first)."""
    diagnostics: list[Diagnostic] = []
    for setting in settings:
        setting.rule.prepare(doc, setting.options)
    for setting in settings:
        rule = setting.rule
        try:
            for finding in rule.check(doc, setting.options):
                located = finding.fix and fixes.locate(finding.fix, doc.index)
                diagnostics.append(Diagnostic(path, finding.span, rule.id, setting.severity, bounded(finding.message), fix=located))
        except Exception as err:  # a bug in a rule must not stop the others
            diagnostics.append(internal(path, rule.id, err, settings))
    return diagnostics


def _about_suppressions(doc: document.Document, path: str, settings: Sequence[RuleSetting], found: Sequence[suppress.Directive], known: frozenset[str]) -> list[Diagnostic]:
    """The findings of the rules about the suppression comments ``found`` (SuppressionRule),
    once they have been applied to the other findings."""
    enabled = {s.rule.id for s in settings}
    everything = set(known) | enabled
    diagnostics: list[Diagnostic] = []
    for setting in settings:
        rule = setting.rule
        if isinstance(rule, SuppressionRule):
            try:
                for finding in rule.check_suppressions(found, everything, enabled, setting.options):
                    located = finding.fix and fixes.locate(finding.fix, doc.index)
                    diagnostics.append(Diagnostic(path, finding.span, rule.id, setting.severity, bounded(finding.message), fix=located))
            except Exception as err:  # a bug in a rule must not stop the others
                diagnostics.append(internal(path, rule.id, err, settings))
    return diagnostics


def _deferred(diagnostics: list[Diagnostic], settings: Sequence[RuleSetting]) -> list[Diagnostic]:
    """One defect, one diagnostic: drop what a rule reports where a rule it defers to
    reports at the same place. The owner's diagnostic takes the dropped one's fix where it
    has none (frontmatter-schema's "not a string" gets frontmatter-implicit-type's quotes)."""
    deferring = {s.rule.id: s.rule.defers_to for s in settings if s.rule.defers_to}
    if not deferring:
        return diagnostics
    taken = {(d.rule, d.span.line, d.span.column) for d in diagnostics}
    kept: list[Diagnostic] = []
    handed: dict[tuple[str, int, int], Any] = {}
    for d in diagnostics:
        owner = next((o for o in deferring.get(d.rule, ()) if (o, d.span.line, d.span.column) in taken), None)
        if owner is None:
            kept.append(d)
        elif d.fix is not None:
            handed.setdefault((owner, d.span.line, d.span.column), d.fix)
    if not handed:
        return kept
    return [d._replace(fix=handed.get((d.rule, d.span.line, d.span.column))) if d.fix is None else d for d in kept]


def _collected(doc: document.Document, path: str, settings: Sequence[RuleSetting], diagnostics: list[Diagnostic]) -> dict[str, list[tuple[str, Span]]]:
    """The URLs each online rule that is on collects (checked once for the run, later)."""
    collected: dict[str, list[tuple[str, Span]]] = {}
    for setting in settings:
        rule = setting.rule
        if isinstance(rule, OnlineRule) and rule.wanted(setting.options):
            try:
                collected[rule.id] = list(rule.collect(doc, setting.options))
            except Exception as err:
                diagnostics.append(internal(path, rule.id, err, settings))
    return collected


_FIRST = Span(1, 1, 1, 1)


def internal(path: str, rule_id: str, err: Exception, settings: Iterable[RuleSetting] = (), span: Span = _FIRST) -> Diagnostic:
    """A rule raised: an internal-error diagnostic naming it (with internal-error's
    configured severity; error where it is not on), at the file's start unless ``span``."""
    severity = next((s.severity for s in settings if s.rule.id == INTERNAL), "error")
    return Diagnostic(path, span, INTERNAL, severity, bounded(f"rule {rule_id} failed on this file: {type(err).__name__}: {err}"))


def lint_file(path: str, settings: Sequence[RuleSetting], known: frozenset[str] = frozenset()) -> tuple[FileResult, str]:
    """Read and check one file: its result and the SHA-256 of its bytes (for the cache; of
    its head only, for a file over the size limit)."""
    try:
        data, size = document.read_file(path, size_limit(settings))
    except OSError as err:
        raise UsageError(f"{path}: cannot be read: {err.strerror or err}") from None
    return lint_text(path, data, settings, known, size), sha256(data).hexdigest()


def size_limit(settings: Sequence[Any]) -> int:
    """The size over which a file's body is not read: the largest ``max-file-size`` of the
    rules (file-too-large), else the default."""
    return max((s.options.max_file_size for s in settings if isinstance(getattr(s.options, "max_file_size", None), int)), default=document.MAX_FILE_SIZE)
