from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Property tests: a short run by default; `pytest --hypothesis-profile=fuzz` for the long one.
_HEALTH = [HealthCheck.too_slow, HealthCheck.data_too_large]
settings.register_profile("default", max_examples=60, deadline=None, suppress_health_check=_HEALTH)
settings.register_profile("fuzz", max_examples=3000, deadline=None, suppress_health_check=_HEALTH)
settings.load_profile("default")

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus" / "jengu"
SEED = REPO / "seeds" / "us-and-uk-refuse-to-sign-ai-safety-declaration-at-summit.md"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-expected", action="store_true", help="rewrite the .expected sidecars of rule fixtures")


def run_artlint(*args: str, cwd: Path | str, env: dict[str, str] | None = None, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    """artlint as a user runs it: a separate process, in ``cwd``."""
    full_env = {**os.environ, **(env or {})}
    full_env.pop("NO_COLOR", None) if env is None or "NO_COLOR" not in env else None
    return subprocess.run(
        [sys.executable, "-m", "artlint", *args],
        cwd=cwd,
        env=full_env,
        input=stdin.decode() if stdin is not None else None,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def artlint() -> Callable[..., subprocess.CompletedProcess[str]]:
    return run_artlint
