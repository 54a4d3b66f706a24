"""The site generator of a project, found from its files, and that generator's conventions:
where the content lives, which folders are build output or templates (never articles),
the date and image fields, the folders served at the site root.

Detection reads only the project root and its direct subfolders (``docs/_config.yml``,
``website/docusaurus.config.js``): a handful of directory listings and, for an ambiguous
``config.toml``, its first 64 KiB. The configuration overrides everything: ``site =
"none"`` turns the conventions off, ``site = "hugo"`` names the generator, and any key it
sets (``include``, ``corpus``, ``dates`` …) wins over the convention.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

KINDS = ("astro", "docusaurus", "eleventy", "hugo", "jekyll", "mkdocs", "zola")
#: Build output and caches of any generator: never walked, wherever they are.
BUILD_ANYWHERE = frozenset({"_site", ".astro", ".docusaurus", ".jekyll-cache", ".sass-cache", ".next", ".nuxt", ".svelte-kit", ".vercel", ".netlify", ".quarto"})
_READ_AT_MOST = 64 * 1024
_SUBFOLDERS_AT_MOST = 64


@dataclass(frozen=True)
class Convention:
    """What a generator means by its folders and fields (paths relative to the site root)."""

    content: tuple[str, ...]  # where the articles are
    build: tuple[str, ...]  # build output: never walked
    templates: tuple[str, ...]  # layouts, partials, archetypes: not articles
    static: tuple[str, ...]  # folders served at the site root (image-local-missing)
    dates: tuple[str, ...]
    order: tuple[tuple[str, str], ...]
    published: tuple[str, ...]
    images: dict[str, str] = field(default_factory=dict)  # image field → alt field (else: the pairs each file uses)
    outline: tuple[tuple[str, Any], ...] = ()  # heading-order's options, where the generator's templates differ from the default


#: A Zola or Jekyll theme decides how (and whether) a page's title is rendered:
#: blog.rust-lang.org and jekyllrb.com's news render it as an h2, and their posts use '#'
#: for sections or '###' right under the title. Unknown, the outline is the body's own:
#: levels that skip are reported, an h1 is not.
_THEME_TITLE = (("title-field", ""), ("first-level", 1))
#: MkDocs renders the body's first '# heading' as the page title (the ``title`` field only
#: names the page in the navigation): the outline starts at the body's first heading.
_BODY_TITLE = (("title-field", ""),)

CONVENTIONS = {
    "astro": Convention(("src/content", "src/pages"), ("dist", ".astro"), ("src/components", "src/layouts", "public"), ("public",), ("pubDate", "updatedDate", "date", "lastUpdated"), (("pubDate", "updatedDate"),), ("pubDate", "date")),
    "docusaurus": Convention(("docs", "blog", "src/pages"), ("build", ".docusaurus"), ("src/components", "src/theme"), ("static",), ("date", "last_update"), (), ("date",)),
    "eleventy": Convention((), ("_site",), ("_includes", "_layouts", "_data", "src/_includes", "src/_layouts", "src/_data"), (), ("date",), (), ("date",)),
    "hugo": Convention(("content",), ("public", "resources"), ("archetypes", "layouts", "themes", "i18n", "data", "assets"), ("static",), ("date", "lastmod", "publishDate", "expiryDate"), (("date", "lastmod"), ("publishDate", "expiryDate")), ("date", "publishDate")),
    "jekyll": Convention((), ("_site", ".jekyll-cache", "vendor"), ("_includes", "_layouts", "_sass", "_data"), (".",), ("date", "last_modified_at"), (("date", "last_modified_at"),), ("date",), outline=_THEME_TITLE),
    "mkdocs": Convention(("docs",), ("site",), ("overrides",), ("docs",), ("date",), (), ("date",), outline=_BODY_TITLE),
    "zola": Convention(("content",), ("public",), ("templates", "themes", "sass"), ("static",), ("date", "updated"), (("date", "updated"),), ("date",), outline=_THEME_TITLE),
}


@dataclass(frozen=True)
class Site:
    kind: str
    root: str  # absolute: the folder of the generator's files
    reason: str  # what told (shown by --show-config)
    convention: Convention

    def folders(self, names: tuple[str, ...]) -> tuple[str, ...]:
        """The absolute folders of ``names`` (relative to the site root) that exist."""
        return tuple(p for p in (os.path.normpath(os.path.join(self.root, n)) for n in names) if os.path.isdir(p))

    def content(self) -> tuple[str, ...]:
        """Where the articles are: the convention's folders, or the site root."""
        return self.folders(self.convention.content) or (self.root,)

    def pruned(self) -> frozenset[str]:
        """Absolute folders never walked: build output and templates."""
        return frozenset(self.folders(self.convention.build + self.convention.templates))

    def options(self, base: str) -> dict[str, Any]:
        """Shared option values of the convention (below the configuration's own); paths
        relative to ``base``."""
        from .fields import DEFAULT_DATES, DEFAULT_ORDER, DEFAULT_PUBLISHED

        c = self.convention  # the generator's fields first, then the usual ones (a file is checked for those it has)
        out: dict[str, Any] = {"dates": _union(c.dates, DEFAULT_DATES), "published": _union(c.published, DEFAULT_PUBLISHED)}
        out["order"] = [list(pair) for pair in _union(c.order, DEFAULT_ORDER)]
        if c.images:
            out["images"] = dict(c.images)
        out.update(c.outline)
        static = [os.path.relpath(p, base) for p in self.folders(c.static)]
        if static:
            out["static-dirs"] = static
        return out

    def describe(self, cwd: str, base: str) -> dict[str, Any]:
        """What --show-config prints of it."""
        rel = lambda p: os.path.relpath(p, cwd).replace(os.sep, "/")  # noqa: E731
        return {"kind": self.kind, "root": rel(self.root), "why": self.reason, "content": [rel(p) for p in self.content()], "skipped": sorted(rel(p) for p in self.pruned()), "conventions": self.options(base)}


def detect(root: str, choice: str = "auto") -> Site | None:
    """The site at ``root`` (or in one of its direct subfolders); ``choice``: "auto", "none"
    or a kind that is taken as said (its root: ``root``)."""
    if choice == "none":
        return None
    if choice != "auto":
        return Site(choice, root, "site = " + repr(choice) + " in the configuration", CONVENTIONS[choice])
    for folder in _candidates(root):
        found = _kind_of(folder, root)
        if found is not None:
            kind, why = found
            return Site(kind, folder, why, _adapted(kind, folder))
    return None


def _candidates(root: str) -> Iterator[str]:
    yield root
    try:
        subfolders = sorted(e.path for e in os.scandir(root) if e.is_dir(follow_symlinks=False) and not e.name.startswith((".", "_")) and e.name != "node_modules")
    except OSError:
        return
    yield from subfolders[:_SUBFOLDERS_AT_MOST]


def _names(folder: str) -> set[str]:
    try:
        return {e.name for e in os.scandir(folder)}
    except OSError:
        return set()


def _kind_of(folder: str, root: str) -> tuple[str, str] | None:
    """(kind, why) of the generator whose files are in ``folder``, or None."""
    names = _names(folder)
    where = os.path.relpath(folder, root).replace(os.sep, "/")
    at = "" if where == "." else where + "/"
    markers = [
        ("astro", ("astro.config.mjs", "astro.config.js", "astro.config.ts", "astro.config.mts", "astro.config.cjs")),
        ("docusaurus", ("docusaurus.config.js", "docusaurus.config.ts", "docusaurus.config.mjs")),
        ("eleventy", (".eleventy.js", ".eleventy.cjs", ".eleventy.mjs", "eleventy.config.js", "eleventy.config.cjs", "eleventy.config.mjs", "eleventy.config.ts")),
        ("hugo", ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json")),
        ("jekyll", ("_config.yml", "_config.yaml")),
        ("mkdocs", ("mkdocs.yml", "mkdocs.yaml")),
    ]
    for kind, files in markers:
        for name in files:
            if name in names:
                return kind, f"{at}{name}"
    if "config.toml" in names:
        text = _head(os.path.join(folder, "config.toml"))
        if _has_key(text, "base_url"):
            return "zola", f"{at}config.toml has Zola's key base_url"
        if _has_key(text, "baseURL") or _has_key(text, "languageCode"):
            return "hugo", f"{at}config.toml has Hugo's key baseURL"
    return _by_layout(folder, names, at)


def _by_layout(folder: str, names: set[str], at: str) -> tuple[str, str] | None:
    """A generator told by its content alone (a checkout of the content folders)."""
    if "src" in names and _names(os.path.join(folder, "src")) & {"content.config.ts", "content.config.mjs", "content.config.js"}:
        return "astro", f"{at}src/content.config.ts (Astro content collections)"
    if "config.ts" in names and "defineCollection" in _head(os.path.join(folder, "config.ts")):
        return "astro", f"{at}config.ts defines Astro content collections"
    if "_posts" in names:
        return "jekyll", f"{at}_posts/ (Jekyll's posts folder)"
    if "config" in names and os.path.isdir(os.path.join(folder, "config", "_default")):
        return "hugo", f"{at}config/_default/ (Hugo's configuration folder)"
    if "content" in names and any("_index.md" in _names(os.path.join(folder, "content", *sub)) for sub in [(), *((n,) for n in sorted(_names(os.path.join(folder, "content")))[:_SUBFOLDERS_AT_MOST])]):
        return "hugo", f"{at}content/ with _index.md section pages (Hugo's layout)"
    for sub in ("src", "."):
        if any(n.endswith((".11tydata.json", ".11tydata.js")) for child in _names(os.path.join(folder, sub)) for n in _names(os.path.join(folder, sub, child))):
            return "eleventy", f"{at}{'' if sub == '.' else sub + '/'}*/*.11tydata.json (Eleventy directory data)"
    return None


def _adapted(kind: str, folder: str) -> Convention:
    """The convention of ``kind``, with what the site's own files say: Eleventy's input
    folder (``src`` when it is there)."""
    convention = CONVENTIONS[kind]
    if kind == "eleventy" and os.path.isdir(os.path.join(folder, "src")):
        from dataclasses import replace

        return replace(convention, content=("src",))
    return convention


def _union(first: tuple[Any, ...], then: tuple[Any, ...]) -> list[Any]:
    return list(dict.fromkeys([*first, *then]))


def _head(path: str) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read(_READ_AT_MOST)
    except OSError:
        return ""


def _has_key(text: str, key: str) -> bool:
    """Whether a TOML text sets ``key`` at the start of a line (no regular expression)."""
    for line in text.splitlines():
        stripped = line.lstrip()
        if stripped.startswith(key) and stripped[len(key) :].lstrip().startswith("="):
            return True
    return False
