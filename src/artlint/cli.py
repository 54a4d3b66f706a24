"""The command line: argv → configuration → run → reporter → output and exit code.

The only module that prints or exits. Exit codes: 0 no failing finding, 1 at least one
(errors, or warnings too with --fail-on warning), 2 a usage, configuration or schema
problem (one line on stderr).
"""

from __future__ import annotations

import argparse
import datetime
import os
import signal
import sys
import warnings
from collections import Counter
from collections.abc import Iterable
from typing import Any, NoReturn

from .diagnostic import RunResult, UsageError
from .output import defuse, safe_line, warn
from .reporters import FORMATS
from .run import memory
from .suggest import plural


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _list(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def parser() -> argparse.ArgumentParser:
    from . import __version__

    common = _Parser(add_help=False)
    common.add_argument("paths", nargs="*", metavar="PATH", help="files and folders to check (default: .)")
    common.add_argument("--config", metavar="PATH", help="the configuration file (default: artlint.toml or [tool.artlint] in pyproject.toml, found upward)")
    common.add_argument("--schema", metavar="PATH", help="the JSON Schema for the front matter of every file, over the configuration")
    common.add_argument("--select", type=_list, metavar="RULE[,RULE]", help="run only these rules (ids or tags)")
    common.add_argument("--ignore", type=_list, default=[], action="extend", metavar="RULE[,RULE]", help="do not run these rules (ids or tags)")
    common.add_argument("--today", metavar="YYYY-MM-DD", default=os.environ.get("ARTLINT_TODAY") or None, help="the date date-future takes as today (also: ARTLINT_TODAY)")
    common.add_argument("--force-exclude", action="store_true", help="apply the configured exclude globs to files named on the command line too")
    common.add_argument("--no-cache", action="store_true", help="do not read or write the cache")
    common.add_argument("--cache-dir", metavar="DIR", help="the cache folder (default: .artlint_cache beside the configuration)")
    common.add_argument("--jobs", "-j", type=int, metavar="N", help="worker processes (default: the number of CPUs)")
    common.add_argument("--online", action="store_true", default=None, help="check image and link URLs over the network (image-unreachable, link-unreachable)")
    common.add_argument("--online-timeout", type=float, metavar="SECONDS", help="per-request timeout of the online checks (default 10)")
    common.add_argument("--allow-private-host", action="append", default=[], metavar="HOST", help="let the online checks reach this host or network although it is private (repeatable)")
    common.add_argument("--baseline", metavar="FILE", help="the baseline file (default: .artlint-baseline.json beside the configuration)")

    p = _Parser(prog="artlint", description="Lint Markdown/HTML articles with YAML front matter.")
    p.add_argument("--version", action="version", version=f"artlint {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    check = sub.add_parser("check", parents=[common], help="check files and folders", description="Check articles; folders are walked for the configured include globs.")
    check.add_argument("--format", choices=FORMATS, default="human", help="output format (default: human)")
    check.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE instead of standard output")
    check.add_argument("--color", choices=("auto", "always", "never"), default=None, help="colour in human and concise output: auto (default: on a terminal), always (also: FORCE_COLOR, for pre-commit and CI logs), never (also: NO_COLOR)")
    check.add_argument("--no-color", action="store_true", help="the same as --color never")
    check.add_argument("--statistics", action="store_true", help="print counts per rule instead of the findings")
    check.add_argument("--quiet", "-q", action="store_true", help="print only the summary line")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings (2 still means a problem)")
    check.add_argument("--fail-on", choices=("error", "warning"), default="error", help="the least severity that makes the exit code 1 (default: error)")
    check.add_argument("--no-baseline", action="store_true", help="report every finding, even those in the baseline")
    check.add_argument("--show-config", metavar="FILE", help="print the collection, schema and rule options that apply to FILE, and exit")
    check.add_argument("--stdin-filename", metavar="PATH", help="read the article from standard input, checked and reported as PATH")
    check.add_argument("--sarif-output", metavar="FILE", help="also write the SARIF report to FILE, from the same run (e.g. --format github for annotations)")
    check.add_argument("--fix", action="store_true", help="apply the safe fixes to the files, then report what remains")
    check.add_argument("--unsafe-fixes", action="store_true", help="with --fix or --diff, apply the unsafe fixes too; alone, show them as fixable")
    check.add_argument("--diff", action="store_true", help="print the fixes as a unified diff instead of the report (to --output when given), and change no file (exit 1 where there is something to fix)")
    check.add_argument("--exit-non-zero-on-fix", action="store_true", help="with --fix, exit 1 when a file was changed even if nothing remains (pre-commit re-stages)")
    check.add_argument("--automation-id", metavar="ID", help="SARIF runAutomationDetails.id (GitHub code scanning category: 'category/')")
    sub.add_parser("baseline", parents=[common], help="write the baseline of current findings", description="Write .artlint-baseline.json with the current findings: 'check' then reports only new ones.")
    sub.add_parser("clean", help="remove the cache", description="Remove the cache folder.").add_argument("--cache-dir", metavar="DIR")
    listing = sub.add_parser("rules", help="list every rule", description="List every installed rule: id, default severity, summary.")
    listing.add_argument("--format", choices=("text", "markdown"), default="text", help="markdown: every rule's documentation (docs/rules.md)")
    explain = sub.add_parser("explain", help="explain a rule", description="Print a rule's explanation, with a bad and a good example.")
    explain.add_argument("rule", metavar="RULE")
    init = sub.add_parser("init", help="write a starting configuration from the content", description="Infer collections, JSON Schemas and rule options from the content under PATH; write artlint.toml and schemas/, then show what a first check reports.")
    init.add_argument("path", nargs="?", default=".", metavar="PATH", help="the project folder (default: .)")
    init.add_argument("--force", action="store_true", help="replace an existing configuration and schemas")
    sub.add_parser("server", help="run the language server (LSP over stdio)", description="Speak the Language Server Protocol on standard input and output, for editors (needs: pip install 'artlint[lsp]').")
    return p


def run() -> NoReturn:
    """The ``artlint`` command (and ``python -m artlint``): ``main``, then exit at once.

    Tearing the interpreter down frees every module and the run's objects one by one, which
    costs more than a one-file check's rules. Everything artlint writes is closed by then (the
    report is flushed here, the databases committed and closed) and an interrupted pool's
    workers are stopped, so the process ends without it, as mypy does. ``main`` itself
    returns, for callers in Python.
    """
    status = main()
    _stop_children()  # an interrupted pool's workers
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # the reader went away before the last of the report
        status = status or 1
    except OSError as err:  # a full disk, under a redirection
        warn(f"artlint: error: the report could not be written: {err.strerror or err}")
        status = 2
    os._exit(status)


def _stop_children(grace: float = 2.0) -> None:
    """Stop and reap the worker processes an interrupted run leaves (none after a normal run).

    The interpreter's own exit would do it through concurrent.futures' exit hook, which on
    Python 3.11 can write to the pool's closed wake-up pipe and print a traceback.
    """
    multiprocessing = sys.modules.get("multiprocessing")
    if multiprocessing is None:
        return
    children = multiprocessing.active_children()
    for child in children:
        child.terminate()
    for child in children:
        child.join(grace)
        if child.is_alive():
            child.kill()
            child.join(grace)


def main(argv: list[str] | None = None) -> int:
    memory.tune()
    warnings.showwarning = _show_warning
    terminate = _on_sigterm()
    try:
        return _main(sys.argv[1:] if argv is None else argv)
    except UsageError as err:
        warn(f"artlint: error: {err}")
        return 2
    except KeyboardInterrupt:
        warn("artlint: interrupted")
        return 130
    except BrokenPipeError:
        # The reader went away (artlint check | head): exit quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    finally:
        if terminate is not None:
            signal.signal(signal.SIGTERM, terminate)


def _on_sigterm() -> Any:
    """SIGTERM (a CI job cancelled, a timeout) ends the run as Ctrl-C does: the same cleanup
    (workers stopped, nothing half written) and exit code. The handler it replaces, or None
    off the main thread (where no handler can be set)."""

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    try:
        return signal.signal(signal.SIGTERM, interrupt)
    except ValueError:
        return None


def _show_warning(message: Warning | str, category: type[Warning], filename: str, lineno: int, file: Any = None, line: str | None = None) -> None:
    """A library's warning (its text may quote the input) as one safe line on stderr."""
    warn(f"artlint: warning: {category.__name__}: {message}")


def _main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    from . import registry

    if args.command is None:
        parser().print_help()
        return 2
    if args.command == "server":
        from .server import serve

        return serve()
    rules = registry.load()
    if args.command in ("rules", "explain"):
        return _rules(args, rules)
    if args.command == "init":
        from .init import main as init

        return init(args.path, args.force)
    if args.command == "baseline":
        return _baseline(args, rules)
    if args.command == "clean":
        return _clean(args, rules)
    return _check(args, rules)


def _rules(args: argparse.Namespace, rules: dict[str, Any]) -> int:
    """``rules`` (a table, or every rule's documentation) and ``explain RULE``."""
    from . import registry

    if args.command == "rules" and args.format == "markdown":
        sys.stdout.write(registry.markdown(rules))
    elif args.command == "rules":
        width = max(len(r) for r in rules)
        for rule in rules.values():
            print(f"{rule.id:<{width}}  {rule.severity:<7}  {rule.summary.strip()}")
    else:
        rule = rules.get(args.rule)
        if rule is None:
            from .suggest import SEE_RULES, did_you_mean

            raise UsageError(f"unknown rule '{args.rule}'" + did_you_mean(args.rule, rules, SEE_RULES))
        print(f"{rule.id} ({rule.severity}): {rule.summary.strip()}\n")
        print(rule.explanation.strip())
        print("\n".join([*registry.fix_text(rule), *registry.options_text(rule)]))
    return 0


def _clean(args: argparse.Namespace, rules: dict[str, Any]) -> int:
    from . import config
    from .store import folder as cache

    folder = os.path.abspath(args.cache_dir) if args.cache_dir else None
    if folder is None:
        cfg = config.load(os.getcwd(), rules, check_schemas=False)
        folder = cfg.cache_dir or cache.default_dir(cfg.root)
    print(safe_line(f"artlint: removed {os.path.relpath(folder)}") if cache.clean(folder) else "artlint: no cache to remove")
    return 0


def _config(args: argparse.Namespace, rules: dict[str, Any], start: str | None = None) -> Any:
    """The configuration of a run: --config, else the one found upward from ``start`` (the
    folder of the files checked; default: the current folder)."""
    from . import config

    shared: list[tuple[str, Any]] = []
    if args.schema is not None:
        if not os.path.isfile(args.schema):
            raise UsageError(f"--schema {args.schema}: no such file")
        shared.append(("schema", os.path.abspath(args.schema)))
    if args.today is not None:
        try:
            shared.append(("today", datetime.date.fromisoformat(args.today).isoformat()))
        except ValueError:
            raise UsageError(f"--today {args.today}: not a date in the form YYYY-MM-DD") from None
    if args.online:
        shared.append(("online", True))
    if args.online_timeout is not None:
        if args.online_timeout <= 0:
            raise UsageError("--online-timeout must be a positive number of seconds")
        shared.append(("online-timeout", args.online_timeout))
    if args.allow_private_host:
        shared.append(("allow-private-hosts", tuple(args.allow_private_host)))
    select = tuple(args.select) if args.select is not None else None
    overrides = config.Overrides(select=select, ignore=tuple(args.ignore), shared=tuple(shared))
    cfg = config.load(start or os.getcwd(), rules, args.config, overrides, check_schemas=False)
    from .schema import check_all

    check_all(cfg.schemas(), _cache_dir(args, cfg), cfg.root)
    return cfg


def _run(args: argparse.Namespace, rules: dict[str, Any], cfg: Any, progress: bool = False, lines: bool = True) -> RunResult:
    from .run.session import rule_infos

    paths, piped = _stdin_paths(args)
    if piped is not None and not paths:
        return RunResult(cfg.root, [_lint_stdin(piped, cfg, rules)], rule_infos(rules))
    result = _run_files(args, paths, rules, cfg, progress, lines)
    if piped is not None:
        result.files.append(_lint_stdin(piped, cfg, rules))
    return result


def _stdin_paths(args: argparse.Namespace) -> tuple[list[str], str | None]:
    """The paths to check, without ``-``; and the name standard input is checked as (None:
    it is not read). ``-`` among the paths, or ``--stdin-filename`` alone, reads it."""
    paths = [p for p in args.paths if p != "-"]
    name = getattr(args, "stdin_filename", None)
    if len(paths) == len(args.paths) and not (name and not paths):
        if name:
            raise UsageError("--stdin-filename names standard input: add '-' to the paths to check it beside them")
        return paths, None
    return paths, name or "-"


def _lint_stdin(name: str, cfg: Any, rules: dict[str, Any]) -> Any:
    """The result of the article read from standard input, checked and reported as ``name``."""
    from . import discover
    from .document import read
    from .lint import lint_text, size_limit

    settings = cfg.collection_for(name)[1]
    data, size = read(sys.stdin.buffer, size_limit(settings))
    path = "-" if name == "-" else discover.display_path(name, os.getcwd())
    return lint_text(path, data, settings, frozenset(rules), size)


def _run_files(args: argparse.Namespace, paths: list[str], rules: dict[str, Any], cfg: Any, progress: bool, lines: bool) -> RunResult:
    from .run import executor, session
    from .store.results import Results

    skipped: list[str] = []
    files = _files(paths, cfg, args.force_exclude, skipped)
    if skipped:  # never their content; names escaped (ascii): one line whatever they hold
        more = f" and {len(skipped) - 3} more" if len(skipped) > 3 else ""
        warn(f"artlint: info: symbolic links that lead out of the project are not followed: {', '.join(map(ascii, skipped[:3]))}{more}")
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be 1 or more")
    jobs = args.jobs or executor.jobs_default()
    folder = _cache_dir(args, cfg)
    survey, beside = _surveyor(args, paths, files, cfg, folder, jobs)
    store = Results(folder, rules) if folder is not None else None
    report = _progress if progress and sys.stderr.isatty() and len(files) >= 50 else None
    try:
        result = session.run(files, cfg, rules, report, jobs=jobs, store=store, survey=survey, lines=lines)
    finally:
        if beside is not None:
            beside.close()
        if store is not None:
            store.close()
    if report is not None:
        sys.stderr.write("\r\033[K")
    return result


def _surveyor(args: argparse.Namespace, paths: list[str], files: list[str], cfg: Any, folder: str | None, jobs: int) -> tuple[Any, Any]:
    """How the run finds the corpus its cross-file rules compare with (None: no such rule
    runs), and the child that surveys it beside the check (None: surveyed after)."""
    from . import discover
    from .corpus.index import Survey
    from .corpus.survey import of_files, survey_corpus
    from .rule import CorpusRule
    from .run.executor import Beside

    if not any(isinstance(s.rule, CorpusRule) for path in files for s in cfg.collection_for(path)[1]):
        return None, None
    cwd = os.getcwd()
    walked = {os.path.abspath(p) for p in paths or _default_paths(cfg)}
    if not cfg.owned or (walked == set(cfg.corpus) and all(os.path.isdir(p) for p in walked) and not args.force_exclude):
        # no configuration, no repository: the corpus is what the user asked about; or the corpus is checked: walked once
        return of_files(cfg, files, cwd), None
    # checking a part: the rest of the corpus is surveyed beside the check

    def corpus(index_folder: str | None = None) -> Survey:  # (with the folder: its difference from the index there)
        return survey_corpus(cfg, list(dict.fromkeys([*discover.files(list(cfg.corpus), cfg, cwd), *files])), cwd, folder=index_folder, checked=files)

    def made(absolutes: Any, stamps: Any) -> Survey:
        found = Survey(*beside.result())
        return found if found.differ is None else found._replace(again=corpus)  # (only part of the files: see Survey)

    beside = Beside(lambda: tuple(corpus(folder)), jobs > 1)
    return made, beside


#: Files that are never articles: named on the command line (pre-commit passes the files of
#: a commit), they are checked only for what they govern.
DATA_SUFFIXES = (".json", ".toml", ".yaml", ".yml")


def _files(paths: list[str], cfg: Any, force_exclude: bool = False, skipped: list[str] | None = None) -> list[str]:
    """The articles to check: the paths named, and when a named path is the configuration or
    a schema, every article of the corpus that it governs (``skipped``: see discover.files)."""
    from . import discover

    unchecked: Counter[str] = Counter()
    if not paths:
        found = discover.files(_default_paths(cfg), cfg, os.getcwd(), force_exclude, skipped, unchecked)
        _warn_unchecked(unchecked)
        return found
    cwd = os.getcwd()
    articles = [p for p in paths if not (p.lower().endswith(DATA_SUFFIXES) and os.path.isfile(p))]
    governing = {os.path.abspath(p) for p in paths if p not in articles}
    found = discover.files(articles, cfg, cwd, force_exclude, skipped, unchecked) if articles else []
    _warn_unchecked(unchecked)
    if governing:
        everything = discover.files(list(cfg.corpus), cfg, cwd)
        if cfg.source and os.path.abspath(cfg.source) in governing:
            found = everything  # the configuration governs every article
        else:
            schemas = governing & cfg.schemas()
            for path in everything:
                if any(getattr(s.options, "schema", None) in schemas for s in cfg.collection_for(path)[1]):
                    found.append(path)
    return sorted(set(found))


def _default_paths(cfg: Any) -> list[str]:
    """What ``artlint check`` walks with no path named: from the project root, the site's
    content folders when a generator was found (and the configuration does not say); else ``.``."""
    if cfg.content and os.path.abspath(os.getcwd()) == cfg.root:
        return list(cfg.content)
    return ["."]


def _warn_unchecked(unchecked: Counter[str]) -> None:
    """One line on stderr for the files of formats artlint cannot check that a walk passed by."""
    if unchecked:
        total = sum(unchecked.values())
        kinds = ", ".join(f"{count} {suffix}" for suffix, count in sorted(unchecked.items()))
        warn(f"artlint: {total} file{'s' if total != 1 else ''} not checked ({kinds}): artlint checks Markdown, MDX and HTML articles")


def _cache_dir(args: argparse.Namespace, cfg: Any) -> str | None:
    """The run's cache folder, made or found artlint's (cache.claim): --cache-dir, else the
    project's. None with --no-cache; outside any project (no configuration, no repository:
    artlint writes nothing in a folder it does not own); or where it cannot be used: said
    once on stderr, and the run goes on without it."""
    from .store import folder as cache

    if getattr(args, "no_cache", False):
        return None
    if hasattr(args, "claimed_cache"):
        return args.claimed_cache  # type: ignore[no-any-return]
    folder = None
    if getattr(args, "cache_dir", None):
        folder = os.path.abspath(args.cache_dir)
    elif cfg.owned:
        folder = cfg.cache_dir or cache.default_dir(cfg.root)
    try:
        if folder is not None:
            cache.claim(folder)
    except OSError as err:
        assert folder is not None
        warn(f"artlint: the cache folder {os.path.relpath(folder)!a} {err if isinstance(err, cache.Unusable) else f'cannot be written ({err.strerror or err})'}: running without the cache")
        folder = None
    args.claimed_cache = folder
    return folder


def _progress(done: int, total: int) -> None:
    if done % 25 == 0 or done == total:
        sys.stderr.write(f"\rartlint: {done}/{total} files")
        sys.stderr.flush()


def _baseline_path(args: argparse.Namespace, cfg: Any) -> str:
    from . import baseline

    return args.baseline or baseline.default_path(os.path.dirname(cfg.source) if cfg.source else None)


def _start(path: str) -> str:
    """The folder a path's configuration is looked for from: its own, or the one it is in."""
    return path if os.path.isdir(path) else os.path.dirname(os.path.abspath(path))


def _config_groups(args: argparse.Namespace) -> list[tuple[str | None, list[str]]]:
    """The paths named, grouped by the configuration nearest each (as ruff and markdownlint
    find it): (the folder to look from, its paths). One group, from the current folder,
    with --config or no path."""
    from . import config

    if args.config or not args.paths:
        return [(None, args.paths)]
    stdin_name = getattr(args, "stdin_filename", None)
    found: dict[str, str | None] = {}  # folder → its configuration file
    groups: dict[str | None, tuple[str | None, list[str]]] = {}
    for path in args.paths:
        if path == "-":
            start = _start(stdin_name) if stdin_name else os.getcwd()
        else:
            start = _start(path)
        if start not in found:
            found[start] = config.find_file(start)[0]
        source = found[start]
        groups.setdefault(source, (start if source else None, []))[1].append(path)
    return list(groups.values())


def _configured_run(args: argparse.Namespace, rules: dict[str, Any], progress: bool = False, lines: bool = True, configs: dict[str, Any] | None = None) -> tuple[Any, RunResult]:
    """Each group of paths checked under its own configuration, the results together (the
    first group's configuration: for the baseline and the report's root; ``configs``
    gets each checked file's)."""
    import copy

    first, merged = None, None
    for start, paths in _config_groups(args):
        group = copy.copy(args)
        group.paths = paths
        cfg = _config(group, rules, start)
        result = _run(group, rules, cfg, progress=progress, lines=lines)
        if configs is not None:
            configs.update((f.path, cfg) for f in result.files)
        if merged is None:
            first, merged = cfg, result
        else:
            merged.files.extend(result.files)
    return first, merged  # type: ignore[return-value]


def _baseline(args: argparse.Namespace, rules: dict[str, Any]) -> int:
    from . import baseline

    cfg, result = _configured_run(args, rules, lines=False)
    path = _baseline_path(args, cfg)
    write_atomic(path, baseline.render(result), "baseline")
    total = sum(len(f.diagnostics) for f in result.files)
    print(safe_line(f"artlint: wrote {plural(total, 'finding', 'findings')} of {plural(len(result.files), 'file', 'files')} to {os.path.relpath(path)}"))
    return 0


def _check(args: argparse.Namespace, rules: dict[str, Any]) -> int:
    _refuse_combinations(args)
    if args.show_config:
        return _show_config(args.show_config, _config(args, rules, _start(args.show_config)))
    frames = args.format == "human" and not args.quiet and not args.statistics  # the one report that shows source lines
    configs: dict[str, Any] = {}
    cfg, result = _configured_run(args, rules, progress=args.format in ("human", "concise") and not args.quiet, lines=frames, configs=configs)
    accepted = _accepted(args, cfg)
    fixed: list[Any] = []
    if args.fix or args.diff:
        fixed = _fix_files(args, rules, configs, _baselined(result, accepted, quiet=True), accepted)
        if args.diff:
            return _show_diff(fixed, args.output)
        if fixed:  # what remains: the whole check again (the cache gives the files left as they were)
            cfg, result = _configured_run(args, rules, lines=frames)
    result = _baselined(result, accepted)
    _report(args, result)
    return _exit_code(args, result, bool(fixed))


def _refuse_combinations(args: argparse.Namespace) -> None:
    """UsageError for flags that do not go together."""
    if args.statistics and args.format not in ("human", "concise", "json"):
        raise UsageError(f"--statistics: counts per rule come in the human, concise or json format, not {args.format}")
    if (args.fix or args.diff) and _stdin_paths(args)[1] is not None:
        raise UsageError("--fix and --diff change files: they do not read standard input")


def _exit_code(args: argparse.Namespace, result: RunResult, fixed: bool) -> int:
    """0, or 1 for a failing finding (--fail-on) or, with --exit-non-zero-on-fix, a fix made."""
    if args.exit_zero:
        return 0
    if fixed and args.exit_non_zero_on_fix:
        return 1
    failing = ("error",) if args.fail_on == "error" else ("error", "warning")
    return 1 if any(result.count(s) for s in failing) else 0


def _report_text(args: argparse.Namespace, result: RunResult) -> str | Iterable[str | bytes]:
    """The report the format and flags ask for (or its pieces)."""
    from . import reporters

    if args.quiet and args.format in ("human", "concise"):
        from .reporters.human import summary

        return summary(result, unsafe_fixes=args.unsafe_fixes) + "\n"
    if args.statistics and args.format in ("human", "concise"):
        from .reporters.human import statistics

        return statistics(result)
    if args.statistics and args.format == "json":
        from .reporters.json import statistics as json_statistics

        return json_statistics(result)
    color = use_color(args.color or ("never" if args.no_color else "auto"), args.output is None and sys.stdout.isatty())
    return reporters.stream(args.format)(result, color=color, automation_id=args.automation_id, unsafe_fixes=args.unsafe_fixes)


def _report(args: argparse.Namespace, result: RunResult) -> None:
    """Write the report (standard output or --output), the SARIF copy and GitHub's step summary."""
    from . import reporters

    text = _report_text(args, result)
    if args.output is None:
        _write_out([text] if isinstance(text, str) else text)
    else:
        write_atomic(args.output, text, "--output")
    if args.sarif_output:
        write_atomic(args.sarif_output, reporters.stream("sarif")(result, color=False, automation_id=args.automation_id), "--sarif-output")
    if args.format == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
        from .reporters.github import summary as github_summary

        try:
            with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as f:
                f.write(github_summary(result))
        except OSError as err:
            warn(f"artlint: GITHUB_STEP_SUMMARY cannot be written: {err.strerror or err}")


def _accepted(args: argparse.Namespace, cfg: Any) -> Any:
    """The findings the baseline accepts (None: no baseline in use)."""
    from . import baseline

    path = _baseline_path(args, cfg)
    if args.no_baseline or not (args.baseline or os.path.isfile(path)):
        return None
    return baseline.read(path)


def _baselined(result: RunResult, accepted: Any, quiet: bool = False) -> RunResult:
    """``result`` without the findings the baseline accepts (said on stderr unless ``quiet``)."""
    from . import baseline

    if accepted is None:
        return result
    result = baseline.apply(result, accepted)
    if (result.baselined or result.stale) and not quiet:
        stale = f"; {plural(result.stale, 'baseline entry is', 'baseline entries are')} stale (fixed since): run 'artlint baseline' to shrink it" if result.stale else ""
        warn(f"artlint: {plural(result.baselined, 'finding in the baseline was', 'findings in the baseline were')} left out{stale}")
    return result


def _fix_files(args: argparse.Namespace, rules: dict[str, Any], configs: dict[str, Any], result: RunResult, accepted: Any) -> list[Any]:
    """Fix each file with an applicable fix (``fix.fix_text``): read again, linted and fixed
    pass by pass under its own settings, the baseline's findings left alone. Written
    (unless --diff) where its bytes are still those read. The files changed."""
    from . import baseline, document
    from .fix import applicable, fix_text, write_fixed
    from .lint import lint_text, size_limit

    known, done = frozenset(rules), []
    for f in result.files:
        if not any(applicable(d.fix, args.unsafe_fixes) for d in f.diagnostics):
            continue
        settings = configs[f.path].collection_for(f.path)[1]

        def lint(data: bytes, path: str = f.path, settings: Any = settings) -> list[Any]:
            linted = RunResult(result.root, [lint_text(path, data, settings, known)])
            return (linted if accepted is None else baseline.apply(linted, accepted)).files[0].diagnostics

        try:
            data, size = document.read_file(f.path, size_limit(settings))
            fixed = fix_text(f.path, data, lint, args.unsafe_fixes) if size == len(data) else None
            if fixed is not None and not args.diff and not write_fixed(fixed):
                warn(f"artlint: {f.path} changed while it was being fixed: not written")
                fixed = None
        except OSError as err:
            warn(f"artlint: {f.path}: cannot be fixed: {err.strerror or err}")
            fixed = None
        if fixed is not None:
            done.append(fixed)
    if done and not args.diff:
        warn(f"artlint: fixed {plural(sum(len(f.applied) for f in done), 'finding', 'findings')} in {plural(len(done), 'file', 'files')}")
    return done


def _show_diff(fixed: list[Any], output: str | None) -> int:
    """--diff: the fixes as a unified diff on standard output (or in --output); 1 where there is one."""
    from .fix import unified_diff

    if output is None:
        _write_out(unified_diff(f) for f in fixed)
    else:
        write_atomic(output, "".join(unified_diff(f) for f in fixed), "--output")
    count = sum(len(f.applied) for f in fixed)
    warn(f"artlint: would fix {plural(count, 'finding', 'findings')} in {plural(len(fixed), 'file', 'files')}" if fixed else "artlint: nothing to fix")
    return 1 if fixed else 0


def use_color(choice: str, to_terminal: bool) -> bool:
    """Colour or not: ``--color always|never`` decides; ``auto`` asks ``NO_COLOR``, then
    ``FORCE_COLOR`` (any value but empty or 0: pre-commit and CI logs show colour although
    they are not terminals), then whether the report goes to a terminal."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR", "") not in ("", "0"):
        return True
    return to_terminal


def _show_config(path: str, cfg: Any) -> int:
    import dataclasses
    import json

    from .store import folder as cache

    name, settings = cfg.collection_for(path)
    rules = {s.rule.id: {"severity": s.severity, **{f.name.replace("_", "-"): getattr(s.options, f.name) for f in dataclasses.fields(s.options)}} for s in settings}
    schema = next((s.options.schema for s in settings if getattr(s.options, "schema", None)), None)
    shown = {
        "file": path,
        "config": os.path.relpath(cfg.source) if cfg.source else None,
        "root": os.path.relpath(cfg.root),
        "site": cfg.site.describe(os.getcwd(), cfg.root) if cfg.site else "none: no site generator found (set site = \"hugo\" … in the configuration)",
        "respect-gitignore": cfg.respect_gitignore,
        "cache": "none: no configuration and no repository here, so nothing is written" if not cfg.owned else os.path.relpath(cfg.cache_dir or cache.default_dir(cfg.root)),
        "collection": name,
        "schema": os.path.relpath(schema) if schema else None,
        "rules": rules,
    }
    print(defuse(json.dumps(shown, indent=2, default=list, ensure_ascii=False), "\\u005b"))
    return 0


def _write_out(pieces: Iterable[str | bytes]) -> None:
    """Write a report to standard output: text through its text layer (a terminal's own
    encoding), a reporter's UTF-8 bytes as they are."""
    out = sys.stdout
    for piece in pieces:
        if isinstance(piece, str):
            out.write(piece)
        elif hasattr(out, "buffer"):
            out.flush()
            out.buffer.write(piece)
        else:  # (a text stream put in its place by a Python caller)
            out.write(piece.decode("utf-8", "surrogateescape"))
    out.flush()


def write_atomic(path: str, text: str | Iterable[str | bytes], what: str) -> None:
    """Write ``text`` (or its pieces) in UTF-8 to ``path``, whole or not at all
    (``files.write_atomic``); UsageError where it cannot be written."""
    from .files import write_atomic as write
    from .reporters import utf8

    try:
        write(path, (piece if isinstance(piece, bytes) else utf8(piece) for piece in ([text] if isinstance(text, str) else text)))
    except OSError as err:
        raise UsageError(f"{what} {path}: cannot be written: {err.strerror or err}") from None
