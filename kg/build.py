"""``kg build``: the pipeline run end to end into the store, the exports, the facts and the page.

In: article paths (files, folders, JSON Lines, ``-`` for stdin) and options. Out: a
:class:`BuildReport`; on disk, the embedded store (one named graph per article, the gazetteer
graph, the ontology graph), ``graph.{ttl,nt,nq,trig,jsonld}``, ``facts.json`` and ``graph.html``
in the output folder, each written atomically.

Incremental and resumable (see :mod:`kg.cache`):

- extraction is cached per article content, so only new or edited articles are parsed;
- resolution runs over all cached mentions (it is corpus-wide: one article can change another's
  entity keys or event keys), then each named graph's *inputs* (the article's resolved facts and
  the fields of the entities it names) are hashed; only graphs whose digest changed are
  serialised and written. An edited article therefore rewrites its own graph plus exactly the
  graphs whose triples its edit changes (say a surname that now resolves differently), nothing
  else;
- changed graphs are written in batches, each batch in one store transaction (old graphs dropped
  and new ones inserted together), and their digests recorded after the commit; a killed build
  leaves whole batches, and the next run writes whatever is still out of date;
- graphs of articles no longer in the input are dropped in one transaction; the facts only they
  supported go with them, since every fact lives in the graph of the article that states it;
- ``facts.json`` is remade from cached lines: an article's line is made again only when its
  graph's inputs or its warnings changed; the triple and graph counts reported come from what
  the builds wrote (kept per graph in the cache), not from counting the store;
- the store is flushed every ``FLUSH_EVERY`` quads, so that its write buffers do not grow with
  the corpus.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph

from .cache import BuildCache, graph_version
from .documents import Rejected, safe_doc_id
from .facts import facts_of
from .model import ArticleFacts, Corpus
from .namespaces import base_iri
from .pipeline import _batches, run
from .rdf import IRIs, RDFWriter
from .store import EXPORT_FORMATS, Store, atomic_write, to_ox
from .validate import ValidationReport, ontology_dir, validate

WRITE_BATCH = 50  # named graphs per store transaction
FLUSH_EVERY = 250_000  # quads written between flushes of the store's write buffers
DIGESTS_IN_PARALLEL = 2_000  # articles from which graph digests are computed by worker processes


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
def _entity_keys(art: ArticleFacts) -> set[str]:
    keys = set(art.entities)
    keys.update(k for ev in art.events for k, _ in ev.participants)
    keys.update(ev.place for ev in art.events if ev.place)
    keys.update(k for r in art.roles for k in (r.person, r.org, r.country) if k)
    keys.update(k for a in art.affiliations for k in (a.member, a.parent))
    if art.publisher:
        keys.add(art.publisher)
    return keys


def article_inputs(art: ArticleFacts, corpus: Corpus) -> tuple[ArticleFacts, dict]:
    """What an article's named graph is made from: its facts and the entities they name."""
    ents = {k: corpus.entities[k] for k in sorted(_entity_keys(art)) if k in corpus.entities}
    for e in list(ents.values()):
        if e.country and e.country in corpus.entities:
            ents.setdefault(e.country, corpus.entities[e.country])
    return art, ents


def article_digest(art: ArticleFacts, corpus: Corpus, base: str | None) -> str:
    """Hash of everything :meth:`RDFWriter.add_article_graph` reads (and of the writer's code)."""
    _, ents = article_inputs(art, corpus)
    doc = dataclasses.replace(art.doc, text="")
    ent_fields = [(k, e.type, e.name, e.name_lang, e.country, e.country in corpus.entities,
                   e.gazetteer_id, e.merge_reasons) for k, e in ents.items()]
    payload = repr((graph_version(), base_iri(base), doc, art.entities, art.roles,
                    art.affiliations, art.events, art.publisher, ent_fields))
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()


def _facts_file(lines: list[str]) -> bytes:
    """``facts.json`` from its lines (one JSON object per article, made by json's C encoder):
    a JSON array with one article per line, one article per diff hunk."""
    return ("[\n" + ",\n".join(lines) + "\n]\n").encode("utf-8") if lines else b"[]\n"


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
        g = Graph()
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


def _changed_articles(corpus: Corpus, base, old: dict[str, str], present: set[str],
                      force: bool, now: dict[str, str],
                      workers: int = 1) -> Iterator[tuple[str, str, ArticleFacts]]:
    """(graph IRI, digest, article) of the articles whose graph must be written; ``now`` gets
    every article's digest."""
    iris = IRIs(base)
    for art, digest in zip(corpus.articles, _digests(corpus, base, workers)):
        iri = str(iris.article_graph(art.doc.id))
        now[iri] = digest
        if force or old.get(iri) != digest or iri not in present:
            yield iri, digest, art


def _digests(corpus: Corpus, base, workers: int) -> list[str]:
    """Every article's digest; on a large corpus, by ``workers`` forked processes (the corpus
    is inherited, only the digests come back)."""
    n = len(corpus.articles)
    if workers <= 1 or n < DIGESTS_IN_PARALLEL:
        return [article_digest(a, corpus, base) for a in corpus.articles]
    step = -(-n // workers)
    with _forked_pool(workers, corpus, base) as pool:
        parts = pool.map(_forked_digests, [(i, min(i + step, n)) for i in range(0, n, step)])
    return [d for part in parts for d in part]


def _local_shards(corpus: Corpus, base, changed, batch: int, check_with: bytes | None):
    """(digests of the shard's graphs, N-Quads, SHACL report or None), made in this process."""
    for chunk in _batches(changed, batch):
        yield ({i: d for i, d, _ in chunk},
               *make_shard([a for *_, a in chunk], corpus.entities, base, check_with))


_FORKED: tuple | None = None  # (corpus, base, check_with) inherited by forked workers


@contextmanager
def _forked_pool(workers: int, corpus: Corpus, base, check_with: bytes | None = None):
    """A pool of ``workers`` forked processes that inherit the resolved corpus (as ``_FORKED``)
    instead of receiving it."""
    import multiprocessing as mp

    global _FORKED
    _FORKED = (corpus, base, check_with)
    try:
        with mp.get_context("fork").Pool(workers) as pool:
            yield pool
    finally:
        _FORKED = None


def _forked_digests(bounds: tuple[int, int]) -> list[str]:
    corpus, base, _ = _FORKED
    return [article_digest(a, corpus, base) for a in corpus.articles[bounds[0]:bounds[1]]]


def _forked_shard(indexes: list[int]):
    corpus, base, check_with = _FORKED
    return make_shard([corpus.articles[i] for i in indexes], corpus.entities, base, check_with)


def _pool_shards(corpus: Corpus, base, changed, batch: int, check_with: bytes | None,
                 workers: int):
    """Like :func:`_local_shards`, made by ``workers`` forked processes, in order, at most 2
    shards per worker in flight."""
    from collections import deque

    position = {id(a): i for i, a in enumerate(corpus.articles)}
    with _forked_pool(workers, corpus, base, check_with) as pool:
        pending: deque = deque()
        for chunk in _batches(changed, batch):
            pending.append(({i: d for i, d, _ in chunk}, pool.apply_async(
                _forked_shard, ([position[id(a)] for *_, a in chunk],))))
            while len(pending) >= 2 * workers:
                digests, res = pending.popleft()
                yield (digests, *res.get())
        while pending:
            digests, res = pending.popleft()
            yield (digests, *res.get())


def build_all(paths, manifest=None, store_dir="out/store", out_dir="out", base=None,
              html=True, exports=True, *, workers: int | None = 1, check: bool = True,
              progress: Callable[[int, int], None] | None = None, scheduler: str | None = None,
              batch_size: int | None = None, force: bool = False,
              shards_dir: str | None = None) -> BuildReport:
    """Build ``paths`` into the store at ``store_dir`` incrementally; see the module docstring.

    ``workers``: extraction processes (None: one per core). ``scheduler``: a Dask scheduler
    address (``tcp://host:port``) or ``local`` to extract and serialise on a Dask cluster
    instead. ``check``: SHACL-validate the graphs written this run (with the gazetteer graph).
    ``force``: rewrite every named graph even if its digest is unchanged. ``shards_dir`` (with a
    scheduler): a folder shared by the workers and this process where they write N-Quads shards.
    """
    from .extract import default_extractor
    from .pipeline import BATCH_SIZE

    default_extractor()  # a broken data file stops the build before the store is touched
    dist = None
    if scheduler:
        from .distributed import DaskBackend

        dist = DaskBackend(scheduler, shards_dir=shards_dir)
    try:
        Path(store_dir).mkdir(parents=True, exist_ok=True)
        store = Store(store_dir, base=base)
        cache = BuildCache(store_dir)
        result = run(paths, manifest, cache=cache, workers=workers, progress=progress,
                     batch_size=batch_size or BATCH_SIZE,
                     mapper=dist.extract_mapper() if dist else None)
        if workers is None:
            from .pipeline import default_workers

            workers = default_workers()
        report = _write(result, store, cache, store_dir, out_dir, base, html, exports, check,
                        force, dist, workers)
    finally:
        if dist is not None:
            dist.close()
        if "cache" in locals():
            cache.close()
        if "store" in locals():
            store.close()  # releases the folder's lock even while a traceback holds this frame
    return report


def _write(result, store: Store, cache: BuildCache, store_dir, out_dir, base, html, exports,
           check, force, dist, workers: int = 1) -> BuildReport:
    import time

    corpus = result.corpus
    report = BuildReport(articles=len(corpus.articles), rejected=result.rejected,
                         warnings=result.warnings, extracted=result.extracted,
                         reused=result.reused, tokens=result.tokens, timings=dict(result.timings))
    # everything the user sees counts distinct entities/events, not mentions
    seen_entities = {k for art in corpus.articles for k in art.entities}
    report.entities = Counter(corpus.entities[k].type for k in seen_entities)
    report.events = Counter({})
    for ev_key, ev_type in {(ev.key, ev.type) for art in corpus.articles for ev in art.events}:
        report.events[ev_type] += 1
    report.roles = sum(len(a.roles) for a in corpus.articles)
    report.affiliations = sum(len(a.affiliations) for a in corpus.articles)

    t0 = time.perf_counter()
    iris = IRIs(base)
    sizes: dict[str, int | None] = cache.triple_counts()  # triples per graph, as last written
    sizes[str(iris.ontology_graph())] = store.load_ontology(ontology_dir() / "kg.ttl")
    present = set(store.graphs())
    old = cache.digests()

    # the corpus-level graphs (gazetteer knowledge; entity, post and extractor descriptions):
    # remade every time, written as a difference when their triples changed
    writer = RDFWriter(corpus, base)
    corpus_graphs = {}
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
    if dist is not None and dist.shards_dir is not None:
        # beside the article shards, the graphs this process makes (gazetteer, entities,
        # ontology), so that the shards of a full build bulk-load into a server store as a whole
        whole = b"".join(corpus_graphs.values()) + store.graph_nquads(str(iris.ontology_graph()))
        atomic_write(dist.shards_dir / "corpus.nq", lambda f: f.write(whole))
    gaz_nq = corpus_graphs[str(iris.gazetteer_graph())]

    # article graphs whose inputs changed, in shards of WRITE_BATCH, one transaction each
    digests_now: dict[str, str] = {}
    changed = list(_changed_articles(corpus, base, old, present, force, digests_now,
                                     1 if dist else workers))
    check_with = gaz_nq if check else None
    if dist:
        shards = dist.graph_shards(corpus, base, changed, WRITE_BATCH, check_with)
    elif workers > 1 and len(changed) > 2 * WRITE_BATCH:  # else not worth starting processes
        shards = _pool_shards(corpus, base, changed, WRITE_BATCH, check_with, workers)
    else:
        shards = _local_shards(corpus, base, changed, WRITE_BATCH, check_with)
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
    report.timings["write"] = time.perf_counter() - t0

    keep = {str(iris.article_graph(a.doc.id)) for a in corpus.articles}
    keep |= {str(iris.ontology_graph())} | set(corpus_graphs)
    keep |= {str(iris.article_graph(r.doc_id or safe_doc_id(Path(r.path).stem)))
             for r in result.rejected}
    gone = [g for g in sorted(present) if g not in keep]
    if gone:
        store.remove_graphs(gone)  # one transaction
        cache.set_digests({g: None for g in gone})
        report.removed = len(gone)
        present.difference_update(gone)
    cache.prune(set(result.keys))
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
    lines = _facts_lines(corpus, iris, digests_now, cache)
    atomic_write(out / "facts.json", lambda f: f.write(_facts_file(lines)))
    report.outputs.append(str(out / "facts.json"))
    if html:
        from .html import write_html
        from .network import build_network

        G = build_network(store, "full")
        report.outputs.append(f"{write_html(G, out / 'graph.html')} "
                              f"({G.number_of_nodes()} nodes, {G.number_of_edges()} edges)")
    return report


def _facts_lines(corpus: Corpus, iris: IRIs, digests: dict[str, str],
                 cache: BuildCache) -> list[str]:
    """The facts.json line of every article: an article's line is made from its graph's inputs
    (whose digest is ``digests[iri]``) and its warnings, so a line cached under the same key is
    reused and only the others are made (and cached)."""
    cached = cache.facts_lines()
    lines, new = [], {}
    for art in corpus.articles:
        iri = str(iris.article_graph(art.doc.id))
        key = hashlib.sha256(json.dumps([digests[iri], art.warnings]).encode()).hexdigest()
        hit = cached.get(iri)
        if hit is not None and hit[0] == key:
            lines.append(hit[1])
        else:
            lines.append(json.dumps(facts_of(art, corpus.entities), ensure_ascii=False))
            new[iri] = (key, lines[-1])
    if new:
        cache.set_facts_lines(new)
    return lines
