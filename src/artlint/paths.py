"""Paths as artlint keeps them: absolute without ``os.path.abspath``'s cost (for caches and
indexes), as the user would type them (``shown``), and whether a path stays inside the
project. The one home of these helpers (``config.paths`` re-exports them)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from functools import lru_cache

#: Folders never walked into (a path named on the command line is still checked).
PRUNED = frozenset({".git", ".hg", ".svn", "node_modules", ".venv", "venv", ".tox", ".nox", "__pycache__", ".artlint_cache", ".pytest_cache", ".mypy_cache", ".ruff_cache", "site-packages"})
_SEP_DOT, _SEP_SEP = os.sep + ".", os.sep * 2
WINDOWS = os.sep != "/"  # where a path may be absolute without starting with the separator (C:)


def plain(path: str) -> bool:
    """A normalised relative path (as discover makes them): joined to a folder as it is."""
    return not (path.startswith((os.sep, ".")) or _SEP_DOT in path or _SEP_SEP in path or (WINDOWS and os.path.isabs(path)))


def _folder_prefix(cwd: str | None) -> str:
    cwd = cwd or os.getcwd()
    return cwd if cwd.endswith(os.sep) else cwd + os.sep


def absolute_path(path: str, cwd: str | None = None) -> str:
    """``os.path.abspath``, without its cost for the normalised relative paths of discover
    (``cwd``: the current folder, when the caller has it)."""
    return _folder_prefix(cwd) + path if plain(path) else os.path.abspath(path)


def absolute_paths(paths: Iterable[str], cwd: str | None = None) -> dict[str, str]:
    """``absolute_path`` of each of ``paths``, in bulk: path → absolute path, in order."""
    prefix = _folder_prefix(cwd)
    return {p: prefix + p if plain(p) else os.path.abspath(p) for p in paths}


def within(real: str, folder: str) -> bool:
    """Whether the path ``real`` is ``folder`` or below it (both real, or both absolute)."""
    return real == folder or real.startswith(folder.rstrip(os.sep) + os.sep)


def git_root(cwd: str) -> str | None:
    """The nearest folder at or above ``cwd`` that holds ``.git``."""
    folder = os.path.abspath(cwd)
    while True:
        if os.path.exists(os.path.join(folder, ".git")):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def project_of(root: str) -> str:
    """The project a configuration's ``root`` belongs to (a real path): the repository
    around it (its git root), else the root itself. Nothing artlint reads because of what
    the project holds (links, configuration, schemas) may lead out of it."""
    return os.path.realpath(git_root(root) or root)


def in_project(path: str, root: str) -> bool:
    """Whether the real path of ``path`` (of the part of it that exists) is in the project
    of ``root``: a path of the configuration — committed content — must not lead out of it."""
    return within(os.path.realpath(path), project_of(root))


@lru_cache(maxsize=65536)
def shown(path: str) -> str:
    """A path as the user would type it (relative to the current folder when below it)."""
    rel = os.path.relpath(path)
    return (path if rel.startswith("..") and os.path.isabs(path) and not rel.startswith("../") else rel).replace(os.sep, "/")
