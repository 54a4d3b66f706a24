from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TypeAlias

from ..corpus import Corpus, Facts
from ..document import Document
from ..fields import IMAGE_FIELDS, alt_field_of, field as fm_field, image_pairs
from ..markup import markup
from ..rule import CorpusRule, Finding


@dataclass(frozen=True)
class Options:
    images: dict[str, str] = field(default_factory=dict)  # image field → alt field (default: those each file uses)
    alt_from: str = ""  # a field the generator takes the alt text from when an image has none (Jekyll themes: "title")
    image_shortcodes: dict[str, tuple[str, str]] = field(default_factory=dict)  # shortcode name → [source parameter, alt parameter]


class AltMissing(CorpusRule):
    id = "alt-missing"
    severity = "error"
    tags = ("images", "accessibility")
    Options: TypeAlias = Options
    summary = "An image without alt text: <img> without alt, ![](src), or a front-matter image without its alt field."
    explanation = """
Screen readers read an image's alt text; without it they read the file name, or nothing.
Reported: an `<img>` without an `alt` attribute; a Markdown image with empty alt text
(`![](photo.jpg)`); a front-matter image whose alt field is empty or absent. `alt=""` on an
`<img>` is the valid way to mark a decorative image and is not reported; an empty
front-matter image means "no image"; but an empty alt *field* is reported: the site has a
field to describe this image, so it must be described.

Which front-matter fields are images and where their alt text is:

- option `images` (image field → alt field): these pairs, an absent alt field reported;
- without it, the image fields a file has (`mainImage`, `thumbnail`, `image`, `heroImage`,
  `cover`), each with the alt field the file uses for it (`altTextMainImage`,
  `heroImageAlt`, `image_alt` …, or one `altText`/`alt` for all). No alt field is demanded
  that the site may not have: an image without one is reported only when most of the
  articles of its folder that have this image use the same alt field;
- option `alt-from` (e.g. `"title"`, as Jekyll themes do): the generator shows that field
  as the alt text of an image without its own; reported only when that field is empty.

Images written otherwise are images too: an MDX `<img>`, `<Image>` or `<Picture>` (or any
JSX element with `src` and `alt`) without `alt`, and an image shortcode without its alt
parameter — Hugo's `{{< figure src="…" alt="…" >}}` (its `caption` serves as alt),
`{{< img >}}`, Eleventy's `{% image "src", "alt" %}` and `{% Img src="…", alt="…" %}`,
Jekyll's `{% include image.html src="…" alt="…" %}`. Option `image-shortcodes` declares a
site's own (shortcode name → [source parameter, alt parameter]; a number is a positional
argument), e.g. `image-shortcodes = { photo = ["file", "description"] }`.

Bad:

```markdown
---
mainImage: "/img/harbour.jpg"
altTextMainImage: ""
---

<img src="/img/crowd.jpg">
![](/img/boats.jpg)
```

Good:

```markdown
---
mainImage: "/img/harbour.jpg"
altTextMainImage: "Sailing boats moored in the old harbour at dusk"
---

<img src="/img/crowd.jpg" alt="A crowd watching fireworks over the harbour">
![Fishing boats at the quay](/img/boats.jpg)
```
"""

    def prepare(self, doc: Document, options: Options) -> None:
        doc.image_shortcodes.update(options.image_shortcodes)

    def check(self, doc: Document, options: Options) -> Iterator[Finding]:
        for image in markup(doc).images:
            if image.kind == "img" and image.alt is None:
                yield Finding(image.span, "<img> without an alt attribute: describe the image, or write alt=\"\" if it is decorative")
            elif image.kind == "jsx" and image.alt is None:
                yield Finding(image.span, f"<{image.name}> without an alt attribute: describe the image, or write alt=\"\" if it is decorative")
            elif image.kind == "shortcode" and image.alt is None:
                yield Finding(image.span, f"image shortcode {image.name} without alt text: add alt=\"what the image shows\"")
            elif image.kind == "markdown" and not (image.alt or "").strip():
                yield Finding(image.span, "Markdown image with empty alt text: write ![what the image shows](…)")
        yield from self.front_matter(doc, options)

    def front_matter(self, doc: Document, options: Options) -> Iterator[Finding]:
        """Front-matter images whose alt field is absent (configured pairs) or empty."""
        reported: set[str] = set()  # an alt field shared by two images is reported once
        for pair in image_pairs(doc, options.images):
            image = fm_field(doc, pair.image)
            if image is None or _blank(image.value):
                continue  # no image
            alt = fm_field(doc, pair.alt) if pair.alt else None
            if alt is not None and not _blank(alt.value):
                continue  # described
            if options.alt_from:
                if _blank_field(doc, options.alt_from):
                    yield Finding((alt or image).span, f"{image.name} has no alt text, and {options.alt_from}, which the site shows as its alt text, is empty")
            elif alt is not None:  # the site has a field to describe this image: empty is not decorative
                if alt.name not in reported:
                    reported.add(alt.name)
                    yield Finding(alt.span, f"{pair.alt} is empty, but {image.name} is set: describe the image")
            elif pair.configured:
                yield Finding(image.span, f"{image.name} has no alt text: add {pair.alt}")

    def check_corpus(self, facts: Facts, corpus: Corpus, options: Options) -> Iterator[Finding]:
        """Without configuration: an image without the alt field most of its folder's articles use."""
        if options.images or options.alt_from:
            return
        folder = os.path.dirname(facts.path)
        for image in IMAGE_FIELDS:
            value = facts.texts.get(image)
            if value is None or not value[0].strip() or alt_field_of(image, facts.texts) is not None:
                continue
            usage = corpus.memo(("alt-fields", folder), lambda: folder_alt_usage(corpus, folder)).get(image)
            if usage is None:
                continue
            total, alts = usage
            for name, n in alts.most_common(1):
                if 2 * n > total:
                    yield Finding(value[1], f"{image} has no alt text: add {name}, as {n} of the {total} articles with {image} in this folder do")


def _blank(value: object) -> bool:
    """Whether a front-matter value is no text: not a string, or a blank one."""
    return not isinstance(value, str) or not value.strip()


def _blank_field(doc: Document, name: str) -> bool:
    """Whether the front-matter field ``name`` is absent or no text."""
    source = fm_field(doc, name)
    return source is None or _blank(source.value)


def folder_alt_usage(corpus: Corpus, folder: str) -> dict[str, tuple[int, Counter[str]]]:
    """For each image field of the articles in ``folder``: how many have it set, and their alt fields."""
    keys: dict[str, set[str]] = {}
    for path, name, length in corpus.fields_in(folder):
        if length or name not in IMAGE_FIELDS:  # an empty image field is no image
            keys.setdefault(path, set()).add(name)
    usage: dict[str, tuple[int, Counter[str]]] = {}
    for names in keys.values():
        for image in IMAGE_FIELDS:
            if image in names:
                total, alts = usage.get(image, (0, Counter()))
                alt = alt_field_of(image, names)
                if alt:
                    alts[alt] += 1
                usage[image] = (total + 1, alts)
    return usage
