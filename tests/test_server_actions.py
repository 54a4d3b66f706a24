"""The language server's code actions, without a client: made, verified, applied."""

from __future__ import annotations

import importlib.util
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings, strategies as st

from artlint import config, registry
from artlint.diagnostic import Diagnostic
from artlint.fix import Edit, Fix
from artlint.server import actions, adapter


def _plugin() -> Any:
    """The rule of tests/server_plugin, whose findings carry fixes. Loaded from its file: with
    its folder on sys.path, every later ``registry.load`` of this process would find it."""
    where = Path(__file__).parent / "server_plugin" / "artlint_server_example.py"
    spec = importlib.util.spec_from_file_location("artlint_server_example", where)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.Misspelling


Misspelling = _plugin()
RULES = {**registry.load(), Misspelling.id: Misspelling()}
PATH = "post.md"


def lint(text: str, path: str = PATH) -> tuple[list[Diagnostic], Any]:
    cfg = config.from_table({"today": "2025-06-01"}, ".", RULES)
    result = adapter.lint_buffer(path, text, cfg.collection_for(path)[1], frozenset(RULES))
    return result.diagnostics, adapter.load_document(path, text)


def disable(text: str, rule: str, path: str = PATH) -> str | None:
    """``text`` with the verified "disable" action on ``rule``'s finding made, or None if none is offered."""
    found, doc = lint(text, path)
    (finding,) = [d for d in found if d.rule == rule]
    offered = [a for a in actions.offer(text, doc, finding, found, lambda t: lint(t, path)) if a.title.startswith("Disable")]
    assert len(offered) <= 1
    if not offered:
        return None
    bom, body = actions.split_bom(text)
    new = bom + actions.apply(body, offered[0].edits)
    assert rule not in [d.rule for d in lint(new, path)[0]]
    return new


ARTICLE = "---\ntitle: Cats\n---\n\n{body}\n"


def test_body_line_gets_an_html_comment_with_its_indentation() -> None:
    text = ARTICLE.format(body="<div>\n  <img src='a.png'>\n</div>")
    assert disable(text, "alt-missing") == ARTICLE.format(body="<div>\n  <!-- artlint-disable-next-line alt-missing -->\n  <img src='a.png'>\n</div>")


def test_crlf_and_cr_files_keep_their_line_ends() -> None:
    for eol in ("\r\n", "\r"):
        text = ARTICLE.format(body="Intro.\n\n<img src='a.png'>").replace("\n", eol)
        new = disable(text, "alt-missing")
        assert new == text.replace("<img", f"<!-- artlint-disable-next-line alt-missing -->{eol}<img")


def test_a_bom_stays_first() -> None:
    text = "\ufeff<p>One</p>\n<img src='a.png'>\n"
    assert disable(text, "alt-missing", "page.html") == "\ufeff<p>One</p>\n<!-- artlint-disable-next-line alt-missing -->\n<img src='a.png'>\n"
    first = "\ufeff<img src='a.png'>\n"
    assert disable(first, "alt-missing", "page.html") == "\ufeff<!-- artlint-disable-next-line alt-missing -->\n<img src='a.png'>\n"


def test_yaml_and_toml_front_matter_get_a_hash_comment() -> None:
    yaml = "---\ntitle: Cats\nmeta:\n  draft: no\n---\n\nBody.\n"
    assert disable(yaml, "frontmatter-implicit-type") == yaml.replace("  draft", "  # artlint-disable-next-line frontmatter-implicit-type\n  draft")
    toml = '+++\ntitle = "Cats"\nupdatedOn = 2025-01-01\npublishedOn = 2025-02-01\n+++\n\nBody.\n'
    assert disable(toml, "date-order") == toml.replace("updatedOn", "# artlint-disable-next-line date-order\nupdatedOn")


def test_a_comment_that_would_change_the_data_is_not_offered() -> None:
    # Inside a block scalar a '#' line is text: the description would change.
    text = "---\ntitle: Cats\ndescription: |\n  One.\n  Two.\ndraft: no\n---\n\nBody.\n"
    found, doc = lint(text)
    assert disable(text, "frontmatter-implicit-type") is not None  # (draft: no, outside the scalar)
    lines = text.split("\n")
    finding = next(d for d in found if d.rule == "frontmatter-implicit-type")
    inside = actions.Action("x", (actions.Edit(doc.index.offset(5), doc.index.offset(5), "  # artlint-disable-next-line frontmatter-implicit-type\n"),), suppression=True)
    assert lines[4] == "  Two."
    assert not actions.verify("", text, inside, finding, doc, found, lint)


def test_the_rule_is_added_to_a_directive_above() -> None:
    text = ARTICLE.format(body="<!-- artlint-disable-next-line link-fragment   -->\n<img src='a.png'> [x](#nowhere)")
    assert disable(text, "alt-missing") == text.replace("link-fragment", "link-fragment, alt-missing")


def test_after_a_heading_the_comment_has_a_line_of_its_own() -> None:
    # (in the heading's line it would be in the heading's text, and maybe its id)
    text = ARTICLE.format(body="## Cats\n<img src='a.png'>")
    assert disable(text, "alt-missing") == ARTICLE.format(body="## Cats\n<!-- artlint-disable-next-line alt-missing -->\n<img src='a.png'>")


def test_a_paragraph_is_never_split() -> None:
    # A comment line between two lines of a paragraph would end it: the comment goes at
    # the end of the line above instead, inside the paragraph.
    text = ARTICLE.format(body="A first line\nand a second <img src='a.png'> one.")
    assert disable(text, "alt-missing") == ARTICLE.format(body="A first line <!-- artlint-disable-next-line alt-missing -->\nand a second <img src='a.png'> one.")
    hard_break = ARTICLE.format(body="A first line  \nand a second <img src='a.png'> one.")
    assert disable(hard_break, "alt-missing") is None


def test_a_list_is_never_split() -> None:
    text = ARTICLE.format(body="- one\n- two <img src='a.png'>")
    assert disable(text, "alt-missing") == ARTICLE.format(body="- one <!-- artlint-disable-next-line alt-missing -->\n- two <img src='a.png'>")
    found, doc = lint(text)
    finding = next(d for d in found if d.rule == "alt-missing")
    own_line = actions.Action("x", (actions.Edit(doc.index.offset(6), doc.index.offset(6), "<!-- artlint-disable-next-line alt-missing -->\n"),), suppression=True)
    assert not actions.verify("", text, own_line, finding, doc, found, lint)  # (two lists)


@pytest.mark.parametrize("above", ["<!-- artlint-disable-next-line" + " " * 300_000 + "x", "<!--" + " -->" * 100_000, "#" + " \t" * 150_000, "{/* artlint-disable-next-line" + " " * 300_000 + "*/}", "{/*" + " */}" * 100_000])
def test_a_hostile_line_above_is_read_in_linear_time(above: str) -> None:
    start = time.process_time()
    for where in ("markdown", "matter", "mdx"):
        actions._extension(above, where, "alt-missing")
    assert time.process_time() - start < 0.5  # (CPU seconds; a backtracking scan takes minutes)


def test_changed_region_is_whole_lines() -> None:
    old = "a\r\nb\r\nc\r\nd\r\n"
    new = "a\r\nB\r\nc\r\nD\r\n"
    start, end, text = actions.changed_region(old, new)
    assert (start, end, text) == (3, 12, "B\r\nc\r\nD\r\n")
    assert old[:start] + text + old[end:] == new


@settings(max_examples=200, deadline=None)
@given(st.text(st.sampled_from("ab\r\n🙂中"), max_size=30), st.text(st.sampled_from("ab\r\n🙂中"), max_size=30))
def test_changed_region_rebuilds_the_new_text(old: str, new: str) -> None:
    start, end, text = actions.changed_region(old, new)
    assert old[:start] + text + old[end:] == new


@pytest.mark.parametrize("bom", ["", "\ufeff"])
def test_the_edits_are_offsets_of_the_file_text(bom: str) -> None:
    text = bom + ARTICLE.format(body="<img src='a.png'>")
    found, doc = lint(text)
    (finding,) = [d for d in found if d.rule == "alt-missing"]
    (action,) = actions.offer(text, doc, finding, found, lint)
    (edit,) = action.edits
    assert doc.text[edit.start :].startswith("<img")  # doc.text: no BOM


MISSPELT = ARTICLE.format(body="See teh cat 🙂 and teh dog,\nirregardless.")


def test_a_fix_is_offered_when_it_removes_its_finding_and_adds_none() -> None:
    found, doc = lint(MISSPELT)
    first = found[0]
    assert first.rule == "example.misspelling" and first.fix is not None
    titles = [a.title for a in actions.offer(MISSPELT, doc, first, found, lint)]
    assert titles == ["Write 'the'", "Disable example.misspelling for this line"]
    worse = first._replace(fix=Fix.safe("write 'irregardless'", Edit(first.fix.edits[0].start, first.fix.edits[0].end, "irregardless")))
    assert [a.title for a in actions.offer(MISSPELT, doc, worse, found, lint)] == ["Disable example.misspelling for this line"]


def test_fix_all_makes_the_safe_fixes_only_and_keeps_the_bom_and_line_ends() -> None:
    text = "\ufeff" + MISSPELT.replace("\n", "\r\n")
    found, _ = lint(text)
    assert actions.fix_all(text, found, lint) == text.replace("teh", "the")
    fixed, _ = lint(text.replace("teh", "the"))
    assert actions.fix_all(text.replace("teh", "the"), fixed, lint) is None  # (only the unsafe one is left)


def test_fix_all_drops_a_round_that_adds_a_finding() -> None:
    found, _ = lint(MISSPELT)
    bad = [d._replace(fix=Fix.safe("x", Edit(d.fix.edits[0].start, d.fix.edits[0].end, "irregardless teh"))) if d.fix else d for d in found]
    assert actions.fix_all(MISSPELT, bad, lint) is None


def test_a_fix_with_overlapping_or_outside_edits_is_not_offered() -> None:
    found, doc = lint(MISSPELT)
    first = found[0]
    start = first.fix.edits[0].start
    for edits in ((Edit(start, start + 3, "the"), Edit(start + 1, start + 2, "x")), (Edit(start, start, "a"), Edit(start, start, "b")), (Edit(len(MISSPELT), len(MISSPELT) + 1, "x"),)):
        odd = first._replace(fix=Fix("odd", edits, first.fix.applicability))
        assert [a.title for a in actions.offer(MISSPELT, doc, odd, found, lint)] == ["Disable example.misspelling for this line"]


MDX = "---\ntitle: Cats\n---\n\nimport Figure from './Figure';\n\n{body}\n"


def test_an_mdx_body_gets_a_jsx_comment() -> None:
    # MDX has no HTML comments (<!-- does not compile): the comment is {/* … */}.
    text = MDX.format(body="<Figure>\n  <img src='a.png' />\n</Figure>")
    assert disable(text, "alt-missing", "post.mdx") == MDX.format(body="<Figure>\n  {/* artlint-disable-next-line alt-missing */}\n  <img src='a.png' />\n</Figure>")
    crlf = text.replace("\n", "\r\n")
    assert disable(crlf, "alt-missing", "post.mdx") == crlf.replace("  <img", "  {/* artlint-disable-next-line alt-missing */}\r\n  <img")


def test_an_mdx_paragraph_gets_the_comment_at_the_end_of_the_line_above() -> None:
    text = MDX.format(body="A first line\nand a second ![](a.png) one.")
    assert disable(text, "alt-missing", "post.mdx") == MDX.format(body="A first line {/* artlint-disable-next-line alt-missing */}\nand a second ![](a.png) one.")


def test_the_rule_is_added_to_an_mdx_directive_above() -> None:
    text = MDX.format(body="{/* artlint-disable-next-line link-fragment */}\n<img src='a.png' /> [x](#nowhere)")
    assert disable(text, "alt-missing", "post.mdx") == text.replace("link-fragment", "link-fragment, alt-missing")
    every = MDX.format(body="{/*artlint-disable-next-line*/}\n<img src='a.png' />")
    assert lint(every, "post.mdx")[0] == [] and actions._extension("{/*artlint-disable-next-line*/}", "mdx", "alt-missing") == -1
    two = "{/* artlint-disable-next-line x */ /* y */}"
    assert actions._extension(two, "mdx", "alt-missing") is None  # (not one comment: not a directive)
