"""Reporters: each module has a pure ``render(result, *, color) -> str``, imported on use.

A reporter whose output grows with the findings also has ``chunks(result, *, color)``,
yielding the same report in pieces of UTF-8 bytes, so that a run with 100,000 findings
writes them as they are made instead of holding the whole report in memory.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from typing import Any

from ..diagnostic import RunResult

FORMATS = ("human", "concise", "json", "sarif", "github")


def utf8(text: str) -> bytes:
    """``text`` in UTF-8; a file name that is not UTF-8 in its own bytes (Python holds them
    as lone surrogates: ``surrogateescape``), any other lone surrogate as ``\\udxxx``."""
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace")


def get(name: str) -> Callable[..., str]:
    module = importlib.import_module(f"{__name__}.{name}")
    render: Callable[..., str] = module.render
    return render


def stream(name: str) -> Callable[..., Iterable[str | bytes]]:
    """The report of format ``name`` in pieces: UTF-8 bytes from a reporter's ``chunks``,
    else the whole text as one piece."""
    module = importlib.import_module(f"{__name__}.{name}")
    chunks: Callable[..., Iterable[bytes]] | None = getattr(module, "chunks", None)
    if chunks is not None:
        return chunks

    def whole(result: RunResult, **options: Any) -> Iterable[str]:
        return [module.render(result, **options)]

    return whole


__all__ = ["FORMATS", "RunResult", "get", "stream", "utf8"]
