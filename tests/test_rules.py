"""Rule fixtures: tests/rules/<rule-id>/**/<case>.md with a <case>.md.expected sidecar."""

from __future__ import annotations

from pathlib import Path

import pytest

from artlint import registry
from artlint.rule import OnlineRule
from artlint.testing import check_fixture, fix_fixture, read_expected

RULES_DIR = Path(__file__).parent / "rules"
SUFFIXES = {".md", ".markdown", ".mdx", ".html", ".htm"}
CASES = sorted(p for p in RULES_DIR.rglob("*") if p.suffix in SUFFIXES and p.is_file())


def rule_of(case: Path) -> str:
    return case.relative_to(RULES_DIR).parts[0]


@pytest.mark.parametrize("case", CASES, ids=[str(c.relative_to(RULES_DIR)) for c in CASES])
def test_fixture(case: Path, request: pytest.FixtureRequest) -> None:
    sidecar = case.with_name(case.name + ".expected")
    actual = check_fixture(str(case), [rule_of(case)])
    if request.config.getoption("--update-expected"):
        sidecar.write_text("".join(line + "\n" for line in actual), encoding="utf-8")
    assert sidecar.exists(), f"{sidecar.name} is missing (run pytest --update-expected and review it)"
    assert actual == read_expected(str(sidecar))


@pytest.mark.parametrize("case", CASES, ids=[str(c.relative_to(RULES_DIR)) for c in CASES])
def test_fixture_fix(case: Path, request: pytest.FixtureRequest) -> None:
    """A case the rule fixes has a <case>.fixed sidecar with the fixed bytes; one it does
    not fix has none."""
    sidecar = case.with_name(case.name + ".fixed")
    fixed = fix_fixture(str(case), rule_of(case))
    if request.config.getoption("--update-expected"):
        if fixed is not None:
            sidecar.write_bytes(fixed)
        elif sidecar.exists():
            sidecar.unlink()
    assert fixed == (sidecar.read_bytes() if sidecar.exists() else None)


def test_every_rule_has_failing_and_clean_cases() -> None:
    for rule_id, rule in registry.load().items():
        if rule_id == "internal-error":
            continue  # reported by the engine: tested in test_engine.py
        cases = [c for c in CASES if rule_of(c) == rule_id]
        expected = [read_expected(str(c.with_name(c.name + ".expected"))) for c in cases if c.with_name(c.name + ".expected").exists()]
        if not isinstance(rule, OnlineRule):  # online rules are tested against a local server
            assert any(expected), f"{rule_id}: no fixture with a diagnostic"
        assert any(not e for e in expected), f"{rule_id}: no clean fixture"


def test_every_rule_documents_itself() -> None:
    for rule in registry.load().values():
        text = rule.explanation
        assert "Bad" in text and "Good" in text, rule.id
        assert rule.summary.strip() and "\n" not in rule.summary.strip(), rule.id


def test_every_rule_module_is_registered() -> None:
    modules = {p.stem for p in (Path(registry.__file__).parent / "rules").glob("*.py") if not p.stem.startswith("_")}
    assert {rid.replace("-", "_") for rid in registry.load()} == modules
