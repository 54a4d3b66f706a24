"""No process is left behind: SIGTERM ends a run as Ctrl-C does, and the pool's workers (and
the forked survey beside the check) end with their parent, even when it is killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

ARTICLE = "---\ntitle: Article {i}\ndescription: A description of article {i} that is long enough to pass the length check of the rule.\npublishedOn: 2024-01-01\n---\n\n" + "<p>Some <em>text</em> with a <a href='/x/{i}'>link</a> and Q&A.</p>\n" * 400


def _tree(folder: Path, count: int = 800) -> None:
    for i in range(count):
        (folder / f"a{i:04}.md").write_text(ARTICLE.format(i=i))


def _children() -> dict[int, int]:
    """pid → parent pid of every live (not zombie) process."""
    found = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                stat = Path(f"/proc/{name}/stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if fields[0] != "Z":
                found[int(name)] = int(fields[1])
    return found


def _descendants(pid: int) -> set[int]:
    table = _children()
    found, todo = set(), [pid]
    while todo:
        parent = todo.pop()
        for child, ppid in table.items():
            if ppid == parent and child not in found:
                found.add(child)
                todo.append(child)
    return found


def _alive(pids: set[int]) -> set[int]:
    return pids & set(_children())


def _start(tmp_path: Path) -> tuple[subprocess.Popen[str], set[int]]:
    """artlint checking a tree with a pool of 2 workers; once they run: it and its children."""
    _tree(tmp_path)
    run = subprocess.Popen([sys.executable, "-m", "artlint", "check", "--no-cache", "-j", "2", "."], cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    children: set[int] = set()
    while len(children) < 2 and time.monotonic() < deadline and run.poll() is None:
        time.sleep(0.05)
        children = _descendants(run.pid)
    if run.poll() is not None or len(children) < 2:
        run.kill()
        pytest.fail(f"the pool did not start (exit {run.poll()}, children {children})")
    return run, children


def _gone_within(pids: set[int], seconds: float) -> set[int]:
    deadline = time.monotonic() + seconds
    while _alive(pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    return _alive(pids)


def test_sigterm_ends_the_run_like_ctrl_c_and_its_workers(tmp_path: Path) -> None:
    run, children = _start(tmp_path)
    run.send_signal(signal.SIGTERM)
    stderr = run.communicate(timeout=30)[1]
    assert run.returncode == 130, stderr
    assert stderr.strip().splitlines()[-1:] == ["artlint: interrupted"], stderr
    assert "Traceback" not in stderr
    left = _gone_within(children, 5)
    for pid in left:  # (not to leave them behind ourselves)
        os.kill(pid, signal.SIGKILL)
    assert not left


def test_sigkill_of_the_parent_ends_its_workers(tmp_path: Path) -> None:
    run, children = _start(tmp_path)
    run.kill()
    run.wait(timeout=30)
    left = _gone_within(children, 5)
    for pid in left:  # (not to leave them behind ourselves)
        os.kill(pid, signal.SIGKILL)
    assert not left


def test_the_forked_child_beside_the_check_ends_with_its_parent(tmp_path: Path) -> None:
    """The survey of a corpus beside the check of a part of it runs in a forked child."""
    script = "import os, sys, time\nfrom artlint.run.executor import Beside\nbeside = Beside(lambda: time.sleep(120))\nprint(beside.pid, flush=True)\ntime.sleep(120)\n"
    run = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert run.stdout is not None
    child = int(run.stdout.readline())
    assert child and _alive({child})
    run.kill()
    run.wait(timeout=30)
    left = _gone_within({child}, 5)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left
