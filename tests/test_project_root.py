"""Where the project is: outside any repository and configuration, artlint checks what it is
asked about, compares it with nothing else and writes nothing; a configuration is found
from each file, not from the current folder."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

Run = Callable[..., CompletedProcess[str]]
ARTICLE = '---\ntitle: "Harbour festival"\ndescription: "Over 40,000 visitors came to the harbour festival this weekend, a record."\n---\n\n<p>Body.</p>\n'


def files_in(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def test_one_file_outside_any_project(tmp_path: Path, artlint: Run) -> None:
    crowd = tmp_path / "downloads"
    for i in range(1500):
        (crowd / f"f{i // 100}").mkdir(parents=True, exist_ok=True)
        (crowd / f"f{i // 100}" / f"{i}.md").write_text(ARTICLE)  # the same title as the one checked
    (crowd / "post.md").write_text(ARTICLE)
    before = files_in(crowd)
    alone = tmp_path / "alone"
    alone.mkdir()
    (alone / "post.md").write_text(ARTICLE)

    start = time.perf_counter()
    crowded = artlint("check", "--format", "json", "post.md", cwd=crowd)
    crowded_time = time.perf_counter() - start
    start = time.perf_counter()
    single = artlint("check", "--format", "json", "post.md", cwd=alone)
    single_time = time.perf_counter() - start

    assert crowded.returncode == single.returncode == 0, crowded.stdout + crowded.stderr
    assert json.loads(crowded.stdout) == json.loads(single.stdout) == []  # no duplicate-title with the 1,500 others
    assert files_in(crowd) == before  # no cache written
    assert files_in(alone) == {"post.md"}
    assert crowded_time < single_time * 3 + 1


def test_a_repository_or_a_configuration_owns_a_cache(tmp_path: Path, artlint: Run) -> None:
    (tmp_path / "post.md").write_text(ARTICLE)
    (tmp_path / "other.md").write_text(ARTICLE)
    (tmp_path / ".git").mkdir()
    result = artlint("check", "--format", "json", "post.md", cwd=tmp_path)
    assert [i["rule"] for i in json.loads(result.stdout)] == ["duplicate-title"]  # the repository is the corpus
    assert (tmp_path / ".artlint_cache").is_dir()


def test_the_configuration_nearest_the_file_applies(tmp_path: Path, artlint: Run) -> None:
    (tmp_path / ".git").mkdir()
    content = tmp_path / "content"
    content.mkdir()
    (content / "artlint.toml").write_text("[rules.title-length]\nmax = 5\n")
    (content / "post.md").write_text(ARTICLE)
    from_root = artlint("check", "--format", "json", "content/post.md", cwd=tmp_path)
    from_content = artlint("check", "--format", "json", "post.md", cwd=content)
    assert from_root.returncode == from_content.returncode == 0, from_root.stderr
    rules = lambda r: [(i["rule"], i["line"]) for i in json.loads(r.stdout)]
    assert rules(from_root) == rules(from_content) == [("title-length", 2)]
    forced = artlint("check", "--format", "json", "--config", str(tmp_path / "none.toml"), "content/post.md", cwd=tmp_path)
    assert forced.returncode == 2  # --config still forces one (here: one that is not there)
    (tmp_path / "top.toml").write_text("")
    assert artlint("check", "--format", "json", "--config", "top.toml", "content/post.md", cwd=tmp_path).stdout.strip() == "[]"


def test_files_under_two_configurations(tmp_path: Path, artlint: Run) -> None:
    (tmp_path / ".git").mkdir()
    for name, limit in (("a", 5), ("b", 500)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "artlint.toml").write_text(f"[rules.title-length]\nmax = {limit}\n")
        (tmp_path / name / "post.md").write_text(ARTICLE)
    result = artlint("check", "--format", "json", "a/post.md", "b/post.md", cwd=tmp_path)
    assert [(i["path"], i["rule"]) for i in json.loads(result.stdout)] == [("a/post.md", "title-length")]
