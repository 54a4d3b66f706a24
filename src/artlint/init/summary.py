"""What the first ``artlint check`` reports with the configuration ``init`` wrote: the real
engine run on the project, counted per rule."""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from typing import Any, TextIO


def first_check(root: str, out: TextIO) -> dict[str, Any]:
    """Check the project at ``root`` with its (new) configuration, print the counts per
    rule, and return them: {"files", "rules": {id: (severity, findings, files)},
    "schema": {collection: (files, clean)}}."""
    from .. import config, discover, registry
    from ..corpus.survey import of_files
    from ..run.executor import POOL_THRESHOLD, jobs_default
    from ..run.session import run

    rules = registry.load()
    cfg = config.load(root, rules)
    cwd = os.getcwd()
    files = discover.files([root], cfg, cwd)
    jobs = jobs_default() if len(files) >= POOL_THRESHOLD else 1
    result = run(files, cfg, rules, jobs=jobs, survey=of_files(cfg, files, cwd), lines=False)
    per_rule: dict[str, list[Any]] = {}
    schema_files: dict[str | None, list[int]] = defaultdict(lambda: [0, 0])  # collection → [files, clean]
    for fr in result.files:
        seen: Counter[str] = Counter()
        for d in fr.diagnostics:
            entry = per_rule.setdefault(d.rule, [d.severity, 0, 0])
            entry[1] += 1
            seen[d.rule] += 1
        for rid in seen:
            per_rule[rid][2] += 1
        name, settings = cfg.collection_for(fr.path)
        if any(s.rule.id == "frontmatter-schema" and getattr(s.options, "schema", None) for s in settings):
            schema_files[name][0] += 1
            schema_files[name][1] += "frontmatter-schema" not in seen
    _print(out, len(result.files), per_rule, schema_files)
    return {"files": len(result.files), "rules": {k: tuple(v) for k, v in per_rule.items()}, "schema": {k: tuple(v) for k, v in schema_files.items()}}


def _print(out: TextIO, total: int, per_rule: dict[str, list[Any]], schema_files: dict[str | None, list[int]]) -> None:
    print(f"\nA first 'artlint check' with this configuration ({total} files):", file=out)
    if not per_rule:
        print("  nothing to report", file=out)
    order = {"error": 0, "warning": 1, "info": 2}
    width = max([len(r) for r in per_rule] + [4])
    print(f"  {'rule':<{width}}  severity  findings  files", file=out)
    for rid, (severity, findings, files) in sorted(per_rule.items(), key=lambda kv: (order.get(kv[1][0], 3), -kv[1][1], kv[0])):
        print(f"  {rid:<{width}}  {severity:<8}  {findings:>8}  {files:>5}", file=out)
    if schema_files:
        checked = sum(v[0] for v in schema_files.values())
        clean = sum(v[1] for v in schema_files.values())
        parts = ", ".join(f"{name} {c}/{n}" for name, (n, c) in schema_files.items())
        print(f"Clean of frontmatter-schema errors: {clean} of {checked} files under a schema ({_percent(clean, checked)}): {parts}", file=out)
    print(
        "Then: fix what must hold from now on, relax or turn off ('severity = \"off\"') what the team does not want,"
        " and run 'artlint baseline' to accept the rest until it is fixed.",
        file=out,
    )


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "-"

