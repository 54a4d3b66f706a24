"""The command line: argv → configuration → engine → reporter → output and exit code.

The only module that prints or exits. Exit codes: 0 no error-severity finding, 1 at least
one, 2 a usage, configuration or schema problem (one line on stderr).
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
from typing import NoReturn

from .diagnostic import UsageError

FORMATS = ("human", "json")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _list(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def parser() -> argparse.ArgumentParser:
    from . import __version__

    p = _Parser(prog="artlint", description="Lint Markdown/HTML articles with YAML front matter.")
    p.add_argument("--version", action="version", version=f"artlint {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    check = sub.add_parser("check", help="check files and folders", description="Check articles; folders are walked for the configured include globs.")
    check.add_argument("paths", nargs="*", metavar="PATH", help="files and folders to check (default: .)")
    check.add_argument("--config", metavar="PATH", help="the configuration file (default: artlint.toml or [tool.artlint] in pyproject.toml, found upward)")
    check.add_argument("--schema", metavar="PATH", help="the JSON Schema for the front matter of every file, over the configuration")
    check.add_argument("--format", choices=FORMATS, default="human", help="output format (default: human)")
    check.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE instead of standard output")
    check.add_argument("--select", type=_list, metavar="RULE[,RULE]", help="run only these rules (ids or tags)")
    check.add_argument("--ignore", type=_list, default=[], action="extend", metavar="RULE[,RULE]", help="do not run these rules (ids or tags)")
    check.add_argument("--today", metavar="YYYY-MM-DD", default=os.environ.get("ARTLINT_TODAY") or None, help="the date date-future takes as today (also: ARTLINT_TODAY)")
    check.add_argument("--force-exclude", action="store_true", help="apply the configured exclude globs to files named on the command line too")
    check.add_argument("--no-cache", action="store_true", help="do not read or write the cache")
    check.add_argument("--no-color", action="store_true", help="no colour in human output (also: NO_COLOR)")
    sub.add_parser("rules", help="list every rule", description="List every installed rule: id, default severity, summary.")
    explain = sub.add_parser("explain", help="explain a rule", description="Print a rule's explanation, with a bad and a good example.")
    explain.add_argument("rule", metavar="RULE")
    return p


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(sys.argv[1:] if argv is None else argv)
    except UsageError as err:
        print(f"artlint: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("artlint: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (artlint check | head): exit quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


def _main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    from . import registry

    if args.command is None:
        parser().print_help()
        return 2
    rules = registry.load()
    if args.command == "rules":
        width = max(len(r) for r in rules)
        for rule in rules.values():
            print(f"{rule.id:<{width}}  {rule.severity:<7}  {rule.summary.strip()}")
        return 0
    if args.command == "explain":
        rule = rules.get(args.rule)
        if rule is None:
            raise UsageError(f"unknown rule '{args.rule}' (see 'artlint rules')")
        print(f"{rule.id} ({rule.severity}): {rule.summary.strip()}\n")
        print(rule.explanation.strip())
        return 0
    return _check(args, rules)


def _check(args: argparse.Namespace, rules: dict) -> int:  # type: ignore[type-arg]
    from . import config as config_mod
    from . import discover, engine, reporters

    cwd = os.getcwd()
    shared: list[tuple[str, str]] = []
    if args.schema is not None:
        if not os.path.isfile(args.schema):
            raise UsageError(f"--schema {args.schema}: no such file")
        shared.append(("schema", os.path.abspath(args.schema)))
    if args.today is not None:
        try:
            shared.append(("today", datetime.date.fromisoformat(args.today).isoformat()))
        except ValueError:
            raise UsageError(f"--today {args.today}: not a date in the form YYYY-MM-DD") from None
    select = tuple(args.select) if args.select is not None else None
    overrides = config_mod.Overrides(select=select, ignore=tuple(args.ignore), shared=tuple(shared))
    config = config_mod.load(cwd, rules, args.config, overrides)
    files = discover.files(args.paths or ["."], config, cwd, args.force_exclude)
    result = engine.run(files, config, rules)
    to_terminal = args.output is None and sys.stdout.isatty()
    color = to_terminal and not args.no_color and not os.environ.get("NO_COLOR")
    text = reporters.get(args.format)(result, color=color)
    if args.output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_atomic(args.output, text)
    return 1 if result.count("error") else 0


def write_atomic(path: str, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename."""
    import tempfile

    folder = os.path.dirname(os.path.abspath(path))
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".artlint-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.replace(tmp, path)
    except OSError as err:
        raise UsageError(f"--output {path}: cannot be written: {err.strerror or err}") from None
