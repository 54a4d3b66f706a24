"""End-to-end: artlint as a user runs it, in a separate process."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from conftest import REPO, SEED

Run = Callable[..., CompletedProcess[str]]
SCHEMA = REPO / "schemas" / "article.schema.json"
GOOD = '---\ntitle: "Good"\ndescription: "A good article about the harbour festival and its record crowd of visitors."\npublishedOn: 2025-05-01\n---\n\n<p>Body</p>\n'


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def one_line_error(result: CompletedProcess[str]) -> str:
    assert result.returncode == 2, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert lines[0].startswith("artlint: error: ")
    return lines[0]


def test_json_output_shape_and_order(tmp_path: Path, artlint: Run) -> None:
    write(tmp_path, "b.md", "---\ntitle: a\ntitle: b\n---\n")
    write(tmp_path, "a.md", "---\ntitle: [unclosed\n---\n")
    write(tmp_path, "sub/c.md", GOOD)
    result = artlint("check", "--format", "json", ".", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    items = json.loads(result.stdout)
    assert [(i["path"], i["line"], i["column"], i["rule"]) for i in items] == [
        ("a.md", 2, 8, "frontmatter-syntax"),  # the flow sequence that is never closed
        ("b.md", 3, 1, "frontmatter-duplicate-key"),
    ]
    assert set(items[0]) == {"path", "line", "column", "endLine", "endColumn", "rule", "severity", "message"}
    assert items[1]["endLine"] == 3 and items[1]["endColumn"] == 6 and items[1]["severity"] == "error"


def test_clean_run_exits_0_with_empty_array(tmp_path: Path, artlint: Run) -> None:
    write(tmp_path, "a.md", GOOD)
    result = artlint("check", "--format", "json", "--schema", str(SCHEMA), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


def test_human_output(tmp_path: Path, artlint: Run) -> None:
    write(tmp_path, "a.md", "---\ntitle: a\ntitle: b\n---\n")
    write(tmp_path, "b.md", GOOD)
    result = artlint("check", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "a.md:3:1: error [frontmatter-duplicate-key] duplicate key 'title': this value replaces the one written earlier",
        "  |",
        "3 | title: b",
        "  | ^^^^^",
        "",
        "1 error, 0 warnings in 1 file (2 files checked)",
    ]
    assert "\033[" not in result.stdout  # not a terminal: no colour


def test_schema_option_and_paths_relative_to_cwd(tmp_path: Path, artlint: Run) -> None:
    write(tmp_path, "content/news/a.md", "---\ntitle: x\npublishedOn: 2025-13-45\n---\n")
    result = artlint("check", "--format", "json", "--schema", str(SCHEMA), "content", cwd=tmp_path)
    items = json.loads(result.stdout)
    assert {(i["path"], i["line"], i["column"], i["message"]) for i in items} == {
        ("content/news/a.md", 1, 1, "missing required key 'description'"),
        ("content/news/a.md", 3, 14, "publishedOn: '2025-13-45' is not a real calendar date"),  # date-format's explanation, not the schema's
    }
    inside = artlint("check", "--format", "json", "--schema", str(SCHEMA), "a.md", cwd=tmp_path / "content" / "news")
    assert {i["path"] for i in json.loads(inside.stdout)} == {"a.md"}
    absolute = artlint("check", "--format", "json", "--schema", str(SCHEMA), str(tmp_path / "content"), cwd=tmp_path)
    assert {i["path"] for i in json.loads(absolute.stdout)} == {"content/news/a.md"}


def test_collections_from_config(tmp_path: Path, artlint: Run) -> None:
    shutil.copy(SCHEMA, tmp_path / "news.schema.json")
    write(tmp_path, "artlint.toml", '[collections.news]\npaths = ["content/news/**"]\nschema = "news.schema.json"\n')
    write(tmp_path, "content/news/a.md", "---\ntitle: x\n---\n")
    write(tmp_path, "content/pages/b.md", "---\ntitle: y\n---\n")  # no collection: no schema
    result = artlint("check", "--format", "json", cwd=tmp_path / "content")
    items = json.loads(result.stdout)
    assert {(i["path"], i["rule"]) for i in items} == {("news/a.md", "frontmatter-schema")}
    assert len(items) == 2  # description and publishedOn missing


def test_select_ignore_and_severity(tmp_path: Path, artlint: Run) -> None:
    write(tmp_path, "a.md", "---\ntitle: a\ntitle: b\n---\n")
    assert artlint("check", "--ignore", "frontmatter-duplicate-key", cwd=tmp_path).returncode == 0
    assert artlint("check", "--select", "frontmatter", "--ignore", "frontmatter-duplicate-key", cwd=tmp_path).returncode == 0
    assert artlint("check", "--select", "file-encoding", cwd=tmp_path).returncode == 0
    write(tmp_path, "artlint.toml", '[rules.frontmatter-duplicate-key]\nseverity = "warning"\n')
    result = artlint("check", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0  # warnings alone do not fail
    assert [i["severity"] for i in json.loads(result.stdout)] == ["warning"]
    write(tmp_path, "artlint.toml", 'ignore = ["frontmatter"]\n')
    assert json.loads(artlint("check", "--format", "json", cwd=tmp_path).stdout) == []


def test_pyproject_config_found_upward(tmp_path: Path, artlint: Run) -> None:
    shutil.copy(SCHEMA, tmp_path / "s.json")
    write(tmp_path, "pyproject.toml", '[project]\nname = "x"\n\n[tool.artlint]\nschema = "s.json"\n')
    write(tmp_path, "deep/er/a.md", "No front matter here.\n")
    result = artlint("check", "--format", "json", ".", cwd=tmp_path / "deep")
    assert [(i["path"], i["rule"]) for i in json.loads(result.stdout)] == [("er/a.md", "frontmatter-missing")]


def test_output_file(tmp_path: Path, artlint: Run) -> None:
    write(tmp_path, "a.md", "---\n: [\n---\n")
    result = artlint("check", "--format", "json", "--output", "out/report.json", cwd=tmp_path)
    assert result.returncode == 2  # the folder does not exist
    (tmp_path / "out").mkdir()
    result = artlint("check", "--format", "json", "--output", "out/report.json", cwd=tmp_path)
    assert result.returncode == 1 and result.stdout == ""
    assert json.loads((tmp_path / "out" / "report.json").read_text())[0]["rule"] == "frontmatter-syntax"
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["report.json"]
    import os
    import stat

    umask = os.umask(0)
    os.umask(umask)
    report = tmp_path / "out" / "report.json"
    assert stat.S_IMODE(report.stat().st_mode) == 0o666 & ~umask  # as any tool makes a file (not a temporary file's 0600)
    report.chmod(0o640)
    artlint("check", "--format", "sarif", "--output", "out/report.json", cwd=tmp_path)
    assert stat.S_IMODE(report.stat().st_mode) == 0o640 and json.loads(report.read_text())["version"] == "2.1.0"  # replaced, its mode kept


def test_reports_are_utf8_whatever_the_locale_and_name_files_in_their_own_bytes(tmp_path: Path) -> None:
    """The JSON report is UTF-8 (RFC 8259) even where standard output's encoding is not; a
    file name that is not UTF-8 is written in its own bytes, to the terminal and to
    ``--output``, in every format, without a traceback."""
    import os
    import subprocess
    import sys

    write(tmp_path, "café.md", "---\ntitle: [unclosed\n---\n")
    with open(os.fsencode(tmp_path) + b"/odd-\xff.md", "wb") as f:
        f.write(b"---\ntitle: [unclosed\n---\n")

    def run(*args: str) -> subprocess.CompletedProcess[bytes]:
        env = {**os.environ, "PYTHONIOENCODING": "ascii"}
        return subprocess.run([sys.executable, "-m", "artlint", "check", "--no-cache", *args], cwd=tmp_path, env=env, capture_output=True, timeout=120)

    ran = run("--format", "json")
    assert ran.returncode == 1 and b"Traceback" not in ran.stderr
    assert [i["path"] for i in json.loads(ran.stdout.decode("utf-8", "surrogateescape"))] == ["café.md", os.fsdecode(b"odd-\xff.md")]
    for form in ("json", "human", "sarif", "github"):
        ran = run("--format", form, "--output", f"report.{form}")
        assert ran.returncode == 1 and b"Traceback" not in ran.stderr, ran.stderr
        report = (tmp_path / f"report.{form}").read_bytes()
        names = (b"caf%C3%A9.md", b"odd-%FF.md") if form == "sarif" else ("café.md".encode(), b"odd-\xff.md")  # (SARIF: URIs)
        assert all(name in report for name in names), (form, report)


@pytest.mark.parametrize(
    ("files", "args", "needle"),
    [
        ({}, ["check", "missing.md"], "missing.md: no such file or folder"),
        ({"artlint.toml": "colour = 1\n"}, ["check"], "artlint.toml: colour: unknown key"),
        ({"artlint.toml": "include = 5\n"}, ["check"], "include: must be a list of glob strings"),
        ({"artlint.toml": "[rules.nope]\n"}, ["check"], "rules.nope: unknown rule"),
        ({"artlint.toml": "[rules.frontmatter-missing]\nrequired = 'yes'\n"}, ["check"], "rules.frontmatter-missing.required: must be true or false"),
        ({"artlint.toml": "[rules.frontmatter-missing]\nmax = 3\n"}, ["check"], "unknown option"),
        ({"artlint.toml": "[rules.alt-placeholder]\npatterns = [\"(unclosed\"]\n"}, ["check"], "rules.alt-placeholder.patterns[0]: not a valid regular expression"),
        ({"artlint.toml": '[rules.frontmatter-missing]\nseverity = "fatal"\n'}, ["check"], "severity: must be one of"),
        ({"artlint.toml": '[rules.link-fragment]\nslugger = "jekyl"\n'}, ["check"], "rules.link-fragment.slugger: must be one of auto, github"),
        ({"artlint.toml": "select = ['no-such-rule']\n"}, ["check"], "unknown rule or tag 'no-such-rule'"),
        ({"artlint.toml": "[collections.x]\nschema = 's.json'\n"}, ["check"], "collections.x: needs 'paths'"),
        ({"artlint.toml": "title = [\n"}, ["check"], "not valid TOML"),
        ({"artlint.toml": 'schema = "nope.json"\n'}, ["check"], "nope.json does not exist"),
        ({"artlint.toml": 'schema = "s.json"\n', "s.json": "{not json"}, ["check"], "not valid JSON"),
        ({"artlint.toml": 'schema = "s.json"\n', "s.json": '{"type": "objekt"}'}, ["check"], "not a valid JSON Schema"),
        ({"artlint.toml": 'schema = "s.json"\n', "s.json": "[1]"}, ["check"], "must be an object or a boolean"),
        ({}, ["check", "--schema", "none.json"], "--schema none.json: no such file"),
        ({}, ["check", "--config", "none.toml"], "config file none.toml does not exist"),
        ({}, ["check", "--format", "xml"], "invalid choice: 'xml'"),
        ({}, ["check", "--select", "bogus"], "--select: unknown rule or tag 'bogus'"),
        ({}, ["check", "--bogus"], "unrecognized arguments: --bogus"),
        ({}, ["explain", "bogus"], "unknown rule 'bogus'"),
        ({}, ["frobnicate"], "invalid choice: 'frobnicate'"),
    ],
)
def test_usage_and_config_errors_exit_2_with_one_line(tmp_path: Path, artlint: Run, files: dict[str, str], args: list[str], needle: str) -> None:
    for name, text in files.items():
        write(tmp_path, name, text)
    line = one_line_error(artlint(*args, cwd=tmp_path))
    assert needle in line


def test_rules_and_explain(tmp_path: Path, artlint: Run) -> None:
    listing = artlint("rules", cwd=tmp_path)
    assert listing.returncode == 0
    ids = [line.split()[0] for line in listing.stdout.splitlines()]
    assert ids == sorted(ids) and "frontmatter-schema" in ids and "internal-error" in ids
    assert re.search(r"^frontmatter-schema +error +The front matter does not match", listing.stdout, re.MULTILINE)
    explain = artlint("explain", "frontmatter-syntax", cwd=tmp_path)
    assert explain.returncode == 0 and "Bad" in explain.stdout and "Good" in explain.stdout


def test_walk_skips_links_and_tool_folders(tmp_path: Path, artlint: Run) -> None:
    write(tmp_path, "a.md", GOOD)
    write(tmp_path, "notes.txt", "---\n: [\n---\n")  # not included
    write(tmp_path, "node_modules/pkg/readme.md", "---\n: [\n---\n")
    write(tmp_path, ".git/x.md", "---\n: [\n---\n")
    (tmp_path / "loop").symlink_to(tmp_path)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to("..")
    (tmp_path / "dangling.md").symlink_to(tmp_path / "nowhere.md")
    result = artlint("check", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []
    human = artlint("check", cwd=tmp_path)
    assert "(1 file checked)" in human.stdout


@pytest.mark.parametrize("include", [None, '["*.md", "./**/*.txt"]', '["posts/*.md"]'])
def test_walk_includes_what_the_globs_match(tmp_path: Path, include: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Include globs that are all ``*.ext`` are tested by the name's suffix (or a folder's):
    the files found are those the globs themselves match."""
    from artlint import registry
    from artlint.config import load
    from artlint.discover import files
    from artlint.globs import matches

    if include is not None:
        write(tmp_path, "artlint.toml", f"include = {include}\n")
    for name in ("a.md", "b.markdown", "c.htm", "d.mdx", "e.MD", "posts/f.md", "posts/g.txt", "notes.md/h.txt", "x.txt/i.md", "deep/er/j.html"):
        write(tmp_path, name, "text\n")
    config = load(str(tmp_path), registry.load())
    assert (config.include_suffixes is None) == (include == '["posts/*.md"]')
    every = [str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file() and p.name != "artlint.toml"]
    expected = sorted(p for p in every if matches(config.include, p))
    monkeypatch.chdir(tmp_path)
    assert files(["."], config, str(tmp_path)) == expected
    assert ("notes.md/h.txt" in expected) == (include != '["posts/*.md"]')  # a folder that matches takes all below it


def test_explicit_file_is_checked_whatever_its_name(tmp_path: Path, artlint: Run) -> None:
    write(tmp_path, "artlint.toml", 'exclude = ["drafts/**"]\n')
    write(tmp_path, "drafts/a.txt", "---\n: [\n---\n")
    assert artlint("check", "drafts/a.txt", cwd=tmp_path).returncode == 1
    assert artlint("check", "drafts", cwd=tmp_path).returncode == 0
    assert artlint("check", "--force-exclude", "drafts/a.txt", cwd=tmp_path).returncode == 0


def test_seed_runs_clean_of_internal_errors(artlint: Run) -> None:
    result = artlint("check", "--format", "json", "seeds/", cwd=REPO)
    assert result.returncode == 1, result.stderr  # the examples have real defects
    items = json.loads(result.stdout)
    assert not [i for i in items if i["rule"] == "internal-error"]
    assert not [i for i in items if i["path"].endswith(SEED.name) and i["rule"].startswith("frontmatter")]


def test_no_color_and_color(tmp_path: Path, artlint: Run) -> None:
    write(tmp_path, "a.md", "---\ntitle: a\ntitle: b\n---\n")
    from artlint.config import from_table
    from artlint.registry import load
    from artlint.reporters import human
    from artlint.run import session

    rules = load()
    config = from_table({}, str(tmp_path), rules)
    result = session.run([str(tmp_path / "a.md")], config, rules)
    assert "\033[1;31merror" in human.render(result, color=True)
    assert "\033[" not in human.render(result, color=False)


def test_python_dash_m_and_version(tmp_path: Path, artlint: Run) -> None:
    result = artlint("--version", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.startswith("artlint ")


def test_zero_config_finds_the_seed_defects(tmp_path: Path, artlint: Run) -> None:
    shutil.copy(SEED, tmp_path / "article.md")
    result = artlint("check", "--format", "json", "--schema", str(SCHEMA), "article.md", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    found = {(i["rule"], i["line"]) for i in json.loads(result.stdout)}
    assert found == {
        ("description-length", 4),
        ("description-truncated", 4),
        ("date-order", 6),
        ("alt-placeholder", 10),
        ("body-code-fence", 17),
    }


def test_today_flag_and_variable(tmp_path: Path, artlint: Run) -> None:
    write(tmp_path, "a.md", "---\ntitle: x\npublishedOn: 2030-01-02\n---\n")
    assert [i["rule"] for i in json.loads(artlint("check", "--format", "json", "--today", "2030-01-01", cwd=tmp_path).stdout)] == ["date-future"]
    assert json.loads(artlint("check", "--format", "json", "--today", "2030-01-02", cwd=tmp_path).stdout) == []
    env_run = artlint("check", "--format", "json", cwd=tmp_path, env={"ARTLINT_TODAY": "2030-01-01"})
    assert [i["rule"] for i in json.loads(env_run.stdout)] == ["date-future"]
    assert "--today 2030-13-01" in one_line_error(artlint("check", "--today", "2030-13-01", cwd=tmp_path))


def test_exit_policy(tmp_path: Path, artlint: Run) -> None:
    write(tmp_path, "a.md", "---\ntitle: x\ndescription: short\n---\n")  # a warning only
    assert artlint("check", cwd=tmp_path).returncode == 0
    assert artlint("check", "--fail-on", "warning", cwd=tmp_path).returncode == 1
    write(tmp_path, "b.md", "---\ntitle: a\ntitle: b\n---\n")
    assert artlint("check", cwd=tmp_path).returncode == 1
    assert artlint("check", "--exit-zero", cwd=tmp_path).returncode == 0
    assert artlint("check", "--exit-zero", "missing.md", cwd=tmp_path).returncode == 2


def test_stdin_filename(tmp_path: Path, artlint: Run) -> None:
    shutil.copy(SCHEMA, tmp_path / "news.json")
    write(tmp_path, "artlint.toml", '[collections.news]\npaths = ["news/**"]\nschema = "news.json"\n')
    text = b"---\ntitle: x\npublishedOn: 2025-13-01\n---\n"
    result = artlint("check", "--format", "json", "--stdin-filename", "news/new.md", cwd=tmp_path, stdin=text)
    assert result.returncode == 1
    items = json.loads(result.stdout)
    assert {(i["path"], i["line"], i["rule"]) for i in items} == {("news/new.md", 1, "frontmatter-schema"), ("news/new.md", 3, "date-format")}  # the rule explains the date, not the schema
    assert not (tmp_path / "news").exists()
    other = artlint("check", "--format", "json", "--stdin-filename", "pages/new.md", cwd=tmp_path, stdin=text)
    assert [i["rule"] for i in json.loads(other.stdout)] == ["date-format"]  # no schema outside news/


def test_show_config(tmp_path: Path, artlint: Run) -> None:
    shutil.copy(SCHEMA, tmp_path / "news.json")
    write(tmp_path, "artlint.toml", '[collections.news]\npaths = ["news/**"]\nschema = "news.json"\n[collections.news.rules.alt-length]\nmax = 99\n')
    shown = json.loads(artlint("check", "--show-config", "news/a.md", cwd=tmp_path).stdout)
    assert shown["collection"] == "news" and shown["schema"] == "news.json" and shown["config"] == "artlint.toml"
    assert shown["rules"]["alt-length"] == {"severity": "warning", "max": 99, "images": shown["rules"]["alt-missing"]["images"]}
    other = json.loads(artlint("check", "--show-config", "b.md", cwd=tmp_path).stdout)
    assert other["collection"] is None and other["schema"] is None and other["rules"]["alt-length"]["max"] == 150


def test_rules_markdown_matches_docs(artlint: Run) -> None:
    assert artlint("rules", "--format", "markdown", cwd=REPO).stdout == (REPO / "docs" / "rules.md").read_text()
