"""The golden outputs of artlint's command line: what every later change must keep byte for byte.

    python tests/golden/make.py [--check] [--tree seeds|jengu|generated] [--keep]

For three trees — the repository's ``seeds/`` (with its configuration), the jengu corpus
(``../shared/corpus/jengu``, skipped where it is absent) and a generated tree of 2,000
articles — each copied into a temporary folder, it runs a fixed sequence of commands with
a fixed ``--today``: every format (human, concise, json, sarif, github with its step
summary), ``--statistics``, ``--quiet``, ``baseline``, ``--show-config``, ``--stdin-filename``,
under ``--no-cache``, a cold cache, a warm one, one file changed, a single file, ``--jobs 1``
and ``--jobs 2``; and once, ``rules --format markdown``, ``explain`` and usage errors. Each
case records its exit code, stderr, stdout and any file it writes, the temporary folder
written as ``<ROOT>``.

The cases run in this process, through ``artlint.cli.main`` (one process per tree: a
process per command would cost more than the runs). Without ``--check`` the outputs are
written to ``tests/golden/<tree>/``; with it they are compared, and the first differences
are printed. An output over ``BIG`` bytes is kept as its hash, size and first lines.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import random
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
JENGU = REPO.parent / "shared" / "corpus" / "jengu"
TODAY = "2025-06-01"
TREES = ("common", "seeds", "jengu", "generated")
FORMATS = ("human", "concise", "json", "sarif", "github")
#: Outputs larger than this are kept as a hash and their head.
BIG = 64 * 1024
HEAD = 30

Case = tuple[str, list[str], Callable[[], None] | None, dict[str, str]]


# ---------------------------------------------------------------- the trees


def _project(root: Path, collections: str, corpus: str = "") -> None:
    shutil.copytree(REPO / "schemas", root / "schemas")
    (root / "artlint.toml").write_text(corpus + collections, encoding="utf-8")


COLLECTIONS = (
    '[collections.blog]\npaths = ["blog/**"]\nschema = "schemas/blog.schema.json"\n'
    'images = { mainImage = "altText", thumbnail = "altText" }\n\n'
    '[collections.news]\npaths = ["news/**"]\nschema = "schemas/article.schema.json"\n'
)


def make_seeds(root: Path) -> None:
    shutil.copytree(REPO / "seeds", root / "seeds")
    shutil.copytree(REPO / "schemas", root / "schemas")
    shutil.copyfile(REPO / "artlint.toml", root / "artlint.toml")


def make_jengu(root: Path) -> None:
    for folder in ("blog", "news"):
        shutil.copytree(JENGU / folder, root / folder)
    _project(root, COLLECTIONS)


WORDS = (
    "harbour festival train library council river market school museum garden bridge tram "
    "summer winter budget report storm energy water forest coast village city island road "
    "season concert theatre gallery station airport ferry stadium clinic bakery orchard"
).split()


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def _article(i: int, rng: random.Random, titles: list[str], bodies: list[str]) -> tuple[str, str]:
    """The folder and text of generated article ``i``: mostly sound, with defects of many
    rules spread over the tree (duplicates and templates across files among them)."""
    news = i % 3 != 0
    title = rng.choice(titles) if rng.random() < 0.08 else f"{_sentence(rng, 5)[:-1]} {i}"
    description = f"Everything about {title} in one weekly digest for our readers" if rng.random() < 0.1 else _sentence(rng, 12)
    if rng.random() < 0.05:
        description = description[:30]
    day = rng.randrange(1, 28)
    published = f"2025-{rng.randrange(1, 13):02d}-{day:02d}"
    if rng.random() < 0.03:
        published = "2025-02-30"
    lines = ["---", f'title: "{title}"', f'description: "{description}"', f"publishedOn: {published}"]
    if rng.random() < 0.05:
        lines.append(f"updatedOn: 2024-01-{day:02d}")
    if news:
        lines += ['mainImage: "https://images.example.org/a.jpg"', f'altTextMainImage: "{rng.choice(["image", "A tram crossing the river bridge", ""])}"']
        if rng.random() < 0.05:
            lines.append(f"newsDate: 2025-{rng.randrange(1, 13):02d}-{day:02d}")
    if rng.random() < 0.03:
        lines.append(f'title: "{title} again"')
    if rng.random() < 0.03:
        lines.append("draft: no")
    if rng.random() < 0.02:
        lines.append("# artlint-disable-next-line date-format")
    lines.append("---")
    if bodies and rng.random() < 0.04:
        return ("news" if news else "blog"), "\n".join(lines) + "\n" + rng.choice(bodies)
    body: list[str] = []
    for k in range(rng.randrange(2, 6)):
        text = _sentence(rng, rng.randrange(8, 30))
        if news:
            level = rng.choice((2, 2, 2, 3, 4)) if k else 2
            body.append(f"<h{level}>{_sentence(rng, 3)}</h{level}>")
            if rng.random() < 0.05:
                body.append("<!-- artlint-disable-next-line html-unclosed-element -->")
            body.append(f"<p>{text}" + ("</p>" if rng.random() > 0.05 else ""))
            if rng.random() < 0.06:
                body.append('<img src="https://images.example.org/b.jpg">')
            if rng.random() < 0.02:
                body.append("<p>Here is the article you asked for.</p>")
        else:
            body.append(f"{'#' * rng.choice((2, 2, 3, 4))} {_sentence(rng, 3)[:-1]}")
            body.append(text)
            if rng.random() < 0.06:
                body.append("![](/images/x.png)")
            if rng.random() < 0.03:
                body.append("[see below](#nowhere)")
    text = "\n\n".join(body) + "\n"
    bodies.append(text)
    return ("news" if news else "blog"), "\n".join(lines) + "\n\n" + text


def make_generated(root: Path, n: int = 2000) -> None:
    rng = random.Random(17)
    titles = [_sentence(rng, 4)[:-1] for _ in range(40)]
    bodies: list[str] = []
    for i in range(n):
        folder, text = _article(i, rng, titles, bodies)
        path = root / folder / f"{i // 250:02d}" / f"article-{i:04d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "notes.txt").write_text("not an article\n", encoding="utf-8")
    _project(root, COLLECTIONS, 'corpus = ["blog", "news"]\n\n')


# ---------------------------------------------------------------- the cases


def _append(path: str, text: str) -> Callable[[], None]:
    def edit() -> None:
        with open(path, "a", encoding="utf-8") as f:
            f.write(text)

    return edit


def common_cases() -> Iterator[Case]:
    yield "rules-markdown", ["rules", "--format", "markdown"], None, {}
    yield "rules-text", ["rules"], None, {}
    for rule in ("date-future", "duplicate-title", "frontmatter-schema", "no-such-rule"):
        yield f"explain-{rule}", ["explain", rule], None, {}
    yield "usage-no-command", [], None, {}
    yield "usage-bad-today", ["check", "--today", "2025-13-01", "."], None, {}
    yield "usage-bad-jobs", ["check", "--jobs", "0", "."], None, {}
    yield "usage-statistics-sarif", ["check", "--statistics", "--format", "sarif", "."], None, {}


def tree_cases(tree: str, files: list[str]) -> Iterator[Case]:
    """The sequence of one tree (order matters: cold, then warm …); ``files``: two
    articles of the tree, the one edited and the one checked alone."""
    edited, single = files
    check = ["check", "--today", TODAY]
    cache = ["--cache-dir", ".golden-cache"]
    small = tree != "generated"  # (the big tree: two whole runs, the others cost too much)
    if small:
        yield "no-cache-jobs1-json", [*check, "--no-cache", "--jobs", "1", "--format", "json"], None, {}
        yield "no-cache-human", [*check, "--no-cache", "--jobs", "2"], None, {}
    yield "no-cache-jobs2-sarif", [*check, "--no-cache", "--jobs", "2", "--format", "sarif"], None, {}
    yield "cold-jobs1-json", [*check, *cache, "--jobs", "1", "--format", "json"], None, {}
    for fmt in FORMATS:
        env = {"GITHUB_STEP_SUMMARY": "step-summary.md"} if fmt == "github" else {}
        yield f"warm-{fmt}", [*check, *cache, "--format", fmt], None, env
    yield "warm-statistics", [*check, *cache, "--statistics"], None, {}
    yield "warm-statistics-json", [*check, *cache, "--statistics", "--format", "json"], None, {}
    yield "warm-quiet", [*check, *cache, "--quiet"], None, {}
    yield "warm-concise-jobs1", [*check, *cache, "--jobs", "1", "--format", "concise"], None, {}
    change = "\n<p>An added line &copy without its semicolon, and <b>bold</p>\n" if tree != "seeds" else "\n<h4>Skipped</h4>\n"
    yield "changed-one-json", [*check, *cache, "--format", "json"], _append(edited, change), {}
    yield "changed-one-human", [*check, *cache], None, {}
    yield "single-file-json", [*check, *cache, "--format", "json", single], _append(single, "\nOne more line.\n"), {}
    yield "single-file-human", [*check, *cache, "--jobs", "1", single], None, {}
    if small:
        yield "single-file-no-cache", [*check, "--no-cache", "--format", "concise", single], None, {}
        yield "cold-jobs2-concise", [*check, "--cache-dir", ".golden-cache-2", "--jobs", "2", "--format", "concise"], None, {}
    yield "show-config", [*check, "--show-config", single], None, {}
    yield "stdin", [*check, *cache, "--stdin-filename", single, "--format", "concise"], None, {"STDIN": "---\ntitle: x\n---\n\n<p>a & b</p>\n"}
    yield "stdin-beside", [*check, *cache, "--stdin-filename", "news/piped.md", "-", single, "--format", "json"], None, {"STDIN": "---\ntitle: Piped\n---\n\n<h3>Deep</h3>\n"}
    yield "baseline-write", ["baseline", "--today", TODAY, *cache], None, {"READ": ".artlint-baseline.json"}
    yield "baseline-check", [*check, *cache, "--format", "concise"], _append(edited, "\n<p>After the baseline &amp x</p>\n"), {}
    yield "baseline-check-no-baseline", [*check, *cache, "--no-baseline", "--quiet"], None, {}


# ---------------------------------------------------------------- running


def run_case(argv: list[str], env: dict[str, str], root: Path) -> str:
    """One command, in this process: its exit code, stderr, stdout and written file."""
    from artlint import cli

    env = dict(env)
    stdin = env.pop("STDIN", "")
    read = env.pop("READ", None)
    for name in ("NO_COLOR", "FORCE_COLOR", "GITHUB_STEP_SUMMARY", "ARTLINT_TODAY"):
        os.environ.pop(name, None)
    os.environ.update(env)
    out, err = io.BytesIO(), io.StringIO()
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode()), encoding="utf-8")
    sys.stdout = io.TextIOWrapper(out, encoding="utf-8", newline="")
    sys.stderr = err
    try:
        status = cli.main(argv)
    except SystemExit as exc:  # argparse's --help / --version
        status = exc.code if isinstance(exc.code, int) else 2
    finally:
        sys.stdout.flush()
        written = out.getvalue()
        sys.stdin, sys.stdout, sys.stderr = saved
        for name in env:
            os.environ.pop(name, None)
    where = str(root)
    stdout = written.decode("utf-8", "surrogateescape")
    parts = [f"$ artlint {' '.join(argv)}", f"exit {status}", "--- stderr", err.getvalue().replace(where, "<ROOT>"), "--- stdout", _shown(stdout.replace(where, "<ROOT>"))]
    for name in (read, env.get("GITHUB_STEP_SUMMARY")):
        if name and os.path.exists(name):
            parts += [f"--- {name}", _shown(Path(name).read_text(encoding="utf-8").replace(where, "<ROOT>"))]
            if name == env.get("GITHUB_STEP_SUMMARY"):
                os.remove(name)
    return "\n".join(parts)


def _shown(text: str) -> str:
    if len(text) <= BIG or os.environ.get("GOLDEN_FULL"):
        return text
    digest = hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()
    head = "\n".join(text.splitlines()[:HEAD])
    return f"[{len(text)} characters, {text.count(chr(10))} lines, sha256 {digest}; the first {HEAD} lines:]\n{head}\n[…]\n"


def outputs(tree: str, work: Path) -> dict[str, str]:
    """Every case of ``tree`` run in a fresh copy of it under ``work``: name → output."""
    root = work / tree
    root.mkdir()
    if tree == "seeds":
        make_seeds(root)
        files = ["seeds/defect-html-body.md", "seeds/clean-article.md"]
    elif tree == "jengu":
        make_jengu(root)
        news = sorted(str(p.relative_to(root)) for p in (root / "news").rglob("*.md"))
        files = [news[0], news[1]]
    elif tree == "generated":
        make_generated(root)
        files = ["news/00/article-0001.md", "news/03/article-0800.md"]
    cases = common_cases() if tree == "common" else tree_cases(tree, [str(root / files[0]), files[1]])
    os.chdir(root)
    got = {}
    for name, argv, before, env in cases:
        if before is not None:
            before()
        got[name] = run_case(argv, env, root.resolve())
    return got


def check(tree: str, got: dict[str, str]) -> list[str]:
    """The differences from the committed outputs of ``tree``."""
    import difflib

    folder = HERE / tree
    problems = []
    wanted = {p.stem: p for p in folder.glob("*.out")}
    for name, text in got.items():
        if name not in wanted:
            problems.append(f"{tree}/{name}: no golden output (run tests/golden/make.py)")
            continue
        expected = wanted.pop(name).read_text(encoding="utf-8", errors="surrogateescape")
        if expected != text:
            diff = difflib.unified_diff(expected.splitlines(), text.splitlines(), f"golden {tree}/{name}", "now", lineterm="", n=1)
            problems.append("\n".join(list(diff)[:40]))
    problems += [f"{tree}/{name}: golden output no longer made" for name in wanted]
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="compare with the committed outputs instead of writing them")
    parser.add_argument("--tree", choices=TREES, action="append", help="only this tree (repeatable)")
    parser.add_argument("--full", metavar="DIR", help="write the outputs whole (no hashes) to DIR instead, to compare two versions")
    parser.add_argument("--in-process", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    trees = [t for t in args.tree or TREES if t != "jengu" or JENGU.is_dir()]
    if not args.in_process:  # one process per tree: no state carried from one to the next
        status = 0
        for tree in trees:
            cmd = [sys.executable, __file__, "--in-process", "--tree", tree, *(["--check"] if args.check else []), *(["--full", args.full] if args.full else [])]
            env = {**os.environ, "PYTHONHASHSEED": "0", **({"GOLDEN_FULL": "1"} if args.full else {})}
            status = max(status, subprocess.run(cmd, env=env).returncode)
        return status
    problems: list[str] = []
    for tree in trees:
        with tempfile.TemporaryDirectory(prefix="artlint-golden-") as work:
            got = outputs(tree, Path(work))
            os.chdir(REPO)
        if args.check:
            problems += check(tree, got)
        else:
            folder = Path(args.full).resolve() / tree if args.full else HERE / tree
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            for name, text in got.items():
                (folder / f"{name}.out").write_text(text, encoding="utf-8", errors="surrogateescape")
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
