"""File exports of a store or an rdflib ``Dataset``: Turtle, N-Triples, N-Quads, TriG, JSON-LD.

In: a pyoxigraph store (or an rdflib ``Dataset``, loaded into an in-memory one), an export
format and a path. Out: the file, written atomically (temp file, fsync, rename) and
deterministically. ``ttl`` and ``nt`` hold the union of all graphs as one graph: graph names are
dropped. ``nq``, ``trig`` and ``jsonld`` keep them.

Every format is streamed one graph at a time (issue #20): the graphs are taken in the order of
their names, each graph's statements sorted, and written as they come, so memory holds one graph,
never the corpus. ``nq`` and ``trig`` are therefore sorted by (graph, subject, predicate, object)
as a whole. ``ttl`` and ``nt`` write each triple once, with the first graph (in that order) that
holds it: a triple also in an earlier graph is looked up in the store's index, not remembered.
JSON-LD is the document rdflib's serializer makes for the whole dataset with the project context
(every array sorted), written graph by graph.
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.plugins.serializers.jsonld import Converter
from rdflib.plugins.shared.jsonld.context import Context

from kg.fileio import atomic_write
from kg.store.terms import from_ox, prefixes, to_ox

EXPORT_FORMATS = ("ttl", "nt", "nq", "trig", "jsonld")
_OX_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
}


class _DatasetSource:
    """An rdflib Dataset seen as a store by the writers below (``quads_for_pattern`` and
    ``named_graphs``), its literals kept as they are (an Oxigraph store would rewrite, say,
    ``xsd:nonNegativeInteger`` values as ``xsd:integer``)."""

    def __init__(self, ds: Dataset):
        self._graphs: dict = {}
        for s, p, o, g in ds.quads():
            q = ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(g))
            self._graphs.setdefault(q.graph_name, set()).add(q)
        self._in: dict = {}
        for g, quads in self._graphs.items():
            for q in quads:
                self._in.setdefault(ox.Triple(q.subject, q.predicate, q.object), []).append(q)

    def named_graphs(self) -> list:
        return [g for g in self._graphs if not isinstance(g, ox.DefaultGraph)]

    def quads_for_pattern(self, s, p, o, g=None) -> Iterable[ox.Quad]:
        if s is None:  # a whole graph
            return iter(self._graphs.get(g, ()))
        return iter(self._in.get(ox.Triple(s, p, o), ()))


def export_dataset(ds: Dataset, fmt: str, path: str | os.PathLike,
                   base: str | None = None) -> Path:
    """Write an rdflib Dataset as ``fmt`` atomically (same writer as :meth:`Store.export`)."""
    return write_export(fmt, path, _DatasetSource(ds), base)


def jsonld_context(base: str | None = None) -> dict[str, str]:
    return prefixes(base)


def quads_to_dataset(quads: Iterable[ox.Quad], base: str | None) -> Dataset:
    """pyoxigraph quads -> an rdflib Dataset (one graph per graph name), project prefixes bound."""
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


def graph_names(store: ox.Store) -> list:
    """The store's graphs holding statements, in export order (by ``str``: the named graphs,
    then the default graph)."""
    names = [*store.named_graphs(), ox.DefaultGraph()]
    return sorted((g for g in names
                   if next(iter(store.quads_for_pattern(None, None, None, g)), None) is not None),
                  key=str)


def _graph_quads(store: ox.Store, g) -> list[ox.Quad]:
    return sorted(store.quads_for_pattern(None, None, None, g), key=_sort_key)


def _sorted_quads(store: ox.Store, names: list) -> Iterator[ox.Quad]:
    for g in names:
        yield from _graph_quads(store, g)


def _union_triples(store: ox.Store, names: list) -> Iterator[ox.Triple]:
    """Each triple once, in the first graph (of ``names``) that holds it."""
    rank = {str(g): i for i, g in enumerate(names)}
    for i, g in enumerate(names):
        for q in _graph_quads(store, g):
            s, p, o = q.subject, q.predicate, q.object
            if all(rank[str(h.graph_name)] >= i for h in store.quads_for_pattern(s, p, o)):
                yield ox.Triple(s, p, o)


def _jsonld_items(store: ox.Store, names: list, ctx: Context) -> Iterator[dict]:
    """The top-level ``@graph`` items rdflib's serializer makes, one per graph, stable."""
    conv = Converter(ctx, True, False)
    for g in names:
        is_default = isinstance(g, ox.DefaultGraph)
        graph = Graph(identifier=None if is_default else URIRef(g.value))
        for q in store.quads_for_pattern(None, None, None, g):
            graph.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
        nodes = conv.from_graph(graph)
        if is_default:
            obj = dict(nodes[0]) if len(nodes) == 1 else {ctx.graph_key: nodes}
        else:
            obj = {ctx.id_key: ctx.shrink_iri(graph.identifier), ctx.graph_key: nodes}
        yield _stable(obj)


def _write_jsonld(out, store: ox.Store, base: str | None) -> None:
    data = jsonld_context(base)
    ctx = Context(data)
    names = graph_names(store)
    names = names[-1:] + names[:-1] if names and isinstance(names[-1], ox.DefaultGraph) else names
    if len(names) <= 1:  # rdflib puts a single graph at the top level
        doc = next(_jsonld_items(store, names, ctx), {ctx.graph_key: []})
        doc["@context"] = data
        out.write(json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=True).encode("utf-8"))
        return
    head = json.dumps({"@context": data}, indent=2, ensure_ascii=False, sort_keys=True)
    out.write((head[:-2] + ',\n  "@graph": [').encode("utf-8"))
    # named graphs come out in the order of their (shrunk) @id; the default graph has none
    sep = "\n    "
    for n, item in enumerate(_jsonld_items(store, names, ctx)):
        text = json.dumps(item, indent=2, ensure_ascii=False, sort_keys=True)
        out.write(((",\n    " if n else sep) + text.replace("\n", sep)).encode("utf-8"))
    out.write(b"\n  ]\n}")


def write_export(fmt: str, path, store: ox.Store, base: str | None) -> Path:
    """Write ``store`` as ``fmt`` atomically, one graph at a time; the path."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; "
                         f"choose one of {', '.join(EXPORT_FORMATS)}")
    pfx = None
    if fmt in ("ttl", "trig"):  # without kgd:, for which Oxigraph would write kgd:entity\/x
        pfx = {p: ns for p, ns in prefixes(base).items() if p != "kgd"}

    def write(out) -> None:
        if fmt == "jsonld":
            _write_jsonld(out, store, base)
            return
        names = graph_names(store)
        if fmt in ("ttl", "nt"):  # the union of all graphs: graph names are dropped
            ox.serialize(_union_triples(store, names), out, _OX_FORMATS[fmt], prefixes=pfx)
        else:
            ox.serialize(_sorted_quads(store, names), out, _OX_FORMATS[fmt], prefixes=pfx)

    return atomic_write(path, write)
