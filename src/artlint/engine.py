"""Run the enabled rules over each file and collect Diagnostics.

``lint_file`` is a module-level function of picklable data, so that a process pool can
run it; a rule that raises becomes an ``internal-error`` diagnostic and the other rules
still run.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import itertools
import marshal
import os
import re
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from . import document, suppress
from . import fix as fixes
from .config import Config, RuleSetting, absolute_paths
from .cache import stamp_of
from .corpus import Entry, Survey, entry_of, facts_of
from .corpus import survey as survey_roots
from .diagnostic import IN_FILE_ORDER, Diagnostic, bounded, FileResult, RuleInfo, RunResult, UsageError, restore, restore_urls, seal, stored_urls, unseal
from .diagnostic import stored as stored_findings
from .registry import info
from .rule import CorpusRule, OnlineRule, Rule
from .source import Span

if TYPE_CHECKING:
    from .cache import Cache


def lint_text(path: str, data: bytes, settings: Sequence[RuleSetting], known: frozenset[str] = frozenset(), size: int | None = None) -> FileResult:
    """Check the bytes of one file, reported under ``path``.

    ``known`` is every registered rule id (for suppression comments that name others);
    ``size`` the file's where ``data`` is only its head (``document.read``).
    """
    doc = document.load(path, data, size)
    diagnostics: list[Diagnostic] = []
    enabled = {s.rule.id: s for s in settings}
    for setting in settings:
        setting.rule.prepare(doc, setting.options)
    for setting in settings:
        rule = setting.rule
        try:
            for finding in rule.check(doc, setting.options):
                diagnostics.append(Diagnostic(path, finding.span, rule.id, setting.severity, bounded(finding.message), fix=finding.fix and fixes.locate(finding.fix, doc.index)))
        except Exception as err:  # a bug in a rule must not stop the others
            diagnostics.append(_internal(path, rule.id, err))
    deferring = {s.rule.id: s.rule.defers_to for s in settings if s.rule.defers_to}
    if deferring:
        diagnostics = _defer(diagnostics, deferring)
    found = suppress.directives(doc)
    if found:
        diagnostics = suppress.apply(diagnostics, found)
        if "unused-suppression" in enabled:
            severity = enabled["unused-suppression"].severity
            for span, message in suppress.unused(found, set(known) | set(enabled), set(enabled)):
                diagnostics.append(Diagnostic(path, span, "unused-suppression", severity, bounded(message)))
    collected: dict[str, list[tuple[str, Span]]] = {}
    for setting in settings:
        if isinstance(setting.rule, OnlineRule) and getattr(setting.options, "online", False):
            try:
                collected[setting.rule.id] = list(setting.rule.collect(doc, setting.options))
            except Exception as err:
                diagnostics.append(_internal(path, setting.rule.id, err))
    diagnostics = [d._replace(fingerprint=fingerprint(doc, d)) for d in diagnostics]
    diagnostics.sort(key=IN_FILE_ORDER)
    wanted = {d.span.line for d in diagnostics} | {span.line for items in collected.values() for _, span in items}
    lines = {line: doc.index.line_text(line) for line in wanted}
    entry = None
    if any(isinstance(s.rule, CorpusRule) for s in settings):  # what the corpus index needs, from this parse
        entry = entry_of(facts_of(doc, path))
    return FileResult(path, diagnostics, lines, collected, entry)


def _defer(diagnostics: list[Diagnostic], deferring: dict[str, tuple[str, ...]]) -> list[Diagnostic]:
    """One defect, one diagnostic: drop what an owning rule reports at the same place. The
    owner's diagnostic takes the dropped one's fix where it has none (frontmatter-schema's
    "not a string" gets frontmatter-implicit-type's quotes)."""
    taken = {(d.rule, d.span.line, d.span.column) for d in diagnostics}
    kept, fixes = [], {}
    for d in diagnostics:
        owner = next((o for o in deferring.get(d.rule, ()) if (o, d.span.line, d.span.column) in taken), None)
        if owner is None:
            kept.append(d)
        elif d.fix is not None:
            fixes.setdefault((owner, d.span.line, d.span.column), d.fix)
    if not fixes:
        return kept
    return [d._replace(fix=fixes.get((d.rule, d.span.line, d.span.column))) if d.fix is None else d for d in kept]


def fingerprint(doc: document.Document, d: Diagnostic) -> str:
    """A hash of what a diagnostic is about — rule, offending text, message — not of where.

    It survives edits elsewhere in the file: the baseline's key and SARIF's partial
    fingerprint. Numbers in the message (line references, lengths) are left out.
    """
    index = doc.index
    start, end = index.offset(d.span.line, d.span.column), index.offset(d.span.end_line, d.span.end_column)
    text = doc.text[start:end]
    if not text.strip():
        text = index.line_text(d.span.line)
    return _hash(d.rule, " ".join(text.split()), _DIGITS.sub("#", d.message))


_DIGITS = re.compile(r"\d+")


def _hash(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:20]


def _internal(path: str, rule_id: str, err: Exception) -> Diagnostic:
    """A rule raised: an internal-error diagnostic naming it; the other rules still run."""
    return Diagnostic(path, Span(1, 1, 1, 1), "internal-error", "error", bounded(f"rule {rule_id} failed on this file: {type(err).__name__}: {err}"))


def lint_file(path: str, settings: Sequence[RuleSetting], known: frozenset[str] = frozenset()) -> tuple[FileResult, str]:
    """Read and check one file: its result and the SHA-256 of its bytes (for the cache; of
    its head only, for a file over the size limit)."""
    try:
        data, size = document.read_file(path, size_limit(settings))
    except OSError as err:
        raise UsageError(f"{path}: cannot be read: {err.strerror or err}") from None
    return lint_text(path, data, settings, known, size), hashlib.sha256(data).hexdigest()


def size_limit(settings: Sequence[RuleSetting]) -> int:
    """The size over which a file's body is not read: the largest ``max-file-size`` of the
    rules (file-too-large), else the default."""
    return max((s.options.max_file_size for s in settings if isinstance(getattr(s.options, "max_file_size", None), int)), default=document.MAX_FILE_SIZE)


def rule_infos(rules: dict[str, Rule]) -> list[RuleInfo]:
    return [info(r) for r in rules.values()]


#: Below this many files to check, a process pool costs more than it saves.
POOL_THRESHOLD = 48


def jobs_default() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def run(
    paths: Sequence[str],
    config: Config,
    rules: dict[str, Rule],
    progress: Callable[[int, int], None] | None = None,
    jobs: int = 1,
    cache: Cache | None = None,
    corpus_files: Sequence[str] | None = None,
    lines: bool = True,
    survey: Callable[[], Survey] | None = None,
) -> RunResult:
    """Check every file of ``paths`` with the settings its collection gives it.

    Files the cache proves unchanged are not read; the others are checked in a process
    pool of ``jobs`` workers when there are enough of them. The result is the same, in the
    same order, whatever ``jobs``. ``lines``: keep the source lines of the findings (for
    code frames; the cache keeps them either way). The cross-file rules compare the files
    with the corpus: ``corpus_files`` (surveyed after the check), or the ``survey`` of it
    made beside the check (see ``Beside``), the checked files among them.
    """
    frozen = gc.get_freeze_count()
    try:
        return _check_all(paths, config, rules, progress, jobs, cache, corpus_files, lines, survey)
    finally:
        if not frozen:  # what the run froze (see _acyclic), for a process that goes on
            gc.unfreeze()


def _check_all(
    paths: Sequence[str],
    config: Config,
    rules: dict[str, Rule],
    progress: Callable[[int, int], None] | None,
    jobs: int,
    cache: Cache | None,
    corpus_files: Sequence[str] | None,
    lines: bool,
    survey: Callable[[], Survey] | None,
) -> RunResult:
    known = frozenset(rules)
    cwd = os.getcwd()
    results: list[FileResult | None] = [None] * len(paths)
    todo: list[tuple[int, str, str, Any]] = []
    keys: dict[str, str] = {}  # path → the cache key of its settings
    absolutes = absolute_paths(paths, cwd)
    stamps: dict[str, str] = {}  # absolute path → stamp, of the files the cache proved unchanged
    with _acyclic():
        rest = list(range(len(paths)))  # the files the record of the last run does not hold unchanged
        held: list[int] = []  # those it does
        if cache is not None:
            for path in paths:
                keys[path] = cache.settings_key(config.collection_for(path)[1])
            if cache.recall(len(paths), lines):
                rest = []
                for i, path in enumerate(paths):
                    stamp = cache.record.unchanged(path, keys[path])
                    if stamp is None:
                        rest.append(i)
                    else:
                        held.append(i)
                        stamps[absolutes[path]] = stamp
        for n, i in enumerate(rest):
            path, key, st = paths[i], keys.get(paths[i], ""), None
            if cache is not None:
                if n % 500 == 0:
                    batch = [paths[j] for j in rest[n : n + 500]]
                    cache.prefetch(batch, [absolutes[p] for p in batch], lines)
                hit, st = cache.get(path, key, lines)
                if hit is not None:
                    results[i] = hit
                    stamps[absolutes[path]] = stamp_of(st)
                    continue
            todo.append((i, path, key, st))
    beside = None
    if held and 0 < len(todo) < POOL_THRESHOLD:  # a few files changed: checked beside the restoring of the others
        few = [path for _, path, _, _ in todo]
        beside = Beside(lambda: [_portable(lint_file(path, config.collection_for(path)[1], known)) for path in few], jobs > 1)
        checked: Iterator[tuple[FileResult, str]] = _from_beside(beside)
    else:
        checked = _lint_all([path for _, path, _, _ in todo], config, known, jobs)
    parsed: dict[str, tuple[str | None, Any]] = {}  # entries of the corpus index, with the stat they were read under
    try:
        with _acyclic():
            for i in held:
                result = cache.record.take(paths[i], lines)  # type: ignore[union-attr]
                if result is None:  # not an entry after all: checked after the others
                    todo.append((i, paths[i], keys[paths[i]], None))
                    checked = itertools.chain(checked, _lint_all([paths[i]], config, known, 1))
                results[i] = result
        for done, ((result, digest), (i, path, key, st)) in enumerate(zip(checked, todo), 1):  # (the pool first: zip runs it to its end)
            result.diagnostics = [d._replace(message=sys.intern(d.message)) for d in result.diagnostics]  # one copy of each message
            results[i] = result
            if result.facts is not None:
                parsed[absolutes[path]] = (stamp_of(st) if st is not None else None, result.facts)
                result.facts = None
            if cache is not None:
                cache.put(result, key, st, digest)
            if not lines:
                result.lines = {}
            if progress is not None:
                progress(done, len(todo))
    finally:
        if beside is not None:  # (stopped, where the run stops before its result)
            beside.close()
    if cache is not None:
        cache.flush()
    files = [r for r in results if r is not None]
    if any(f.collected for f in files):
        _online_pass(files, config, cache.folder if cache is not None and cache.enabled else None)
    if (corpus_files is not None or survey is not None) and any(isinstance(r, CorpusRule) for r in rules.values()):
        if survey is None:
            corpus = list(dict.fromkeys([*(corpus_files or ()), *paths]))
            survey = lambda: survey_corpus(config, corpus, cwd, absolutes, stamps)  # noqa: E731
        with _acyclic():
            cross, generation = _corpus_pass(files, config, survey, cache, parsed, keys, jobs, absolutes)
    else:
        cross, generation = {}, None
    if cache is not None:
        cache.remember(cross, generation)
    return RunResult(config.root, files, rule_infos(rules))


@contextlib.contextmanager
def _acyclic() -> Iterator[None]:
    """No garbage collection within, nor of what it made: for work that makes no reference
    cycles, only objects that live to the end of the run (findings restored by the ten
    thousand, which every collection would walk again). Parsing makes cycles (the trees'
    parent links): the collector runs then."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()  # (until the run ends: see run)
        if enabled:
            gc.enable()


def _online_pass(files: list[FileResult], config: Config, folder: str | None) -> None:
    """Request every distinct URL the online rules collected, once, and report the failures."""
    from .online import Checker

    checkers: dict[tuple[float, tuple[str, ...], int], Checker] = {}
    wanted: dict[Checker, set[tuple[str, bool]]] = {}
    plan = []
    for result in files:
        for setting in config.collection_for(result.path)[1]:
            items = result.collected.get(setting.rule.id)
            if not items or not isinstance(setting.rule, OnlineRule):
                continue
            o = setting.options
            key = (float(o.online_timeout), tuple(o.allow_private_hosts), int(o.cache_ttl))
            checker = checkers.setdefault(key, Checker(key[0], key[1], folder, key[2]))
            wanted.setdefault(checker, set()).update((url, setting.rule.image) for url, _ in items)
            plan.append((result, setting, checker, items))
    outcomes = {checker: checker.check_all(urls) for checker, urls in wanted.items()}
    for result, setting, checker, items in plan:
        for url, span in items:
            outcome = outcomes[checker][(url, setting.rule.image)]
            if not outcome.ok:
                message = bounded(f"{url}: {outcome.message}")
                fp = _hash(setting.rule.id, url, _DIGITS.sub("#", outcome.message))
                result.diagnostics.append(Diagnostic(result.path, Span(*span), setting.rule.id, setting.severity, message, fp))
        result.diagnostics.sort(key=IN_FILE_ORDER)


def survey_corpus(
    config: Config,
    corpus_files: Sequence[str],
    cwd: str,
    absolutes: dict[str, str] | None = None,
    stamps: dict[str, str] | None = None,
    folder: str | None = None,
) -> Survey:
    """Every file of ``corpus_files`` as the corpus index records it (see ``corpus.survey``).

    Each corpus folder is a corpus of its own; files outside them form one with each
    other. ``absolutes``: absolute paths known already; ``stamps`` (by absolute path):
    files stat'ed already; ``folder``: the cache folder, whose index the survey is
    compared with.
    """
    folders = [(r, r.rstrip(os.sep) + os.sep) for r in sorted(config.corpus, key=len, reverse=True)]

    def group(path: str) -> str:
        for root, prefix in folders:
            if path.startswith(prefix) or path == root:
                return root
        return ""

    known = absolutes or {}
    fresh = absolute_paths([p for p in corpus_files if p not in known], cwd)
    return survey_roots({a: group(a) for a in (known.get(p) or fresh[p] for p in corpus_files)}, stamps, folder)


def _portable(done: tuple[FileResult, str]) -> tuple[Any, ...]:
    """A checked file's result (and its digest) as marshal carries it (see ``Beside``)."""
    result, digest = done
    return (result.path, stored_findings(result.diagnostics), result.lines, stored_urls(result.collected), tuple(result.facts) if result.facts is not None else None, digest)


def _from_beside(beside: Beside) -> Iterator[tuple[FileResult, str]]:
    """The results of the files checked ``beside``, once asked for."""
    for path, rows, lines, urls, facts, digest in beside.result():
        yield FileResult(path, restore(path, rows), lines, restore_urls(urls), Entry(*facts) if facts is not None else None), digest


def _corpus_pass(
    files: list[FileResult],
    config: Config,
    survey: Callable[[], Survey],
    cache: Cache | None,
    parsed: dict[str, Any] | None = None,
    keys: dict[str, str] | None = None,
    jobs: int = 1,
    absolutes: dict[str, str] | None = None,
) -> tuple[dict[str, list[Diagnostic]], int | None]:
    """Run the cross-file rules of each checked file against the index of the whole corpus.

    ``survey`` gives the corpus as it is on disk (the checked files among it); ``parsed``
    holds the index entries of the files parsed in this run (each is dropped once used:
    they are many); ``keys`` the cache key of each file's settings, under which its
    cross-file findings are kept in the index (and in the cache's record of the run) until
    the corpus changes; ``absolutes`` the absolute paths of the files checked. Returns the
    cross-file findings of each file and the index's generation they were found in.
    """
    cross: dict[int, list[RuleSetting]] = {}  # the cross-file settings of each set of settings (few)

    def of(settings: tuple[RuleSetting, ...]) -> list[RuleSetting]:
        if id(settings) not in cross:
            cross[id(settings)] = [s for s in settings if isinstance(s.rule, CorpusRule)]
        return cross[id(settings)]

    todo = [(f, of(config.collection_for(f.path)[1])) for f in files]
    if not any(settings for _, settings in todo):
        return {}, None
    import sqlite3

    from .corpus import Index, read_entry, unusable

    folder = cache.folder if cache is not None and cache.enabled else None
    recorded = cache.record.cross if folder is not None else None  # type: ignore[union-attr]
    parsed, keys, known = parsed or {}, keys or {}, absolutes or {}
    absolutes = {**absolute_paths([f.path for f in files if f.path not in known], os.getcwd()), **known}
    now = survey()

    def read(paths: list[str]) -> Iterator[Any]:  # files the index must read: a first run reads the corpus
        return _map(read_entry, paths, config, frozenset(), jobs)

    try:
        found, generation = _corpus_findings(todo, Index(folder, read), now, absolutes, parsed, keys, recorded)
    except sqlite3.Error as err:  # a database that fails midway (locked, full, damaged)
        if folder is None:
            raise
        unusable(err)
        found, generation = _corpus_findings(todo, Index(None, read), now, absolutes, parsed, {}, None)
    for result, diagnostics in found:
        result.diagnostics.extend(diagnostics)
        result.diagnostics.sort(key=IN_FILE_ORDER)
    return {result.path: diagnostics for result, diagnostics in found}, generation


def _corpus_findings(
    todo: list[tuple[FileResult, list[RuleSetting]]],
    index: Any,
    survey: Survey,
    absolutes: dict[str, str],
    parsed: dict[str, Any],
    keys: dict[str, str],
    recorded: Callable[[str, int], list[Diagnostic] | None] | None,
) -> tuple[list[tuple[FileResult, list[Diagnostic]]], int]:
    """The cross-file findings of each checked file — kept ones where the corpus is
    unchanged (``recorded``: from the cache's record of the last run) —, and the index's
    generation they belong to.

    ``survey``: every file of the corpora; ``absolutes``: the absolute path of each file.
    """
    import sqlite3

    out: list[tuple[FileResult, list[Diagnostic]]] = []
    try:
        index.update(survey, parsed)
        stored: dict[str, dict[str, bytes]] = {}
        fresh: dict[str, dict[str, bytes]] = {}
        corpora: dict[str, Any] = {}
        cwd = os.getcwd()
        recalled = {}  # the files whose findings the record holds
        if recorded is not None:
            for result, settings in todo:
                kept = recorded(result.path, index.generation) if settings else None
                if kept is not None:
                    recalled[result.path] = kept
        wanted = {absolutes[result.path] for result, settings in todo if settings and result.path not in recalled}  # (from the index)
        fingerprints: dict[tuple[str, str], str] = {}
        for result, settings in todo:
            if not settings:
                continue
            absolute, key = absolutes[result.path], keys.get(result.path)
            if result.path in recalled:
                out.append((result, recalled[result.path]))
                continue
            if key is not None:  # messages name the other files relative to the current folder
                key = f"{key} {cwd}"
                if key not in stored:
                    stored[key] = index.found(key, wanted)
                if absolute in stored[key]:
                    try:
                        out.append((result, restore(result.path, marshal.loads(unseal(stored[key][absolute])))))
                        continue
                    except (ValueError, TypeError, EOFError):  # a damaged entry (marshal or restore): find them again
                        pass
            facts = parsed.pop(absolute)[1].facts(absolute) if absolute in parsed else index.facts(absolute)
            if facts is None or absolute not in survey.files:
                continue
            root = survey.files[absolute].split(" ", 1)[1]
            corpus = corpora.get(root) or corpora.setdefault(root, index.corpus(root))
            found: list[Diagnostic] = []
            for setting in settings:
                rule = setting.rule
                try:
                    for finding in rule.check_corpus(facts, corpus, setting.options):  # type: ignore[attr-defined]
                        message = sys.intern(bounded(finding.message))  # a template's message is shared by hundreds of files
                        fp = fingerprints.get((rule.id, message))
                        if fp is None:
                            fp = fingerprints[(rule.id, message)] = _hash(rule.id, _DIGITS.sub("#", message))
                        found.append(Diagnostic(result.path, finding.span, rule.id, setting.severity, message, fp))
                except sqlite3.Error:
                    raise  # the index, not the rule: the caller starts again without it
                except Exception as err:  # a bug in a rule must not stop the others
                    found.append(_internal(result.path, rule.id, err))
            if key is not None:
                fresh.setdefault(key, {})[absolute] = seal(marshal.dumps(stored_findings(found)))
            out.append((result, found))
        for key, payloads in fresh.items():
            index.keep(key, payloads)
    finally:
        index.close()
    return out, index.generation


_worker_state: tuple[Config, frozenset[str]] | None = None


def _init_worker(config: Config, known: frozenset[str], parent: int) -> None:
    global _worker_state
    _worker_state = (config, known)
    _as_child(parent)
    gc.enable()  # (a worker forked within _acyclic parses: its trees make cycles)


def _as_child(parent: int) -> None:
    """Set up a forked child of process ``parent``: Ctrl-C is the parent's to handle, SIGTERM
    ends the child at once (not as the parent's KeyboardInterrupt), and the child ends when
    its parent does, even killed: Linux's parent-death signal (elsewhere the parent stops it)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):  # forked with them deferred (signals_deferred)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _DEFERRED)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # no prctl: as elsewhere
            pass
    if os.getppid() != parent:  # the parent ended before the signal was asked for
        os._exit(1)


_PR_SET_PDEATHSIG = 1
_DEFERRED = {signal.SIGINT, signal.SIGTERM}


@contextlib.contextmanager
def signals_deferred() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the block is done. They raise KeyboardInterrupt
    wherever Python is: raised inside a fork's at-fork handlers it is printed and lost, and
    the run goes on. Children forked here start with them blocked (``_as_child`` unblocks);
    threads started here keep them blocked, so the signal always reaches the main thread."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _DEFERRED)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _work(path: str) -> tuple[FileResult, str]:
    assert _worker_state is not None
    config, known = _worker_state
    return lint_file(path, config.collection_for(path)[1], known)


def _lint_all(paths: list[str], config: Config, known: frozenset[str], jobs: int) -> Iterator[tuple[FileResult, str]]:
    return _map(_work, paths, config, known, jobs)


def _map(function: Callable[[str], Any], paths: list[str], config: Config, known: frozenset[str], jobs: int) -> Iterator[Any]:
    """``function`` over ``paths``, in order: in a process pool of ``jobs`` when there are enough."""
    global _worker_state
    if jobs <= 1 or len(paths) < POOL_THRESHOLD:
        _worker_state = (config, known)
        for path in paths:
            yield function(path)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else methods[0])
    chunk = max(1, min(64, len(paths) // (jobs * 8)))
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker, initargs=(config, known, os.getpid()))
    try:
        with signals_deferred():  # map submits every chunk now: the workers are forked here
            results = pool.map(function, paths, chunksize=chunk)
        yield from results
    except BaseException:  # Ctrl-C, or the reader gone: stop the workers now, not after the queue
        _quiet_pool_manager()
        processes = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()
        raise
    pool.shutdown()


class Beside:
    """``work()`` done in a forked child while this process goes on; ``result()`` waits for it.

    Done here instead (when ``result`` is asked) where a fork is not wanted (``parallel``
    false), not available (Windows) or not safe (other threads run: the child would get
    their locks, not them), and where the child fails. ``work`` must give what marshal
    carries, and must not use a database this process has open.
    """

    def __init__(self, work: Callable[[], Any], parallel: bool = True) -> None:
        self.work = work
        self.pid, self.fd = 0, -1
        threading = sys.modules.get("threading")
        if not parallel or not hasattr(os, "fork") or (threading is not None and threading.active_count() > 1):
            return
        read, write = os.pipe()
        parent = os.getpid()
        try:
            with signals_deferred():
                pid = os.fork()
        except OSError:  # no more processes: do it here
            os.close(read)
            os.close(write)
            return
        if pid == 0:  # the child: the work, handed over, then gone without the parent's cleanup
            code = 1
            try:
                os.close(read)
                _as_child(parent)
                data = marshal.dumps(work())
                with open(write, "wb") as out:
                    out.write(data)
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        self.pid, self.fd = pid, read

    def result(self) -> Any:
        if self.pid:
            try:
                with open(self.fd, "rb", closefd=False) as pipe:
                    data = pipe.read()
                status = os.waitpid(self.pid, 0)[1]
                self.pid = 0
            finally:
                self.close()  # (a child not waited for, the read interrupted, is stopped)
            if status == 0:
                try:
                    return marshal.loads(data)
                except (EOFError, ValueError, TypeError):
                    pass
        return self.work()

    def close(self) -> None:
        """Stop the child where its result is not wanted (or not any more)."""
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except OSError:
                pass
            os.waitpid(self.pid, 0)
            self.pid = 0
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


def _quiet_pool_manager() -> None:
    """Keep the pool's manager thread from printing a traceback as the run stops: on
    Python 3.11 it may set BrokenProcessPool on a future that ``map`` has just cancelled
    (InvalidStateError), a race that is harmless here."""
    import threading
    from concurrent.futures import InvalidStateError

    previous = threading.excepthook

    def hook(args: threading.ExceptHookArgs) -> None:
        if not issubclass(args.exc_type, InvalidStateError):
            previous(args)

    threading.excepthook = hook
