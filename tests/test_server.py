"""The language server end to end: a real LSP client (pytest-lsp) drives ``artlint server``."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from artlint.fingerprint import fingerprint

ARTICLE = '---\ntitle: "Emoji and CJK"\ndate: 2024-01-02\n---\n\nIntro 🙂 中文 <img src="a.png"> end.\n\nSecond paragraph.\n'
TWIN = '---\ntitle: "A title written twice"\n---\n\n<p>One body of its own, with words that no other article shares at all.</p>\n'


#: The version of each uri's last publishDiagnostics (pytest-lsp keeps only the list).
VERSIONS: dict[str, int | None] = {}


def published(client: LanguageClient, params: lsp.PublishDiagnosticsParams) -> None:
    client.diagnostics[params.uri] = params.diagnostics
    VERSIONS[params.uri] = params.version


def make_client() -> LanguageClient:
    client = LanguageClient(converter_factory=default_converter)
    register_lsp_features(client, {**DEFAULT_CLIENT_FEATURES, lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: published})
    return client


#: A rule plugin whose findings carry fixes (example.misspelling: 'teh' → 'the' safe,
#: 'irregardless' → 'regardless' unsafe), installed for the server by its PYTHONPATH — before
#: the tests' own (where it names the artlint under test, the server runs that one too).
PLUGIN = Path(__file__).parent / "server_plugin"
PYTHONPATH = os.pathsep.join(filter(None, [str(PLUGIN), os.environ.get("PYTHONPATH")]))
SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "artlint", "server"], client_factory=make_client, server_env={"ARTLINT_TODAY": "2025-06-01", "PYTHONPATH": PYTHONPATH})


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("project")
    (root / "artlint.toml").write_text("")
    (root / "a.md").write_text(ARTICLE)  # on disk as in the buffer: the buffer is what counts
    (root / "quiet").mkdir()
    (root / "quiet" / "artlint.toml").write_text('ignore = ["alt-missing"]\n')
    (root / "broken").mkdir()
    (root / "broken" / "artlint.toml").write_text("select = 3\n")
    (root / "twin-1.md").write_text(TWIN)
    (root / "twin-2.md").write_text(TWIN.replace("One body", "Another body entirely").replace("no other", "none of the other"))
    return root


@pytest_lsp.fixture(scope="module", config=SERVER)
async def client(lsp_client: LanguageClient, project: Path):  # type: ignore[no-untyped-def]
    await lsp_client.initialize_session(lsp.InitializeParams(capabilities=lsp.ClientCapabilities(), root_uri=project.as_uri()))
    yield
    await lsp_client.shutdown_session()


async def diagnostics_of(client: LanguageClient, uri: str, version: int, timeout: float = 10) -> list[lsp.Diagnostic]:
    """The diagnostics the server published for ``version`` of ``uri`` (the latest of them)."""

    async def wait() -> list[lsp.Diagnostic]:
        while True:
            if VERSIONS.get(uri) == version:
                return list(client.diagnostics[uri])
            await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)

    return await asyncio.wait_for(wait(), timeout)


async def open_text(client: LanguageClient, path: Path, text: str, version: int = 1) -> list[lsp.Diagnostic]:
    uri = path.as_uri()
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(uri=uri, language_id="markdown", version=version, text=text)))
    return await diagnostics_of(client, uri, version)


def change(client: LanguageClient, path: Path, version: int, *changes: lsp.TextDocumentContentChangeEvent) -> None:
    document = lsp.VersionedTextDocumentIdentifier(uri=path.as_uri(), version=version)
    client.text_document_did_change(lsp.DidChangeTextDocumentParams(text_document=document, content_changes=list(changes)))


def utf16_offset(text: str, position: lsp.Position) -> int:
    """The code-point offset of an LSP position (UTF-16 characters) in ``text``."""
    lines = text.splitlines(keepends=True)
    offset = sum(len(line) for line in lines[: position.line])
    line, units = lines[position.line] if position.line < len(lines) else "", 0
    for i, char in enumerate(line):
        if units >= position.character:
            return offset + i
        units += 2 if ord(char) > 0xFFFF else 1
    return offset + len(line)


def applied(text: str, edits: list[lsp.TextEdit]) -> str:
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        start, end = utf16_offset(text, edit.range.start), utf16_offset(text, edit.range.end)
        text = text[:start] + edit.new_text + text[end:]
    return text


def codes(diagnostics: list[lsp.Diagnostic]) -> list[str]:
    return sorted(str(d.code) for d in diagnostics)


@pytest.mark.asyncio(loop_scope="module")
async def test_diagnostics_at_utf16_ranges(client: LanguageClient, project: Path) -> None:
    found = await open_text(client, project / "a.md", ARTICLE)
    (alt,) = [d for d in found if d.code == "alt-missing"]
    # "Intro 🙂 中文 <img": the emoji is two UTF-16 units, each CJK character one.
    assert (alt.range.start.line, alt.range.start.character) == (5, 12)
    assert (alt.range.end.line, alt.range.end.character) == (5, 29)
    assert alt.severity == lsp.DiagnosticSeverity.Error and alt.source == "artlint"


@pytest.mark.asyncio(loop_scope="module")
async def test_the_unsaved_buffer_is_linted_on_change(client: LanguageClient, project: Path) -> None:
    path = project / "b.md"  # not on disk at all
    found = await open_text(client, path, ARTICLE)
    assert "alt-missing" in codes(found)
    line = ARTICLE.splitlines()[5]
    at = len(line[: line.index("<img ") + 4].encode("utf-16-le")) // 2
    insert = lsp.TextDocumentContentChangePartial(range=lsp.Range(start=lsp.Position(line=5, character=at), end=lsp.Position(line=5, character=at)), text=' alt="A cat"')
    change(client, path, 2, insert)
    assert "alt-missing" not in codes(await diagnostics_of(client, path.as_uri(), 2))
    change(client, path, 3, lsp.TextDocumentContentChangeWholeDocument(text=ARTICLE.replace("date:", "title: again\ndate:")))
    assert codes(await diagnostics_of(client, path.as_uri(), 3)) == sorted(["alt-missing", "frontmatter-duplicate-key"])


async def disable(client: LanguageClient, path: Path, text: str, rule: str, version: int) -> tuple[str, list[lsp.Diagnostic]]:
    """Ask for the code actions on ``rule``'s finding, apply "disable", lint the result."""
    before = await open_text(client, path, text, version)
    (finding,) = [d for d in before if d.code == rule]
    context = lsp.CodeActionContext(diagnostics=[finding])
    params = lsp.CodeActionParams(text_document=lsp.TextDocumentIdentifier(uri=path.as_uri()), range=finding.range, context=context)
    offered = await client.text_document_code_action_async(params)
    (action,) = [a for a in offered or [] if isinstance(a, lsp.CodeAction) and a.title == f"Disable {rule} for this line"]
    assert action.kind == lsp.CodeActionKind.QuickFix and action.edit is not None and action.edit.document_changes
    edit = action.edit.document_changes[0]
    assert isinstance(edit, lsp.TextDocumentEdit) and edit.text_document.version == version
    new = applied(text, edit.edits)  # type: ignore[arg-type]
    change(client, path, version + 1, lsp.TextDocumentContentChangeWholeDocument(text=new))
    after = await diagnostics_of(client, path.as_uri(), version + 1)
    expected = codes(before)
    expected.remove(rule)
    assert codes(after) == expected
    return new, after


@pytest.mark.asyncio(loop_scope="module")
async def test_code_action_disables_a_body_finding(client: LanguageClient, project: Path) -> None:
    new, after = await disable(client, project / "c.md", ARTICLE, "alt-missing", 1)
    assert "\n<!-- artlint-disable-next-line alt-missing -->\nIntro 🙂" in new
    assert "alt-missing" not in codes(after)


@pytest.mark.asyncio(loop_scope="module")
async def test_code_action_in_yaml_front_matter_writes_a_yaml_comment(client: LanguageClient, project: Path) -> None:
    text = ARTICLE.replace("date: 2024-01-02\n", "date: 2024-01-02\n  # indented\ndraft: no\n").replace("<img", "<img alt=''")
    new, after = await disable(client, project / "d.md", text, "frontmatter-implicit-type", 1)
    assert "\n# artlint-disable-next-line frontmatter-implicit-type\ndraft: no\n" in new
    assert codes(after) == []


@pytest.mark.asyncio(loop_scope="module")
async def test_code_action_extends_a_directive_already_there(client: LanguageClient, project: Path) -> None:
    text = ARTICLE.replace("Intro", "<!-- artlint-disable-next-line link-fragment -->\nIntro").replace("end.", "end [x](#nowhere).")
    new, _after = await disable(client, project / "e.md", text, "alt-missing", 1)
    assert "<!-- artlint-disable-next-line link-fragment, alt-missing -->\nIntro" in new


@pytest.mark.asyncio(loop_scope="module")
async def test_code_action_in_an_mdx_body_writes_a_jsx_comment(client: LanguageClient, project: Path) -> None:
    # MDX has no HTML comments: the action writes {/* … */}, which artlint reads in MDX.
    text = ARTICLE.replace("Intro", "import Figure from './Figure';\n\n<Figure>\n  <img src='b.png' />\n</Figure>\n\nIntro").replace('<img src="a.png">', "a cat")
    new, after = await disable(client, project / "f.mdx", text, "alt-missing", 1)
    assert "<Figure>\n  {/* artlint-disable-next-line alt-missing */}\n  <img src='b.png' />\n" in new
    assert "alt-missing" not in codes(after)


@pytest.mark.asyncio(loop_scope="module")
async def test_hover_shows_the_rule_explanation(client: LanguageClient, project: Path) -> None:
    found = await open_text(client, project / "f.md", ARTICLE)
    (alt,) = [d for d in found if d.code == "alt-missing"]
    hover = await client.text_document_hover_async(lsp.HoverParams(text_document=lsp.TextDocumentIdentifier(uri=(project / "f.md").as_uri()), position=alt.range.start))
    assert hover is not None and isinstance(hover.contents, lsp.MarkupContent)
    assert hover.contents.value.startswith("**alt-missing** (error):") and "Bad" in hover.contents.value
    assert "Options" in hover.contents.value  # (all that `artlint explain alt-missing` prints)
    nothing = await client.text_document_hover_async(lsp.HoverParams(text_document=lsp.TextDocumentIdentifier(uri=(project / "f.md").as_uri()), position=lsp.Position(line=7, character=0)))
    assert nothing is None


@pytest.mark.asyncio(loop_scope="module")
async def test_nearest_configuration_applies_and_a_bad_one_is_reported(client: LanguageClient, project: Path) -> None:
    assert "alt-missing" not in codes(await open_text(client, project / "quiet" / "g.md", ARTICLE))
    (problem,) = await open_text(client, project / "broken" / "h.md", ARTICLE)
    assert "select" in problem.message and problem.severity == lsp.DiagnosticSeverity.Error


@pytest.mark.asyncio(loop_scope="module")
async def test_cross_file_findings_follow_the_buffer(client: LanguageClient, project: Path) -> None:
    path = project / "twin-1.md"
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(uri=path.as_uri(), language_id="markdown", version=1, text=TWIN)))

    async def duplicate_title() -> lsp.Diagnostic:
        while True:
            await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
            found = [d for d in client.diagnostics.get(path.as_uri(), []) if d.code == "duplicate-title"]
            if found:
                return found[0]

    finding = await asyncio.wait_for(duplicate_title(), 10)
    assert "twin-2.md" in finding.message and finding.range.start.line == 1
    assert finding.data == {"fingerprint": fingerprint("duplicate-title", finding.message)}  # as a run gives it
    change(client, path, 2, lsp.TextDocumentContentChangeWholeDocument(text=TWIN.replace("written twice", "written once")))
    await diagnostics_of(client, path.as_uri(), 2)
    await asyncio.sleep(0.5)  # (time for the corpus's answer, were there one)
    assert "duplicate-title" not in codes(client.diagnostics[path.as_uri()])


MISSPELT = '---\ntitle: "Misspelt"\n---\n\nIntro 🙂 中文 teh cat, teh dog, irregardless.\n'


async def actions_on(client: LanguageClient, path: Path, where: lsp.Range, only: list[str] | None = None) -> list[lsp.CodeAction]:
    params = lsp.CodeActionParams(text_document=lsp.TextDocumentIdentifier(uri=path.as_uri()), range=where, context=lsp.CodeActionContext(diagnostics=[], only=only))
    return [a for a in await client.text_document_code_action_async(params) or [] if isinstance(a, lsp.CodeAction)]


def edits_of(action: lsp.CodeAction, version: int) -> list[lsp.TextEdit]:
    assert action.edit is not None and action.edit.document_changes
    (change_,) = action.edit.document_changes
    assert isinstance(change_, lsp.TextDocumentEdit) and change_.text_document.version == version
    return change_.edits  # type: ignore[return-value]


@pytest.mark.asyncio(loop_scope="module")
async def test_fix_action_edits_at_utf16_positions(client: LanguageClient, project: Path) -> None:
    path = project / "fix.md"
    found = await open_text(client, path, MISSPELT)
    first = min((d for d in found if d.code == "example.misspelling"), key=lambda d: d.range.start.character)
    assert (first.range.start.line, first.range.start.character, first.range.end.character) == (4, 12, 15)  # 🙂 counts two
    offered = await actions_on(client, path, first.range)
    fix = next(a for a in offered if a.title == "Write 'the'")
    assert fix.kind == lsp.CodeActionKind.QuickFix and fix.is_preferred and fix.diagnostics and fix.diagnostics[0].range == first.range
    (edit,) = edits_of(fix, 1)
    assert edit.range == first.range and edit.new_text == "the"
    assert any(a.title == "Disable example.misspelling for this line" for a in offered)
    change(client, path, 2, lsp.TextDocumentContentChangeWholeDocument(text=applied(MISSPELT, [edit])))
    after = await diagnostics_of(client, path.as_uri(), 2)
    assert codes(after) == ["example.misspelling"] * 2  # one 'teh' and 'irregardless' left


@pytest.mark.asyncio(loop_scope="module")
async def test_an_unsafe_fix_is_offered_but_not_preferred(client: LanguageClient, project: Path) -> None:
    path = project / "unsafe.md"
    found = await open_text(client, path, MISSPELT)
    (finding,) = [d for d in found if "irregardless" in d.message]
    (fix,) = [a for a in await actions_on(client, path, finding.range) if a.title.startswith("Write")]
    assert fix.title == "Write 'regardless' (unsafe fix)" and not fix.is_preferred


@pytest.mark.asyncio(loop_scope="module")
async def test_fix_all_makes_the_safe_fixes_of_a_bom_buffer(client: LanguageClient, project: Path) -> None:
    path = project / "all.md"
    text = "\ufeff" + MISSPELT.replace("\n", "\r\n")
    found = await open_text(client, path, text)
    assert len(found) == 3
    whole = lsp.Range(start=lsp.Position(line=0, character=0), end=lsp.Position(line=6, character=0))
    assert await actions_on(client, path, whole, only=[lsp.CodeActionKind.QuickFix.value]) and all(a.kind == lsp.CodeActionKind.QuickFix for a in await actions_on(client, path, whole, only=["quickfix"]))
    (everything,) = await actions_on(client, path, whole, only=[lsp.CodeActionKind.SourceFixAll.value])
    assert everything.kind == "source.fixAll.artlint" and everything.title == "Fix all safe fixes in this file"
    new = applied(text, edits_of(everything, 1))
    assert new == text.replace("teh", "the")  # the BOM and the CRLF kept; the unsafe fix not made
    change(client, path, 2, lsp.TextDocumentContentChangeWholeDocument(text=new))
    (left,) = await diagnostics_of(client, path.as_uri(), 2)
    assert "irregardless" in left.message
    assert await actions_on(client, path, whole, only=["source.fixAll.artlint"]) == []


@pytest.mark.asyncio(loop_scope="module")
async def test_fix_all_right_after_a_change_fixes_the_changed_text(client: LanguageClient, project: Path) -> None:
    # (a save straight after typing: the change still waits for the debounce)
    path = project / "save.md"
    await open_text(client, path, MISSPELT)
    typed = MISSPELT.replace("Intro", "Intro teh")
    change(client, path, 2, lsp.TextDocumentContentChangeWholeDocument(text=typed))
    whole = lsp.Range(start=lsp.Position(line=0, character=0), end=lsp.Position(line=5, character=0))
    (everything,) = await actions_on(client, path, whole, only=["source.fixAll"])
    assert applied(typed, edits_of(everything, 2)) == typed.replace("teh", "the")


FENCED = '---\ntitle: "Fenced"\nmeta: {mood: "🙂中文", draft: no}\n---\n\n```html\n<p>中文 🙂 text &amp; more</p>\n```\n'


@pytest.mark.asyncio(loop_scope="module")
async def test_the_rules_own_fixes_quote_a_value_and_unwrap_a_fenced_body(client: LanguageClient, project: Path) -> None:
    path = project / "fenced.md"
    text = "\ufeff" + FENCED.replace("\n", "\r\n")
    found = await open_text(client, path, text)
    assert codes(found) == ["body-code-fence", "frontmatter-implicit-type"]
    (value,) = [d for d in found if d.code == "frontmatter-implicit-type"]
    assert (value.range.start.line, value.range.start.character, value.range.end.character) == (2, 28, 30)  # `meta: {mood: "` 14, 🙂 two, 中文 two, `", draft: ` 10
    (quote,) = [a for a in await actions_on(client, path, value.range) if a.title.startswith("Quote")]
    (edit,) = edits_of(quote, 1)
    assert edit.range == value.range and edit.new_text == '"no"'
    quoted = applied(text, [edit])
    change(client, path, 2, lsp.TextDocumentContentChangeWholeDocument(text=quoted))
    assert codes(await diagnostics_of(client, path.as_uri(), 2)) == ["body-code-fence"]
    whole = lsp.Range(start=lsp.Position(line=0, character=0), end=lsp.Position(line=8, character=0))
    (everything,) = await actions_on(client, path, whole, only=["source.fixAll"])
    unwrapped = applied(quoted, edits_of(everything, 2))
    assert unwrapped == quoted.replace("```html\r\n", "").replace("```\r\n", "")  # the BOM and the CRLF kept
    change(client, path, 3, lsp.TextDocumentContentChangeWholeDocument(text=unwrapped))
    assert codes(await diagnostics_of(client, path.as_uri(), 3)) == []
