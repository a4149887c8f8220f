"""A view of the relationship graph as a GraphML or GEXF file (for Gephi, Cytoscape, yEd).

In: a ``networkx.MultiDiGraph`` from :func:`kg.views.network.build_network` (any view), a path
and a format name. Out: the file, written atomically (:func:`export_graph`), with attribute
values made into scalars that these formats can hold.
"""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import networkx as nx

from kg.fileio import atomic_write

GRAPH_FORMATS = ("graphml", "gexf")


def export_graph(G: nx.MultiDiGraph, path, fmt: str):
    """Write ``G`` as GraphML or GEXF (for Gephi, Cytoscape, yEd) atomically; return the path.

    Attribute values become scalars these formats can hold: lists are joined with ``"; "``,
    dicts become JSON, ``None`` becomes ``""``; an attribute whose values mix ints and floats
    is written as float, one that mixes other types as text (so each attribute has one type).
    Graph attributes are left out (the article table is in the RDF exports).
    """
    if fmt not in GRAPH_FORMATS:
        raise ValueError(f"unknown graph format {fmt!r}: use one of {', '.join(GRAPH_FORMATS)}")
    H = nx.MultiDiGraph()
    nodes = [(n, _scalars(d)) for n, d in G.nodes(data=True)]
    edges = [(u, v, k, _scalars(d)) for u, v, k, d in G.edges(keys=True, data=True)]
    _one_type_per_key([d for _, d in nodes])
    _one_type_per_key([d for *_, d in edges])
    H.add_nodes_from(nodes)
    for u, v, k, d in edges:
        H.add_edge(u, v, key=k, **d)
    writer = nx.write_graphml if fmt == "graphml" else nx.write_gexf
    return atomic_write(Path(path), lambda out: writer(H, out, encoding="utf-8"))


def _scalars(d: dict) -> dict:
    out = {}
    for k, v in d.items():
        if isinstance(v, (list, tuple, set)):
            v = "; ".join(str(x) for x in (sorted(v) if isinstance(v, set) else v))
        elif isinstance(v, dict):
            v = json.dumps(v, ensure_ascii=False, sort_keys=True)
        elif v is None:
            v = ""
        out[k] = v
    return out


def _one_type_per_key(records: list[dict]) -> None:
    types: dict[str, set[type]] = defaultdict(set)
    for d in records:
        for k, v in d.items():
            types[k].add(type(v))
    for k, found in types.items():
        if len(found) < 2:
            continue
        cast = float if found <= {int, float} else str
        for d in records:
            if k in d:
                d[k] = cast(d[k])
