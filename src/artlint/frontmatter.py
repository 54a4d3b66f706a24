"""Front matter: safe YAML (and TOML) loading that keeps the position of every key and value.

The loader records facts — the data, where each key and value is written, duplicate
keys, the first problem met — and never raises on content. Rules make the judgements.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

from .source import Region, Span, lazy_re

Path = tuple[str | int, ...]

#: The most nodes the loaded data may have once aliases are expanded. Real front matter
#: has tens; a "billion laughs" document has billions. Anything that walks the data as a
#: tree (JSON conversion, jsonschema) would expand aliases, so the bound is on that size.
MAX_EXPANDED_NODES = 100_000


class Problem(NamedTuple):
    """Something wrong with the input, already at its file position."""

    message: str
    span: Span


class Scalar(NamedTuple):
    """How a scalar value was written: its resolved tag, style (None = plain) and text."""

    tag: str
    style: str | None
    text: str


@dataclass(slots=True)
class FrontMatter:
    format: str  # "yaml" or "toml"
    region: Region  # between the delimiter lines
    open: Span  # the opening delimiter
    closed: bool = True
    data: dict[str, Any] | None = None  # None when it did not load
    problem: Problem | None = None
    keys: dict[Path, Span] = field(default_factory=dict)
    values: dict[Path, Span] = field(default_factory=dict)
    scalars: dict[Path, Scalar] = field(default_factory=dict)
    duplicates: list[tuple[Path, Span]] = field(default_factory=list)

    def value_span(self, path: Path) -> Span:
        """The span of the value at ``path``, or of its nearest written ancestor."""
        return _nearest(self.values, path, self.open)

    def key_span(self, path: Path) -> Span:
        """The span of the key at ``path``, or of its nearest written ancestor."""
        return _nearest(self.keys, path, self.open)


def _nearest(spans: dict[Path, Span], path: Path, default: Span) -> Span:
    """The span of ``path`` in ``spans``, else of its nearest ancestor there, else ``default``."""
    while path:
        if path in spans:
            return spans[path]
        path = path[:-1]
    return default


def path_text(path: Path) -> str:
    """``("images", 0, "alt")`` → ``images[0].alt``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def show(value: Any, limit: int = 60) -> str:
    """A short, readable rendering of a front-matter value."""
    if isinstance(value, str):
        text = value if len(value) <= limit else value[: limit - 1] + "…"
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n").replace("\r", "\\r") + "'"
    try:
        text = json.dumps(value, ensure_ascii=False, default=str)
    except (ValueError, RecursionError):
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---------------------------------------------------------------------------- YAML


@lru_cache(maxsize=1)
def _loader_class() -> type:
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[misc, valid-type]
        """SafeLoader without the implicit timestamp resolver: dates stay the text written."""

    Loader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in base.yaml_implicit_resolvers.items()
    }
    # Explicitly tagged timestamps and binaries keep their text too: JSON has neither type.
    for tag in ("timestamp", "binary"):
        Loader.add_constructor(f"tag:yaml.org,2002:{tag}", lambda loader, node: loader.construct_scalar(node))
    return Loader


_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_CONTAINER_TAGS = {_MAP, _SEQ, "tag:yaml.org,2002:set", "tag:yaml.org,2002:omap", "tag:yaml.org,2002:pairs"}


class _Stop(Exception):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


_HINTS = (
    ("escape", "in double quotes a backslash starts an escape: use single quotes, or write \\\\"),
    ("hexadecimal", "in double quotes a backslash starts an escape: use single quotes, or write \\\\"),
    ("tab", "indent with spaces, never tabs"),
    ("mapping values are not allowed", "quote a value that contains ': '"),
)


def _yaml_error_problem(err: Exception, region: Region) -> Problem:
    problem = (getattr(err, "problem", None) or str(err).splitlines()[0]).replace("hexdecimal", "hexadecimal")
    message, mark = _yaml_message(err, problem, region)
    quote = _unclosed_quote(region.text, mark.index if mark is not None else len(region.text))
    if quote is not None:
        # A quote left open swallows the following lines; YAML notices only later.
        noticed = f" (the parser stopped at line {region.span(mark.index).line}: {problem})" if mark is not None else ""
        return _problem_at(f"YAML syntax error: the quoted value that starts here is not closed on its line{noticed}", region, quote)
    return _problem_at(message + _hint(problem), region, mark.index if mark is not None else 0)


def _yaml_message(err: Exception, problem: str, region: Region) -> tuple[str, Any]:
    """The message of a YAML syntax error, and the mark of the place to show it at."""
    mark = getattr(err, "problem_mark", None)
    context_mark = getattr(err, "context_mark", None)
    context = getattr(err, "context", None)
    if mark is None or (mark.index >= len(region.text.rstrip()) and context_mark is not None):
        # "unexpected end of stream": the place to fix is where the open construct started.
        message = f"YAML syntax error: {problem} {context} that started here" if context else f"YAML syntax error: {problem}"
        return message, context_mark or mark
    message = f"YAML syntax error: {problem}"
    if context:
        started = f" that started at line {region.span(context_mark.index).line}" if context_mark is not None else ""
        message += f" ({context}{started})"
    return message, mark


def _hint(problem: str) -> str:
    """How to fix a common YAML mistake the ``problem`` names ("" for the others)."""
    return next((f"; {hint}" for needle, hint in _HINTS if needle in problem), "")


def _unsafe(tag: str) -> str:
    return f"YAML tag {tag.replace('tag:yaml.org,2002:', '!!')} is not allowed: front matter is loaded safely, and no object is ever constructed"


_QUOTED_VALUE = lazy_re(r"""^[ \t]*(?:-[ \t]+)?[^\s#'"\[{][^:#\r\n]*:[ \t]+(["'])""", re.MULTILINE)


def _unclosed_quote(text: str, before: int) -> int | None:
    """The offset of the first quote that opens a value and is not closed on its line."""
    for m in _QUOTED_VALUE.finditer(text, 0, before):
        quote, i = m.group(1), m.end()
        while i < len(text) and text[i] not in "\r\n":
            if text[i] == "\\" and quote == '"':
                i += 2
                continue
            if text[i] == quote:
                if quote == "'" and text.startswith("''", i):
                    i += 2
                    continue
                break
            i += 1
        else:
            if m.start(1) < before:
                return m.start(1)
    return None


def _problem_at(message: str, region: Region, offset: int) -> Problem:
    offset = min(max(offset, 0), len(region.text))
    end = offset + 1 if offset < len(region.text) and region.text[offset] not in "\r\n" else offset
    return Problem(message, region.span(offset, end))


def _node_span(region: Region, node: Any) -> Span:
    start, end = node.start_mark.index, node.end_mark.index
    # Block scalars and plain multi-line scalars end after their line break: trim it.
    while end > start and region.text[end - 1] in "\r\n \t":
        end -= 1
    return region.span(start, end)


def _span_maker(region: Region) -> Callable[[Any], Span]:
    """``_node_span`` for the nodes of ``region``, from the marks' own lines and columns
    where they are the file's: YAML also breaks lines at U+0085, U+2028 and U+2029 (a text
    with one of those goes through offsets), and a span trimmed of its line break does too."""
    text = region.text
    if "\x85" in text or "\u2028" in text or "\u2029" in text:
        return lambda node: _node_span(region, node)
    line, column = region.index.position(region.start)

    def span(node: Any) -> Span:
        start, end = node.start_mark, node.end_mark
        if end.index > start.index and text[end.index - 1] in "\r\n \t":
            return _node_span(region, node)
        return Span(line + start.line, start.column + (column if start.line == 0 else 1), line + end.line, end.column + (column if end.line == 0 else 1))

    return span


def _expanded_size(root: Any) -> int:
    """Node count of the data once aliases are expanded, computed on the DAG in linear time."""
    from yaml.nodes import MappingNode, SequenceNode

    size: dict[int, int] = {}
    stack: list[tuple[Any, bool]] = [(root, False)]
    visiting: set[int] = set()
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            visiting.discard(key)
            children = _children(node)
            total = 1
            for child in children:
                total += size[id(child)]
            size[key] = min(total, MAX_EXPANDED_NODES + 1)
            continue
        if key in size:
            continue
        if key in visiting:
            raise _Stop("YAML alias refers to a node that contains it (a recursive structure)", node.start_mark.index)
        visiting.add(key)
        stack.append((node, True))
        if isinstance(node, (MappingNode, SequenceNode)):
            stack.extend((child, False) for child in _children(node) if id(child) not in size)
    return size[id(root)]


def _children(node: Any) -> list[Any]:
    from yaml.nodes import MappingNode, SequenceNode

    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def _key_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    return str(value)


def parse_yaml(fm: FrontMatter) -> None:
    """Fill ``fm`` from its YAML text. Never raises on content."""
    import yaml
    from yaml.nodes import MappingNode, ScalarNode, SequenceNode

    region = fm.region
    loader = _loader_class()(region.text)
    try:
        root = loader.get_single_node()
        if root is None:
            fm.data = {}
            return
        if not isinstance(root, MappingNode) or root.tag not in (_MAP, "tag:yaml.org,2002:set"):
            kind = "a list" if isinstance(root, SequenceNode) else "a single value" if isinstance(root, ScalarNode) else f"tagged {root.tag}"
            fm.problem = Problem(f"front matter must be a mapping of keys to values, not {kind}", _node_span(region, root))
            return
        # Without an alias (*name) the data is no larger than the text: only then count.
        if "*" in region.text and _expanded_size(root) > MAX_EXPANDED_NODES:
            raise _Stop(f"YAML aliases expand to more than {MAX_EXPANDED_NODES:,} nodes (an alias bomb?)", root.start_mark.index)
        fm.data = _build(loader, root, fm)
    except _Stop as stop:
        fm.problem = _problem_at(stop.message, region, stop.offset)
    except yaml.MarkedYAMLError as err:
        fm.problem = _yaml_error_problem(err, region)
    except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError) as err:
        fm.problem = _problem_at(f"YAML error: {err}", region, 0)
    finally:
        loader.dispose()
    if fm.problem is not None:
        fm.data = None


def _build(loader: Any, root: Any, fm: FrontMatter) -> dict[str, Any]:
    """Construct JSON-like data from the node graph iteratively, recording positions.

    An aliased node is built once and shared, as PyYAML does; its positions are those of
    the anchored node.
    """
    return _Builder(loader, fm).build(root)


class _Builder:
    """Builds the data of one front matter from its node graph (``_build``), recording the
    spans of keys and values, how scalars were written and the duplicate keys in ``fm``."""

    def __init__(self, loader: Any, fm: FrontMatter) -> None:
        self.loader, self.fm = loader, fm
        self.node_span = _span_maker(fm.region)
        self.made: dict[int, Any] = {}  # by node id: what each node was built into

    def build(self, root: Any) -> dict[str, Any]:
        data: dict[str, Any] = {}
        self.made[id(root)] = data
        stack: list[tuple[Any, Any, Path]] = [(root, data, ())]
        while stack:
            node, obj, path = stack.pop()
            items: list[tuple[str | int, Any]] = list(enumerate(node.value)) if isinstance(obj, list) else self._entries(node, path)
            is_set = node.tag == "tag:yaml.org,2002:set"
            for key, child in items:
                value, fill = self._make(child, path + (key,))
                if isinstance(obj, list):
                    obj.append(value)
                else:
                    obj[key] = None if is_set else value
                if fill:
                    stack.append((child, value, path + (key,)))
        return data

    def _entries(self, node: Any, path: Path) -> list[tuple[str | int, Any]]:
        """The keys and value nodes of a mapping node, merge keys (``<<``) merged as
        SafeLoader does; the keys' spans recorded, and the duplicates written."""
        from yaml.nodes import ScalarNode

        self._duplicates(node, path)  # before merging: a merged key may be overridden
        self.loader.flatten_mapping(node)
        items: list[tuple[str | int, Any]] = []
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise _Stop("YAML error: a mapping key must be a plain value, not a list or mapping", key_node.start_mark.index)
            name = _key_text(self._scalar(key_node))
            self.fm.keys[path + (name,)] = self.node_span(key_node)
            items.append((name, value_node))
        return items

    def _duplicates(self, node: Any, path: Path) -> None:
        """Record the keys a mapping node writes twice (merge keys aside)."""
        from yaml.nodes import ScalarNode

        seen: set[str] = set()
        for key_node, _ in node.value:
            if isinstance(key_node, ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
                text = _key_text(self._scalar(key_node))
                if text in seen:
                    self.fm.duplicates.append((path + (text,), self.node_span(key_node)))
                seen.add(text)

    def _make(self, node: Any, path: Path) -> tuple[Any, bool]:
        """The value of ``node`` and whether it is a new container still to fill."""
        from yaml.nodes import MappingNode, ScalarNode

        self.fm.values[path] = self.node_span(node)
        made = self.made
        if id(node) in made:
            return made[id(node)], False
        if isinstance(node, ScalarNode):
            self.fm.scalars[path] = Scalar(node.tag, node.style or None, node.value)
            made[id(node)] = value = self._scalar(node)
            return value, False
        if node.tag not in _CONTAINER_TAGS:
            raise _Stop(_unsafe(node.tag), node.start_mark.index)
        made[id(node)] = value = {} if isinstance(node, MappingNode) else []
        return value, True

    def _scalar(self, node: Any) -> Any:
        """A scalar node's value; an unsafe or unknown tag, or a bad value (``!!int x``),
        stops the load — nothing is ever executed."""
        try:
            return self.loader.construct_object(node, deep=True)
        except Exception as err:
            if node.tag.startswith("tag:yaml.org,2002:python/") or "constructor for the tag" in str(err):
                raise _Stop(_unsafe(node.tag), node.start_mark.index) from None
            problem = getattr(err, "problem", None) or str(err)
            raise _Stop(f"YAML error: {problem}", node.start_mark.index) from None


# ---------------------------------------------------------------------------- TOML

_TOML_AT = lazy_re(r"\(at line (\d+), column (\d+)\)")
_TOML_KEY = lazy_re(r"""[ \t]*((?:[A-Za-z0-9_-]+|"[^"\r\n]*"|'[^'\r\n]*')(?:[ \t]*\.[ \t]*(?:[A-Za-z0-9_-]+|"[^"\r\n]*"|'[^'\r\n]*'))*)[ \t]*=[ \t]*""")
#: A table header; its name ends with a character that is not blank (a lazy name before
#: [ \t]* scanned the rest of a long run of blanks at each of its characters: quadratic).
_TOML_TABLE = lazy_re(r"""[ \t]*(\[\[?)[ \t]*([^\]\r\n]*[^\]\s])[ \t]*\]\]?""")
_LINES = lazy_re(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_TOML_PART = lazy_re(r"""[A-Za-z0-9_-]+|"[^"\r\n]*"|'[^'\r\n]*'""")


def _toml_parts(dotted: str) -> tuple[str, ...]:
    return tuple(p[1:-1] if p[0] in "\"'" else p for p in _TOML_PART.findall(dotted))


def parse_toml(fm: FrontMatter) -> None:
    """Fill ``fm`` from its TOML text (``tomllib``); key positions come from the source lines."""
    import tomllib

    region = fm.region
    try:
        raw = tomllib.loads(region.text)
    except tomllib.TOMLDecodeError as err:
        text = str(err)
        m = _TOML_AT.search(text)
        message = "TOML syntax error: " + _TOML_AT.sub("", text).strip()
        if m:
            line, column = int(m.group(1)), int(m.group(2))
            offset = region.index.offset(region.line + line - 1, column) - region.start
        else:
            offset = len(region.text)
        fm.problem = _problem_at(message, region, offset)
        return
    except RecursionError:
        fm.problem = _problem_at("TOML error: nested too deeply", region, 0)
        return
    fm.data = _jsonable(raw)
    table: Path = ()
    arrays: dict[Path, int] = {}
    pos = 0
    for line in _LINES.findall(region.text):
        header = _TOML_TABLE.match(line)
        key = None if header else _TOML_KEY.match(line)
        if header:
            table = _toml_parts(header.group(2))
            if header.group(1) == "[[":
                arrays[table] = arrays.get(table, -1) + 1
                table = table + (arrays[table],)
        elif key:
            path = table + _toml_parts(key.group(1))
            start = pos + key.start(1)
            fm.keys.setdefault(path, region.span(start, pos + key.end(1)))
            value = line[key.end() :].rstrip("\r\n")
            comment = value.find(" #")
            if comment > 0 and value.count('"', 0, comment) % 2 == 0 and value.count("'", 0, comment) % 2 == 0:
                value = value[:comment]
            vstart = pos + key.end()
            fm.values.setdefault(path, region.span(vstart, vstart + len(value.rstrip())))
        pos += len(line)


def _jsonable(value: Any) -> Any:
    """TOML data with dates and times as ISO text (what YAML front matter gives as well)."""
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, (_dt.date, _dt.time)):  # datetime is a date
        return value.isoformat()
    return value
