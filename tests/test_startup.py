"""Start-up: what a run imports and compiles before it needs it.

A one-file run and a warm run are mostly start-up (docs/performance.md): the modules'
regular expressions are compiled on first use (``source.lazy_re``), and libraries that
only some inputs need are imported where they are used.
"""

from __future__ import annotations

import copy
import importlib
import pickle
import re

import pytest

from artlint.source import _Lazy, lazy_re
from conftest import REPO


def test_a_lazy_pattern_is_the_compiled_one() -> None:
    lazy = lazy_re(r"(\w+)-(\d+)", re.IGNORECASE)
    real = re.compile(r"(\w+)-(\d+)", re.IGNORECASE)
    text = "a-1 B-22 c-x"
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in real.finditer(text)]
    assert lazy.sub(r"\2", text) == real.sub(r"\2", text)
    assert lazy.split(text) == real.split(text)
    assert (lazy.pattern, lazy.flags, lazy.groups) == (real.pattern, real.flags, real.groups)
    m = lazy.match(text)
    assert m is not None and m.re is real  # (re's own cache: the same object)


def test_a_lazy_pattern_compiles_once_and_fails_like_re() -> None:
    lazy = lazy_re(r"a+")
    assert "search" not in vars(lazy)
    assert lazy.search("baa") is not None
    assert vars(lazy)["search"] == re.compile(r"a+").search  # the next call goes straight to it
    with pytest.raises(re.error):
        lazy_re(r"(unclosed").search("x")
    with pytest.raises(AttributeError):
        lazy_re(r"a").no_such_attribute  # noqa: B018
    made_without_init = _Lazy.__new__(_Lazy)
    with pytest.raises(AttributeError):
        made_without_init.search  # noqa: B018  (no endless recursion through _source)
    assert copy.deepcopy(lazy).search("a") is not None
    assert pickle.loads(pickle.dumps(lazy)).search("a") is not None


def lazy_patterns() -> list[tuple[str, str, object]]:
    """Every pattern of an artlint module made with lazy_re, at module level."""
    found = []
    for path in sorted((REPO / "src" / "artlint").rglob("*.py")):
        parts = path.relative_to(REPO / "src").with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        if name.startswith("artlint.server") or name == "artlint.__main__":  # (the [lsp] extra; the command itself)
            continue
        module = importlib.import_module(name)
        found += [(name, attr, value) for attr, value in vars(module).items() if isinstance(value, _Lazy)]
        found += [(name, f"{attr}[{key!r}]", item) for attr, value in vars(module).items() if isinstance(value, dict) for key, item in value.items() if isinstance(item, _Lazy)]
    return found


def test_every_lazy_pattern_of_artlint_compiles() -> None:
    """A pattern with a syntax error fails here, not in the run that first uses it."""
    found = lazy_patterns()
    assert len(found) > 80
    for module, attr, pattern in found:
        assert isinstance(pattern.groups, int), f"{module}.{attr}"  # type: ignore[attr-defined]
