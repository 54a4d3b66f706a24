"""Option values from TOML as the types a rule's ``Options`` declare: each type has its
own small check, and a wrong value is a ``fail(where, message)``, never an exception."""

from __future__ import annotations

import os
import types
import typing
from collections.abc import Callable
from typing import Any

from ..rule import FilePath, Regex
from .paths import in_project

#: ``fail(where, message)``: report a configuration error (it raises).
Fail = Callable[[str, str], typing.NoReturn]

_TYPE_WORDS: dict[Any, str] = {bool: "true or false", int: "an integer", float: "a number", str: "a string", FilePath: "a path"}
#: Whether a TOML value is one of a scalar type (a bool is no number in a configuration).
_SCALARS: dict[Any, Callable[[Any], bool]] = {
    bool: lambda v: isinstance(v, bool),
    int: lambda v: isinstance(v, int) and not isinstance(v, bool),
    float: lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    str: lambda v: isinstance(v, str),
}


def coerce(value: Any, tp: Any, where: str, root: str, fail: Fail) -> Any:
    """``value`` from TOML as the option type ``tp``, or ``fail(where, message)``; paths are
    relative to ``root``. A type artlint does not know is taken as it is."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return _union(value, tp, where, root, fail)
    if tp is Any:
        return value
    check = _BY_TYPE.get(tp) or _BY_ORIGIN.get(origin)
    return check(value, tp, where, root, fail) if check else value


def _union(value: Any, tp: Any, where: str, root: str, fail: Fail) -> Any:
    """The first of the union's types that takes ``value`` (``None`` is the default only)."""
    choices = [a for a in typing.get_args(tp) if a is not type(None)]
    if len(choices) == 1:
        return coerce(value, choices[0], where, root, fail)
    for choice in choices:
        try:
            return coerce(value, choice, where, root, _raise)
        except _Mismatch:
            continue
    fail(where, f"must be {' or '.join(_TYPE_WORDS.get(c, str(c)) for c in choices)}")


def _literal(value: Any, tp: Any, where: str, root: str, fail: Fail) -> Any:
    args = typing.get_args(tp)
    if value not in args:
        fail(where, f"must be one of {', '.join(map(str, args))}, not {value!r}")
    return value


def _file_path(value: Any, tp: Any, where: str, root: str, fail: Fail) -> str:
    """An existing file or folder of the project, relative to ``root``: its normalised path."""
    if not isinstance(value, str) or not value:
        fail(where, "must be a path (a string)")
    path = os.path.normpath(os.path.join(root, value))
    if not os.path.exists(path):
        fail(where, f"{value} does not exist (paths are relative to {os.path.relpath(root) if root != os.getcwd() else 'this folder'})")
    if not in_project(path, root):
        fail(where, f"{value} is outside the project (a configuration names files of its own project only)")
    return path


def _regex(value: Any, tp: Any, where: str, root: str, fail: Fail) -> str:
    """A regular expression that RE2 runs (linear time in the text: see linear)."""
    from .. import linear

    if not isinstance(value, str):
        fail(where, "must be a regular expression (a string)")
    try:
        linear.compile(value)
    except linear.Unsupported as err:
        fail(where, str(err))
    return value


def _scalar(value: Any, tp: Any, where: str, root: str, fail: Fail) -> Any:
    if not _SCALARS[tp](value):
        fail(where, f"must be {_TYPE_WORDS[tp]}, not {value!r}")
    return float(value) if tp is float else value


def _tuple(value: Any, tp: Any, where: str, root: str, fail: Fail) -> tuple[Any, ...]:
    """A TOML list as ``tuple[X, ...]`` (any length) or ``tuple[X, Y]`` (that many items)."""
    args = typing.get_args(tp)
    if not isinstance(value, list):
        fail(where, "must be a list")
    if len(args) == 2 and args[1] is Ellipsis:
        return tuple(coerce(v, args[0], f"{where}[{i}]", root, fail) for i, v in enumerate(value))
    if len(value) != len(args):
        fail(where, f"must be a list of {len(args)} items")
    return tuple(coerce(v, a, f"{where}[{i}]", root, fail) for i, (v, a) in enumerate(zip(value, args)))


def _dict(value: Any, tp: Any, where: str, root: str, fail: Fail) -> dict[str, Any]:
    """A TOML table as ``dict[str, X]``: its keys as strings, its values as X."""
    if not isinstance(value, dict):
        fail(where, "must be a table")
    item = typing.get_args(tp)[1]
    return {str(k): coerce(v, item, f"{where}.{k}", root, fail) for k, v in value.items()}


_Check = Callable[[Any, Any, str, str, Fail], Any]
_BY_TYPE: dict[Any, _Check] = {FilePath: _file_path, Regex: _regex, bool: _scalar, int: _scalar, float: _scalar, str: _scalar}
_BY_ORIGIN: dict[Any, _Check] = {typing.Literal: _literal, tuple: _tuple, dict: _dict}


class _Mismatch(Exception):
    pass


def _raise(where: str, message: str) -> typing.NoReturn:
    raise _Mismatch(message)
