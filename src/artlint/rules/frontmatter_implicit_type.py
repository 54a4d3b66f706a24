from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeAlias

from ..document import Document
from ..fix import Edit, Fix, offsets
from ..frontmatter import Scalar, path_text
from ..rule import FilePath, Finding, Rule
from ..source import lazy_re

_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_NULL = "tag:yaml.org,2002:null"
#: Plain scalars that YAML 1.1 (PyYAML) and YAML 1.2 (js-yaml, most site generators) read differently.
_AMBIGUOUS = lazy_re(r"^(?:[yY]es|YES|[nN]o|NO|[oO]n|ON|[oO]ff|OFF|[yYnN]|[+-]?0[0-7]+|[+-]?[0-9](?=[0-9_]*_)[0-9_]*(?:\.[0-9_]*)?|[+-]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?)$")


@dataclass(frozen=True)
class Options:
    schema: FilePath | None = None  # where the schema expects a string, any unquoted non-string is reported


def _node_at(schema: Any, path: tuple[str | int, ...]) -> Any:
    """The schema's node at ``path`` (following properties/items); None off the schema."""
    node = schema
    for part in path:
        if not isinstance(node, dict):
            return None
        if isinstance(part, int):
            node = node.get("items", {})
        else:
            node = node.get("properties", {}).get(part, node.get("additionalProperties", {}))
    return node


def _expects_string(schema: Any, path: tuple[str | int, ...]) -> bool:
    """Whether the schema's type at ``path`` (following properties/items) is a string."""
    node = _node_at(schema, path)
    if not isinstance(node, dict):
        return False
    types = node.get("type")
    return types == "string" or (isinstance(types, list) and "string" in types and len(types) == 1) or ("format" in node and types is None)


def _reading(scalar: Scalar, value: Any) -> str:
    if scalar.tag == _BOOL:
        return f"the boolean {'true' if value else 'false'}"
    if scalar.tag == _NULL:
        return "null (no value)"
    if scalar.tag == _INT:
        return f"the number {value}"
    return f"the number {value!r}"


class FrontmatterImplicitType(Rule):
    id = "frontmatter-implicit-type"
    severity = "warning"
    tags = ("frontmatter",)
    defers_to = ("frontmatter-schema",)
    Options: TypeAlias = Options
    fix_example = ("article.md", "---\ntitle: An article\ncountry: no\nzip: 01234\n---\n")
    summary = "YAML silently turned an unquoted value into a boolean, number or null (no, 1.10, 0123, ~)."
    explanation = """
YAML 1.1, which PyYAML follows, turns unquoted `yes`/`no`/`on`/`off` into booleans,
`0123` into the octal number 83, `1_000` into 1000 and `1:30` into 90 — while YAML 1.2
parsers (js-yaml, used by most site generators) read the same text differently. Those are
always reported. Where the schema expects a string, any unquoted value that YAML read as
something else is reported too: `1.10` (the float 1.1), `~` (null), `no` (false). Quote
the value to keep it text. A value the schema already rejects is left to
`frontmatter-schema`.

Fix (safe): the value is quoted as written (in single quotes where it holds a `"` or a
backslash), unless the schema wants something else than a string there.

Bad:

```yaml
country: no
version: 1.10
zip: 01234
```

Good:

```yaml
country: "no"
version: "1.10"
zip: "01234"
```
"""

    def cache_inputs(self, options: Options) -> Iterable[str]:
        from ..schema import digest

        return (digest(options.schema),) if options.schema else ()  # with the schemas it refers to

    def check(self, doc: Document, options: Options) -> Iterator[Finding]:
        fm = doc.frontmatter
        if fm is None or fm.data is None or fm.format != "yaml":
            return
        schema = None
        if options.schema:
            from ..schema import validator

            schema = validator(options.schema).schema
        for path, scalar in fm.scalars.items():
            if scalar.style is not None or scalar.tag not in (_BOOL, _INT, _FLOAT, _NULL):
                continue
            value = _value_at(fm.data, path)
            ambiguous = _AMBIGUOUS.match(scalar.text) is not None and scalar.text not in ("0",)
            if not ambiguous and not (schema is not None and _expects_string(schema, path)):
                continue
            where = path_text(path)
            message = f"{where}: YAML reads the unquoted {scalar.text} as {_reading(scalar, value)}"
            if ambiguous:
                message += " (YAML 1.2 parsers read it otherwise)"
            span = fm.values[path]
            yield Finding(span, message + f"; quote it to keep the text: '{scalar.text}'", _quote(doc, span, scalar.text, schema, path))


def _quote(doc: Document, span: Any, text: str, schema: Any, path: tuple[str | int, ...]) -> Fix | None:
    """Quote the value where it is written as its plain text on one line (not an alias, an
    anchored or tagged node; not an empty value: no value is not the empty string), and the
    schema, if any, takes a string there."""
    start, end = offsets(doc.index, span)
    if not text or span.line != span.end_line or doc.text[start:end] != text or (schema is not None and not _takes_string(schema, path)):
        return None
    quoted = "'" + text.replace("'", "''") + "'" if '"' in text or "\\" in text else f'"{text}"'
    return Fix.safe(f"quote the value: {quoted}", Edit(start, end, quoted))


def _takes_string(schema: Any, path: tuple[str | int, ...]) -> bool:
    """Whether the schema lets a string stand at ``path``: no type said, or one with string."""
    node = _node_at(schema, path)
    if not isinstance(node, dict):
        return True
    types = node.get("type")
    return types is None or types == "string" or (isinstance(types, list) and "string" in types)


def _value_at(data: Any, path: tuple[str | int, ...]) -> Any:
    for part in path:
        data = data[part]
    return data
