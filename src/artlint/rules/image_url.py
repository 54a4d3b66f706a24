from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TypeAlias
from urllib.parse import urlsplit

from ..document import Document
from ..fields import field as fm_field, image_names
from ..markup import Url, markup
from ..rule import Finding, Rule

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Options:
    allowed_schemes: tuple[str, ...] = ("https",)  # e.g. add "http" or "data"
    allowed_hosts: tuple[str, ...] = ()  # when set, absolute URLs must use one ("*.example.com" for subdomains)
    allowed_extensions: tuple[str, ...] = ()  # when set, e.g. ["jpg", "png", "webp"]
    images: dict[str, str] = field(default_factory=dict)
    protocol_relative: bool = True  # accept //host/x.png (the page's own scheme: https on an https site)
    image_shortcodes: dict[str, tuple[str, str]] = field(default_factory=dict)  # shortcode name → [source parameter, alt parameter]


def url_problem(url: str, options: Options) -> str | None:
    """What is wrong with an image URL, or None."""
    problem = _text_problem(url)
    if problem:
        return problem
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on an invalid port
    except ValueError as err:
        return f"the image URL cannot be parsed: {err}"
    scheme = parts.scheme.lower()
    hostname = parts.hostname
    return _scheme_problem(url, scheme, hostname, options) or _host_problem(hostname, options) or _extension_problem(parts.path, scheme, options)


def _text_problem(url: str) -> str | None:
    """Emptiness, spaces around, control characters or whitespace inside."""
    if not url.strip():
        return "the image URL is empty"
    if url != url.strip():
        return "the image URL has spaces around it"
    if _CONTROL.search(url):
        return "the image URL holds a control character"
    if re.search(r"\s", url):
        return "the image URL holds whitespace: encode it as %20"
    return None


def _scheme_problem(url: str, scheme: str, hostname: str | None, options: Options) -> str | None:
    """A protocol-relative URL where refused, a scheme not allowed, a web URL without a host."""
    if url.startswith("//") and not options.protocol_relative:
        return "a protocol-relative URL (//host/…): write https://"
    if scheme and scheme not in options.allowed_schemes:
        if scheme == "http":
            return "an insecure http:// image URL: use https:// (browsers block mixed content)"
        return f"the {scheme}: scheme is not allowed for images (allowed: {', '.join(options.allowed_schemes)})"
    if scheme and not hostname and scheme in ("http", "https"):
        return "the image URL has no host"
    return None


def _host_problem(hostname: str | None, options: Options) -> str | None:
    """A host outside ``allowed_hosts``, where that is set (``*.example.com`` for subdomains)."""
    host = (hostname or "").lower()
    if host and options.allowed_hosts and not any(host == h.lower() or (h.startswith("*.") and host.endswith(h[1:].lower())) for h in options.allowed_hosts):
        return f"the image host {host} is not allowed (allowed: {', '.join(options.allowed_hosts)})"
    return None


def _extension_problem(path: str, scheme: str, options: Options) -> str | None:
    """A file extension outside ``allowed_extensions``, where that is set (data: URLs apart)."""
    if options.allowed_extensions and scheme != "data":
        name = path.rsplit("/", 1)[-1]
        ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if ext not in {e.lower().lstrip(".") for e in options.allowed_extensions}:
            return f"the image extension {'.' + ext if ext else '(none)'} is not allowed (allowed: {', '.join(options.allowed_extensions)})"
    return None


class ImageUrl(Rule):
    id = "image-url"
    severity = "error"
    tags = ("images", "links")
    Options: TypeAlias = Options
    summary = "An image reference that is not a valid https URL or path (empty, spaces, http:, a refused scheme …)."
    explanation = """
Every image reference — `<img src>`, each `srcset` candidate, `<picture><source srcset>`,
Markdown images (reference-style too) and front-matter image fields — must be a valid URL or
path: not empty, no whitespace or control characters, parseable, and with a scheme in `allowed-schemes` (default: https only; `http:` is
mixed content, `javascript:`, `data:` and `file:` are refused unless allowed). A protocol-relative URL (`//cdn.example.org/x.png`) takes
the page's scheme — https on an https site — and is accepted unless
`protocol-relative = false`. Options
`allowed-hosts` and `allowed-extensions` restrict hosts and file types. Reported at the
URL's own span. An empty front-matter image field means "no image" and is not reported.

Bad:

```html
<img src="http://cdn.example.org/a b.png" alt="A harbour">
```

Good:

```html
<img src="https://cdn.example.org/a%20b.png" alt="A harbour">
```
"""

    def prepare(self, doc: Document, options: Options) -> None:
        doc.image_shortcodes.update(options.image_shortcodes)

    def check(self, doc: Document, options: Options) -> Iterator[Finding]:
        urls: list[Url] = [url for image in markup(doc).images for url in image.urls]
        for url in urls:
            problem = url_problem(url.value, options)
            if problem:
                yield Finding(url.span, problem)
        for name in image_names(doc, options.images):
            image = fm_field(doc, name)
            if image is not None and isinstance(image.value, str) and image.value != "":
                problem = url_problem(image.value, options)
                if problem:
                    yield Finding(image.span, f"{name}: {problem}")
