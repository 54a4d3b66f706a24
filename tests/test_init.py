"""`artlint init`: inference on small generated trees, what it writes, and what it refuses."""

from __future__ import annotations

import io
import json
import tomllib
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest
from hypothesis import given, strategies as st

from artlint.init import main as init
from artlint.init.infer import edit_distance, fit, infer_schema, misspellings, passing
from artlint.init.options import description, image_pairs

Run = Callable[..., CompletedProcess[str]]
CATEGORIES = ("news", "release", "guide")


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def post(i: int, **extra: str) -> str:
    """A YAML article: title, date, draft, weight, category, url, tags always; summary in
    all but the first; subtitle in three of four."""
    lines = {
        "title": f'"Post number {i}"',
        "date": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
        "draft": "false",
        "weight": str(i),
        "category": CATEGORIES[i % 3],
        "url": f"https://example.com/posts/{i}",
        "tags": "[a, b]",
    }
    if i != 0:
        lines["summary"] = f'"The summary of post {i}, long enough to read as one: {"x" * (i % 40)}."'
    if i % 4:
        lines["subtitle"] = f'"Subtitle {i}"'
    lines.update(extra)
    return "---\n" + "".join(f"{k}: {v}\n" for k, v in lines.items()) + "---\n\nBody text.\n"


def site(tmp_path: Path, n: int = 40) -> Path:
    for i in range(n):
        write(tmp_path, f"content/posts/post-{i}.md", post(i))
    return tmp_path


def schema_of(root: Path, name: str) -> dict:
    return json.loads((root / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))


def run_init(root: Path, *, force: bool = False) -> str:
    out = io.StringIO()
    assert init(str(root), force=force, out=out, check=False) == 0
    return out.getvalue()


# ----------------------------------------------------------------------------- the schema


def test_types_required_enum_and_formats(tmp_path: Path) -> None:
    run_init(site(tmp_path))
    schema = schema_of(tmp_path, "posts")
    props = schema["properties"]
    assert {k: p["type"] for k, p in props.items()} == {
        "title": "string", "date": "string", "draft": "boolean", "weight": "integer", "category": "string",
        "url": "string", "tags": "array", "summary": "string", "subtitle": "string",
    }
    assert props["tags"]["items"]["type"] == "string"
    # summary is in 39 of 40 files (97.5 %): required; subtitle in 30 of 40: not
    assert set(schema["required"]) == {"title", "date", "draft", "weight", "category", "url", "tags", "summary"}
    assert sorted(props["category"]["enum"]) == sorted(CATEGORIES)
    assert props["date"]["format"] == "date"
    assert props["url"]["format"] == "uri"
    assert "enum" not in props["title"] and "format" not in props["title"]
    assert schema["additionalProperties"] is False  # nine keys, every file uses only them
    for prop in props.values():  # each choice explained
        assert prop["$comment"].startswith("in ") and "type" in prop["$comment"]
    assert "required" in schema["$comment"] and "unknown keys refused" in schema["$comment"]


def test_the_config_names_collection_schema_dates_and_description_range(tmp_path: Path) -> None:
    run_init(site(tmp_path))
    config = tomllib.loads((tmp_path / "artlint.toml").read_text(encoding="utf-8"))
    posts = config["collections"]["posts"]
    assert posts["paths"] == ["content/posts/**"]
    assert posts["schema"] == "schemas/posts.schema.json"
    assert posts["dates"] == ["date"]
    assert posts["images"] == {}
    assert posts["field"] == "summary"  # the description field these files use
    low, high = posts["rules"]["description-length"]["min"], posts["rules"]["description-length"]["max"]
    lengths = [len(post(i).split('summary: "')[1].split('"')[0]) for i in range(1, 40)]
    assert sum(low <= n <= high for n in lengths) >= 0.95 * len(lengths)


def test_a_rare_type_is_refused_and_a_common_second_type_admitted() -> None:
    datas = [{"weight": i} for i in range(30)] + [{"weight": "heavy"}]
    assert infer_schema(datas, "t")["properties"]["weight"]["type"] == "integer"
    datas += [{"weight": "light"}, {"weight": "medium"}]
    assert infer_schema(datas, "t")["properties"]["weight"]["type"] == ["string", "integer"]
    datas = [{"title": f"t{i}"} for i in range(30)] + [{"title": ["a", "list"]}]
    assert infer_schema(datas, "t")["properties"]["title"]["type"] == "string"


def test_forms_a_generator_reads_as_the_same_are_admitted_however_rare() -> None:
    """Unquoted digits in a text key (``version: 3.0``), ``false`` as the "none" of a text
    key (``permalink: false``), an empty key (null): each file renders, none is a mistake."""
    datas = [{"version": f"1.{i}.0", "permalink": f"/p/{i}/", "tags": ["a"]} for i in range(40)]
    datas += [{"version": 3.0, "permalink": False, "tags": None}]
    props = infer_schema(datas, "t")["properties"]
    assert props["version"]["type"] == ["string", "number"]
    assert props["permalink"]["type"] == ["string", "boolean"]
    assert props["tags"]["type"] == ["array", "null"]
    flags = [{"permalink": False} for _ in range(40)] + [{"permalink": "/docs/usage/"}]
    assert infer_schema(flags, "t")["properties"]["permalink"]["type"] == ["string", "boolean"]
    assert passing(infer_schema(datas, "t"), [{"version": "2.0.0", "permalink": True, "tags": "a"}]) == 0  # a text where a list is the rule


def test_keys_that_vary_leave_the_schema_open_but_refuse_likely_misspellings() -> None:
    datas = [{"title": f"t{i}", f"own{i}": True} for i in range(30)] + [{"tilte": "slip"}]
    schema = infer_schema(datas, "t")
    assert "tilte" not in schema["properties"] and "own3" in schema["properties"]
    assert passing(schema, [{"title": "x", "brand-new": 1}]) == 1  # open to new keys
    assert passing(schema, [{"tilte": "x"}]) == 0  # but not to the slip
    assert "unknown keys allowed" in schema["$comment"] and "'tilte' (of 'title'" in schema["$comment"]


def test_fit_loosens_what_most_files_break_until_95_percent_pass() -> None:
    datas = [{"a": "x", "b": 1} for _ in range(90)] + [{"a": "x"} for _ in range(5)] + [{"b": 1} for _ in range(5)]
    schema = {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "integer"}}, "required": ["a", "b"]}
    fit(schema, datas)
    assert passing(schema, datas) >= 95
    assert len(schema.get("required", [])) == 1
    assert "loosened" in schema["$comment"]


def test_misspellings_and_edit_distance() -> None:
    counts = Counter({"title": 50, "date": 50, "tilte": 1, "data": 1, "description": 40, "descripton": 1, "layout": 1, "Title": 1})
    found = misspellings(counts, 52)
    assert found == {"tilte": "title", "data": "date", "descripton": "description", "Title": "title"}
    assert "Title" not in misspellings(counts, 52, case_insensitive=True)  # Hugo reads keys without regard to case
    assert edit_distance("tilte", "title", 2) == 1
    assert edit_distance("abc", "xyz", 1) == 2  # stops past the limit


@given(st.text(max_size=12), st.text(max_size=12))
def test_edit_distance_is_symmetric_and_bounded(a: str, b: str) -> None:
    d = edit_distance(a, b, 30)
    assert d == edit_distance(b, a, 30)
    assert (d == 0) == (a == b)
    assert d <= max(len(a), len(b))


def test_description_thresholds_leave_out_at_most_5_percent() -> None:
    datas = [{"description": "x" * n} for n in [5, *range(100, 197), 900, 1000]]
    field, (low, high), _ = description(datas)
    assert field == "description"
    assert sum(low <= len(d["description"]) <= high for d in datas) >= 0.95 * len(datas)
    assert low > 5 and high < 900


def test_image_pairs_only_those_the_files_use() -> None:
    datas = [{"heroImage": f"/img/{i}.png", "heroImageAlt": "A harbour", "cover": "/c.jpg", "altText": "x", "thumbnail": "/t.webp"} for i in range(10)]
    pairs, _notes = image_pairs(datas)
    assert pairs == {"heroImage": "heroImageAlt", "cover": "altText", "thumbnail": "altText"}
    lone = [{"image": "/a.png"} for _ in range(5)]
    assert image_pairs(lone)[0] == {} and "no alt-text field" in image_pairs(lone)[1][0]


# ----------------------------------------------------------------------------- end to end


def test_next_check_accepts_the_corpus_and_reports_a_misspelled_key_and_a_wrong_type(tmp_path: Path, artlint: Run) -> None:
    site(tmp_path)
    write(tmp_path, "content/posts/post-7.md", post(7).replace("title:", "titel:"))
    write(tmp_path, "content/posts/post-9.md", post(9).replace("weight: 9", "weight: heavy"))
    write(tmp_path, "content/posts/broken.md", "---\ntitle: [unclosed\n---\n")
    result = artlint("init", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "1 whose front matter does not load: skipped" in result.stdout
    assert "A first 'artlint check'" in result.stdout and "frontmatter-schema" in result.stdout
    found = json.loads(artlint("check", "--format", "json", "--no-cache", "--select", "frontmatter-schema", cwd=tmp_path).stdout)
    by_file = {d["path"]: d["message"] for d in found}
    assert set(by_file) == {"content/posts/post-7.md", "content/posts/post-9.md"}
    assert "titel" in by_file["content/posts/post-7.md"]
    assert "weight: expected an integer" in by_file["content/posts/post-9.md"]


def test_the_summary_counts_the_first_check_per_rule(tmp_path: Path, artlint: Run) -> None:
    site(tmp_path)
    write(tmp_path, "content/posts/post-3.md", post(3, date="2024-02-30"))
    result = artlint("init", cwd=tmp_path)
    rows = {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines() if line.startswith("  ") and len(line.split()) == 4}
    assert rows["frontmatter-schema"] == ["error", "1", "1"]  # post 0's missing summary
    assert rows["date-format"] == ["error", "1", "1"]  # the impossible date: the rule's message, not the schema's too
    assert "Clean of frontmatter-schema errors: 39 of 40 files under a schema (97.5 %)" in result.stdout
    assert "artlint baseline" in result.stdout


def test_never_overwrites_a_configuration_without_force(tmp_path: Path, artlint: Run) -> None:
    site(tmp_path)
    write(tmp_path, "artlint.toml", 'exclude = ["x/**"]\n')
    result = artlint("init", cwd=tmp_path)
    assert result.returncode == 2 and "--force" in result.stderr and "Traceback" not in result.stderr
    assert (tmp_path / "artlint.toml").read_text() == 'exclude = ["x/**"]\n'
    assert not (tmp_path / "schemas").exists()
    result = artlint("init", "--force", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "collections" in tomllib.loads((tmp_path / "artlint.toml").read_text())


def test_never_overwrites_a_schema_or_a_pyproject_table_without_force(tmp_path: Path) -> None:
    from artlint.diagnostic import UsageError

    site(tmp_path)
    write(tmp_path, "schemas/posts.schema.json", "{}")
    with pytest.raises(UsageError, match="--force"):
        run_init(tmp_path)
    assert (tmp_path / "schemas/posts.schema.json").read_text() == "{}" and not (tmp_path / "artlint.toml").exists()
    run_init(tmp_path, force=True)
    assert schema_of(tmp_path, "posts")["properties"]
    other = tmp_path / "other"
    site(other)
    write(other, "pyproject.toml", "[tool.artlint]\nignore = []\n")
    with pytest.raises(UsageError, match=r"pyproject\.toml already holds a configuration"):
        run_init(other)


def test_toml_front_matter_and_a_zola_site(tmp_path: Path, artlint: Run) -> None:
    write(tmp_path, "config.toml", 'base_url = "https://example.com"\n')
    write(tmp_path, "content/_index.md", '+++\ntitle = "Blog"\nsort_by = "date"\n+++\n')
    for i in range(12):
        write(tmp_path, f"content/post-{i}.md", f'+++\ntitle = "Post {i}"\ndate = 2024-03-{i + 1:02d}\nauthors = ["Ann"]\n+++\n\nBody.\n')
    write(tmp_path, "public/index.md", "---\nbuilt: output\n---\n")
    out = run_init(tmp_path)
    assert "Site: zola (config.toml has Zola's key base_url)" in out
    config = tomllib.loads((tmp_path / "artlint.toml").read_text())
    assert config["exclude"] == ["public/**"]
    assert list(config["collections"]) == ["sections", "pages"]  # list pages apart, before the posts
    assert config["collections"]["sections"]["paths"] == ["content/**/_index.*"]
    schema = schema_of(tmp_path, "pages")
    assert schema["properties"]["date"]["format"] == "date"  # a TOML date, as artlint loads it
    assert "built" not in schema["properties"] and "sort_by" not in schema["properties"]
    assert artlint("check", "--no-cache", "--select", "frontmatter-schema", cwd=tmp_path).returncode == 0


def test_folders_become_collections_and_build_output_is_skipped(tmp_path: Path) -> None:
    write(tmp_path, "docs/_config.yml", "title: site\n")
    for i in range(12):
        write(tmp_path, f"docs/_posts/2024-01-{i + 1:02d}-p.md", f"---\ntitle: P{i}\n---\n")
        write(tmp_path, f"docs/_docs/page-{i}.md", f"---\ntitle: D{i}\npermalink: /d/{i}/\n---\n")
    write(tmp_path, "docs/about.md", "---\ntitle: About\n---\n")
    write(tmp_path, "docs/_site/copy.md", "---\nbuild: 1\n---\n")
    write(tmp_path, "README.md", "# no front matter\n")
    out = run_init(tmp_path)
    assert "Site: jekyll (docs/_config.yml)" in out
    config = tomllib.loads((tmp_path / "artlint.toml").read_text())
    assert {name: c["paths"] for name, c in config["collections"].items()} == {"docs": ["docs/_docs/**"], "posts": ["docs/_posts/**"], "docs-2": ["docs/**"]}
    assert "docs/_site/**" in config["exclude"]


def test_hostile_folder_names_are_escaped(tmp_path: Path, artlint: Run) -> None:
    for i in range(12):
        write(tmp_path, f'we"ird [x] *\n/p{i}.md', f"---\ntitle: T{i}\n---\n")
        write(tmp_path, f"plain/p{i}.md", f"---\nname: N{i}\n---\n")
    write(tmp_path, 'we"ird [x] *\n/odd.md', "---\ntitel: slip\ntitle: T\n---\n")
    result = artlint("init", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    found = json.loads(artlint("check", "--format", "json", "--no-cache", "--select", "frontmatter-schema", cwd=tmp_path).stdout)
    assert [d["message"][:22] for d in found] == ["unknown key 'titel' is"]  # the odd folder's glob matched its files


def test_mdx_front_matter_is_read_and_mdx_checked(tmp_path: Path, artlint: Run) -> None:
    for i in range(20):
        described = f"description: D{i}\n" if i else ""
        write(tmp_path, f"src/content/docs/p{i}.mdx", f"---\ntitle: P{i}\n{described}---\nimport X from './x';\n\n<X />\n")
    run_init(tmp_path)
    config = tomllib.loads((tmp_path / "artlint.toml").read_text())
    assert "include" not in config  # the default include takes .mdx (written again, it listed **/*.mdx twice)
    assert set(schema_of(tmp_path, "docs")["required"]) == {"title", "description"}
    found = json.loads(artlint("check", "--format", "json", "--no-cache", "--select", "frontmatter-schema", cwd=tmp_path).stdout)
    assert [(d["path"], d["message"][:30]) for d in found] == [("src/content/docs/p0.mdx", "missing required key 'descript")]


def test_the_default_include_takes_every_article_init_reads() -> None:
    """So init never needs to write an ``include`` of its own."""
    from artlint.config import DEFAULT_INCLUDE
    from artlint.globs import compile_globs, matches
    from artlint.init.site import ARTICLE_SUFFIXES

    include = compile_globs(DEFAULT_INCLUDE)
    assert all(matches(include, f"a/b/page{suffix}") for suffix in ARTICLE_SUFFIXES)


def test_hugo_told_by_its_section_pages_reads_keys_without_regard_to_case(tmp_path: Path) -> None:
    write(tmp_path, "content/en/_index.md", "---\ntitle: Home\n---\n")
    for i in range(20):
        write(tmp_path, f"content/en/docs/p{i}.md", f"---\ntitle: P{i}\nlinkTitle: L{i}\n---\n")
    write(tmp_path, "content/en/docs/odd.md", "---\ntitle: Odd\nlinktitle: l\n---\n")
    write(tmp_path, "content/en/functions/resources/get.md", "---\ntitle: Get\n---\n")  # content, not Hugo's resources/
    out = run_init(tmp_path)
    assert "Site: hugo (content/ with _index.md section pages" in out
    config = tomllib.loads((tmp_path / "artlint.toml").read_text())
    assert config["exclude"] == ["public/**", "resources/**"]
    assert "linktitle" in schema_of(tmp_path, "docs")["properties"]  # the same key to Hugo, not a misspelling
    from artlint import config as config_, discover, registry

    cfg = config_.load(str(tmp_path), registry.load())
    assert "content/en/functions/resources/get.md" in discover.files([str(tmp_path)], cfg, str(tmp_path))
