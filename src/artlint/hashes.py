"""The hash functions artlint uses: hashlib's SHA-256 and BLAKE2b, and a constant-time compare.

The same digests as hashlib's, from CPython's own modules where they are there: importing
hashlib loads OpenSSL (``_hashlib``), which costs a run that only reads its cache more than
the hashing does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from hashlib import blake2b, sha256
    from hmac import compare_digest
else:
    try:
        from _blake2 import blake2b
        from _operator import _compare_digest as compare_digest
    except ImportError:  # (another Python)
        from hashlib import blake2b
        from hmac import compare_digest
    try:
        from _sha256 import sha256  # (Python 3.11)
    except ImportError:
        try:
            from _sha2 import sha256  # (3.12 on)
        except ImportError:
            from hashlib import sha256

__all__ = ["blake2b", "compare_digest", "file_sha256", "sha256"]


def file_sha256(f: BinaryIO) -> str:
    """The SHA-256 of what is left to read of ``f``, read in pieces (a file of any size), as hex."""
    digest = sha256()
    while chunk := f.read(1 << 18):
        digest.update(chunk)
    return digest.hexdigest()
