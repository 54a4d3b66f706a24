"""Benchmark of the language server (a script, not a test): ``python bench/lsp.py``.

Copies ``../shared/corpus/jengu`` into a temporary folder, starts ``artlint server`` as an
editor would (a pygls client over stdio), opens a typical article and measures:

- latency: from each ``didChange`` to the ``publishDiagnostics`` of that version, less the
  debounce (the default 200 ms), for the per-file findings, and for the second publication
  that adds the cross-file findings (the article has some);
- code actions: after each edit, the time to answer a request for the code actions on one
  finding (its quick fixes and "disable", each verified by a lint of the edited text, and
  "fix all"), the first request of the version (nothing cached);
- memory: the server's resident set size over 1,000 edits (debounce 0, each edit waiting
  for its diagnostics; code actions asked every 10th), sampled every 100 edits.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "jengu"
ARTICLE = "news/viggleai-launches-ai-powered-photo-to-rap-video-feature-for-holiday-season.md"


class Session:
    """A client with a record of each publication: (uri, version) → [(time, count)]."""

    def __init__(self) -> None:
        self.client = LanguageClient("artlint-bench", "1")
        self.seen: dict[tuple[str, int | None], list[tuple[float, int]]] = {}
        self.last: list[lsp.Diagnostic] = []  # the latest publication's
        self.event = asyncio.Event()

        @self.client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def published(params: lsp.PublishDiagnosticsParams) -> None:
            self.seen.setdefault((params.uri, params.version), []).append((time.perf_counter(), len(params.diagnostics)))
            self.last = params.diagnostics
            self.event.set()

    async def start(self, root: Path, debounce_ms: int) -> None:
        await self.client.start_io(sys.executable, "-m", "artlint", "server", cwd=str(root))
        await self.client.initialize_async(lsp.InitializeParams(capabilities=lsp.ClientCapabilities(), root_uri=root.as_uri(), initialization_options={"debounce": debounce_ms}))
        self.client.initialized(lsp.InitializedParams())

    async def wait(self, uri: str, version: int, count: int = 1, timeout: float = 60) -> list[tuple[float, int]]:
        deadline = time.perf_counter() + timeout
        while len(self.seen.get((uri, version), [])) < count:
            self.event.clear()
            await asyncio.wait_for(self.event.wait(), max(deadline - time.perf_counter(), 0.001))
        return self.seen[(uri, version)]

    def rss_kb(self) -> int:
        pid = self.client._server.pid  # type: ignore[union-attr]
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0

    async def stop(self) -> None:
        await self.client.shutdown_async(None)
        self.client.exit(None)
        await self.client.stop()


def edit(version: int, line: int) -> lsp.DidChangeTextDocumentParams:
    """An odd version types a word at the start of ``line``, an even one takes it away."""
    at = lsp.Position(line=line, character=0)
    if version % 2:
        change = lsp.TextDocumentContentChangePartial(range=lsp.Range(start=at, end=at), text="Edited ")
    else:
        change = lsp.TextDocumentContentChangePartial(range=lsp.Range(start=at, end=lsp.Position(line=line, character=7)), text="")
    return lsp.DidChangeTextDocumentParams(text_document=lsp.VersionedTextDocumentIdentifier(uri="", version=version), content_changes=[change])


async def open_article(session: Session, path: Path) -> tuple[str, int]:
    uri = path.as_uri()
    text = path.read_text(encoding="utf-8")
    sent = time.perf_counter()
    session.client.text_document_did_open(lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=text)))
    first = await session.wait(uri, 1, 2, timeout=300)  # the per-file findings, then the cross-file ones (the corpus read once)
    took = [(t - sent) * 1000 for t, _ in first]
    print(f"open ({len(text)} characters): {first[0][1]} findings in {took[0]:.0f} ms (rules loaded on first use), {first[1][1]} with the cross-file ones in {took[1]:.0f} ms (the corpus indexed)")
    lines = text.splitlines()
    body = next(i for i, line in enumerate(lines) if i > 0 and line.strip() == "---") + 2  # a line of the body
    while not lines[body].strip():
        body += 1
    return uri, body


async def code_actions(session: Session, uri: str) -> tuple[float, int]:
    """(milliseconds, count) of the code actions on the latest publication's first finding
    (a per-file one: those come first)."""
    finding = session.last[0]
    context = lsp.CodeActionContext(diagnostics=[finding])
    sent = time.perf_counter()
    offered = await session.client.text_document_code_action_async(lsp.CodeActionParams(lsp.TextDocumentIdentifier(uri=uri), finding.range, context))
    return (time.perf_counter() - sent) * 1000, len(offered or [])


async def latency(root: Path, edits: int) -> None:
    session = Session()
    await session.start(root, 200)
    uri, line = await open_article(session, root / ARTICLE)
    local, cross, acting = [], [], []
    for version in range(2, edits + 2):
        params = edit(version, line)
        params.text_document.uri = uri
        sent = time.perf_counter()
        session.client.text_document_did_change(params)
        done = await session.wait(uri, version, 2)
        local.append((done[0][0] - sent - 0.2) * 1000)
        cross.append((done[1][0] - sent - 0.2) * 1000)
        took, count = await code_actions(session, uri)
        acting.append(took)
        await asyncio.sleep(0.05)
    await session.stop()
    print(f"code actions on a finding: {count} offered")
    for name, values in (("per-file findings, after the 200 ms debounce", local), ("cross-file findings, after the debounce", cross), ("code actions on a finding", acting)):
        values.sort()
        print(f"latency of the {name}: median {statistics.median(values):.1f} ms, p90 {values[int(len(values) * 0.9)]:.1f} ms, max {values[-1]:.1f} ms ({len(values)} edits)")


async def memory(root: Path, edits: int) -> None:
    session = Session()
    await session.start(root, 0)
    uri, line = await open_article(session, root / ARTICLE)
    samples = [(0, session.rss_kb())]
    start = time.perf_counter()
    for version in range(2, edits + 2):
        params = edit(version, line)
        params.text_document.uri = uri
        session.client.text_document_did_change(params)
        await session.wait(uri, version, 2)
        if version % 10 == 0:
            await code_actions(session, uri)
        if (version - 1) % 100 == 0:
            samples.append((version - 1, session.rss_kb()))
    elapsed = time.perf_counter() - start
    await session.stop()
    print(f"memory over {edits} edits ({elapsed / edits * 1000:.1f} ms an edit, debounce 0): " + ", ".join(f"{n}: {kb / 1024:.1f} MB" for n, kb in samples))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--edits", type=int, default=40, help="edits timed for latency (default 40)")
    parser.add_argument("--memory-edits", type=int, default=1000, help="edits of the memory run (default 1000)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "site"
        shutil.copytree(CORPUS, root)
        asyncio.run(latency(root, args.edits))
        asyncio.run(memory(root, args.memory_edits))


if __name__ == "__main__":
    main()
