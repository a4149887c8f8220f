"""The Dask backend of ``kg build --scheduler ADDR``: extraction and graph serialisation on a cluster.

In: a scheduler address (``tcp://HOST:PORT``), ``local`` (a ``LocalCluster`` on this machine, one
single-threaded worker process per core) or a ``dask.distributed.Client``. Out: two mappers used
by :func:`kg.build.run.build_all`:

- :meth:`DaskBackend.extract_mapper`: batches of documents -> per article pickled mentions, run by
  :func:`kg.build.extraction.extract_batch` on the workers (each loads the spaCy pipelines once);
- :meth:`DaskBackend.graph_shards`: the named graphs that changed -> N-Quads shards, made by
  :func:`kg.build.run.articles_nquads` on the workers from the resolved facts and only the entities
  those articles name. With ``shards_dir`` (a folder every worker and the client can reach, e.g.
  NFS) the workers write ``shard-NNNNN.nq`` files there and the client reads them; otherwise the
  shards come back through Dask.

Resolution stays on the client: it is corpus-wide (entity keys, surnames, event coreference) and
cheap next to parsing. The client loads each shard into the embedded store in one transaction,
exactly as the local build does, so the store holds the same quads either way. Shards kept in
``shards_dir`` can also be bulk-loaded into a server store (``oxigraph load``, Virtuoso
``ld_dir``). Both sides must run the same version of this package (workers import ``kg``).
"""
from __future__ import annotations

import itertools
import os
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.model import Document


def _write_shard(arts, entities, base, check_with, path: str):
    from kg.build.run import make_shard
    from kg.fileio import atomic_write

    data, rep = make_shard(arts, entities, base, check_with)
    atomic_write(path, lambda f: f.write(data))
    return path, rep


def _shard(arts, entities, base, check_with):
    from kg.build.run import make_shard

    return make_shard(arts, entities, base, check_with)


class DaskBackend:
    """A connection to a Dask cluster (closed with :meth:`close`)."""

    def __init__(self, scheduler, *, shards_dir: str | os.PathLike | None = None,
                 n_workers: int | None = None, processes: bool = True):
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
            from kg.build.extraction import default_workers

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
        self.shards_dir = Path(shards_dir) if shards_dir else None
        if self.shards_dir:
            self.shards_dir.mkdir(parents=True, exist_ok=True)
        self._shard_no = itertools.count()

    @property
    def n_workers(self) -> int:
        return max(1, len(self.client.scheduler_info().get("workers", {})))

    def close(self) -> None:
        if self._own_client:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def _ordered(self, submissions: Iterable) -> Iterator:
        """Submit lazily, at most 2 tasks per worker in flight, and yield results in order."""
        window = 2 * self.n_workers
        pending: deque = deque()
        for fn, args in submissions:
            pending.append(self.client.submit(fn, *args, pure=False))
            while len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    def extract_mapper(self):
        from kg.build.extraction import extract_batch

        def mapper(batches: Iterable[list[Document]]):
            yield from self._ordered((extract_batch, (b,)) for b in batches)

        return mapper

    def graph_shards(self, corpus, base, changed, batch: int, check_with: bytes | None = None):
        """(digests, N-Quads bytes, SHACL report or None) per shard of at most ``batch`` changed
        article graphs; ``check_with``: the gazetteer graph's N-Quads, to validate on the workers."""
        from kg.build.run import article_entities
        from kg.build.extraction import _batches

        def submissions(metas: list):
            for chunk in _batches(changed, batch):
                arts = [a for *_, a in chunk]
                ents: dict = {}
                for a in arts:
                    ents.update(article_entities(a, corpus.entities))
                metas.append({i: d for i, d, _ in chunk})
                if self.shards_dir:
                    path = str(self.shards_dir / f"shard-{next(self._shard_no):05d}.nq")
                    yield _write_shard, (arts, ents, base, check_with, path)
                else:
                    yield _shard, (arts, ents, base, check_with)

        metas: list = []
        for i, (res, rep) in enumerate(self._ordered(submissions(metas))):
            data = Path(res).read_bytes() if self.shards_dir else res
            yield metas[i], data, rep
