"""``artlint server``: the Language Server Protocol over stdio (pygls).

Diagnostics of a buffer on open at once and on change after a pause (``DEBOUNCE``), of its
unsaved text; cross-file findings follow when the corpus index answers (its first use
reads the corpus). Lints run in one worker thread, the corpus in another, so the event
loop keeps answering; a result for a version the buffer has left is dropped. Code actions
come from ``actions``; hover shows the explanation of the rules found under the cursor.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.uris import to_fs_path

from .. import __version__
from ..diagnostic import Diagnostic, UsageError
from ..source import LineIndex
from . import actions, adapter
from .positions import UTF16, Lines

#: Seconds without a change before a changed buffer is linted (initializationOptions
#: ``{"debounce": milliseconds}`` sets another).
DEBOUNCE = 0.2
#: The code action that makes every safe fix of a file (``editor.codeActionsOnSave`` names it).
FIX_ALL = f"{lsp.CodeActionKind.SourceFixAll.value}.artlint"
FIX_ALL_TITLE = "Fix all safe fixes in this file"
_SEVERITY = {"error": lsp.DiagnosticSeverity.Error, "warning": lsp.DiagnosticSeverity.Warning, "info": lsp.DiagnosticSeverity.Information}


@dataclass
class Linted:
    """A buffer's version as linted: its findings, and what acting on them needs."""

    uri: str
    version: int | None
    text: str
    path: str = ""  # as the command line shows it
    findings: list[Diagnostic] = field(default_factory=list)  # per-file
    cross: list[Diagnostic] = field(default_factory=list)  # cross-file, once the corpus answered
    error: str | None = None  # a configuration or schema problem
    resolved: adapter.Resolved | None = None
    facts: Any = None  # the lint's result, for the corpus
    offered: dict[Any, list[actions.Action]] = field(default_factory=dict)  # by finding, and "fix-all"


class _Protocol(LanguageServerProtocol):
    """pygls 2.1 keeps the future of every notification it handles with a generator,
    coroutine or thread (didChange: two an edit) among those of requests, and only a
    response removes one there: a server took 2.3 kB more an edit, without end. Each is
    dropped here once done."""

    def _handle_notification(self, method_name: str, params: Any) -> None:
        futures = self._request_futures
        before = set(futures)
        super()._handle_notification(method_name, params)
        for msg_id in set(futures) - before:
            future = futures[msg_id]
            if future.done():
                futures.pop(msg_id, None)
            else:
                future.add_done_callback(partial(_forget, futures, msg_id))


def _forget(futures: dict[Any, Any], msg_id: Any, _done: Any) -> None:
    futures.pop(msg_id, None)


class ArtlintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("artlint", __version__, text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental, protocol_cls=_Protocol)
        self.lint_lane = ThreadPoolExecutor(1, "artlint-lint")
        self.corpus_lane = ThreadPoolExecutor(1, "artlint-corpus")
        self.corpus = adapter.CorpusView()
        self.linted: dict[str, Linted] = {}
        self.pending: dict[str, asyncio.Task[None]] = {}
        self._settings: adapter.Settings | None = None
        self.debounce = DEBOUNCE

    @property
    def settings(self) -> adapter.Settings:
        if self._settings is None:
            from .. import registry

            self._settings = adapter.Settings(registry.load())
        return self._settings

    def encoding(self) -> str:
        return str(getattr(self.workspace, "position_encoding", None) or UTF16)

    # ------------------------------------------------------------------ linting

    def schedule(self, uri: str, delay: float) -> None:
        """Lint ``uri`` after ``delay`` seconds, in place of a lint not yet started."""
        task = self.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        self.pending[uri] = asyncio.get_running_loop().create_task(self._lint_later(uri, delay))

    async def _lint_later(self, uri: str, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)
        document = self.workspace.get_text_document(uri)
        version, text = document.version, document.source
        loop = asyncio.get_running_loop()
        linted = await loop.run_in_executor(self.lint_lane, self.lint, uri, version, text)
        if self.workspace.get_text_document(uri).version != version:
            return  # the buffer moved on: its own lint publishes
        self.linted[uri] = linted
        self.publish(linted)
        if linted.facts is not None and linted.resolved is not None:
            cross, problem = await loop.run_in_executor(self.corpus_lane, self.cross, linted)
            if problem is not None:
                self.window_log_message(lsp.LogMessageParams(type=lsp.MessageType.Warning, message=problem))
            if self.linted.get(uri) is linted and cross:
                linted.cross = cross
                self.publish(linted)

    def lint(self, uri: str, version: int | None, text: str) -> Linted:
        """The per-file findings of a buffer (in the lint thread)."""
        linted = Linted(uri, version, text)
        path = to_fs_path(uri) if uri.startswith("file:") else None
        if path is None:
            return linted  # (an unsaved, unnamed buffer: no configuration applies)
        from ..discover import display_path

        linted.path = display_path(path, os.getcwd())
        try:
            resolved = self.settings.resolve(os.path.abspath(path))
            if resolved.included:
                result = adapter.lint_buffer(linted.path, text, resolved.settings, self.settings.known)
                linted.findings, linted.resolved, linted.facts = result.diagnostics, resolved, result
        except UsageError as err:
            linted.error = str(err)
        except Exception as err:  # never a dead server: say what failed, where the user looks
            linted.error = f"artlint failed on this file: {type(err).__name__}: {err}"
        return linted

    def cross(self, linted: Linted) -> tuple[list[Diagnostic], str | None]:
        """The cross-file findings of a linted buffer (in the corpus thread), or why not."""
        assert linted.resolved is not None
        try:
            return self.corpus.findings(linted.resolved.config, linted.path, linted.facts), None
        except Exception as err:  # (a database error, a bug): the per-file findings stand
            return [], f"artlint: cross-file rules failed: {type(err).__name__}: {err}"

    def publish(self, linted: Linted) -> None:
        self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=linted.uri, diagnostics=self.diagnostics(linted), version=linted.version))

    def diagnostics(self, linted: Linted) -> list[lsp.Diagnostic]:
        lines = Lines(linted.text, self.encoding())
        out = [self.diagnostic(lines, d) for d in [*linted.findings, *linted.cross]]
        if linted.error is not None:
            nowhere = lsp.Range(start=lsp.Position(line=0, character=0), end=lsp.Position(line=0, character=0))
            out.insert(0, lsp.Diagnostic(range=nowhere, message=linted.error, severity=lsp.DiagnosticSeverity.Error, source="artlint"))
        return out

    @staticmethod
    def diagnostic(lines: Lines, d: Diagnostic) -> lsp.Diagnostic:
        (line, character), (end_line, end_character) = lines.range(d.span)
        where = lsp.Range(start=lsp.Position(line=line, character=character), end=lsp.Position(line=end_line, character=end_character))
        severity = _SEVERITY.get(d.severity, lsp.DiagnosticSeverity.Warning)
        return lsp.Diagnostic(range=where, message=d.message, severity=severity, code=d.rule, source="artlint", data={"fingerprint": d.fingerprint})

    def forget(self, uri: str) -> None:
        task = self.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        self.linted.pop(uri, None)
        self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    # ------------------------------------------------------------------ acting on findings

    def current(self, uri: str) -> Linted | None:
        """The lint of the buffer as it is now (None while a newer one is pending)."""
        linted = self.linted.get(uri)
        if linted is None or self.workspace.get_text_document(uri).version != linted.version:
            return None
        return linted

    async def now(self, uri: str) -> Linted | None:
        """The lint of the buffer as it is now, made at once where its last change waits for
        the debounce (a save right after typing asks for the fixes of what it writes)."""
        linted = self.current(uri)
        if linted is not None or uri not in self.pending:
            return linted
        document = self.workspace.get_text_document(uri)
        version, text = document.version, document.source
        linted = await asyncio.get_running_loop().run_in_executor(self.lint_lane, self.lint, uri, version, text)
        return linted if self.workspace.get_text_document(uri).version == version else None

    def under(self, linted: Linted, where: lsp.Range, everything: bool = False) -> list[Diagnostic]:
        """The findings whose range meets ``where`` (per-file ones; ``everything``: cross-file too)."""
        lines = Lines(linted.text, self.encoding())
        found = []
        for d in [*linted.findings, *(linted.cross if everything else ())]:
            start, end = lines.range(d.span)
            if start <= (where.end.line, where.end.character) and (where.start.line, where.start.character) <= end:
                found.append(d)
        return found

    def offer(self, linted: Linted, finding: Diagnostic) -> list[actions.Action]:
        """The proven actions on ``finding`` (in the lint thread; kept for the version)."""
        key = (finding.rule, finding.span, finding.fingerprint)
        if key not in linted.offered:
            try:
                doc = adapter.load_document(linted.path, linted.text)
                linted.offered[key] = actions.offer(linted.text, doc, finding, linted.findings, self.relint(linted))
            except Exception:  # (a bug in a rule on the edited text): no action rather than an error
                linted.offered[key] = []
        return linted.offered[key]

    def relint(self, linted: Linted) -> actions.Relint:
        """A text's findings and Document, with the settings ``linted`` was linted with."""
        assert linted.resolved is not None
        settings, known = linted.resolved.settings, self.settings.known

        def relint(text: str) -> tuple[Sequence[Diagnostic], Any]:
            return adapter.lint_buffer(linted.path, text, settings, known).diagnostics, adapter.load_document(linted.path, text)

        return relint

    def fix_all(self, linted: Linted) -> actions.Action | None:
        """The action that makes every safe fix of the buffer, as one edit of the lines they
        change (in the lint thread; kept for the version); None where no fix applies."""
        if "fix-all" not in linted.offered:
            linted.offered["fix-all"] = []
            if any(d.fix is not None for d in linted.findings):
                try:
                    new = actions.fix_all(linted.text, linted.findings, self.relint(linted))
                except Exception:  # (a bug in a rule on the edited text): no action rather than an error
                    new = None
                if new is not None:
                    start, end, text = actions.changed_region(actions.split_bom(linted.text)[1], actions.split_bom(new)[1])
                    linted.offered["fix-all"] = [actions.Action(FIX_ALL_TITLE, (actions.Edit(start, end, text),))]
        return linted.offered["fix-all"][0] if linted.offered["fix-all"] else None

    def edit(self, linted: Linted, edits: Sequence[actions.Edit]) -> lsp.WorkspaceEdit:
        """``edits`` (offsets of the file's text) as an edit of the buffer's version."""
        lines = Lines(linted.text, self.encoding())
        index = LineIndex(actions.split_bom(linted.text)[1])
        changes: list[lsp.TextEdit | lsp.AnnotatedTextEdit | lsp.SnippetTextEdit] = []
        for e in edits:
            (line, character), (end_line, end_character) = lines.position(index, e.start), lines.position(index, e.end)
            where = lsp.Range(start=lsp.Position(line=line, character=character), end=lsp.Position(line=end_line, character=end_character))
            changes.append(lsp.TextEdit(range=where, new_text=e.text))
        document = lsp.OptionalVersionedTextDocumentIdentifier(uri=linted.uri, version=linted.version)
        return lsp.WorkspaceEdit(document_changes=[lsp.TextDocumentEdit(text_document=document, edits=changes)])

    def code_action(self, linted: Linted, finding: Diagnostic, action: actions.Action) -> lsp.CodeAction:
        diagnostic = self.diagnostic(Lines(linted.text, self.encoding()), finding)
        return lsp.CodeAction(title=action.title, kind=lsp.CodeActionKind.QuickFix, diagnostics=[diagnostic], edit=self.edit(linted, action.edits), is_preferred=action.preferred)

    def hover_text(self, findings: Sequence[Diagnostic]) -> str:
        """What ``artlint explain`` prints of each rule found, as Markdown."""
        from ..registry import options_text

        parts = []
        for rule_id in dict.fromkeys(d.rule for d in findings):
            rule = self.settings.rules.get(rule_id)
            if rule is not None:
                header, *options = [line for line in options_text(rule) if line]
                listed = f"\n\n```toml\n{chr(10).join(line.strip() for line in options)}\n```" if options else ""
                parts.append(f"**{rule.id}** ({rule.severity}): {rule.summary.strip()}\n\n{rule.explanation.strip()}\n\n{header}{listed}")
        return "\n\n---\n\n".join(parts)

    def close(self) -> None:
        """Stop the lanes: pending lints dropped, the corpus index closed in its own thread."""
        for task in self.pending.values():
            task.cancel()
        self.corpus.stopping.set()  # (a first reading of the corpus stops at the next file)
        self.lint_lane.shutdown(wait=False, cancel_futures=True)
        self.corpus_lane.submit(self.corpus.close)
        self.corpus_lane.shutdown(wait=False)


def wanted(kind: str, only: Sequence[str] | None) -> bool:
    """Whether the client's ``only`` takes actions of ``kind`` (a kind takes its sub-kinds)."""
    return not only or any(kind == str(k) or kind.startswith(f"{k}.") for k in only)


#: The server's handlers: (LSP method, its options, the handler), registered by ``make_server``.
_HANDLERS: list[tuple[str, Any, Callable[..., Any]]] = []
_Handler = TypeVar("_Handler", bound=Callable[..., Any])


def _handles(method: str, options: Any = None) -> Callable[[_Handler], _Handler]:
    """Declare a handler of ``method`` (pygls passes the server as its first argument, ``ls``)."""

    def register(handler: _Handler) -> _Handler:
        _HANDLERS.append((method, options, handler))
        return handler

    return register


def make_server() -> ArtlintServer:
    server = ArtlintServer()
    for method, options, handler in _HANDLERS:
        server.feature(method, options)(handler)
    return server


@_handles(lsp.INITIALIZE)
def initialize(ls: ArtlintServer, params: lsp.InitializeParams) -> None:
    options = params.initialization_options
    if isinstance(options, dict) and isinstance(options.get("debounce"), (int, float)) and 0 <= options["debounce"] <= 10_000:
        ls.debounce = options["debounce"] / 1000


@_handles(lsp.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: ArtlintServer, params: lsp.DidOpenTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri, 0)


@_handles(lsp.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: ArtlintServer, params: lsp.DidChangeTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri, ls.debounce)


@_handles(lsp.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: ArtlintServer, params: lsp.DidSaveTextDocumentParams) -> None:
    ls.corpus.stale()  # (the next lint surveys the files on disk again)


@_handles(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_files(ls: ArtlintServer, params: lsp.DidChangeWatchedFilesParams) -> None:
    ls.corpus.stale()
    for uri in list(ls.linted):  # a configuration or schema may have changed
        ls.schedule(uri, ls.debounce)


@_handles(lsp.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: ArtlintServer, params: lsp.DidCloseTextDocumentParams) -> None:
    ls.forget(params.text_document.uri)


@_handles(lsp.TEXT_DOCUMENT_CODE_ACTION, lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix, FIX_ALL]))
async def code_action(ls: ArtlintServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
    linted = await ls.now(params.text_document.uri)
    if linted is None or linted.resolved is None:
        return []
    loop = asyncio.get_running_loop()
    out = []
    if wanted(lsp.CodeActionKind.QuickFix, params.context.only):
        for finding in ls.under(linted, params.range):
            for action in await loop.run_in_executor(ls.lint_lane, ls.offer, linted, finding):
                out.append(ls.code_action(linted, finding, action))
    if wanted(FIX_ALL, params.context.only):
        everything = await loop.run_in_executor(ls.lint_lane, ls.fix_all, linted)
        if everything is not None:
            out.append(lsp.CodeAction(title=everything.title, kind=FIX_ALL, edit=ls.edit(linted, everything.edits)))
    return out


@_handles(lsp.TEXT_DOCUMENT_HOVER)
def hover(ls: ArtlintServer, params: lsp.HoverParams) -> lsp.Hover | None:
    linted = ls.current(params.text_document.uri)
    if linted is None:
        return None
    findings = ls.under(linted, lsp.Range(params.position, params.position), everything=True)
    text = ls.hover_text(findings)
    return lsp.Hover(contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=text)) if text else None


@_handles(lsp.SHUTDOWN)
def shutdown(ls: ArtlintServer, params: None) -> None:
    ls.close()
