"""Loading: the configuration that applies in a folder, validated strictly and resolved
into the rule settings of each collection."""

from __future__ import annotations

import dataclasses
import os
import typing
from collections.abc import Iterable
from typing import Any

from ..diagnostic import SEVERITIES, UsageError
from ..globs import compile_globs, name_suffixes
from ..output import warn
from ..rule import Rule, option_types
from ..suggest import SEE_RULES, did_you_mean
from .coerce import coerce
from .files import find_file, read_file
from .model import DEFAULT_INCLUDE, Config, Overrides, RuleSetting
from .paths import git_root, in_project

_TOP_KEYS = {"include", "exclude", "select", "ignore", "rules", "collections", "per-file-ignores", "cache-dir", "corpus", "site", "respect-gitignore"}
_COLLECTION_KEYS = {"paths", "ignore", "rules"}
#: rule id → option → (the value, where it was set): one layer of settings, of the precedence
Layer = dict[str, dict[str, tuple[Any, str]]]


def load(cwd: str, rules: dict[str, Rule], explicit: str | None = None, overrides: Overrides = Overrides(), check_schemas: bool = True) -> Config:
    """The configuration that applies in ``cwd`` (or the file ``explicit``), validated
    (its schemas too, unless the caller checks them: see ``schema.check_all``)."""
    if explicit is not None:
        if not os.path.isfile(explicit):
            raise UsageError(f"config file {explicit} does not exist")
        source: str | None = os.path.abspath(explicit)
        table = read_file(explicit) or {}
    else:
        source, table = find_file(cwd)
    repository = None if source else git_root(cwd)
    root = os.path.dirname(source) if source else (repository or os.path.abspath(cwd))
    config = from_table(table, root, rules, source, overrides, check_schemas)
    config.owned = bool(source or repository)
    return config


def from_table(table: dict[str, Any], root: str, rules: dict[str, Rule], source: str | None = None, overrides: Overrides = Overrides(), check_schemas: bool = True) -> Config:
    """The configuration of an artlint table whose paths are relative to ``root``; an
    invalid schema is a configuration error, found now (unless ``check_schemas`` is off)."""
    config = _Builder(rules, root, source or "command line", overrides).build(table, source)
    if check_schemas:
        from ..schema import check_all

        check_all(config.schemas(), None, root)
    return config


def _kebab(name: str) -> str:
    return name.replace("_", "-")


#: Options that only a command-line flag sets (the flag named): the configuration may come
#: from a pull request.
COMMAND_LINE_ONLY = {"online": "--online", "allow-private-hosts": "--allow-private-host"}


class _Builder:
    """One configuration table checked key by key (the first wrong key is a ``UsageError``
    naming the file and the key) and resolved into a ``Config``."""

    def __init__(self, rules: dict[str, Rule], root: str, source: str, overrides: Overrides) -> None:
        self.rules = rules
        self.root = root
        self.source = os.path.relpath(source) if os.path.isabs(source) else source
        self.overrides = overrides
        self.fields: dict[str, dict[str, tuple[str, Any]]] = {}  # rule id -> kebab option -> (field, type)
        for rid, rule in rules.items():
            hints = option_types(rule.Options)
            self.fields[rid] = {_kebab(f.name): (f.name, hints[f.name]) for f in dataclasses.fields(rule.Options)}
        self.shared = {key for opts in self.fields.values() for key in opts}
        self.tags = {tag for rule in rules.values() for tag in rule.tags}
        self.named: set[str] = set()
        self.said: set[str] = set()

    def fail(self, where: str, message: str) -> typing.NoReturn:
        raise UsageError(f"{self.source}: {where}: {message}" if where else f"{self.source}: {message}")

    def build(self, table: dict[str, Any], source: str | None) -> Config:
        self.check_keys(table, _TOP_KEYS | self.shared, "")
        include = self.globs(table, "include", "") or DEFAULT_INCLUDE
        exclude = self.globs(table, "exclude", "")
        enabled = self.enabled(table)
        top_rules = self.table(table, "rules", "")
        site = self.site(table)
        layers = [self.site_layer(site), self.shared_layer(table, ""), *self.rule_layers(top_rules, "rules")]
        collections = self.collections(table, enabled, layers)  # (each check in today's order: the first error is the one reported)
        per_file = self.per_file_ignores(table)
        cache_dir = self.cache_dir(table)
        corpus = self.corpus(table, site)
        respect_gitignore = self.respect_gitignore(table)
        return Config(
            site=site,
            pruned=site.pruned() if site else frozenset(),
            content=site.content() if site and "include" not in table and "corpus" not in table else (),
            respect_gitignore=respect_gitignore,
            # a corpus folder that is not there (a checkout without its content) adds nothing
            corpus=tuple(p for p in (os.path.normpath(os.path.join(self.root, f)) for f in corpus) if os.path.isdir(p)),
            cache_dir=os.path.normpath(os.path.join(self.root, cache_dir)) if cache_dir else None,
            root=self.root,
            source=source,
            include=compile_globs(include),
            include_suffixes=name_suffixes(include),
            exclude=compile_globs(exclude),
            collections=collections,
            default=self.settings(enabled, layers),
            per_file_ignores=per_file,
        )

    # -- pieces

    def enabled(self, table: dict[str, Any]) -> list[str]:
        """The rules that run (in registry order): selected and not ignored, by the command
        line or the table; remembers the opt-in rules it names."""
        if self.overrides.select is not None:
            select = self.ids(self.overrides.select, "--select")
            named = self.overrides.select
        else:
            select = self.ids(table.get("select"), "select")
            named = table.get("select") or ()
        self.named = {named} if isinstance(named, str) else set(named)  # opt-in rules named by id
        ignore = set(self.ids(table.get("ignore", []), "ignore") or ()) | set(self.ids(self.overrides.ignore, "--ignore") or ())
        return [rid for rid in self.rules if (select is None or rid in select) and rid not in ignore]

    def collections(self, table: dict[str, Any], enabled: list[str], layers: list[Layer]) -> list[tuple[str, Any, tuple[RuleSetting, ...]]]:
        """Each ``[collections.<name>]``: its compiled globs and its settings, over ``layers``."""
        collections = []
        for name, ctable in self.table(table, "collections", "").items():
            where = f"collections.{name}"
            if not isinstance(ctable, dict):
                self.fail(where, "must be a table")
            self.check_keys(ctable, _COLLECTION_KEYS | self.shared, where)
            paths = self.globs(ctable, "paths", where)
            if not paths:
                self.fail(where, "needs 'paths', a list of globs")
            cignore = set(self.ids(ctable.get("ignore", []), f"{where}.ignore") or ())
            clayers = [self.shared_layer(ctable, where), *self.rule_layers(self.table(ctable, "rules", where), f"{where}.rules")]
            settings = self.settings([r for r in enabled if r not in cignore], layers + clayers)
            collections.append((name, compile_globs(paths), settings))
        return collections

    def per_file_ignores(self, table: dict[str, Any]) -> list[tuple[Any, frozenset[str]]]:
        return [(compile_globs([pattern]), frozenset(self.ids(ids, f"per-file-ignores.{pattern}") or ())) for pattern, ids in self.table(table, "per-file-ignores", "").items()]

    def cache_dir(self, table: dict[str, Any]) -> str | None:
        """``cache-dir``, relative to the root: a folder of the project."""
        cache_dir = table.get("cache-dir")
        if cache_dir is not None and (not isinstance(cache_dir, str) or not cache_dir):
            self.fail("cache-dir", "must be a path (a string)")
        if cache_dir and not in_project(os.path.join(self.root, cache_dir), self.root):
            self.fail("cache-dir", f"{cache_dir} is outside the project (--cache-dir on the command line may name any folder)")
        return cache_dir

    def corpus(self, table: dict[str, Any], site: Any) -> tuple[str, ...]:
        """The corpus folders, relative to the root: the table's, else the site's content."""
        corpus = self.globs(table, "corpus", "") or (tuple(os.path.relpath(p, self.root) for p in site.content()) if site else (".",))
        for folder in corpus:
            if not in_project(os.path.join(self.root, folder), self.root):
                self.fail("corpus", f"{folder} is outside the project")
        return corpus

    def respect_gitignore(self, table: dict[str, Any]) -> bool:
        respect_gitignore = table.get("respect-gitignore", True)
        if not isinstance(respect_gitignore, bool):
            self.fail("respect-gitignore", "must be true or false")
        return respect_gitignore

    def site(self, table: dict[str, Any]) -> Any:
        """The site generator whose conventions apply (``site`` key: auto, none or a kind)."""
        from .. import sites

        choice = table.get("site", "auto")
        if choice not in ("auto", "none", *sites.KINDS):
            self.fail("site", f"must be auto, none or one of {', '.join(sites.KINDS)}{did_you_mean(str(choice), sites.KINDS)}")
        return sites.detect(self.root, choice)

    def site_layer(self, site: Any) -> Layer:
        """The site's conventions, as shared keys below the configuration's own."""
        if site is None:
            return {}
        return self.shared_layer(site.options(self.root), f"(the conventions of {site.kind})")

    def check_keys(self, table: dict[str, Any], allowed: set[str], where: str) -> None:
        for key in table:
            if key not in allowed:
                hint = did_you_mean(key, allowed)
                if not hint and where == "" and key not in self.shared:
                    hint = " (a rule option belongs under [rules.<rule-id>])"
                self.fail(f"{where}.{key}" if where else key, f"unknown key{hint}")

    def table(self, table: dict[str, Any], key: str, where: str) -> dict[str, Any]:
        value = table.get(key, {})
        if not isinstance(value, dict):
            self.fail(f"{where}.{key}" if where else key, "must be a table")
        return value

    def globs(self, table: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(f"{where}.{key}" if where else key, "must be a list of glob strings")
        return tuple(value)

    def ids(self, value: Any, where: str) -> tuple[str, ...] | None:
        """Rule ids named by ``value`` (ids or tags), checked."""
        if value is None:
            return None
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            self.fail(where, "must be a list of rule ids or tags")
        out: list[str] = []
        for name in value:
            out.extend([name] if name in self.rules else self.tagged(name, where))
        return tuple(out)

    def tagged(self, tag: str, where: str) -> list[str]:
        """The rules with the tag ``tag``; none: an unknown name, a usage error."""
        tagged = [rid for rid, rule in self.rules.items() if tag in rule.tags]
        if not tagged:
            message = f"unknown rule or tag '{tag}'" + did_you_mean(tag, [*self.rules, *self.tags], SEE_RULES)
            if where.startswith("--"):  # from the command line, not the file
                raise UsageError(f"{where}: {message}")
            self.fail(where, message)
        return tagged

    def shared_layer(self, table: dict[str, Any], where: str) -> Layer:
        """Shared keys of a table, as option values of every rule that has such an option."""
        layer: Layer = {}
        for key, value in table.items():
            if key in self.shared:
                for rid, opts in self.fields.items():
                    if key in opts:
                        layer.setdefault(rid, {})[key] = (value, f"{where}.{key}" if where else key)
        return layer

    def rule_layers(self, rules_table: dict[str, Any], where: str) -> list[Layer]:
        layer: Layer = {}
        for rid, opts in rules_table.items():
            here = f"{where}.{rid}"
            if rid not in self.rules:
                self.fail(here, "unknown rule" + did_you_mean(rid, self.rules, SEE_RULES))
            if not isinstance(opts, dict):
                self.fail(here, "must be a table of options")
            for key, value in opts.items():
                if key != "severity" and key not in self.fields[rid]:
                    known = ", ".join(["severity", *self.fields[rid]])
                    self.fail(f"{here}.{key}", f"unknown option{did_you_mean(key, ['severity', *self.fields[rid]])} (options of {rid}: {known})")
                layer.setdefault(rid, {})[key] = (value, f"{here}.{key}")
        return [layer]

    def settings(self, enabled: Iterable[str], layers: list[Layer]) -> tuple[RuleSetting, ...]:
        """The settings of each enabled rule, its layers applied in order, then the flags."""
        out = []
        for rid in enabled:
            rule = self.rules[rid]
            severity, chosen, values = self.layered(rid, layers)
            for key, value in self.overrides.shared:
                if key in self.fields[rid]:
                    values[self.fields[rid][key][0]] = value
            if severity == "off" or (rule.opt_in and not chosen):
                continue
            out.append(RuleSetting(rule, severity, rule.Options(**values)))
        return tuple(out)

    def layered(self, rid: str, layers: list[Layer]) -> tuple[str, bool, dict[str, Any]]:
        """The severity of rule ``rid``, whether the configuration chose it (an opt-in rule
        runs only then), and its option values, from ``layers``, lowest first."""
        severity, chosen = self.rules[rid].severity, rid in self.named
        values: dict[str, Any] = {}
        for layer in layers:
            for key, (value, where) in layer.get(rid, {}).items():
                if key == "severity":
                    if value not in (*SEVERITIES, "off"):
                        self.fail(where, f"must be one of {', '.join(SEVERITIES)}, off")
                    severity, chosen = value, True
                elif key in COMMAND_LINE_ONLY:
                    self.refuse_network(rid, key, value, where)
                else:
                    name, tp = self.fields[rid][key]
                    values[name] = coerce(value, tp, where, self.root, self.fail)
        return severity, chosen, values

    def refuse_network(self, rid: str, key: str, value: Any, where: str) -> None:
        """Network access is the command line's to grant (``--online``, ``--allow-private-host``),
        never a configuration's: a pull request can change the configuration. Said once per key
        the file sets."""
        coerce(value, self.fields[rid][key][1], where, self.root, self.fail)
        if value and key not in self.said and value != dict(self.overrides.shared).get(key):
            self.said.add(key)
            warn(f"artlint: warning: {self.source}: {where}: ignored: network access is granted only on the command line ({COMMAND_LINE_ONLY[key]})")
