"""Reading and extraction, the build's first step: documents -> NLP -> mentions (cached).

In: paths (and an optional manifest), optionally a :class:`kg.store.cache.BuildCache`, an
:class:`kg.build.executors.Executor` (or a number of worker processes) and a progress callback.
Out: :class:`Extracted` (the articles in corpus order, and where their mentions are) or, from
:func:`run`, a :class:`BuildResult` (the resolved corpus, the rejected articles with reasons,
warnings, timings, how many articles were extracted or reused). One bad article never sinks a
build: it is reported and skipped.

Streaming: documents are read lazily and extracted in batches of ``batch_size``; only the batches
in flight hold texts and spaCy parses. With a cache, each batch's mentions are committed to it
in one transaction and an article whose content is already cached is not parsed again
(incremental builds, resumed builds). ``kg build`` resolves the extracted articles in a
streaming way (:mod:`kg.build.resolution`), while :func:`run` resolves them in memory for the
commands that need the whole corpus's facts (``kg extract``, ``kg eval``).

Parallelism: :func:`extract_batch` (parse with ``nlp.pipe`` batching, then extract) is the task
the executor runs, here, in forked processes or on Dask workers; its input and output are plain
picklable data.
"""
from __future__ import annotations

import dataclasses
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg.build.executors import Executor, batches, make_executor
from kg.extract import default_extractor
from kg.ingest.documents import Rejected, iter_documents, safe_doc_id
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


# ----------------------------------------------------------------------------- the run
@dataclass
class Extracted:
    """What reading and extraction leave for resolution: the articles in corpus order (those
    the store already had keep their place, new ones follow in input order), by cache key, with
    where they were read from, and where their mentions are (the build cache, or ``memory``
    without one)."""
    keys: list[str]
    ids: list[str]  # document ids
    sources: list[tuple[str | None, str]]  # (path, sha256) of each article in this run
    rejected: list[Rejected] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    extracted: int = 0
    reused: int = 0
    tokens: int = 0
    given: int = 0  # articles read from the input (the others are the store's, see extract)
    cache: object = None  # a kg.store.cache.BuildCache
    memory: dict[str, bytes] = field(default_factory=dict)  # key -> pickled mentions

    def blobs(self, start: int, stop: int) -> list[bytes]:
        """The pickled mentions of articles ``start`` to ``stop``."""
        keys = self.keys[start:stop]
        return self.cache.get_blobs(keys) if self.cache is not None else \
            [self.memory[k] for k in keys]

    def names(self, start: int, stop: int) -> list[list[str]]:
        """The person names of articles ``start`` to ``stop`` (see
        :func:`kg.resolve.person_names`)."""
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


class _Reading:
    """One run of :func:`extract`: the articles in the order read, what became of them, and the
    counts reported as it goes."""

    def __init__(self, cache, progress: Callable[[int, int], None] | None):
        self.cache, self.progress = cache, progress
        self.ex = Extracted([], [], [], cache=cache)
        self.order: list[tuple[str, str | None, str, str]] = []  # (id, path, sha256, cache key)
        self.failed: set[str] = set()
        self.done = 0
        self.position: dict[str, int] = {}  # id -> place in the store's corpus

    def stored(self, keep: Callable[[str, set[str]], bool]) -> Iterator[list[Document]]:
        """The articles of the store's corpus not read this run (those ``keep`` accepts, given
        the ids of the articles rejected this run), after
        the input: their cached mentions where the extraction code is the same, else their
        document, from the cached mentions, to be extracted again. One whose mentions are gone
        keeps its graph, with a warning."""
        from kg.store.cache import extraction_version, loads

        ex, version = self.ex, extraction_version()
        given = {o[0] for o in self.order}
        stored = self.cache.articles() if self.cache is not None else []
        self.position = {a.id: i for i, a in enumerate(stored)}
        rejected = {r.doc_id or safe_doc_id(Path(r.path).stem) for r in ex.rejected}
        stored = [a for a in stored if a.id not in given and keep(a.id, rejected)]
        cached = self.cache.has(a.key for a in stored) if stored else set()
        again: list[Document] = []
        for a in stored:
            if a.key not in cached:
                ex.warnings.append(f"article {a.id}: its extraction is no longer in the build "
                                   "cache, so its graph is kept as it is; build its file again "
                                   "to update it")
            elif a.version == version:
                self.order.append((a.id, a.path, a.sha256, a.key))
                ex.reused += 1
            else:
                doc = loads(self.cache.get_blobs([a.key])[0]).doc
                again.append(dataclasses.replace(doc, path=a.path, sha256=a.sha256))
        return iter([again[i:i + BATCH_SIZE] for i in range(0, len(again), BATCH_SIZE)])

    def todo(self, read: Iterable[list[Document | Rejected]]) -> Iterator[list[Document]]:
        """The documents to extract, in batches; cached ones are only recorded."""
        from kg.store.cache import article_key

        ex = self.ex
        for batch in read:
            docs = [d for d in batch if isinstance(d, Document)]
            ex.rejected.extend(d for d in batch if isinstance(d, Rejected))
            keys = [article_key(d) for d in docs]
            hit = self.cache.has(keys) if self.cache is not None else set()
            new = []
            for d, k in zip(docs, keys):
                self.order.append((d.id, d.path, d.sha256, k))
                ex.tokens += len(d.text.split())
                if k in hit:
                    ex.reused += 1
                else:
                    new.append(d)
            self.done += len(docs) - len(new)
            if new:
                yield new
            elif self.progress:
                self.progress(self.done, ex.tokens)

    def extracted(self, docs: list[Document], results: list[tuple[bytes | None, str | None]]):
        """Record a batch's mentions (one cache transaction) or why an article failed."""
        from kg.store.cache import article_key

        items = []
        for d, (blob, err) in zip(docs, results):
            k = article_key(d)
            if blob is None:
                self.ex.rejected.append(Rejected(d.path or d.id, err or "extraction failed", d.id))
                self.failed.add(k)
            else:
                items.append((k, blob))
        if self.cache is not None:
            self.cache.put_many(items)  # one transaction per batch
        else:
            self.ex.memory.update(items)
        self.ex.extracted += len(items)
        self.done += len(docs)
        if self.progress:
            self.progress(self.done, self.ex.tokens)

    def result(self) -> Extracted:
        kept = [o for o in self.order if o[3] not in self.failed]
        # the store's articles keep their place; new ones come after them, in input order
        last = len(self.position)
        kept = sorted(kept, key=lambda o: self.position.get(o[0], last))
        self.ex.ids, self.ex.sources = [o[0] for o in kept], [(o[1], o[2]) for o in kept]
        self.ex.keys = [o[3] for o in kept]
        return self.ex


class NothingRead(Exception):
    """No article of the input could be read: the build stops before it changes anything."""

    def __init__(self, rejected: list[Rejected]):
        super().__init__("no article could be read from the input")
        self.rejected = rejected


def extract(paths, manifest=None, *, cache=None, workers: int | None = 1,
            executor: Executor | None = None, batch_size: int = BATCH_SIZE,
            progress: Callable[[int, int], None] | None = None,
            keep_stored: Callable[[str, set[str]], bool] | None = None,
            require_input: bool = False) -> Extracted:
    """Read and extract (or reuse cached extractions), streaming.

    The batches are extracted by ``executor`` (default: ``workers`` forked processes, or here
    with one). ``progress(articles_done, tokens_done)`` is called after each batch. Without a
    ``cache`` the pickled mentions of all articles are kept in memory (fine for small corpora).

    With ``keep_stored`` (a test on an article id and the ids rejected this run), the articles of the store's corpus (recorded
    in the ``cache``) that the input does not give again and the test accepts are part of the
    result too, in their place, after the input's own are read. ``require_input``: raise
    :class:`NothingRead` if the input gives no readable article, before anything is extracted
    or cached from the store's corpus.
    """
    t0 = time.perf_counter()
    executor = executor or make_executor(workers)
    reading = _Reading(cache, progress)
    sent: deque[list[Document]] = deque()  # the batches handed to the executor, in order

    def todo() -> Iterator[list[Document]]:
        read = batches(iter_documents(paths, manifest, reading.ex.warnings), batch_size)
        for b in reading.todo(read):
            sent.append(b)
            yield b
        reading.ex.given = len(reading.order)
        if require_input and not reading.order:
            raise NothingRead(reading.ex.rejected)
        if keep_stored is not None:
            for b in reading.todo(reading.stored(keep_stored)):
                sent.append(b)
                yield b

    for results in executor.map_ordered(extract_batch, todo()):
        reading.extracted(sent.popleft(), results)
    ex = reading.result()
    ex.timings["read+extract"] = time.perf_counter() - t0
    return ex


def run(paths, manifest=None, *, workers: int | None = 1, executor: Executor | None = None,
        batch_size: int = BATCH_SIZE, progress: Callable[[int, int], None] | None = None) -> BuildResult:
    """Read, extract and resolve, all in memory (``kg extract``, ``kg eval``; ``kg build``
    streams the resolution instead, see :mod:`kg.build.resolution`)."""
    ex = extract(paths, manifest, workers=workers, executor=executor, batch_size=batch_size,
                 progress=progress)
    t = time.perf_counter()
    mentions = [mentions_of(b, s) for b, s in zip(ex.blobs(0, len(ex.keys)), ex.sources)]
    corpus = Resolver(default_extractor().gaz).resolve(mentions)
    ex.timings["resolve"] = time.perf_counter() - t
    return BuildResult(corpus, ex.rejected, ex.warnings + [w for a in corpus.articles
                                                           for w in a.warnings],
                       ex.timings, extracted=ex.extracted, reused=ex.reused, tokens=ex.tokens,
                       keys=ex.keys)


__all__ = [
    "BuildResult",
    "Extracted",
    "NothingRead",
    "extract",
    "extract_batch",
    "extract_documents",
    "mentions_of",
    "run",
]
