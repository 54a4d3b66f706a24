"""artlint: lint Markdown/HTML articles with YAML front matter."""

from __future__ import annotations

from typing import Any

__version__ = "0.2.0"

__all__ = ["Diagnostic", "Document", "FilePath", "Finding", "NoOptions", "Region", "Rule", "RuleInfo", "Span", "__version__"]

_PUBLIC = {
    "Diagnostic": "diagnostic",
    "RuleInfo": "diagnostic",
    "Document": "document",
    "FilePath": "rule",
    "Finding": "rule",
    "NoOptions": "rule",
    "Rule": "rule",
    "Region": "source",
    "Span": "source",
}


def __getattr__(name: str) -> Any:
    """The public API, imported on first use so that ``import artlint`` stays light."""
    if name in _PUBLIC:
        import importlib

        return getattr(importlib.import_module(f".{_PUBLIC[name]}", __name__), name)
    raise AttributeError(f"module 'artlint' has no attribute {name!r}")
