"""Configuration: find ``artlint.toml`` or ``[tool.artlint]`` upward, validate it strictly and
resolve it into the rule settings of each file.

Precedence, lowest first: a rule's option defaults < top-level shared keys < ``[rules.<id>]``
< a collection's shared keys < ``[collections.<name>.rules.<id>]`` < command-line flags.
A *shared key* is a key that names an option of one or more rules (``schema``, …): it
sets that option of every rule that has it.
"""

from __future__ import annotations

import dataclasses
import os
import re
import re._constants as _sre
import re._parser as _regex_parser
import types
import typing
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .diagnostic import SEVERITIES, UsageError
from .globs import compile_globs, matches, name_suffixes
from .rule import FilePath, Regex, Rule
from .suggest import SEE_RULES, did_you_mean

DEFAULT_INCLUDE = ("**/*.md", "**/*.markdown", "**/*.mdx", "**/*.html", "**/*.htm")
#: Folders never walked into (a path named on the command line is still checked).
PRUNED = frozenset({".git", ".hg", ".svn", "node_modules", ".venv", "venv", ".tox", ".nox", "__pycache__", ".artlint_cache", ".pytest_cache", ".mypy_cache", ".ruff_cache", "site-packages"})
CONFIG_NAMES = ("artlint.toml", "pyproject.toml")
_TOP_KEYS = {"include", "exclude", "select", "ignore", "rules", "collections", "per-file-ignores", "cache-dir", "corpus", "site", "respect-gitignore"}
_COLLECTION_KEYS = {"paths", "ignore", "rules"}


_SEP_DOT, _SEP_SEP = os.sep + ".", os.sep * 2
_WINDOWS = os.sep != "/"  # where a path may be absolute without starting with the separator (C:)


def _plain(path: str) -> bool:
    """A normalised relative path (as discover makes them): joined to a folder as it is."""
    return not (path.startswith((os.sep, ".")) or _SEP_DOT in path or _SEP_SEP in path or (_WINDOWS and os.path.isabs(path)))


def _folder_prefix(cwd: str | None) -> str:
    cwd = cwd or os.getcwd()
    return cwd if cwd.endswith(os.sep) else cwd + os.sep


def absolute_path(path: str, cwd: str | None = None) -> str:
    """``os.path.abspath``, without its cost for the normalised relative paths of discover
    (``cwd``: the current folder, when the caller has it)."""
    return _folder_prefix(cwd) + path if _plain(path) else os.path.abspath(path)


def absolute_paths(paths: Iterable[str], cwd: str | None = None) -> dict[str, str]:
    """``absolute_path`` of each of ``paths``, in bulk: path → absolute path, in order."""
    prefix = _folder_prefix(cwd)
    return {p: prefix + p if _plain(p) else os.path.abspath(p) for p in paths}


def within(real: str, folder: str) -> bool:
    """Whether the path ``real`` is ``folder`` or below it (both real, or both absolute)."""
    return real == folder or real.startswith(folder.rstrip(os.sep) + os.sep)


def project_of(root: str) -> str:
    """The project a configuration's ``root`` belongs to (a real path): the repository
    around it (its git root), else the root itself. Nothing artlint reads because of what
    the project holds (links, configuration, schemas) may lead out of it."""
    return os.path.realpath(git_root(root) or root)


def in_project(path: str, root: str) -> bool:
    """Whether the real path of ``path`` (of the part of it that exists) is in the project
    of ``root``: a path of the configuration — committed content — must not lead out of it."""
    return within(os.path.realpath(path), project_of(root))


class RuleSetting(NamedTuple):
    """A rule as it runs on a file: its severity and resolved options."""

    rule: Rule
    severity: str
    options: Any


class Overrides(NamedTuple):
    """What the command line sets over the configuration."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    shared: tuple[tuple[str, Any], ...] = ()  # shared keys set by flags: ("schema", "/abs/path"), ("today", "2025-01-31")


@dataclass
class Config:
    root: str  # absolute; paths in the configuration are relative to it
    source: str | None  # the configuration file, if any
    include: Any
    exclude: Any
    collections: list[tuple[str, Any, tuple[RuleSetting, ...]]]
    default: tuple[RuleSetting, ...]
    per_file_ignores: list[tuple[Any, frozenset[str]]] = field(default_factory=list)
    cache_dir: str | None = None  # absolute; None: .artlint_cache in the root
    corpus: tuple[str, ...] = ()  # absolute folders whose articles form the corpus of cross-file rules
    include_suffixes: tuple[str, ...] | None = None  # when every include glob is *.ext: the .ext
    site: Any = None  # the site generator found (sites.Site), whose conventions apply
    pruned: frozenset[str] = frozenset()  # absolute folders never walked: the site's build output and templates
    content: tuple[str, ...] = ()  # absolute folders walked when no path is named (the site's content)
    respect_gitignore: bool = True  # skip what .gitignore and .ignore files ignore
    owned: bool = True  # a configuration or a repository says where the project is (else: no cache, corpus = what is checked)
    _memo: dict[Any, Any] = field(default_factory=dict, repr=False)  # path → collection; (name, ignored) → settings

    def schemas(self) -> set[str]:
        """Every schema file some file's settings use."""
        found = set()
        for settings in [self.default, *(c[2] for c in self.collections)]:
            for s in settings:
                schema = getattr(s.options, "schema", None)
                if isinstance(schema, str):
                    found.add(schema)
        return found

    def relative(self, path: str) -> str:
        """``path`` relative to the root, '/'-separated (may start with ``../``)."""
        cwd = os.getcwd()
        if cwd == self.root and _plain(path):  # run from the root: discover's paths are it
            return path.replace(os.sep, "/") if _WINDOWS else path
        absolute = absolute_path(path, cwd)
        if absolute.startswith(self.root.rstrip(os.sep) + os.sep):  # the usual case, without relpath's cost
            return absolute[len(self.root.rstrip(os.sep)) + 1 :].replace(os.sep, "/")
        return os.path.relpath(absolute, self.root).replace(os.sep, "/")

    def collection_for(self, path: str) -> tuple[str | None, tuple[RuleSetting, ...]]:
        found = self._memo.get(path)
        if found is None:
            found = self._memo[path] = self._collection_for(path)
        return found

    def _collection_for(self, path: str) -> tuple[str | None, tuple[RuleSetting, ...]]:
        rel = self.relative(path)
        name, settings = None, self.default
        for cname, regex, csettings in self.collections:
            if matches(regex, rel):
                name, settings = cname, csettings
                break
        ignored = frozenset().union(*(ids for regex, ids in self.per_file_ignores if matches(regex, rel))) if self.per_file_ignores else None
        if ignored:  # one tuple for each set of settings (the cache keys it by identity)
            key = (name, ignored)
            if key not in self._memo:
                self._memo[key] = tuple(s for s in settings if s.rule.id not in ignored)
            settings = self._memo[key]
        return name, settings

    def is_included(self, path: str) -> bool:
        return matches(self.include, self.relative(path))

    def is_excluded(self, path: str, folder: bool = False) -> bool:
        return matches(self.exclude, self.relative(path) + ("/" if folder else ""))


# ----------------------------------------------------------------------------- finding


def find_file(cwd: str) -> tuple[str | None, dict[str, Any]]:
    """The nearest configuration file at or above ``cwd`` and its artlint table."""
    folder = os.path.abspath(cwd)
    while True:
        for name in CONFIG_NAMES:
            candidate = os.path.join(folder, name)
            if os.path.isfile(candidate):
                table = read_file(candidate)
                if table is not None:
                    return candidate, table
        parent = os.path.dirname(folder)
        if parent == folder:
            return None, {}
        folder = parent


def read_file(path: str) -> dict[str, Any] | None:
    """The artlint table of a configuration file (None: a pyproject.toml without one)."""
    import tomllib

    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except OSError as err:
        raise UsageError(f"{path}: cannot be read: {err.strerror or err}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise UsageError(f"{path}: not valid TOML: {err}") from None
    if os.path.basename(path) == "pyproject.toml":
        table = data.get("tool", {}).get("artlint")
        if table is not None and not isinstance(table, dict):
            raise UsageError(f"{path}: [tool.artlint] must be a table")
        return table
    return data


def git_root(cwd: str) -> str | None:
    folder = os.path.abspath(cwd)
    while True:
        if os.path.exists(os.path.join(folder, ".git")):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


# ----------------------------------------------------------------------------- loading


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
        from .schema import check_all

        check_all(config.schemas(), None, root)
    return config


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class _Builder:
    def __init__(self, rules: dict[str, Rule], root: str, source: str, overrides: Overrides) -> None:
        self.rules = rules
        self.root = root
        self.source = os.path.relpath(source) if os.path.isabs(source) else source
        self.overrides = overrides
        self.fields: dict[str, dict[str, tuple[str, Any]]] = {}  # rule id -> kebab option -> (field, type)
        for rid, rule in rules.items():
            hints = typing.get_type_hints(rule.Options)
            self.fields[rid] = {_kebab(f.name): (f.name, hints[f.name]) for f in dataclasses.fields(rule.Options)}
        self.shared = {key for opts in self.fields.values() for key in opts}
        self.tags = {tag for rule in rules.values() for tag in rule.tags}
        self.named: set[str] = set()

    def fail(self, where: str, message: str) -> typing.NoReturn:
        raise UsageError(f"{self.source}: {where}: {message}" if where else f"{self.source}: {message}")

    def build(self, table: dict[str, Any], source: str | None) -> Config:
        self.check_keys(table, _TOP_KEYS | self.shared, "")
        include = self.globs(table, "include", "") or DEFAULT_INCLUDE
        exclude = self.globs(table, "exclude", "")
        if self.overrides.select is not None:
            select = self.ids(self.overrides.select, "--select")
            named = self.overrides.select
        else:
            select = self.ids(table.get("select"), "select")
            named = table.get("select") or ()
        self.named = {named} if isinstance(named, str) else set(named)  # opt-in rules named by id
        ignore = set(self.ids(table.get("ignore", []), "ignore") or ()) | set(self.ids(self.overrides.ignore, "--ignore") or ())
        enabled = [rid for rid in self.rules if (select is None or rid in select) and rid not in ignore]
        top_rules = self.table(table, "rules", "")
        site = self.site(table)
        layers = [self.site_layer(site), self.shared_layer(table, ""), *self.rule_layers(top_rules, "rules")]
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
        per_file = []
        for pattern, ids in self.table(table, "per-file-ignores", "").items():
            per_file.append((compile_globs([pattern]), frozenset(self.ids(ids, f"per-file-ignores.{pattern}") or ())))
        cache_dir = table.get("cache-dir")
        if cache_dir is not None and (not isinstance(cache_dir, str) or not cache_dir):
            self.fail("cache-dir", "must be a path (a string)")
        if cache_dir and not in_project(os.path.join(self.root, cache_dir), self.root):
            self.fail("cache-dir", f"{cache_dir} is outside the project (--cache-dir on the command line may name any folder)")
        corpus = self.globs(table, "corpus", "") or (tuple(os.path.relpath(p, self.root) for p in site.content()) if site else (".",))
        for folder in corpus:
            if not in_project(os.path.join(self.root, folder), self.root):
                self.fail("corpus", f"{folder} is outside the project")
        respect_gitignore = table.get("respect-gitignore", True)
        if not isinstance(respect_gitignore, bool):
            self.fail("respect-gitignore", "must be true or false")
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

    def site(self, table: dict[str, Any]) -> Any:
        """The site generator whose conventions apply (``site`` key: auto, none or a kind)."""
        from . import sites

        choice = table.get("site", "auto")
        if choice not in ("auto", "none", *sites.KINDS):
            self.fail("site", f"must be auto, none or one of {', '.join(sites.KINDS)}{did_you_mean(str(choice), sites.KINDS)}")
        return sites.detect(self.root, choice)

    def site_layer(self, site: Any) -> dict[str, dict[str, Any]]:
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
            if name in self.rules:
                out.append(name)
                continue
            tagged = [rid for rid, rule in self.rules.items() if name in rule.tags]
            if not tagged:
                message = f"unknown rule or tag '{name}'" + did_you_mean(name, [*self.rules, *self.tags], SEE_RULES)
                if where.startswith("--"):  # from the command line, not the file
                    raise UsageError(f"{where}: {message}")
                self.fail(where, message)
            out.extend(tagged)
        return tuple(out)

    def shared_layer(self, table: dict[str, Any], where: str) -> dict[str, dict[str, Any]]:
        """Shared keys of a table, as option values of every rule that has such an option."""
        layer: dict[str, dict[str, Any]] = {}
        for key, value in table.items():
            if key in self.shared:
                for rid, opts in self.fields.items():
                    if key in opts:
                        layer.setdefault(rid, {})[key] = (value, f"{where}.{key}" if where else key)
        return layer

    def rule_layers(self, rules_table: dict[str, Any], where: str) -> list[dict[str, dict[str, Any]]]:
        layer: dict[str, dict[str, Any]] = {}
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

    def settings(self, enabled: Iterable[str], layers: list[dict[str, dict[str, Any]]]) -> tuple[RuleSetting, ...]:
        out = []
        for rid in enabled:
            rule = self.rules[rid]
            severity = rule.severity
            values: dict[str, Any] = {}
            chosen = rid in self.named
            for layer in layers:
                for key, (value, where) in layer.get(rid, {}).items():
                    if key == "severity":
                        if value not in (*SEVERITIES, "off"):
                            self.fail(where, f"must be one of {', '.join(SEVERITIES)}, off")
                        severity, chosen = value, True
                    else:
                        name, tp = self.fields[rid][key]
                        values[name] = coerce(value, tp, where, self.root, self.fail)
            for key, value in self.overrides.shared:
                if key in self.fields[rid]:
                    values[self.fields[rid][key][0]] = value
            if severity == "off" or (rule.opt_in and not chosen):
                continue
            out.append(RuleSetting(rule, severity, rule.Options(**values)))
        return tuple(out)


_TYPE_WORDS = {bool: "true or false", int: "an integer", float: "a number", str: "a string", FilePath: "a path"}


def coerce(value: Any, tp: Any, where: str, root: str, fail: Any) -> Any:
    """``value`` from TOML as the option type ``tp``, or ``fail(where, message)``."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        choices = [a for a in args if a is not type(None)]
        if len(choices) == 1:
            return coerce(value, choices[0], where, root, fail)
        for choice in choices:
            try:
                return coerce(value, choice, where, root, _raise)
            except _Mismatch:
                continue
        fail(where, f"must be {' or '.join(_TYPE_WORDS.get(c, str(c)) for c in choices)}")
    if tp is Any:
        return value
    if origin is typing.Literal:
        if value not in args:
            fail(where, f"must be one of {', '.join(map(str, args))}, not {value!r}")
        return value
    if tp is FilePath:
        if not isinstance(value, str) or not value:
            fail(where, "must be a path (a string)")
        path = os.path.normpath(os.path.join(root, value))
        if not os.path.exists(path):
            fail(where, f"{value} does not exist (paths are relative to {os.path.relpath(root) if root != os.getcwd() else 'this folder'})")
        if not in_project(path, root):
            fail(where, f"{value} is outside the project (a configuration names files of its own project only)")
        return path
    if tp is Regex:
        if not isinstance(value, str):
            fail(where, "must be a regular expression (a string)")
        try:
            parsed = _regex_parser.parse(value)
            re.compile(value)
        except re.error as err:
            fail(where, f"not a valid regular expression: {err}")
        if _repeats_a_repeat(parsed):
            fail(where, "a repeated group holds a quantifier, like (a+)+, which can take exponential time: make it atomic, (?>a+)+, or possessive, (a++)+")
        return value
    if tp is bool:
        if isinstance(value, bool):
            return value
    elif tp is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif tp is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
    elif tp is str:
        if isinstance(value, str):
            return value
    elif origin is tuple:
        if isinstance(value, list):
            if len(args) == 2 and args[1] is Ellipsis:
                return tuple(coerce(v, args[0], f"{where}[{i}]", root, fail) for i, v in enumerate(value))
            if len(value) == len(args):
                return tuple(coerce(v, a, f"{where}[{i}]", root, fail) for i, (v, a) in enumerate(zip(value, args)))
            fail(where, f"must be a list of {len(args)} items")
        fail(where, "must be a list")
    elif origin is dict:
        if isinstance(value, dict):
            return {str(k): coerce(v, args[1], f"{where}.{k}", root, fail) for k, v in value.items()}
        fail(where, "must be a table")
    else:
        return value
    fail(where, f"must be {_TYPE_WORDS.get(tp, str(tp))}, not {value!r}")


def _repeats_a_repeat(parsed: Any, repeated: bool = False) -> bool:
    """Whether a parsed expression repeats a variable-length quantifier (``(a+)+``, ``(a?)*``,
    ``(\\w+\\s?){1,50}``): the repetitions can split a text in exponentially many ways,
    all tried before the match fails. Atomic groups and possessive quantifiers never retry."""
    for op, av in parsed:
        if op is _sre.ATOMIC_GROUP or op is _sre.POSSESSIVE_REPEAT:
            continue
        if op is _sre.MAX_REPEAT or op is _sre.MIN_REPEAT:
            low, high, sub = av
            if repeated and low != high:
                return True
            if _repeats_a_repeat(sub, repeated or high > 3):
                return True
            continue
        parts = av if isinstance(av, (tuple, list)) else ()
        for part in parts:
            subs = part if isinstance(part, list) else [part]
            if any(isinstance(sub, _regex_parser.SubPattern) and _repeats_a_repeat(sub, repeated) for sub in subs):
                return True
    return False


class _Mismatch(Exception):
    pass


def _raise(where: str, message: str) -> typing.NoReturn:
    raise _Mismatch(message)
