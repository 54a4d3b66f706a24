"""The fixture harness, for artlint's own tests and for rule-plugin authors.

A fixture is a real article, byte for byte (``tests/rules/<rule-id>/<case>.md``); beside it,
``<case>.md.expected`` holds one expected diagnostic per line::

    LINE:COL-ENDLINE:ENDCOL SEVERITY RULE MESSAGE

``#`` lines are comments; an empty sidecar means the case must be clean. An
``artlint.toml`` in the fixture's folder sets options (paths in it are relative to it).
A ``<case>.md.fixed`` sidecar holds the bytes the rule's fixes make of the case (all of
them, unsafe ones too: ``fix_fixture``).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from . import config, registry
from .corpus.cross import corpus_pass
from .corpus.survey import survey_corpus
from .diagnostic import Diagnostic
from .lint import lint_text
from .rule import CorpusRule, Rule

_rules: dict[str, Rule] | None = None


def format_diagnostic(d: Diagnostic) -> str:
    s = d.span
    return f"{s.line}:{s.column}-{s.end_line}:{s.end_column} {d.severity} {d.rule} {d.message}"


def _fixture_config(path: str) -> config.Config:
    """The configuration of a fixture: an ``artlint.toml`` beside it, else the defaults."""
    global _rules
    if _rules is None:
        _rules = registry.load()
    folder = os.path.dirname(os.path.abspath(path))
    toml = os.path.join(folder, "artlint.toml")
    table = config.read_file(toml) if os.path.isfile(toml) else {}
    return config.from_table(table or {}, folder, _rules, toml)


def fix_fixture(path: str, rule_id: str) -> bytes | None:
    """The fixture at ``path`` after the fixes of rule ``rule_id``, unsafe ones too, pass by
    pass (``fix.fix_text``); None where the rule offers none. For ``<case>.fixed`` sidecars."""
    from .fix import fix_text

    cfg = _fixture_config(path)
    settings, known = cfg.collection_for(path)[1], frozenset(_rules or ())
    with open(path, "rb") as f:
        data = f.read()
    fixed = fix_text(path, data, lambda b: [d for d in lint_text(path, b, settings, known).diagnostics if d.rule == rule_id], unsafe=True)
    return fixed.after if fixed is not None else None


def check_fixture(path: str, rule_ids: Sequence[str]) -> list[str]:
    """The diagnostics of the rules ``rule_ids`` on the fixture at ``path``, formatted."""
    # Every rule runs, as in a real run (deferrals and suppressions act); only those asked for are shown.
    cfg = _fixture_config(path)
    assert _rules is not None
    folder = os.path.dirname(os.path.abspath(path))
    with open(path, "rb") as f:
        data = f.read()
    result = lint_text(path, data, cfg.collection_for(path)[1], frozenset(_rules))
    if any(isinstance(_rules.get(rid), CorpusRule) for rid in rule_ids):
        # The fixture's folder is the corpus that cross-file rules compare it with.
        corpus = sorted(str(p) for p in Path(folder).rglob("*") if p.suffix in (".md", ".markdown", ".mdx", ".html", ".htm") and p.is_file())
        entry, result.facts = result.facts, None  # the fixture's facts come from its parse, as in a run
        corpus_pass([result], cfg, lambda: survey_corpus(cfg, corpus, os.getcwd()), parsed={os.path.abspath(path): (None, entry)})
    shown = set(rule_ids) | {"internal-error"}
    return [format_diagnostic(d) for d in result.diagnostics if d.rule in shown]


def read_expected(path: str) -> list[str]:
    """The expected lines of a sidecar (comments and blank lines left out)."""
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f if line.strip() and not line.startswith("#")]
