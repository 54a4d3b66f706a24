from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TypeAlias

from ..document import Document
from ..fields import text_field
from ..rule import Finding, Rule


@dataclass(frozen=True)
class Options:
    min: int = 50
    max: int = 160
    field: str = "description"


class DescriptionLength(Rule):
    id = "description-length"
    severity = "warning"
    tags = ("frontmatter", "seo")
    Options: TypeAlias = Options
    summary = "The SEO description is shorter than `min` or longer than `max` characters (50–160)."
    explanation = """
The description (option `field`, default `description`) is what search engines and social
previews show under the title. Under `min` characters (default 50) it says too little;
over `max` (default 160) it is cut off mid-sentence in the results. The defaults follow
SEO advice for articles; a site whose descriptions are long by design (a docs site that
shows them as page summaries) sets its own `min`/`max`, per collection if need be
(`artlint init` proposes them from the site's own descriptions).

Bad:

```yaml
description: "News."
```

Good:

```yaml
description: "The harbour festival drew over 40,000 visitors this weekend, a record, with fireworks and a tall-ship parade."
```
"""

    def check(self, doc: Document, options: Options) -> Iterator[Finding]:
        f = text_field(doc, options.field)
        if f is None:
            return
        n = len(f.value.strip())
        if n > options.max:
            yield Finding(f.span, f"{options.field} is {n} characters long; search results cut it after about {options.max} (option max)")
        elif n < options.min:
            yield Finding(f.span, f"{options.field} is {n} characters long; write at least {options.min} (option min)")
