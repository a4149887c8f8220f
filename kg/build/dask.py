"""The Dask executor of ``kg build --scheduler ADDR``: the build's tasks on a cluster.

In: a scheduler address (``tcp://HOST:PORT``), ``local`` (a ``LocalCluster`` on this machine, one
single-threaded worker process per core) or a ``dask.distributed.Client``. Out: a
:class:`kg.build.executors.Executor` whose :meth:`DaskExecutor.map_ordered` submits the tasks to
the cluster, at most two per worker in flight, and yields their results in order.

:func:`kg.build.run.build_all` runs the extraction (:func:`kg.build.extraction.extract_batch`)
and the serialisation of the changed named graphs (:func:`kg.build.shards.make_shard_file`) on it;
resolution stays on the client, since it is corpus-wide (entity keys, surnames, event
coreference) and cheap next to parsing. Both sides must run the same version of this package
(workers import ``kg``).
"""
from __future__ import annotations

from kg.build.executors import Executor, call, default_workers, in_order


class DaskExecutor(Executor):
    """A connection to a Dask cluster (closed with :meth:`close`; a ``Client`` passed in is
    left open)."""

    def __init__(self, scheduler, *, n_workers: int | None = None, processes: bool = True):
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError as exc:  # pragma: no cover - dask is a declared dependency
            raise ImportError("the Dask backend needs 'dask[distributed]' "
                              "(pip install 'dask[distributed]')") from exc
        self.cluster = None
        self._own_client = True
        if isinstance(scheduler, Client):
            self.client, self._own_client = scheduler, False
        elif scheduler == "local":
            self.cluster = LocalCluster(n_workers=n_workers or default_workers(),
                                        threads_per_worker=1, processes=processes,
                                        dashboard_address=None, host="127.0.0.1")
            self.client = Client(self.cluster)
        else:
            if not str(scheduler).startswith(("tcp://", "tls://", "inproc://", "ucx://")):
                raise ValueError(f"--scheduler {scheduler!r}: expected tcp://HOST:PORT or 'local'")
            try:
                self.client = Client(scheduler, timeout="20s")
            except OSError as exc:
                raise OSError(f"cannot reach the Dask scheduler at {scheduler} ({exc}); is "
                              "`dask scheduler` running there?") from exc

    @property
    def workers(self) -> int:
        return max(1, len(self.client.scheduler_info().get("workers", {})))

    def map_ordered(self, fn, tasks, *, shared=None, window=None):
        if shared is not None:  # sent once to every worker; tasks name it by its future
            [shared] = self.client.scatter([shared], broadcast=True)
        yield from in_order(lambda t: self.client.submit(call, fn, shared, t, pure=False),
                            lambda future: future.result(), tasks, window or 2 * self.workers)

    def close(self) -> None:
        if self._own_client:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()
