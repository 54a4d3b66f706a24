"""SARIF 2.1.0, as GitHub code scanning reads it."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..diagnostic import RuleInfo, RunResult
from ..fix import Fix
from ..output import defuse

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/artlint/artlint"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = "artlint/v1"


def rule_name(rule_id: str) -> str:
    """``frontmatter-schema`` → ``FrontmatterSchema`` (vendor prefixes included)."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[-.]", rule_id) if part)


def help_uri(rule_id: str) -> str:
    return f"{INFORMATION_URI}/blob/main/docs/rules.md#{rule_id.replace('.', '')}"


def _descriptor(rule: RuleInfo) -> dict[str, Any]:
    first_paragraph = rule.explanation.strip().split("\n\n", 1)[0].replace("\n", " ")
    return {
        "id": rule.id,
        "name": rule_name(rule.id),
        "shortDescription": {"text": rule.summary[:1024]},
        "fullDescription": {"text": first_paragraph[:1024]},
        "help": {"text": rule.explanation, "markdown": f"**{rule.id}** — {rule.summary}\n\n{rule.explanation}"},
        "helpUri": help_uri(rule.id),
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": list(rule.tags[:10])},
    }


def _location(path: str, root: str) -> dict[str, Any]:
    absolute = os.path.abspath(path)
    relative = os.path.relpath(absolute, root).replace(os.sep, "/")
    if relative.startswith("../"):  # outside the project: an absolute file URI
        return {"uri": Path(absolute).as_uri()}
    return {"uri": quote(os.fsencode(relative), safe="/"), "uriBaseId": "%SRCROOT%"}  # (a name's own bytes, as as_uri does)


def _fix(fix: Fix, location: dict[str, Any]) -> dict[str, Any]:
    """A finding's fix as SARIF's: one artifact change, a replacement per edit (an empty
    deleted region is an insertion point); its applicability in the properties."""
    replacements = []
    for e in fix.edits:
        s = e.span
        assert s is not None
        region = {"startLine": s.line, "startColumn": s.column, "endLine": s.end_line, "endColumn": s.end_column}
        replacements.append({"deletedRegion": region, "insertedContent": {"text": e.text}})
    change = {"artifactLocation": location, "replacements": replacements}
    return {"description": {"text": fix.message}, "artifactChanges": [change], "properties": {"applicability": fix.applicability.value}}


def render(result: RunResult, *, color: bool = False, automation_id: str | None = None, **_: Any) -> str:
    from .. import __version__

    index = {rule.id: i for i, rule in enumerate(result.rules)}
    results = []
    for f in result.files:
        location = _location(f.path, result.root)
        seen: dict[str, int] = {}
        for d in f.diagnostics:
            seen[d.fingerprint] = seen.get(d.fingerprint, 0) + 1
            s = d.span
            item: dict[str, Any] = {
                "ruleId": d.rule,
                "level": LEVELS[d.severity],
                "message": {"text": d.message},
                "locations": [
                    {"physicalLocation": {"artifactLocation": location, "region": {"startLine": s.line, "startColumn": s.column, "endLine": s.end_line, "endColumn": s.end_column}}}
                ],
                "partialFingerprints": {FINGERPRINT_KEY: f"{d.fingerprint}:{seen[d.fingerprint]}"},
            }
            if d.rule in index:
                item["ruleIndex"] = index[d.rule]
            if d.fix is not None and all(e.span is not None for e in d.fix.edits):
                item["fixes"] = [_fix(d.fix, location)]
            results.append(item)
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "artlint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [_descriptor(rule) for rule in result.rules],
            }
        },
        "originalUriBaseIds": {"%SRCROOT%": {"uri": Path(result.root).as_uri().rstrip("/") + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    if automation_id:
        run["automationDetails"] = {"id": automation_id}
    text = json.dumps({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, indent=1, ensure_ascii=False)
    return defuse(text, "\\u005b") + "\n"  # ('#' is only ever within a string of JSON)
