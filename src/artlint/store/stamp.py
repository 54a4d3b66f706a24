"""What proves a file unchanged without reading it, and its content hash when it may not be."""

from __future__ import annotations

import os

from ..hashes import file_sha256


def stamp_of(st: os.stat_result) -> str:
    """Size, modification time and inode of a file's stat."""
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"


def file_hash(path: str) -> str:
    """The SHA-256 of the file at ``path`` (read in pieces: a file of any size)."""
    with open(path, "rb") as f:
        return file_sha256(f)
