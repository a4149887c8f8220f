"""``kg build``: the pipeline run end to end into the store, the exports, the facts and the page.

In: article paths (files, folders, JSON Lines, ``-`` for stdin) and options. Out: a
:class:`BuildReport`; on disk, the embedded store (one named graph per article, the gazetteer
graph, the ontology graph), ``graph.{ttl,nt,nq,trig,jsonld}``, ``facts.json`` and ``graph.html``
in the output folder, each written atomically.

Streaming: resolution is corpus-wide (one article can change another's entity keys or event
keys), yet the build never holds the corpus's mentions or facts. It makes three passes over the
articles, reading their cached mentions (:mod:`kg.cache`) in chunks:

1. names: the person names of every article (a small table of the cache) give the corpus's
   full names and unambiguous surnames (:class:`kg.resolve.NameIndex`);
2. resolution: each article is resolved on its own against those names, from
   ``RESOLVE_IN_PARALLEL`` articles by ``workers`` forked processes; what it adds to the
   corpus-wide tables (:class:`kg.resolve.Contribution`) is folded in article order
   (:class:`kg.resolve.Reduction`), which then completes the entities and corefers the events
   across articles. Of each article only a digest of its facts, the ids of the entities it names
   and its posts without a country are kept (about a hundred bytes);
3. writing: each named graph's digest is computed from that record and the final entities
   (:class:`GraphDigests`); only the articles whose digest (or facts.json line) changed are
   resolved again, finished with the corpus-wide results, serialised in shards of
   ``WRITE_BATCH`` graphs (by the worker processes, or on Dask) and written.

Memory thus grows with the number of distinct entities and of dated events, not with the text
(measured in ``bench/README.md``).

Incremental and resumable:

- extraction is cached per article content, so only new or edited articles are parsed;
- only graphs whose digest changed are serialised and written. An edited article therefore
  rewrites its own graph plus exactly the graphs whose triples its edit changes (say a surname
  that now resolves differently), nothing else; the corpus-surname scan's matches are kept per
  article in the cache and reused while the corpus's unambiguous surnames stay the same;
- changed graphs are written in batches, each batch in one store transaction (old graphs dropped
  and new ones inserted together), and their digests recorded after the commit; a killed build
  leaves whole batches, and the next run writes whatever is still out of date;
- graphs of articles no longer in the input are dropped in one transaction; the facts only they
  supported go with them, since every fact lives in the graph of the article that states it;
- ``facts.json`` is written from lines kept in the cache: an article's line is made again only
  when its graph's inputs or its warnings changed; the triple and graph counts reported come
  from what the builds wrote (kept per graph in the cache), not from counting the store;
- the store is flushed every ``FLUSH_EVERY`` quads, so that its write buffers do not grow with
  the corpus.
"""
from __future__ import annotations

import hashlib
import itertools
import json
from array import array
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph

from kg.store.cache import BuildCache, graph_version
from kg.ingest.documents import Rejected, safe_doc_id
from kg.eval.facts import facts_of
from kg.model import ArticleFacts, Corpus
from kg.graph.namespaces import base_iri
from kg.build.extraction import Extracted, extract, mentions_of
from kg.graph.iris import IRIs
from kg.graph.writer import RDFWriter
from kg.resolve import Contribution, NameIndex, Reduction, Resolver, graph_keys
from kg.store.embedded import EXPORT_FORMATS, Store, atomic_write, to_ox
from kg.graph.shacl import ValidationReport, ontology_dir, validate

WRITE_BATCH = 50  # named graphs per store transaction
FLUSH_EVERY = 250_000  # quads written between flushes of the store's write buffers
RESOLVE_CHUNK = 200  # articles per task of the resolution's second pass
RESOLVE_IN_PARALLEL = 1_000  # articles from which that pass runs in worker processes


@dataclass
class BuildReport:
    articles: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    entities: Counter = field(default_factory=Counter)
    events: Counter = field(default_factory=Counter)
    roles: int = 0
    affiliations: int = 0
    triples: int = 0
    graphs: int = 0
    outputs: list[str] = field(default_factory=list)
    validation: ValidationReport | None = None
    extracted: int = 0
    reused: int = 0
    tokens: int = 0
    written: int = 0  # named graphs (re)written this run
    removed: int = 0  # named graphs dropped (articles gone from the input)
    timings: dict[str, float] = field(default_factory=dict)

    def summary(self, seconds: float) -> str:
        def counts(c: Counter) -> str:
            return ", ".join(f"{k} {v}" for k, v in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))) or "none"

        lines = [
            f"articles: {self.articles} built, {len(self.rejected)} rejected",
            f"entities: {sum(self.entities.values())} ({counts(self.entities)})",
            f"events: {sum(self.events.values())} ({counts(self.events)})",
            f"posts held: {self.roles}; part-of relations stated in text: {self.affiliations}",
            f"triples: {self.triples:,} in {self.graphs} named graphs",
            f"incremental: {self.extracted} articles extracted, {self.reused} reused from the "
            f"cache; {self.written} named graphs written, {self.removed} removed",
        ]
        if self.validation is not None:
            lines.append("SHACL: " + ("conforms" if self.validation.conforms else
                                      f"{len(self.validation.violations)} violations"))
        lines += [f"wrote {o}" for o in self.outputs]
        rate = f" ({self.articles / seconds:,.1f} articles/s, {self.tokens / seconds:,.0f} tokens/s)" \
            if seconds > 0 and self.articles else ""
        steps = ", ".join(f"{k} {v:.1f} s" for k, v in self.timings.items())
        lines.append(f"time: {seconds:.1f} s{rate}" + (f"; {steps}" if steps else ""))
        return "\n".join(lines)


# ----------------------------------------------------------------------------- graph digests
def with_countries(keys: Iterable[str], entities: dict) -> dict:
    """The entities of ``keys`` and their countries (what an article's named graph describes)."""
    ents = {k: entities[k] for k in keys if k in entities}
    for e in list(ents.values()):
        if e.country and e.country in entities:
            ents.setdefault(e.country, entities[e.country])
    return ents


def article_entities(art: ArticleFacts, entities: dict) -> dict:
    """The entities an article's named graph names, with their countries."""
    return with_countries(graph_keys(art), entities)


class GraphDigests:
    """The digest of an article's named graph, from what the build keeps of the article: the
    digest of its own facts (:func:`kg.resolve.facts_digest`), the corpus-wide post countries
    and event keys it takes (``red``), and every field the writer reads of the entities it names.
    Together with the writer's code version and the base IRI, that is everything
    :meth:`RDFWriter.add_article_graph` reads."""

    def __init__(self, red: Reduction, base: str | None):
        self.red, self.entities = red, red.corpus.entities
        self.prefix = repr((graph_version(), base_iri(base))).encode()
        self._fields: dict[str, bytes] = {}

    def _entity(self, key: str) -> bytes:
        f = self._fields.get(key)
        if f is None:
            e, ents = self.entities[key], self.entities
            f = self._fields[key] = repr((key, e.type, e.name, e.name_lang, e.country,
                                          e.country in ents, e.gazetteer_id, e.merge_reasons)
                                         ).encode("utf-8", "surrogatepass")
        return f

    def __call__(self, ai: int, facts: bytes, keys: Iterable[str], open_posts) -> str:
        fills = self.red.fills(open_posts or ())
        h = hashlib.sha256(self.prefix)
        h.update(facts)
        h.update(repr((fills, sorted(self.red.event_keys.get(ai, ())))).encode())
        for k in sorted(with_countries(set(keys) | {c for _, c in fills}, self.entities)):
            h.update(self._entity(k))
        return h.hexdigest()


def _line_key(digest: str, warnings: bytes | None) -> str:
    """What an article's facts.json line is made from: its graph's inputs and its warnings."""
    return hashlib.sha256(digest.encode() + (warnings or b"")).hexdigest()


def graph_nquads(graphs: Iterable[tuple[str, Graph]]) -> bytes:
    """Named graphs -> N-Quads bytes (the unit both the local and the Dask path load)."""
    quads = [ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.NamedNode(iri))
             for iri, g in graphs for s, p, o in g]
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS) if quads else b""


def articles_nquads(arts: list[ArticleFacts], entities: dict, base: str | None) -> bytes:
    """The named graphs of these articles as N-Quads; ``entities`` needs only the keys they name."""
    writer = RDFWriter(Corpus(entities=entities, articles=arts), base)
    out = []
    for art in arts:
        g: set = set()  # the writer only adds triples: a set is a graph, without rdflib's indexes
        writer.add_article_graph(g, art)
        out.append((str(writer.iri.article_graph(art.doc.id)), g))
    return graph_nquads(out)


def make_shard(arts: list[ArticleFacts], entities: dict, base: str | None,
               check_with: bytes | None = None) -> tuple[bytes, ValidationReport | None]:
    """N-Quads of these articles' graphs and, given the gazetteer graph's N-Quads, their SHACL
    report. The shard is validated together with the gazetteer graph and the corpus-level
    descriptions of what it names (entities, post concepts, extractors), made here from
    ``entities``, so it is self-contained. Runs wherever the shard is made."""
    nq = articles_nquads(arts, entities, base)
    if check_with is None:
        return nq, None
    desc: set = set()
    RDFWriter(Corpus(entities=entities, articles=arts), base).add_entities_graph(desc)
    ds = Dataset()
    ds.parse(data=nq + check_with + graph_nquads([("urn:kg:shard-descriptions", desc)]),
             format="nquads")
    return nq, validate(ds)


# ----------------------------------------------------------------------------- worker processes
_FORKED: tuple | None = None  # the state a task reads, inherited by forked workers


@contextmanager
def _forked_pool(workers: int, state: tuple):
    """A pool of ``workers`` forked processes that inherit ``state`` (as ``_FORKED``) instead
    of receiving it."""
    import multiprocessing as mp

    global _FORKED
    _FORKED = state
    try:
        with mp.get_context("fork").Pool(workers) as pool:
            yield pool
    finally:
        _FORKED = None


def _in_order(fn, tasks: Iterable, state: tuple, workers: int) -> Iterator:
    """``fn(task)`` for each task, results in order: by ``workers`` forked processes (at most
    2 tasks per worker in flight, so that reading never runs ahead), or here with 1."""
    global _FORKED
    if workers <= 1:
        _FORKED = state
        try:
            for t in tasks:
                yield fn(t)
        finally:
            _FORKED = None
        return
    with _forked_pool(workers, state) as pool:
        pending: deque = deque()
        for t in tasks:
            pending.append(pool.apply_async(fn, (t,)))
            while len(pending) >= 2 * workers:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def _contributions(task) -> list[Contribution]:
    """Pass 2 on a chunk of articles: each resolved against the corpus's names."""
    resolver, names = _FORKED
    return [resolver.article(mentions_of(b, src), names, found, digest=True)[1]
            for b, src, found in zip(*task)]


def _finish(task):
    """Pass 3 on a chunk of articles whose graph or facts.json line must be made again: each
    resolved again (as in pass 2), given the corpus-wide results, and its graph (for those whose
    digest changed) serialised into one shard here or, for Dask, returned to be."""
    resolver, names, red, base, check_with, here = _FORKED
    items, blobs, sources, founds = task
    lines, arts = {}, []
    for (ai, iri, digest, line_key, write), b, src, found in zip(items, blobs, sources, founds):
        art = red.finish_article(ai, resolver.article(mentions_of(b, src), names, found)[0])
        lines[iri] = (line_key, json.dumps(facts_of(art, red.corpus.entities), ensure_ascii=False))
        if write:
            arts.append((iri, digest, art))
    if not here or not arts:
        return lines, arts, b"", None
    nq, rep = make_shard([a for *_, a in arts], red.corpus.entities, base, check_with)
    return lines, [(iri, digest, None) for iri, digest, _ in arts], nq, rep


def _chunks(n: int, size: int) -> list[tuple[int, int]]:
    return [(i, min(i + size, n)) for i in range(0, n, size)]


# ----------------------------------------------------------------------------- the build
def build_all(paths, manifest=None, store_dir="out/store", out_dir="out", base=None,
              html=True, exports=True, *, workers: int | None = 1, check: bool = True,
              progress: Callable[[int, int], None] | None = None, scheduler: str | None = None,
              batch_size: int | None = None, force: bool = False,
              shards_dir: str | None = None) -> BuildReport:
    """Build ``paths`` into the store at ``store_dir`` incrementally; see the module docstring.

    ``workers``: extraction (and resolution) processes (None: one per core). ``scheduler``: a
    Dask scheduler address (``tcp://host:port``) or ``local`` to extract and serialise on a Dask
    cluster instead. ``check``: SHACL-validate the graphs written this run (with the gazetteer
    graph). ``force``: rewrite every named graph even if its digest is unchanged. ``shards_dir``
    (with a scheduler): a folder shared by the workers and this process where they write
    N-Quads shards.
    """
    from kg.extract.extractor import default_extractor
    from kg.build.extraction import BATCH_SIZE, default_workers

    default_extractor()  # a broken data file stops the build before the store is touched
    dist = None
    if scheduler:
        from kg.build.dask import DaskBackend

        dist = DaskBackend(scheduler, shards_dir=shards_dir)
    try:
        Path(store_dir).mkdir(parents=True, exist_ok=True)
        store = Store(store_dir, base=base)
        cache = BuildCache(store_dir)
        ex = extract(paths, manifest, cache=cache, workers=workers, progress=progress,
                     batch_size=batch_size or BATCH_SIZE,
                     mapper=dist.extract_mapper() if dist else None)
        workers = default_workers() if workers is None else workers
        report = _Build(ex, store, cache, base, workers, dist).run(
            store_dir, out_dir, html, exports, check, force)
    finally:
        if dist is not None:
            dist.close()
        if "cache" in locals():
            cache.close()
        if "store" in locals():
            store.close()  # releases the folder's lock even while a traceback holds this frame
    return report


class _Build:
    """Resolution and writing, streamed over the extracted articles in three passes (see the
    module docstring); only the corpus-wide tables and a few bytes per article stay in memory."""

    def __init__(self, ex: Extracted, store: Store, cache: BuildCache, base, workers: int, dist):
        from kg.extract.extractor import default_extractor

        self.ex, self.store, self.cache, self.base, self.dist = ex, store, cache, base, dist
        self.workers = workers
        self.resolver = Resolver(default_extractor().gaz)
        self.iris = IRIs(base)
        self.n = len(ex.keys)

    def _inputs(self, ais: Iterable[int], names: NameIndex):
        """(cached mentions, sources, known corpus-surname matches) of these articles: what a
        pass-2 or pass-3 task resolves them from."""
        ais = list(ais)
        keys = [self.ex.keys[ai] for ai in ais]
        found = self.cache.surnames(names.digest, keys)
        return (self.cache.get_blobs(keys), [self.ex.sources[ai] for ai in ais],
                [found.get(k) for k in keys])

    # ------------------------------------------------------------------ passes 1 and 2
    def resolve(self) -> tuple[NameIndex, Reduction, list, list[str]]:
        names = NameIndex()
        for start, stop in _chunks(self.n, 1000):
            for ns in self.ex.names(start, stop):
                names.add(ns)
        names.close()
        red = Reduction(self.resolver)
        ids: dict[str, int] = {}
        records = []  # per article: (facts digest, entity key ids, open posts, warnings digest)
        chunks = _chunks(self.n, RESOLVE_CHUNK)
        workers = self.workers if self.n >= RESOLVE_IN_PARALLEL else 1
        tasks = (self._inputs(range(a, b), names) for a, b in chunks)
        ai = 0
        for contributions in _in_order(_contributions, tasks, (self.resolver, names), workers):
            scanned = {}
            for c in contributions:
                red.add(ai, c)
                if c.found is not None:
                    scanned[self.ex.keys[ai]] = c.found
                warn = None
                if c.warnings:
                    self.ex.warnings.extend(c.warnings)
                    warn = hashlib.sha256(json.dumps(c.warnings).encode()).digest()
                records.append((c.facts, array("I", (ids.setdefault(k, len(ids)) for k in c.keys)),
                                tuple(c.open_posts) or None, warn))
                ai += 1
            if scanned:
                self.cache.put_surnames(scanned)
        red.finish()
        return names, red, records, list(ids)

    # ------------------------------------------------------------------ pass 3
    def _todo(self, names, red, records, keys_of, present, force):
        """Tasks of pass 3: chunks of the articles whose graph digest or facts.json line key
        changed (or whose graph is missing from the store)."""
        digest_of = GraphDigests(red, self.base)
        batch: list = []
        for start, stop in _chunks(self.n, 500):
            iris = [str(self.iris.article_graph(i)) for i in self.ex.ids[start:stop]]
            old, old_lines = self.cache.digests(iris), self.cache.facts_keys(iris)
            for ai, iri in zip(range(start, stop), iris):
                facts, kids, open_posts, warn = records[ai]
                records[ai] = None  # done with
                d = digest_of(ai, facts, (keys_of[k] for k in kids), open_posts)
                lk = _line_key(d, warn)
                write = force or old.get(iri) != d or iri not in present
                if write or old_lines.get(iri) != lk:
                    batch.append((ai, iri, d, lk, write))
                if sum(1 for *_, w in batch if w) >= WRITE_BATCH or len(batch) >= 4 * WRITE_BATCH:
                    yield (batch, *self._inputs((ai for ai, *_ in batch), names))
                    batch = []
        if batch:
            yield (batch, *self._inputs((ai for ai, *_ in batch), names))

    def run(self, store_dir, out_dir, html, exports, check, force) -> BuildReport:
        import time

        ex, store, cache, iris = self.ex, self.store, self.cache, self.iris
        t0 = time.perf_counter()
        names, red, records, keys_of = self.resolve()
        corpus = red.corpus
        report = BuildReport(articles=self.n, rejected=ex.rejected, warnings=ex.warnings,
                             extracted=ex.extracted, reused=ex.reused, tokens=ex.tokens,
                             timings=dict(ex.timings))
        # everything the user sees counts distinct entities/events, not mentions
        report.entities = Counter(corpus.entities[k].type for k in red.mentioned)
        report.events = red.events
        report.roles, report.affiliations = red.roles, red.affiliations
        t1 = time.perf_counter()
        report.timings["resolve"] = t1 - t0

        sizes: dict[str, int | None] = cache.triple_counts()  # triples per graph, as last written
        sizes[str(iris.ontology_graph())] = store.load_ontology(ontology_dir() / "kg.ttl")
        present = set(store.graphs())

        # the corpus-level graphs (gazetteer knowledge; entity, post and extractor descriptions):
        # remade every time, written as a difference when their triples changed
        writer = RDFWriter(corpus, self.base, summary=(red.used, red.extractors, red.concepts))
        corpus_graphs = {}
        old = cache.digests([str(iris.gazetteer_graph()), str(iris.entities_graph())])
        for iri, add in ((str(iris.gazetteer_graph()), writer.add_gazetteer_graph),
                         (str(iris.entities_graph()), writer.add_entities_graph)):
            triples: set = set()
            add(triples)
            nq = graph_nquads([(iri, triples)])
            digest = hashlib.sha256(b"\n".join(sorted(nq.splitlines()))).hexdigest()
            corpus_graphs[iri] = nq
            if force or old.get(iri) != digest or iri not in present:
                # the terms are already converted in ``nq``: parsing it back (native) is cheaper
                # than converting the rdflib terms a second time
                store.sync_graph(iri, (q.triple for q in ox.parse(nq, format=ox.RdfFormat.N_QUADS)))
                sizes[iri] = len(triples)
                cache.set_digests({iri: digest}, sizes)
                report.written += 1
                if triples:
                    present.add(iri)
                else:  # an empty graph is dropped
                    present.discard(iri)
        corpus_changed = report.written > 0
        if self.dist is not None and self.dist.shards_dir is not None:
            # beside the article shards, the graphs this process makes (gazetteer, entities,
            # ontology), so that the shards of a full build bulk-load into a server store as a
            # whole
            whole = b"".join(corpus_graphs.values()) + store.graph_nquads(str(iris.ontology_graph()))
            atomic_write(self.dist.shards_dir / "corpus.nq", lambda f: f.write(whole))
        check_with = corpus_graphs[str(iris.gazetteer_graph())] if check else None

        # pass 3: the article graphs whose inputs changed, in shards of WRITE_BATCH, one
        # transaction each
        tasks = self._todo(names, red, records, keys_of, present, force)
        first = list(itertools.islice(tasks, 3))  # not worth starting processes for fewer
        workers = 1 if self.dist or len(first) < 3 else self.workers
        results = _in_order(_finish, itertools.chain(first, tasks),
                            (self.resolver, names, red, self.base, check_with, self.dist is None),
                            workers)
        if self.dist is not None:
            def changed():
                for lines, arts, _, _ in results:
                    cache.set_facts_lines(lines)
                    yield from arts
            shards = self.dist.graph_shards(corpus, self.base, changed(), WRITE_BATCH, check_with)
        else:
            def local():
                for lines, arts, nq, rep in results:
                    cache.set_facts_lines(lines)
                    if arts:
                        yield {iri: d for iri, d, _ in arts}, nq, rep
            shards = local()
        reports = []
        unflushed = 0
        for digests, nq, rep in shards:
            written = store.replace_graphs_nquads(nq, list(digests))  # one transaction per shard
            cache.set_digests(digests, written)  # only after the commit
            sizes.update(written)
            present.update(g for g, n in written.items() if n)
            report.written += len(digests)
            if rep is not None:
                reports.append(rep)
            unflushed += sum(written.values())
            if unflushed >= FLUSH_EVERY:  # keeps the store's write buffers at a fixed size
                store.flush()
                unflushed = 0
        if check and corpus_changed and not reports:
            reports.append(validate(Dataset().parse(data=b"".join(corpus_graphs.values()),
                                                    format="nquads")))
        if reports:
            report.validation = ValidationReport(all(r.conforms for r in reports),
                                                 [v for r in reports for v in r.violations])
        report.timings["write"] = time.perf_counter() - t1

        keep = {str(iris.article_graph(i)) for i in ex.ids}
        keep |= {str(iris.ontology_graph())} | set(corpus_graphs)
        keep |= {str(iris.article_graph(r.doc_id or safe_doc_id(Path(r.path).stem)))
                 for r in ex.rejected}
        gone = [g for g in sorted(present) if g not in keep]
        if gone:
            store.remove_graphs(gone)  # one transaction
            cache.set_digests({g: None for g in gone})
            report.removed = len(gone)
            present.difference_update(gone)
        cache.prune(set(ex.keys))
        # the graphs now in the store and their sizes, from what this and earlier builds wrote
        # (counting 1.8 M quads in the store takes about as long as resolving 10,000 articles)
        report.graphs = len(present)
        known = [sizes.get(g) for g in present]
        report.triples = sum(known) if None not in known else store.count()
        report.outputs.append(f"{store_dir} (embedded Oxigraph store)")

        out = Path(out_dir)
        if exports:
            for fmt in EXPORT_FORMATS:
                report.outputs.append(str(store.export(fmt, out / f"graph.{fmt}")))
        atomic_write(out / "facts.json", self._write_facts)
        report.outputs.append(str(out / "facts.json"))
        if html:
            from kg.views.pages import write_html
            from kg.views.network import build_network

            G = build_network(store, "full")
            report.outputs.append(f"{write_html(G, out / 'graph.html')} "
                                  f"({G.number_of_nodes()} nodes, {G.number_of_edges()} edges)")
        return report

    def _write_facts(self, f) -> None:
        """``facts.json`` from the recorded lines (one JSON object per article, made by json's C
        encoder): a JSON array with one article per line, one article per diff hunk."""
        if not self.n:
            f.write(b"[]\n")
            return
        f.write(b"[\n")
        for start, stop in _chunks(self.n, 500):
            lines = self.cache.facts_lines([str(self.iris.article_graph(i))
                                            for i in self.ex.ids[start:stop]])
            f.write((",\n" if start else "").encode() + ",\n".join(lines).encode("utf-8"))
        f.write(b"\n]\n")
