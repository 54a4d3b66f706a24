"""Fixes under hypothesis, over generated articles: a fix changes only its edits, adds no
finding, and fixing is idempotent; the file keeps its BOM and line ends."""

from __future__ import annotations

import codecs
import itertools
import re
from collections import Counter

from hypothesis import given, strategies as st

from artlint.document import decode
from artlint.fix import Applicability, Edit, Fix, _overlap, applicable, apply, fix_text
from test_fix import assert_only_edits, lint

FRONT = ["title: A title", "empty:", "a: &x no", "b: *x", "c: !!str 12", "country: no", "zip: 0123", "tags: [yes, x]", "v: on", "draft: ~", "n: 1.10", "d: 2024-01-02"]
BODY = [
    "```html", "```", "~~~", "``` js", "<p>Text.</p>", "<div>", "</div>", "<section>", "<ul><li>a", "AT&T and Q&A", "&copy 2024",
    "&nbps; &#169 x &#;", "", "", "Some *text*.", "<b><i>x</b></i>", "# Heading", "I hope this helps!", '<a href="?a=1&b=2">x</a>',
    "<p>caf\u00e9 \U0001f600</p>", "    indented", "<!-- artlint-disable-next-line -->", "<script>", "<table><tr><td>x",
    "> <div>quoted", "- <span>item", "<p>", "{{< figure src=\"a.png\" >}}", "\t<div>", "~~~~",
]
ENDS = ["\n", "\r\n", "\r"]


@st.composite
def articles(draw: st.DrawFn) -> tuple[str, bytes]:
    end = draw(st.sampled_from(ENDS))
    lines: list[str] = []
    if draw(st.booleans()):
        lines += ["---", *draw(st.lists(st.sampled_from(FRONT), max_size=4, unique=True)), "---"]
    lines += draw(st.lists(st.sampled_from(BODY), max_size=10))
    text = end.join(lines) + (end if draw(st.booleans()) else "")
    bom = draw(st.sampled_from([b"", codecs.BOM_UTF8]))
    return draw(st.sampled_from(["a.md", "a.html"])), bom + text.encode()


def _ends(data: bytes) -> set[str]:
    return set(re.findall(r"\r\n|\r|\n", decode(data)[0]))


@given(articles(), st.booleans())
def test_fixing_touches_only_edits_adds_no_finding_and_is_idempotent(article: tuple[str, bytes], unsafe: bool) -> None:
    name, data = article
    before = lint(name, data)
    text = decode(data)[0]
    current = text
    for _ in range(10):  # each pass: only the edits of the fixes applied change the text
        wanted = [d.fix for d in lint(name, data[:3] * data.startswith(codecs.BOM_UTF8) + current.encode()) if applicable(d.fix, unsafe)]
        new, applied = apply(current, wanted)  # type: ignore[arg-type]
        assert_only_edits(current, new, [e for f in applied for e in f.edits])
        if not applied:
            break
        current = new
    fixed = fix_text(name, data, lambda b: lint(name, b), unsafe)
    if fixed is None:
        assert not any(applicable(d.fix, unsafe) for d in before)
        return
    assert fixed.after.decode("utf-8-sig") == current
    assert fixed.after.startswith(codecs.BOM_UTF8) == data.startswith(codecs.BOM_UTF8)
    assert _ends(fixed.after) <= _ends(data)
    after = lint(name, fixed.after)
    counts_before, counts_after = Counter(d.rule for d in before), Counter(d.rule for d in after)
    assert all(counts_after[r] <= counts_before[r] for r in counts_after), (counts_before, counts_after)
    assert fix_text(name, fixed.after, lambda b: lint(name, b), unsafe) is None


@st.composite
def edits_of(draw: st.DrawFn, length: int) -> Edit:
    start = draw(st.integers(0, length))
    return Edit(start, draw(st.integers(start, length)), draw(st.sampled_from(["", "x", "&amp;", "\r\n"])))


@given(st.text(alphabet="ab\r\n&", max_size=40).flatmap(lambda t: st.tuples(st.just(t), st.lists(st.lists(edits_of(len(t)), min_size=1, max_size=3), max_size=8))))
def test_apply_takes_non_overlapping_fixes_first_come_and_changes_nothing_else(case: tuple[str, list[list[Edit]]]) -> None:
    text, groups = case
    fixes = [Fix("f", tuple(edits), Applicability.SAFE) for edits in groups]
    new, applied = apply(text, fixes)
    chosen = [e for f in applied for e in f.edits]
    assert_only_edits(text, new, chosen)
    # the same choice as the plain rule: in order of first edit, each fix whose edits clash with none taken
    taken: list[Edit] = []
    expected = []
    for f in sorted(fixes, key=lambda f: min((e.start, e.end) for e in f.edits)):
        mine = sorted(f.edits, key=lambda e: (e.start, e.end))
        if any(_overlap(a, b) for a, b in itertools.pairwise(mine)) or any(_overlap(e, t) for e in mine for t in taken):
            continue
        taken += mine
        expected.append(f)
    assert applied == expected
