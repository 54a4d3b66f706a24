from __future__ import annotations

from collections.abc import Iterator

from ..document import Document
from ..markup import markup
from ..rule import Finding, NoOptions, Rule


class MarkdownInHtml(Rule):
    id = "markdown-in-html"
    severity = "warning"
    tags = ("body", "images")
    summary = "Markdown written inside an HTML block: CommonMark shows it as literal text (![](x.png) on the page)."
    explanation = """
An HTML block in Markdown (a line that starts with `<div>`, `<td>`, `<figure>` …) runs to
the next blank line, and CommonMark renders everything in it as raw HTML: a Markdown image
or link written there is not turned into `<img>` or `<a>` — the reader sees `![](x.png)`.
Reported at the Markdown image or link; the image still gets the alt and URL checks.
Leave a blank line between the HTML tag and the Markdown, or write the HTML element
(`<img src="x.png" alt="…">`). Not reported inside `<pre>`, `<script>`, `<style>`,
comments, or an element marked `markdown="1"` (kramdown renders its Markdown); MDX parses
Markdown inside JSX, so MDX files are not concerned.

Bad:

```markdown
<table><tr>
<td>![Harbour at dusk](harbour.jpg)</td>
</tr></table>
```

Good:

```markdown
<table><tr>
<td><img src="harbour.jpg" alt="Harbour at dusk"></td>
</tr></table>
```
"""

    def check(self, doc: Document, options: NoOptions) -> Iterator[Finding]:
        for found in markup(doc).literal:
            what = "a Markdown image" if found.kind == "image" else "a Markdown link"
            yield Finding(found.span, f"{what} inside an HTML block is shown as literal text: leave a blank line after the HTML tag, or write it as HTML")
