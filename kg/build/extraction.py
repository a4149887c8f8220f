"""The build: documents -> NLP -> mentions -> resolution (-> RDF -> store in :mod:`kg.build`).

In: paths (and an optional manifest), optionally a :class:`kg.store.cache.BuildCache`, a number of
worker processes and a progress callback. Out: :class:`Extracted` (the articles, and where their
mentions are) or, from :func:`run`, a :class:`BuildResult` (the resolved corpus, the rejected
articles with reasons, warnings, timings, how many articles were extracted or reused).
One bad article never sinks a build: it is reported and skipped.

Streaming: documents are read lazily and extracted in batches of ``batch_size``; only the batch
in flight holds texts and spaCy parses. With a cache, each batch's mentions are committed to it
in one transaction and an article whose content is already cached is not parsed again
(incremental builds, resumed builds). :func:`extract` returns the articles in order by cache key
(:class:`Extracted`); ``kg build`` resolves them in a streaming way (:mod:`kg.build`), while
:func:`run` resolves them in memory for the commands that need the whole corpus's facts
(``kg extract``, ``kg eval``).

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

from kg.ingest.documents import Rejected, iter_documents
from kg.extract.extractor import default_extractor
from kg.model import ArticleMentions, Corpus, Document
from kg.resolve import Resolver, person_names

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
    from kg.store.cache import dumps

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
    from kg.nlp import pipeline as nlp

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


@dataclass
class Extracted:
    """What reading and extraction leave for resolution: the articles in input order, by cache
    key, with where this run read them from, and where their mentions are (the build cache, or
    ``memory`` without one)."""
    keys: list[str]
    ids: list[str]  # document ids
    sources: list[tuple[str | None, str]]  # (path, sha256) of each article in this run
    rejected: list[Rejected] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    extracted: int = 0
    reused: int = 0
    tokens: int = 0
    cache: object = None  # a kg.store.cache.BuildCache
    memory: dict[str, bytes] = field(default_factory=dict)  # key -> pickled mentions

    def blobs(self, start: int, stop: int) -> list[bytes]:
        """The pickled mentions of articles ``start`` to ``stop``."""
        keys = self.keys[start:stop]
        return self.cache.get_blobs(keys) if self.cache is not None else \
            [self.memory[k] for k in keys]

    def names(self, start: int, stop: int) -> list[list[str]]:
        """The person names of articles ``start`` to ``stop`` (see :func:`kg.resolve.person_names`)."""
        if self.cache is not None:
            return self.cache.person_names(self.keys[start:stop])
        from kg.store.cache import loads

        return [person_names(loads(b)) for b in self.blobs(start, stop)]


def mentions_of(blob: bytes, source: tuple[str | None, str]) -> ArticleMentions:
    """An article's cached mentions, with where this run read it from (the cache key ignores it)."""
    from kg.store.cache import loads

    am = loads(blob)
    am.doc = dataclasses.replace(am.doc, path=source[0], sha256=source[1])
    return am


def extract(paths, manifest=None, *, cache=None, workers: int | None = 1,
            mapper: Mapper | None = None, batch_size: int = BATCH_SIZE,
            progress: Callable[[int, int], None] | None = None) -> Extracted:
    """Read and extract (or reuse cached extractions), streaming.

    ``progress(articles_done, tokens_done)`` is called after each batch. Without a ``cache`` the
    pickled mentions of all articles are kept in memory (fine for small corpora).
    """
    from kg.store.cache import article_key

    t0 = time.perf_counter()
    warnings: list[str] = []
    rejected: list[Rejected] = []
    mapper = mapper or make_mapper(workers)
    order: list[tuple[str, str | None, str, str]] = []  # (id, path, sha256, cache key)
    memory: dict[str, bytes] = {}
    counts = {"extracted": 0, "reused": 0, "tokens": 0, "done": 0}

    def todo() -> Iterator[list[Document]]:
        """Documents to extract, in batches; cached ones are only recorded."""
        for batch in _batches(iter_documents(paths, manifest, warnings), batch_size):
            docs = [d for d in batch if isinstance(d, Document)]
            rejected.extend(d for d in batch if isinstance(d, Rejected))
            keys = [article_key(d) for d in docs]
            hit = cache.has(keys) if cache is not None else set()
            new = []
            for d, k in zip(docs, keys):
                order.append((d.id, d.path, d.sha256, k))
                counts["tokens"] += len(d.text.split())
                if k in hit:
                    counts["reused"] += 1
                else:
                    new.append(d)
            counts["done"] += len(docs) - len(new)
            if new:
                yield new
            elif progress:
                progress(counts["done"], counts["tokens"])

    failed: set[str] = set()
    batches_in: deque[list[Document]] = deque()

    def remember(it):
        for b in it:
            batches_in.append(b)
            yield b

    for results in mapper(remember(todo())):
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
    kept = [o for o in order if o[3] not in failed]
    return Extracted([o[3] for o in kept], [o[0] for o in kept], [(o[1], o[2]) for o in kept],
                     rejected, warnings,
                     {"read+extract": time.perf_counter() - t0}, counts["extracted"],
                     counts["reused"], counts["tokens"], cache, memory)


def run(paths, manifest=None, *, workers: int | None = 1, mapper: Mapper | None = None,
        batch_size: int = BATCH_SIZE, progress: Callable[[int, int], None] | None = None) -> BuildResult:
    """Read, extract and resolve, all in memory (``kg extract``, ``kg eval``; ``kg build``
    streams the resolution instead, see :mod:`kg.build`)."""
    ex = extract(paths, manifest, workers=workers, mapper=mapper, batch_size=batch_size,
                 progress=progress)
    t = time.perf_counter()
    mentions = [mentions_of(b, s) for b, s in zip(ex.blobs(0, len(ex.keys)), ex.sources)]
    corpus = Resolver(default_extractor().gaz).resolve(mentions)
    ex.timings["resolve"] = time.perf_counter() - t
    return BuildResult(corpus, ex.rejected, ex.warnings + [w for a in corpus.articles
                                                           for w in a.warnings],
                       ex.timings, extracted=ex.extracted, reused=ex.reused, tokens=ex.tokens,
                       keys=ex.keys)


__all__ = ["BuildResult", "Extracted", "extract", "mentions_of", "extract_documents", "extract_batch", "run", "make_mapper", "PoolMapper",
           "serial_mapper", "default_workers"]
