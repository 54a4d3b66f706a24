from __future__ import annotations

from collections.abc import Iterator

from ..document import Document
from ..fields import field, image_names
from ..markup import markup
from ..rule import OnlineRule
from ..source import Span
from ._online import OnlineOptions, absolute


class ImageUnreachable(OnlineRule):
    id = "image-unreachable"
    severity = "error"
    tags = ("images", "links", "online")
    Options = OnlineOptions
    image = True
    summary = "An image URL that does not answer with an image (online, opt-in: --online)."
    explanation = """
With `--online` on the command line (never from the configuration, which a pull request can
change), every distinct absolute image URL of the run — `<img>`,
`srcset`, `<picture>`, Markdown images, front-matter image fields — is requested once (HEAD,
or a ranged GET where HEAD is refused) and reported when it fails: a network error, a
timeout (`--online-timeout`, default 10 s), HTTP 4xx/5xx, a redirect loop or too many
redirects, or an answer that is not `image/*`. Addresses that are loopback, private,
link-local (the cloud metadata service), multicast or reserved are refused before any
connection, also after redirects, unless `--allow-private-host HOST` (or
`allow-private-hosts`) names them. Successful answers are cached for `cache-ttl` seconds;
errors are retried on the next run.

Bad:

```html
<img src="https://cdn.example.org/deleted.png" alt="A harbour">
```

Good:

```html
<img src="https://cdn.example.org/harbour.png" alt="A harbour">
```
"""

    def collect(self, doc: Document, options: OnlineOptions) -> Iterator[tuple[str, Span]]:
        for image in markup(doc).images:
            for url in image.urls:
                if absolute(url.value):
                    yield url.value.strip(), url.span
        for name in image_names(doc, options.images):
            f = field(doc, name)
            if f is not None and isinstance(f.value, str) and absolute(f.value):
                yield f.value.strip(), f.span
