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
import subprocess
import sys
from pathlib import Path

import pytest

from artlint.markup import HTML_BLOCK_NAMES
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


def test_the_html_block_names_are_markdown_its() -> None:
    from markdown_it.common.html_blocks import block_names

    assert frozenset(block_names) == HTML_BLOCK_NAMES


PROBE = """
import sys
from artlint.cli import main
code = main()
print(code, *sorted(m for m in {modules} if m in sys.modules))
"""


def imported(cwd: Path, *args: str, modules: tuple[str, ...]) -> str:
    """The exit code of ``artlint *args`` run in ``cwd``, and which of ``modules`` it imported."""
    probe = PROBE.format(modules=repr(modules))
    out = subprocess.run([sys.executable, "-c", probe, *args], cwd=cwd, capture_output=True, text=True, timeout=120)
    return out.stdout.splitlines()[-1]


HEAVY = ("markdown_it", "re2", "difflib", "_hashlib")


def test_an_html_body_and_a_warm_run_import_neither_markdown_it_nor_re2(tmp_path: Path) -> None:
    (tmp_path / "artlint.toml").write_text("")
    (tmp_path / "a.md").write_text('---\ntitle: "A title"\n---\n\n```html\n<h2>Overview</h2>\n<p>Text &amp; more.</p>\n```\n')
    (tmp_path / "b.html").write_text("<!doctype html><title>B</title><p>Text.</p>\n")
    check = ("check", "--format", "json", "--fail-on", "warning")
    assert imported(tmp_path, *check, ".", modules=HEAVY) == "1 _hashlib"  # (body-code-fence reports a.md; html5lib imports hashlib)
    assert imported(tmp_path, *check, ".", modules=HEAVY) == "1"  # warm: nor OpenSSL's hashes
    (tmp_path / "c.md").write_text('---\ntitle: "C title"\n---\n\n## A heading\n\nText.\n')
    assert imported(tmp_path, *check, "c.md", modules=HEAVY) == "0 markdown_it"  # a Markdown body: parsed


def test_the_hashes_are_hashlibs() -> None:
    import hashlib
    import hmac
    import io

    from artlint import hashes

    data = b"\xffan article\n" * 50_000  # (more than one piece for file_sha256)
    assert hashes.sha256(data).hexdigest() == hashlib.sha256(data).hexdigest()
    assert hashes.blake2b(data, digest_size=12).hexdigest() == hashlib.blake2b(data, digest_size=12).hexdigest()
    assert hashes.blake2b(data, key=b"k" * 64, digest_size=16).digest() == hashlib.blake2b(data, key=b"k" * 64, digest_size=16).digest()
    assert hashes.file_sha256(io.BytesIO(data)) == hashlib.sha256(data).hexdigest()
    assert hashes.compare_digest(b"abc", b"abc") and not hashes.compare_digest(b"abc", b"abd")
    assert hashes.compare_digest(b"x", b"x") == hmac.compare_digest(b"x", b"x")
