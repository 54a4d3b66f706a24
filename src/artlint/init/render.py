"""The text of what ``artlint init`` writes: the configuration (TOML, commented) and the
schemas (JSON). Everything from the content — folder names, keys — is escaped here."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def toml_string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    out = []
    for c in text:
        if c in '"\\':
            out.append("\\" + c)
        elif c == "\n":
            out.append("\\n")
        elif c == "\t":
            out.append("\\t")
        elif ord(c) < 0x20 or ord(c) == 0x7F:
            out.append(f"\\u{ord(c):04X}")
        elif 0xD800 <= ord(c) <= 0xDFFF:  # a lone surrogate (a file name that is not UTF-8)
            out.append("\\uFFFD")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def toml_key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else toml_string(key)


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + " }" if value else "{}"
    return "[" + ", ".join(toml_value(v) for v in value) + "]"


def plain(text: str) -> str:
    """``text`` on one line, without control characters (for a comment or the terminal)."""
    return re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]", " ", text)


def comment(text: str) -> str:
    """``text`` as a TOML comment line."""
    return "# " + plain(text)


@dataclass
class Table:
    """A TOML table: its header (None for the top level), keys with their comments."""

    header: str | None
    notes: list[str] = field(default_factory=list)
    entries: list[tuple[str, Any, str]] = field(default_factory=list)  # key, value, comment

    def set(self, key: str, value: Any, why: str = "") -> None:
        self.entries.append((key, value, why))

    def render(self) -> str:
        lines = [] if self.header is None else [f"[{self.header}]"]
        lines += [comment(n) for n in self.notes]
        for key, value, why in self.entries:
            if why:
                lines.append(comment(why))
            lines.append(f"{toml_key(key)} = {toml_value(value)}")
        return "\n".join(lines)


def header(*parts: str) -> str:
    return ".".join(toml_key(p) for p in parts)


def document(tables: Sequence[Table]) -> str:
    """The whole configuration; checked to load back as TOML (a bug here must not write a
    file that artlint then refuses)."""
    import tomllib

    text = "\n\n".join(t.render() for t in tables if t.entries or t.notes) + "\n"
    tomllib.loads(text)
    return text


def schema_json(schema: dict[str, Any]) -> bytes:
    """The schema as UTF-8 JSON (with escapes where a key or value holds a lone surrogate)."""
    try:
        return (json.dumps(schema, indent=2, ensure_ascii=False) + "\n").encode()
    except UnicodeEncodeError:
        return (json.dumps(schema, indent=2) + "\n").encode()
