"""Executors: here, forked processes or a Dask cluster, each returns the tasks' results in task
order, hands every task the shared value, and reads the tasks no further ahead than its window."""
from __future__ import annotations

import os

import pytest

from kg.build.executors import Forked, Serial, batches, make_executor


def offset(shared: int, task: int) -> tuple[int, int]:
    return shared + task, os.getpid()


def square(task: int) -> int:
    return task * task


@pytest.mark.parametrize("executor", [Serial(), Forked(2)], ids=["serial", "forked"])
def test_results_come_in_task_order_with_the_shared_value(executor):
    out = list(executor.map_ordered(offset, range(20), shared=1000))
    assert [r for r, _ in out] == [1000 + i for i in range(20)]
    pids = {pid for _, pid in out}
    assert (pids == {os.getpid()}) if isinstance(executor, Serial) else (os.getpid() not in pids)
    assert list(executor.map_ordered(square, range(5))) == [0, 1, 4, 9, 16]  # no shared value


@pytest.mark.parametrize("window", [1, 3])
def test_tasks_are_read_no_further_ahead_than_the_window(window):
    read = []

    def tasks():
        for i in range(12):
            read.append(i)
            yield i

    for done, _ in enumerate(Forked(2).map_ordered(square, tasks(), window=window), 1):
        assert len(read) <= done + window - 1, (done, read)
    assert len(read) == 12


def test_no_task_starts_no_process_and_the_choice_follows_the_workers():
    assert list(Forked(2).map_ordered(square, iter(()))) == []
    assert isinstance(make_executor(1), Serial) and make_executor(3).workers == 3
    assert list(batches(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]


def test_dask_runs_the_same_tasks_in_order():
    distributed = pytest.importorskip("dask.distributed")
    from kg.build.dask import DaskExecutor

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        ex = DaskExecutor(client)
        assert ex.workers == 2
        assert [r for r, _ in ex.map_ordered(offset, range(9), shared=7)] == \
            [7 + i for i in range(9)]
        ex.close()  # a client passed in stays open
        assert client.status == "running"
