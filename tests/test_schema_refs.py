"""Schema ``$ref``: resolved only between the schema files of the project, never fetched."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from subprocess import CompletedProcess

import pytest

Run = Callable[..., CompletedProcess[str]]
ARTICLE = "---\ntitle: 5\n---\n\nText.\n"


@pytest.fixture
def hits() -> Iterator[tuple[str, list[str]]]:
    """A server on 127.0.0.1 that answers every request with a schema and records it."""
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(self.path)
            body = b'{"type": "object", "required": ["secret"]}'
            self.send_response(200)
            self.send_header("Content-Type", "application/schema+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


def project(tmp_path: Path, schema: object, **others: object) -> Path:
    root = tmp_path / "site"
    (root / "schemas").mkdir(parents=True)
    (root / "artlint.toml").write_text('schema = "schemas/main.json"\n')
    (root / "schemas" / "main.json").write_text(json.dumps(schema))
    for name, value in others.items():
        (root / "schemas" / name.replace("_", ".")).write_text(json.dumps(value))
    (root / "a.md").write_text(ARTICLE)
    return root


def refused(result: CompletedProcess[str], needle: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("artlint: error: schema ") and "refused" in lines[0] and needle in lines[0], result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("form", ["absolute", "through-id", "dynamic", "nested"])
def test_an_http_ref_is_refused_without_a_request(tmp_path: Path, artlint: Run, hits: tuple[str, list[str]], form: str) -> None:
    url, seen = hits
    schema: dict[str, object] = {
        "absolute": {"$ref": f"{url}/s.json"},
        "through-id": {"$id": f"{url}/schemas/main.json", "$ref": "other.json"},  # no other.json in the project
        "dynamic": {"$dynamicRef": f"{url}/s.json"},
        "nested": {"type": "object", "properties": {"title": {"allOf": [{"$ref": f"{url}/s.json#/x"}]}}},
    }[form]
    root = project(tmp_path, schema)
    for args in (("check", "--format", "json"), ("check", "--no-cache", "a.md"), ("check", "--show-config", "a.md")):
        refused(artlint(*args, cwd=root), "no such schema file" if form == "through-id" else "never fetched")
    assert seen == []


def test_a_file_uri_outside_the_project_is_refused(tmp_path: Path, artlint: Run) -> None:
    secret = tmp_path / "secret.json"
    secret.write_text('{"type": "object", "required": ["the-secret-value"]}')
    root = project(tmp_path, {"$ref": secret.as_uri()})
    result = artlint("check", cwd=root)
    refused(result, "outside the project")
    assert "the-secret-value" not in result.stdout + result.stderr


def test_a_relative_ref_that_climbs_out_is_refused(tmp_path: Path, artlint: Run) -> None:
    (tmp_path / "secret.json").write_text('{"type": "object", "required": ["the-secret-value"]}')
    root = project(tmp_path, {"$ref": "../../secret.json"})
    result = artlint("check", cwd=root)
    refused(result, "outside the project")
    assert "the-secret-value" not in result.stdout + result.stderr


def test_a_symlinked_schema_that_leads_out_is_refused(tmp_path: Path, artlint: Run) -> None:
    (tmp_path / "secret.json").write_text('{"type": "object", "required": ["the-secret-value"]}')
    root = project(tmp_path, {"$ref": "linked.json"})
    (root / "schemas" / "linked.json").symlink_to(tmp_path / "secret.json")
    result = artlint("check", cwd=root)
    refused(result, "outside the project")
    assert "the-secret-value" not in result.stdout + result.stderr


@pytest.mark.parametrize("ref", ["/etc/passwd", "missing.json", "notes.txt", "file://example.org/x.json", "a%00.json", "\ud800.json", "a\u0000.json"])
def test_other_refs_are_refused(tmp_path: Path, artlint: Run, ref: str) -> None:
    root = project(tmp_path, {"$ref": ref})
    (root / "schemas" / "notes.txt").write_text("{}")
    refused(artlint("check", cwd=root), "refused")


def test_refs_between_schema_files_of_the_project_work(tmp_path: Path, artlint: Run) -> None:
    main = {"type": "object", "properties": {"title": {"$ref": "defs/common.json#/$defs/text"}, "when": {"$ref": "#/$defs/day"}}, "$defs": {"day": {"type": "string"}}}
    common = {"$defs": {"text": {"$ref": "../leaf.json"}}}
    root = project(tmp_path, main, leaf_json={"type": "string", "minLength": 3})
    (root / "schemas" / "defs").mkdir()
    (root / "schemas" / "defs" / "common.json").write_text(json.dumps(common))
    result = artlint("check", "--format", "json", cwd=root)
    assert result.returncode == 1, result.stderr
    found = [(d["rule"], d["line"]) for d in json.loads(result.stdout)]
    assert ("frontmatter-schema", 2) in found
    # an edit of a referenced file is seen (the cache key covers it)
    (root / "schemas" / "leaf.json").write_text(json.dumps({}))
    again = artlint("check", "--format", "json", cwd=root)
    assert ("frontmatter-schema", 2) not in [(d["rule"], d["line"]) for d in json.loads(again.stdout)], again.stderr
    # and a referenced file changed to refer to the network is refused although the main schema is unchanged
    (root / "schemas" / "leaf.json").write_text(json.dumps({"$ref": "https://example.org/x.json"}))
    refused(artlint("check", cwd=root), "never fetched")


def test_refs_through_an_id_map_to_the_project_files_and_metaschemas_are_known(tmp_path: Path, artlint: Run) -> None:
    main = {"$id": "https://example.org/schemas/main.json", "type": "object", "properties": {"title": {"$ref": "leaf.json"}, "meta": {"$ref": "https://json-schema.org/draft/2020-12/schema"}}}
    root = project(tmp_path, main, leaf_json={"type": "string"})
    result = artlint("check", "--format", "json", cwd=root)
    assert result.returncode == 1, result.stderr
    assert [d["rule"] for d in json.loads(result.stdout)] == ["frontmatter-schema"]
