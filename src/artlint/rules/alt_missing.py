from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from ..document import Document
from ..fields import DEFAULT_IMAGES, front_images
from ..markup import markup
from ..rule import Finding, Rule


@dataclass(frozen=True)
class Options:
    images: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_IMAGES))  # image field → alt field
    image_shortcodes: dict[str, tuple[str, str]] = field(default_factory=dict)  # shortcode name → [source parameter, alt parameter]


class AltMissing(Rule):
    id = "alt-missing"
    severity = "error"
    tags = ("images", "accessibility")
    Options = Options
    summary = "An image without alt text: <img> without alt, ![](src), or a front-matter image without its alt field."
    explanation = """
Screen readers read an image's alt text; without it they read the file name, or nothing.
Reported: an `<img>` without an `alt` attribute; a Markdown image with empty alt text
(`![](photo.jpg)`); a front-matter image (option `images`, image field → alt field) whose
alt field is empty or absent — on the alt field, or on the image when the alt field is
absent. `alt=""` on an `<img>` is the valid way to mark a decorative image and is not
reported; an empty front-matter image means "no image".

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
        for image, alt_name, alt in front_images(doc, options.images):
            if image is None or not isinstance(image.value, str) or not image.value.strip():
                continue
            if alt is None:
                yield Finding(image.span, f"{image.name} has no alt text: add {alt_name}")
            elif not isinstance(alt.value, str) or not alt.value.strip():
                yield Finding(alt.span, f"{alt_name} is empty, but {image.name} is set: describe the image")
