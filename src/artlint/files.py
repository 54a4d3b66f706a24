"""The files artlint writes itself — reports, baselines, and the cache's lists and record —
written whole or not at all."""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterable


def write_atomic(path: str, pieces: Iterable[bytes]) -> None:
    """Write ``pieces`` to ``path`` through a temporary file beside it and a rename: a
    reader (another run) sees the old file or the new one, never a part of one. The file
    keeps the mode of the one it replaces; a new one gets what the umask leaves, as
    ``open`` gives. Raises OSError."""
    try:
        mode: int | None = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        mode = None
    tmp = os.path.join(os.path.dirname(os.path.abspath(path)), f".artlint-{os.getpid()}-{os.urandom(4).hex()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as f:
            f.writelines(pieces)
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
