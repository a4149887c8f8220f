"""The embedded triple store, SPARQL execution on two engines, and file exports.

In: rdflib graphs / datasets (from :mod:`kg.rdf`), an ontology Turtle file, SPARQL query text.
Out: an Oxigraph store on disk (one named graph per article, the gazetteer graph, the ontology
graph), query :class:`Result` s made of rdflib terms, and export files (ttl, nt, nq, trig, jsonld).

- :class:`Store` wraps ``pyoxigraph.Store``. ``replace_graph`` swaps one named graph in a single
  transaction (DROP + INSERT DATA in one SPARQL update), so a rebuild is idempotent and a reader
  never sees half a graph.
- :class:`RdflibEngine` runs the same queries over an rdflib ``Dataset`` (slow, for tests and
  small graphs). Both engines evaluate queries with the union of all named graphs as the default
  graph, return the same :class:`Result`, and bind parameters the same way (:func:`bind_values`).
- :func:`export_dataset` / :meth:`Store.export` write files atomically (temp file, fsync, rename).
  ``ttl`` and ``nt`` hold the union of all graphs as one graph: graph names are dropped.
  ``nq``, ``trig`` and ``jsonld`` keep them.
"""
from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.plugins.sparql import prepareQuery
from rdflib.term import Identifier

from kg.errors import QueryError
from kg.fileio import atomic_write
from kg.graph.namespaces import PREFIXES, XSD, base_iri
from kg.graph.iris import IRIs

EXPORT_FORMATS = ("ttl", "nt", "nq", "trig", "jsonld")
_OX_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
}


@dataclass
class Result:
    """A query result. ``rows`` hold rdflib terms (URIRef, Literal, BNode) or None for unbound.

    SELECT: ``columns`` are the projected variables. ASK: no columns, ``boolean`` is set.
    CONSTRUCT / DESCRIBE: columns ``subject``, ``predicate``, ``object``, one row per triple.
    """

    columns: list[str]
    rows: list[tuple] = field(default_factory=list)
    boolean: bool | None = None

    def dicts(self) -> list[dict]:
        return [dict(zip(self.columns, row)) for row in self.rows]


def prefixes(base: str | None = None) -> dict[str, str]:
    """The project prefixes plus ``kgd:`` for the data base IRI."""
    return {**{p: str(ns) for p, ns in PREFIXES.items()}, "kgd": base_iri(base)}


# ----------------------------------------------------------------------------- term conversion


def to_ox(term):
    """rdflib term (or None = default graph) -> pyoxigraph term. Raises ValueError on a bad IRI."""
    if term is None:
        return ox.DefaultGraph()
    if isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal, ox.DefaultGraph)):
        return term
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def from_ox(term) -> Identifier | None:
    """pyoxigraph term -> rdflib term; xsd:string literals become plain literals (as in rdflib)."""
    if term is None or isinstance(term, ox.DefaultGraph):
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == str(XSD.string):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"unsupported term from Oxigraph: {term!r}")


# ----------------------------------------------------------------------------- parameter binding

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
# tokens that may contain "{" or the word WHERE without being query structure
_SKIP = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*'
)


def _outer_group_start(sparql: str) -> int:
    """Offset just after the '{' that opens the outermost WHERE group."""
    construct = re.search(r"\bCONSTRUCT\b", _SKIP.sub(" ", sparql), re.I)  # needs WHERE
    pos, seen_where = 0, False
    while pos < len(sparql):
        m = _SKIP.match(sparql, pos)
        if m:
            pos = m.end()
            continue
        if re.match(r"WHERE\b", sparql[pos:pos + 6], re.I) and (
                pos == 0 or not (sparql[pos - 1].isalnum() or sparql[pos - 1] in "_?$:")):
            seen_where = True
        elif sparql[pos] == "{" and (seen_where or not construct):
            return pos + 1
        pos += 1
    raise QueryError("cannot bind parameters: the query has no WHERE { ... } group")


def _masked(sparql: str) -> str:
    """The query with strings, IRIs and comments blanked out (same length), so that braces and
    keywords found in it are query structure."""
    return _SKIP.sub(lambda m: " " * len(m.group()), sparql)


def _sub_select_groups(text: str) -> list[tuple[int, int]]:
    """(start, end) of the WHERE group of every SELECT in the (:func:`_masked`) query, outermost
    first: start is just after its '{', end at its matching '}'."""
    groups = []
    for m in re.finditer(r"(?<![A-Za-z0-9_?$:])SELECT\b", text, re.I):
        start = text.find("{", m.end())
        if start < 0:
            break
        depth, pos = 0, start
        for pos in range(start, len(text)):
            if text[pos] == "{":
                depth += 1
            elif text[pos] == "}":
                depth -= 1
                if depth == 0:
                    break
        groups.append((start + 1, pos))
    return groups


def bind_values(sparql: str, bindings: Mapping[str, Identifier] | None) -> str:
    """Bind parameters by inserting ``VALUES ?name { term }`` blocks into the query.

    Values are typed rdflib terms serialised with ``n3()``; text is never pasted into the query.
    A parameter is a constant of the whole query: its ``VALUES`` row goes at the start of the
    outermost WHERE group (visible to its patterns and FILTERs) and at the start of every
    sub-SELECT whose group mentions the variable, since a sub-SELECT does not see the bindings
    around it. So a sub-SELECT can start from the parameter (``?event sem:hasActor ?_actor``)
    and stay small, and reads "any" when the parameter is left unbound. Unbound (None) values
    are left out.
    """
    if not bindings:
        return sparql
    rows: dict[str, str] = {}
    for name, value in bindings.items():
        if not _NAME.match(name):
            raise QueryError(f"bad variable name {name!r}")
        if value is None:
            continue
        if not isinstance(value, (URIRef, Literal)):
            raise QueryError(f"?{name}: can only bind an IRI or a literal, not {value!r}")
        if isinstance(value, URIRef):
            check_iri(str(value), name)
        rows[name] = f"VALUES ?{name} {{ {value.n3()} }}"
    if not rows:
        return sparql
    outer = _outer_group_start(sparql)
    inserts = {outer: list(rows.values())}
    masked = _masked(sparql)
    for start, end in _sub_select_groups(masked):
        if start == outer:
            continue
        used = [row for name, row in rows.items()
                if re.search(rf"[?$]{name}(?![A-Za-z0-9_])", masked[start:end])]
        if used:
            inserts[start] = used
    for at in sorted(inserts, reverse=True):
        sparql = sparql[:at] + "\n  " + "\n  ".join(inserts[at]) + "\n" + sparql[at:]
    return sparql


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_BAD_IRI_CHARS = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def check_iri(value: str, what: str = "IRI") -> str:
    """Raise QueryError unless ``value`` is an absolute IRI safe to write as ``<value>``."""
    bad = _BAD_IRI_CHARS.search(value)
    if bad:
        raise QueryError(f"{what}: {value!r} is not a valid IRI (character {bad.group()!r} "
                         "is not allowed)")
    if not _SCHEME.match(value):
        raise QueryError(f"{what}: {value!r} is not an absolute IRI (expected e.g. https://...)")
    return value


# ----------------------------------------------------------------------------- engines


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
            res = self._store.query(text, use_default_graph_as_union=True)
        except SyntaxError as e:
            raise QueryError(f"SPARQL syntax error: {e}") from None
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
        return _triples_result((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object))
                               for t in res)

    def quads(self) -> Iterable[ox.Quad]:
        return iter(self._store)

    def to_dataset(self) -> Dataset:
        return _to_dataset(self._store, self.base)

    # ------------------------------------------------------------------ export
    def export(self, fmt: str, path: str | os.PathLike) -> Path:
        """Write the store as ``fmt`` (see :data:`EXPORT_FORMATS`) atomically; return the path."""
        return _export(fmt, path, self.quads, self.to_dataset, self.base)


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
        return _triples_result(tuple(t) for t in res.graph)


def _triples_result(triples: Iterable[tuple]) -> Result:
    """CONSTRUCT / DESCRIBE: distinct triples, sorted (Oxigraph may repeat a triple)."""
    return Result(["subject", "predicate", "object"],
                  sorted(set(triples), key=lambda t: tuple(x.n3() for x in t)))


# ----------------------------------------------------------------------------- export


def export_dataset(ds: Dataset, fmt: str, path: str | os.PathLike,
                   base: str | None = None) -> Path:
    """Write an rdflib Dataset as ``fmt`` atomically (same writer as :meth:`Store.export`)."""
    return _export(fmt, path, lambda: (ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(g))
                                       for s, p, o, g in ds.quads()), lambda: ds, base)


def jsonld_context(base: str | None = None) -> dict[str, str]:
    return prefixes(base)


def _to_dataset(quads: Iterable[ox.Quad], base: str | None) -> Dataset:
    ds = Dataset()
    for prefix, ns in prefixes(base).items():
        ds.bind(prefix, ns)
    graphs: dict = {}
    for q in quads:
        g = from_ox(q.graph_name)
        if g not in graphs:
            graphs[g] = ds.default_graph if g is None else ds.graph(g)
        graphs[g].add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
    return ds


def _sort_key(q) -> tuple[str, ...]:
    return tuple(str(t) for t in q)


def _stable(node, key: str = ""):
    """JSON-LD with every array sorted (except @list), so the same data gives the same file."""
    if isinstance(node, dict):
        return {k: _stable(v, k) for k, v in node.items()}
    if isinstance(node, list):
        items = [_stable(v) for v in node]
        if key == "@list":
            return items
        return sorted(items, key=lambda v: (v.get("@id", "") if isinstance(v, dict) else "",
                                            json.dumps(v, sort_keys=True)))
    return node


def _export(fmt: str, path, quads: Callable[[], Iterable[ox.Quad]],
            dataset: Callable[[], Dataset], base: str | None) -> Path:
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; "
                         f"choose one of {', '.join(EXPORT_FORMATS)}")
    pfx = None
    if fmt in ("ttl", "trig"):  # without kgd:, for which Oxigraph would write kgd:entity\/x
        pfx = {p: ns for p, ns in prefixes(base).items() if p != "kgd"}

    def write(out) -> None:
        if fmt == "jsonld":
            data = dataset().serialize(format="json-ld", context=jsonld_context(base))
            out.write(json.dumps(_stable(json.loads(data)), indent=2, ensure_ascii=False,
                                 sort_keys=True).encode("utf-8"))
        elif fmt in ("ttl", "nt"):  # the union of all graphs: graph names are dropped
            triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads()}
            ox.serialize(sorted(triples, key=_sort_key), out, _OX_FORMATS[fmt], prefixes=pfx)
        else:
            ox.serialize(sorted(quads(), key=lambda q: (str(q.graph_name), *_sort_key(q))), out,
                         _OX_FORMATS[fmt], prefixes=pfx)

    return atomic_write(path, write)
