"""Rules come from the ``artlint.rules`` entry-point group: built-in rules and plugins alike."""

from __future__ import annotations

from importlib.metadata import entry_points

from .diagnostic import RuleInfo, UsageError
from .rule import Rule

GROUP = "artlint.rules"


def load() -> dict[str, Rule]:
    """Every installed rule, by id, sorted. A plugin that fails to load is a UsageError."""
    rules: dict[str, Rule] = {}
    origin: dict[str, str] = {}
    for ep in entry_points(group=GROUP):
        if ep.name in origin:
            if origin[ep.name] == ep.value:  # the same distribution seen twice on sys.path
                continue
            raise UsageError(f"rule {ep.name!r} is registered twice: by {origin[ep.name]} and by {ep.value}")
        try:
            cls = ep.load()
        except Exception as err:
            raise UsageError(f"rule plugin {ep.name!r} ({ep.value}) failed to load: {type(err).__name__}: {err}") from None
        if not (isinstance(cls, type) and issubclass(cls, Rule)):
            raise UsageError(f"rule plugin {ep.name!r} ({ep.value}) is not a subclass of artlint.Rule")
        if cls.id != ep.name:
            raise UsageError(f"rule plugin {ep.value} has id {cls.id!r} but is registered as {ep.name!r}")
        rules[ep.name] = cls()
        origin[ep.name] = ep.value
    if not rules:
        raise UsageError("no rules are registered: is artlint installed (pip install artlint)?")
    return dict(sorted(rules.items()))


def info(rule: Rule) -> RuleInfo:
    return RuleInfo(rule.id, rule.severity, rule.summary.strip(), rule.explanation.strip(), tuple(rule.tags))
