from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TypeAlias
from urllib.parse import unquote, urlsplit

from ..document import Document
from ..fields import field as fm_field, image_names
from ..markup import markup
from ..rule import FilePath, Finding, Rule
from ..source import Span


@dataclass(frozen=True)
class Options:
    static_dirs: tuple[FilePath, ...] = ()  # folders served at the site root, e.g. ["public"]
    images: dict[str, str] = field(default_factory=dict)
    site_url: str = ""  # the site's own address (https://example.org): its URLs are checked on disk like /paths
    image_shortcodes: dict[str, tuple[str, str]] = field(default_factory=dict)  # shortcode name → [source parameter, alt parameter]


@lru_cache(maxsize=4096)
def _names(folder: str) -> frozenset[str]:
    try:
        return frozenset(os.listdir(folder))
    except OSError:
        return frozenset()


def exists_exactly(base: str, relative: str, top: str | None = None, boundary: str | None = None) -> bool:
    """Whether ``relative`` exists under ``base`` with exactly this case, as on Linux.

    ``..`` never climbs above ``top`` (default: ``base``, as a web server keeps ``/..`` at
    its root), and a path whose real location leaves ``boundary`` (default: ``top``) does not
    exist: what lies beyond the site is neither served nor probed.
    """
    stop = os.path.realpath(top or base)
    limit = os.path.realpath(boundary or top or base)
    path = base
    for part in relative.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if os.path.realpath(path) != stop:
                path = os.path.dirname(path)
            continue
        if part not in _names(path):
            return False
        path = os.path.join(path, part)
    real = os.path.realpath(path)
    return (real == limit or real.startswith(limit.rstrip(os.sep) + os.sep)) and os.path.exists(path)


def _site_boundary(folder: str, static_dirs: tuple[str, ...]) -> str:
    """The folder a relative image path may not climb above: the one that holds the article
    and every static folder (both lie in the project)."""
    try:
        return os.path.commonpath([folder, *(os.path.abspath(d) for d in static_dirs)])
    except ValueError:  # (different drives)
        return folder


def own_host(netloc: str, site_url: str) -> bool:
    """Whether ``netloc`` is the host of ``site_url`` (a www. prefix aside)."""
    if not site_url:
        return False
    try:
        site = urlsplit(site_url if "//" in site_url else "//" + site_url).hostname or ""
        host = urlsplit("//" + netloc).hostname or ""
    except ValueError:
        return False
    return bool(site) and host.removeprefix("www.") == site.lower().removeprefix("www.")


class ImageLocalMissing(Rule):
    id = "image-local-missing"
    severity = "error"
    tags = ("images", "links")
    Options: TypeAlias = Options
    summary = "A local image path that does not exist under the static folders (case-sensitive)."
    explanation = """
A root-relative image path (`/images/a.png`) must exist under one of the folders the site
serves at its root (option `static-dirs`, e.g. `["public"]`); a relative path
(`img/a.png`) must exist beside the article. The comparison is case-sensitive, as on the
Linux server: `/images/Photo.JPG` that resolves on a case-insensitive laptop fails in CI.
Off when no static folder is configured. With `site-url` (the site's own address, e.g.
`https://example.org`), an image URL on that host — `https://example.org/x.png` or
`//example.org/wp-content/x.png` — is the site's own file and is checked like `/x.png`;
other absolute URLs (a CDN) are not files and are left to `image-url`.

Bad (with `static-dirs = ["public"]` and only `public/images/harbour.jpg`):

```html
<img src="/images/Harbour.jpg" alt="The harbour">
```

Good:

```html
<img src="/images/harbour.jpg" alt="The harbour">
```
"""

    def prepare(self, doc: Document, options: Options) -> None:
        doc.image_shortcodes.update(options.image_shortcodes)

    def check(self, doc: Document, options: Options) -> Iterator[Finding]:
        if not options.static_dirs:
            return
        refs = _references(doc, options)
        folder = os.path.dirname(os.path.abspath(doc.path))
        site = _site_boundary(folder, options.static_dirs)
        for value, span in refs:
            path = _local_path(value, options.site_url)
            where = None if path is None else _missing_from(path, folder, site, options.static_dirs)
            if where is not None:
                yield Finding(span, f"image {value} does not exist in {where} (paths are case-sensitive)")


def _references(doc: Document, options: Options) -> list[tuple[str, Span]]:
    """Every image URL of the body, then each non-empty front-matter image field."""
    refs: list[tuple[str, Span]] = [(u.value, u.span) for image in markup(doc).images for u in image.urls]
    for name in image_names(doc, options.images):
        image = fm_field(doc, name)
        if image is not None and isinstance(image.value, str) and image.value.strip():
            refs.append((image.value, image.span))
    return refs


def _local_path(value: str, site_url: str) -> str | None:
    """The decoded path of a reference to a file of the site, or None for another site's URL,
    a URL with another scheme, an unparsable one (image-url reports it) or a bare fragment."""
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return None
    if parts.netloc and own_host(parts.netloc, site_url) and parts.scheme in ("", "http", "https"):
        parts = parts._replace(scheme="", netloc="")  # the site itself: a root-relative path
    if parts.scheme or parts.netloc or not parts.path:
        return None
    return unquote(parts.path)


def _missing_from(path: str, folder: str, site: str, static_dirs: tuple[str, ...]) -> str | None:
    """Where ``path`` was looked for in vain — the static folders for a root-relative path,
    the article's folder for a relative one — or None where it exists."""
    if path.startswith("/"):
        if any(exists_exactly(d, path, d, site) for d in static_dirs):
            return None
        return " or ".join(os.path.basename(d.rstrip("/")) + "/" for d in static_dirs)
    if exists_exactly(folder, path, site):
        return None
    return "the article's folder"
