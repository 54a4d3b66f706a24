"""The site generator of a project, found from its files, and that generator's conventions:
where the content lives, which folders are build output or templates (never articles),
the date and image fields, the folders served at the site root.

This module is the one place that tells a generator: ``check`` applies its conventions and
``init`` starts its configuration from them. Detection reads only the project root and its
direct subfolders (``docs/_config.yml``, ``website/docusaurus.config.js``): a handful of
directory listings and small configuration files (an ambiguous ``config.toml``, Hugo's
``contentDir``, Eleventy's ``input`` folder), never through a symbolic link. The configuration overrides everything: ``site =
"none"`` turns the conventions off, ``site = "hugo"`` names the generator, and any key it
sets (``include``, ``corpus``, ``dates`` …) wins over the convention.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from .paths import PRUNED
from .source import lazy_re

KINDS = ("astro", "docusaurus", "eleventy", "hugo", "jekyll", "mkdocs", "zola")
#: Build output and caches of any generator: never walked, wherever they are.
BUILD_ANYWHERE = frozenset({"_site", ".astro", ".docusaurus", ".jekyll-cache", ".sass-cache", ".next", ".nuxt", ".svelte-kit", ".vercel", ".netlify", ".quarto"})
#: Build output where the generator is not known: the usual folders (excluded by init when present).
UNKNOWN_BUILD = tuple(sorted(BUILD_ANYWHERE | {"dist"}))
_READ_AT_MOST = 64 * 1024  # of a file looked into for a marker
_CONFIG_AT_MOST = 1_000_000  # a configuration file larger than this is not read
_MARKERS = (
    ("astro", ("astro.config.mjs", "astro.config.js", "astro.config.ts", "astro.config.mts", "astro.config.cjs", "astro.config.cts")),
    ("docusaurus", ("docusaurus.config.js", "docusaurus.config.ts", "docusaurus.config.mjs", "docusaurus.config.cjs")),
    ("eleventy", (".eleventy.js", ".eleventy.cjs", ".eleventy.mjs", "eleventy.config.js", "eleventy.config.cjs", "eleventy.config.mjs", "eleventy.config.ts")),
    ("hugo", ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json")),
    ("jekyll", ("_config.yml", "_config.yaml")),
    ("mkdocs", ("mkdocs.yml", "mkdocs.yaml")),
)
#: Top-level keys of a config.toml that only Hugo uses (Hugo reads them in any case).
_HUGO_KEYS = ("baseurl", "languagecode", "theme", "contentdir", "params")
_ELEVENTY_INPUT = lazy_re(r"""\binput\s*:\s*["']([^"'\r\n]{1,200})["']""")
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
    date_parser: str = "iso"  # how the generator reads dates (date-format, date-style): Jekyll's is Ruby's Time.parse


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
    "jekyll": Convention((), ("_site", ".jekyll-cache", ".sass-cache", "vendor"), ("_includes", "_layouts", "_sass", "_data"), (".",), ("date", "last_modified_at"), (("date", "last_modified_at"),), ("date",), outline=_THEME_TITLE, date_parser="ruby"),
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
        if c.date_parser != "iso":
            out["date-parser"] = c.date_parser
        static = [os.path.relpath(p, base) for p in self.folders(c.static)]
        if static:
            out["static-dirs"] = static
        return out

    def describe(self, cwd: str, base: str) -> dict[str, Any]:
        """What --show-config prints of it."""
        def rel(path: str) -> str:
            return os.path.relpath(path, cwd).replace(os.sep, "/")

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
        subfolders = sorted(e.path for e in os.scandir(root) if e.is_dir(follow_symlinks=False) and not e.name.startswith((".", "_")) and e.name not in PRUNED)
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
    for kind, files in _MARKERS:
        for name in files:
            if name in names:
                return kind, f"{at}{name}"
    if "config.toml" in names:
        found = _by_config_toml(os.path.join(folder, "config.toml"), at)
        if found is not None:
            return found
    return _by_layout(folder, names, at)


def _by_config_toml(path: str, at: str) -> tuple[str, str] | None:
    """Zola or Hugo, told by the top-level keys of a ``config.toml`` both may use."""
    keys = {str(k).lower(): str(k) for k in _toml(path)}
    if "base_url" in keys:
        return "zola", f"{at}config.toml has Zola's key base_url"
    hugo = next((keys[k] for k in _HUGO_KEYS if k in keys), None)
    return ("hugo", f"{at}config.toml has Hugo's key {hugo}") if hugo else None


def _by_layout(folder: str, names: set[str], at: str) -> tuple[str, str] | None:
    """A generator told by its content alone (a checkout of the content folders)."""
    for tell in (_astro_layout, _jekyll_layout, _hugo_layout, _eleventy_layout):
        found = tell(folder, names, at)
        if found is not None:
            return found
    return None


def _astro_layout(folder: str, names: set[str], at: str) -> tuple[str, str] | None:
    """Astro: a content-collections configuration, in ``src/`` or (a checkout of ``src/``) here."""
    if "src" in names and _names(os.path.join(folder, "src")) & {"content.config.ts", "content.config.mjs", "content.config.js"}:
        return "astro", f"{at}src/content.config.ts (Astro content collections)"
    if "config.ts" in names and "defineCollection" in _head(os.path.join(folder, "config.ts")):
        return "astro", f"{at}config.ts defines Astro content collections"
    return None


def _jekyll_layout(folder: str, names: set[str], at: str) -> tuple[str, str] | None:
    """Jekyll: its posts folder."""
    return ("jekyll", f"{at}_posts/ (Jekyll's posts folder)") if "_posts" in names else None


def _hugo_layout(folder: str, names: set[str], at: str) -> tuple[str, str] | None:
    """Hugo: its configuration folder, or section pages in ``content/`` or a folder just below."""
    if "config" in names and os.path.isdir(os.path.join(folder, "config", "_default")):
        return "hugo", f"{at}config/_default/ (Hugo's configuration folder)"
    if "content" in names and _has_section_pages(os.path.join(folder, "content")):
        return "hugo", f"{at}content/ with _index.md section pages (Hugo's layout)"
    return None


def _has_section_pages(content: str) -> bool:
    """An ``_index.md`` in ``content`` or in one of its first _SUBFOLDERS_AT_MOST folders (by name)."""
    folders = [content, *(os.path.join(content, n) for n in sorted(_names(content))[:_SUBFOLDERS_AT_MOST])]
    return any("_index.md" in _names(f) for f in folders)


def _eleventy_layout(folder: str, names: set[str], at: str) -> tuple[str, str] | None:
    """Eleventy: directory data files (``blog/blog.11tydata.json``) in ``src/`` or here."""
    for sub in ("src", "."):
        if _has_directory_data(os.path.join(folder, sub)):
            return "eleventy", f"{at}{'' if sub == '.' else sub + '/'}*/*.11tydata.json (Eleventy directory data)"
    return None


#: The endings of Eleventy's data files (JavaScript in three module flavours, or JSON).
_ELEVENTY_DATA = (".11tydata.json", ".11tydata.js", ".11tydata.cjs", ".11tydata.mjs")


def _has_directory_data(folder: str) -> bool:
    """Whether a folder of ``folder`` holds its directory data file (``blog/blog.11tydata.json``):
    a few stats per subfolder, whatever the number of files below them."""
    try:
        subfolders = [e.path for e in os.scandir(folder) if e.is_dir(follow_symlinks=False)]
    except OSError:
        return False
    return any(_named(os.path.join(sub, os.path.basename(sub) + end)) for sub in subfolders for end in _ELEVENTY_DATA)


def _named(path: str) -> bool:
    """Whether something not a folder is named ``path``; a symbolic link is not followed (where
    it leads, out of the project, is not for the detection to tell)."""
    try:
        return not stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def _adapted(kind: str, folder: str) -> Convention:
    """The convention of ``kind``, with what the site's own files say: Hugo's ``contentDir``,
    Eleventy's input folder (named in its configuration, else ``src`` when it is there)."""
    convention = CONVENTIONS[kind]
    if kind == "hugo":
        content = _hugo_content_dir(folder)
        return replace(convention, content=(content,)) if content else convention
    if kind == "eleventy":
        content = _eleventy_input(folder) or ("src" if os.path.isdir(os.path.join(folder, "src")) else None)
        return replace(convention, content=(content,)) if content else convention
    return convention


def _hugo_content_dir(folder: str) -> str | None:
    """``contentDir`` of Hugo's TOML configuration, when it names a folder of the site."""
    for name in ("hugo.toml", "config.toml"):
        table = _toml(os.path.join(folder, name))
        value = next((v for k, v in table.items() if str(k).lower() == "contentdir"), None)
        if table:
            return _inside(value)
    return None


def _eleventy_input(folder: str) -> str | None:
    """The input folder an Eleventy configuration file names (``dir: { input: "src" }``)."""
    for name in _MARKERS[2][1]:
        m = _ELEVENTY_INPUT.search(_read(os.path.join(folder, name), _READ_AT_MOST))
        if m:
            return _inside(m.group(1))
    return None


def _inside(value: object) -> str | None:
    """``value`` as a folder below the site root ("." is the root), or None (not a string, or
    a path that leads out of the site: a configuration never points artlint elsewhere)."""
    if not isinstance(value, str) or not value or os.path.isabs(value):
        return None
    path = os.path.normpath(value)
    return None if path == ".." or path.startswith(".." + os.sep) else path


def _union(first: tuple[Any, ...], then: tuple[Any, ...]) -> list[Any]:
    return list(dict.fromkeys([*first, *then]))


def _read(path: str, at_most: int) -> str:
    """The text of a file of the site ("" when it is not a plain file, a symbolic link, or
    cannot be read), up to ``at_most`` characters."""
    if os.path.islink(path) or not os.path.isfile(path):
        return ""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read(at_most)
    except OSError:
        return ""


def _head(path: str) -> str:
    return _read(path, _READ_AT_MOST)


def _toml(path: str) -> dict[str, Any]:
    """The table of a TOML configuration file ({} when it is missing, too large or not TOML)."""
    import tomllib

    text = _read(path, _CONFIG_AT_MOST + 1)
    if not text or len(text) > _CONFIG_AT_MOST:
        return {}
    try:
        return tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError):
        return {}


def build_output(kind: str | None) -> tuple[str, ...]:
    """The build-output folders of generator ``kind`` (None: not known), relative to its root."""
    return CONVENTIONS[kind].build if kind else UNKNOWN_BUILD
