"""Cross-file rules: correct even when pre-commit passes only a few files."""

from __future__ import annotations

import json
import marshal
import shutil
from collections.abc import Callable, Collection
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from conftest import CORPUS, REPO

Run = Callable[..., CompletedProcess[str]]
WORDS = " ".join(f"word{i} harbour festival crowd visitors record weekend" for i in range(40))


def article(title: str, body: str = "<p>Text.</p>\n", extra: str = "") -> str:
    words = " ".join(f"{c}{len(title)}" for c in title)  # a description of its own for each title
    return f'---\ntitle: "{title}"\ndescription: "A description long enough for the length rule: {words}."\npublishedOn: 2025-06-16\n{extra}---\n\n{body}'


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "content").mkdir(parents=True)
    shutil.copytree(REPO / "schemas", root / "schemas")
    (root / "artlint.toml").write_text('corpus = ["content"]\n\n[collections.news]\npaths = ["content/**"]\nschema = "schemas/article.schema.json"\n')
    for i in range(6):
        t = f"Story number {i}"
        (root / "content" / f"story-{i}.md").write_text(article(t, f"<p>Unique body {i}.</p>\n", f"subtitle: \"An insightful look into '{t}'\"\n"))
    (root / "content" / "festival.md").write_text(article("Harbour festival", f"<p>{WORDS}</p>\n"))
    return root


def rules_of(result: CompletedProcess[str]) -> list[tuple[str, int, str]]:
    return [(i["path"], i["line"], i["rule"]) for i in json.loads(result.stdout) if i["rule"] in ("duplicate-title", "duplicate-content", "boilerplate-text", "generator-chatter")]


def test_one_file_at_a_time_from_a_warm_index(site: Path, artlint: Run) -> None:
    first = artlint("check", "--format", "json", "content", cwd=site)
    assert sorted({r for _, _, r in rules_of(first)}) == ["boilerplate-text"]
    assert (site / ".artlint_cache" / "corpus.sqlite").exists()

    # A new article with a planted duplicate title, duplicate body and chatter, checked alone.
    new = site / "content" / "new.md"
    new.write_text(article("Story number 3", f"<p>{WORDS}</p>\n<p>Certainly! Here is a rewritten version of the article.</p>\n"))
    alone = artlint("check", "--format", "json", "content/new.md", cwd=site)
    assert rules_of(alone) == [
        ("content/new.md", 2, "duplicate-title"),
        ("content/new.md", 7, "duplicate-content"),
        ("content/new.md", 8, "generator-chatter"),
    ]
    messages = {i["rule"]: i["message"] for i in json.loads(alone.stdout)}
    assert "content/story-3.md" in messages["duplicate-title"] and "content/festival.md" in messages["duplicate-content"]

    # The other side of each duplicate learns of the new file too, also checked alone.
    other = artlint("check", "--format", "json", "content/story-3.md", cwd=site)
    assert ("content/story-3.md", 2, "duplicate-title") in rules_of(other)
    # Removing the new file: the index forgets it.
    new.unlink()
    assert ("content/story-3.md", 2, "duplicate-title") not in rules_of(artlint("check", "--format", "json", "content/story-3.md", cwd=site))


def test_splitting_the_corpus_regroups_a_warm_index(site: Path, artlint: Run) -> None:
    # A copy of festival.md's body in another folder (duplicate-content compares across sections;
    # duplicate-title does not: the same title in two sections is a namespace, not a copy).
    (site / "other").mkdir()
    (site / "other" / "copy.md").write_text(article("Harbour festival again", f"<p>{WORDS}</p>\n"))
    (site / "artlint.toml").write_text('corpus = ["."]\n')
    both = [(p, r) for p, _, r in rules_of(artlint("check", "--format", "json", ".", cwd=site)) if r == "duplicate-content"]
    assert both == [("content/festival.md", "duplicate-content"), ("other/copy.md", "duplicate-content")]
    # Two corpora now, the files unchanged: each file's corpus is what the index answers by.
    (site / "artlint.toml").write_text('corpus = ["content", "other"]\n')
    assert [r for r in rules_of(artlint("check", "--format", "json", ".", cwd=site)) if r[2] == "duplicate-content"] == []
    (site / "artlint.toml").write_text('corpus = ["."]\n')
    assert [(p, r) for p, _, r in rules_of(artlint("check", "--format", "json", "other/copy.md", cwd=site)) if r == "duplicate-content"] == [("other/copy.md", "duplicate-content")]


def test_config_or_schema_among_the_changed_files_rechecks_what_they_govern(site: Path, artlint: Run) -> None:
    (site / "pages").mkdir()
    (site / "pages" / "about.md").write_text("---\ntitle: About\n---\n")
    only_schema = artlint("check", "--format", "json", "schemas/article.schema.json", cwd=site)
    assert {i["path"] for i in json.loads(only_schema.stdout)} >= {f"content/story-{i}.md" for i in range(6)}
    assert not any(i["path"].startswith(("schemas/", "pages/")) for i in json.loads(only_schema.stdout))
    only_config = artlint("check", "--format", "json", "artlint.toml", cwd=site)
    assert {i["path"] for i in json.loads(only_config.stdout)} >= {f"content/story-{i}.md" for i in range(6)}
    unrelated = artlint("check", "--format", "json", "schemas/blog.schema.json", cwd=site)  # governs nothing here
    assert unrelated.returncode == 0 and json.loads(unrelated.stdout) == []


@pytest.fixture(scope="module")
def corpus_items() -> list[dict[str, object]]:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not beside this checkout")
    from conftest import run_artlint

    result = run_artlint("check", "--format", "json", "--select", "duplicate-title,duplicate-content,boilerplate-text,generator-chatter", "../shared/corpus/jengu", cwd=REPO)
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_real_corpus_duplicates_and_boilerplate(corpus_items: list[dict[str, object]]) -> None:
    titles = {i["path"] for i in corpus_items if i["rule"] == "duplicate-title"}
    assert len(titles) == 79
    boiler = [i for i in corpus_items if i["rule"] == "boilerplate-text"]
    subtitles = {i["path"] for i in boiler if str(i["message"]).startswith("subtitle") and "/news/" in str(i["path"])}
    alts = {i["path"] for i in boiler if str(i["message"]).startswith("altTextMainImage")}
    assert len(subtitles) == 324 and len(alts) == 324
    assert len({i["path"] for i in boiler if str(i["message"]).startswith("altTextThumbnail")}) == 171


def test_real_corpus_generator_chatter(corpus_items: list[dict[str, object]]) -> None:
    chatter = sorted((str(i["path"]).rsplit("/", 1)[1], i["line"]) for i in corpus_items if i["rule"] == "generator-chatter")
    # The issue counted five; nine articles hold such text (two of them twice).
    assert chatter == [
        ("amazons-ai-revamp-of-alexa-assistant-nears-unveiling.md", 36),
        ("dario-amodei--on-deepseek-and-export-controls.md", 55),
        ("openai-introduces-o3-mini-model-for-cost-effective-ai-reasoning.md", 17),
        ("openai-launches-deep-research-ai-tool-for-complex-research-tasks.md", 17),
        ("openai-partners-with-us-national-labs-to-advance-ai-research-in-science.md", 17),
        ("openai-partners-with-us-national-labs-to-advance-ai-research-in-science.md", 59),
        ("openai-set-to-make-super-bowl-ad-debut.md", 17),
        ("samsung-invests-180m-in-rainbow-robotics-to-become-largest-shareholder.md", 42),
        ("softbank-openai-unveil-japan-ai-joint-venture.md", 17),
        ("time-launches-ai-chatbot-to-answer-questions-about-person-of-the-year.md", 17),
    ]


def test_a_corrupt_or_stale_index_is_rebuilt(site: Path, artlint: Run) -> None:
    first = artlint("check", "--format", "json", "content", cwd=site)
    index = site / ".artlint_cache" / "corpus.sqlite"
    for wal in index.parent.glob("corpus.sqlite-*"):
        wal.unlink()
    index.write_bytes(b"not a database at all" * 100)
    again = artlint("check", "--format", "json", "content", cwd=site)
    assert again.returncode == first.returncode and again.stdout == first.stdout and "Traceback" not in again.stderr
    assert index.read_bytes().startswith(b"SQLite format 3")
    # An index of another format version is made anew, not misread.
    import sqlite3

    with sqlite3.connect(index) as db:
        db.execute("PRAGMA user_version = 1")
    assert artlint("check", "--format", "json", "content", cwd=site).stdout == first.stdout


def test_kept_cross_file_findings_follow_every_kind_of_change(site: Path, artlint: Run) -> None:
    """Findings kept in the index are reused only while the corpus is the same: after each
    edit, a warm run reports exactly what a run without any cache reports."""
    content = site / "content"
    (content / "copy.md").write_text(article("Harbour festival", f"<p>{WORDS}</p>\n"))
    edits: list[Callable[[], object]] = [
        lambda: None,
        lambda: (content / "story-1.md").write_text((content / "story-1.md").read_text() + "\n"),  # the facts stay
        lambda: (content / "story-2.md").write_text((content / "story-2.md").read_text().replace("Story number 2", "Story number 4", 1)),
        lambda: (content / "copy.md").unlink(),
        lambda: (content / "story-5.md").rename(content / "story-five.md"),
        lambda: (content / "festival.md").write_text(article("Harbour festival", "<p>Another body altogether, too short.</p>\n")),
    ]
    for edit in edits:
        edit()
        warm = artlint("check", "--format", "json", "content", cwd=site)
        alone = artlint("check", "--format", "json", "content/story-4.md", cwd=site)
        cold = artlint("check", "--format", "json", "--no-cache", "content", cwd=site)
        assert warm.stdout == cold.stdout and warm.returncode == cold.returncode
        assert alone.stdout == artlint("check", "--format", "json", "--no-cache", "content/story-4.md", cwd=site).stdout


def test_kept_findings_name_the_other_files_from_the_current_folder(site: Path, artlint: Run) -> None:
    (site / "content" / "copy.md").write_text((site / "content" / "story-2.md").read_text())
    artlint("check", "--format", "json", "content", cwd=site)
    inside = artlint("check", "--format", "json", "story-2.md", cwd=site / "content")
    messages = [i["message"] for i in json.loads(inside.stdout) if i["rule"] == "duplicate-title"]
    assert messages == ["title also used by 1 other article: copy.md"]


def test_an_index_that_fails_midway_is_replaced_for_the_run(site: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import sqlite3

    from artlint import config, registry
    from artlint.corpus import index as corpus
    from artlint.corpus.survey import of_files
    from artlint.run import session
    from artlint.store.results import Results as Cache

    rules = registry.load()
    monkeypatch.chdir(site)
    cfg = config.load(str(site), rules, None, config.Overrides())
    files = sorted(f"content/{p.name}" for p in (site / "content").glob("*.md"))

    def run(cache: Cache | None) -> list[tuple[str, int, str, str]]:
        result = session.run(files, cfg, rules, jobs=1, store=cache, survey=of_files(cfg, files))
        return [(d.path, d.span.line, d.rule, d.message) for d in result.diagnostics]

    expected = run(None)
    assert any(rule == "boilerplate-text" for _, _, rule, _ in expected)
    real = corpus.Index.found

    def failing(self: corpus.Index, key: str, paths: Collection[str]) -> dict[str, str]:
        if self.path is not None:
            raise sqlite3.OperationalError("disk I/O error")
        return real(self, key, paths)

    monkeypatch.setattr(corpus.Index, "found", failing)
    assert run(Cache(str(site / ".artlint_cache"), rules)) == expected
    assert capsys.readouterr().err.count("the corpus index cannot be used (disk I/O error)") == 1


def test_a_first_single_file_run_reads_the_corpus_in_the_pool(tmp_path: Path, artlint: Run) -> None:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not beside this checkout")
    shutil.copytree(CORPUS / "news", tmp_path / "news")
    (tmp_path / ".git").mkdir()  # a project: its files are the corpus (outside one, only the file checked is)
    one = "news/ai-upselling-in-hotels-strategies-to-boost-revenue.md"
    if not (tmp_path / one).exists():
        one = f"news/{sorted(p.name for p in (tmp_path / 'news').glob('*.md'))[0]}"
    pooled = artlint("check", "--format", "json", "--jobs", "2", one, cwd=tmp_path)
    serial = artlint("check", "--format", "json", "--jobs", "1", "--no-cache", one, cwd=tmp_path)
    assert pooled.stdout == serial.stdout and pooled.returncode == serial.returncode
    assert any(i["rule"] == "boilerplate-text" for i in json.loads(pooled.stdout))


def test_damaged_rows_of_the_index_are_read_again(site: Path, artlint: Run) -> None:
    import sqlite3

    expected = artlint("check", "--format", "json", "--no-cache", "content", cwd=site).stdout
    artlint("check", "--format", "json", "content", cwd=site)
    with sqlite3.connect(site / ".artlint_cache" / "corpus.sqlite") as db:
        db.execute("UPDATE files SET facts = '[1, 2'")
        db.execute("UPDATE files SET sketch = 'not a sketch' WHERE path LIKE '%festival%' OR path LIKE '%story-1%'")
        db.execute("UPDATE found SET payload = '[[1, 2]]' WHERE file % 2 = 0")
        db.execute("UPDATE found SET payload = ? WHERE file % 2 = 1", (marshal.dumps(({1: 2},)),))  # a dict where a row belongs
    again = artlint("check", "--format", "json", "content", cwd=site)
    assert again.stdout == expected and "Traceback" not in again.stderr


def test_findings_kept_under_other_settings_do_not_pile_up(site: Path, artlint: Run) -> None:
    import sqlite3

    for ignore in ("alt-length", "title-length", "alt-length"):  # three sets of settings, one after the other
        ran = artlint("check", "--format", "json", "--ignore", ignore, "content", cwd=site)
        assert ran.returncode in (0, 1), ran.stderr
    with sqlite3.connect(site / ".artlint_cache" / "corpus.sqlite") as db:
        assert db.execute("SELECT count(*), count(DISTINCT file), count(DISTINCT key) FROM found").fetchone() == (7, 7, 1)


def test_near_finds_every_body_above_the_threshold(tmp_path: Path) -> None:
    """The index posts only the lowest hashes of each sketch: near() must still give every
    body at least ``threshold`` similar, above and below what the postings serve alone."""
    import random

    from artlint.corpus import similarity
    from artlint.corpus.index import Index, read_entry
    from artlint.corpus.survey import survey

    rng = random.Random(7)
    vocabulary = [f"w{i}" for i in range(500)]
    base = [rng.choice(vocabulary) for _ in range(400)]
    for k in range(16):
        words = list(base)
        for _ in range(k * k):  # ever more edits: ever less similar to the first
            words[rng.randrange(len(words))] = rng.choice(vocabulary)
        (tmp_path / f"a{k}.md").write_text(f"---\ntitle: A{k}\n---\n{' '.join(words)}\n")
    paths = {str(p): str(tmp_path) for p in tmp_path.glob("*.md")}
    index = Index(None)
    index.update(survey(paths), {})
    corpus = index.corpus(str(tmp_path))
    sketches = {p: e.facts(p).sketch for p in paths if (e := read_entry(p)) is not None}
    sizes = []
    for threshold in (0.3, 0.6, 0.76, 0.8, 0.9, 0.95):
        for path, sketch in sketches.items():
            found = {q for q, _, s in corpus.near(sketch, threshold) if similarity(sketch, s) >= threshold}
            assert found == {q for q, s in sketches.items() if similarity(sketch, s) >= threshold}, (threshold, path)
            sizes.append(len(found))
    assert min(sizes) == 1 and max(sizes) > 4  # the test compares real neighbourhoods
    index.close()


def test_an_unchanged_corpus_is_proven_by_its_stamps_alone(site: Path) -> None:
    """A run over an unchanged corpus matches one hash of every path and stamp; it reads no
    row of the index. A changed file is noticed, and read."""
    from artlint.corpus.index import Index
    from artlint.corpus.survey import survey

    content = site / "content"
    paths = {str(p): str(content) for p in sorted(content.glob("*.md"))}
    folder = str(site / ".artlint_cache")
    first = Index(folder)
    first.update(survey(paths), {})
    first.close()

    def update() -> tuple[list[str], list[str]]:
        index, statements, read = Index(folder), [], []
        index.db.set_trace_callback(statements.append)
        index.read = lambda wanted: (read.extend(wanted), [None] * len(wanted))[1]  # type: ignore[method-assign]
        index.update(survey(paths), {})
        index.close()
        return [s for s in statements if "FROM files" in s], read

    assert update() == ([], [])
    (content / "story-1.md").write_text((content / "story-1.md").read_text() + "\n")
    queries, read = update()
    assert queries and read == [str(content / "story-1.md")]


def test_a_survey_made_beside_the_check_brings_its_difference_from_the_index(site: Path) -> None:
    """Surveyed with the cache folder (in the child beside a check), the survey holds what
    differs from the index; the index takes it without comparing every stamp again, unless
    the index has moved on since."""
    from artlint.corpus.index import Index
    from artlint.corpus.survey import survey

    content, folder = site / "content", str(site / ".artlint_cache")

    def paths() -> dict[str, str]:
        return {str(p): str(content) for p in sorted(content.glob("*.md"))}

    def update(made: object) -> list[str]:
        index, statements = Index(folder), []
        index.db.set_trace_callback(statements.append)
        index.update(made, {})  # type: ignore[arg-type]
        index.db.set_trace_callback(None)
        held = dict(index.db.execute("SELECT path, stamp || ' ' || root FROM files"))
        index.close()
        assert held == survey(paths()).files  # the index holds the corpus as it is
        return [s for s in statements if "stamp || ' ' || root FROM files" in s]

    assert survey(paths(), folder=folder).differ is None  # no index yet
    update(survey(paths()))
    first = survey(paths(), folder=folder)
    assert (first.seen, first.differ, first.gone) == (first.state, [], [])
    (content / "story-1.md").write_text((content / "story-1.md").read_text() + "\n")
    (content / "story-2.md").unlink()
    (content / "story-9.md").write_text(article("Story number 9"))
    made = survey(paths(), folder=folder)
    assert made.seen == first.state and made.differ == [str(content / "story-1.md"), str(content / "story-9.md")] and made.gone == [str(content / "story-2.md")]
    assert list(made.files) == made.differ  # (the others are not needed)
    assert list(survey(paths(), folder=folder, checked=[str(content / "story-3.md")]).files) == [*made.differ, str(content / "story-3.md")]
    assert update(made) == []  # taken as made

    (content / "story-3.md").write_text((content / "story-3.md").read_text() + "\n")
    stale = survey(paths(), folder=folder)
    (content / "story-4.md").unlink()
    update(survey(paths()))  # another run moves the index on
    (content / "story-4.md").write_text(article("Story number 4"))
    assert update(stale._replace(again=lambda: survey(paths()))) != []  # every file surveyed and compared again


def test_a_cache_folder_named_in_bytes_that_are_not_utf8(site: Path, artlint: Run) -> None:
    """The survey made beside the check opens the index by a URI: every byte of the name
    goes into it, and the difference is made there, as for any folder."""
    import os

    from artlint.corpus.survey import survey

    folder = os.fsdecode(os.fsencode(site) + b"/cache-\xff")
    artlint("check", "--format", "json", "--cache-dir", folder, "content", cwd=site)
    story = site / "content" / "story-1.md"
    story.write_text(story.read_text() + "\n")
    alone = artlint("check", "--format", "json", "--cache-dir", folder, "content/story-1.md", cwd=site)
    expected = artlint("check", "--format", "json", "--no-cache", "content/story-1.md", cwd=site)
    assert "Traceback" not in alone.stderr and (alone.stdout, alone.returncode) == (expected.stdout, expected.returncode)
    other = site / "content" / "story-2.md"
    other.write_text(other.read_text() + "\n")
    made = survey({str(p): str(site / "content") for p in sorted((site / "content").glob("*.md"))}, folder=folder)
    assert made.differ == [str(other)]  # read from the index in that folder


def test_an_article_named_in_bytes_that_are_not_utf8(site: Path, artlint: Run) -> None:
    """SQLite cannot hold such a name: the file is checked on every run, left out of the
    caches and of the corpus the cross-file rules see — and nothing raises."""
    import os
    import subprocess
    import sys

    odd = os.fsdecode(b"content/odd-\xff.md")
    with open(os.fsencode(site) + b"/content/odd-\xff.md", "w") as f:
        f.write(article("Story number 1", extra="updatedOn: 2020-01-01\n"))

    def check(*args: str) -> tuple[str, str]:  # the report names the file in its own bytes
        ran = subprocess.run([sys.executable, "-m", "artlint", "check", "--format", "json", *args], cwd=site, capture_output=True, timeout=120)
        return ran.stdout.decode("utf-8", "surrogateescape"), ran.stderr.decode("utf-8", "surrogateescape")

    runs = [check(*args) for args in (["content"], ["content"], ["--no-cache", "content"])]
    assert all("Traceback" not in err for _, err in runs) and runs[0][0] == runs[1][0] == runs[2][0]
    found = [(i["path"], i["rule"]) for i in json.loads(runs[0][0])]
    assert (odd, "date-order") in found and (odd, "duplicate-title") not in found
    out, err = check(odd)
    assert "Traceback" not in err and (odd, "date-order") in [(i["path"], i["rule"]) for i in json.loads(out)]


def test_a_bulk_rewrite_of_the_index_keeps_it_whole(tmp_path: Path) -> None:
    """Many changed files at once (a checkout) take the bulk path — lookup indexes dropped and
    made again — over an index that already holds them: no row is lost or left twice."""
    from artlint.corpus.facts import POSTED
    from artlint.corpus.index import Index
    from artlint.corpus.survey import survey

    content = tmp_path / "content"
    content.mkdir()
    for i in range(300):
        (content / f"a{i}.md").write_text(article(f"Title {i}", f"<p>{' '.join(f'w{i}x{j}' for j in range(60))}</p>\n"))
    paths = {str(p): str(content) for p in sorted(content.glob("*.md"))}
    folder = str(tmp_path / "cache")

    def counts(index: Index) -> tuple[int, ...]:
        return tuple(index.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in ("files", "postings", "shapes"))

    index = Index(folder)
    index.update(survey(paths), {})
    first = counts(index)
    assert first[0] == 300 and first[1] == 300 * POSTED
    generation = index.generation
    index.close()
    for i in range(300):  # every file rewritten; one title now twice
        path = content / f"a{i}.md"
        path.write_text(path.read_text().replace("Title 7\"", "Title 8\"") + "\n")
    index = Index(folder)
    index.update(survey(paths), {})
    assert counts(index) == first
    assert index.generation == generation + 1
    assert sorted(index.corpus(str(content)).titled("title 8")) == [str(content / "a7.md"), str(content / "a8.md")]
    names = {row[0] for row in index.db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"postings_hash", "postings_file", "shapes_shape", "shapes_file"} <= names
    index.close()
