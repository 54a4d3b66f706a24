"""Paths from the command line + include/exclude → the sorted, unique files to check."""

from __future__ import annotations

import os
from collections import Counter

from . import ignore
from .config import PRUNED, Config, project_of, within
from .diagnostic import UsageError
from .globs import matches
from .sites import BUILD_ANYWHERE


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


def fence(path: str, root: str) -> str:
    """The real folder that what is read under ``path`` must stay in: the project of the
    configuration's ``root`` (config.project_of) — a symlink in it (committed content) that
    leads out of it is not followed — or, for a path named outside it, that path itself."""
    absolute, project = os.path.abspath(path), project_of(root)
    folder = os.path.dirname(absolute)
    while True:  # in the project: a folder above it is (a link in the path may lead out of it)
        if within(os.path.realpath(folder), project):
            return project
        if os.path.dirname(folder) == folder:
            return os.path.realpath(absolute)
        folder = os.path.dirname(folder)


#: Article formats that artlint cannot check: found in a walked folder, they are counted
#: (``unchecked``), so that a run says what it left out rather than skip a site silently.
UNCHECKED_SUFFIXES = (".rst", ".adoc", ".asciidoc", ".org", ".textile", ".mdoc", ".markdoc", ".qmd", ".rmd", ".ipynb", ".njk", ".liquid", ".hbs", ".pug")


def files(
    paths: list[str], config: Config, cwd: str, force_exclude: bool = False, skipped: list[str] | None = None, unchecked: Counter[str] | None = None
) -> list[str]:
    """The files to check under ``paths`` (display paths, sorted, unique).

    A file named explicitly is checked whatever its name, unless ``force_exclude`` and the
    configuration excludes it. Folders are walked for the ``include`` globs, skipping
    ``exclude``, the usual tool folders (.git, node_modules …), dangling links and symlink
    loops (a folder already walked is not walked again). A symlink whose real path leaves
    the project (see ``fence``) is neither read nor walked: its display path goes to
    ``skipped``, its content nowhere. Files of a format artlint cannot check that the walk
    passes by are counted in ``unchecked`` (suffix → count).
    """
    found: set[str] = set()
    left: list[str] = [] if skipped is None else skipped
    for path in paths:
        if not os.path.lexists(path):
            raise UsageError(f"{path}: no such file or folder")
        allowed = fence(path, config.root)
        if os.path.exists(path) and not within(os.path.realpath(path), allowed):
            left.append(display_path(path, cwd))
        elif os.path.isdir(path):
            found.update(_walk(path, config, cwd, allowed, left, unchecked))
        elif os.path.isfile(path):
            if not (force_exclude and config.is_excluded(path)):
                found.add(display_path(path, cwd))
        elif os.path.islink(path):
            raise UsageError(f"{path}: a link to nothing (dangling symlink)")
        else:
            raise UsageError(f"{path}: not a regular file or folder")
    return sorted(found)


def _walk(top: str, config: Config, cwd: str, allowed: str, skipped: list[str], unchecked: Counter[str] | None = None) -> list[str]:
    out: list[str] = []
    seen: set[tuple[int, int]] = set()
    include, exclude, suffixes = config.include, config.exclude, config.include_suffixes
    pruned = PRUNED | BUILD_ANYWHERE
    top_levels = ignore.levels_above(top, config.root) if config.respect_gitignore else []
    folders: list[tuple[str, list[ignore.Level]]] = [(top, top_levels)]
    while folders:
        folder, levels = folders.pop()
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
        if config.respect_gitignore and any(e.name in ignore.IGNORE_FILES for e in entries):
            level = ignore.read_level(os.path.abspath(folder))
            levels = levels if level is None else [*levels, level]
        for entry in entries:
            name = entry.name
            try:
                if entry.is_symlink() and not within(os.path.realpath(entry.path), allowed):
                    if name not in pruned and (entry.is_dir() or entry.is_file()):  # (dangling links and tool folders are skipped silently, as before)
                        skipped.append(shown + name)
                    continue
                if entry.is_dir():  # follows symbolic links (within the project), like is_file
                    if name not in pruned and not matches(exclude, relative + name + "/") and not _skipped(entry.path, levels, config.pruned, True):
                        folders.append((entry.path, levels))
                elif entry.is_file():
                    path = relative + name
                    included = (inside or name.endswith(suffixes)) if suffixes is not None else matches(include, path)
                    if included and not matches(exclude, path) and not (levels and ignore.ignored(levels, os.path.abspath(entry.path), False)):
                        out.append(shown + name)
                    elif not included and unchecked is not None and name.lower().endswith(UNCHECKED_SUFFIXES) and not matches(exclude, path):
                        unchecked[os.path.splitext(name)[1].lower()] += 1
            except OSError:
                continue
    return out


def _skipped(path: str, levels: list[ignore.Level], pruned: frozenset[str], is_folder: bool) -> bool:
    """A folder the site's conventions or the ignore files leave out."""
    if not pruned and not levels:
        return False
    absolute = os.path.abspath(path)
    return absolute in pruned or (bool(levels) and ignore.ignored(levels, absolute, is_folder))
