"""The online pass of a run: every distinct URL the online rules collected, requested once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..diagnostic import IN_FILE_ORDER, Diagnostic, FileResult, bounded
from ..fingerprint import fingerprint
from ..rule import OnlineRule
from ..source import Span

if TYPE_CHECKING:
    from ..config import Config


def online_pass(files: list[FileResult], config: Config, folder: str | None) -> None:
    """Request the URLs the files' online rules collected and add a finding for each that
    fails (``folder``: the cache folder, where recent successes are kept)."""
    from ..online import Checker

    checkers: dict[tuple[float, tuple[str, ...], int], Checker] = {}
    wanted: dict[Checker, set[tuple[str, bool]]] = {}
    plan: list[tuple[FileResult, Any, Checker, list[tuple[str, Span]]]] = []
    for result in files:
        for setting in config.collection_for(result.path)[1]:
            items = result.collected.get(setting.rule.id)
            if not items or not isinstance(setting.rule, OnlineRule):
                continue
            how = setting.rule.checker(setting.options)
            checker = checkers.setdefault(how, Checker(how[0], how[1], folder, how[2]))
            wanted.setdefault(checker, set()).update((url, setting.rule.image) for url, _ in items)
            plan.append((result, setting, checker, items))
    outcomes = {checker: checker.check_all(urls) for checker, urls in wanted.items()}
    for result, setting, checker, items in plan:
        for url, span in items:
            outcome = outcomes[checker][(url, setting.rule.image)]
            if not outcome.ok:
                fp = fingerprint(setting.rule.id, outcome.message, url)
                result.diagnostics.append(Diagnostic(result.path, Span(*span), setting.rule.id, setting.severity, bounded(f"{url}: {outcome.message}"), fp))
        result.diagnostics.sort(key=IN_FILE_ORDER)
