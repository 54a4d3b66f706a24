"""The JSON Schema of artlint's configuration (``artlint.toml``, ``[tool.artlint]``), made from
the rules' option dataclasses, for editors to complete and check the file.

The schema ships in the package (``artlint/artlint.schema.json``); a test keeps it equal to
what ``generate`` makes. After changing a rule's options or the configuration's keys::

    python -m artlint.configschema --write
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
import types
import typing
from typing import Any

from .diagnostic import SEVERITIES
from .rule import FilePath, Regex, Rule, option_types

SHIPPED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "artlint.schema.json")
BUILTIN = "artlint.rules."  # the module prefix of the built-in rules: the shipped schema knows only them

_GLOBS: dict[str, Any] = {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
_IDS: dict[str, Any] = {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}], "description": "rule ids or tags"}
#: The configuration's own keys (config._TOP_KEYS), beside the shared rule options.
TOP: dict[str, dict[str, Any]] = {
    "include": {**_GLOBS, "description": "globs of the files to check when a folder is walked"},
    "exclude": {**_GLOBS, "description": "globs of files and folders never walked"},
    "select": {**_IDS, "description": "run only these rules (ids or tags)"},
    "ignore": {**_IDS, "description": "do not run these rules (ids or tags)"},
    "per-file-ignores": {"type": "object", "additionalProperties": _IDS, "description": "glob → rules that do not run on the files it matches"},
    "cache-dir": {"type": "string", "description": "the cache folder (default: .artlint_cache beside the configuration)"},
    "corpus": {**_GLOBS, "description": "folders whose articles the cross-file rules compare (default: the project root)"},
    "site": {"type": "string", "description": "the site generator whose conventions apply: auto (detected, the default), none, or a generator name"},
    "respect-gitignore": {"type": "boolean", "default": True, "description": "skip what .gitignore and .ignore files ignore when walking folders"},
}


def generate(rules: dict[str, Rule]) -> dict[str, Any]:
    """The schema of a configuration for ``rules``."""
    options = {rid: _options(rule) for rid, rule in rules.items()}
    shared = _shared(options)
    rule_tables = {rid: _rule_table(rule, options[rid]) for rid, rule in rules.items()}
    rules_schema = {"type": "object", "properties": rule_tables, "additionalProperties": False, "description": "options of each rule, by id"}
    collection = {
        "type": "object",
        "properties": {
            "paths": {**_GLOBS, "description": "globs of the files of this collection (the first collection that matches wins)"},
            "ignore": {**_IDS, "description": "rules that do not run on this collection"},
            "rules": {"$ref": "#/definitions/rules"},
            **shared,
        },
        "required": ["paths"],
        "additionalProperties": False,
    }
    top = {**TOP, **shared, "rules": {"$ref": "#/definitions/rules"}, "collections": {"type": "object", "additionalProperties": collection, "description": "named groups of files with their own settings"}}
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "artlint configuration (artlint.toml, or [tool.artlint] in pyproject.toml)",
        "type": "object",
        "properties": dict(sorted(top.items())),
        "additionalProperties": False,
        "definitions": {"rules": rules_schema},
    }


def builtin(rules: dict[str, Rule]) -> dict[str, Rule]:
    """The built-in rules among ``rules`` (plugins are not in the shipped schema)."""
    return {rid: rule for rid, rule in rules.items() if type(rule).__module__.startswith(BUILTIN)}


def _options(rule: Rule) -> dict[str, dict[str, Any]]:
    hints = option_types(rule.Options)
    out = {}
    for f in dataclasses.fields(rule.Options):
        schema = type_schema(hints[f.name])
        default = f.default if f.default is not dataclasses.MISSING else f.default_factory() if f.default_factory is not dataclasses.MISSING else None
        if default is not None:
            schema = {**schema, "default": json.loads(json.dumps(default, default=list))}
        out[f.name.replace("_", "-")] = schema
    return out


def _rule_table(rule: Rule, options: dict[str, dict[str, Any]]) -> dict[str, Any]:
    severity = {"enum": [*SEVERITIES, "off"], "default": rule.severity}
    return {"type": "object", "description": rule.summary.strip(), "properties": {"severity": severity, **options}, "additionalProperties": False}


def _shared(options: dict[str, dict[str, dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    """Each option name → the schema of its values in any rule (a shared key sets them all)."""
    found: dict[str, list[dict[str, Any]]] = {}
    for opts in options.values():
        for name, schema in opts.items():
            plain = {k: v for k, v in schema.items() if k != "default"}
            if plain not in found.setdefault(name, []):
                found[name].append(plain)
    return {name: schemas[0] if len(schemas) == 1 else {"anyOf": schemas} for name, schemas in sorted(found.items())}


def type_schema(tp: Any) -> dict[str, Any]:
    """The JSON Schema of the TOML values that ``config.coerce`` accepts for the option type ``tp``."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        choices = [type_schema(a) for a in args if a is not type(None)]  # TOML has no null: None is the default
        return choices[0] if len(choices) == 1 else {"anyOf": choices}
    simple = {bool: "boolean", int: "integer", float: "number", str: "string", FilePath: "string", Regex: "string"}
    if tp in simple:
        return {"type": simple[tp], **({"format": "regex"} if tp is Regex else {})}
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": type_schema(args[0])}
        return {"type": "array", "items": [type_schema(a) for a in args], "minItems": len(args), "maxItems": len(args)}
    if origin is dict:
        return {"type": "object", "additionalProperties": type_schema(args[1])}
    return {}


def render(rules: dict[str, Rule]) -> str:
    return json.dumps(generate(builtin(rules)), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    """``python -m artlint.configschema [--write]``: print the schema, or write the shipped file."""
    from . import registry

    text = render(registry.load())
    if "--write" in argv:
        from .files import write_atomic

        write_atomic(SHIPPED, [text.encode()])
        print(f"wrote {SHIPPED}")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
