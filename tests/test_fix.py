"""Fixes: the model (apply), its storage, and every rule's fix on real files."""

from __future__ import annotations

import marshal

import pytest

from artlint import fix as fixes
from artlint.diagnostic import Diagnostic
from artlint.fix import Applicability, Edit, Fix, apply
from artlint.source import Span
from artlint.store.codec import diagnostics as restore, rows as stored


def test_apply_makes_edits_in_order_and_reports_them() -> None:
    a = Fix.safe("a", Edit(0, 1, "A"))
    b = Fix.safe("b", Edit(4, 4, "!"), Edit(2, 3, "C"))
    text, applied = apply("abcd", [b, a])
    assert text == "AbCd!"
    assert applied == [a, b]


def test_apply_first_wins_overlapping_wait() -> None:
    first = Fix.safe("first", Edit(0, 3, "x"))
    later = Fix.safe("later", Edit(2, 4, "y"))
    text, applied = apply("abcdef", [later, first])
    assert (text, applied) == ("xdef", [first])
    # the next pass, on the new text, could apply another fix
    assert apply(text, [])[0] == text


def test_apply_two_insertions_at_one_place_conflict_but_touching_ranges_do_not() -> None:
    one, two = Fix.safe("1", Edit(1, 1, "1")), Fix.safe("2", Edit(1, 1, "2"))
    assert apply("ab", [one, two]) == ("a1b", [one])
    replace, insert = Fix.safe("r", Edit(0, 1, "X")), Fix.safe("i", Edit(1, 1, "+"))
    assert apply("ab", [insert, replace]) == ("X+b", [replace, insert])


def test_apply_skips_edits_outside_the_text_and_fixes_whose_own_edits_overlap() -> None:
    outside = Fix.safe("out", Edit(3, 9, ""))
    crossed = Fix("crossed", (Edit(0, 2, ""), Edit(1, 3, "")), Applicability.SAFE)
    empty = Fix("none", (), Applicability.SAFE)
    assert apply("abcd", [outside, crossed, empty]) == ("abcd", [])


def test_a_fix_survives_the_cache_form() -> None:
    f = Fix.unsafe("remove it", Edit(3, 7, ""), Edit(0, 0, "x"))
    d = Diagnostic("a.md", Span(1, 1, 1, 2), "r", "error", "m", "fp", f)
    rows = marshal.loads(marshal.dumps(stored([d, d._replace(fix=None)])))
    assert restore("a.md", rows) == [d, d._replace(fix=None)]
    assert f.edits == (Edit(0, 0, "x"), Edit(3, 7, ""))


@pytest.mark.parametrize("row", [("m", "sometimes", ()), ("m",), ("m", "safe", ((1, "2", "x"),)), 3])
def test_a_damaged_stored_fix_is_a_value_error(row: object) -> None:
    with pytest.raises(ValueError):
        fixes.restore(row)


def test_the_engine_carries_a_findings_fix_with_its_edits_located() -> None:
    from artlint.config import RuleSetting
    from artlint.lint import lint_text
    from artlint.rule import Finding, NoOptions, Rule

    class Shout(Rule):
        id = "test-shout"
        severity = "warning"
        summary = "shouts"
        explanation = "shouts"

        def check(self, doc, options):  # type: ignore[no-untyped-def]
            at = doc.text.index("quiet")
            yield Finding(doc.index.span(at, at + 5), "too quiet", Fix.safe("shout", Edit(at, at + 5, "LOUD")))

    result = lint_text("a.md", "\ufeffone\r\nquiet\r\n".encode(), [RuleSetting(Shout(), "warning", NoOptions())])
    (d,) = result.diagnostics
    assert d.fix is not None and d.fix.edits == (Edit(5, 10, "LOUD"),)
    assert d.fix.edits[0].span == Span(2, 1, 2, 6)
    assert restore("a.md", marshal.loads(marshal.dumps(stored([d])))) == [d]
    assert restore("a.md", marshal.loads(marshal.dumps(stored([d]))))[0].fix.edits[0].span == Span(2, 1, 2, 6)  # type: ignore[union-attr]


# ------------------------------------------------------------------ every fix, on real files

import codecs  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
from collections import Counter  # noqa: E402
from collections.abc import Sequence  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from artlint import config, registry  # noqa: E402
from artlint.fix import encode_like, fix_text, unified_diff, write_fixed  # noqa: E402
from artlint.lint import lint_text  # noqa: E402

RULES = registry.load()
#: Every rule is on, the opt-in one too (as --select would).
SETTINGS = config.from_table({"rules": {"html-raw-ampersand": {"severity": "warning"}}}, os.getcwd(), RULES).default
FIXABLE = ("body-code-fence", "body-stray-fence", "frontmatter-implicit-type", "html-parse-error", "html-raw-ampersand", "html-unclosed-element")


def lint(path: str, data: bytes) -> list[Diagnostic]:
    return lint_text(path, data, SETTINGS, frozenset(RULES)).diagnostics


def assert_only_edits(old: str, new: str, edits: Sequence[Edit]) -> None:
    """``new`` is ``old`` with ``edits`` made, and nothing else changed."""
    at, pos = 0, 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        kept = old[at : e.start]
        assert new[pos : pos + len(kept)] == kept
        pos += len(kept)
        assert new[pos : pos + len(e.text)] == e.text
        pos, at = pos + len(e.text), e.end
    assert new[pos:] == old[at:]


#: (rule, file name, article with \n line ends, unsafe, what the fixed article holds)
CASES = [
    ("body-code-fence", "a.md", "---\ntitle: A\n---\n\n```html\n<p>Text.</p>\n```\n", False, "---\ntitle: A\n---\n\n<p>Text.</p>\n"),
    ("body-code-fence", "a.md", "---\ntitle: A\n---\n```html\n<p>Text.</p>\n", False, "---\ntitle: A\n---\n<p>Text.</p>\n"),
    ("body-code-fence", "a.md", "---\ntitle: A\n---\n```html\n<p>Text.</p>\n```\nI hope this helps!", False, "---\ntitle: A\n---\n<p>Text.</p>\nI hope this helps!"),
    ("body-stray-fence", "a.md", "---\ntitle: A\n---\n<p>Text.</p>\n```", True, "---\ntitle: A\n---\n<p>Text.</p>\n"),
    ("body-stray-fence", "a.md", "---\ntitle: A\n---\n<p>Text.</p>\n  ~~~ js\n\n", True, "---\ntitle: A\n---\n<p>Text.</p>\n\n"),
    ("frontmatter-implicit-type", "a.md", "---\ntitle: A\ncountry: no\nzip: 0123\ntags: [yes, on]\n---\n<p>x</p>\n", False, '---\ntitle: A\ncountry: "no"\nzip: "0123"\ntags: ["yes", "on"]\n---\n<p>x</p>\n'),
    ("html-parse-error", "a.html", "---\ntitle: A\n---\n<p>&copy 2024 &nbps; &#; &#169 x</p>\n", False, "---\ntitle: A\n---\n<p>&copy; 2024 &amp;nbps; &amp;#; &#169; x</p>\n"),
    ("html-raw-ampersand", "a.md", '---\ntitle: A\n---\n<p>AT&T <a href="?a=1&b=2">x</a></p>\n', False, '---\ntitle: A\n---\n<p>AT&amp;T <a href="?a=1&amp;b=2">x</a></p>\n'),
    ("html-unclosed-element", "a.html", "---\ntitle: A\n---\n<div><section><p>text\n\n", True, "---\ntitle: A\n---\n<div><section><p>text</p></section></div>\n\n"),
    ("html-unclosed-element", "a.md", "---\ntitle: A\n---\n<div class=\"x\">\n\nSome *text*.\n\n<p>end</p>\n", True, "---\ntitle: A\n---\n<div class=\"x\">\n\nSome *text*.\n\n<p>end</p></div>\n"),
]
ENDS = {"lf": "\n", "crlf": "\r\n", "cr": "\r"}


@pytest.mark.parametrize("end", ENDS)
@pytest.mark.parametrize("rule, name, article, unsafe, expected", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_each_fix_removes_its_finding_adds_none_and_touches_only_its_edits(rule: str, name: str, article: str, unsafe: bool, expected: str, end: str) -> None:
    text = article.replace("\n", ENDS[end])
    data = text.encode()
    before = lint(name, data)
    fixes = [d.fix for d in before if d.rule == rule and d.fix is not None]
    assert fixes and all(f.applicability is (Applicability.UNSAFE if unsafe else Applicability.SAFE) for f in fixes)
    new, applied = apply(text, fixes)
    assert applied
    assert_only_edits(text, new, [e for f in applied for e in f.edits])
    fixed = fix_text(name, data, lambda b: lint(name, b), unsafe)
    assert fixed is not None and fixed.after == expected.replace("\n", ENDS[end]).encode()
    after = lint(name, fixed.after)
    assert not [d for d in after if d.rule == rule and d.fix is not None]
    counts_before, counts_after = Counter(d.rule for d in before), Counter(d.rule for d in after)
    assert all(counts_after[r] <= counts_before[r] for r in counts_after), (counts_before, counts_after)
    assert counts_after[rule] < counts_before[rule]
    assert fix_text(name, fixed.after, lambda b: lint(name, b), unsafe) is None  # idempotent


def test_unsafe_fixes_wait_for_the_flag() -> None:
    data = b"---\ntitle: A\n---\n<p>Text.</p>\n```\n"
    assert fix_text("a.md", data, lambda b: lint("a.md", b), unsafe=False) is None
    assert fix_text("a.md", data, lambda b: lint("a.md", b), unsafe=True) is not None


def test_no_fix_where_the_wrapper_is_a_guess_or_the_schema_wants_no_string(tmp_path: Path) -> None:
    early = "---\ntitle: A\n---\n```html\n<p>a</p>\n```\ncode\n```\n<p>b</p>\n"
    (d,) = [d for d in lint("a.md", early.encode()) if d.rule == "body-code-fence"]
    assert d.fix is None
    schema = tmp_path / "s.json"
    schema.write_text(json.dumps({"type": "object", "properties": {"draft": {"type": "boolean"}, "zip": {"type": "string"}}}))
    settings = config.from_table({"schema": str(schema)}, str(tmp_path), RULES).default
    found = lint_text("a.md", b"---\ntitle: A\ndraft: yes\nzip: 1.10\n---\n", settings, frozenset(RULES)).diagnostics
    fixes = {d.rule: d.fix for d in found if d.rule in ("frontmatter-implicit-type", "frontmatter-schema")}
    # draft: the schema wants a boolean, quotes would break it; zip: the schema owns the
    # finding ("not a string") and takes the quotes of the rule that defers to it
    assert fixes["frontmatter-implicit-type"] is None
    assert fixes["frontmatter-schema"] is not None and fixes["frontmatter-schema"].edits[0].text == '"1.10"'


@pytest.mark.parametrize("bom, codec", [(b"", "utf-8"), (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")])
@pytest.mark.parametrize("end", ENDS)
def test_fixed_files_keep_their_encoding_bom_and_line_ends(tmp_path: Path, artlint: Any, bom: bytes, codec: str, end: str) -> None:
    text = "---\ntitle: Ünïcode 😀\n---\n\n```html\n<p>Text & more.</p>\n```".replace("\n", ENDS[end])
    (tmp_path / "a.md").write_bytes(bom + text.encode(codec))
    result = artlint("check", "--fix", "--no-cache", "a.md", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    unwrapped = "---\ntitle: Ünïcode 😀\n---\n\n<p>Text & more.</p>\n".replace("\n", ENDS[end])
    assert (tmp_path / "a.md").read_bytes() == bom + unwrapped.encode(codec)
    assert "fixed 1 finding in 1 file" in result.stderr


def test_encode_like_gives_back_the_bytes_read() -> None:
    for data in (b"a\r\nb", codecs.BOM_UTF8 + b"x", codecs.BOM_UTF32_LE + "x".encode("utf-32-le"), codecs.BOM_UTF16_BE + "ü".encode("utf-16-be")):
        from artlint.document import decode

        assert encode_like(decode(data)[0], data) == data


def test_a_file_changed_since_it_was_read_is_not_written(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"---\ntitle: A\n---\n```html\n<p>x</p>\n```\n")
    fixed = fix_text(str(path), path.read_bytes(), lambda b: lint("a.md", b), False)
    assert fixed is not None
    path.write_bytes(b"---\ntitle: A\n---\n```html\n<p>edited meanwhile</p>\n```\n")
    assert write_fixed(fixed) is False
    assert b"edited meanwhile" in path.read_bytes()
    path.write_bytes(fixed.before + b"more")  # the same start, longer: changed too
    assert write_fixed(fixed) is False
    path.write_bytes(fixed.before)
    assert write_fixed(fixed) is True and path.read_bytes() == fixed.after


def test_a_linked_file_is_fixed_through_its_link(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_bytes(b"---\ntitle: A\ncountry: no\n---\n")
    link = tmp_path / "link.md"
    link.symlink_to(real.name)
    fixed = fix_text(str(link), link.read_bytes(), lambda b: lint("link.md", b), False)
    assert fixed is not None and write_fixed(fixed)
    assert link.is_symlink() and real.read_bytes() == b'---\ntitle: A\ncountry: "no"\n---\n'


def test_check_fix_does_not_write_a_file_changed_while_fixing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from artlint import cli, fix as fix_module

    path = tmp_path / "a.md"
    path.write_bytes(b"---\ntitle: A\n---\n```html\n<p>x</p>\n```\n")
    real = fix_module.fix_text

    def meddling(*args: Any, **kwargs: Any) -> Any:
        fixed = real(*args, **kwargs)
        path.write_bytes(b"an editor saved this meanwhile\n")
        return fixed

    monkeypatch.setattr(fix_module, "fix_text", meddling)
    monkeypatch.chdir(tmp_path)
    cli.main(["check", "--fix", "--no-cache", "a.md"])
    assert path.read_bytes() == b"an editor saved this meanwhile\n"
    assert "changed while it was being fixed: not written" in capsys.readouterr().err


def test_diff_writes_nothing_and_exit_codes(tmp_path: Path, artlint: Any) -> None:
    original = b"---\ntitle: A\ncountry: no\n---\r\n```html\r\n<p>x</p>\r\n```"
    path = tmp_path / "a.md"
    path.write_bytes(original)
    diff = artlint("check", "--diff", "--no-cache", "a.md", cwd=tmp_path)
    assert diff.returncode == 1 and path.read_bytes() == original
    assert diff.stdout.splitlines() == [
        "--- a/a.md",
        "+++ b/a.md",
        "@@ -1,7 +1,5 @@",
        " ---",
        " title: A",
        "-country: no",
        '+country: "no"',
        " ---",
        "-```html",
        " <p>x</p>",
        "-```",
        "\\ No newline at end of file",
    ]
    assert "would fix 2 findings in 1 file" in diff.stderr
    kept = artlint("check", "--diff", "--no-cache", "--output", "fixes.diff", "a.md", cwd=tmp_path)
    assert kept.returncode == 1 and kept.stdout == "" and path.read_bytes() == original
    assert (tmp_path / "fixes.diff").read_text() == diff.stdout
    fixed = artlint("check", "--fix", "--no-cache", "a.md", cwd=tmp_path)
    assert fixed.returncode == 0 and path.read_bytes() == b'---\ntitle: A\ncountry: "no"\n---\r\n<p>x</p>\r\n'
    again = artlint("check", "--diff", "--no-cache", "a.md", cwd=tmp_path)
    assert again.returncode == 0 and again.stdout == "" and "nothing to fix" in again.stderr
    path.write_bytes(original)
    strict = artlint("check", "--fix", "--exit-non-zero-on-fix", "--no-cache", "a.md", cwd=tmp_path)
    assert strict.returncode == 1 and path.read_bytes() != original
    assert artlint("check", "--fix", "--exit-non-zero-on-fix", "--no-cache", "a.md", cwd=tmp_path).returncode == 0  # nothing left to change
    errors = tmp_path / "b.html"
    errors.write_text("---\ntitle: B\n---\n<p>&copy 2024</p></span>\n")
    remaining = artlint("check", "--fix", "--no-cache", "b.html", cwd=tmp_path)
    assert remaining.returncode == 1 and "&copy; 2024" in errors.read_text()  # the stray </span> has no fix: it remains
    assert "stray" in remaining.stdout or "</span>" in remaining.stdout


def test_diff_lines_are_safe_to_print() -> None:
    from artlint.fix import Fixed

    fixed = Fixed("a.md", b"  ::error::x\n##[group]y\n&z", b"  ::error::x\n##[group]y\n&amp;z", [])
    out = unified_diff(fixed)
    assert "\n  ::" not in out and "##[" not in out and out.endswith("\\ No newline at end of file\n")


def test_stdin_cannot_be_fixed(tmp_path: Path, artlint: Any) -> None:
    result = artlint("check", "--fix", "-", cwd=tmp_path, stdin=b"---\ntitle: a\n---\n")
    assert result.returncode == 2 and "standard input" in result.stderr


def test_baselined_findings_are_not_fixed(tmp_path: Path, artlint: Any) -> None:
    (tmp_path / "artlint.toml").write_text("")
    path = tmp_path / "a.md"
    path.write_bytes(b"---\ntitle: A\ncountry: no\n---\n<p>x</p>\n")
    assert artlint("baseline", cwd=tmp_path).returncode == 0
    (tmp_path / "b.md").write_bytes(b"---\ntitle: B\ncountry: no\n---\n<p>x</p>\n")
    assert artlint("check", "--fix", cwd=tmp_path).returncode == 0
    assert b"country: no" in path.read_bytes() and b'country: "no"' in (tmp_path / "b.md").read_bytes()


def test_human_marks_fixable_findings_and_json_and_sarif_carry_fixes(tmp_path: Path, artlint: Any) -> None:
    (tmp_path / "a.md").write_bytes(b"---\ntitle: A\n---\n<p>Text.</p>\n```\n")
    human = artlint("check", "--no-cache", "a.md", cwd=tmp_path).stdout
    assert "[body-stray-fence] a stray" in human and "No fixes with --fix (1 with --unsafe-fixes)" in human
    shown = artlint("check", "--no-cache", "--unsafe-fixes", "a.md", cwd=tmp_path).stdout
    assert "[body-stray-fence] [*] a stray" in shown and "[*] 1 fixable with --fix" in shown
    (finding,) = json.loads(artlint("check", "--no-cache", "--format", "json", "a.md", cwd=tmp_path).stdout)
    assert finding["fix"] == {
        "message": "remove the stray fence line",
        "applicability": "unsafe",
        "edits": [{"line": 5, "column": 1, "endLine": 6, "endColumn": 1, "start": 30, "end": 34, "content": ""}],
    }
    sarif = json.loads(artlint("check", "--no-cache", "--format", "sarif", "a.md", cwd=tmp_path).stdout)
    (result,) = sarif["runs"][0]["results"]
    (fix,) = result["fixes"]
    (change,) = fix["artifactChanges"]
    assert change["replacements"] == [{"deletedRegion": {"startLine": 5, "startColumn": 1, "endLine": 6, "endColumn": 1}, "insertedContent": {"text": ""}}]
    assert fix["properties"] == {"applicability": "unsafe"}


@pytest.mark.skipif(not (Path(__file__).resolve().parents[2] / "shared" / "data" / "sarif-schema-2.1.0.json").exists(), reason="../shared/data is not beside this checkout")
def test_sarif_with_fixes_validates(tmp_path: Path, artlint: Any) -> None:
    from test_reporters import sarif_validator

    for rule, name, article, _, _ in CASES:
        (tmp_path / f"{rule}-{name}").write_text(article)
    out = artlint("check", "--no-cache", "--format", "sarif", "--select", ",".join(FIXABLE), ".", cwd=tmp_path).stdout
    log = json.loads(out)
    assert sum("fixes" in r for r in log["runs"][0]["results"]) >= len(CASES)
    errors = list(sarif_validator().iter_errors(log))
    assert not errors, errors[0].message


@pytest.mark.parametrize("rule_id", FIXABLE)
def test_explain_shows_each_fixable_rule_fixing_its_example(rule_id: str) -> None:
    from artlint.fix import example

    rule = RULES[rule_id]
    shown = example(rule)
    assert shown is not None
    before, after, applied = shown
    assert applied and after != before
    path = rule.fix_example[0]  # type: ignore[index]
    assert not [d for d in lint(path, after.encode()) if d.rule == rule_id]
    assert "Example fix" in "\n".join(registry.fix_text(rule))


def test_only_the_fixable_rules_declare_examples() -> None:
    assert sorted(r.id for r in RULES.values() if r.fix_example) == sorted(FIXABLE)


JENGU_NEWS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "jengu" / "news"


@pytest.mark.skipif(not JENGU_NEWS.is_dir(), reason="the jengu corpus is not beside this checkout")
def test_fix_on_jengu_unwraps_every_fenced_body_and_changes_nothing_else(tmp_path: Path, artlint: Any) -> None:
    import difflib
    import re
    import shutil

    news = tmp_path / "news"
    shutil.copytree(JENGU_NEWS, news)
    before = {p.name: p.read_bytes() for p in news.iterdir()}
    checked = json.loads(artlint("check", "--no-cache", "--format", "json", "news", cwd=tmp_path).stdout)
    fenced = {Path(d["path"]).name for d in checked if d["rule"] == "body-code-fence"}
    assert len(fenced) == 60
    result = artlint("check", "--no-cache", "--fix", "--format", "json", "news", cwd=tmp_path)
    assert "fixed 60 findings in 60 files" in result.stderr
    remaining = json.loads(result.stdout)
    assert not [d for d in remaining if d["rule"] == "body-code-fence"]
    counts_before, counts_after = Counter(d["rule"] for d in checked), Counter(d["rule"] for d in remaining)
    assert all(counts_after[r] <= counts_before[r] for r in counts_after), (counts_before, counts_after)
    fence_line = re.compile(rb" {0,3}(```|~~~)[^\r\n]*(\r\n|\r|\n)?")
    for name, old in before.items():
        new = (news / name).read_bytes()
        if name not in fenced:
            assert new == old, name
            continue
        a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
        ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
        assert {op for op, *_ in ops} == {"equal", "delete"}, name  # lines removed, nothing else
        removed = [line for op, i1, i2, _, _ in ops if op == "delete" for line in a[i1:i2]]
        assert len(removed) in (1, 2) and all(fence_line.fullmatch(line) for line in removed), (name, removed)
        assert removed[0].startswith(b"```html")


def test_an_empty_value_is_not_quoted(tmp_path: Path) -> None:
    schema = tmp_path / "s.json"
    schema.write_text(json.dumps({"type": "object", "properties": {"summary": {"type": "string"}}}))
    settings = config.from_table({"schema": str(schema)}, str(tmp_path), RULES).default
    found = lint_text("a.md", b"---\ntitle: A\nsummary:\n---\n", settings, frozenset(RULES)).diagnostics
    assert [d.fix for d in found if d.rule in ("frontmatter-implicit-type", "frontmatter-schema")] == [None]


def test_apply_is_not_quadratic_in_the_fixes() -> None:
    import time

    text = "a&b " * 50_000
    fixes = [Fix.safe("amp", Edit(i * 4 + 1, i * 4 + 2, "&amp;")) for i in range(50_000)]
    fixes += [Fix.safe("clash", Edit(i * 4, i * 4 + 3, "x")) for i in range(0, 50_000, 7)]
    started = time.process_time()
    new, applied = apply(text, fixes)
    assert time.process_time() - started < 5
    assert new.count("&amp;") + new.count("x") == len(applied) and len(applied) == 50_000
