"""Paths from the command line + include/exclude → the sorted, unique files to check."""

from __future__ import annotations

import os
from collections import Counter

from .config import PRUNED, Config
from .globs import matches
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


#: Article formats that artlint cannot check: found in a walked folder, they are counted
#: (``unchecked``), so that a run says what it left out rather than skip a site silently.
UNCHECKED_SUFFIXES = (".rst", ".adoc", ".asciidoc", ".org", ".textile", ".mdoc", ".markdoc", ".qmd", ".rmd", ".ipynb", ".njk", ".liquid", ".hbs", ".pug")


def files(paths: list[str], config: Config, cwd: str, force_exclude: bool = False, unchecked: Counter[str] | None = None) -> list[str]:
    """The files to check under ``paths`` (display paths, sorted, unique).

    A file named explicitly is checked whatever its name, unless ``force_exclude`` and the
    configuration excludes it. Folders are walked for the ``include`` globs, skipping
    ``exclude``, the usual tool folders (.git, node_modules …), dangling links and symlink
    loops (a folder already walked is not walked again). Files of a format artlint cannot
    check that the walk passes by are counted in ``unchecked`` (suffix → count).
    """
    found: set[str] = set()
    for path in paths:
        if not os.path.lexists(path):
            raise UsageError(f"{path}: no such file or folder")
        if os.path.isdir(path):
            found.update(_walk(path, config, cwd, unchecked))
        elif os.path.isfile(path):
            if not (force_exclude and config.is_excluded(path)):
                found.add(display_path(path, cwd))
        elif os.path.islink(path):
            raise UsageError(f"{path}: a link to nothing (dangling symlink)")
        else:
            raise UsageError(f"{path}: not a regular file or folder")
    return sorted(found)


def _walk(top: str, config: Config, cwd: str, unchecked: Counter[str] | None = None) -> list[str]:
    out: list[str] = []
    seen: set[tuple[int, int]] = set()
    include, exclude, suffixes = config.include, config.exclude, config.include_suffixes
    folders = [top]
    while folders:
        folder = folders.pop()
        try:
            st = os.stat(folder)
            if (st.st_dev, st.st_ino) in seen:  # a symlink loop, or a folder reached twice
                continue
            seen.add((st.st_dev, st.st_ino))
            entries = list(os.scandir(folder))
        except OSError:
            continue
        # Paths are built by joining names: the folder's relative and display forms, once.
        relative = config.relative(folder)
        relative = "" if relative == "." else relative + "/"
        shown = display_path(folder, cwd)
        shown = "" if shown == "." else shown + "/"
        # Include globs that are all *.ext: a file's name tells, or a folder above it does.
        inside = suffixes is not None and matches(include, relative.rstrip("/"))
        for entry in entries:
            name = entry.name
            try:
                if entry.is_dir():  # follows symbolic links, like is_file
                    if name not in PRUNED and not matches(exclude, relative + name + "/"):
                        folders.append(entry.path)
                elif entry.is_file():
                    path = relative + name
                    included = (inside or name.endswith(suffixes)) if suffixes is not None else matches(include, path)
                    if included and not matches(exclude, path):
                        out.append(shown + name)
                    elif not included and unchecked is not None and name.lower().endswith(UNCHECKED_SUFFIXES) and not matches(exclude, path):
                        unchecked[os.path.splitext(name)[1].lower()] += 1
            except OSError:
                continue
    return out
