"""The site under a folder: its generator (told by ``artlint.sites``, as ``check`` tells
it), its content folders, the build output to skip, and the collections its articles fall
into (one per content folder with enough files, the rest together)."""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass, field

from .. import sites
from ..config import PRUNED

ARTICLE_SUFFIXES = (".md", ".markdown", ".mdx", ".html", ".htm")
#: A folder with at least this many articles (and 5 % of them) is a collection of its own.
MIN_COLLECTION = 10
#: Files larger than this are not read for inference (file-too-large's default).
MAX_FILE_SIZE = 10_000_000
_LOCALE = re.compile(r"[a-z]{2}(?:[-_][A-Za-z]{2,4})?")
_GENERIC = {"", ".", "src", "content", "site", "source"}


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


def _in(root: str, folder: str, *names: str) -> str:
    return "/".join(p for p in (folder, *names) if p)


def detect(root: str) -> Generator:
    """The generator of the site at ``root`` or in a folder just below it, as ``check``
    finds it, with its content folders (relative to the root, "" for the root itself)."""
    found = sites.detect(root)
    if found is None:
        return Generator(None, "no generator configuration found", "", [""])

    def relative(path: str) -> str:
        return "" if path == root else os.path.relpath(path, root).replace(os.sep, "/")

    folder = relative(found.root)
    content = [c for c in (relative(p) for p in found.content()) if c == "" or _is_folder(root, c)]
    return Generator(found.kind, found.reason, folder, content or [folder])


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
        out, mine = _section_pages(content, prefix, mine)
    folders, rest = _folder_collections(prefix, mine)
    out += folders
    if rest:
        out.append(Collection(_name(content), content, _rest_globs(prefix, rest), rest))
    return out


def _section_pages(content: str, prefix: str, mine: list[str]) -> tuple[list[Collection], list[str]]:
    """The list pages (``_index.*``) as a collection, if any, and the other articles."""
    listing = [f for f in mine if f.rsplit("/", 1)[-1].startswith("_index.")]
    if not listing:
        return [], mine
    return [Collection("sections", content, [glob_escape(prefix) + "**/_index.*"], listing)], [f for f in mine if f not in listing]


def _folder_collections(prefix: str, mine: list[str]) -> tuple[list[Collection], list[str]]:
    """A collection for each child folder big enough (by name), and the articles none took."""
    sizes = Counter(f[len(prefix) :].split("/", 1)[0] for f in mine if "/" in f[len(prefix) :])
    big = sorted(child for child, n in sizes.items() if n >= max(MIN_COLLECTION, 0.05 * len(mine)))
    out: list[Collection] = []
    rest = list(mine)
    for child in big:
        folder = prefix + child
        inside = [f for f in mine if f.startswith(folder + "/")]
        rest = [f for f in rest if not f.startswith(folder + "/")]
        out.append(Collection(_name(folder), folder, [glob_escape(folder) + "/**"], inside))
    return out, rest


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
