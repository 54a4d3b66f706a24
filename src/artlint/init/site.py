"""The site under a folder: its generator (where that is easy to tell), its content folders,
the build output to skip, and the collections its articles fall into (one per content
folder with enough files, the rest together)."""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass, field

from ..config import PRUNED

ARTICLE_SUFFIXES = (".md", ".markdown", ".mdx", ".html", ".htm")
#: Build output of each generator: never content.
BUILD_OUTPUT = {
    "hugo": ("public", "resources"),
    "zola": ("public",),
    "jekyll": ("_site", ".jekyll-cache", ".sass-cache"),
    "eleventy": ("_site",),
    "astro": ("dist", ".astro"),
    "docusaurus": ("build", ".docusaurus"),
    "mkdocs": ("site",),
    None: ("_site", "dist", ".astro", ".jekyll-cache", ".docusaurus", ".next", ".nuxt", ".svelte-kit"),
}
#: A folder with at least this many articles (and 5 % of them) is a collection of its own.
MIN_COLLECTION = 10
#: Files larger than this are not read for inference (file-too-large's default).
MAX_FILE_SIZE = 10_000_000
#: Configuration files read to find the content folder are small; larger ones are not read.
MAX_CONFIG_SIZE = 1_000_000
_LOCALE = re.compile(r"[a-z]{2}(?:[-_][A-Za-z]{2,4})?")
_GENERIC = {"", ".", "src", "content", "site", "source"}
_ELEVENTY_INPUT = re.compile(r"""\binput\s*:\s*["']([^"'\r\n]{1,200})["']""")


@dataclass
class Generator:
    name: str | None  # hugo, zola, jekyll, eleventy, astro, docusaurus, mkdocs; None: not told
    reason: str  # the file that told it
    folder: str  # where its configuration is, relative to the root ("" for the root)
    content: list[str]  # content folders, relative to the root ("" for the root)


@dataclass
class Collection:
    name: str
    folder: str  # relative to the root, '/'-separated ("" for the root)
    paths: list[str]  # globs
    files: list[str] = field(default_factory=list)  # relative paths of its articles


def _read_small(path: str) -> str | None:
    try:
        if os.path.islink(path) or os.path.getsize(path) > MAX_CONFIG_SIZE:
            return None
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError:
        return None


def _toml(path: str) -> dict[str, object]:
    import tomllib

    text = _read_small(path)
    try:
        return tomllib.loads(text) if text else {}
    except (tomllib.TOMLDecodeError, RecursionError):
        return {}


def _in(root: str, folder: str, *names: str) -> str:
    return "/".join(p for p in (folder, *names) if p)


def _astro(root: str, folder: str, names: set[str]) -> Generator | None:
    name = next((n for n in sorted(names) if re.fullmatch(r"astro\.config\.(?:[cm]?js|[cm]?ts)", n)), None)
    if name is None:
        return None
    content = _in(root, folder, "src", "content")
    return Generator("astro", _in(root, folder, name), folder, [content if os.path.isdir(os.path.join(root, content)) else _in(root, folder, "src", "pages")])


def _hugo_or_zola(root: str, folder: str, names: set[str]) -> Generator | None:
    for name in ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml"):
        if name not in names:
            continue
        table = _toml(os.path.join(root, folder, name)) if name.endswith(".toml") else {}
        if name == "config.toml" and "base_url" in table:
            return Generator("zola", _in(root, folder, name), folder, [_in(root, folder, "content")])
        if name.startswith("hugo.") or {str(k).lower() for k in table} & {"baseurl", "languagecode", "theme", "contentdir", "params"}:
            content = next((v for k, v in table.items() if str(k).lower() == "contentdir" and isinstance(v, str)), "content")
            return Generator("hugo", _in(root, folder, name), folder, [_in(root, folder, os.path.normpath(content).replace(os.sep, "/"))])
    return None


def _jekyll(root: str, folder: str, names: set[str]) -> Generator | None:
    name = next((n for n in ("_config.yml", "_config.yaml") if n in names), None)
    return Generator("jekyll", _in(root, folder, name), folder, [folder]) if name else None


def _eleventy(root: str, folder: str, names: set[str]) -> Generator | None:
    name = next((n for n in sorted(names) if n == ".eleventy.js" or re.fullmatch(r"eleventy\.config\.(?:[cm]?js|ts)", n)), None)
    if name is None:
        return None
    m = _ELEVENTY_INPUT.search(_read_small(os.path.join(root, folder, name)) or "")
    content = os.path.normpath(m.group(1)).replace(os.sep, "/") if m else ""
    return Generator("eleventy", _in(root, folder, name), folder, [_in(root, folder, "" if content == "." else content)])


def _docusaurus_or_mkdocs(root: str, folder: str, names: set[str]) -> Generator | None:
    name = next((n for n in sorted(names) if re.fullmatch(r"docusaurus\.config\.(?:[cm]?js|ts)", n)), None)
    if name is not None:
        return Generator("docusaurus", _in(root, folder, name), folder, [_in(root, folder, "docs"), _in(root, folder, "blog")])
    if "mkdocs.yml" in names:
        return Generator("mkdocs", _in(root, folder, "mkdocs.yml"), folder, [_in(root, folder, "docs")])
    return None


_DETECTORS = (_astro, _hugo_or_zola, _jekyll, _eleventy, _docusaurus_or_mkdocs)


def _detect_in(root: str, folder: str) -> Generator | None:
    here = os.path.join(root, folder)
    try:
        names = set(os.listdir(here))
    except OSError:
        return None
    return next((g for g in (detector(root, folder, names) for detector in _DETECTORS) if g is not None), None)


def detect(root: str) -> Generator:
    """The generator whose configuration is at the root or in a folder just below it."""
    found = _detect_in(root, "")
    if found is None:
        try:
            below = sorted(e.name for e in os.scandir(root) if e.is_dir(follow_symlinks=False) and not e.name.startswith(".") and e.name not in PRUNED)
        except OSError:
            below = []
        found = next((g for g in (_detect_in(root, b) for b in below) if g is not None), None)
    listing = _section_page(root)
    if found is None and listing:
        return Generator("hugo", f"{listing}: Hugo's section pages (no configuration found)", "", ["content"])
    if found is None:
        return Generator(None, "no generator configuration found", "", [""])
    found.content = [c for c in found.content if c == "" or _is_folder(root, c)] or [found.folder]
    return found


def _section_page(root: str) -> str | None:
    """``content/_index.md``, or one a language folder below (``content/en/_index.md``)."""
    content = os.path.join(root, "content")
    if os.path.isfile(os.path.join(content, "_index.md")):
        return "content/_index.md"
    try:
        below = sorted(e.name for e in os.scandir(content) if e.is_dir(follow_symlinks=False) and _LOCALE.fullmatch(e.name))
    except OSError:
        return None
    return next((f"content/{b}/_index.md" for b in below if os.path.isfile(os.path.join(content, b, "_index.md"))), None)


def _is_folder(root: str, relative: str) -> bool:
    path = os.path.realpath(os.path.join(root, relative))
    base = os.path.realpath(root)
    return os.path.isdir(path) and (path == base or path.startswith(base + os.sep))  # never outside the root


def walk(root: str, content: str, skip: set[str]) -> tuple[list[str], list[str]]:
    """Articles under ``content`` (relative '/'-paths, sorted), and the build-output folders
    (``skip``: relative paths) met and skipped. Hidden folders, tool folders and symbolic
    links are not followed."""
    found, skipped = [], []
    top = os.path.join(root, content)
    for folder, dirs, files in os.walk(top):
        relative = os.path.relpath(folder, root).replace(os.sep, "/")
        relative = "" if relative == "." else relative
        for d in list(dirs):
            built = _in(root, relative, d) in skip
            if built:
                skipped.append(_in(root, relative, d))
            if built or d in PRUNED or d.startswith(".") or os.path.islink(os.path.join(folder, d)):
                dirs.remove(d)
        dirs.sort()
        for name in sorted(files):
            if name.lower().endswith(ARTICLE_SUFFIXES) and not os.path.islink(os.path.join(folder, name)):
                found.append(_in(root, relative, name))
    return found, skipped


def glob_escape(path: str) -> str:
    """A literal path as a glob (``*``, ``?`` and ``[`` as classes)."""
    return re.sub(r"([*?\[])", r"[\1]", path)


def _name(folder: str) -> str:
    parts = [p for p in folder.split("/") if p]
    while parts and (_LOCALE.fullmatch(parts[-1]) or parts[-1] in _GENERIC):
        parts.pop()
    base = parts[-1].lstrip("_") if parts else ""
    return re.sub(r"[^A-Za-z0-9_-]+", "-", base).strip("-") or "pages"


def _descend(content: str, files: list[str]) -> str:
    """Down through folders that hold no article of their own and one folder only."""
    while True:
        prefix = content + "/" if content else ""
        below = {f[len(prefix) :].split("/", 1)[0] for f in files if f.startswith(prefix)}
        direct = any("/" not in f[len(prefix) :] for f in files if f.startswith(prefix))
        if direct or len(below) != 1:
            return content
        content = prefix + below.pop()


def collections(content: str, files: list[str], sections: bool) -> list[Collection]:
    """The collections of one content folder: each child folder with at least
    MIN_COLLECTION articles (and 5 % of them) on its own, the other articles together.
    ``sections``: Hugo and Zola list pages (``_index.md``) are a collection of their own."""
    content = _descend(content, files)
    prefix = content + "/" if content else ""
    mine = [f for f in files if f.startswith(prefix)]
    out: list[Collection] = []
    if sections:
        listing = [f for f in mine if f.rsplit("/", 1)[-1].startswith("_index.")]
        if listing:
            out.append(Collection("sections", content, [glob_escape(prefix) + "**/_index.*"], listing))
            mine = [f for f in mine if f not in listing]
    sizes = Counter(f[len(prefix) :].split("/", 1)[0] for f in mine if "/" in f[len(prefix) :])
    big = sorted(child for child, n in sizes.items() if n >= max(MIN_COLLECTION, 0.05 * len(mine)))
    rest = list(mine)
    for child in big:
        folder = prefix + child
        inside = [f for f in mine if f.startswith(folder + "/")]
        rest = [f for f in rest if not f.startswith(folder + "/")]
        out.append(Collection(_name(folder), folder, [glob_escape(folder) + "/**"], inside))
    if rest:
        out.append(Collection(_name(content), content, _rest_globs(prefix, rest), rest))
    return out


def _rest_globs(prefix: str, rest: list[str]) -> list[str]:
    """Globs of the articles no folder collection took: the whole content folder, or at the
    project root, their folders and the root files by name (not the whole repository)."""
    if prefix:
        return [glob_escape(prefix) + "**"]
    folders = sorted({f.split("/", 1)[0] + "/**" for f in rest if "/" in f})
    return [glob_escape(g[:-3]) + "/**" for g in folders] + sorted(glob_escape(f) for f in rest if "/" not in f)


def unique_names(found: list[Collection]) -> None:
    """Make collection names unique (a number after the second of a name)."""
    seen: Counter[str] = Counter()
    for c in found:
        seen[c.name] += 1
        if seen[c.name] > 1:
            c.name = f"{c.name}-{seen[c.name]}"
