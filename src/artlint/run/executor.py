"""Where files are checked: here, in a process pool, or in one forked child beside.

Results come back in the order the files were given, whatever the number of workers.
Workers are forked children that die with the run: Ctrl-C is the parent's to handle,
SIGTERM ends them, and so does their parent's death (even killed).
"""

from __future__ import annotations

import contextlib
import marshal
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from ..lint import lint_file
from . import memory

if TYPE_CHECKING:
    from ..config import Config
    from ..diagnostic import FileResult

#: Below this many files to check, a process pool costs more than it saves.
POOL_THRESHOLD = 48
_PR_SET_PDEATHSIG = 1
_DEFERRED = {signal.SIGINT, signal.SIGTERM}


def jobs_default() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


_worker_state: tuple[Config, frozenset[str]] | None = None


def _init_worker(config: Config, known: frozenset[str], parent: int) -> None:
    global _worker_state
    _worker_state = (config, known)
    as_child(parent)
    memory.for_worker()


def _lint(path: str) -> tuple[FileResult, str]:
    assert _worker_state is not None
    config, known = _worker_state
    return lint_file(path, config.collection_for(path)[1], known)


def lint_all(paths: list[str], config: Config, known: frozenset[str], jobs: int) -> Iterator[tuple[FileResult, str]]:
    """Each file of ``paths`` checked, and the hash of its bytes, in order."""
    return map_files(_lint, paths, config, known, jobs)


def map_files(function: Callable[[str], Any], paths: list[str], config: Config, known: frozenset[str], jobs: int) -> Iterator[Any]:
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
        manager = getattr(pool, "_executor_manager_thread", None)
        processes = _workers(pool, [])
        pool.shutdown(wait=False, cancel_futures=True)
        _stop(_workers(pool, processes), manager)  # (one started meanwhile too)
        raise
    pool.shutdown()


def _workers(pool: Any, known: list[Any]) -> list[Any]:
    """The worker processes of ``pool``, those ``known`` first."""
    return [*known, *(p for p in (getattr(pool, "_processes", None) or {}).values() if p not in known)]


def _stop(processes: list[Any], manager: Any) -> None:
    """Stop the workers and reap them: gone before the error reaches the caller. The pool's
    manager thread reaps them too; it is waited for first, since a child reaped by one thread
    looks alive to the other until that thread has noted its exit code."""
    for process in processes:
        process.terminate()
    if manager is not None:
        manager.join(5)
    for process in processes:
        process.join(5)
        if process.is_alive():
            process.kill()
            process.join(5)


def as_child(parent: int) -> None:
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


@contextlib.contextmanager
def signals_deferred() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the block is done. They raise KeyboardInterrupt
    wherever Python is: raised inside a fork's at-fork handlers it is printed and lost, and
    the run goes on. Children forked here start with them blocked (``as_child`` unblocks);
    threads started here keep them blocked, so the signal always reaches the main thread."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _DEFERRED)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


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
            with signals_deferred():  # (a signal that came meanwhile is raised at its end: the child is known by then)
                try:
                    pid = os.fork()
                except OSError:  # no more processes: do it here
                    os.close(read)
                    os.close(write)
                    return
                if pid == 0:  # the child: the work, handed over, then gone without the parent's cleanup
                    _child(work, read, write, parent)
                os.close(write)
                self.pid, self.fd = pid, read
        except BaseException:  # Ctrl-C during the fork: the caller never gets this object to close
            self.close()
            raise

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


def _child(work: Callable[[], Any], read: int, write: int, parent: int) -> None:
    """The forked child of ``Beside``: ``work()`` marshalled into the pipe, then gone
    without the parent's cleanup."""
    code = 1
    try:
        os.close(read)
        as_child(parent)
        data = marshal.dumps(work())
        with open(write, "wb") as out:
            out.write(data)
        code = 0
    finally:
        os._exit(code)


class Standby:
    """A child forked ahead of the check: it gets ready to check files (``lint.prepare``:
    the parsers imported, the schemas compiled) while this process looks up the store, then
    checks the files it is sent (``check``). Where no child could be forked, or it fails,
    the files are checked here. ``close`` stops it, used or not."""

    def __init__(self, config: Config, known: frozenset[str], parallel: bool) -> None:
        self.config, self.known = config, known
        self.paths: list[str] | None = None  # (set here when sent: the child's are read from the pipe)
        self.requests, self.send = os.pipe()
        try:
            self.beside = Beside(self._work, parallel)
        except BaseException:  # Ctrl-C during the fork (Beside stopped its child): no pipe left open
            os.close(self.send)
            raise
        finally:
            os.close(self.requests)  # (the child's end)
        if not self.beside.pid:
            self._close_send()

    def _work(self) -> list[Any]:
        from ..lint import prepare
        from ..store.codec import portable

        paths = self.paths
        if paths is None:  # the child: ready first, then the files it is sent
            os.close(self.send)
            prepare(self.config.schemas())
            paths = marshal.loads(_receive(self.requests))
        return [portable(*lint_file(path, self.config.collection_for(path)[1], self.known)) for path in paths]

    def check(self, paths: Sequence[str]) -> Iterator[tuple[FileResult, str]]:
        """The results of ``paths``, once asked for (in order); the child gets them now."""
        self.paths = list(paths)
        if self.send >= 0:
            try:
                _deliver(self.send, marshal.dumps(self.paths))
            except OSError:  # the child is gone: its result says so, and the files are checked here
                pass
            self._close_send()
        return self._results()

    def _results(self) -> Iterator[tuple[FileResult, str]]:
        from ..corpus.facts import Entry
        from ..store.codec import from_portable

        for value in self.beside.result():
            yield from_portable(value, Entry)

    def close(self) -> None:
        self._close_send()
        self.beside.close()

    def _close_send(self) -> None:
        if self.send >= 0:
            os.close(self.send)
            self.send = -1


def _deliver(fd: int, data: bytes) -> None:
    """``data`` into the pipe ``fd``, after its length (the reader needs no end of file:
    a child forked later holds this end too)."""
    view = memoryview(len(data).to_bytes(8, "little") + data)
    while view:
        view = view[os.write(fd, view) :]


def _receive(fd: int) -> bytes:
    """What ``_deliver`` put into the pipe ``fd`` (EOFError: it was closed first)."""
    def exactly(size: int) -> bytes:
        parts = []
        while size:
            part = os.read(fd, size)
            if not part:
                raise EOFError("the pipe was closed")
            parts.append(part)
            size -= len(part)
        return b"".join(parts)

    return exactly(int.from_bytes(exactly(8), "little"))


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
