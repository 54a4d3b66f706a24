"""``artlint init [PATH]``: read the content under PATH and write a starting configuration
(``artlint.toml``) and one JSON Schema per collection (``schemas/``), explaining each choice,
then show what a first ``artlint check`` reports with them.

Survey (generator, content folders, articles) → load each article's front matter with
artlint's own loader → per collection: schema and rule options → write → check.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from typing import Any, TextIO

from .. import sites
from ..diagnostic import UsageError
from . import options as options_, render, site
from .infer import infer_schema, passing

CONFIG_NAME = "artlint.toml"
SCHEMA_FOLDER = "schemas"
#: Collections with fewer files whose front matter loads get no schema (too little evidence).
MIN_SCHEMA_FILES = 5


#: What ``load`` gives for a file without front matter (or too large to read), and for
#: front matter that does not load.
BARE, FAILED = "bare", "failed"


def load(root: str, paths: list[str]) -> dict[str, Any]:
    """Each article's front-matter data (loaded by artlint's own loader, so dates and TOML
    behave as in a check), else BARE or FAILED, by path."""
    from ..document import load as load_document

    out: dict[str, Any] = {}
    for rel in paths:
        path = os.path.join(root, rel)
        try:
            if os.path.getsize(path) > site.MAX_FILE_SIZE:
                out[rel] = BARE
                continue
            with open(path, "rb") as f:
                doc = load_document(path, f.read())
        except OSError:
            out[rel] = BARE
            continue
        fm = doc.frontmatter
        if fm is None:
            out[rel] = BARE
        elif fm.data is None or fm.problem is not None:
            out[rel] = FAILED
        else:
            out[rel] = fm.data
    return out


def existing_config(root: str) -> str | None:
    """The configuration file at ``root`` that init would shadow or replace, if any."""
    from ..config import read_file

    for name in ("artlint.toml", "pyproject.toml"):
        path = os.path.join(root, name)
        if os.path.isfile(path):
            try:
                if name == "artlint.toml" or read_file(path) is not None:
                    return path
            except UsageError:  # a pyproject.toml artlint cannot read: not ours to judge here
                continue
    return None


def main(path: str, force: bool = False, out: TextIO | None = None, check: bool = True) -> int:
    import sys

    out = out or sys.stdout
    root = os.path.abspath(path)
    if not os.path.isdir(root):
        raise UsageError(f"{path}: not a folder")
    found = existing_config(root)
    if found and not force:
        raise UsageError(f"{os.path.relpath(found)} already holds a configuration: 'artlint init --force' replaces it (with artlint.toml)")
    said = io.StringIO()  # the explanation, printed once the files are written (a closed pipe must not stop the writing)
    plan = survey(root, said)
    targets = [(os.path.join(root, CONFIG_NAME), plan.config.encode())] + [(os.path.join(root, SCHEMA_FOLDER, f"{name}.schema.json"), render.schema_json(s)) for name, s in plan.schemas.items()]
    if not force:
        taken = [t for t, _ in targets if os.path.lexists(t)]
        if taken:
            raise UsageError(f"{os.path.relpath(taken[0])} exists: 'artlint init --force' replaces it")
    _write(targets)
    out.write(said.getvalue())
    print(f"Wrote {os.path.relpath(targets[0][0])} and {len(plan.schemas)} schema{'s' if len(plan.schemas) != 1 else ''} in {os.path.relpath(os.path.join(root, SCHEMA_FOLDER))}/.", file=out)
    if check:
        from .summary import first_check

        first_check(root, out)
    return 0


def _write(targets: list[tuple[str, bytes]]) -> None:
    from ..files import write_atomic

    for target, data in targets:
        try:
            folder = os.path.dirname(target)
            if os.path.islink(folder):
                raise UsageError(f"{os.path.relpath(folder)} is a symbolic link: not written through")
            os.makedirs(folder, exist_ok=True)
            write_atomic(target, [data])
        except OSError as err:
            raise UsageError(f"{os.path.relpath(target)}: cannot be written: {err.strerror or err}") from None


@dataclass
class Plan:
    config: str
    schemas: dict[str, dict[str, Any]]


def survey(root: str, out: TextIO) -> Plan:
    """Read the site and decide the configuration, printing each decision."""
    generator = site.detect(root)
    said = f"{generator.name} ({generator.reason})" if generator.name else generator.reason
    print(f"Site: {render.plain(said)}", file=out)
    articles, met = _articles(root, generator)
    loaded = load(root, articles)
    with_fm = [a for a in articles if loaded[a] != BARE]
    found_collections = _collections(generator, with_fm)
    top = render.Table(None, [f"artlint configuration written by 'artlint init' from {len(articles)} articles ({len(with_fm)} with front matter).", f"Site: {said}.", "Review each choice below and in schemas/*.schema.json ($comment): it describes today's content, not yet the rules you want."])
    exclude = _build_output(root, generator, met)
    if exclude:
        top.set("exclude", exclude, "build output: generated, never edited")
    tables = [top]
    schemas: dict[str, dict[str, Any]] = {}
    for collection in found_collections:
        tables += _collection(collection, loaded, generator.name == "hugo", schemas, out)
    return Plan(render.document(tables), schemas)


def _articles(root: str, generator: site.Generator) -> tuple[list[str], list[str]]:
    """The articles under the generator's content folders (each once, in the order met),
    and the build-output folders met on the way (not walked)."""
    skip = {"/".join(p for p in (folder, name) if p) for name in sites.build_output(generator.name) for folder in {generator.folder, ""}}
    articles: list[str] = []
    met: list[str] = []
    for content in generator.content:
        found, skipped = site.walk(root, content, skip)
        articles += [a for a in found if a not in articles]
        met += skipped
    return articles, met


def _collections(generator: site.Generator, with_fm: list[str]) -> list[site.Collection]:
    """The collections of the articles with front matter, content folder by content folder
    (an article already in a collection is not put in another), with unique names."""
    found: list[site.Collection] = []
    for content in generator.content:
        mine = [a for a in with_fm if not content or a.startswith(content + "/")]
        found += site.collections(content, [a for a in mine if all(a not in c.files for c in found)], generator.name in ("hugo", "zola"))
    site.unique_names(found)
    return found


def _build_output(root: str, generator: site.Generator, met: list[str]) -> list[str]:
    """Build-output folders to exclude: the generator's (whether built yet or not), and any
    met on the way."""
    folders = set(met)
    for name in sites.build_output(generator.name):
        candidate = "/".join(p for p in (generator.folder, name) if p)
        if generator.name is not None or os.path.isdir(os.path.join(root, candidate)):
            folders.add(candidate)
    return sorted(site.glob_escape(f) + "/**" for f in folders)  # (with a '/': from the root, not any folder of that name)


def _collection(collection: site.Collection, loaded: dict[str, Any], case_insensitive: bool, schemas: dict[str, dict[str, Any]], out: TextIO) -> list[render.Table]:
    """The tables of one collection (its own and its description-length options)."""
    datas = [loaded[f] for f in collection.files if isinstance(loaded[f], dict)]
    failed = sum(1 for f in collection.files if loaded[f] == FAILED)
    name = collection.name
    table = render.Table(render.header("collections", name), [f"{len(collection.files)} articles under {collection.folder or 'the root'}/; {len(datas)} with front matter that loads, {failed} that does not (left out of the inference)."])
    table.set("paths", collection.paths)
    print(f"\nCollection {name}: {render.plain(', '.join(collection.paths))} ({len(collection.files)} articles, {failed} whose front matter does not load: skipped)", file=out)
    tables = [table]
    if len(datas) < MIN_SCHEMA_FILES:
        table.notes.append(f"No schema: fewer than {MIN_SCHEMA_FILES} files to infer one from.")
        print(f"  no schema: fewer than {MIN_SCHEMA_FILES} files with front matter", file=out)
        return tables
    schema = infer_schema(datas, f"front matter of the {name} collection (inferred by artlint init)", case_insensitive)
    schemas[name] = schema
    table.set("schema", f"{SCHEMA_FOLDER}/{name}.schema.json", f"inferred from {len(datas)} files; accepts {passing(schema, datas)} of them")
    _explain_schema(schema, out)
    found = options_.infer(datas)
    table.set("dates", found.dates, "date fields: checked by date-format, date-future")
    table.set("images", found.images, "front-matter image field -> its alt-text field (only the pairs the files use)")
    if found.description_field and found.description_field != "description":
        table.set("field", found.description_field, "the description field (description-length, description-truncated)")
    for note in found.notes:
        print(f"  {render.plain(note)}", file=out)
    if found.description_range is not None:
        rule = render.Table(render.header("collections", name, "rules", "description-length"), [found.notes[-1]])
        rule.set("min", found.description_range[0])
        rule.set("max", found.description_range[1])
        tables.append(rule)
    return tables


def _explain_schema(schema: dict[str, Any], out: TextIO) -> None:
    """One line for the schema as a whole, one per key."""
    print(f"  schema: {render.plain(schema.get('$comment', ''))}", file=out)
    for key, prop in schema.get("properties", {}).items():  # keys quoted: a line never starts with the content's text
        print(f"    {render.plain(repr(key))}: {render.plain(prop.get('$comment', ''))}", file=out)
