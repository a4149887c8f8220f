"""NetworkX -> HTML: one self-contained interactive relationship graph.

In: a ``networkx.MultiDiGraph`` from :func:`kg.views.network.build_network` (any view). Out: one HTML
file that opens offline: vis-network's JS and CSS are inlined from the copy bundled with the
installed ``pyvis`` package, the graph is embedded as a JSON blob, and a small page script
(``kg/views/assets/graph_page.js`` / ``.css``) draws it with a legend that doubles as type filters, a
time window and status filter, a search box, a size-by-measure selector (degree, strength,
betweenness from :mod:`kg.views.analytics`), colour by type or community, tooltips and a details panel
(posts, events with dates, evidence sentences, source articles with outlet, date and link).
No file or host is referenced, and a Content-Security-Policy forbids fetching any. The timeline
page is :mod:`kg.views.timeline_page`; what both pages share is in :mod:`kg.views.page_common`,
node and line styles in :mod:`kg.views.styles`.

Large graphs: up to :data:`LAYOUT_THRESHOLD` nodes the browser lays the graph out (physics, then
off); above it the layout is computed here (:func:`kg.views.layout.radial_layout`, linear time)
and the browser runs no physics, draws no edge labels and builds no tooltips (the panel has
everything).
Betweenness and communities are computed for pages up to :data:`ANALYTICS_LIMIT` nodes. The page
sets ``window.kgReady = true`` once the graph is drawn and can be used.

Safety: article text reaches the browser only as JSON string values (``<``, ``>``, ``&``, U+2028
and U+2029 escaped) and the page script puts it into the DOM with ``textContent`` only.
Output is deterministic (sorted nodes and edges, seeded layout) and written atomically.
"""
from __future__ import annotations

import contextlib
import gc
import html
import math
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from kg.views.analytics import measures, simple_graph
from kg.views.layout import radial_layout
from kg.views.page_common import (
    PAGE_HEAD,
    article_table,
    embed_json,
    inline,
    own_asset,
    scope_line,
    vis_asset,
    write_page,
)
from kg.views.styles import ACTOR_STYLES, EDGE_STYLES, EVENT_COLOURS, FALLBACK_STYLE, type_order
from kg.views.timeline_page import TIMELINE_TITLE, render_timeline, timeline_data, write_timeline

DEFAULT_TITLE = "Security-diplomacy relationship graph"
#: Above this many nodes the layout is computed in Python and the browser runs no physics.
LAYOUT_THRESHOLD = 500
#: What node size can show (``none``: one size per kind).
SIZE_MEASURES = ("degree", "strength", "betweenness", "none")
#: Betweenness and communities are computed for pages up to this many nodes (``kg stats``
#: computes them at any size).
ANALYTICS_LIMIT = 5000
#: The page estimates betweenness from this many sources above this many nodes (``kg stats``
#: samples more: see :mod:`kg.views.analytics`).
PAGE_BETWEENNESS_EXACT = 300
PAGE_BETWEENNESS_SAMPLES = 64
LABEL_MAX = 48

HOW_TO_READ = (
    "Shape and colour show the type of actor; stars are events, coloured by event type. "
    "Arrows run from an event to its participants (role on the line), from a person to the "
    "body where they hold a post, from a body to its parent, and from an event to its place; "
    "an unarrowed line joins actors who took part in the same events (thicker = more events). "
    "Hover for a summary, click for posts, events, the source sentences and articles; "
    "untick a type or a status to hide it, set From/To to show the events of a period; "
    "Size by and Colour by switch node size between degree, strength and betweenness and "
    "colour between type and community."
)


def write_html(G: nx.MultiDiGraph, path, title: str = DEFAULT_TITLE, *,
               layout_threshold: int = LAYOUT_THRESHOLD, size_by: str = "degree") -> Path:
    """Write the page for ``G`` to ``path`` atomically; return the path. ``size_by``: the
    measure node sizes show when the page opens (degree, strength, betweenness or none)."""
    path = Path(path)
    write_page(path, render_html(G, title, layout_threshold=layout_threshold,
                                    size_by=size_by))
    return path


def render_html(G: nx.MultiDiGraph, title: str = DEFAULT_TITLE, *,
                layout_threshold: int = LAYOUT_THRESHOLD, size_by: str = "degree"
                ) -> Iterator[str]:
    """The page as a stream of text chunks (the graph JSON is built when its chunk is due)."""
    if size_by not in SIZE_MEASURES:
        raise ValueError(f"unknown size measure {size_by!r}: use one of "
                         f"{', '.join(SIZE_MEASURES)}")
    yield PAGE_HEAD.format(title=html.escape(title))
    yield "<style>\n" + inline(vis_asset("vis-network.css"), "style") + "\n</style>\n"
    yield "<style>\n" + inline(own_asset("graph_page.css"), "style") + "\n</style>\n"
    yield "</head>\n<body>\n<header>\n"
    yield f"<h1>{html.escape(title)}</h1>\n"
    yield f'<p class="counts">{html.escape(count_line(G))}</p>\n'
    scope = scope_line(G)
    if scope:
        yield f'<p class="scope">{html.escape(scope)}</p>\n'
    yield f'<p class="howto">{html.escape(HOW_TO_READ)}</p>\n</header>\n'
    yield (
        '<main>\n<aside id="controls">\n'
        '<label for="search">Find by name</label>\n'
        '<div class="search"><input id="search" type="search" placeholder="e.g. Lopez" '
        'autocomplete="off"><button id="search-next" type="button">Find</button></div>\n'
        '<p id="search-status" class="status"></p>\n'
        '<button id="fit-all" type="button" hidden>Show whole graph</button>\n'
        '<h2>Size and colour</h2>\n'
        '<div class="row"><label for="size-by">Size by</label> <select id="size-by"></select></div>\n'
        '<div class="row"><label for="colour-by">Colour by</label> <select id="colour-by">'
        '<option value="type">type</option></select></div>\n'
        '<h2>Types</h2>\n<div id="legend"></div>\n'
        '<div id="time-filter"><h2>Time</h2>\n'
        '<div class="row"><label for="date-from">From</label> <input id="date-from" type="date"></div>\n'
        '<div class="row"><label for="date-to">To</label> <input id="date-to" type="date"></div>\n'
        '<label class="legend-item"><input id="show-undated" type="checkbox" checked>'
        '<span>undated events</span></label>\n'
        '<p id="time-status" class="status"></p></div>\n'
        '<div id="status-filter"><h2>Status</h2>\n<div id="status-legend"></div></div>\n'
        '<h2>Lines</h2>\n<div id="edge-legend"></div>\n'
        '<p id="layout-status" class="status"></p>\n</aside>\n'
        '<div id="network" aria-label="relationship graph"></div>\n'
        '<aside id="details"><p class="hint">Click a node or a line to see its details.</p>'
        "</aside>\n</main>\n"
    )
    with _gc_paused():  # building ~10 objects per node: the cyclic GC would rescan them all
        blob = embed_json(graph_to_vis(G, layout_threshold=layout_threshold, size_by=size_by))
    yield '<script type="application/json" id="graph-data">' + blob + "</script>\n"
    yield "<script>\n" + inline(vis_asset("vis-network.min.js"), "script") + "\n</script>\n"
    yield "<script>\n" + inline(own_asset("page_common.js") + "\n" + own_asset("graph_page.js"), "script") + "\n</script>\n"
    yield "</body>\n</html>\n"


@dataclass
class _PageMeasures:
    """Per node what size and colour can show; ``names``: the measures the page offers."""

    degree: dict
    strength: dict
    betweenness: dict
    community: dict
    names: list[str]


def _page_measures(G: nx.MultiDiGraph, U: nx.Graph, analytics_limit: int) -> _PageMeasures:
    """Degree and strength of every node of ``U`` (the simple graph of ``G``); betweenness and
    communities too when ``G`` has at most ``analytics_limit`` nodes."""
    n = G.number_of_nodes()
    found = _PageMeasures(dict(U.degree()), dict(U.degree(weight="weight")), {}, {},
                         ["degree", "strength"])
    if n <= analytics_limit:
        measured = measures(G, samples=None if n <= PAGE_BETWEENNESS_EXACT
                            else PAGE_BETWEENNESS_SAMPLES)
        found.betweenness = {v: m.betweenness for v, m in measured.items()}
        found.community = {v: m.community for v, m in measured.items()}
        found.names.append("betweenness")
    return found


def graph_to_vis(G: nx.MultiDiGraph, *, layout_threshold: int = LAYOUT_THRESHOLD,
                 analytics_limit: int = ANALYTICS_LIMIT, size_by: str = "degree") -> dict:
    """Everything the page script needs, as plain JSON-able data (ids are sort positions)."""
    order = sorted(G.nodes)
    index = {n: i for i, n in enumerate(order)}
    physics = len(order) <= layout_threshold
    U = simple_graph(G)
    measured = _page_measures(G, U, analytics_limit)
    pos = {} if physics else radial_layout(U)
    nodes, node_dates = _vis_nodes(G, order, measured, pos)
    edges, edge_dates = _vis_edges(G, index)
    dates = node_dates | edge_dates
    statuses = sorted({x for _, d in G.nodes(data=True) if d.get("kind") == "event"
                       for x in str(d.get("status", "")).split(" / ") if x})
    used = {s for _, d in G.nodes(data=True) for s in d.get("sources", ())}
    return {
        "nodes": nodes,
        "edges": edges,
        "groups": _groups(G),
        "edgeStyles": {r: {"color": c, "dashes": dash, "arrow": arrow}
                       for r, (c, dash, arrow) in EDGE_STYLES.items()},
        "physics": physics,
        "measures": measured.names,
        "sizeBy": size_by if size_by in measured.names or size_by == "none" else "degree",
        "communities": len(set(measured.community.values())),
        "dates": [min(dates), max(dates)] if dates else [],
        "statuses": statuses,
        "articles": article_table(G, used),
        "view": G.graph.get("view", ""),
        "focus": index.get(G.graph.get("focus"), None),
    }


def _vis_nodes(G: nx.MultiDiGraph, order: list[str], measured: _PageMeasures,
               pos: dict) -> tuple[list[dict], set[str]]:
    """The page's nodes in ``order`` (node attributes and measures under ``info``), and the
    dates of the events among them."""
    nodes = []
    dates: set[str] = set()
    attrs = G._node  # node -> attribute dict (read only)
    for i, n in enumerate(order):
        d = attrs[n]
        label = str(d.get("label") or n)
        info = {"iri": n, **d, "label": label, "degree": measured.degree[n],
                "strength": float(measured.strength[n])}
        if n in measured.betweenness:
            info["betweenness"] = measured.betweenness[n]
            info["community"] = measured.community[n]
        node = {"id": i, "label": label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1] + "…",
                "group": d.get("type") or "Other", "info": info}
        if n in pos:
            node["x"], node["y"] = pos[n]
        if d.get("kind") == "event" and d.get("date"):
            dates.update(x for x in str(d["date"]).split(" / ") if x)
        nodes.append(node)
    return nodes, dates


def _vis_edges(G: nx.MultiDiGraph, index: dict[str, int]) -> tuple[list[dict], set[str]]:
    """The page's lines, sorted by their ends, and the dates of the shared events they carry."""
    edges = []
    dates: set[str] = set()
    for i, (u, v, k, d) in enumerate(sorted(G.edges(keys=True, data=True),
                                           key=lambda e: (index[e[0]], index[e[1]], str(e[2])))):
        weight = d.get("weight", 1)
        edge = {
            "id": i, "from": index[u], "to": index[v], "relation": d.get("relation", str(k)),
            "label": str(d.get("label", k)), "weight": weight,
            "width": round(1 + 1.5 * math.log(weight), 2) if weight >= 1 else 1,
            "sources": list(d.get("sources", [])), "events": list(d.get("events", [])),
        }
        if "dates" in d:  # co-participation: the dates of the shared events
            edge["dates"] = list(d["dates"])
            edge["undated"] = d.get("undated", 0)
            dates.update(d["dates"])
        edges.append(edge)
    return edges, dates


def count_line(G: nx.MultiDiGraph) -> str:
    """'14 nodes · 10 actors: 2 Person, … · 4 events: 1 Communication, … · 11 links'."""
    kinds = [(d.get("kind") == "event", d.get("type") or "Other") for _, d in G.nodes(data=True)]
    actors = Counter(t for is_event, t in kinds if not is_event)
    events = Counter(t for is_event, t in kinds if is_event)
    parts = [f"{G.number_of_nodes()} nodes"]
    if actors:
        parts.append(f"{sum(actors.values())} actors: " + ", ".join(
            f"{n} {t}" for t, n in sorted(actors.items(), key=type_order)))
    if events:
        parts.append(f"{sum(events.values())} events: " + ", ".join(
            f"{n} {t}" for t, n in sorted(events.items(), key=type_order)))
    parts.append(f"{G.number_of_edges()} links")
    return " · ".join(parts)


# ---------------------------------------------------------------------------- helpers


def _groups(G: nx.MultiDiGraph) -> list[dict]:
    """vis group options plus legend entries, for the types present, in legend order."""
    present = Counter((d.get("kind") == "event", d.get("type") or "Other")
                      for _, d in G.nodes(data=True))
    groups = []
    legend_order = sorted(present.items(), key=lambda kv: (kv[0][0], type_order(kv[0][1:])))
    for (is_event, name), count in legend_order:
        if is_event:
            shape, colour = "star", EVENT_COLOURS.get(name, FALLBACK_STYLE[1])
        else:
            shape, colour = ACTOR_STYLES.get(name, FALLBACK_STYLE)
        inside = shape in ("box", "ellipse")  # label drawn inside the shape
        groups.append({
            "name": name, "kind": "event" if is_event else "actor", "count": count,
            "colour": colour,
            "options": {
                "shape": shape,
                "color": {"background": colour, "border": "#333333",
                          "highlight": {"background": colour, "border": "#000000"},
                          "hover": {"background": colour, "border": "#000000"}},
                "font": {"color": "#ffffff" if inside else "#222222",
                         "size": 12 if is_event else 14},
            },
        })
    return groups


@contextlib.contextmanager
def _gc_paused():
    """No cyclic garbage collection inside (what is built there is acyclic and kept)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


__all__ = ["write_html", "render_html", "graph_to_vis", "write_timeline", "render_timeline",
           "timeline_data", "radial_layout", "embed_json", "count_line", "DEFAULT_TITLE",
           "TIMELINE_TITLE", "LAYOUT_THRESHOLD", "ANALYTICS_LIMIT"]
