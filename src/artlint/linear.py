"""Regular expressions that come from input (a schema's ``pattern`` and ``patternProperties``,
a configuration's ``patterns``): run by RE2, in time linear in the text whatever the pattern.

Python's ``re`` backtracks: ``^(a+)+$`` against ``"aaaa…!"`` takes exponential time, and a pull
request can write both the pattern and the text. RE2 never backtracks; it lacks what needs
backtracking (lookarounds, backreferences, atomic groups, possessive quantifiers), and such
a pattern is refused with a clear message instead of being run.

RE2's syntax is Python's for everything else, except that ``\\d``, ``\\w``, ``\\s`` and ``\\b``
are ASCII (as in JSON Schema's ECMA-262 dialect), and ``$`` without ``(?m)`` is the end of
the text only (ECMA-262 again; Python's also matches before a final line break).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from functools import cache, lru_cache
from typing import Any

from .source import lazy_re

_SURROGATE = lazy_re("[\ud800-\udfff]")


class Unsupported(ValueError):
    """A pattern RE2 cannot run (its reason, or Python's syntax error, in the message)."""


@lru_cache(maxsize=256)
def compile(pattern: str, ignore_case: bool = False, multiline: bool = False) -> Any:
    """``pattern`` compiled by RE2 (Unsupported where it cannot be)."""
    import re2  # type: ignore[import-untyped]  # (no stubs; imported here: most runs have no pattern of their input)

    flags = ("i" if ignore_case else "") + ("m" if multiline else "")
    try:
        return re2.compile(f"(?{flags}){pattern}" if flags else pattern, _options())
    except re2.error as err:
        raise Unsupported(why(pattern, err)) from None


@cache
def _options() -> Any:
    """RE2's own logging would print a refused pattern, raw, on stderr (where a CI runner reads
    workflow commands): artlint says what went wrong itself."""
    import re2

    options = re2.Options()
    options.log_errors = False
    return options


def why(pattern: str, err: Exception) -> str:
    """What is wrong with a pattern RE2 refused: a syntax error, or a feature it lacks."""
    try:
        re.compile(pattern)  # compiled, never searched: no backtracking
    except (re.error, RecursionError, OverflowError, ValueError) as syntax:
        return f"not a valid regular expression: {str(syntax)[:200]}"
    reason = err.args[0] if err.args else err
    reason = reason.decode("utf-8", "replace") if isinstance(reason, bytes) else str(reason)
    return f"uses features artlint cannot run in linear time (lookarounds, backreferences, atomic groups, possessive quantifiers): {reason[:200]}"


def _encodable(text: str) -> str:
    """``text`` with each lone surrogate (JSON can hold one) as U+FFFD: the same offsets, and UTF-8 for RE2."""
    return _SURROGATE.sub("\ufffd", text)


def search(pattern: Any, text: str) -> Any:
    """``pattern.search(text)``, whatever ``text`` holds."""
    try:
        return pattern.search(text)
    except UnicodeEncodeError:
        return pattern.search(_encodable(text))


def spans(pattern: Any, text: str) -> Iterator[tuple[int, int]]:
    """Where ``pattern`` matches ``text``, one span each (as ``finditer``)."""
    try:
        found = [m.span() for m in pattern.finditer(text)]
    except UnicodeEncodeError:
        found = [m.span() for m in pattern.finditer(_encodable(text))]
    yield from found


class _SearchOnly:
    """Stands in for ``re`` in jsonschema's keyword modules, which only ``re.search`` a
    schema's ``pattern`` and ``patternProperties``: the keywords themselves, and the
    helpers of ``additionalProperties`` and ``unevaluatedProperties``."""

    error = re.error

    @staticmethod
    def search(pattern: str, string: str) -> Any:
        return search(compile(pattern), string)


#: jsonschema's modules that search with a schema's patterns.
_JSONSCHEMA_MODULES = ("jsonschema._keywords", "jsonschema._legacy_keywords", "jsonschema._utils")


def use_in_jsonschema() -> None:
    """Make jsonschema search every pattern of a schema with RE2.

    Overriding the ``pattern`` and ``patternProperties`` keywords would not do: jsonschema's
    ``additionalProperties`` and ``unevaluatedProperties`` search ``patternProperties``
    through helpers of their own, with ``re``. The patterns of a schema are checked to
    compile with RE2 before it is used (schema.validator).
    """
    import jsonschema  # noqa: F401  (imports the modules below)

    for name in _JSONSCHEMA_MODULES:
        module = sys.modules[name]
        if getattr(module, "re", None) is not _SearchOnly:
            if getattr(module, "re", None) is not re:  # a jsonschema that changed: refuse to run its patterns with re
                raise RuntimeError(f"{name} no longer searches with re: artlint cannot make it use RE2")
            module.re = _SearchOnly  # type: ignore[attr-defined]


def is_regex(instance: object) -> bool:
    """jsonschema's ``regex`` format: compiled (by RE2, else by Python's ``re``), never searched."""
    if not isinstance(instance, str):
        return True
    try:
        compile(instance)
    except Unsupported as err:
        return not str(err).startswith("not a valid")
    return True
