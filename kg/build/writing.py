"""Writing: the changed named graphs into the store, in shards of one transaction each.

In: the outcome of resolution, the articles to redo (:mod:`kg.build.digests`) and the store.
Out: the store holding every article's named graph as this build makes it, the corpus-level
graphs (gazetteer; entity, post and extractor descriptions), the ontology graph and nothing
else; the cache recording each graph's digest, its triple count and its ``facts.json`` line.

- An article to redo is resolved again from the same inputs as in the second pass, finished
  with the corpus-wide results (:func:`finish_articles`); its ``facts.json`` line is made again
  and, if its digest changed, its graph serialised into a shard (:mod:`kg.build.shards`) by the
  same worker, or, with Dask, on the cluster.
- Changed graphs are written in shards of ``WRITE_BATCH`` graphs, each in one store transaction
  (old graphs dropped and new ones inserted together), and their digests recorded after the
  commit: a killed build leaves whole shards, and the next run writes whatever is still out of
  date. The store is flushed every ``FLUSH_EVERY`` quads, so that its write buffers do not grow
  with the corpus. The corpus-level graphs are written after the article graphs, so that a
  build that fails on the way (a full disk) leaves them as they were.
- Graphs of articles taken out of the store (``--prune``, ``kg remove``) are dropped in one
  transaction; the facts only they supported go with them, since every fact lives in the
  graph of the article that states it.
- The triple and graph counts reported come from what the builds wrote (kept per graph in the
  cache), not from counting the store.
"""
from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

from kg.build.digests import Redo, article_entities, plan
from kg.build.executors import Executor, Serial, batches
from kg.build.resolution import ArticleInputs, ArticleReader, Names, Resolution
from kg.build.shards import ArticleGraph, Shard, ShardOptions, ShardTask, graph_nquads, make_shard_file, shard_of
from kg.eval.facts import facts_of
from kg.graph.iris import IRIs
from kg.graph.shacl import ValidationReport, ontology_dir, validate
from kg.graph.writer import RDFWriter
from kg.resolve import Reduction
from kg.store.cache import BuildCache
from kg.store.embedded import Store

WRITE_BATCH = 50  # named graphs per store transaction
FLUSH_EVERY = 250_000  # quads written between flushes of the store's write buffers


# ----------------------------------------------------------------------------- pass 3 tasks
@dataclass(frozen=True)
class Finishing:
    """What every pass-3 task reads: the resolver and the corpus's names (as in pass 2), the
    corpus-wide tables, and how to make shards here (``serialise``) or not (Dask makes them)."""
    names: Names
    red: Reduction  # finished
    shards: ShardOptions
    serialise: bool = True


@dataclass
class RedoTask:
    redo: list[Redo]
    inputs: ArticleInputs


@dataclass
class Finished:
    """A pass-3 task's result: the new facts.json lines and either the shard of the graphs that
    changed or those articles' facts, to be serialised elsewhere."""
    lines: dict[str, tuple[str, str]]  # graph IRI -> (line key, facts.json line)
    shard: Shard | None = None
    graphs: list[ArticleGraph] = field(default_factory=list)  # when not serialised here


def finish_articles(ctx: Finishing, task: RedoTask) -> Finished:
    """Pass 3 on a chunk of articles whose graph or facts.json line must be made again: each
    resolved again (as in pass 2), given the corpus-wide results, its line made, and the graphs
    of those whose digest changed serialised into one shard (or returned, to be)."""
    resolver, names, red = ctx.names.resolver, ctx.names.names, ctx.red
    out = Finished({})
    for r, (am, found) in zip(task.redo, task.inputs.articles()):
        art = red.finish_article(r.ai, resolver.article(am, names, found)[0])
        out.lines[r.iri] = (r.line_key, json.dumps(facts_of(art, red.corpus.entities),
                                                   ensure_ascii=False))
        if r.write:
            out.graphs.append(ArticleGraph(r.iri, r.digest, art))
    if ctx.serialise and out.graphs:
        out.shard, out.graphs = shard_of(out.graphs, red.corpus.entities, ctx.shards), []
    return out


def redo_tasks(resolution: Resolution, reader: ArticleReader, ids: list[str], iris: IRIs,
               cache: BuildCache, present: set[str], force: bool,
               base: str | None) -> Iterator[RedoTask]:
    """Pass-3 tasks: the articles to redo (:func:`kg.build.digests.plan`) with their inputs, in
    chunks holding at most ``WRITE_BATCH`` graphs to write."""
    for redo in plan(resolution, ids, iris.article_graph, cache, present, force, base,
                     WRITE_BATCH):
        yield RedoTask(redo, reader.inputs((r.ai for r in redo), resolution.names))


def shard_tasks(graphs: Iterable[ArticleGraph], entities: dict,
                shards_dir: Path | None = None) -> Iterator[ShardTask]:
    """Articles finished elsewhere -> shard tasks of ``WRITE_BATCH`` graphs each, with only the
    entities they name (and, with ``shards_dir``, the file to write the shard to)."""
    for no, chunk in enumerate(batches(graphs, WRITE_BATCH)):
        ents: dict = {}
        for g in chunk:
            ents.update(article_entities(g.facts, entities))
        path = str(shards_dir / f"shard-{no:05d}.nq") if shards_dir else None
        yield ShardTask(chunk, ents, path)


def article_shards(tasks: Iterator[RedoTask], ctx: Finishing, cache: BuildCache,
                   local: Executor, cluster: Executor | None = None,
                   shards_dir: Path | None = None) -> Iterator[Shard]:
    """The shards of the changed article graphs, the new facts.json lines recorded in the cache
    as they come. The tasks are finished by the ``local`` executor's workers, which serialise
    the shards too (from 3 tasks; here below that); or, given a ``cluster``, finished here and
    serialised on the cluster."""
    first = list(itertools.islice(tasks, 3))  # not worth starting processes for fewer
    tasks = itertools.chain(first, tasks)
    if cluster is None:
        ex = local if len(first) >= 3 else Serial()
        for done in ex.map_ordered(finish_articles, tasks, shared=ctx):
            cache.set_facts_lines(done.lines)
            if done.shard is not None:
                yield done.shard
        return

    def finished() -> Iterator[ArticleGraph]:
        for done in Serial().map_ordered(finish_articles, tasks,
                                         shared=dataclasses.replace(ctx, serialise=False)):
            cache.set_facts_lines(done.lines)
            yield from done.graphs

    for shard in cluster.map_ordered(make_shard_file,
                                     shard_tasks(finished(), ctx.red.corpus.entities, shards_dir),
                                     shared=ctx.shards):
        yield shard.read()


# ----------------------------------------------------------------------------- the store
class StoreUpdate:
    """The store brought up to date graph by graph, with what the cache records of it:
    ``sizes`` (triples per graph, as written), ``present`` (graphs in the store) and ``written``
    (graphs written this run)."""

    def __init__(self, store: Store, cache: BuildCache, iris: IRIs):
        self.store, self.cache, self.iris = store, cache, iris
        self.sizes: dict[str, int | None] = cache.triple_counts()
        self.sizes[str(iris.ontology_graph())] = store.load_ontology(ontology_dir() / "kg.ttl")
        self.present = set(store.graphs())
        self.written = 0
        self._unflushed = 0
        self.changed_corpus_graphs: list[tuple[str, bytes, str, int]] = []

    def corpus_graphs(self, writer: RDFWriter, force: bool) -> dict[str, bytes]:
        """The corpus-level graphs (gazetteer; entity, post and extractor descriptions), remade
        every time; returns their N-Quads by graph IRI. Those whose triples changed are written
        by :meth:`commit_corpus_graphs`, after the article graphs: a build that fails before
        leaves them as they were."""
        out = {}
        iris = self.iris
        old = self.cache.digests([str(iris.gazetteer_graph()), str(iris.entities_graph())])
        self.changed_corpus_graphs = []
        for iri, add in ((str(iris.gazetteer_graph()), writer.add_gazetteer_graph),
                         (str(iris.entities_graph()), writer.add_entities_graph)):
            triples: set = set()
            add(triples)
            nq = out[iri] = graph_nquads([(iri, triples)])
            digest = hashlib.sha256(b"\n".join(sorted(nq.splitlines()))).hexdigest()
            if force or old.get(iri) != digest or iri not in self.present:
                self.changed_corpus_graphs.append((iri, nq, digest, len(triples)))
        return out

    def commit_corpus_graphs(self) -> None:
        """Write the corpus-level graphs that changed (:meth:`corpus_graphs`), each as a
        difference in one transaction."""
        for iri, nq, digest, size in self.changed_corpus_graphs:
            # the terms are already converted in ``nq``: parsing it back (native) is cheaper
            # than converting the rdflib terms a second time
            self.store.sync_graph(iri, (q.triple for q in ox.parse(nq, format=ox.RdfFormat.N_QUADS)))
            self.sizes[iri] = size
            self.cache.set_digests({iri: digest}, self.sizes)
            self.written += 1
            if size:
                self.present.add(iri)
            else:  # an empty graph is dropped
                self.present.discard(iri)
        self.changed_corpus_graphs = []

    def write_shards(self, shards: Iterable[Shard]) -> list[ValidationReport]:
        """Each shard in one transaction, its digests recorded after the commit; returns the
        shards' SHACL reports."""
        reports = []
        for shard in shards:
            written = self.store.replace_graphs_nquads(shard.nquads, list(shard.digests))
            self.cache.set_digests(shard.digests, written)  # only after the commit
            self.sizes.update(written)
            self.present.update(g for g, n in written.items() if n)
            self.written += len(shard.digests)
            if shard.report is not None:
                reports.append(shard.report)
            self._unflushed += sum(written.values())
            if self._unflushed >= FLUSH_EVERY:  # keeps the store's write buffers at a fixed size
                self.store.flush()
                self._unflushed = 0
        return reports

    def remove_all_but(self, keep: set[str]) -> int:
        """Drop the graphs not in ``keep`` (one transaction); returns how many."""
        gone = [g for g in sorted(self.present) if g not in keep]
        if gone:
            self.store.remove_graphs(gone)  # one transaction
            self.cache.set_digests({g: None for g in gone})
            self.present.difference_update(gone)
        return len(gone)

    def triples(self) -> int:
        """Triples in the store, from what this and earlier builds wrote (counting 1.8 M quads in
        the store takes about as long as resolving 10,000 articles)."""
        known = [self.sizes.get(g) for g in self.present]
        return sum(known) if None not in known else self.store.count()


def validation(reports: list[ValidationReport], corpus_graphs: dict[str, bytes],
               corpus_changed: bool) -> ValidationReport | None:
    """One report for the graphs written: the shards' reports, or, when only the corpus-level
    graphs changed, theirs."""
    if corpus_changed and not reports:
        reports = [validate(Dataset().parse(data=b"".join(corpus_graphs.values()),
                                            format="nquads"))]
    if not reports:
        return None
    return ValidationReport(all(r.conforms for r in reports),
                            [v for r in reports for v in r.violations])
