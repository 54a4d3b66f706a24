"""The engine: settings per file, and a rule that raises becomes an internal-error."""

from __future__ import annotations

from collections.abc import Iterator, Sequence, Set
from dataclasses import dataclass
from pathlib import Path

import pytest

from artlint import registry
from artlint.config import RuleSetting, from_table
from artlint.corpus import Corpus, Facts
from artlint.document import Document
from artlint.lint import lint_text
from artlint.rule import CorpusRule, Finding, NoOptions, Rule, SuppressionRule
from artlint.source import Span
from artlint.suppress import Directive


class Crashing(Rule):
    id = "test.crashing"
    severity = "warning"
    summary = "Raises on every file."
    explanation = "Bad: raising. Good: not raising."

    def check(self, doc: Document, options: NoOptions) -> Iterator[Finding]:
        yield Finding(Span(1, 1, 1, 2), "found before the crash")
        raise ZeroDivisionError("boom")


def test_a_crashing_rule_becomes_internal_error_and_others_run() -> None:
    rules = registry.load()
    settings = [RuleSetting(Crashing(), "warning", NoOptions()), RuleSetting(rules["frontmatter-duplicate-key"], "error", NoOptions())]
    result = lint_text("a.md", b"---\nt: 1\nt: 2\n---\n", settings)
    assert [(d.rule, d.severity, d.span.line) for d in result.diagnostics] == [
        ("internal-error", "error", 1),
        ("test.crashing", "warning", 1),
        ("frontmatter-duplicate-key", "error", 3),
    ]
    internal = result.diagnostics[0]
    assert "test.crashing" in internal.message and "ZeroDivisionError: boom" in internal.message


class CrashingAcross(CorpusRule):
    id = "test.crashing-across"
    severity = "warning"
    summary = "Raises on every file, as a cross-file rule."
    explanation = "Bad: raising. Good: not raising."

    def check_corpus(self, facts: Facts, corpus: Corpus, options: NoOptions) -> Iterator[Finding]:
        raise ZeroDivisionError("boom")


@pytest.mark.parametrize("severity", ["warning", "info"])
def test_a_crashing_cross_file_rule_is_reported_with_internal_errors_severity(tmp_path: Path, severity: str) -> None:
    """As for a per-file rule: internal-error's configured severity, not always error."""
    from artlint.corpus.cross import corpus_pass
    from artlint.corpus.survey import survey_corpus
    from artlint.diagnostic import FileResult

    rules = registry.load()
    (tmp_path / "a.md").write_text('---\ntitle: "A"\n---\n\nText.\n')
    config = from_table({"rules": {"internal-error": {"severity": severity}}}, str(tmp_path), rules)
    config.default = (RuleSetting(CrashingAcross(), "warning", NoOptions()), *config.default)
    path = str(tmp_path / "a.md")
    result = FileResult(path, [], {}, {}, None)
    corpus_pass([result], config, lambda: survey_corpus(config, [path], str(tmp_path)))
    assert [(d.rule, d.severity) for d in result.diagnostics] == [("internal-error", severity)]
    assert "test.crashing-across" in result.diagnostics[0].message


class EveryDirective(SuppressionRule):
    id = "test.every-directive"
    severity = "info"
    summary = "Reports each suppression comment, with what it suppressed."
    explanation = "Bad: a comment. Good: none."

    def check_suppressions(self, directives: Sequence[Directive], known: Set[str], enabled: Set[str], options: NoOptions) -> Iterator[Finding]:
        for d in directives:
            yield Finding(d.span, f"suppressed {', '.join(sorted(d.used)) or 'nothing'} ({len(enabled)} rules on, {'un' if 'no-such-rule' not in known else ''}known)")


def test_a_suppression_rule_sees_the_comments_once_applied() -> None:
    rules = registry.load()
    settings = [RuleSetting(EveryDirective(), "info", NoOptions()), RuleSetting(rules["frontmatter-duplicate-key"], "error", NoOptions()), RuleSetting(rules["unused-suppression"], "warning", NoOptions())]
    text = b"---\nt: 1\n# artlint-disable-next-line frontmatter-duplicate-key\nt: 2\n---\n\n<!-- artlint-disable-next-line no-such-rule -->\nText.\n"
    result = lint_text("a.md", text, settings, frozenset(rules))
    assert [(d.rule, d.span.line, d.message) for d in result.diagnostics] == [
        ("test.every-directive", 3, "suppressed frontmatter-duplicate-key (3 rules on, unknown)"),
        ("test.every-directive", 7, "suppressed nothing (3 rules on, unknown)"),
        ("unused-suppression", 7, "artlint-disable-next-line names unknown rule no-such-rule"),
    ]


def test_rule_classes_validate_themselves() -> None:
    with pytest.raises(TypeError, match="kebab-case"):

        class BadId(Rule):
            id = "Bad_Id"
            severity = "error"
            summary = "x"
            explanation = "x"

    with pytest.raises(TypeError, match="severity"):

        class BadSeverity(Rule):
            id = "bad-severity"
            severity = "fatal"
            summary = "x"
            explanation = "x"

    with pytest.raises(TypeError, match="frozen dataclass"):

        @dataclass
        class Mutable:
            x: int = 1

        class BadOptions(Rule):
            id = "bad-options"
            severity = "error"
            summary = "x"
            explanation = "x"
            Options = Mutable


def test_collection_and_per_file_ignores(tmp_path: object) -> None:
    rules = registry.load()
    root = "/project"
    table = {
        "collections": {"news": {"paths": ["content/news/**"], "ignore": ["frontmatter-duplicate-key"]}},
        "per-file-ignores": {"content/legacy/*.md": ["frontmatter-syntax"]},
    }
    config = from_table(table, root, rules)
    name, settings = config.collection_for("/project/content/news/2025/a.md")
    assert name == "news" and "frontmatter-duplicate-key" not in {s.rule.id for s in settings}
    name, settings = config.collection_for("/project/content/legacy/b.md")
    assert name is None and "frontmatter-syntax" not in {s.rule.id for s in settings}
    assert "frontmatter-syntax" in {s.rule.id for s in config.collection_for("/project/content/c.md")[1]}


def test_option_precedence() -> None:
    rules = registry.load()
    table = {
        "rules": {"frontmatter-missing": {"required": False}},
        "collections": {
            "a": {"paths": ["a/**"], "rules": {"frontmatter-missing": {"required": True, "severity": "warning"}}},
            "b": {"paths": ["b/**"], "rules": {"frontmatter-missing": {"severity": "off"}}},
        },
    }
    config = from_table(table, "/p", rules)

    def setting(path: str) -> RuleSetting | None:
        return next((s for s in config.collection_for(path)[1] if s.rule.id == "frontmatter-missing"), None)

    a, b, other = setting("/p/a/x.md"), setting("/p/b/x.md"), setting("/p/c/x.md")
    assert a is not None and a.options.required is True and a.severity == "warning"
    assert b is None
    assert other is not None and other.options.required is False and other.severity == "error"


def test_entry_points_are_read_as_importlib_reads_them() -> None:
    from importlib.metadata import entry_points

    from artlint.registry import GROUP, _entry_points

    expected = sorted({(ep.name, ep.value) for ep in entry_points(group=GROUP)})
    assert sorted(set(_entry_points())) == expected


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="no fork here: Beside works in place")
def test_beside_works_in_a_child_and_falls_back_to_working_here() -> None:
    import os
    import threading
    import time

    from artlint.run.executor import Beside

    parent = os.getpid()
    assert Beside(os.getpid).result() != parent  # done in a child …
    assert Beside(os.getpid, parallel=False).result() == parent  # … unless told not to fork
    assert Beside(lambda: {"a": (1, "b")}).result() == {"a": (1, "b")}  # what marshal carries comes back whole

    def fails_in_the_child() -> str:
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return "done here"

    assert Beside(fails_in_the_child).result() == "done here"
    unmarshallable = Beside(lambda: os.getpid() if os.getpid() == parent else object())
    assert unmarshallable.result() == parent

    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:  # another thread runs: a fork would copy its locks, not it
        assert Beside(os.getpid).result() == parent
    finally:
        stop.set()
        other.join()

    slow = Beside(lambda: time.sleep(60))
    child, pipe = slow.pid, slow.fd
    started = time.monotonic()
    slow.close()  # a result no longer wanted: the child is stopped and reaped, the pipe closed
    assert time.monotonic() - started < 10
    with pytest.raises(ChildProcessError):
        os.waitpid(child, os.WNOHANG)
    with pytest.raises(OSError):
        os.fstat(pipe)

    done = Beside(os.getpid)
    child = done.pid
    assert done.result() != parent
    done.close()  # (nothing left to stop)
    with pytest.raises(ChildProcessError):
        os.waitpid(child, os.WNOHANG)
