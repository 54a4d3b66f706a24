"""JSON Schemas for front matter: loaded, checked against their metaschema and compiled once."""

from __future__ import annotations

import json
import sys
from functools import lru_cache
from typing import Any

from .diagnostic import UsageError


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
            schema = json.loads(f.read())
    except OSError as err:
        raise UsageError(f"schema {path}: cannot be read: {err.strerror or err}") from None
    except ValueError as err:
        raise UsageError(f"schema {path}: not valid JSON: {err}") from None
    if not isinstance(schema, (dict, bool)):
        raise UsageError(f"schema {path}: a JSON Schema must be an object or a boolean")
    cls = validator_for(schema, default=jsonschema.Draft202012Validator)
    try:
        cls.check_schema(schema)
    except jsonschema.SchemaError as err:
        where = "/".join(str(p) for p in err.absolute_path) or "(root)"
        raise UsageError(f"schema {path}: not a valid JSON Schema at {where}: {err.message}") from None
    return cls(schema, format_checker=cls.FORMAT_CHECKER)
