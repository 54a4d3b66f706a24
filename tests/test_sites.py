"""The site generator, found from the project's files, and its conventions applied."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from artlint import sites
from conftest import SHARED

Run = Callable[..., CompletedProcess[str]]
ARTICLE = '---\ntitle: "A title"\n---\n\nBody.\n'


def tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


@pytest.mark.parametrize(
    ("files", "kind", "where"),
    [
        ({"astro.config.mjs": ""}, "astro", "."),
        ({"src/content.config.ts": ""}, "astro", "."),
        ({"website/docusaurus.config.js": ""}, "docusaurus", "website"),
        ({"eleventy.config.js": ""}, "eleventy", "."),
        ({"src/blog/blog.11tydata.json": "{}"}, "eleventy", "."),
        ({"posts/posts.11tydata.cjs": "", "posts/a.md": ARTICLE}, "eleventy", "."),
        ({"posts/a.11tydata.json.md": ARTICLE}, None, None),  # (an article's name, not a data file)
        ({"hugo.toml": ""}, "hugo", "."),
        ({"config.toml": 'baseURL = "https://x.org/"\n'}, "hugo", "."),
        ({"config.toml": 'theme = "ananke"\n[params]\nbase_url = 1\n'}, "hugo", "."),  # Zola's key in a table is not Zola's
        ({"config.toml": 'BaseUrl = "https://x.org/"\n'}, "hugo", "."),  # Hugo reads keys in any case
        ({"content/en/_index.md": ARTICLE}, "hugo", "."),
        ({"docs/_config.yml": ""}, "jekyll", "docs"),
        ({"mkdocs.yml": ""}, "mkdocs", "."),
        ({"config.toml": 'base_url = "https://x.org"\n', "content/_index.md": ARTICLE}, "zola", "."),
        ({"config.toml": "[other]\nkey = 1\n"}, None, None),
        ({"README.md": ARTICLE}, None, None),
    ],
)
def test_detection(tmp_path: Path, files: dict[str, str], kind: str | None, where: str | None) -> None:
    site = sites.detect(str(tree(tmp_path, files)))
    assert (site and site.kind) == kind
    if site is not None:
        assert Path(site.root) == (tmp_path / where).resolve() or Path(site.root) == tmp_path / where
        assert site.reason


@pytest.mark.parametrize(("corpus", "kind"), [("astro-docs", "astro"), ("eleventy", "eleventy"), ("hugo-docs", "hugo"), ("jekyll", "jekyll"), ("jengu", "astro"), ("rust-blog", "zola")])
def test_the_real_corpora(corpus: str, kind: str) -> None:
    folder = SHARED / "corpus" / corpus
    if not folder.is_dir():
        pytest.skip("../shared/corpus is not beside this checkout")
    site = sites.detect(str(folder))
    assert site is not None and site.kind == kind


@pytest.mark.parametrize(
    ("files", "content"),
    [
        ({"hugo.toml": 'contentDir = "pages"\n', "pages/a.md": ARTICLE}, ["pages"]),
        ({"config.toml": 'baseURL = "/"\ncontentDir = "../../etc"\n', "content/a.md": ARTICLE}, ["content"]),  # never out of the site
        ({"eleventy.config.js": 'export default { dir: { input: "site" } };\n', "site/a.md": ARTICLE}, ["site"]),
        ({".eleventy.js": "module.exports = {};\n", "src/a.md": ARTICLE}, ["src"]),
        ({".eleventy.js": "module.exports = {};\n", "a.md": ARTICLE}, ["."]),
    ],
)
def test_content_folders_from_the_sites_own_configuration(tmp_path: Path, files: dict[str, str], content: list[str]) -> None:
    site = sites.detect(str(tree(tmp_path, files)))
    assert site is not None
    assert [str(Path(p).relative_to(tmp_path)) for p in site.content()] == content


def test_a_configuration_behind_a_symbolic_link_is_not_read(tmp_path: Path) -> None:
    outside = tmp_path / "outside.toml"
    outside.write_text('base_url = "https://x.org"\n')
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "config.toml").symlink_to(outside)
    assert sites.detect(str(tmp_path / "site")) is None


def test_init_and_check_tell_the_same_site(tmp_path: Path) -> None:
    from artlint.init import site as init_site

    tree(tmp_path, {"website/docusaurus.config.js": "", "website/docs/a.md": ARTICLE, "website/blog/b.md": ARTICLE})
    found = init_site.detect(str(tmp_path))
    site = sites.detect(str(tmp_path))
    assert site is not None and (found.name, found.reason) == (site.kind, site.reason)
    assert (found.folder, found.content) == ("website", ["website/docs", "website/blog"])


def hugo_site(root: Path) -> Path:
    (root / ".git").mkdir()
    return tree(
        root,
        {
            "hugo.toml": 'baseURL = "https://x.org/"\n',
            "README.md": "# Not an article\n",
            "archetypes/default.md": "---\ntitle: {{ .Name }}\ndate: {{ .Date }}\n---\n",
            "content/posts/a.md": '---\ntitle: "A"\npublishDate: 2025-02-01\nexpiryDate: 2025-01-01\n---\n\nBody.\n',
            "public/posts/a/index.html": "<p>built</p>",
            "resources/_gen/x.md": ARTICLE,
        },
    )


def test_conventions_applied(tmp_path: Path, artlint: Run) -> None:
    root = hugo_site(tmp_path)
    result = artlint("check", "--format", "json", cwd=root)
    items = json.loads(result.stdout)
    assert {i["path"] for i in items} == {"content/posts/a.md"}  # README, archetypes, public, resources: not walked
    assert ("date-order", 4) in {(i["rule"], i["line"]) for i in items}  # Hugo's pair publishDate, expiryDate
    named = artlint("check", "--format", "json", "archetypes/default.md", cwd=root)
    assert {i["path"] for i in json.loads(named.stdout)} == {"archetypes/default.md"}  # named: checked


def test_show_config_says_what_was_found_and_why(tmp_path: Path, artlint: Run) -> None:
    root = hugo_site(tmp_path)
    shown = json.loads(artlint("check", "--show-config", "content/posts/a.md", cwd=root).stdout)
    assert shown["site"]["kind"] == "hugo" and shown["site"]["why"] == "hugo.toml"
    assert shown["site"]["content"] == ["content"]
    assert shown["site"]["skipped"] == ["archetypes", "public", "resources"]
    assert "expiryDate" in shown["rules"]["date-format"]["dates"]


def test_the_configuration_overrides_the_conventions(tmp_path: Path, artlint: Run) -> None:
    root = hugo_site(tmp_path)
    (root / "artlint.toml").write_text('site = "none"\n')
    walked = artlint("check", "-q", cwd=root).stdout
    assert "(5 files checked)" in walked  # README, the archetype, the article, public/ and resources/: every file
    (root / "artlint.toml").write_text('dates = ["date"]\n')
    shown = json.loads(artlint("check", "--show-config", "content/posts/a.md", cwd=root).stdout)
    assert shown["rules"]["date-format"]["dates"] == ["date"] and shown["site"]["kind"] == "hugo"
    (root / "artlint.toml").write_text('site = "hugoo"\n')
    bad = artlint("check", cwd=root)
    assert bad.returncode == 2 and "did you mean `hugo`?" in bad.stderr


def test_a_jekyll_site_reads_dates_as_ruby_does(tmp_path: Path, artlint: Run) -> None:
    """What Jekyll reads and renders is no error: the typo is a date-style warning there,
    and stays date-format's error where the generator reads ISO 8601 only."""
    post = "---\ntitle: Released\ndate: 2023-01-29 18:30:22 2023 -0800\n---\n\nBody.\n"
    for name in ("jekyll", "hugo"):
        (tmp_path / name / ".git").mkdir(parents=True)
    tree(tmp_path / "jekyll", {"_config.yml": "title: x\n", "_posts/2023-01-29-released.md": post})
    tree(tmp_path / "hugo", {"hugo.toml": 'baseURL = "https://x.org/"\n', "content/posts/released.md": post})
    jekyll = json.loads(artlint("check", "--format", "json", cwd=tmp_path / "jekyll").stdout)
    assert [(i["rule"], i["severity"], i["line"]) for i in jekyll if i["rule"].startswith("date-")] == [("date-style", "warning", 3)]
    hugo = json.loads(artlint("check", "--format", "json", cwd=tmp_path / "hugo").stdout)
    assert [(i["rule"], i["severity"]) for i in hugo if i["rule"].startswith("date-")] == [("date-format", "error")]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_eleventy_data_by_name_never_follows_a_link_out_of_the_project(tmp_path: Path) -> None:
    """A data file's name is the sign, whatever a symbolic link of that name leads to: the
    detection must not tell the pull request's author whether a path of the runner exists."""
    outside = tmp_path / "outside.json"
    outside.write_text("{}")
    found = {}
    for name, target in (("present", outside), ("absent", tmp_path / "no-such-file")):
        project = tmp_path / name
        tree(project, {"posts/a.md": ARTICLE})
        os.symlink(target, project / "posts" / "posts.11tydata.json")
        site = sites.detect(str(project))
        found[name] = site and site.kind
    assert found["present"] == found["absent"] == "eleventy"
