"""A rule plugin, installed into a separate virtual environment, runs like a built-in rule."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import artlint

HERE = Path(__file__).parent


def test_example_plugin_is_listed_configurable_and_in_sarif(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
    python = venv / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], check=True, capture_output=True, text=True).stdout.strip()
    # artlint and its dependencies come from this environment, read-only; the plugin is
    # installed into the new one only, so it never leaks into the other tests.
    ours = [str(Path(artlint.__file__).parent.parent), sysconfig.get_paths()["purelib"]]
    Path(site, "artlint-under-test.pth").write_text("\n".join(ours) + "\n")
    source = tmp_path / "plugin"  # built from a copy: nothing is written into the checkout
    shutil.copytree(HERE / "plugin_example", source, ignore=shutil.ignore_patterns("build", "*.egg-info"))
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", str(source)],
        capture_output=True,
        text=True,
    )
    assert install.returncode == 0, install.stderr

    def artlint_run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
        return subprocess.run([str(python), "-m", "artlint", *args], cwd=cwd, capture_output=True, text=True, env=env)

    listing = artlint_run("rules", cwd=tmp_path)
    assert listing.returncode == 0, listing.stderr
    assert "example.no-lorem" in listing.stdout and "warning" in listing.stdout
    explain = artlint_run("explain", "example.no-lorem", cwd=tmp_path)
    assert "Bad" in explain.stdout and "Good" in explain.stdout

    (tmp_path / "a.md").write_text("---\ntitle: x\n---\n\nLorem ipsum dolor sit amet.\n")
    result = artlint_run("check", "--format", "json", cwd=tmp_path)
    assert [(i["rule"], i["line"], i["column"], i["endColumn"]) for i in json.loads(result.stdout)] == [("example.no-lorem", 5, 1, 12)]

    (tmp_path / "artlint.toml").write_text('[rules."example.no-lorem"]\nwords = ["dolor"]\nseverity = "error"\n')
    configured = artlint_run("check", "--format", "json", cwd=tmp_path)
    assert configured.returncode == 1
    assert [(i["rule"], i["column"], i["severity"]) for i in json.loads(configured.stdout)] == [("example.no-lorem", 13, "error")]

    sarif = json.loads(artlint_run("check", "--format", "sarif", cwd=tmp_path).stdout)
    rules = {r["id"]: r for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["example.no-lorem"]["name"] == "ExampleNoLorem"
    assert sarif["runs"][0]["results"][0]["ruleId"] == "example.no-lorem"

    # The plugin is not installed in this (the tests') environment.
    assert "example.no-lorem" not in subprocess.run([sys.executable, "-m", "artlint", "rules"], capture_output=True, text=True).stdout
