"""Super-linear time on hostile input: each body is the worst repetition for one pattern,
rule or parser of artlint (100 KB – 1 MB), checked as a whole article by every rule.

Each check must finish in about a second; a backtracking expression or a quadratic loop
takes minutes on these bodies.
"""

from __future__ import annotations

import time

import pytest

from artlint import registry
from artlint.config import from_table
from artlint.engine import lint_text
from conftest import REPO, SHARED

RULES = registry.load()
SETTINGS = from_table({"schema": str(REPO / "schemas" / "article.schema.json")}, str(REPO), RULES).default
KNOWN = frozenset(RULES)
#: Seconds one article may take (a loaded two-core machine; these bodies take minutes when a
#: pattern backtracks or a loop is quadratic).
BUDGET = 2.0


def lint_timed(data: bytes, name: str = "a.md") -> list[str]:
    """The rule ids artlint reports on ``data``; fails when it took longer than ``BUDGET``."""
    start = time.perf_counter()
    result = lint_text(name, data, SETTINGS, KNOWN)
    elapsed = time.perf_counter() - start
    assert elapsed < BUDGET, f"{elapsed:.1f} s"
    rules = [d.rule for d in result.diagnostics]
    assert "internal-error" not in rules, [d.message for d in result.diagnostics if d.rule == "internal-error"]
    return rules


def article(body: str, front: str = "---\ntitle: A title\n---\n") -> bytes:
    return (front + body + "\n").encode("utf-8", "surrogatepass")


# ----------------------------------------------------------------- the HTML stream


def test_real_article_with_leading_comments() -> None:
    """rust-blog's compiler-team-ambitions-2022.md: comments before the body's HTML took
    ``htmlscan._DOCUMENT`` more than 15 minutes of backtracking."""
    path = SHARED / "corpus" / "rust-blog" / "content" / "inside-rust" / "compiler-team-ambitions-2022.md"
    if not path.is_file():
        pytest.skip("../shared/corpus is not beside this checkout")
    lint_timed(path.read_bytes(), str(path))


@pytest.mark.parametrize("comments", ["<!-- a -->\n" * 40, "<!-- a --> " * 10_000, "<!--" + " -->" * 100_000])
def test_comments_before_the_html(comments: str) -> None:
    lint_timed(article(comments + "\ntext <b>bold</b>\n"))
    lint_timed(article(comments + "<p>text"), "a.html")
