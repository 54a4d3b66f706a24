"""The result cache: per file, keyed by everything that can change its findings.

An entry holds a file's findings under a key made of the artlint version, the rules that
run on the file with their severities and options, the content of the schemas they read,
and what else they depend on (today's date for date-future, the static folders' listing
for image-local-missing). A warm run proves a file unchanged by its stat (size, mtime,
inode), falling back to its content hash, and reads nothing else. Entries are written
atomically, one file each, so concurrent runs never corrupt each other; a corrupt entry is
ignored. Where the folder cannot be written, artlint runs without the cache.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from typing import Any

from .config import RuleSetting
from .diagnostic import Diagnostic, FileResult
from .source import Span

NAME = ".artlint_cache"
FORMAT = "v1"
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# artlint's cache: safe to delete (artlint clean).\n"


def default_dir(root: str) -> str:
    return os.path.join(root, NAME)


def _file_hash(path: str) -> str:
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def _tree_listing(folder: str) -> str:
    """A hash of the paths below ``folder`` (what image-local-missing looks up)."""
    digest = hashlib.sha256()
    for top, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            digest.update(os.path.relpath(os.path.join(top, name), folder).encode("utf-8", "surrogateescape") + b"\0")
    return digest.hexdigest()


def _code_stamp() -> str:
    """The newest modification time of artlint's own modules: an edited checkout re-checks."""
    package = os.path.dirname(os.path.abspath(__file__))
    newest = 0
    for top, _, names in os.walk(package):
        for name in names:
            if name.endswith(".py"):
                newest = max(newest, os.stat(os.path.join(top, name)).st_mtime_ns)
    return str(newest)


class Cache:
    def __init__(self, folder: str, known: Sequence[str]) -> None:
        self.folder = folder
        self.known = sorted(known)
        self.enabled = True
        self._keys: dict[int, str] = {}
        self._extras: dict[str, str] = {}

    # ------------------------------------------------------------------ keys

    def _extra(self, what: str, make: Any) -> str:
        if what not in self._extras:
            try:
                self._extras[what] = make()
            except OSError:
                self._extras[what] = "unreadable"
        return self._extras[what]

    def settings_key(self, settings: Sequence[RuleSetting]) -> str:
        """A hash of everything but the file that decides its findings."""
        cached = self._keys.get(id(settings))
        if cached is not None:
            return cached
        from . import __version__

        parts: list[Any] = [FORMAT, __version__, self.known, self._extra("code", _code_stamp)]
        for s in settings:
            module = sys.modules.get(type(s.rule).__module__)
            where = getattr(module, "__file__", None) or ""
            stamp = self._extra(f"module:{where}", lambda where=where: str(os.stat(where).st_mtime_ns) if where else "")
            parts.append([s.rule.id, type(s.rule).__module__, stamp, s.severity, repr(s.options)])
            schema = getattr(s.options, "schema", None)
            if isinstance(schema, str):
                parts.append(self._extra(f"schema:{schema}", lambda schema=schema: _file_hash(schema)))
            if s.rule.id == "date-future":
                parts.append(getattr(s.options, "today", "") or dt.date.today().isoformat())
            for folder in getattr(s.options, "static_dirs", ()) or ():
                parts.append(self._extra(f"tree:{folder}", lambda folder=folder: _tree_listing(str(folder))))
        key = hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()
        self._keys[id(settings)] = key
        return key

    def _entry(self, path: str, key: str) -> str:
        name = hashlib.sha256(f"{key}\0{os.path.abspath(path)}".encode("utf-8", "surrogateescape")).hexdigest()
        return os.path.join(self.folder, FORMAT, name[:2], name[2:40] + ".json")

    # ------------------------------------------------------------ read, write

    def get(self, path: str, key: str) -> tuple[FileResult | None, Any]:
        """The cached result of ``path`` if the file is unchanged, and its stat."""
        try:
            st = os.stat(path)
        except OSError:
            return None, None
        if not self.enabled:
            return None, st
        try:
            with open(self._entry(path, key), encoding="utf-8") as f:
                entry = json.load(f)
            stamp = entry["stat"]
            if stamp != [st.st_size, st.st_mtime_ns, st.st_ino] and (stamp[0] != st.st_size or entry["sha256"] != _file_hash(path)):
                return None, st
            diagnostics = [Diagnostic(path, Span(*d[0]), d[1], d[2], d[3], d[4]) for d in entry["diagnostics"]]
            lines = {int(k): v for k, v in entry["lines"].items()}
            collected = {rule: [(url, Span(*span)) for url, span in items] for rule, items in entry.get("collected", {}).items()}
            return FileResult(path, diagnostics, lines, collected), st
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            return None, st  # missing or corrupt: check the file again

    def put(self, result: FileResult, key: str, st: Any, digest: str) -> None:
        if not self.enabled or st is None:
            return
        entry = {
            "stat": [st.st_size, st.st_mtime_ns, st.st_ino],
            "sha256": digest,
            "diagnostics": [[[d.span.line, d.span.column, d.span.end_line, d.span.end_column], d.rule, d.severity, d.message, d.fingerprint] for d in result.diagnostics],
            "lines": {str(k): v for k, v in result.lines.items()},
            "collected": {rule: [[url, list(span)] for url, span in items] for rule, items in result.collected.items()},
        }
        target = self._entry(result.path, key)
        try:
            self._prepare(os.path.dirname(target))
            fd, tmp = tempfile.mkstemp(dir=os.path.dirname(target), prefix=".tmp-")
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(json.dumps(entry, ensure_ascii=False, separators=(",", ":")))  # dumps: the C encoder
            os.replace(tmp, target)
        except OSError as err:
            self.enabled = False
            print(f"artlint: the cache folder {os.path.relpath(self.folder)} cannot be written ({err.strerror or err}): running without the cache", file=sys.stderr)

    def _prepare(self, folder: str) -> None:
        if os.path.isdir(folder):
            return
        if not os.path.isdir(self.folder):
            os.makedirs(self.folder, exist_ok=True)
            for name, text in (("CACHEDIR.TAG", _TAG), (".gitignore", "*\n")):
                with open(os.path.join(self.folder, name), "w", encoding="utf-8") as f:
                    f.write(text)
        os.makedirs(folder, exist_ok=True)


def clean(folder: str) -> bool:
    """Remove the cache folder (only one that artlint made). Whether there was one."""
    if not os.path.isdir(folder):
        return False
    if not os.path.isfile(os.path.join(folder, "CACHEDIR.TAG")):
        from .diagnostic import UsageError

        raise UsageError(f"{folder} is not an artlint cache (no CACHEDIR.TAG): not removed")
    shutil.rmtree(folder)
    return True
