"""Paths from the command line + include/exclude → the sorted, unique files to check."""

from __future__ import annotations

import os

from .config import PRUNED, Config
from .diagnostic import UsageError


def display_path(path: str, cwd: str) -> str:
    """``path`` as the user would type it: relative to ``cwd`` when below it, '/'-separated."""
    absolute = os.path.normpath(os.path.join(cwd, path))
    prefix = cwd.rstrip(os.sep) + os.sep
    if absolute.startswith(prefix):
        path = absolute[len(prefix) :]
    elif absolute == cwd:
        path = "."
    else:
        path = os.path.normpath(path)
    return path.replace(os.sep, "/")


def files(paths: list[str], config: Config, cwd: str, force_exclude: bool = False) -> list[str]:
    """The files to check under ``paths`` (display paths, sorted, unique).

    A file named explicitly is checked whatever its name, unless ``force_exclude`` and the
    configuration excludes it. Folders are walked for the ``include`` globs, skipping
    ``exclude``, the usual tool folders (.git, node_modules …), dangling links and symlink
    loops (a folder already walked is not walked again).
    """
    found: set[str] = set()
    for path in paths:
        if not os.path.lexists(path):
            raise UsageError(f"{path}: no such file or folder")
        if os.path.isdir(path):
            found.update(_walk(path, config, cwd))
        elif os.path.isfile(path):
            if not (force_exclude and config.is_excluded(path)):
                found.add(display_path(path, cwd))
        elif os.path.islink(path):
            raise UsageError(f"{path}: a link to nothing (dangling symlink)")
        else:
            raise UsageError(f"{path}: not a regular file or folder")
    return sorted(found)


def _walk(top: str, config: Config, cwd: str) -> list[str]:
    out: list[str] = []
    seen: set[tuple[int, int]] = set()
    for folder, dirs, names in os.walk(top, followlinks=True):
        try:
            st = os.stat(folder)
        except OSError:
            dirs[:] = []
            continue
        if (st.st_dev, st.st_ino) in seen:  # a symlink loop, or a folder reached twice
            dirs[:] = []
            continue
        seen.add((st.st_dev, st.st_ino))
        dirs[:] = sorted(d for d in dirs if d not in PRUNED and not config.is_excluded(os.path.join(folder, d), folder=True))
        for name in names:
            path = os.path.join(folder, name)
            if config.is_included(path) and not config.is_excluded(path) and os.path.isfile(path):
                out.append(display_path(path, cwd))
    return out
