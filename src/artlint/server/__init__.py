"""The language server (``artlint server``): LSP over stdio, for editors.

Needs the ``lsp`` extra (``pip install 'artlint[lsp]'``: pygls).
"""

from __future__ import annotations

import os
import sys
from typing import NoReturn

from ..diagnostic import UsageError


def serve() -> NoReturn:
    """Run the server on standard input and output until the client exits it, then end the
    process at once: 0 after a shutdown request, 1 without (as LSP asks). Its worker threads
    hold nothing to keep (the corpus index is in memory) and are not waited for."""
    try:
        from .lsp import make_server
    except ImportError as err:
        raise UsageError(f"the language server needs pygls: pip install 'artlint[lsp]' ({err})") from None
    server = make_server()
    try:
        server.start_io()
    except SystemExit:
        pass
    sys.stderr.flush()
    os._exit(0 if getattr(server.protocol, "_shutdown", False) else 1)
