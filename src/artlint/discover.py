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
    walk = _Walk(config, cwd, allowed, skipped, unchecked)
    top_levels = ignore.levels_above(top, config.root) if config.respect_gitignore else []
    folders: list[tuple[str, list[ignore.Level]]] = [(top, top_levels)]
    while folders:
        folder, levels = folders.pop()
        entries = walk.listing(folder)
        if entries is None:
            continue
        here = walk.place(folder, entries, levels)
        for entry in entries:
            try:
                below = walk.visit(entry, here)
            except OSError:
                continue
            if below is not None:
                folders.append((below, here.levels))
    return walk.found


class _Place:
    """A folder being walked: the prefixes that make its entries' relative and display paths,
    whether the include globs take every file below it, and the ignore levels that apply."""

    __slots__ = ("inside", "levels", "relative", "shown")

    def __init__(self, relative: str, shown: str, inside: bool, levels: list[ignore.Level]) -> None:
        self.relative, self.shown, self.inside, self.levels = relative, shown, inside, levels


class _Walk:
    """One walk of a folder tree: the files found, the links left out (``skipped``), the
    unchecked formats counted, and the folders already listed (symlink loops end there)."""

    def __init__(self, config: Config, cwd: str, allowed: str, skipped: list[str], unchecked: Counter[str] | None) -> None:
        self.config, self.cwd, self.allowed = config, cwd, allowed
        self.skipped, self.unchecked = skipped, unchecked
        self.found: list[str] = []
        self.seen: set[tuple[int, int]] = set()
        self.pruned = PRUNED | BUILD_ANYWHERE

    def listing(self, folder: str) -> list[os.DirEntry[str]] | None:
        """The entries of ``folder``; None when it cannot be read or was listed already."""
        try:
            st = os.stat(folder)
            if (st.st_dev, st.st_ino) in self.seen:  # a symlink loop, or a folder reached twice
                return None
            self.seen.add((st.st_dev, st.st_ino))
            return list(os.scandir(folder))
        except OSError:
            return None

    def place(self, folder: str, entries: list[os.DirEntry[str]], levels: list[ignore.Level]) -> _Place:
        """``folder``'s path prefixes, made once, and its ignore levels (with its own ignore file's)."""
        relative = self.config.relative(folder)
        relative = "" if relative == "." else relative + "/"
        shown = display_path(folder, self.cwd)
        shown = "" if shown == "." else shown + "/"
        # Include globs that are all *.ext: a file's name tells, or a folder above it does.
        inside = self.config.include_suffixes is not None and matches(self.config.include, relative.rstrip("/"))
        if self.config.respect_gitignore and any(e.name in ignore.IGNORE_FILES for e in entries):
            level = ignore.read_level(os.path.abspath(folder))
            levels = levels if level is None else [*levels, level]
        return _Place(relative, shown, inside, levels)

    def visit(self, entry: os.DirEntry[str], here: _Place) -> str | None:
        """Take one entry of the folder ``here``: a file to check is kept; returns the path of
        a folder to walk next, or None."""
        if entry.is_symlink() and not within(os.path.realpath(entry.path), self.allowed):
            self._leave(entry, here)
        elif entry.is_dir():  # follows symbolic links (within the project), like is_file
            return entry.path if self._enters(entry, here) else None
        elif entry.is_file():
            self._file(entry, here)
        return None

    def _leave(self, entry: os.DirEntry[str], here: _Place) -> None:
        """A link out of the project: neither read nor walked, but named in ``skipped``."""
        if entry.name not in self.pruned and (entry.is_dir() or entry.is_file()):  # (dangling links and tool folders are skipped silently, as before)
            self.skipped.append(here.shown + entry.name)

    def _enters(self, entry: os.DirEntry[str], here: _Place) -> bool:
        """Whether the walk goes down into the folder ``entry``: not a tool or build folder,
        not excluded, not left out by the site or the ignore files."""
        name = entry.name
        return name not in self.pruned and not matches(self.config.exclude, here.relative + name + "/") and not _skipped(entry.path, here.levels, self.config.pruned, True)

    def _file(self, entry: os.DirEntry[str], here: _Place) -> None:
        """A file: kept when included and neither excluded nor ignored; else counted when of
        a format artlint cannot check."""
        name, path = entry.name, here.relative + entry.name
        included = self._included(name, path, here)
        if included and not matches(self.config.exclude, path) and not (here.levels and ignore.ignored(here.levels, os.path.abspath(entry.path), False)):
            self.found.append(here.shown + name)
        elif not included and self.unchecked is not None and name.lower().endswith(UNCHECKED_SUFFIXES) and not matches(self.config.exclude, path):
            self.unchecked[os.path.splitext(name)[1].lower()] += 1

    def _included(self, name: str, path: str, here: _Place) -> bool:
        """Whether the include globs take the file ``path`` (named ``name``)."""
        suffixes = self.config.include_suffixes
        if suffixes is None:
            return matches(self.config.include, path)
        return here.inside or name.endswith(suffixes)


def _skipped(path: str, levels: list[ignore.Level], pruned: frozenset[str], is_folder: bool) -> bool:
    """A folder the site's conventions or the ignore files leave out."""
    if not pruned and not levels:
        return False
    absolute = os.path.abspath(path)
    return absolute in pruned or (bool(levels) and ignore.ignored(levels, absolute, is_folder))
