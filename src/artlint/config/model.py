"""The resolved configuration: which rules, with which severity and options, apply to
each file, and which files and folders are walked."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ..globs import matches
from ..paths import PRUNED as PRUNED, WINDOWS, absolute_path, plain
from ..rule import Rule

DEFAULT_INCLUDE = ("**/*.md", "**/*.markdown", "**/*.mdx", "**/*.html", "**/*.htm")


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
        if cwd == self.root and plain(path):  # run from the root: discover's paths are it
            return path.replace(os.sep, "/") if WINDOWS else path
        absolute = absolute_path(path, cwd)
        if absolute.startswith(self.root.rstrip(os.sep) + os.sep):  # the usual case, without relpath's cost
            return absolute[len(self.root.rstrip(os.sep)) + 1 :].replace(os.sep, "/")
        return os.path.relpath(absolute, self.root).replace(os.sep, "/")

    def collection_for(self, path: str) -> tuple[str | None, tuple[RuleSetting, ...]]:
        """The collection ``path`` is in (None: none) and the rule settings that apply to it."""
        found: tuple[str | None, tuple[RuleSetting, ...]] | None = self._memo.get(path)
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
