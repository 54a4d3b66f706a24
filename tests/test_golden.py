"""The golden outputs of the command line (tests/golden/): byte for byte what they were.

Every output of every format, cache state and mode that ``tests/golden/make.py`` runs must
equal its committed copy. A change that means to change an output regenerates them
(``python tests/golden/make.py``) and shows the difference in its commit.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import CORPUS, REPO

MAKE = REPO / "tests" / "golden" / "make.py"


@pytest.mark.parametrize("tree", ["common", "seeds", "jengu", "generated"])
def test_golden_outputs(tree: str) -> None:
    if tree == "jengu" and not CORPUS.is_dir():
        pytest.skip("the jengu corpus is not beside this checkout")
    proc = subprocess.run([sys.executable, str(MAKE), "--check", "--tree", tree], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-3000:]
