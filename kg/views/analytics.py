"""Network analytics on a view: degree, betweenness, communities, and the ranked table of ``kg stats``.

In: a ``networkx.MultiDiGraph`` from :func:`kg.views.network.build_network` (any view). Out: per node a
:class:`Measures` (plain numbers), and the same as rows for a table, CSV or JSON.

The measures are computed on the undirected simple graph of the view (parallel edges merged, their
``weight`` summed; self-loops dropped), because who is linked to whom matters here, not the
direction of the arrow:
- ``degree``: number of distinct neighbours; ``strength``: sum of the edge weights (for the
  ``actors`` view, the number of shared events plus posts and part-of links);
- ``betweenness``: normalised betweenness centrality (unweighted shortest paths). Above
  :data:`BETWEENNESS_EXACT_LIMIT` nodes it is estimated from :data:`BETWEENNESS_SAMPLES` source
  nodes (``k=``, seeded), so 5,000+ nodes stays fast;
- ``community``: Louvain communities (weighted, fixed seed), numbered 0, 1, … by decreasing size
  (ties by the smallest node id), so the numbering is stable.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass

import networkx as nx

MEASURES = ("degree", "strength", "betweenness", "community")
#: Rankable measures (``community`` is a label, not a score).
RANKABLE = ("degree", "strength", "betweenness")
BETWEENNESS_EXACT_LIMIT = 1000
BETWEENNESS_SAMPLES = 300
SEED = 7


@dataclass
class Measures:
    degree: int
    strength: float
    betweenness: float
    community: int


def simple_graph(G: nx.Graph) -> nx.Graph:
    """Undirected, no parallel edges (weights summed), no self-loops; nodes in sorted order."""
    weights: dict[tuple, float] = {}
    for u, v, d in G.edges(data=True):
        if u == v:
            continue
        key = (u, v) if u <= v else (v, u)
        weights[key] = weights.get(key, 0) + (d.get("weight", 1) or 1)
    U = nx.Graph()
    U.add_nodes_from(sorted(G.nodes))
    U.add_weighted_edges_from((u, v, w) for (u, v), w in weights.items())
    return U


def measures(G: nx.Graph, samples: int | None = None) -> dict[str, Measures]:
    """Every node's measures (see the module docstring). ``samples``: estimate betweenness from
    this many source nodes (default: exact up to :data:`BETWEENNESS_EXACT_LIMIT` nodes, else
    :data:`BETWEENNESS_SAMPLES`)."""
    U = simple_graph(G)
    n = U.number_of_nodes()
    if n == 0:
        return {}
    if samples is None:
        samples = n if n <= BETWEENNESS_EXACT_LIMIT else BETWEENNESS_SAMPLES
    if samples < n:
        between = nx.betweenness_centrality(U, k=samples, seed=SEED)
    else:
        between = nx.betweenness_centrality(U)
    community = communities(U)
    return {v: Measures(degree=U.degree(v), strength=float(U.degree(v, weight="weight")),
                        betweenness=round(between[v], 6), community=community[v])
            for v in U.nodes}


def communities(U: nx.Graph) -> dict[str, int]:
    """Node -> community number (0 = the largest), Louvain with a fixed seed."""
    if U.number_of_edges() == 0:
        groups = [{v} for v in U.nodes]
    else:
        groups = nx.algorithms.community.louvain_communities(U, weight="weight", seed=SEED)
    ordered = sorted((sorted(g) for g in groups), key=lambda g: (-len(g), g[0]))
    return {v: i for i, g in enumerate(ordered) for v in g}


def ranked(G: nx.Graph, measure: str = "degree", top: int | None = 20,
           kind: str | None = None) -> list[dict]:
    """Rows ``rank, label, type, kind, degree, strength, betweenness, community, iri``, best
    first by ``measure`` (ties: the other measures, then the label). ``kind`` keeps only
    ``actor`` or ``event`` nodes."""
    if measure not in RANKABLE:
        raise ValueError(f"unknown measure {measure!r}: use one of {', '.join(RANKABLE)}")
    found = measures(G)
    others = [m for m in RANKABLE if m != measure]
    nodes = [v for v in found if kind is None or G.nodes[v].get("kind") == kind]
    nodes.sort(key=lambda v: (-getattr(found[v], measure),
                              *(-getattr(found[v], m) for m in others),
                              str(G.nodes[v].get("label", v)), v))
    if top is not None:
        nodes = nodes[:top]
    rows = []
    for i, v in enumerate(nodes, 1):
        d = G.nodes[v]
        rows.append({"rank": i, "label": str(d.get("label", v)), "type": d.get("type", ""),
                     "kind": d.get("kind", ""), **asdict(found[v]), "iri": v})
    return rows


COLUMNS = ("rank", "label", "type", "degree", "strength", "betweenness", "community", "iri")


def format_rows(rows: list[dict], fmt: str = "table") -> str:
    """The ranked rows as an aligned text table, CSV or JSON."""
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=1)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=COLUMNS, extrasaction="ignore",
                                lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue().rstrip("\n")
    if fmt != "table":
        raise ValueError(f"unknown format {fmt!r}: use table, csv or json")
    shown = [c for c in COLUMNS if c != "iri"]
    cells = [[f"{r[c]:.4f}" if c == "betweenness" else _cell(r[c]) for c in shown] for r in rows]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(shown)]
    numeric = {"rank", "degree", "strength", "betweenness", "community"}

    def line(values):
        return "  ".join(v.rjust(w) if c in numeric else v.ljust(w)
                         for c, v, w in zip(shown, values, widths)).rstrip()

    return "\n".join([line(shown), line(["-" * w for w in widths])] + [line(r) for r in cells])


def _cell(value) -> str:
    if isinstance(value, float):
        return f"{value:.4f}" if not value.is_integer() else str(int(value))
    return str(value)


__all__ = ["measures", "communities", "ranked", "format_rows", "simple_graph", "Measures",
           "MEASURES", "RANKABLE"]
