"""A release a team can pin: the built package works alone, the action and the README pin it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml

import artlint
from conftest import REPO


def action() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((REPO / "action.yml").read_text())
    return loaded


def step(name: str) -> dict[str, Any]:
    (found,) = [s for s in action()["runs"]["steps"] if s.get("id") == name]
    return found


def test_version_comes_from_one_place() -> None:
    pyproject = (REPO / "pyproject.toml").read_text()
    assert 'dynamic = ["version"]' in pyproject and 'version = { attr = "artlint.__version__" }' in pyproject
    assert re.fullmatch(r"\d+\.\d+\.\d+", artlint.__version__)


def test_changelog_has_the_release_and_unreleased() -> None:
    text = (REPO / "CHANGELOG.md").read_text()
    released = re.search(rf"^## \[{re.escape(artlint.__version__)}\] - \d{{4}}-\d{{2}}-\d{{2}}$", text, re.MULTILINE)
    unreleased = text.split("## [Unreleased]", 1)[1].split("\n## ", 1)[0] if "## [Unreleased]" in text else ""
    assert released or f"released as {artlint.__version__}" in unreleased  # the version now carried has its entry


def test_readme_snippets_pin_the_release_tag() -> None:
    text = (REPO / "README.md").read_text()
    tag = f"v{artlint.__version__}"
    revs = re.findall(r"rev: (\S+)", text)
    uses = re.findall(r"uses: <owner>/artlint@(\S+)", text)
    assert revs and uses and set(revs) == set(uses) == {tag}


def test_action_declares_its_outputs_and_installs_from_its_own_checkout() -> None:
    loaded = action()
    assert loaded["runs"]["using"] == "composite"
    assert set(loaded["outputs"]) >= {"errors", "warnings", "findings", "sarif"}
    assert all(out["value"].startswith("${{ steps.run.outputs.") for out in loaded["outputs"].values())
    steps = loaded["runs"]["steps"]
    assert not any("setup-python" in s.get("uses", "") for s in steps)  # the caller's Python stays
    assert any(s.get("uses", "").startswith("actions/cache@") for s in steps)
    install = step("install")
    assert install["env"]["ARTLINT_ACTION_PATH"] == "${{ github.action_path }}"
    assert '-m pip install' in install["run"] and '"$ARTLINT_ACTION_PATH"' in install["run"]
    assert "${{" not in install["run"] and "${{" not in step("run")["run"]  # inputs reach the shell through env only
    assert "--sarif-output" in step("run")["run"] and "--format" in step("run")["run"]


def run_step(name: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """A step of action.yml as the runner runs it: its script in bash, its env set."""
    return subprocess.run(["bash", "-e", "-c", step(name)["run"]], cwd=cwd, env={**os.environ, **env}, capture_output=True, text=True, timeout=300)


@pytest.mark.packaging
def test_wheel_alone_installs_and_checks_the_seeds(tmp_path: Path) -> None:
    """Build the sdist and wheel, check them, install the wheel alone into a fresh virtual
    environment with the action's install step, then run its run step on seeds/."""
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--outdir", str(dist), str(REPO)], check=True, capture_output=True, timeout=300)
    (wheel,) = dist.glob("*.whl")
    (sdist,) = dist.glob("*.tar.gz")
    assert wheel.name.startswith(f"artlint-{artlint.__version__}-")
    subprocess.run([sys.executable, "-m", "twine", "check", "--strict", str(wheel), str(sdist)], check=True, capture_output=True, timeout=120)
    packaged = set(zipfile.ZipFile(wheel).namelist())
    source = {p.relative_to(REPO / "src").as_posix() for p in (REPO / "src" / "artlint").rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    assert source <= packaged, f"left out of the wheel: {sorted(source - packaged)}"
    with tarfile.open(sdist) as tar:
        assert any(name.endswith("/src/artlint/py.typed") for name in tar.getnames())

    outputs = tmp_path / "outputs"
    env = {"RUNNER_TEMP": str(tmp_path), "GITHUB_OUTPUT": str(outputs), "ARTLINT_ACTION_PATH": str(wheel), "ARTLINT_PYTHON": sys.executable, "PIP_CACHE_DIR": str(tmp_path / "pip")}
    installed = run_step("install", env, tmp_path)
    assert installed.returncode == 0, installed.stderr
    bin_dir = outputs.read_text().split("bin=", 1)[1].strip()
    assert "site-packages" in subprocess.run([f"{bin_dir}/python", "-c", "import artlint; print(artlint.__file__)"], capture_output=True, text=True, check=True).stdout  # not this checkout

    without = subprocess.run([f"{bin_dir}/artlint", "server"], stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    assert without.returncode == 2 and "pip install 'artlint[lsp]'" in without.stderr  # pygls is an extra

    outputs.write_text("")
    env = {**env, "ARTLINT_BIN": bin_dir, "ARTLINT_PATHS": "seeds/", "ARTLINT_FORMAT": "github", "ARTLINT_OUTPUT": "", "ARTLINT_SARIF": "", "ARTLINT_ARGS": "--no-cache"}
    env.pop("GITHUB_STEP_SUMMARY", None)
    ran = run_step("run", env, REPO)
    assert ran.returncode == 1, ran.stderr  # the seeds have defects
    assert "::error file=" in ran.stdout and "seeds/defect-duplicate-key.md" in ran.stdout
    got = dict(line.split("=", 1) for line in outputs.read_text().splitlines())
    assert got["exit-code"] == "1" and got["sarif"] == str(tmp_path / "artlint.sarif")
    assert int(got["errors"]) > 0 and int(got["findings"]) == int(got["errors"]) + int(got["warnings"]) + int(got["infos"])
    assert int(got["errors"]) == ran.stdout.count("::error ")
    assert '"version": "2.1.0"' in Path(got["sarif"]).read_text()
