"""artlint's benchmark: artlint against the parsing floor and against the tools it replaces.

    python bench/run.py [--n 10000] [--repeat 3] [--peers] [--keep]

Builds a corpus of N articles by copying ../shared/corpus/jengu under unique names into a
temporary folder (with a configuration applying the news and blog schemas), then prints,
each the median of --repeat runs, interleaved:

  floor     read + split + YAML (C loader) + jsonschema + html5lib/markdown-it, 1 process and a pool
  cold      artlint check, no cache: --jobs 1 and the default
  warm      artlint check with the cache filled and nothing changed
  changed   one file changed in the warm tree
  single    artlint check on one changed file, as pre-commit runs it, against python -c "import yaml, jsonschema, html5lib"
  memory    peak resident memory of the cold runs

With --peers, html-validate and markdownlint-cli2 (npm) and check-jsonschema (PyPI) are
installed into a temporary folder and timed on the same articles.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "jengu"
PYTHON = sys.executable
ARTLINT = [PYTHON, "-m", "artlint"]


def build(folder: Path, n: int) -> None:
    sources = sorted(CORPUS.glob("*/*.md"))
    for i in range(n):
        src = sources[i % len(sources)]
        dest = folder / src.parent.name / f"{i // len(sources):03d}" / src.name
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)
    shutil.copytree(REPO / "schemas", folder / "schemas")
    (folder / "artlint.toml").write_text(
        '[collections.blog]\npaths = ["blog/**"]\nschema = "schemas/blog.schema.json"\n'
        'images = { mainImage = "altText", thumbnail = "altText" }\n\n'
        '[collections.news]\npaths = ["news/**"]\nschema = "schemas/article.schema.json"\n'
    )


def timed(cmd: list[str], cwd: Path, before: Callable[[], None] | None = None) -> tuple[float, int]:
    """Seconds and peak memory (KiB) of one run of ``cmd``."""
    if before is not None:
        before()
    # The report goes to a file, as a CI job's does: read back through a pipe, 39 MB of JSON
    # would time this script's decoding of it too (a quarter of a second), after artlint ends.
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd] if Path("/usr/bin/time").exists() else cmd, cwd=cwd, stdout=out, stderr=subprocess.PIPE, text=True)
        elapsed = time.perf_counter() - start
        out.seek(0)
        head = out.read(1)
    lines = proc.stderr.strip().splitlines()
    memory = int(lines[-1]) if lines and lines[-1].isdigit() else 0
    if proc.returncode not in (0, 1) or ("--format" in cmd and head != b"["):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr[-500:]}")
    return elapsed, memory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--peers", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the corpus folder")
    args = parser.parse_args()

    # As installed from a wheel, artlint's modules are byte-compiled (pip does it, as it did
    # for yaml, jsonschema and html5lib); an editable install under PYTHONDONTWRITEBYTECODE
    # would compile them again at every start.
    import compileall

    import artlint

    compileall.compile_dir(str(Path(artlint.__file__).parent), quiet=1)
    work = Path(tempfile.mkdtemp(prefix="artlint-bench-"))
    site = work / "site"
    site.mkdir()
    build(site, args.n)
    jobs = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    one, single = sorted((site / "news").rglob("*.md"))[:2]
    schema = str(site / "schemas" / "article.schema.json")
    cache = site / ".artlint_cache"

    def clear_cache() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    def touch_one() -> None:
        one.write_bytes(one.read_bytes() + b"\n")

    def touch_single() -> None:  # pre-commit passes the files a commit changes
        single.write_bytes(single.read_bytes() + b"\n")

    runs: dict[str, tuple[list[str], Callable[[], None] | None]] = {
        "floor, 1 process": ([PYTHON, str(REPO / "bench" / "floor.py"), str(site), schema], None),
        f"floor, pool of {jobs}": ([PYTHON, str(REPO / "bench" / "floor.py"), str(site), schema, "--jobs", str(jobs)], None),
        "artlint cold, --jobs 1": ([*ARTLINT, "check", "--no-cache", "--jobs", "1", "--format", "json", "."], None),
        f"artlint cold, default ({jobs} jobs)": ([*ARTLINT, "check", "--no-cache", "--format", "json", "."], None),
        "artlint warm": ([*ARTLINT, "check", "--format", "json", "."], None),
        "artlint, one file changed": ([*ARTLINT, "check", "--format", "json", "."], touch_one),
        "artlint, a single file": ([*ARTLINT, "check", "--format", "json", str(single.relative_to(site))], touch_single),
        "python -c 'import yaml, jsonschema, html5lib'": ([PYTHON, "-c", "import yaml, jsonschema, html5lib"], None),
    }
    subprocess.run([*ARTLINT, "check", "--format", "json", "."], cwd=site, stdout=subprocess.DEVNULL)  # fill the cache
    times: dict[str, list[float]] = {name: [] for name in runs}
    memory: dict[str, int] = {}
    for _ in range(args.repeat):
        for name, (cmd, before) in runs.items():
            elapsed, peak = timed(cmd, site, before)
            times[name].append(elapsed)
            memory[name] = max(memory.get(name, 0), peak)
    median = {name: statistics.median(values) for name, values in times.items()}

    peers: dict[str, float] = {}
    if args.peers:
        peers = run_peers(work, site, args.repeat)

    print(f"artlint benchmark: {args.n} articles (copies of ../shared/corpus/jengu), {jobs} CPUs, median of {args.repeat} runs")
    width = max(len(n) for n in [*median, *peers])
    for name, value in median.items():
        print(f"  {name:<{width}}  {value:8.3f} s   peak {memory[name] / 1024:6.0f} MB")
    for name, value in peers.items():
        print(f"  {name:<{width}}  {value:8.3f} s")
    floor1, floorp = median["floor, 1 process"], median[f"floor, pool of {jobs}"]
    cold1, cold = median["artlint cold, --jobs 1"], median[f"artlint cold, default ({jobs} jobs)"]
    print("ratios (targets in brackets)")
    print(f"  cold default / pooled floor      {cold / floorp:5.2f}  (<= 1.2)")
    print(f"  cold --jobs 1 / serial floor     {cold1 / floor1:5.2f}  (<= 1.2)")
    print(f"  warm / cold default              {median['artlint warm'] / cold:5.1%}  (<= 5%)")
    print(f"  one changed / single file        {median['artlint, one file changed'] / median['artlint, a single file']:5.2f}  (<= 3)")
    print(f"  single file / import floor       {median['artlint, a single file'] / median[next(n for n in median if n.startswith('python -c'))]:5.2f}  (<= 1.5)")
    print(f"  peak memory, cold --jobs 1       {memory['artlint cold, --jobs 1'] / 1024:5.0f} MB  (< 150 MB per process)")
    if peers:
        chain = sum(peers.values())
        print(f"  the peers' chain / artlint cold  {chain / cold:5.1f}x  (>= 10)")
    if args.keep:
        print(f"corpus kept in {site}")
    else:
        shutil.rmtree(work, ignore_errors=True)


def run_peers(work: Path, site: Path, repeat: int) -> dict[str, float]:
    tools = work / "peers"
    tools.mkdir()
    subprocess.run(["npm", "install", "--silent", "--prefix", str(tools), "html-validate", "markdownlint-cli2"], check=True)
    subprocess.run([PYTHON, "-m", "venv", str(tools / "venv")], check=True)
    subprocess.run([str(tools / "venv" / "bin" / "pip"), "install", "-q", "check-jsonschema"], check=True)
    # check-jsonschema validates the front matter alone: extract it once, as a team would.
    fm = work / "frontmatter"
    for path in sorted(site.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if text.startswith("---"):
            dest = fm / path.relative_to(site).with_suffix(".yaml")
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(text.split("---", 2)[1])
    bin_ = tools / "node_modules" / ".bin"
    commands = {
        "html-validate (news)": [str(bin_ / "html-validate"), "--ext", "md", "news"],
        "markdownlint-cli2 (all)": [str(bin_ / "markdownlint-cli2"), "**/*.md"],
        "check-jsonschema (front matter)": [str(tools / "venv" / "bin" / "check-jsonschema"), "--schemafile", str(site / "schemas" / "article.schema.json"), *map(str, sorted((fm / "news").rglob("*.yaml")))],
    }
    out = {}
    for name, cmd in commands.items():
        values = []
        for _ in range(repeat):
            start = time.perf_counter()
            subprocess.run(cmd, cwd=site, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            values.append(time.perf_counter() - start)
        out[name] = statistics.median(values)
    return out


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_NOFILE, resource.getrlimit(resource.RLIMIT_NOFILE))
    main()
