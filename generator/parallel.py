"""Independent CPU-bound jobs on every core, by forking.

Forked children inherit the parent's memory, so the loaded content (or a compiled
scanner) reaches them without being pickled per job; only each job and its result
cross the process boundary.  Where fork is unavailable (Windows) or the work is small,
the jobs run here, in order, with the same results.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
import signal
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar

S = TypeVar("S")
J = TypeVar("J")
R = TypeVar("R")

_TASK: tuple[Callable[[Any, Any], Any], Any] | None = None


_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """In a forked worker: be killed when the process that forked us dies, even by
    SIGKILL, instead of living on (holding memory and half-written files).  Linux only;
    elsewhere the executor's own shutdown is all there is."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)


def _trim_heap() -> None:
    """Give the C heap's free pages back to the system before forking (glibc only).

    Every page the parent holds is counted again in each child's resident size, free ones
    too: after MkDocs has rendered a city's pages, this process keeps ~120 MB of freed heap
    that ``free()`` does not return, and each check worker forked then carried it.  Trimming
    costs milliseconds."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):  # not glibc (musl has no malloc_trim)
            ctypes.CDLL(None).malloc_trim(0)


def _call(job: Any) -> Any:
    assert _TASK is not None
    function, state = _TASK
    return function(state, job)


def fork_map(function: Callable[[S, J], R], state: S, jobs: Sequence[J], *, parallel: bool = True,
             workers: int | None = None, chunksize: int = 1) -> list[R]:
    """``[function(state, job) for job in jobs]``, spread over forked processes when
    ``parallel`` and there is more than one core and more than one job."""
    with forked_map(function, state, jobs, parallel=parallel, workers=workers, chunksize=chunksize) as results:
        return list(results)


@contextlib.contextmanager
def forked_map(function: Callable[[S, J], R], state: S, jobs: Sequence[J], *, parallel: bool = True,
               workers: int | None = None, chunksize: int = 1) -> Iterator[Iterator[R]]:
    """``fork_map`` whose results this process takes one by one, in order, as they are done:
    the jobs are forked on entering, so this process can do work of its own before it takes
    the first (what the jobs need not wait for) and work on each result while the others
    still run.  Without forking the jobs run as the results are taken."""
    count = min(workers or os.cpu_count() or 1, len(jobs))
    if not parallel or count < 2 or sys.platform == "win32":
        yield (function(state, job) for job in jobs)
        return
    global _TASK
    _TASK = (function, state)
    # a collection in a child would touch every inherited object and copy the pages
    # holding them; frozen objects are left alone, so the children share them
    gc.freeze()
    _trim_heap()
    try:
        with ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("fork"),
                                 initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
            # every job is submitted (the workers forked) here, before this process goes on
            yield pool.map(_call, jobs, chunksize=chunksize)
    finally:
        gc.unfreeze()
        _TASK = None


def fork_share(function: Callable[[S, J], R], state: S, jobs: Sequence[J], *, workers: int | None = None,
               chunk: int = 8, meanwhile: Callable[[], object] | None = None) -> list[R]:
    """``[function(state, job) for job in jobs]``, this process and ``workers - 1`` forked
    ones taking ``chunk`` jobs at a time from a shared counter until none is left.

    For many short jobs on few cores (letters): with ``fork_map`` this process only waits
    while its pool works, and the pool's threads and its pickling of every job and result
    take the cores from the workers; here this process is one of the workers, the jobs
    reach the others by fork and only the results come back, and whichever process is
    less busy (the machine is shared) takes more chunks.  Chunks shrink towards the end
    (a share of what is left, at most ``chunk``), so the processes finish within a job of
    each other.  The first failure stops the others from taking more and is raised here
    as it was raised.

    ``meanwhile``: work of this process's own that the jobs do not need (such as writing
    what their results will be recorded in), done once the others have started: they take
    more of the jobs while it runs, so it costs about half its time instead of all of it.
    If it fails, the jobs are stopped and its exception raised."""
    count = min(workers or os.cpu_count() or 1, len(jobs))
    if count < 2 or sys.platform == "win32":
        if meanwhile is not None:
            meanwhile()
        return [function(state, job) for job in jobs]
    context = multiprocessing.get_context("fork")
    taken = context.Value("q", 0)  # the next chunk's first job; its lock makes taking one atomic
    parent = os.getpid()
    gc.freeze()  # as in fork_map: the children share the inherited objects' pages
    _trim_heap()
    children: list[tuple[BaseProcess, Connection]] = []
    finished = False
    try:
        for _ in range(count - 1):
            reader, writer = context.Pipe(duplex=False)
            child = context.Process(target=_share, daemon=True,
                                    args=(writer, parent, function, state, jobs, chunk, taken, count))
            child.start()
            writer.close()
            children.append((child, reader))
        if meanwhile is not None:  # a failure here stops the others too (below)
            meanwhile()
        results = _take_chunks(function, state, jobs, chunk, taken, count)
        for process, reader in children:
            results.update(_received(reader, process, join=False))
        finished = True
        return [results[index] for index in range(len(jobs))]
    finally:
        for process, reader in children:
            reader.close()
            if not finished:  # a failure here or in a worker: the others' results are not wanted
                process.terminate()
                process.join()
            # else it has sent its results and is ending: not waited for (its exit, the
            # teardown of its copy of this process's memory, took ~10 ms); multiprocessing
            # reaps it when it next starts a process or at exit
        gc.unfreeze()


def _take_chunks(function: Callable[[S, J], R], state: S, jobs: Sequence[J], chunk: int,
                 taken: Any, workers: int) -> dict[int, R]:
    """Run chunks of ``jobs`` as long as there are any left to take; results by job index.
    A chunk is at most ``chunk`` jobs and at most a ``2 * workers``-th of those left, so
    the last ones are taken one at a time and no process waits a whole chunk for another.
    A failure leaves none to take: the other processes stop after their current chunk."""
    done: dict[int, R] = {}
    try:
        while True:
            with taken.get_lock():
                first = taken.value
                size = max(1, min(chunk, (len(jobs) - first) // (2 * workers)))
                taken.value = first + size
            if first >= len(jobs):
                return done
            for index in range(first, min(first + size, len(jobs))):
                done[index] = function(state, jobs[index])
    except BaseException:
        with taken.get_lock():
            taken.value = len(jobs)
        raise


def _share(writer: Connection, parent: int, function: Callable[[Any, Any], Any], state: Any,
           jobs: Sequence[Any], chunk: int, taken: Any, workers: int) -> None:
    _reply(writer, parent, lambda: _take_chunks(function, state, jobs, chunk, taken, workers))


def forks(parallel: bool) -> bool:
    """Whether ``Background(..., parallel=parallel)`` runs its work in a forked process."""
    return parallel and (os.cpu_count() or 1) > 1 and sys.platform != "win32"


class Background(Generic[S, J, R]):
    """``function(state, job)`` in a forked process while this one goes on (MkDocs is
    single-threaded: the second core is otherwise idle); ``result()`` waits for it.
    Used as a context manager, so a failure here stops the child too."""

    def __init__(self, function: Callable[[S, J], R], state: S, job: J, *, parallel: bool = True,
                 nice: int = 0) -> None:
        """``nice``: how much less of a core the forked process asks for than this one (work that
        must not slow a process on the critical path, such as MkDocs')."""
        self._call = (function, state, job)
        self._process: BaseProcess | None = None
        if forks(parallel):
            context = multiprocessing.get_context("fork")
            _trim_heap()
            self._reader, writer = context.Pipe(duplex=False)
            self._process = context.Process(target=_send, args=(writer, os.getpid(), nice, function, state, job),
                                            daemon=True)
            self._process.start()
            writer.close()

    @property
    def finished(self) -> bool:
        """Its result can be taken without waiting for the work (it has been sent, or failed)."""
        return self._process is None or self._reader.poll() or not self._process.is_alive()

    @property
    def running(self) -> bool:
        """The forked process has not finished yet (``result()`` would wait)."""
        return self._process is not None and self._process.is_alive()

    def result(self) -> R:
        if self._process is None:
            function, state, job = self._call
            return function(state, job)
        try:
            return _received(self._reader, self._process)  # type: ignore[no-any-return]
        finally:
            self._process = None

    def __enter__(self) -> Background[S, J, R]:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.join()


def _received(reader: Connection, process: BaseProcess, *, join: bool = True) -> Any:
    """What a forked child sent with ``_reply`` (once it has ended, with ``join``): its
    result, or what it raised."""
    try:
        ok, value = reader.recv()
    except EOFError:
        process.join()
        raise RuntimeError(f"background worker died (exit code {process.exitcode})") from None
    finally:
        if join:
            process.join()
    if isinstance(value, BaseException):  # the worker's own exception, its traceback in a note
        raise value
    if not ok:
        raise RuntimeError(f"background worker failed:\n{value}")
    return value


def _send(writer: Connection, parent: int, nice: int, function: Callable[[Any, Any], Any], state: Any,
          job: Any) -> None:
    if nice:
        os.nice(nice)
    _reply(writer, parent, lambda: function(state, job))


def _reply(writer: Connection, parent: int, work: Callable[[], Any]) -> None:
    """In a forked child: ``work()``'s result, or the exception it raised, sent to the parent."""
    die_with_parent(parent)
    gc.freeze()  # what it inherited is never garbage here: a collector's pass would copy every page it touched
    try:
        writer.send((True, work()))
    except BaseException as exc:
        # raised again in the parent as it is (an OutputError's message reaches the user as if
        # the work had been done there), with where it happened here as a note
        exc.add_note(f"in a background worker:\n{traceback.format_exc()}")
        try:
            writer.send((False, exc))
        except Exception:  # an exception that does not pickle: its traceback as text
            writer.send((False, traceback.format_exc()))
    finally:
        writer.close()
