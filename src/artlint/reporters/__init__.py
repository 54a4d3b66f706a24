"""Reporters: each module has a pure ``render(result, *, color) -> str``, imported on use."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from ..diagnostic import RunResult

FORMATS = ("human", "concise", "json", "sarif", "github")


def get(name: str) -> Callable[..., str]:
    module = importlib.import_module(f"{__name__}.{name}")
    render: Callable[..., str] = module.render
    return render


__all__ = ["FORMATS", "get", "RunResult"]
