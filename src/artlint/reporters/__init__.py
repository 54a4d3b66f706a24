"""Reporters: each module has a pure ``render(result, *, color) -> str``, imported on use.

A reporter whose output grows with the findings also has ``chunks(result, *, color)``,
yielding the same text in pieces, so that a run with 100,000 findings writes them as they
are made instead of holding the whole report in memory.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from typing import Any

from ..diagnostic import RunResult

FORMATS = ("human", "concise", "json", "sarif", "github")


def get(name: str) -> Callable[..., str]:
    module = importlib.import_module(f"{__name__}.{name}")
    render: Callable[..., str] = module.render
    return render


def stream(name: str) -> Callable[..., Iterable[str]]:
    """The report of format ``name`` in pieces (the whole text as one piece where the
    reporter has no ``chunks``)."""
    module = importlib.import_module(f"{__name__}.{name}")
    chunks: Callable[..., Iterable[str]] | None = getattr(module, "chunks", None)
    if chunks is not None:
        return chunks

    def whole(result: RunResult, **options: Any) -> Iterable[str]:
        return [module.render(result, **options)]

    return whole


__all__ = ["FORMATS", "get", "stream", "RunResult"]
