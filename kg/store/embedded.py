"""The embedded triple store and SPARQL execution on two engines.

In: rdflib graphs / datasets (from :mod:`kg.graph.writer`), an ontology Turtle file, SPARQL query
text with typed bindings. Out: an Oxigraph store on disk (one named graph per article, the
gazetteer graph, the ontology graph), query :class:`kg.store.results.Result` s made of rdflib
terms, and export files (through :mod:`kg.store.exports`).

- :class:`Store` wraps ``pyoxigraph.Store``. ``replace_graph`` swaps one named graph in a single
  transaction (DROP + INSERT DATA in one SPARQL update), so a rebuild is idempotent and a reader
  never sees half a graph.
- :class:`RdflibEngine` runs the same queries over an rdflib ``Dataset`` (slow, for tests and
  small graphs). Both engines evaluate queries with the union of all named graphs as the default
  graph, return the same :class:`~kg.store.results.Result`, and bind parameters the same way
  (:func:`kg.store.binding.bind_values`).
- :meth:`Store.export` writes files atomically (see :mod:`kg.store.exports`).
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph
from rdflib.compare import to_canonical_graph
from rdflib.plugins.sparql import prepareQuery
from rdflib.term import Identifier

from kg.errors import QueryError
from kg.graph.iris import IRIs
from kg.store.binding import bind_values
from kg.store.exports import quads_to_dataset, write_export
from kg.store.results import Result, triples_result
from kg.store.terms import from_ox, to_ox


class Store:
    """Embedded Oxigraph store: ``Store(path)`` on disk, ``Store.memory()`` in memory."""

    def __init__(self, path: str | os.PathLike | None = None, *, base: str | None = None,
                 read_only: bool = False):
        self.path = Path(path) if path is not None else None
        self.base = base
        self.read_only = read_only
        self._ox: ox.Store | None
        if path is None:
            self._ox = ox.Store()
        elif read_only:
            self._ox = ox.Store.read_only(str(path))
        else:
            self._ox = ox.Store(str(path))

    @classmethod
    def memory(cls, base: str | None = None) -> Store:
        return cls(None, base=base)

    def close(self) -> None:
        """Flush and release the store (and its lock on the folder) now, rather than when the
        object is garbage-collected: an exception's traceback keeps the frames that refer to
        the store alive, and with them the lock. Further use raises ``ValueError``."""
        if self._ox is not None:
            if self.path is not None and not self.read_only:
                try:
                    self._ox.flush()
                except OSError:
                    pass  # released below all the same; what was committed is on disk
            self._ox = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def _store(self) -> ox.Store:
        if self._ox is None:
            raise ValueError(f"the store {self.path or '(in memory)'} is closed")
        return self._ox

    # ------------------------------------------------------------------ writing
    def replace_graph(self, graph_iri: str, triples: Graph | Iterable[tuple]) -> int:
        """Replace the named graph with these triples in one transaction; return their number."""
        name = ox.NamedNode(str(graph_iri))
        data = [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in triples]
        self._replace(name, data)
        return len(data)

    def flush(self) -> None:
        """Write the store's in-memory write buffers to disk. RocksDB keeps every write in memory
        until its buffers fill; a long build that flushes now and then stays at a fixed size
        (measured in bench/README.md) and is no slower."""
        if self.path is not None and not self.read_only:
            self._store.flush()

    def _replace(self, name: ox.NamedNode, triples: list[ox.Triple]) -> None:
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode() if triples else ""
        self._store.update(f"DROP SILENT GRAPH {name} ;\n"
                           f"INSERT DATA {{ GRAPH {name} {{\n{body}}} }}")

    def replace_dataset(self, ds: Dataset, *, drop_others: bool = False) -> dict[str, int]:
        """Replace every named graph of ``ds`` (one transaction each); return triples per graph.

        With ``drop_others``, named graphs of the store that ``ds`` lacks are removed, except the
        ontology graph (e.g. the graph of an article that was deleted from the corpus).
        """
        if len(ds.default_graph):
            raise ValueError("the dataset has triples in its default graph; put them in a named "
                             "graph (the store keeps everything in named graphs)")
        done = {}
        for g in sorted(ds.graphs(), key=lambda g: str(g.identifier)):
            if g.identifier != ds.default_graph.identifier:
                done[str(g.identifier)] = self.replace_graph(str(g.identifier), g)
        if drop_others:
            keep = set(done) | {str(IRIs(self.base).ontology_graph())}
            for iri in self.graphs():
                if iri not in keep:
                    self.remove_graph(iri)
        return done

    def sync_graph(self, graph_iri: str, triples: Iterable[tuple]) -> tuple[int, int]:
        """Make the named graph equal these triples by deleting and inserting only the
        difference, in one transaction (cheap for a large graph that changes a little, such as
        the corpus-level entity graph after one article changed); no triples drop the graph.
        Returns (removed, added)."""
        name = ox.NamedNode(str(graph_iri))
        new = {t if isinstance(t, ox.Triple) else ox.Triple(to_ox(t[0]), to_ox(t[1]), to_ox(t[2]))
               for t in triples}
        old = {q.triple for q in self._store.quads_for_pattern(None, None, None, name)}
        gone, added = old - new, new - old

        def block(ts: set) -> str:
            return ox.serialize(list(ts), format=ox.RdfFormat.N_TRIPLES).decode()

        parts = []
        if gone:
            parts.append(f"DELETE DATA {{ GRAPH {name} {{\n{block(gone)}}} }}")
        if added:
            parts.append(f"INSERT DATA {{ GRAPH {name} {{\n{block(added)}}} }}")
        if not new:
            parts = [f"DROP SILENT GRAPH {name}"]
        if parts:
            self._store.update(" ;\n".join(parts))
        return len(gone), len(added)

    def remove_graph(self, graph_iri: str) -> None:
        self._store.update(f"DROP SILENT GRAPH {ox.NamedNode(str(graph_iri))}")

    def remove_graphs(self, graph_iris: Iterable[str]) -> None:
        """Drop several named graphs in one transaction."""
        drops = [f"DROP SILENT GRAPH {ox.NamedNode(str(g))}" for g in graph_iris]
        if drops:
            self._store.update(" ;\n".join(drops))

    def replace_graphs_nquads(self, nquads: bytes, graph_iris: Iterable[str]) -> dict[str, int]:
        """Replace the named graphs ``graph_iris`` by the quads of ``nquads`` in ONE transaction
        (a reader, or a build killed at any moment, sees all of them old or all of them new).
        Quads of other graphs are refused. Returns the number of quads now in each graph
        (0: the graph is gone). ``nquads`` must not repeat a quad (serialised sets do not)."""
        names = [ox.NamedNode(str(g)) for g in graph_iris]
        allowed = {n.value for n in names}
        if not any(self._store.contains_named_graph(n) for n in names):
            # all new graphs: one plain transactional insert, no SPARQL text to parse
            quads = list(ox.parse(nquads, format=ox.RdfFormat.N_QUADS)) if nquads else []
            sizes = dict.fromkeys(allowed, 0)
            for q in quads:
                g = q.graph_name
                if not isinstance(g, ox.NamedNode) or g.value not in allowed:
                    raise ValueError(f"quad in graph {g} outside the graphs being replaced")
                sizes[g.value] += 1
            self._store.extend(quads)
            return sizes
        by_graph: dict[str, list[ox.Triple]] = {}
        for q in ox.parse(nquads, format=ox.RdfFormat.N_QUADS) if nquads else ():
            g = q.graph_name
            if not isinstance(g, ox.NamedNode) or g.value not in allowed:
                raise ValueError(f"quad in graph {g} outside the graphs being replaced")
            by_graph.setdefault(g.value, []).append(q.triple)
        parts = [f"DROP SILENT GRAPH {n}" for n in names]
        body = "".join(
            f"GRAPH <{g}> {{\n{ox.serialize(ts, format=ox.RdfFormat.N_TRIPLES).decode()}}}\n"
            for g, ts in by_graph.items())
        if body:
            parts.append(f"INSERT DATA {{\n{body}}}")
        if parts:
            self._store.update(" ;\n".join(parts))
        return {g: len(by_graph.get(g, ())) for g in allowed}

    def load_ontology(self, ttl_path: str | os.PathLike) -> int:
        """Load a Turtle file into ``<base>graph/ontology`` (replacing it); return its size."""
        # blank nodes (OWL lists) get stable skolem IRIs, so that rebuilds give identical exports
        g = to_canonical_graph(Graph().parse(str(ttl_path), format="turtle"))
        g = g.skolemize(authority=str(IRIs(self.base).ontology_graph()), basepath="/.well-known/genid/")
        triples = [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in g]
        self._replace(ox.NamedNode(str(IRIs(self.base).ontology_graph())), triples)
        return len(triples)

    # ------------------------------------------------------------------ reading
    def graph_nquads(self, graph_iri: str) -> bytes:
        """One named graph as N-Quads bytes."""
        name = ox.NamedNode(str(graph_iri))
        return ox.serialize(self._store.quads_for_pattern(None, None, None, name),
                            format=ox.RdfFormat.N_QUADS)

    def graph_triples(self, graph_iri: str) -> list[ox.Triple]:
        """The triples of one named graph (pyoxigraph terms)."""
        name = ox.NamedNode(str(graph_iri))
        return [ox.Triple(q.subject, q.predicate, q.object)
                for q in self._store.quads_for_pattern(None, None, None, name)]

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs())

    def count(self, graph: str | None = None) -> int:
        """Number of quads in the whole store, or in one named graph."""
        if graph is None:
            return len(self._store)
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None,
                                                             ox.NamedNode(str(graph))))

    def counts(self) -> dict[str, int]:
        return {g: self.count(g) for g in self.graphs()}

    def query(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> Result:
        """Run a SPARQL 1.1 query over the union of all graphs (read-only: updates are refused)."""
        text = bind_values(sparql, bindings)
        try:
            return self._run(text)
        except SyntaxError as e:
            raise QueryError(f"SPARQL syntax error: {e}") from None
        except (OSError, RuntimeError) as e:  # a SERVICE that fails, a result too large, ...
            if re.search(r"\bSERVICE\b", text, re.IGNORECASE):
                raise QueryError(f"a SERVICE the query calls failed: {e}",
                                 "check the SERVICE address, or use SERVICE SILENT to go on "
                                 "without its rows") from None
            raise QueryError(f"the query failed while it ran: {e}") from None

    def _run(self, text: str) -> Result:
        res = self._store.query(text, use_default_graph_as_union=True)
        if isinstance(res, ox.QueryBoolean):
            return Result([], [], bool(res))
        if isinstance(res, ox.QuerySolutions):
            cols = [v.value for v in res.variables]
            # rows repeat terms (types, labels, dates): convert each distinct term once
            seen: dict = {}

            def term(t):
                if t is None:
                    return None
                v = seen.get(t)
                if v is None:
                    v = seen[t] = from_ox(t)
                return v

            idx = range(len(cols))
            return Result(cols, [tuple(term(sol[i]) for i in idx) for sol in res])
        return triples_result((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object))
                              for t in res)

    def quads(self) -> Iterable[ox.Quad]:
        return iter(self._store)

    def to_dataset(self) -> Dataset:
        return quads_to_dataset(self._store, self.base)

    # ------------------------------------------------------------------ export
    def export(self, fmt: str, path: str | os.PathLike) -> Path:
        """Write the store as ``fmt`` (see :data:`kg.store.exports.EXPORT_FORMATS`) atomically;
        return the path."""
        return write_export(fmt, path, self._store, self.base)


class RdflibEngine:
    """Runs queries over an rdflib ``Dataset`` with the same interface as :meth:`Store.query`.

    Sets ``ds.default_union = True`` so the default graph is the union of the named graphs.
    """

    def __init__(self, ds: Dataset):
        ds.default_union = True
        self.ds = ds

    def query(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> Result:
        text = bind_values(sparql, bindings)
        try:
            prepared = prepareQuery(text)
        except Exception as e:  # pyparsing.ParseException, unknown prefix, ...
            raise QueryError(f"SPARQL syntax error: {e}") from None
        res = self.ds.query(prepared)
        if res.type == "ASK":
            return Result([], [], bool(res.askAnswer))
        if res.type == "SELECT":
            cols = [str(v) for v in res.vars]
            return Result(cols, [tuple(row) for row in res])
        return triples_result(tuple(t) for t in res.graph)


# QueryError and Result are imported from here by callers (kg.api, kg.cli) as well as from
# their homes, kg.errors and kg.store.results.
__all__ = ["Store", "RdflibEngine", "QueryError", "Result"]
