"""The cache folder: artlint's own (claimed, marked), never a link, and its secret.

The folder may be committed content: one that is a symbolic link is never used (writes
would land wherever it leads); one without artlint's marker is used only where it is empty
or tagged as artlint's. What artlint reads back from it is sealed with a secret only this
installation knows (see ``secret`` and ``codec.seal``).
"""

from __future__ import annotations

import os
import stat
from functools import cache

from ..hashes import blake2b

NAME = ".artlint_cache"
#: artlint's own mark on a cache folder it made: a random token (see ``claim``).
MARKER = "ARTLINT-CACHE"
_MARK = "artlint cache "
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# artlint's cache: safe to delete (artlint clean).\n"
#: The largest cache file read whole (the record, the online list), checked before reading.
MAX_READ = 256 * 1024 * 1024


def default_dir(root: str) -> str:
    return os.path.join(root, NAME)


class Unusable(OSError):
    """A cache folder artlint must not use: the run goes on without the cache."""


def claim(folder: str) -> str:
    """The token of the cache ``folder``, made (with the folder) where there is none yet.

    One without artlint's marker is used only where it is empty or tagged as artlint's (an
    older cache): a new token then makes everything in it unreadable. Raises Unusable, or
    OSError where it cannot be written.
    """
    if os.path.islink(folder):
        raise Unusable("is a symbolic link")
    if os.path.lexists(folder) and not os.path.isdir(folder):
        raise Unusable("is not a folder")
    os.makedirs(folder, exist_ok=True)
    token = read_marker(folder)
    if token is not None:
        return token
    names = set(os.listdir(folder)) - {MARKER}
    others = names - {"CACHEDIR.TAG", ".gitignore"}  # (those two alone: another run is making it)
    if others and read_small(os.path.join(folder, "CACHEDIR.TAG"), 4096) != _TAG.encode():
        raise Unusable("is not artlint's (no marker in it, and not empty)")
    for name, text in (("CACHEDIR.TAG", _TAG), (".gitignore", "*\n")):
        if name not in names:
            try:
                _create(os.path.join(folder, name), text)
            except FileExistsError:  # another run made it meanwhile
                pass
    _mark(folder)
    token = read_marker(folder)
    if token is None:
        raise Unusable("has a damaged marker (artlint clean removes it)")
    return token


def _mark(folder: str) -> None:
    """Write a new marker, whole (linked into place: a concurrent run sees none, or all of
    one), unless there is one."""
    temporary = os.path.join(folder, f".artlint-{os.getpid()}-{os.urandom(4).hex()}.tmp")
    _create(temporary, f"{_MARK}{os.urandom(16).hex()}\n")
    try:
        os.link(temporary, os.path.join(folder, MARKER))
    except FileExistsError:  # another run made it meanwhile
        pass
    finally:
        os.unlink(temporary)


def _create(path: str, text: str) -> None:
    """A new file (never through a link: O_EXCL)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)


def read_marker(folder: str) -> str | None:
    data = read_small(os.path.join(folder, MARKER), 256)
    text = data.decode("ascii", "replace").strip() if data else ""
    token = text[len(_MARK) :] if text.startswith(_MARK) else ""
    return token if len(token) == 32 and all(c in "0123456789abcdef" for c in token) else None


def read_small(path: str, limit: int) -> bytes | None:
    """The bytes of the regular file ``path`` where it is no link and at most ``limit``
    bytes (checked before reading); None otherwise."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(f.fileno())
        if not stat.S_ISREG(st.st_mode) or st.st_size > limit:
            return None
        data = f.read(limit + 1)
    return data if len(data) <= limit else None


def secret(folder: str) -> bytes:
    """What this installation seals the cache ``folder``'s entries with: its token and what
    only this machine knows — the inode and time of artlint's own files. Entries committed
    into the folder (or the whole folder, marker and all) cannot match it."""
    return blake2b((read_marker(folder) or "").encode() + code_identity().encode(), digest_size=32).digest()


_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@cache
def code_stamp() -> str:
    """The newest modification time of artlint's own modules: an edited checkout re-checks.
    Once a process: the settings key and the seals' secret both ask, and a process runs the
    code it loaded at its start."""
    newest = 0
    for top, folders, names in os.walk(_PACKAGE):
        folders[:] = [f for f in folders if f != "__pycache__"]
        for name in names:
            if name.endswith(".py"):
                newest = max(newest, os.stat(os.path.join(top, name)).st_mtime_ns)
    return str(newest)


def code_identity() -> str:
    """artlint's own folder as this machine holds it: device, inode and time."""
    st = os.stat(_PACKAGE)
    return f"{st.st_dev}:{st.st_ino}:{st.st_mtime_ns}:{code_stamp()}"


def clean(folder: str) -> bool:
    """Remove the cache folder (only one that artlint made). Whether there was one."""
    import shutil  # (only ``artlint clean`` removes a folder)

    from ..diagnostic import UsageError

    if os.path.islink(folder):
        raise UsageError(f"{folder} is a symbolic link, not a cache: not removed")
    if not os.path.isdir(folder):
        return False
    if not os.path.isfile(os.path.join(folder, "CACHEDIR.TAG")):
        raise UsageError(f"{folder} is not an artlint cache (no CACHEDIR.TAG): not removed")
    shutil.rmtree(folder)
    return True
