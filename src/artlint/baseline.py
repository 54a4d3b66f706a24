"""The baseline: findings a team accepts today, so that only new ones are reported.

Keyed by (path relative to the project root, rule, fingerprint) with a count — no line
numbers — so a finding survives edits elsewhere in its file. A finding whose count grew
reports the extra ones; entries no longer found are *stale* (fixed since).
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import replace

from .diagnostic import RunResult, UsageError

NAME = ".artlint-baseline.json"
VERSION = 1

Key = tuple[str, str, str]  # (path relative to the root, rule, fingerprint)


def relative(path: str, root: str) -> str:
    return os.path.relpath(os.path.abspath(path), root).replace(os.sep, "/")


def default_path(root: str | None) -> str:
    """Beside the configuration file, or in the current folder when there is none."""
    return os.path.join(root or os.getcwd(), NAME)


def render(result: RunResult) -> str:
    """The baseline file for every finding of ``result``."""
    counts: Counter[Key] = Counter()
    messages: dict[Key, str] = {}
    for f in result.files:
        for d in f.diagnostics:
            key = (relative(f.path, result.root), d.rule, d.fingerprint)
            counts[key] += 1
            messages.setdefault(key, d.message)
    entries = [{"path": p, "rule": r, "fingerprint": fp, "count": n, "message": messages[(p, r, fp)]} for (p, r, fp), n in sorted(counts.items())]
    return json.dumps({"version": VERSION, "tool": "artlint", "findings": entries}, indent=1, ensure_ascii=False) + "\n"


def read(path: str) -> Counter[Key]:
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except OSError as err:
        raise UsageError(f"baseline {path}: cannot be read: {err.strerror or err}") from None
    except ValueError as err:
        raise UsageError(f"baseline {path}: not valid JSON: {err}") from None
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("findings"), list):
        raise UsageError(f"baseline {path}: not an artlint baseline (version {VERSION}); rewrite it with 'artlint baseline'")
    counts: Counter[Key] = Counter()
    for entry in data["findings"]:
        try:
            counts[(str(entry["path"]), str(entry["rule"]), str(entry["fingerprint"]))] += int(entry["count"])
        except (KeyError, TypeError, ValueError):
            raise UsageError(f"baseline {path}: a malformed entry: {entry!r:.80}") from None
    return counts


def apply(result: RunResult, accepted: Counter[Key]) -> RunResult:
    """``result`` without the findings the baseline accepts, counting baselined and stale ones."""
    remaining = Counter(accepted)
    checked = set()
    baselined = 0
    files = []
    for f in result.files:
        rel = relative(f.path, result.root)
        checked.add(rel)
        kept = []
        for d in f.diagnostics:
            key = (rel, d.rule, d.fingerprint)
            if remaining[key] > 0:
                remaining[key] -= 1
                baselined += 1
            else:
                kept.append(d)
        files.append(replace(f, diagnostics=kept))
    stale = sum(n for (path, _, _), n in remaining.items() if path in checked and n > 0)
    return replace(result, files=files, baselined=baselined, stale=stale)
