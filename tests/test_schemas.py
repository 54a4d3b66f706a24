"""The shipped schemas are valid draft 2020-12 and accept what the real site publishes."""

from __future__ import annotations

import json
import subprocess
import sys
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


def test_a_run_that_validates_nothing_does_not_load_jsonschema_and_a_broken_schema_is_still_found(tmp_path: Path) -> None:
    (tmp_path / "artlint.toml").write_text('schema = "s.json"\n')
    (tmp_path / "s.json").write_text('{"type": "object", "required": ["title"]}')
    (tmp_path / "a.md").write_text("---\ntitle: A title\n---\n\nText.\n")
    probe = "import sys\nfrom artlint.cli import main\ncode = main()\nprint('exit', code, 'jsonschema' in sys.modules)\n"

    def run() -> str:
        return subprocess.run([sys.executable, "-c", probe, "check", "--format", "json", "."], cwd=tmp_path, capture_output=True, text=True).stdout.splitlines()[-1]

    assert run() == "exit 0 True"  # the first run checks the file and the schema, and remembers the schema
    assert (tmp_path / ".artlint_cache" / "CACHEDIR.TAG").is_file()
    assert run() == "exit 0 False"  # the file is proved unchanged; the schema is known valid
    (tmp_path / "s.json").write_text('{"type": "objekt"}')  # an edit the cache has not seen
    assert run() == "exit 2 True"


def test_a_schema_known_valid_is_not_checked_against_its_metaschema_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from artlint import schema

    checked: list[object] = []
    real = jsonschema.Draft202012Validator.check_schema.__func__  # type: ignore[attr-defined]
    monkeypatch.setattr(jsonschema.Draft202012Validator, "check_schema", classmethod(lambda cls, s, **kw: (checked.append(s), real(cls, s, **kw))[1]))
    path, folder = tmp_path / "s.json", str(tmp_path / "cache")
    path.write_text('{"type": "object"}')

    def new_run(check_first: bool = True) -> None:  # what a new process knows: the cache folder
        monkeypatch.setattr(schema, "_VALID", set())
        validator.cache_clear()
        if check_first:
            schema.check_all([str(path)], folder)
        assert list(validator(str(path)).iter_errors("a string")) != []  # a working validator

    new_run()
    assert checked == [{"type": "object"}]  # checked once, and remembered
    new_run()
    assert checked == [{"type": "object"}]  # known valid: not checked again
    path.write_text('{"type": "array"}')
    new_run()
    assert checked[1:] == [{"type": "array"}]  # another schema: checked
    new_run(check_first=False)  # not proven in this process: checked
    assert checked[2:] == [{"type": "array"}]
    validator.cache_clear()
