"""Code actions: edits an editor offers on a finding.

An action is made by a provider — a function of the buffer and one finding that returns
an ``Action`` (a title and text edits) or None — and is offered only where ``verify``
proves it: applied to the buffer and linted again, the finding is gone, no other finding
comes or goes, and the front matter's data is unchanged. Fixes declared by rules (when the
engine has them) are one more provider.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from ..diagnostic import Diagnostic
from ..source import LINE_END


class Edit(NamedTuple):
    """Replace 0-based ``line``'s characters ``start``..``end`` (code points) with ``text``."""

    line: int
    start: int
    end: int
    text: str


class Action(NamedTuple):
    title: str
    edits: tuple[Edit, ...]
    preferred: bool = False


def apply(text: str, edits: Sequence[Edit]) -> str:
    """``text`` with ``edits`` (on distinct lines, or at distinct places) made."""
    starts = [0, *(m.end() for m in LINE_END.finditer(text))]
    out, at = [], 0
    for edit in sorted(edits, key=lambda e: (e.line, e.start)):
        base = starts[edit.line] if edit.line < len(starts) else len(text)
        out.append(text[at : base + edit.start])
        out.append(edit.text)
        at = base + edit.end
    out.append(text[at:])
    return "".join(out)


# ----------------------------------------------------------------------------- disable for this line

_HTML_DIRECTIVE = re.compile(r"^([ \t]*)<!--[ \t]*artlint-disable-next-line\b([^\r\n]*?)[ \t]*-->[ \t]*$")
_YAML_DIRECTIVE = re.compile(r"^([ \t]*)#[ \t]*artlint-disable-next-line\b([^\r\n]*?)[ \t]*$")


def disable_next_line(lines: Sequence[str], doc: Any, finding: Diagnostic) -> Action | None:
    """Suppress ``finding`` with an ``artlint-disable-next-line`` comment on the line above
    it — a YAML comment in YAML front matter, an HTML comment elsewhere — or by naming its
    rule in the directive already there."""
    line = finding.span.line - 1  # 0-based
    if not 0 <= line < len(lines):
        return None
    fm = doc.frontmatter
    in_yaml = fm is not None and fm.region.line <= line + 1 <= fm.region.index.position(fm.region.end)[0]
    if fm is not None and in_yaml and fm.format != "yaml":
        return None  # (TOML front matter has no suppression comments)
    title = f"Disable {finding.rule} for this line"
    above = lines[line - 1] if line > 0 else None
    existing = (_YAML_DIRECTIVE if in_yaml else _HTML_DIRECTIVE).match(above) if above is not None else None
    if existing is not None:
        names = [n for n in re.split(r"[\s,]+", existing.group(2)) if n]
        if not names:  # it disables every rule already
            return None
        start = existing.start(2) + len(existing.group(2))
        return Action(title, (Edit(line - 1, start, start, f", {finding.rule}"),))
    indent = lines[line][: len(lines[line]) - len(lines[line].lstrip(" \t"))]
    comment = f"# artlint-disable-next-line {finding.rule}" if in_yaml else f"<!-- artlint-disable-next-line {finding.rule} -->"
    return Action(title, (Edit(line, 0, 0, f"{indent}{comment}\n"),))  # (the buffer's own line end: see offer)


Provider = Callable[[Sequence[str], Any, Diagnostic], "Action | None"]
PROVIDERS: tuple[Provider, ...] = (disable_next_line,)


# ----------------------------------------------------------------------------- offering


def offer(text: str, doc: Any, finding: Diagnostic, before: Sequence[Diagnostic], relint: Callable[[str], tuple[Sequence[Diagnostic], Any]]) -> list[Action]:
    """The actions of every provider for ``finding`` that ``verify`` proves.

    ``before``: the buffer's findings; ``relint``: a text's findings and parsed Document.
    """
    lines = [text[s:e] for s, e in _line_bounds(text)]
    eol = _eol(text)
    found = []
    for provider in PROVIDERS:
        action = provider(lines, doc, finding)
        if action is None:
            continue
        action = action._replace(edits=tuple(e._replace(text=e.text.replace("\n", eol)) for e in action.edits))
        if verify(text, action, finding, doc, before, relint):
            found.append(action)
    return found


def verify(text: str, action: Action, finding: Diagnostic, doc: Any, before: Sequence[Diagnostic], relint: Callable[[str], tuple[Sequence[Diagnostic], Any]]) -> bool:
    """Applied to ``text``, ``action`` removes ``finding`` and nothing else, adds no
    finding, and leaves the front matter's data as it was."""
    after, changed = relint(apply(text, action.edits))
    expected = Counter(d.fingerprint for d in before)
    expected[finding.fingerprint] -= 1
    if +expected != Counter(d.fingerprint for d in after):
        return False
    old = doc.frontmatter.data if doc.frontmatter is not None else None
    new = changed.frontmatter.data if changed.frontmatter is not None else None
    return bool(old == new)


def _line_bounds(text: str) -> list[tuple[int, int]]:
    starts = [0, *(m.end() for m in LINE_END.finditer(text))]
    ends = [m.start() for m in LINE_END.finditer(text)] + [len(text)]
    return list(zip(starts, ends))


def _eol(text: str) -> str:
    m = LINE_END.search(text)
    return m.group(0) if m else "\n"
