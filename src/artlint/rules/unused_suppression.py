from __future__ import annotations

from collections.abc import Iterator, Sequence, Set

from ..rule import Finding, NoOptions, SuppressionRule
from ..suppress import Directive, unused


class UnusedSuppression(SuppressionRule):
    id = "unused-suppression"
    severity = "warning"
    tags = ("artlint",)
    summary = "A suppression comment that suppresses nothing (or names an unknown rule)."
    explanation = """
Suppression comments silence findings: `<!-- artlint-disable RULE -->` … `<!-- artlint-enable
RULE -->`, `<!-- artlint-disable-next-line RULE -->`, `<!-- artlint-disable-line RULE -->`,
`<!-- artlint-disable-file RULE -->` in bodies (Markdown, HTML and fenced bodies alike), and
`# artlint-disable-next-line RULE` as a comment line in YAML or TOML front matter. Once the
defect is fixed the comment stays behind and would hide the next one: it is reported, as is
a comment that names an unknown rule, and one that starts `artlint-` but is no directive (a
misspelling such as `artlint-disable-lines`, which silences nothing).
(Rules that do not run on the file are not reported as unused.)

Bad (the image has its alt text now):

```html
<!-- artlint-disable-next-line alt-missing -->
<img src="/img/a.png" alt="The harbour at dusk">
```

Good:

```html
<img src="/img/a.png" alt="The harbour at dusk">
```
"""

    def check_suppressions(self, directives: Sequence[Directive], known: Set[str], enabled: Set[str], options: NoOptions) -> Iterator[Finding]:
        for span, message in unused(directives, known, enabled):
            yield Finding(span, message)
