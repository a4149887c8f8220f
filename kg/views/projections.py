"""The views of the relationship graph: functions of the (filtered) ``"full"`` graph.

In: the ``"full"`` ``networkx.MultiDiGraph`` from :func:`kg.views.network.read_full` and a view
name, :class:`kg.views.filters.Filters`, and for ``"ego"`` a focus actor and a depth. Out: a new
``networkx.MultiDiGraph`` (:func:`project`; the ``"full"`` graph itself is not changed).

Views
- ``"full"``: actor nodes (every entity type, see :data:`kg.model.ENTITY_TYPES`) and event nodes.
  Edges: event -> actor (relation ``initiator`` / ``recipient`` / ``participant``), person -> the
  organisation of a post (``holds post``, labelled with the role as worded; to the country when the
  article names no organisation), organisation -> parent (``part of``, ``org:subOrganizationOf``),
  event -> place (``at``).
- ``"actors"``: actor nodes only. Edges: ``co-participates`` between two actors of the same event
  (one edge per pair, from the smaller node id to the larger; ``weight`` = number of events,
  ``source_count`` = number of articles reporting them, labelled with the event types), plus the
  ``holds post`` and ``part of`` edges.
- ``"events"``: the bipartite actors-events graph: events and the actors that take part in them
  (node attribute ``bipartite``: 0 actor, 1 event), participant edges only.
- ``"org"``: the organisation hierarchy and posts: ``part of`` and ``holds post`` edges and the
  actors they join.
- ``"ego"``: the ``"actors"`` view within ``depth`` links (in either direction) of one actor
  (``focus``: IRI, exact name, or a unique part of a name, see :func:`find_node`); the centre
  has ``focus=True``.

Co-participation edges carry ``events`` (labels of the shared events), ``source_count``,
``dates`` (the dates of the shared events) and ``undated`` (how many of them have no date).
A view's graph attributes are those of the ``"full"`` graph with ``view`` and ``filters`` (a
description of the filters applied, ``""`` when none) set.
"""
from __future__ import annotations

from collections import Counter, defaultdict

import networkx as nx

from kg.model import PARTICIPANT_ROLES
from kg.queries.names import fold
from kg.views.filters import Filters
from kg.views.fullgraph import participants

VIEWS = ("full", "actors", "events", "org", "ego")


def project(full: nx.MultiDiGraph, view: str = "actors", filters: Filters | None = None, *,
            focus: str | None = None, depth: int = 1) -> nx.MultiDiGraph:
    """A view of the ``"full"`` graph after the filters (``full`` itself is not changed)."""
    check_view(view)
    if view == "ego" and focus is None:
        raise ValueError("the ego view needs a focus actor (--focus NAME)")
    if depth < 0:
        raise ValueError(f"depth must be 0 or more, not {depth}")
    filters = filters or Filters()
    base = filters.apply(full) if filters.active() else full
    G = VIEW_FUNCTIONS[view](base, focus, depth) if view == "ego" else VIEW_FUNCTIONS[view](base)
    if G is full:
        return G
    G.graph.update({k: v for k, v in full.graph.items() if k not in G.graph})
    G.graph["view"] = view
    G.graph["filters"] = filters.describe()
    return G


def check_view(view: str) -> None:
    """Raise ValueError unless ``view`` is one of :data:`VIEWS`."""
    if view not in VIEWS:
        raise ValueError(f"unknown network view {view!r}: use one of {', '.join(VIEWS)}")


def find_node(G: nx.MultiDiGraph, name: str) -> str:
    """The node ``name`` designates: its IRI, its exact name or alias, or a unique part of one,
    compared without case or accents (:func:`kg.queries.names.fold`: "lopez obrador", "SRE")."""
    if name in G:
        return name
    wanted = fold(name)

    def names(d) -> list[str]:
        return [fold(x) for x in [d["label"], *d.get("aliases", ())]]

    exact = [n for n, d in G.nodes(data=True) if wanted in names(d)]
    if len(exact) == 1:
        return exact[0]
    part = exact or [n for n, d in G.nodes(data=True)
                     if wanted and any(wanted in x for x in names(d))]
    if len(part) == 1:
        return part[0]
    if not part:
        raise ValueError(f"no actor named {name!r} in the graph (after the filters)")
    found = sorted(f"{G.nodes[n]['label']} ({G.nodes[n]['type']})" for n in part)
    shown = "; ".join(found[:10]) + (f"; … {len(found) - 10} more" if len(found) > 10 else "")
    raise ValueError(f"{name!r} matches {len(part)} nodes: {shown}. Give the full name or IRI")


def full_view(full: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Actors and events with every relation (the graph itself)."""
    return full


def actors_view(full: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Actors only; events become weighted co-participation edges between their actors."""
    G = nx.MultiDiGraph()
    G.add_nodes_from((n, d) for n, d in full.nodes(data=True) if d["kind"] == "actor")
    for u, v, k, d in full.edges(keys=True, data=True):
        if k in ("holds post", "part of"):
            G.add_edge(u, v, key=k, **d)
    pairs: dict[tuple[str, str], list[str]] = defaultdict(list)
    for e, d in full.nodes(data=True):
        if d["kind"] != "event":
            continue
        actors = sorted(participants(full, e))
        for i, a in enumerate(actors):
            for b in actors[i + 1:]:
                pairs[a, b].append(e)
    for (a, b), events in sorted(pairs.items()):
        types = Counter(full.nodes[e]["type"] for e in events)
        label = ", ".join(t if n == 1 else f"{t} ×{n}" for t, n in sorted(types.items()))
        sources = sorted({s for e in events for s in full.nodes[e]["sources"]})
        dates = sorted({x for e in events for x in full.nodes[e]["date"].split(" / ") if x})
        G.add_edge(a, b, key="co-participates", relation="co-participates", label=label,
                   weight=len(events), source_count=len(sources), sources=sources,
                   events=sorted(full.nodes[e]["label"] for e in events), dates=dates,
                   undated=sum(1 for e in events if not full.nodes[e]["date"]))
    return G


def events_view(full: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Bipartite: events and their participants, joined by the participant edges."""
    G = nx.MultiDiGraph()
    edges = [(u, v, k, d) for u, v, k, d in full.edges(keys=True, data=True)
             if k in PARTICIPANT_ROLES]
    actors = {v for _, v, _, _ in edges}
    for n, d in full.nodes(data=True):
        if d["kind"] == "event" or n in actors:
            G.add_node(n, **d, bipartite=int(d["kind"] == "event"))
    for u, v, k, d in edges:
        G.add_edge(u, v, key=k, **d)
    return G


def org_view(full: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The organisation hierarchy (``part of``) and who holds a post where (``holds post``)."""
    edges = [(u, v, k, d) for u, v, k, d in full.edges(keys=True, data=True)
             if k in ("part of", "holds post")]
    ends = {n for u, v, _, _ in edges for n in (u, v)}
    G = nx.MultiDiGraph()
    G.add_nodes_from((n, d) for n, d in full.nodes(data=True) if n in ends)
    for u, v, k, d in edges:
        G.add_edge(u, v, key=k, **d)
    return G


def ego_view(full: nx.MultiDiGraph, focus: str, depth: int = 1) -> nx.MultiDiGraph:
    """The ``"actors"`` view within ``depth`` links of ``focus`` (either direction)."""
    base = actors_view(full)
    centre = find_node(base, focus)
    keep = nx.single_source_shortest_path_length(base.to_undirected(as_view=True), centre,
                                                 cutoff=depth)
    G = base.subgraph(sorted(keep)).copy()
    for n, dist in keep.items():
        G.nodes[n]["distance"] = dist
    G.nodes[centre]["focus"] = True
    G.graph["focus"] = centre
    return G


#: View name -> function of the (filtered) ``"full"`` graph.
VIEW_FUNCTIONS = {"full": full_view, "actors": actors_view, "events": events_view,
                  "org": org_view, "ego": ego_view}
