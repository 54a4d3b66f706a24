"""The README's Quick start stays true: two commands, the second is what CI runs."""

from __future__ import annotations

import re

from conftest import REPO


def quick_start_commands() -> list[str]:
    text = (REPO / "README.md").read_text()
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)\n```", section, re.DOTALL)


def test_quick_start_has_two_commands_and_ci_runs_the_second() -> None:
    install, tests = quick_start_commands()
    assert "artlint check seeds/" in install
    assert "pytest" in tests
    assert tests in (REPO / ".ci" / "run").read_text()


def test_action_is_a_composite_action_with_the_documented_inputs() -> None:
    import yaml

    action = yaml.safe_load((REPO / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) >= {"paths", "format", "output", "args"}
    script = action["runs"]["steps"][-1]["run"]
    assert "artlint check" in script and "${{" not in script  # inputs reach the shell through env only
