"""File exports of a store or an rdflib ``Dataset``: Turtle, N-Triples, N-Quads, TriG, JSON-LD.

In: the quads of a store (or of a ``Dataset``), an export format and a path. Out: the file,
written atomically (temp file, fsync, rename) and deterministically (sorted statements, sorted
JSON-LD arrays). ``ttl`` and ``nt`` hold the union of all graphs as one graph: graph names are
dropped. ``nq``, ``trig`` and ``jsonld`` keep them.
"""
from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

from kg.fileio import atomic_write
from kg.store.terms import from_ox, prefixes, to_ox

EXPORT_FORMATS = ("ttl", "nt", "nq", "trig", "jsonld")
_OX_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
}


def export_dataset(ds: Dataset, fmt: str, path: str | os.PathLike,
                   base: str | None = None) -> Path:
    """Write an rdflib Dataset as ``fmt`` atomically (same writer as :meth:`Store.export`)."""
    return write_export(fmt, path, lambda: (ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(g))
                                            for s, p, o, g in ds.quads()), lambda: ds, base)


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


def write_export(fmt: str, path, quads: Callable[[], Iterable[ox.Quad]],
                 dataset: Callable[[], Dataset], base: str | None) -> Path:
    """Write ``fmt`` atomically from ``quads()`` (or, for JSON-LD, ``dataset()``); the path."""
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
