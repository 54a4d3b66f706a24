"""The real pre-commit: `pre-commit try-repo <this checkout> artlint` in a temporary repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is needed")

BAD = "---\ntitle: \"First\"\ntitle: \"Second\"\n---\n\n<p>Body</p>\n"
GOOD = "---\ntitle: \"Good\"\n---\n\n<p>Body</p>\n"


def git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def test_pre_commit_try_repo_fails_on_bad_article_and_passes_once_fixed(tmp_path: Path) -> None:
    repo = tmp_path / "content"
    repo.mkdir()
    git("init", "-q", cwd=repo)
    (repo / "good.md").write_text(GOOD)
    (repo / "bad.md").write_text(BAD)
    (repo / "notes.txt").write_text(BAD)  # not markdown: pre-commit does not pass it
    git("add", ".", cwd=repo)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "NO_COLOR": "1"}
    env.pop("VIRTUAL_ENV", None)

    def try_repo() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "artlint", "--all-files", "--verbose", "--color", "never"],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )

    failed = try_repo()
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "bad.md:3:1: error [frontmatter-duplicate-key]" in failed.stdout
    assert "good.md:" not in failed.stdout and "notes.txt" not in failed.stdout

    (repo / "bad.md").write_text(GOOD.replace("Good", "Fixed"))
    git("add", ".", cwd=repo)
    passed = try_repo()
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout


def test_manifest_is_valid() -> None:
    result = subprocess.run([sys.executable, "-m", "pre_commit", "validate-manifest", str(REPO / ".pre-commit-hooks.yaml")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_fix_hook_fixes_then_fails_so_the_author_restages(tmp_path: Path) -> None:
    repo = tmp_path / "content"
    repo.mkdir()
    git("init", "-q", cwd=repo)
    fenced = b"---\r\ntitle: \"Fenced\"\r\n---\r\n\r\n```html\r\n<p>Body</p>\r\n```"
    (repo / "fenced.md").write_bytes(fenced)
    (repo / "good.md").write_text(GOOD)
    git("add", ".", cwd=repo)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "NO_COLOR": "1"}
    env.pop("VIRTUAL_ENV", None)
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "artlint-fix", "--all-files", "--color", "never"]
    first = subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True, timeout=900)
    assert first.returncode == 1, first.stdout + first.stderr
    assert (repo / "fenced.md").read_bytes() == b"---\r\ntitle: \"Fenced\"\r\n---\r\n\r\n<p>Body</p>\r\n"
    git("add", ".", cwd=repo)
    second = subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True, timeout=900)
    assert second.returncode == 0, second.stdout + second.stderr
