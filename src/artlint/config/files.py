"""Finding the configuration file: ``artlint.toml`` or ``[tool.artlint]`` in
``pyproject.toml``, at or above a folder, and reading its artlint table."""

from __future__ import annotations

import os
from typing import Any

from ..diagnostic import UsageError

CONFIG_NAMES = ("artlint.toml", "pyproject.toml")
#: A configuration file larger than this is refused unread (it comes with the pull request).
MAX_CONFIG_BYTES = 1 << 20


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
            if os.fstat(f.fileno()).st_size > MAX_CONFIG_BYTES:
                raise UsageError(f"{path}: larger than {MAX_CONFIG_BYTES // 1024} KB: not read")
            data = tomllib.loads(f.read(MAX_CONFIG_BYTES + 1).decode("utf-8"))
    except OSError as err:
        raise UsageError(f"{path}: cannot be read: {err.strerror or err}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise UsageError(f"{path}: not valid TOML: {err}") from None
    except RecursionError:
        raise UsageError(f"{path}: not valid TOML: nested too deeply") from None
    _refuse_nul(data, path)
    if os.path.basename(path) == "pyproject.toml":
        tool = data.get("tool", {})
        table = tool.get("artlint") if isinstance(tool, dict) else None
        if table is not None and not isinstance(table, dict):
            raise UsageError(f"{path}: [tool.artlint] must be a table")
        return table
    return data


def _refuse_nul(data: dict[str, Any], path: str) -> None:
    """A NUL character names no file and matches no text: in a key or a string it is an error."""
    pending: list[Any] = [data]
    while pending:
        value = pending.pop()
        if isinstance(value, dict):
            pending += value.keys()
            pending += value.values()
        elif isinstance(value, list):
            pending += value
        elif isinstance(value, str) and "\0" in value:
            raise UsageError(f"{path}: a string holds a NUL character (\\u0000): {value!r}")
