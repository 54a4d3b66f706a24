from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeAlias

from .. import linear
from ..document import Document
from ..frontmatter import FrontMatter, path_text, show
from ..rule import FilePath, Finding, Rule
from ..schema import digest, validator
from ..source import Span


@dataclass(frozen=True)
class Options:
    schema: FilePath | None = None  # the JSON Schema of the front matter (collection key `schema`)


class FrontmatterSchema(Rule):
    id = "frontmatter-schema"
    severity = "error"
    tags = ("frontmatter", "schema")
    #: Rules that explain a value better than a schema's generic error (an offset, an empty
    #: alt text, a URL): where one reports, the schema's error on the same value is left out.
    defers_to = ("date-format", "date-style", "alt-missing", "image-url")
    Options: TypeAlias = Options
    summary = "The front matter does not match the JSON Schema of its collection."
    explanation = """
Validates the front matter against the collection's JSON Schema (draft 2020-12 unless the
schema names another `$schema`), with format checking on: `date`, `date-time`, `uri`,
`uri-reference`, `email` … YAML dates are validated as the text written (`2025-02-30` is
text, and not a valid `date`). Each error points at the offending value (quotes
included), one error a value (a `pattern` dump gives way to a `minLength` or `format`
error, and to a rule that explains the value: `date-format`, `date-style`, `alt-missing`,
`image-url`);
an unknown key at the key, with the closest key of the schema ("did you mean
`authors`?"); a missing required key at the opening `---`.

Bad (with a schema that requires `title` and a `date` in `publishedOn`):

```yaml
---
publishedOn: 2025-13-45
---
```

Good:

```yaml
---
title: "A title"
publishedOn: 2025-12-31
---
```
"""

    def cache_inputs(self, options: Options) -> Iterable[str]:
        return (digest(options.schema),) if options.schema else ()  # with the schemas it refers to

    def check(self, doc: Document, options: Options) -> Iterator[Finding]:
        fm = doc.frontmatter
        if not options.schema or fm is None or fm.data is None:
            return
        best: dict[tuple[Span, str], tuple[int, Finding]] = {}  # one error a value: the clearest
        for error in validator(options.schema).iter_errors(fm.data):
            rank = _RANK.get(error.validator, len(_RANK))
            for finding in describe(error, fm):
                key = (finding.span, finding.message if rank < _RANK["type"] else "")  # each missing or unknown key
                if key not in best or rank < best[key][0]:
                    best[key] = (rank, finding)
        yield from (finding for _, finding in best.values())


#: Which error of a value says the most, first: a pattern's regex dump says the least.
_RANK = {v: i for i, v in enumerate(("required", "additionalProperties", "unevaluatedProperties", "type", "enum", "const", "format", "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minItems", "maxItems"))}
_RANK["pattern"] = len(_RANK) + 1


def closest(key: str, names: Iterable[str]) -> str | None:
    """The name nearest to ``key`` by edit distance, if it is near enough to be a typo."""
    if len(key) > 64:
        return None
    limit = max(1, min(2, len(key) // 4))
    scored = [(edit_distance(key.casefold(), n.casefold(), limit), n) for n in names if abs(len(n) - len(key)) <= limit]
    near = sorted((d, n) for d, n in scored if d <= limit)
    return near[0][1] if near else None


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of ``a`` and ``b``, or ``limit + 1`` once it is sure to exceed it."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
        if min(row) > limit:
            return limit + 1
    return row[-1]


_FORMATS = {
    "date": "date (YYYY-MM-DD)",
    "date-time": "date-time (ISO 8601, e.g. 2025-01-31T09:30:00Z)",
    "time": "time",
    "uri": "absolute URI",
    "uri-reference": "URI or relative reference",
    "iri": "absolute IRI",
    "iri-reference": "IRI or relative reference",
    "email": "email address",
    "hostname": "host name",
    "ipv4": "IPv4 address",
    "ipv6": "IPv6 address",
    "uuid": "UUID",
    "regex": "regular expression",
}
_TYPES = {"string": "a string", "integer": "an integer", "number": "a number", "boolean": "a boolean (true or false)", "array": "a list", "object": "a mapping", "null": "null"}


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


def _names(items: Any) -> str:
    return " or ".join(show(i, 30) for i in items) if len(items) <= 6 else ", ".join(show(i, 30) for i in items[:6]) + ", …"


def describe(error: Any, fm: FrontMatter) -> Iterator[Finding]:
    """Plain-English findings for one jsonschema error, at the span of what it is about."""
    path = tuple(error.absolute_path)
    kind = error.validator
    if kind == "required":
        yield _missing_key(error, fm, path)
    elif kind in ("additionalProperties", "unevaluatedProperties") and isinstance(error.instance, dict):
        yield from _unknown_keys(error, fm, path)
    else:
        where = path_text(path)
        subject = f"{where}: " if where else "front matter: "
        yield Finding(fm.value_span(path), subject + _MESSAGES.get(kind, _other)(error, fm))


def _missing_key(error: Any, fm: FrontMatter, path: tuple[Any, ...]) -> Finding:
    """A required key is missing: at the opening ``---`` for a top-level key, else at its parent."""
    m = re.match(r"^'(.*)' is a required property$", error.message)
    missing = m.group(1) if m else error.message
    where = path_text(path)
    parent = f" in {where}" if where else ""
    return Finding(fm.open if not path else fm.value_span(path), f"missing required key '{missing}'{parent}")


def _unknown_keys(error: Any, fm: FrontMatter, path: tuple[Any, ...]) -> Iterator[Finding]:
    """Each key the schema does not allow, at the key, with the closest allowed key or the list."""
    schema = error.schema
    instance = error.instance
    allowed = set(schema.get("properties", {}))
    patterns = [linear.compile(p) for p in schema.get("patternProperties", {})]  # (each checked to compile: schema.validator)
    extra = [k for k in instance if k not in allowed and not any(linear.search(p, str(k)) for p in patterns)]
    hint = f"; allowed keys: {', '.join(sorted(allowed))}" if allowed and len(allowed) <= 20 else ""
    for key in extra or list(instance):
        near = closest(str(key), allowed)
        guess = f": did you mean '{near}'?" if near else hint
        yield Finding(fm.key_span(path + (key,)), f"unknown key '{path_text(path + (key,))}' is not allowed by the schema{guess}")


def _type_message(error: Any, fm: FrontMatter) -> str:
    """The wanted and the found type; for a plain YAML scalar, why YAML read it so."""
    instance = error.instance
    types = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
    wanted = " or ".join(_TYPES.get(str(t), str(t)) for t in types)
    got = "null" if instance is None else f"{_kind(instance)} {show(instance)}"
    message = f"expected {wanted}, got {got}"
    scalar = fm.scalars.get(tuple(error.absolute_path))
    if scalar is None or scalar.style is not None:
        return message
    if not scalar.text.strip() and instance is None:
        return f"expected {wanted}, but the key has no value (YAML reads nothing as null)"
    if "string" in types and not isinstance(instance, str):
        message += f": YAML read the unquoted {scalar.text} as {_kind(instance)}; quote it to keep the text: '{scalar.text}'"
    return message


def _length_message(error: Any, fm: FrontMatter) -> str:
    length = len(error.instance)
    value = error.validator_value
    bound = "at least" if error.validator == "minLength" else "at most"
    return f"{'is empty' if not length else f'{length} characters long'}; {bound} {value} character{'s' if value != 1 else ''} required"


def _items_message(error: Any, fm: FrontMatter) -> str:
    return f"{len(error.instance)} items; {'at least' if error.validator == 'minItems' else 'at most'} {error.validator_value} required"


def _bound_message(error: Any, fm: FrontMatter) -> str:
    return f"{show(error.instance)} must be {_BOUNDS[error.validator]} {error.validator_value}"


def _format_message(error: Any, fm: FrontMatter) -> str:
    return f"{show(error.instance)} is not a valid {_FORMATS.get(error.validator_value, error.validator_value)}"


def _enum_message(error: Any, fm: FrontMatter) -> str:
    return f"{show(error.instance)} is not one of {_names(error.validator_value)}"


def _const_message(error: Any, fm: FrontMatter) -> str:
    return f"{show(error.instance)} must be {show(error.validator_value)}"


def _pattern_message(error: Any, fm: FrontMatter) -> str:
    return f"{show(error.instance)} does not match the pattern {error.validator_value}"


def _other(error: Any, fm: FrontMatter) -> str:
    """Any other keyword: jsonschema's own message, shortened."""
    message: str = error.message
    return message if len(message) <= 200 else message[:199] + "…"


_BOUNDS = {"minimum": "at least", "maximum": "at most", "exclusiveMinimum": "more than", "exclusiveMaximum": "less than"}

#: The message of each jsonschema keyword, after the value's name (``date: ``).
_MESSAGES = {
    "type": _type_message,
    "format": _format_message,
    "enum": _enum_message,
    "const": _const_message,
    "minLength": _length_message,
    "maxLength": _length_message,
    "pattern": _pattern_message,
    **dict.fromkeys(_BOUNDS, _bound_message),
    "minItems": _items_message,
    "maxItems": _items_message,
}
