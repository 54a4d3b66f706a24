"""The settings key of a file: a hash of everything but the file that decides its findings.

The artlint version and code, the rules that run on the file with their severities and
options, and the outside inputs of their findings: the content of every file and the
listing of every folder an option names (a ``FilePath``), and what each rule declares in
``Rule.cache_inputs`` (today's date, a schema's references). No rule is known by name: a
new rule with an outside input declares it, and the cache follows.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
import typing
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import Any, Protocol

from ..hashes import sha256
from .folder import code_stamp
from .stamp import file_hash


class Setting(Protocol):
    """A rule as a file's settings run it (``config.RuleSetting``)."""

    @property
    def rule(self) -> Any: ...
    @property
    def severity(self) -> str: ...
    @property
    def options(self) -> Any: ...


class Keys:
    """The settings keys of one run, each set of settings hashed once."""

    def __init__(self, form: int, known: Iterable[str]) -> None:
        self.form = form
        self.known = sorted(known)
        self._keys: dict[int, str] = {}
        self._inputs: dict[str, str] = {}  # what outside inputs hash to, made once a run

    def key(self, settings: Sequence[Setting]) -> str:
        cached = self._keys.get(id(settings))
        if cached is not None:
            return cached
        from .. import __version__

        parts: list[Any] = [self.form, __version__, self.known, self._input("code", code_stamp)]
        for s in settings:
            module = type(s.rule).__module__
            where = getattr(sys.modules.get(module), "__file__", None) or ""
            stamp = self._input(f"module:{where}", partial(_modified, where))
            parts.append([s.rule.id, module, stamp, s.severity, repr(s.options), *self._paths(s.options), *self._declared(s)])
        key = sha256(json.dumps(parts, default=str).encode()).hexdigest()
        self._keys[id(settings)] = key
        return key

    def _paths(self, options: Any) -> list[str]:
        """The content of each file, the listing of each folder, that the options name."""
        return [self._input(f"path:{path}", partial(_content, path)) for path in file_paths(options)]

    def _declared(self, setting: Setting) -> list[str]:
        try:
            return [str(value) for value in setting.rule.cache_inputs(setting.options)]
        except OSError:
            return ["unreadable"]
        except Exception:  # a rule's bug: its files are checked on every run, never from the cache
            return [f"failed {os.urandom(8).hex()}"]

    def _input(self, what: str, make: Callable[[], str]) -> str:
        if what not in self._inputs:
            try:
                self._inputs[what] = make()
            except OSError:
                self._inputs[what] = "unreadable"
        return self._inputs[what]


def file_paths(options: Any) -> list[str]:
    """The values of ``options``' fields typed ``FilePath`` (alone, optional or in a tuple)."""
    if not dataclasses.is_dataclass(options):
        return []
    found: list[str] = []
    for name in _path_fields(type(options)):
        value = getattr(options, name, None)
        for item in value if isinstance(value, (tuple, list)) else (value,):
            if isinstance(item, str) and item:
                found.append(item)
    return found


_FIELDS: dict[type, tuple[str, ...]] = {}


def _path_fields(cls: type) -> tuple[str, ...]:
    if cls not in _FIELDS:
        from ..rule import FilePath, option_types

        try:
            hints = option_types(cls)
        except (NameError, TypeError, AttributeError):  # an annotation that does not resolve: no path fields known
            hints = {}
        _FIELDS[cls] = tuple(name for name, tp in hints.items() if _mentions(tp, FilePath))
    return _FIELDS[cls]


def _mentions(tp: Any, wanted: Any) -> bool:
    return tp is wanted or any(_mentions(arg, wanted) for arg in typing.get_args(tp))


def _modified(path: str) -> str:
    return str(os.stat(path).st_mtime_ns) if path else ""


def _content(path: str) -> str:
    """A hash of a file's bytes, or of the names below a folder."""
    if os.path.isdir(path):
        return tree_listing(path)
    return file_hash(path)


def tree_listing(folder: str) -> str:
    """A hash of the paths below ``folder``."""
    digest = sha256()
    for top, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            digest.update(os.path.relpath(os.path.join(top, name), folder).encode("utf-8", "surrogateescape") + b"\0")
    return digest.hexdigest()
