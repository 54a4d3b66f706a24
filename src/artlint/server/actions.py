"""Code actions: edits an editor offers on a finding.

An action is made by a provider — a function of the file's text, its Document and one
finding that returns ``Action``s (a title and edits), ways to one end, best first — and the
first is offered that ``verify`` proves: applied and linted again, the finding is gone and no finding comes;
a suppression also leaves every other finding, the front matter's data and the Markdown
body's block structure as they were. Edits are offsets of the file's text (code points
after any BOM), the basis of ``source.Span`` and of the fixes rules declare.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import Any, NamedTuple

from ..diagnostic import Diagnostic
from ..fix import MAX_PASSES, Applicability, applicable, apply as apply_fixes
from ..source import LINE_END
from ..suppress import parse_comment

BOM = "\ufeff"

#: A text's findings and parsed Document (the server lints with the file's settings).
Relint = Callable[[str], "tuple[Sequence[Diagnostic], Any]"]


class Edit(NamedTuple):
    """Replace the file text's characters ``start``..``end`` (end exclusive) with ``text``."""

    start: int
    end: int
    text: str


class Action(NamedTuple):
    title: str
    edits: tuple[Edit, ...]
    preferred: bool = False
    suppression: bool = False  # a comment: it must change nothing but its finding


def apply(text: str, edits: Sequence[Edit]) -> str:
    """``text`` with ``edits`` (at distinct places) made."""
    out, at = [], 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        out.append(text[at : edit.start])
        out.append(edit.text)
        at = edit.end
    out.append(text[at:])
    return "".join(out)


def split_bom(buffer: str) -> tuple[str, str]:
    """(the BOM or "", the file's text): an editor's buffer may hold the BOM, artlint's offsets do not."""
    return (BOM, buffer[1:]) if buffer.startswith(BOM) else ("", buffer)


# ----------------------------------------------------------------------------- disable for this line


def disable_next_line(text: str, doc: Any, finding: Diagnostic) -> list[Action]:
    """Ways to suppress ``finding`` with an ``artlint-disable-next-line`` comment, best first:
    the rule added to the directive above; a comment line above the finding's, indented as
    it (an HTML comment in the body, ``{/* … */}`` in an MDX body, a ``#`` comment in YAML or
    TOML front matter); in a Markdown or MDX body, the comment at the end of the line above where that line is a
    paragraph's (a comment line would split the paragraph, or a list)."""
    index = doc.index
    line = finding.span.line
    if not 1 <= line <= index.line_count:
        return []
    fm = doc.frontmatter
    in_matter = fm is not None and fm.region.line <= line <= index.position(fm.region.end)[0]
    title = f"Disable {finding.rule} for this line"
    where = "matter" if in_matter else doc.kind
    if line > 1:
        extend = _extension(index.line_text(line - 1), where, finding.rule)
        if extend is not None:
            at = index.offset(line - 1) + extend
            return [Action(title, (Edit(at, at, f", {finding.rule}"),), suppression=True)] if extend >= 0 else []
    comment = _comment(f"artlint-disable-next-line {finding.rule}", where)
    current = index.line_text(line)
    indent = current[: len(current) - len(current.lstrip(" \t"))]
    at = index.offset(line)
    own = Action(title, (Edit(at, at, f"{indent}{comment}\n"),), suppression=True)
    if in_matter or line == 1:
        return [own]  # (the file's own line end: see offer)
    above, inside = index.line_text(line - 1), _paragraph_rows(doc, line)
    if inside[0] is None or above.endswith(("  ", "\\")):  # (after a hard line break, the comment would undo it)
        return [own]
    end = index.offset(line - 1) + len(above)
    inline = Action(title, (Edit(end, end, f" {comment}"),), suppression=True)
    return [inline] if inside[0] == inside[1] else [own, inline]


def _paragraph_rows(doc: Any, line: int) -> tuple[int | None, int | None]:
    """The paragraphs (by their first line) of a Markdown body's line above ``line`` and of
    ``line`` (1-based lines of the file); None for a line in none, or outside the body."""
    if doc.kind == "html" or doc.body.line > line - 1:
        return None, None
    row = line - doc.body.line  # 0-based, of the body
    paragraphs = _paragraphs(doc)
    return next((s for s, e in paragraphs if s <= row - 1 < e), None), next((s for s, e in paragraphs if s <= row < e), None)


#: The comment forms, by where the line is: front matter, an MDX body (MDX has no HTML
#: comments), any other body.
COMMENTS = {"matter": ("# ", ""), "mdx": ("{/* ", " */}"), "": ("<!-- ", " -->")}


def _comment(directive: str, where: str) -> str:
    opener, closer = COMMENTS.get(where, COMMENTS[""])
    return f"{opener}{directive}{closer}"


def _extension(above: str, where: str, rule: str) -> int | None:
    """Where in ``above`` to add ``rule`` to its disable-next-line directive: the column
    after its last rule; -1 where it disables every rule already; None: no such directive.
    ``where``: "matter" (front matter), "mdx" (an MDX body) or another body's kind."""
    stripped = above.strip(" \t")
    opener, closer = (part.strip() for part in COMMENTS.get(where, COMMENTS[""]))
    if closer:  # (one comment that is the whole line)
        inner_end = len(stripped) - len(closer)
        ends = closer.rstrip("}")  # (what ends the comment: "-->", or "*/" in MDX)
        whole = len(stripped) >= len(opener) + len(closer) and stripped.startswith(opener) and stripped.endswith(closer) and ends not in stripped[len(opener) : inner_end]
        inner = stripped[len(opener) : inner_end] if whole else None
        end = len(above[: above.rindex(closer)].rstrip(" \t")) if whole else 0
    else:
        inner = stripped[len(opener) :] if stripped.startswith(opener) else None
        end = len(above.rstrip(" \t"))
    parsed = parse_comment(inner) if inner is not None else None
    if parsed is None or parsed[0] != "disable-next-line":
        return None
    if parsed[1] is None:
        return -1
    return None if rule in parsed[1] else end


def _paragraphs(doc: Any) -> list[tuple[int, int]]:
    """The body's paragraphs as [start, end) lines of the body."""
    return [tuple(t.map) for t in _blocks(doc) if t.type == "paragraph_open" and t.map]


def _blocks(doc: Any) -> list[Any]:
    """The Markdown block tokens of ``doc``'s body; of an MDX body, as artlint parses it: its
    JSX, expressions (comments among them) and ESM masked to blank space."""
    from ..bodytext import body_text
    from ..markup import _md

    mdx = doc.kind == "mdx"
    return list(_md(mdx).parse(body_text(doc).text if mdx else doc.body.text))


def _block_shape(doc: Any, inserted: str) -> list[tuple[Any, ...]]:
    """The Markdown block structure of ``doc``'s body, less HTML blocks that are only ``inserted``."""
    return [(t.type, t.tag, t.nesting, t.hidden) for t in _blocks(doc) if not (t.type == "html_block" and t.content.strip() == inserted)]


#: A provider's actions are ways to one end, best first: the first that ``verify`` proves is offered.
Provider = Callable[[str, Any, Diagnostic], "list[Action]"]


def declared_fix(text: str, doc: Any, finding: Diagnostic) -> list[Action]:
    """The fix the rule declared with ``finding``, if any (preferred when safe)."""
    fix = finding.fix
    if fix is None or not fix.edits:
        return []
    safe = fix.applicability == Applicability.SAFE
    title = f"{fix.message[:1].upper()}{fix.message[1:]}{'' if safe else ' (unsafe fix)'}"
    return [Action(title, tuple(Edit(e.start, e.end, e.text) for e in fix.edits), preferred=safe)]


PROVIDERS: tuple[Provider, ...] = (declared_fix, disable_next_line)


# ----------------------------------------------------------------------------- offering


def offer(buffer: str, doc: Any, finding: Diagnostic, before: Sequence[Diagnostic], relint: Relint) -> list[Action]:
    """The actions of every provider for ``finding`` that ``verify`` proves.

    ``buffer``: the editor's text (BOM and all); ``doc``: its Document; ``before``: its
    findings; ``relint``: a buffer's findings and Document.
    """
    bom, text = split_bom(buffer)
    if doc.text != text:  # (bytes the engine does not read as this text: no offsets to trust)
        return []
    eol = _eol(text)
    found = []
    for provider in PROVIDERS:
        for action in provider(text, doc, finding):
            if not _well_formed(action.edits, len(text)):
                continue
            if action.suppression:
                action = action._replace(edits=tuple(e._replace(text=e.text.replace("\n", eol)) for e in action.edits))
            if verify(bom, text, action, finding, doc, before, relint):
                found.append(action)
                break
    return found


def _well_formed(edits: Sequence[Edit], length: int) -> bool:
    """Edits within the text, none overlapping another (LSP asks that of an edit's changes)."""
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    return all(0 <= e.start <= e.end <= length for e in ordered) and all(a.end <= b.start and (a.start, a.end) != (b.start, b.end) for a, b in pairwise(ordered))


def verify(bom: str, text: str, action: Action, finding: Diagnostic, doc: Any, before: Sequence[Diagnostic], relint: Relint) -> bool:
    """Applied to ``text``, ``action`` removes ``finding`` and adds no finding; a
    suppression removes nothing but the rule's findings on the line, and leaves the front matter's data and the Markdown
    body's blocks as they were."""
    after, changed = relint(bom + apply(text, action.edits))
    now = Counter(d.fingerprint for d in after)
    if not action.suppression:
        expected = Counter(d.fingerprint for d in before)
        expected[finding.fingerprint] -= 1
        return not now - expected  # (fewer of finding's kind: it is gone; any new finding fails)
    line = finding.span.line  # the rule's findings on it go, as the title says
    if Counter(d.fingerprint for d in before if d.rule != finding.rule or d.span.line != line) != now:
        return False
    old = doc.frontmatter.data if doc.frontmatter is not None else None
    new = changed.frontmatter.data if changed.frontmatter is not None else None
    if old != new:
        return False
    inserted = action.edits[0].text.strip()
    return doc.kind == "html" or _block_shape(doc, inserted) == _block_shape(changed, inserted)


# ----------------------------------------------------------------------------- fix all

def fix_all(buffer: str, findings: Sequence[Diagnostic], relint: Relint) -> str | None:
    """The buffer with every safe fix made, round after round as ``check --fix`` does (at most
    ``fix.MAX_PASSES``), or None if none applies.

    Overlapping fixes wait for the next round (``fix.apply``); a round whose result has a
    finding the text before it had not is dropped, and ends it.
    """
    bom, text = split_bom(buffer)
    start = text
    for _ in range(MAX_PASSES):
        fixes = [d.fix for d in findings if applicable(d.fix, unsafe=False)]
        new, applied = apply_fixes(text, fixes) if fixes else (text, [])
        if not applied or new == text:
            break
        after, _ = relint(bom + new)
        if Counter(d.fingerprint for d in after) - Counter(d.fingerprint for d in findings):
            break
        text, findings = new, after
    return None if text == start else bom + text


def changed_region(old: str, new: str) -> tuple[int, int, str]:
    """(start, end, replacement): the one edit of ``old`` that makes ``new``, from the start of
    the first changed line to the end of the last one (as ruff's server sends a fix-all)."""
    limit = min(len(old), len(new))
    prefix = _longest(limit, lambda n: old[:n] == new[:n])
    suffix = _longest(limit - prefix, lambda n: old[len(old) - n :] == new[len(new) - n :])
    starts = [0, *(m.end() for m in LINE_END.finditer(old))]
    start = max(s for s in starts if s <= prefix)
    end = min((s for s in starts if s >= len(old) - suffix), default=len(old))
    return start, end, new[start : len(new) - (len(old) - end)]


def _longest(limit: int, same: Callable[[int], bool]) -> int:
    """The largest n <= ``limit`` with ``same(n)`` (true up to some n, false after): a binary
    search of slice comparisons, not a loop over characters."""
    low, high = 0, limit
    while low < high:
        mid = (low + high + 1) // 2
        if same(mid):
            low = mid
        else:
            high = mid - 1
    return low


def _eol(text: str) -> str:
    m = LINE_END.search(text)
    return m.group(0) if m else "\n"
