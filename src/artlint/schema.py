"""JSON Schemas for front matter: loaded, checked against their metaschema and compiled once."""

from __future__ import annotations

import copy
import hashlib
import json
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from functools import cache
from importlib.util import find_spec
from typing import Any, NamedTuple
from urllib.parse import quote, unquote, urldefrag, urljoin, urlsplit

from .diagnostic import UsageError

#: In the cache folder: the schemas found valid, by content and by jsonschema's own files.
VERDICTS = "schemas.json"


def check_all(paths: Iterable[str], folder: str | None, root: str | None = None) -> None:
    """Check each schema file of ``paths`` against its metaschema: UsageError for one that
    cannot be read or is not valid, or that refers (``$ref``) to anything but schema files
    of the project under ``root``, whether or not a file uses it in this run.

    ``folder``, the cache folder, remembers the schemas found valid: a run that validates no
    front matter (every file proved unchanged) then does not load jsonschema at all.
    """
    global _PROJECT
    if root is not None:
        from .paths import project_of

        _PROJECT = project_of(root)
    paths = sorted(paths)
    memo, known = _verdicts(folder)
    fresh = []
    for path in paths:
        key = _key(b"\0".join(item.data for item in closure(path)))
        if key in known:
            _VALID.add(key)  # validator need not check it again
            continue
        validator(path)
        fresh.append(key)
    if memo is not None and fresh:
        _save_verdicts(memo, known[-63:] + fresh)  # (the earlier list bounded to 63 keys)


def _verdicts(folder: str | None) -> tuple[str | None, list[str]]:
    """The verdicts file of the cache ``folder`` (None: no folder, or one that cannot be
    used) and the keys of the schemas it lists as valid; the folder's secret salts the keys."""
    if not folder:
        return None, []
    from .store.folder import claim, read_small, secret

    global _SALT
    memo: str | None = os.path.join(folder, VERDICTS)
    try:
        claim(folder)
    except OSError:  # a folder that cannot be used: the cache says so itself
        memo = None
    _SALT = secret(folder)  # a list committed into the folder vouches for nothing
    try:
        return memo, [k for k in json.loads((memo and read_small(memo, 1 << 20)) or b"[]") if isinstance(k, str)]
    except (ValueError, TypeError, RecursionError):  # none yet, or damaged: check again
        return memo, []


def _save_verdicts(memo: str, valid: list[str]) -> None:
    """Write the keys of the schemas found valid, sorted and each once, to the verdicts file ``memo``."""
    from .files import write_atomic

    try:  # atomically: a concurrent run reads the old list or the new one
        write_atomic(memo, [json.dumps(sorted(set(valid))).encode()])
    except OSError:  # a read-only cache folder: the cache says so itself
        pass


#: The keys of the schemas found valid, by this run or by an earlier one.
_VALID: set[str] = set()


#: What the verdicts of this cache folder are keyed with besides (cache.secret).
_SALT = b""


def _key(data: bytes) -> str:
    """What a schema's verdict stands on: its content and jsonschema's (and the cache's secret)."""
    return hashlib.sha256(data + _library() + _SALT).hexdigest()


@cache
def _library() -> bytes:
    """What stands for the version of jsonschema and its metaschemas: their files' stats."""
    parts = []
    for name in ("jsonschema", "jsonschema_specifications"):
        spec = find_spec(name)
        try:
            st = os.stat(spec.origin) if spec is not None and spec.origin else None
        except OSError:
            st = None
        parts.append(f"{name}:{st.st_size}:{st.st_mtime_ns}" if st is not None else f"{name}:-")
    parts.append("patterns:re2")  # (verdicts from before patterns were checked for RE2 do not count)
    return "\0".join(parts).encode()


#: The project's folder (real path: config.project_of), set by ``check_all``: $refs reach schema files below it.
_PROJECT: str | None = None
#: The largest schema file read (checked before reading it).
MAX_SCHEMA_BYTES = 4 * 1024 * 1024
#: Keywords whose values are data, not subschemas: a "$ref" key in them is not a reference.
_DATA_KEYWORDS = frozenset({"const", "enum", "examples", "default"})


class Loaded(NamedTuple):
    """A schema file as read: its file URI (of its real path), bytes and JSON value."""

    uri: str
    data: bytes
    schema: Any


def digest(path: str) -> str:
    """A hash of the schema file at ``path`` and of every schema file it refers to."""
    try:
        return hashlib.sha256(b"\0".join(item.data for item in closure(path))).hexdigest()
    except UsageError:
        return "unreadable"


def closure(path: str) -> list[Loaded]:
    """The schema file at ``path``, then every schema file its ``$ref``s reach, each once
    (see ``names``)."""
    return list({id(item): item for _, item in names(path)}.values())


def names(path: str) -> tuple[tuple[str, Loaded], ...]:
    """The schema file at ``path`` and every schema file its ``$ref``s reach, under each
    URI a reference names them by (their file's, or one of an ``$id``): see ``_names``."""
    try:
        st = os.stat(path)
        version = (st.st_size, st.st_mtime_ns)
    except OSError:
        version = (-1, -1)  # (_read says why)
    return _names(path, version, _PROJECT)


@cache
def _names(path: str, version: tuple[int, int], project: str | None) -> tuple[tuple[str, Loaded], ...]:
    """``names``, read again where the file (``version``: its size and time) or the project changed.

    jsonschema would fetch a ``$ref`` to a URL and read any ``file:`` URI: a schema (content
    of a pull request like any other) could make the run request any address or read any
    local JSON file. References are resolved here instead, before anything is validated:
    within the same document, to a metaschema that jsonschema ships, or to a ``.json`` file
    whose real path is in the project (the folder of a schema named outside it). Anything
    else is a UsageError.
    """
    real = os.path.realpath(path)
    area = _area(real, project)
    first = _read(path, real)
    found: dict[str, Loaded] = {first.uri: first}
    todo = [first]
    while todo:
        item = todo.pop()
        base, ids, refs = _references(item)
        for ref in refs:
            target = urldefrag(urljoin(base, ref)).url
            if not target or target in ids or target in found or _metaschema(target):
                continue
            file = _local(item.uri, ref)
            if file is None:
                raise UsageError(f"schema {path}: $ref {_quoted(ref)} refused: schemas are never fetched; a $ref may name another schema file of the project only")
            loaded = _project_file(path, ref, file, area)
            if loaded.uri not in found:
                found[loaded.uri] = loaded
                todo.append(loaded)
            found.setdefault(target, loaded)  # (named through an $id: jsonschema looks it up by that)
    return tuple(found.items())


def _area(real: str, project: str | None) -> str:
    """The folder a schema's references must stay in."""
    if project is None:
        from .paths import project_of

        project = project_of(os.path.dirname(real))
    return project if _inside(real, project) else os.path.dirname(real)


def _inside(real: str, folder: str) -> bool:
    return real == folder or real.startswith(folder.rstrip(os.sep) + os.sep)


def _quoted(text: str) -> str:
    return json.dumps(text[:200])  # (quotes and control characters escaped)


def _read(path: str, real: str) -> Loaded:
    """The schema file at ``path`` (UsageError where it is too large, not read or not JSON)."""
    try:
        with open(path, "rb") as f:
            st = os.fstat(f.fileno())
            if not stat.S_ISREG(st.st_mode):
                raise UsageError(f"schema {path}: not a regular file")
            if st.st_size > MAX_SCHEMA_BYTES:
                raise UsageError(f"schema {path}: larger than {MAX_SCHEMA_BYTES // (1024 * 1024)} MB")
            data = f.read(MAX_SCHEMA_BYTES + 1)
        schema = json.loads(data)
    except OSError as err:
        raise UsageError(f"schema {path}: cannot be read: {err.strerror or err}") from None
    except (ValueError, RecursionError) as err:
        raise UsageError(f"schema {path}: not valid JSON: {err}") from None
    if not isinstance(schema, (dict, bool)):
        raise UsageError(f"schema {path}: a JSON Schema must be an object or a boolean")
    return Loaded("file://" + pathname2url(real), data, schema)


def _references(item: Loaded) -> tuple[str, set[str], list[str]]:
    """A schema document's base URI, the URIs its ``$id``s name, and its references."""
    schema = item.schema
    base = item.uri
    if isinstance(schema, dict) and isinstance(schema.get("$id") or schema.get("id"), str):
        base = urljoin(item.uri, schema.get("$id") or schema["id"])
    ids, refs = {urldefrag(base).url, item.uri}, list[str]()
    for node in _nodes(schema):
        for key in ("$id", "id"):
            if isinstance(node.get(key), str):
                ids.add(urldefrag(urljoin(base, node[key])).url)
        refs.extend(node[key] for key in ("$ref", "$dynamicRef", "$recursiveRef") if isinstance(node.get(key), str))
    return base, ids, refs


def _nodes(schema: Any) -> Iterator[dict[str, Any]]:
    """Every object of a schema that may be a subschema (not the data of const, enum …)."""
    return (node for _, node in _nodes_at(schema))


def _nodes_at(schema: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """``_nodes``, each with its JSON pointer."""
    stack = [("", schema)]
    while stack:
        pointer, node = stack.pop()
        if isinstance(node, dict):
            yield pointer, node
            stack.extend((f"{pointer}/{_escaped(k)}", v) for k, v in node.items() if k not in _DATA_KEYWORDS and isinstance(v, (dict, list)))
        elif isinstance(node, list):
            stack.extend((f"{pointer}/{i}", v) for i, v in enumerate(node) if isinstance(v, (dict, list)))


def _escaped(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def _check_patterns(path: str, files: list[Loaded]) -> None:
    """UsageError for a ``pattern`` or ``patternProperties`` key that RE2 cannot run (see linear)."""
    from . import linear

    for item in files:
        for pointer, node in _nodes_at(item.schema):
            found = [("/pattern", node["pattern"])] if isinstance(node.get("pattern"), str) else []
            if isinstance(node.get("patternProperties"), dict):
                found += [(f"/patternProperties/{_escaped(k)}", k) for k in node["patternProperties"]]
            for where, pattern in found:
                try:
                    linear.compile(pattern)
                except linear.Unsupported as err:
                    name = path if item is files[0] else f"{path} (through {url2pathname(urlsplit(item.uri).path)})"
                    raise UsageError(f"schema {name}: the pattern at {_quoted(pointer + where)} {err}") from None


def _metaschema(uri: str) -> bool:
    """Whether ``uri`` names a metaschema that jsonschema ships (never fetched)."""
    from jsonschema_specifications import REGISTRY

    return uri in REGISTRY or uri.rstrip("#") in REGISTRY


def pathname2url(path: str) -> str:
    """``urllib.request.pathname2url`` without importing urllib.request (its HTTP machinery
    is a tenth of a one-file run's start-up); Windows keeps the standard one."""
    if os.name == "nt":
        from nturl2path import pathname2url as windows

        return windows(path)
    return quote(path)


def url2pathname(url: str) -> str:
    """The inverse of ``pathname2url``."""
    if os.name == "nt":
        from nturl2path import url2pathname as windows

        return windows(url)
    return unquote(url)


def _local(uri: str, ref: str) -> str | None:
    """The file ``ref`` names relative to the schema file at ``uri`` (None: not a file)."""
    if urlsplit(ref).scheme not in ("", "file"):
        return None
    parts = urlsplit(urldefrag(urljoin(uri, ref)).url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return None
    return url2pathname(parts.path)


def _project_file(path: str, ref: str, file: str, area: str) -> Loaded:
    """The schema file a reference names, where it is one of the project's."""
    if not _file_name(file):
        raise UsageError(f"schema {path}: $ref {_quoted(ref)} refused: not a file name; a $ref may name another schema file of the project only")
    real = os.path.realpath(file)
    why = ""
    if not _inside(real, area):
        why = "a file outside the project"
    elif not real.endswith(".json"):
        why = "not a .json schema file"
    elif not os.path.isfile(real):
        why = "no such schema file"
    if why:
        raise UsageError(f"schema {path}: $ref {_quoted(ref)} refused: {why}; a $ref may name another schema file of the project only")
    return _read(file, real)


def _file_name(path: str) -> bool:
    """Whether the system could take ``path`` as a file name (no NUL byte, no lone surrogate)."""
    try:
        return b"\0" not in os.fsencode(path)
    except UnicodeError:
        return False


def _refuse(uri: str) -> Any:
    """The registry's retrieval: nothing is fetched or read beyond ``closure``'s files."""
    from referencing.exceptions import NoSuchResource

    raise NoSuchResource(ref=uri)  # type: ignore[call-arg]  # (an attrs class whose fields mypy does not see)


@cache
def validator(path: str) -> Any:
    """The compiled validator (with format checking) of the schema file at ``path``.

    Raises UsageError when the file cannot be read, is not JSON or is not a valid schema.
    """
    # jsonschema imports rfc3987_syntax, when installed, for the iri formats; it compiles
    # a Lark grammar on import, about 4 s. Front matter has no use for iri: keep it out.
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
    import jsonschema
    from jsonschema.validators import validator_for
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    from . import linear

    linear.use_in_jsonschema()
    files = closure(path)
    schema = files[0].schema
    resources = [(uri, Resource.from_contents(item.schema, default_specification=DRAFT202012)) for uri, item in names(path)]
    cls = validator_for(schema, default=jsonschema.Draft202012Validator)
    key = _key(b"\0".join(item.data for item in files))
    formats = copy.deepcopy(cls.FORMAT_CHECKER)
    formats.checks("regex")(linear.is_regex)  # (jsonschema's own compiles with re, which may overflow the stack)
    if key not in _VALID:  # (checking it against its metaschema takes longer than the rest of a one-file run's validation)
        try:
            cls.check_schema(schema, format_checker=formats)  # type: ignore[call-arg]  # (the protocol omits it)
        except jsonschema.SchemaError as err:
            where = "/".join(str(p) for p in err.absolute_path) or "(root)"
            raise UsageError(f"schema {path}: not a valid JSON Schema at {where}: {err.message}") from None
        _check_patterns(path, files)
        _VALID.add(key)
    registry: Any = Registry(retrieve=_refuse).with_resources(resources)  # type: ignore[call-arg]  # (as NoSuchResource)
    if isinstance(schema, dict) and not isinstance(schema.get("$id"), str) and not isinstance(schema.get("id"), str):
        # relative references resolve against the file (jsonschema's base would be "")
        schema = {**schema, ("id" if cls in (jsonschema.Draft3Validator, jsonschema.Draft4Validator) else "$id"): files[0].uri}
    return cls(schema, registry=registry, format_checker=formats)
