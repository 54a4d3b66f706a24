"""The parsing floor: what any tool doing artlint's job must at least do, and no more.

Reads each file, splits the front matter, loads it with PyYAML's C loader, validates it
with a compiled jsonschema validator, and parses the body: html5lib for HTML bodies,
markdown-it for Markdown ones. No rules, no positions, no report.

    python bench/floor.py FOLDER SCHEMA [--jobs N]
"""

from __future__ import annotations

import json
import sys
from multiprocessing import Pool
from pathlib import Path

import html5lib
import jsonschema
import yaml
from markdown_it import MarkdownIt

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_state: dict[str, object] = {}


def init(schema_path: str) -> None:
    schema = json.loads(Path(schema_path).read_text())
    _state["validator"] = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    _state["md"] = MarkdownIt("commonmark")


def one(path: str) -> int:
    text = Path(path).read_bytes().decode("utf-8")
    parts = text.split("---", 2) if text.startswith("---") else ["", "", text]
    data = yaml.load(parts[1], Loader=LOADER) if len(parts) == 3 else None
    errors = 0
    if isinstance(data, dict):
        data = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}
        errors += sum(1 for _ in _state["validator"].iter_errors(data))  # type: ignore[attr-defined]
    body = parts[2] if len(parts) == 3 else text
    if body.lstrip().startswith(("<", "```")):
        html5lib.HTMLParser(namespaceHTMLElements=False).parseFragment(body.replace("```html", "", 1), container="div")
    else:
        _state["md"].parse(body)  # type: ignore[attr-defined]
    return errors


def main() -> None:
    folder, schema = sys.argv[1], sys.argv[2]
    jobs = int(sys.argv[sys.argv.index("--jobs") + 1]) if "--jobs" in sys.argv else 1
    files = sorted(str(p) for p in Path(folder).rglob("*.md"))
    if jobs == 1:
        init(schema)
        total = sum(one(f) for f in files)
    else:
        with Pool(jobs, initializer=init, initargs=(schema,)) as pool:
            total = sum(pool.map(one, files, chunksize=64))
    print(f"{len(files)} files, {total} schema errors")


if __name__ == "__main__":
    main()
