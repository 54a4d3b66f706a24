"""JSON Schemas for front matter: loaded, checked against their metaschema and compiled once."""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterable
from functools import lru_cache
from importlib.util import find_spec
from typing import Any

from .diagnostic import UsageError

#: In the cache folder: the schemas found valid, by content and by jsonschema's own files.
VERDICTS = "schemas.json"


def check_all(paths: Iterable[str], folder: str | None) -> None:
    """Check each schema file of ``paths`` against its metaschema: UsageError for one that
    cannot be read or is not valid, whether or not a file uses it in this run.

    ``folder``, the cache folder, remembers the schemas found valid: a run that validates no
    front matter (every file proved unchanged) then does not load jsonschema at all.
    """
    paths = sorted(paths)
    memo = os.path.join(folder, VERDICTS) if folder else None
    known: list[str] = []
    if memo is not None:
        try:
            with open(memo, encoding="utf-8") as f:
                known = [k for k in json.load(f) if isinstance(k, str)]
        except (OSError, ValueError, TypeError):  # none yet, or damaged: check again
            pass
    fresh = []
    for path in paths:
        try:
            with open(path, "rb") as f:
                key = _key(f.read())
        except OSError:
            key = ""
        if key and key in known:
            _VALID.add(key)  # validator need not check it again
            continue
        validator(path)  # the error for a file that cannot be read is validator's
        fresh.append(key)
    if memo is not None and folder is not None and fresh:
        from .cache import prepare
        from .files import write_atomic

        try:  # atomically: a concurrent run reads the old list or the new one
            prepare(folder)
            write_atomic(memo, [json.dumps(sorted(set(known[-63:] + fresh))).encode()])
        except OSError:  # a read-only cache folder: the cache says so itself
            pass


#: The keys of the schemas found valid, by this run or by an earlier one.
_VALID: set[str] = set()


def _key(data: bytes) -> str:
    """What a schema's verdict stands on: its content and jsonschema's."""
    return hashlib.sha256(data + _library()).hexdigest()


@lru_cache(maxsize=None)
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
    return "\0".join(parts).encode()


@lru_cache(maxsize=None)
def validator(path: str) -> Any:
    """The compiled validator (with format checking) of the schema file at ``path``.

    Raises UsageError when the file cannot be read, is not JSON or is not a valid schema.
    """
    # jsonschema imports rfc3987_syntax, when installed, for the iri formats; it compiles
    # a Lark grammar on import, about 4 s. Front matter has no use for iri: keep it out.
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
    import jsonschema
    from jsonschema.validators import validator_for

    try:
        with open(path, "rb") as f:
            data = f.read()
        schema = json.loads(data)
    except OSError as err:
        raise UsageError(f"schema {path}: cannot be read: {err.strerror or err}") from None
    except ValueError as err:
        raise UsageError(f"schema {path}: not valid JSON: {err}") from None
    if not isinstance(schema, (dict, bool)):
        raise UsageError(f"schema {path}: a JSON Schema must be an object or a boolean")
    cls = validator_for(schema, default=jsonschema.Draft202012Validator)
    key = _key(data)
    if key not in _VALID:  # (checking it against its metaschema takes longer than the rest of a one-file run's validation)
        try:
            cls.check_schema(schema)
        except jsonschema.SchemaError as err:
            where = "/".join(str(p) for p in err.absolute_path) or "(root)"
            raise UsageError(f"schema {path}: not a valid JSON Schema at {where}: {err.message}") from None
        _VALID.add(key)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)
