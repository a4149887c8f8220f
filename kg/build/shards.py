"""Graph serialisation: resolved articles -> N-Quads shards, each loaded in one store transaction.

In: the finished facts of some articles (:class:`kg.model.ArticleFacts`) and the entities they
name. Out: a :class:`Shard`: their named graphs as N-Quads, the digest of each graph, and (given
the gazetteer graph's N-Quads) the shard's SHACL report.

A shard is made wherever its articles were finished: in the worker process that resolved them
(:mod:`kg.build.writing`), or on a Dask worker (:func:`make_shard_file`), which can also leave
the N-Quads in a file of a folder shared with the client (``kg build --shards DIR``), loadable
into a server store as it is.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph

from kg.fileio import atomic_write
from kg.graph.shacl import ValidationReport, validate
from kg.graph.writer import RDFWriter
from kg.model import ArticleFacts, Corpus
from kg.store.terms import to_ox


@dataclass(frozen=True)
class ShardOptions:
    """What every shard of a build is made with."""
    base: str | None
    check_with: bytes | None  # the gazetteer graph's N-Quads, to validate with; None: no check


@dataclass
class ArticleGraph:
    """An article whose named graph is to be written: the graph, its digest, the facts."""
    iri: str
    digest: str
    facts: ArticleFacts


@dataclass
class Shard:
    """Some article graphs, ready for one store transaction."""
    digests: dict[str, str]  # graph IRI -> digest of its inputs (recorded once written)
    nquads: bytes
    report: ValidationReport | None = None  # SHACL, when checked where the shard was made
    path: str | None = None  # the file the N-Quads were written to, instead of ``nquads``

    def read(self) -> Shard:
        """The shard with its N-Quads in memory (read from ``path`` if they were written there)."""
        if self.path is not None:
            self.nquads, self.path = Path(self.path).read_bytes(), None
        return self


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


@dataclass
class ShardTask:
    """Articles whose graphs make one shard, with only the entities they name."""
    graphs: list[ArticleGraph]
    entities: dict
    path: str | None = None  # where to write the N-Quads (a folder the client can read)


def shard_of(graphs: list[ArticleGraph], entities: dict, opts: ShardOptions) -> Shard:
    """The shard of these article graphs, made here."""
    nq, rep = make_shard([g.facts for g in graphs], entities, opts.base, opts.check_with)
    return Shard({g.iri: g.digest for g in graphs}, nq, rep)


def make_shard_file(opts: ShardOptions, task: ShardTask) -> Shard:
    """A shard task run by a Dask worker: the N-Quads returned, or written to ``task.path``."""
    shard = shard_of(task.graphs, task.entities, opts)
    if task.path is not None:
        atomic_write(task.path, lambda f: f.write(shard.nquads))
        shard.nquads, shard.path = b"", task.path
    return shard
