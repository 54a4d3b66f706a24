"""The shipped schemas are valid draft 2020-12 and accept what the real site publishes."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from artlint.schema import validator
from conftest import REPO

SCHEMAS = sorted((REPO / "schemas").glob("*.schema.json"))


@pytest.mark.parametrize("path", SCHEMAS, ids=[p.name for p in SCHEMAS])
def test_valid_against_the_2020_12_metaschema(path: Path) -> None:
    schema = json.loads(path.read_text())
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    meta = jsonschema.Draft202012Validator(jsonschema.Draft202012Validator.META_SCHEMA)
    assert list(meta.iter_errors(schema)) == []


def test_formats_are_really_checked() -> None:
    v = validator(str(REPO / "schemas" / "article.schema.json"))
    base = {"title": "t", "description": "d", "publishedOn": "2025-01-02"}
    assert not list(v.iter_errors(base))
    assert [e.validator for e in v.iter_errors({**base, "publishedOn": "2025-02-30"})] == ["format"]
    assert [e.validator for e in v.iter_errors({**base, "mainImage": "https://x.org/a b.png"})] == ["format"]
    assert not list(v.iter_errors({**base, "mainImage": "/images/a.png", "thumbnail": ""}))
