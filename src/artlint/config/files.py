"""Finding the configuration file: ``artlint.toml`` or ``[tool.artlint]`` in
``pyproject.toml``, at or above a folder, and reading its artlint table."""

from __future__ import annotations

import os
from typing import Any

from ..diagnostic import UsageError

CONFIG_NAMES = ("artlint.toml", "pyproject.toml")


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
            data = tomllib.load(f)
    except OSError as err:
        raise UsageError(f"{path}: cannot be read: {err.strerror or err}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise UsageError(f"{path}: not valid TOML: {err}") from None
    if os.path.basename(path) == "pyproject.toml":
        tool = data.get("tool", {})
        table = tool.get("artlint") if isinstance(tool, dict) else None
        if table is not None and not isinstance(table, dict):
            raise UsageError(f"{path}: [tool.artlint] must be a table")
        return table
    return data
