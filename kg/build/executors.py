"""Executors: where the build's tasks run (here, in forked processes, or on a Dask cluster).

In: a task function, an iterable of tasks (read lazily) and, optionally, a ``shared`` value that
every task reads. Out: ``fn(task)`` (or, given ``shared``, ``fn(shared, task)``) for each task,
in task order.

Every executor keeps at most ``window`` tasks in flight (by default two per worker), so the
tasks are read no faster than the workers take them and memory stays bounded however many
there are. The extraction, the per-article resolution and the graph serialisation of
:mod:`kg.build` all go through :meth:`Executor.map_ordered`; :func:`make_executor` picks the
local one, :mod:`kg.build.dask` provides the cluster one.

``shared`` is handed over once, not with each task: a forked worker inherits it (it is set
before the processes fork), a Dask cluster receives it once (scattered to every worker).
"""
from __future__ import annotations

import itertools
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

_SHARED: Any = None  # the ``shared`` value of the map in flight, inherited by forked workers


def default_workers() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def batches(items: Iterable, size: int) -> Iterator[list]:
    """``items`` in lists of ``size`` (the last one shorter), read lazily."""
    batch: list = []
    for it in items:
        batch.append(it)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def call(fn: Callable, shared: Any, task: Any) -> Any:
    """``fn(task)``, or ``fn(shared, task)`` when there is a shared value (not None)."""
    return fn(task) if shared is None else fn(shared, task)


def in_order(submit: Callable[[Any], Any], collect: Callable[[Any], Any], tasks: Iterable,
             window: int) -> Iterator:
    """The bounded-window loop every executor runs: ``submit(task)`` for each task as it is
    read, at most ``window`` submitted and not yet collected, ``collect(handle)`` in task order."""
    pending: deque = deque()
    for t in tasks:
        pending.append(submit(t))
        while len(pending) >= window:
            yield collect(pending.popleft())
    while pending:
        yield collect(pending.popleft())


class Executor:
    """Runs tasks in order with a bounded window. Subclasses say where."""

    workers = 1

    def map_ordered(self, fn: Callable, tasks: Iterable, *, shared: Any = None,
                    window: int | None = None) -> Iterator:
        """``fn(task)`` for each task (``fn(shared, task)`` given ``shared``), results in task
        order, with at most ``window`` tasks in flight (default: two per worker)."""
        raise NotImplementedError

    def close(self) -> None:
        """Release what the executor holds (nothing, for the local ones)."""


class Serial(Executor):
    """Every task here, one after the other."""

    def map_ordered(self, fn, tasks, *, shared=None, window=None):
        for t in tasks:
            yield call(fn, shared, t)


def _init_worker() -> None:
    """A forked worker: one thread for numpy; Ctrl-C left to the parent (which ends the pool);
    killed with the parent (Linux), rather than printing a BrokenPipe traceback when it is gone."""
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass


def _run_shared(fn: Callable, task: Any) -> Any:
    """In a forked worker: the task with the ``shared`` value it inherited."""
    return call(fn, _SHARED, task)


_END = object()


class Forked(Executor):
    """A pool of ``workers`` forked processes for each map (started only when there is a task,
    even for one: the caller's task iterator may go on working, in parallel, once the last task
    is read). The processes inherit ``shared`` instead of receiving it."""

    def __init__(self, workers: int):
        self.workers = workers

    def map_ordered(self, fn, tasks, *, shared=None, window=None):
        import multiprocessing as mp

        global _SHARED
        it = iter(tasks)
        first = next(it, _END)
        if first is _END:
            return
        window = window or 2 * self.workers
        _SHARED = shared
        try:
            with mp.get_context("fork").Pool(self.workers, initializer=_init_worker) as pool:
                yield from in_order(lambda t: pool.apply_async(_run_shared, (fn, t)),
                                    lambda r: r.get(), itertools.chain([first], it), window)
        finally:
            _SHARED = None


def make_executor(workers: int | None) -> Executor:
    """Forked processes for ``workers > 1`` (None: one per core), else :class:`Serial`."""
    workers = default_workers() if workers is None else workers
    return Forked(workers) if workers > 1 else Serial()
