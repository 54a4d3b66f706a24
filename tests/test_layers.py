"""The layers of src/artlint: no import cycle, a rule API that knows nothing of runs, short
functions in the run machinery.

Imports are read from the source (ast), all of them: at module level, inside functions
(lazy) and under ``TYPE_CHECKING`` — a cycle through a type-only import is a cycle of the
design still.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import REPO

SRC = REPO / "src"
PACKAGE = SRC / "artlint"

#: What rule authors import, and the document model rules read: none of it may reach the
#: machinery of a run.
API = ("artlint.rule", "artlint.document", "artlint.source", "artlint.corpus", "artlint.corpus.facts", "artlint.fields", "artlint.markup", "artlint.diagnostic")
MACHINERY = ("artlint.store", "artlint.run", "artlint.cli", "artlint.reporters", "artlint.server", "artlint.corpus.index", "artlint.corpus.cross", "artlint.corpus.survey")
#: The modules of the run machinery, held to the size rules of the project brief.
MEASURED = ("artlint",)  # every module of the package
MAX_LINES = 60
MAX_COMPLEXITY = 15


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The artlint modules that module ``name`` imports, anywhere in it, with the packages
    they are in (but the top one: importing any module runs artlint/__init__)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            targets = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        for target in targets:
            if target in known:
                found.add(target)
                parts = target.split(".")
                found.update(".".join(parts[:i]) for i in range(2, len(parts)) if ".".join(parts[:i]) in known)
    found.discard(name)
    ancestors = {".".join(name.split(".")[:i]) for i in range(1, name.count(".") + 1)}
    return found - ancestors  # (initialised before the module, whatever it imports)


def graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {name: imports(name, path, known) for name, path in found.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def reached(edges: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        v = todo.pop()
        for w in edges.get(v, ()):
            if w not in seen:
                seen.add(w)
                todo.append(w)
    return seen


def test_the_layers_test_sees_a_cycle_and_a_reach() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert reached({"a": {"b"}, "b": {"c"}}, "a") == {"b", "c"}
    edges = graph()
    assert "artlint.rule" in edges["artlint.lint"] and "artlint.store.codec" in edges["artlint.store.record"]


def test_no_import_cycle() -> None:
    found = cycles(graph())
    assert not found, "import cycles among src/artlint modules:\n" + "\n".join(" → ".join(c) for c in found)


@pytest.mark.parametrize("api", API)
def test_the_rule_api_and_the_model_import_no_machinery(api: str) -> None:
    wrong = sorted(m for m in reached(graph(), api) if m.startswith(MACHINERY))
    assert not wrong, f"{api} reaches {', '.join(wrong)}"


def complexity(function: ast.AST) -> int:
    """Cyclomatic complexity, as radon counts it (near enough): one, and one for each
    branch, loop, handler, conditional expression, comprehension clause and extra operand
    of and/or — nested functions apart."""
    total = 1
    todo = list(ast.iter_child_nodes(function))
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        if isinstance(node, (ast.If, ast.For, ast.AsyncFor, ast.While, ast.ExceptHandler, ast.IfExp, ast.Assert, ast.match_case)):
            total += 1
        elif isinstance(node, ast.comprehension):
            total += 1 + len(node.ifs)
        elif isinstance(node, ast.BoolOp):
            total += len(node.values) - 1
        todo.extend(ast.iter_child_nodes(node))
    return total


def functions() -> Iterator[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    for name, path in modules().items():
        if name.startswith(MEASURED):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    yield f"{name}.{node.name}", node


def test_complexity_counts_branches() -> None:
    source = "def f(a, b):\n    if a and b:\n        return [x for x in a if x]\n    return 1 if b else 2\n"
    (function,) = ast.parse(source).body
    assert complexity(function) == 1 + 1 + 1 + 2 + 1


def test_every_function_is_short_and_simple() -> None:
    long = [f"{name}: {node.end_lineno - node.lineno + 1} lines" for name, node in functions() if node.end_lineno and node.end_lineno - node.lineno + 1 > MAX_LINES]
    tangled = [f"{name}: complexity {complexity(node)}" for name, node in functions() if complexity(node) > MAX_COMPLEXITY]
    assert not long and not tangled, "\n".join(long + tangled)
