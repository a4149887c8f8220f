"""The build: documents -> NLP -> mentions -> resolution (-> RDF -> store in :mod:`kg.build`).

In: paths (and an optional manifest), optionally a :class:`kg.cache.BuildCache`, a number of
worker processes and a progress callback. Out: a :class:`BuildResult` (the resolved corpus, the
rejected articles with reasons, warnings, timings, how many articles were extracted or reused).
One bad article never sinks a build: it is reported and skipped.

Streaming: documents are read lazily and extracted in batches of ``batch_size``; only the batch
in flight holds texts and spaCy parses. With a cache, each batch's mentions are committed to it
in one transaction and an article whose content is already cached is not parsed again
(incremental builds, resumed builds). The cached articles' mentions are read back while the
last batches are still being extracted by the workers. Resolution then runs over all the
articles' mentions: it is corpus-wide by design (shared entity keys, surnames, event
coreference), so its memory grows with the corpus (measured in ``bench/README.md``); the
corpus-surname scan's matches are kept per article in the cache (:class:`kg.resolve.ScanMemo`)
and reused while the corpus's unambiguous surnames stay the same.

Parallelism: ``workers > 1`` runs parsing *and* extraction in a pool of forked processes, each
using ``nlp.pipe`` batching; batches are submitted with a bounded window so reading never runs
ahead of the workers. The same :func:`extract_batch` is what Dask workers run
(:mod:`kg.distributed`).
"""
from __future__ import annotations

import dataclasses
import itertools
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from .documents import Rejected, iter_documents
from .extract import default_extractor
from .model import ArticleMentions, Corpus, Document
from .resolve import Resolver

BATCH_SIZE = 64


@dataclass
class BuildResult:
    corpus: Corpus
    rejected: list[Rejected] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    extracted: int = 0  # articles parsed and extracted in this run
    reused: int = 0  # articles whose cached extraction was reused
    tokens: int = 0  # tokens of the articles built (whitespace-separated words)
    keys: list[str] = field(default_factory=list)  # cache keys of the articles built


def extract_documents(docs: list[Document], rejected: list[Rejected]) -> list[ArticleMentions]:
    ex = default_extractor()
    out = []
    for d, p in zip(docs, _parse_each(docs)):
        if isinstance(p, str):
            rejected.append(Rejected(d.path or d.id, p))
            continue
        try:
            out.append(ex.extract(d, p))
        except Exception as exc:  # one article's failure must not sink the build
            rejected.append(Rejected(d.path or d.id, f"extraction failed: {type(exc).__name__}: {exc}"))
    return out


def extract_batch(docs: list[Document]) -> list[tuple[bytes | None, str | None]]:
    """Parse and extract a batch; per article (pickled ArticleMentions, None) or (None, error).

    Runs in worker processes (local pool or Dask): input and output are plain picklable data.
    """
    from .cache import dumps

    ex = default_extractor()
    out: list[tuple[bytes | None, str | None]] = []
    for d, p in zip(docs, _parse_each(docs)):
        if isinstance(p, str):
            out.append((None, p))
            continue
        try:
            out.append((dumps(ex.extract(d, p)), None))
        except Exception as exc:  # one article's failure must not sink the build
            out.append((None, f"extraction failed: {type(exc).__name__}: {exc}"))
    return out


def _parse_each(docs: list[Document]) -> list:
    """Parse a batch with spaCy's batching; if the batch fails, parse the articles one by one so
    that only the article at fault fails (its entry is then the error message)."""
    from . import nlp

    try:
        return nlp.parse_many([(d.text, d.lang) for d in docs])
    except Exception:
        out: list = []
        for d in docs:
            try:
                out.append(nlp.parse(d.text, d.lang))
            except Exception as exc:
                out.append(f"parsing failed: {type(exc).__name__}: {str(exc)[:300]}")
        return out


# ----------------------------------------------------------------------------- executors
Mapper = Callable[[Iterable[list[Document]]], Iterator[list[tuple[bytes | None, str | None]]]]


def serial_mapper(batches: Iterable[list[Document]]):
    for b in batches:
        yield extract_batch(b)


def _init_worker() -> None:
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    default_extractor()


class PoolMapper:
    """``extract_batch`` over a pool of ``workers`` forked processes, in order, with at most
    ``2 * workers`` batches in flight (bounded memory)."""

    def __init__(self, workers: int):
        self.workers = workers

    def __call__(self, batches: Iterable[list[Document]]):
        import multiprocessing as mp

        it = iter(batches)
        first = next(it, None)
        if first is None:
            return
        # even one batch goes to a worker: the caller's input iterator may do work of its own
        # once it is exhausted (``run`` reads the cached articles then), in parallel
        ctx = mp.get_context("fork")
        with ctx.Pool(self.workers, initializer=_init_worker) as pool:
            pending: deque = deque()
            for b in itertools.chain([first], it):
                pending.append(pool.apply_async(extract_batch, (b,)))
                while len(pending) >= 2 * self.workers:
                    yield pending.popleft().get()
            while pending:
                yield pending.popleft().get()


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def make_mapper(workers: int | None) -> Mapper:
    workers = default_workers() if workers is None else workers
    return PoolMapper(workers) if workers > 1 else serial_mapper


# ----------------------------------------------------------------------------- the run
def _batches(items: Iterable, size: int) -> Iterator[list]:
    batch: list = []
    for it in items:
        batch.append(it)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def run(paths, manifest=None, *, cache=None, workers: int | None = 1, mapper: Mapper | None = None,
        batch_size: int = BATCH_SIZE, progress: Callable[[int, int], None] | None = None) -> BuildResult:
    """Read, extract (or reuse cached extractions) and resolve.

    ``progress(articles_done, tokens_done)`` is called after each batch. Without a ``cache`` the
    mentions of all articles are kept in memory (the original behaviour, fine for small corpora).
    """
    from .cache import article_key, loads

    t0 = time.perf_counter()
    warnings: list[str] = []
    rejected: list[Rejected] = []
    mapper = mapper or make_mapper(workers)
    order: list[tuple[Document, str]] = []  # (document without its text, cache key)
    memory: dict[str, bytes] = {}  # key -> pickled mentions, when there is no cache
    counts = {"extracted": 0, "reused": 0, "tokens": 0, "done": 0}
    from_cache: set[str] = set()  # keys of the articles whose extraction is reused
    preloaded: dict[str, ArticleMentions] = {}
    loading = [0.0]  # seconds spent reading cached mentions

    def todo() -> Iterator[list[Document]]:
        """Documents to extract, in batches; cached ones are only recorded."""
        for batch in _batches(iter_documents(paths, manifest, warnings), batch_size):
            docs = [d for d in batch if isinstance(d, Document)]
            rejected.extend(d for d in batch if isinstance(d, Rejected))
            keys = [article_key(d) for d in docs]
            hit = cache.has(keys) if cache is not None else set()
            new = []
            for d, k in zip(docs, keys):
                order.append((dataclasses.replace(d, text=""), k))
                counts["tokens"] += len(d.text.split())
                if k in hit:
                    counts["reused"] += 1
                    from_cache.add(k)
                else:
                    new.append(d)
            counts["done"] += len(docs) - len(new)
            if new:
                yield new
            elif progress:
                progress(counts["done"], counts["tokens"])
        # everything is read and the last batches are being extracted (by worker processes,
        # when there are several): meanwhile, read the cached articles' mentions
        if cache is not None and from_cache:
            t = time.perf_counter()
            keys = list(dict.fromkeys(k for _, k in order if k in from_cache))
            preloaded.update(zip(keys, cache.iter_get(keys)))
            loading[0] += time.perf_counter() - t

    failed: set[str] = set()
    new_batches = todo()
    batches_in: deque[list[Document]] = deque()

    def remember(it):
        for b in it:
            batches_in.append(b)
            yield b

    for results in mapper(remember(new_batches)):
        docs = batches_in.popleft()
        items = []
        for d, (blob, err) in zip(docs, results):
            k = article_key(d)
            if blob is None:
                rejected.append(Rejected(d.path or d.id, err or "extraction failed", d.id))
                failed.add(k)
            else:
                items.append((k, blob))
        if cache is not None:
            cache.put_many(items)  # one transaction per batch
        else:
            memory.update(items)
        counts["extracted"] += len(items)
        counts["done"] += len(docs)
        if progress:
            progress(counts["done"], counts["tokens"])
    t1 = time.perf_counter()

    order = [(d, k) for d, k in order if k not in failed]
    keys = [k for _, k in order]
    if cache is not None:  # the rest (extracted in this run, or a key seen twice): from the cache
        need, taken = [], set()
        for k in keys:
            if k in preloaded and k not in taken:
                taken.add(k)
            else:
                need.append(k)
        rest = iter(cache.iter_get(need))
        blobs = (preloaded.pop(k) if k in preloaded else next(rest) for k in keys)
    else:
        blobs = (loads(memory.pop(k)) for k in keys)
    mentions = []
    for (doc, _), am in zip(order, blobs):
        # the cache key ignores where the article was read from: take that from this run
        am.doc = dataclasses.replace(am.doc, path=doc.path, sha256=doc.sha256)
        mentions.append(am)
    t2 = time.perf_counter()
    ex = default_extractor()
    memo = cache.scan_memo() if cache is not None else None
    corpus = Resolver(ex.gaz).resolve(mentions, memo, keys)
    if memo is not None:
        cache.save_scan_memo(memo)
    t3 = time.perf_counter()
    for art in corpus.articles:
        warnings.extend(art.warnings)
    return BuildResult(corpus, rejected, warnings,
                       {"read+extract": t1 - t0 - loading[0], "load": t2 - t1 + loading[0],
                        "resolve": t3 - t2},
                       extracted=counts["extracted"], reused=counts["reused"],
                       tokens=counts["tokens"], keys=keys)


__all__ = ["BuildResult", "extract_documents", "extract_batch", "run", "make_mapper", "PoolMapper",
           "serial_mapper", "default_workers"]
