"""Super-linear time on hostile input: each body is the worst repetition for one pattern,
rule or parser of artlint (100 KB – 1 MB), checked as a whole article by every rule.

Each check must finish in about a second; a backtracking expression or a quadratic loop
takes minutes on these bodies.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings, strategies as st

from artlint import linear, registry
from artlint.config import from_table
from artlint.frontmatter import _TOML_TABLE
from artlint.globs import compile_globs, matches
from artlint.lint import lint_text
from artlint.markup import slug
from artlint.rules.frontmatter_implicit_type import _AMBIGUOUS
from artlint.source import Span
from artlint.suppress import KINDS, Directive, _Index, _parse
from conftest import REPO, SHARED, run_artlint

RULES = registry.load()
SETTINGS = from_table({"schema": str(REPO / "schemas" / "article.schema.json")}, str(REPO), RULES).default
KNOWN = frozenset(RULES)
#: CPU seconds one article may take (these bodies take minutes when a pattern backtracks or a
#: loop is quadratic). CPU time, not wall time: other work on a loaded machine does not count.
BUDGET = 2.0


def lint_timed(data: bytes, name: str = "a.md") -> list[str]:
    """The rule ids artlint reports on ``data``; fails when it took longer than ``BUDGET``."""
    start = time.process_time()
    result = lint_text(name, data, SETTINGS, KNOWN)
    elapsed = time.process_time() - start
    assert elapsed < BUDGET, f"{elapsed:.1f} s"
    rules = [d.rule for d in result.diagnostics]
    assert "internal-error" not in rules, [d.message for d in result.diagnostics if d.rule == "internal-error"]
    return rules


def article(body: str, front: str = "---\ntitle: A title\n---\n") -> bytes:
    return (front + body + "\n").encode("utf-8", "surrogatepass")


# ----------------------------------------------------------------- the HTML stream


def test_real_article_with_leading_comments() -> None:
    """rust-blog's compiler-team-ambitions-2022.md: comments before the body's HTML took
    ``htmlscan._DOCUMENT`` more than 15 minutes of backtracking."""
    path = SHARED / "corpus" / "rust-blog" / "content" / "inside-rust" / "compiler-team-ambitions-2022.md"
    if not path.is_file():
        pytest.skip("../shared/corpus is not beside this checkout")
    lint_timed(path.read_bytes(), str(path))


@pytest.mark.parametrize("comments", ["<!-- a -->\n" * 40, "<!-- a --> " * 10_000, "<!--" + " -->" * 100_000])
def test_comments_before_the_html(comments: str) -> None:
    lint_timed(article(comments + "\ntext <b>bold</b>\n"))
    lint_timed(article(comments + "<p>text"), "a.html")


# ------------------------------------------------------- expressions over user text


def fenced(text: str) -> str:
    """``text`` in a code block: markdown-it reads it at once, the body's raw text holds it."""
    return "```text\n" + text + "\n```"


BODIES = {
    # suppress: a lazy directive followed by \s*$ backtracked over every blank
    "suppression-blanks": (article("<!-- artlint-disable x" + " " * 300_000 + "b -->"), "a.md"),
    "suppression-blanks-yaml": (("---\ntitle: x\n# artlint-disable x" + " " * 300_000 + "b\n---\nbody\n").encode(), "a.md"),
    # mdx: a JSX comment's text, stripped and searched for its end; many empty ones and closers
    "suppression-blanks-mdx": (article("{/* artlint-disable x" + " " * 300_000 + "b */}"), "a.mdx"),
    "jsx-comments": (article("{/**/}" * 100_000), "a.mdx"),
    "jsx-comment-closers": (article("{/* artlint-disable x" + " */" * 100_000 + "}"), "a.mdx"),
    # suppress.apply: every directive was tried for every finding (MDX has no token limit)
    "suppressed-findings": (article("{/* artlint-disable-line alt-missing */}<img src='a.png' />\n\n" * 10_000), "a.mdx"),
    "ranges-of-every-rule": (article("{/* artlint-disable */}<img src='a.png' />{/* artlint-enable alt-missing */}\n\n" * 10_000), "a.mdx"),
    # markup.slug: \s*#+\s*$ tried at every blank of a heading
    "heading-blanks": (article("## a" + " " * 300_000 + "b"), "a.md"),
    "heading-hashes": (article("## a" + " #" * 150_000 + "b"), "a.md"),
    # markup._DEFINITION: labels that run over line ends, and blanks on both sides of one
    "definition-labels": (article(fenced("[\n" * 100_000)), "a.md"),
    "definition-label-runs": (article(fenced("[" + "a\n[" * 50_000)), "a.md"),
    "definition-blanks": (article("[a]:" + " " * 300_000 + "\n\n"), "a.md"),
    # generator-chatter: each match's sentence was searched for from the match
    "chatter-one-sentence": (article("sure, below " * 20_000), "a.md"),
    "chatter-lines": (article("certainly! here " * 20_000), "a.md"),
    # corpus._TAG and markup.nesting_depth: every '<' that no '>' follows scanned to the end
    "corpus-open-angles": (article(fenced("<" * 300_000)), "a.md"),
    "tag-names-no-close": (article(fenced("<a" * 150_000)), "a.md"),
    # html5lib: each attribute of a tag compared with every earlier one; time per tag and per attribute
    "repeated-attributes": (article("<p" + " a=1" * 200_000), "a.md"),
    "distinct-attributes": (article("<p " + " ".join(f"a{i}" for i in range(40_000)) + ">"), "a.md"),
    "open-tag-to-the-end": (("<a " * 100_000).encode(), "a.html"),
    "quoted-angle-then-attributes": (('<p a="x>" ' + "b " * 200_000 + ">").encode(), "a.html"),
    "many-tags-of-99-attributes": ((("<p " + " ".join(f"a{i}" for i in range(99)) + ">x</p>\n") * 2_000).encode(), "a.html"),
    "many-tags": (("<b>x</b>" * 100_000).encode(), "a.html"),
    "many-angles": (article("```\n" + "<" * 300_000 + "\n```"), "a.md"),
    # front matter: YAML 1.1 numbers with '_' (frontmatter-implicit-type), TOML table names
    "implicit-type-underscores": (("---\ntitle: x\na: 1" + "_" * 300_000 + "x\n---\nbody\n").encode(), "a.md"),
    "toml-table-blanks": (('+++\ntitle = "x"\n["a' + " " * 100_000 + 'b"]\nc = 1\n+++\nbody\n').encode(), "a.md"),
    "toml-array-of-tables-blanks": (('+++\ntitle = "x"\nx = [\n["a' + " " * 100_000 + 'b"],\n]\n+++\nbody\n').encode(), "a.md"),
    "front-matter-never-closed": (("---\ntitle: x\n" + "--- x\n" * 50_000).encode(), "a.md"),
    # fields and rules over one value: description, alt text, srcset, image URLs, dates
    "description-punctuation": (("---\ntitle: x\ndescription: '" + ".'" * 100_000 + " x'\n---\nbody\n").encode(), "a.md"),
    "description-blanks": (("---\ntitle: x\ndescription: 'a." + " " * 300_000 + "x'\n---\nbody\n").encode(), "a.md"),
    "alt-long-words": (article('<img src="a.png" alt="' + "the " * 100_000 + 'image">'), "a.md"),
    "alt-file-name": (article('<img src="a.png" alt="' + "a" * 300_000 + '.pngx">'), "a.md"),
    "srcset-commas": (article('<img alt="A" src="a.png" srcset="' + "a," * 200_000 + '">'), "a.md"),
    "srcset-blanks": (article('<img alt="A" src="a.png" srcset="a 1x' + " ," * 200_000 + '">'), "a.md"),
    "image-url-blanks": (article("![A](" + " " * 300_000 + "a.png)"), "a.md"),
    "date-blanks": (("---\ntitle: x\ndate: '2024-01-01" + " " * 300_000 + "x'\n---\nbody\n").encode(), "a.md"),
    "date-ruby-skips": (("---\ntitle: x\ndate: '2024-01-01 " + "1 -" * 100_000 + "x'\n---\nbody\n").encode(), "a.md"),
    "demo-boxes-unclosed": (article("# x\n" + "{% callout \"demo\" %}\nx\n" * 30_000), "a.md"),
    "generated-banner": (("---\n" + "# do not" * 40_000 + "\ntitle: x\n---\n<!--" + " auto" * 50_000 + "\n").encode(), "a.md"),
    # fences, headings, links and emphasis as markdown-it and the body rules read them
    "fence-backticks": (article("`" * 300_000), "a.md"),
    "fence-lines": (article("```\n" * 50_000), "a.md"),
    "fence-runs": (article(("`" * 300 + " x\n") * 1_000), "a.md"),
    "blank-lines": (article(" " * 300_000 + "\n" + "\n \t" * 50_000), "a.md"),
    "heading-levels": (article("#" * 300_000 + " x"), "a.md"),
    "link-brackets": (article("[a](" * 25_000), "a.md"),
    "chatter-article-words": (article("the " + "content " * 100_000 + "x"), "a.md"),
    "chatter-sentences": (article("Sure! Please note. " * 20_000), "a.md"),
    "entities": (("&x" * 100_000).encode(), "a.html"),
    # the most that is still parsed: 20,000 tags, parse errors or duplicate attributes
    "tags-at-the-limit": (("<b>x</b>" * 10_000).encode(), "a.html"),
    "angles-at-the-limit": (("< " * 20_000).encode(), "a.html"),
    "duplicates-at-the-limit": ((("<p" + " a" * 99 + ">") * 199).encode(), "a.html"),
    "references-at-the-limit": (("&x" * 20_000).encode(), "a.html"),
}
#: The bodies that artlint does not parse, and says so.
TOO_COMPLEX = {"repeated-attributes", "distinct-attributes", "open-tag-to-the-end", "quoted-angle-then-attributes", "many-tags-of-99-attributes", "many-tags", "many-angles", "entities"}


@pytest.mark.parametrize("case", BODIES)
def test_adversarial_body(case: str) -> None:
    data, name = BODIES[case]
    rules = lint_timed(data, name)
    assert ("html-too-complex" in rules) == (case in TOO_COMPLEX)


# ---------------------- the linear rewrites agree with the expressions they replace


def pieces(*texts: str) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(texts), max_size=12).map("".join)


_OLD_DIRECTIVE = re.compile(r"^\s*artlint-(disable-next-line|disable-line|disable-file|disable|enable)(?![\w-])([^\r\n]*?)\s*$")
_OLD_HASHES = re.compile(r"^\s*#+\s*|\s*#+\s*$")


@settings(max_examples=500)
@given(pieces("artlint-", "disable", "-next-line", "-line", "-file", "enable", " ", ",", "\n", "\r", "x", "a-b", "\u00a0", "é", "_"))
def test_directive_parse_as_before(text: str) -> None:
    m = _OLD_DIRECTIVE.match(text)
    before = None if m is None else (m.group(1), frozenset(n for n in re.split(r"[\s,]+", m.group(2)) if n) or None)
    if m is None and text.lstrip().startswith("artlint-"):
        before = ("invalid", frozenset())  # a misspelled directive: reported, never read as another
    found = _parse(text, Span(1, 1, 1, 1))
    assert (None if found is None else (found.kind, found.rules)) == before


def _old_suppressor(rule: str, line: int, found: list[Directive]) -> Directive | None:
    """The scan of every directive that ``suppress._Index`` replaces."""
    for i, directive in enumerate(found):
        if not directive.covers(rule):
            continue
        if directive.kind == "disable-file":
            return directive
        if directive.kind == "disable-next-line" and line == directive.span.end_line + 1:
            return directive
        if directive.kind == "disable-line" and directive.span.line <= line <= directive.span.end_line:
            return directive
        if directive.kind == "disable" and directive.span.line <= line:
            end = next((e.span.line for e in found[i + 1 :] if e.kind == "enable" and e.covers(rule)), None)
            if end is None or line <= end:
                return directive
    return None


_KIND = st.sampled_from([*KINDS, "invalid"])
_RULES = st.one_of(st.none(), st.frozensets(st.sampled_from("abc"), max_size=2))


@settings(max_examples=500)
@given(st.lists(st.tuples(_KIND, _RULES, st.integers(0, 2), st.integers(0, 1)), max_size=10), st.sampled_from("abc"), st.integers(1, 14))
def test_suppressor_as_before(steps: list[tuple[str, frozenset[str] | None, int, int]], rule: str, line: int) -> None:
    """Directives in file order: each starts ``gap`` lines after the last one ended (0: on
    its line) and spans ``extra`` more lines."""
    found, at = [], 1
    for kind, rules, gap, extra in steps:
        at += gap
        found.append(Directive(kind, frozenset() if kind == "invalid" else rules, Span(at, 1, at + extra, 2)))
        at += extra
    assert _Index(found).suppressor(rule, line) is _old_suppressor(rule, line, found)


@settings(max_examples=500)
@given(pieces("#", " ", "\t", "a", "\u00a0", "é", "-", "!"))
def test_slug_as_before(heading: str) -> None:
    before = _OLD_HASHES.sub("", heading).strip().lower()
    assert slug(heading) == re.sub(r"[^\w\- ]", "", before).replace(" ", "-")


_OLD_AMBIGUOUS = re.compile(r"^(?:[yY]es|YES|[nN]o|NO|[oO]n|ON|[oO]ff|OFF|[yYnN]|[+-]?0[0-7]+|[+-]?[0-9][0-9_]*_[0-9_]*(?:\.[0-9_]*)?|[+-]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?)$")
_OLD_TOML_TABLE = re.compile(r"""[ \t]*(\[\[?)[ \t]*([^\]\r\n]+?)[ \t]*\]\]?""")


@settings(max_examples=500)
@given(pieces("0", "1", "7", "9", "_", ".", ":", "+", "-", "5", "a", "\n"))
def test_ambiguous_scalars_as_before(text: str) -> None:
    assert (_AMBIGUOUS.match(text) is None) == (_OLD_AMBIGUOUS.match(text) is None)


@settings(max_examples=500)
@given(pieces("[", "]", " ", "\t", "a", '"', ".", "\n", "b"))
def test_toml_table_headers_as_before(line: str) -> None:
    """The same header, but for one whose name is blank (which TOML refuses before)."""
    before = _OLD_TOML_TABLE.match(line)
    if before is not None and before.group(2).strip(" \t"):
        now = _TOML_TABLE.match(line)
        assert now is not None and (now.groups(), now.end()) == (before.groups(), before.end())


# ------------------------------------------------------------------------- globs


def test_globs_on_a_deep_tree(tmp_path: Path) -> None:
    """Include and exclude globs that made a regular expression backtrack over every way to
    place each ``**`` (104 s for the include on a path 60 folders deep), in a real run."""
    deep = tmp_path.joinpath(*["a"] * 60)
    deep.mkdir(parents=True)
    (deep / "c.md").write_text("---\ntitle: A deep article\n---\n\nText.\n")
    hostile = ["**/**/**/**/**/**/**/**/b.md", "**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/c.mdx", "*a*a*a*a*a*a*a*a*b", "a**a**a**a**a**a**b"]
    include = [*hostile, "**/**/**/**/**/**/**/**/c.md"]
    (tmp_path / "artlint.toml").write_text(f"include = {include!r}\nexclude = {hostile!r}\n".replace("'", '"'))
    start = time.perf_counter()
    result = run_artlint("check", "--no-cache", ".", cwd=tmp_path)
    elapsed = time.perf_counter() - start
    assert elapsed < 5 * BUDGET, f"{elapsed:.1f} s"  # a process of its own: Python starts too
    assert result.returncode == 0 and "1 file checked" in result.stdout, result


@pytest.mark.parametrize(
    ("pattern", "path"),
    [
        ("**/**/**/**/**/**/**/**/b.md", "a/" * 2_000 + "c.md"),
        ("**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/b.md", "a/" * 2_000 + "c.md"),
        ("x/*a*a*a*a*a*a*a*a*b/**", "x/" + "a" * 4_000),
        ("**/[ab]?[ab]?/**/[ab]?[ab]?/**/[ab]?[ab]?/**/c.md", "ab/" * 1_300 + "d.md"),
    ],
)
def test_glob_on_a_long_path(pattern: str, path: str) -> None:
    regex = compile_globs([pattern])
    start = time.perf_counter()
    assert not matches(regex, path)
    assert matches(regex, path.rsplit("/", 1)[0] + "/b.md") == pattern.endswith("b.md")
    assert time.perf_counter() - start < BUDGET


def _old_translate(pattern: str) -> str:
    """artlint's translation before it matched each run of segments at its first place."""
    while pattern.startswith("./"):
        pattern = pattern[2:]
    anywhere = "/" not in pattern.rstrip("/")
    pattern = pattern.rstrip("/")
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] in "*?":
            out.append("[^/]*" if pattern[i] == "*" else "[^/]")
            i += 1
        elif pattern[i] == "[":
            j = pattern.index("]", i + 2)
            out.append("[" + pattern[i + 1 : j] + "]")
            i = j + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return ("(?:.*/)?" if anywhere else "") + "".join(out) + "(?:/.*)?"


_SEGMENT = st.one_of(st.just("**"), st.lists(st.sampled_from(["a", "b", ".", "*", "?", "[ab]", "[a-b]"]), min_size=1, max_size=4).map("".join).filter(lambda s: "**" not in s))
_PATH = st.lists(st.lists(st.sampled_from(["a", "b", ".", "x"]), min_size=1, max_size=3).map("".join), min_size=1, max_size=5).map("/".join)


@settings(max_examples=400)
@given(st.lists(_SEGMENT, min_size=1, max_size=4).map("/".join), _PATH, st.booleans())
def test_globs_match_as_before(pattern: str, path: str, folder: bool) -> None:
    """Where ``**`` is a whole segment (and no class could match '/'), as before."""
    path += "/" if folder else ""
    before = re.fullmatch(_old_translate(pattern), path, re.DOTALL) is not None
    assert matches(compile_globs([pattern]), path) == before


# ------------------------------- regular expressions a pull request writes (run by RE2)


def lint_with(table: dict[str, Any], root: Path, front: str, body: str = "text\n") -> list[str]:
    """The messages artlint gives on one article with the configuration ``table``, each run
    of the article within ``BUDGET``."""
    settings = from_table(table, str(root), RULES).default
    start = time.process_time()
    result = lint_text(str(root / "a.md"), ("---\n" + front + "---\n" + body).encode(), settings, KNOWN)
    elapsed = time.process_time() - start
    assert elapsed < BUDGET, f"{elapsed:.1f} s"
    assert all(d.rule != "internal-error" for d in result.diagnostics), result.diagnostics
    return [f"{d.rule}: {d.message}" for d in result.diagnostics]


HOSTILE = "a" * 50_000 + "!"  # (Python's re tries 2**n ways to split the a's before ^(a+)+$ fails)


def schema_file(root: Path, schema: dict[str, Any]) -> dict[str, Any]:
    (root / "s.json").write_text(json.dumps(schema))
    return {"schema": "s.json"}


def test_a_schema_pattern_that_would_backtrack(tmp_path: Path) -> None:
    table = schema_file(tmp_path, {"properties": {"slug": {"type": "string", "pattern": "^(a+)+$"}}})
    found = lint_with(table, tmp_path, f"title: T\nslug: {HOSTILE}\n")
    assert [m for m in found if m.startswith("frontmatter-schema: slug:")] and all("does not match the pattern ^(a+)+$" in m for m in found if m.startswith("frontmatter-schema"))
    assert not [m for m in lint_with(table, tmp_path, "title: T\nslug: aaaa\n") if m.startswith("frontmatter-schema")]


@pytest.mark.parametrize("unknown", ["additionalProperties", "unevaluatedProperties"])
def test_schema_pattern_properties_that_would_backtrack(tmp_path: Path, unknown: str) -> None:
    """``patternProperties`` are searched by the keyword itself and by the helpers of
    ``additionalProperties`` and ``unevaluatedProperties`` (and by the rule's message)."""
    table = schema_file(tmp_path, {"properties": {"title": {}}, "patternProperties": {"^(a+)+$": {"type": "string"}}, unknown: False})
    found = [m for m in lint_with(table, tmp_path, f"title: T\n? {HOSTILE}\n: x\n") if m.startswith("frontmatter-schema")]  # (an explicit key: a plain one is at most 1024 characters)
    assert len(found) == 1 and "unknown key 'aaaa" in found[0], found
    assert not [m for m in lint_with(table, tmp_path, "title: T\naaaa: x\n") if m.startswith("frontmatter-schema")]
    found = [m for m in lint_with(table, tmp_path, "title: T\naaaa: 3\n") if m.startswith("frontmatter-schema")]
    assert len(found) == 1 and "expected a string" in found[0], found


@pytest.mark.parametrize(
    ("schema", "pointer"),
    [
        ({"properties": {"slug": {"pattern": "^(?!draft)"}}}, "/properties/slug/pattern"),
        ({"$defs": {"x": {"patternProperties": {"^(a)\\1$": {}}}}}, "/$defs/x/patternProperties/^(a)\\1$"),
    ],
)
def test_a_schema_pattern_re2_cannot_run_is_refused(tmp_path: Path, schema: dict[str, Any], pointer: str) -> None:
    """Lookarounds and backreferences need backtracking: one exit-2 line names the schema
    and the pattern's place, and nothing is searched with it."""
    (tmp_path / "artlint.toml").write_text('schema = "s.json"\n')
    (tmp_path / "s.json").write_text(json.dumps(schema))
    (tmp_path / "a.md").write_text("---\ntitle: x\n---\ntext\n")
    result = run_artlint("check", "--no-cache", "a.md", cwd=tmp_path)
    line = f"s.json: the pattern at {json.dumps(pointer)} uses features artlint cannot run in linear time"
    assert result.returncode == 2 and result.stderr.startswith("artlint: error: schema ") and line in result.stderr and result.stderr.count("\n") == 1, result
    assert "re2.cc" not in result.stderr  # (RE2's own log line, with the pattern raw, is off)


@pytest.mark.parametrize(("pattern", "valid"), [("(" * 5000 + ")" * 5000, True), ("(" * 5000, False)])
def test_a_schema_pattern_with_deep_groups(tmp_path: Path, pattern: str, valid: bool) -> None:
    """jsonschema's ``regex`` format compiled it with ``re``, whose parser overflows the stack."""
    (tmp_path / "artlint.toml").write_text('schema = "s.json"\n')
    (tmp_path / "s.json").write_text(json.dumps({"properties": {"x": {"pattern": pattern}}}))
    (tmp_path / "a.md").write_text("---\ntitle: x\nx: y\n---\ntext\n")
    result = run_artlint("check", "--no-cache", "a.md", cwd=tmp_path)
    assert "Traceback" not in result.stderr and result.returncode == (0 if valid else 2), result
    assert valid or (result.stderr.startswith("artlint: error: schema ") and "s.json: not a valid JSON Schema at properties/x/pattern" in result.stderr)


@pytest.mark.parametrize("pattern", ["(\\w+\\s?)+$", "(a|aa)+$", "^(a+)+$", "\\s*\\s*\\s*\\s*x"])
def test_a_configuration_pattern_that_would_backtrack(tmp_path: Path, pattern: str) -> None:
    """A pattern from the configuration (a pull request can change it) is run by RE2."""
    table = {"rules": {"generator-chatter": {"patterns": [pattern.replace("\\\\", "\\")]}, "alt-placeholder": {"patterns": [pattern.replace("\\\\", "\\")]}}}
    body = ("word " * 10_000 + "!\n") + (" " * 50_000 + "!\n") + HOSTILE + "\n" + f"![{HOSTILE}](a.png)\n"
    lint_with(table, tmp_path, "title: T!\n", body)


def test_configuration_patterns_still_find_what_they_did(tmp_path: Path) -> None:
    table = {"rules": {"generator-chatter": {"patterns": ["as an ai\\b", "^note to self:"]}, "alt-placeholder": {"patterns": ["^(?:image|photo) \\d+$"]}}}
    found = lint_with(table, tmp_path, "title: T\n", "As an AI, I write.\n\nNote to self: fix.\n\n![Photo 12](a.png)\n")
    assert sum(m.startswith("generator-chatter") for m in found) == 2 and sum(m.startswith("alt-placeholder") for m in found) == 1, found


def test_a_configuration_pattern_re2_cannot_run_is_refused(tmp_path: Path) -> None:
    (tmp_path / "artlint.toml").write_text('[rules.generator-chatter]\npatterns = ["(?<=a)b"]\n')
    (tmp_path / "a.md").write_text("---\ntitle: x\n---\ntext\n")
    result = run_artlint("check", "--no-cache", "a.md", cwd=tmp_path)
    assert result.returncode == 2 and "patterns[0]: uses features artlint cannot run in linear time" in result.stderr, result


NORMAL_PATTERNS = ["^[a-z0-9-]+$", "^\\d{4}-\\d{2}-\\d{2}$", "^\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d{2}:\\d{2}(?::\\d{2})?(?: ?(?:Z|[+-](?:0\\d|1[0-4]):?[0-5]\\d))?)?$", "\\S", "^[A-Z][a-z]+(?: [A-Z][a-z]+)*$", "^https?://"]


@settings(max_examples=300)
@given(st.sampled_from(NORMAL_PATTERNS), pieces("a", "z", "-", "0", "9", "2025", "-01", "T", " ", "12:30", ":00", "Z", "+02:00", "https://", "A", "é", "\t"))
def test_normal_patterns_match_as_before(pattern: str, text: str) -> None:
    """RE2 and ``re`` agree on the patterns schemas use, in texts without a final line break
    (where ``$`` differs: RE2 ends at the end, as JSON Schema's ECMA-262)."""
    assert (linear.search(linear.compile(pattern), text) is not None) == (re.search(pattern, text) is not None)
