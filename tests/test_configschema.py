"""The shipped JSON Schema of the configuration: in sync with the code, accepts the
repository's own artlint.toml, rejects what the configuration loader rejects."""

from __future__ import annotations

import json
import tomllib
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from artlint import config, configschema, registry
from artlint.diagnostic import UsageError
from conftest import REPO

RULES = registry.load()


@pytest.fixture(scope="module")
def shipped() -> dict:
    return json.loads(resources.files("artlint").joinpath("artlint.schema.json").read_text(encoding="utf-8"))


def errors(schema: dict, table: dict) -> list[str]:
    return [e.message for e in jsonschema.Draft7Validator(schema).iter_errors(table)]


def test_the_shipped_schema_is_what_the_code_makes(shipped: dict) -> None:
    assert shipped == json.loads(configschema.render(RULES)), "run: python -m artlint.configschema --write"
    jsonschema.Draft7Validator.check_schema(shipped)


def test_every_key_the_loader_knows_is_in_the_schema(shipped: dict) -> None:
    shared = {key for rule in configschema.builtin(RULES).values() for key in configschema._options(rule)}
    assert set(shipped["properties"]) == config._TOP_KEYS | shared


def test_the_repositorys_own_configuration_is_valid(shipped: dict) -> None:
    table = tomllib.loads((REPO / "artlint.toml").read_text(encoding="utf-8"))
    assert errors(shipped, table) == []


@pytest.mark.parametrize(
    "text",
    [
        'exclud = ["tests/**"]\n',  # a misspelled key
        "[rules.alt-length]\nmx = 3\n",  # a misspelled option
        "[rules.alt-lenght]\nmax = 3\n",  # a misspelled rule
        '[rules.alt-length]\nseverity = "fatal"\n',
        '[rules.alt-length]\nmax = "long"\n',  # a wrong type
        '[collections.a]\nschema = "x.json"\n',  # a collection without paths
        'respect-gitignore = "yes"\n',
    ],
)
def test_what_the_loader_refuses_the_schema_refuses(shipped: dict, text: str, tmp_path: Path) -> None:
    table = tomllib.loads(text)
    assert errors(shipped, table) != []
    with pytest.raises(UsageError):
        config.from_table(table, str(tmp_path), RULES)


def test_options_by_type() -> None:
    from artlint.rule import FilePath, Regex

    assert configschema.type_schema(tuple[Regex, ...]) == {"type": "array", "items": {"type": "string", "format": "regex"}}
    assert configschema.type_schema(FilePath | None) == {"type": "string"}
    assert configschema.type_schema(tuple[tuple[str, str], ...])["items"] == {"type": "array", "items": [{"type": "string"}] * 2, "minItems": 2, "maxItems": 2}
    assert configschema.type_schema(dict[str, str]) == {"type": "object", "additionalProperties": {"type": "string"}}
