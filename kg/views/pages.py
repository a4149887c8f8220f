"""NetworkX -> HTML: one self-contained interactive relationship graph.

In: a ``networkx.MultiDiGraph`` from :func:`kg.views.network.build_network` (any view). Out: one HTML
file that opens offline: vis-network's JS and CSS are inlined from the copy bundled with the
installed ``pyvis`` package, the graph is embedded as a JSON blob, and a small page script
(``kg/data/graph_page.js`` / ``.css``) draws it with a legend that doubles as type filters, a
time window and status filter, a search box, a size-by-measure selector (degree, strength,
betweenness from :mod:`kg.analytics`), colour by type or community, tooltips and a details panel
(posts, events with dates, evidence sentences, source articles with outlet, date and link).
:func:`write_timeline` writes the timeline page (``kg/data/timeline_page.js``): events on a time
axis, one row per actor, status drawn on each mark. No file or host is referenced, and a
Content-Security-Policy forbids fetching any.

Large graphs: up to :data:`LAYOUT_THRESHOLD` nodes the browser lays the graph out (physics, then
off); above it the layout is computed here (:func:`radial_layout`, linear time) and the browser
runs no physics, draws no edge labels and builds no tooltips (the panel has everything).
Betweenness and communities are computed for pages up to :data:`ANALYTICS_LIMIT` nodes. The page
sets ``window.kgReady = true`` once the graph is drawn and can be used.

Safety: article text reaches the browser only as JSON string values (``<``, ``>``, ``&``, U+2028
and U+2029 escaped) and the page script puts it into the DOM with ``textContent`` only.
Output is deterministic (sorted nodes and edges, seeded layout) and written atomically.
"""
from __future__ import annotations

import calendar
import contextlib
import gc
import html
import json
import math
import re
import zlib
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path

import networkx as nx

from kg.views.analytics import measures, simple_graph
from kg.fileio import atomic_write
from kg.model import ENTITY_TYPES, EVENT_TYPES

DEFAULT_TITLE = "Security-diplomacy relationship graph"
#: Above this many nodes the layout is computed in Python and the browser runs no physics.
LAYOUT_THRESHOLD = 500
#: What node size can show (``none``: one size per kind).
SIZE_MEASURES = ("degree", "strength", "betweenness", "none")
#: Betweenness and communities are computed for pages up to this many nodes (``kg stats``
#: computes them at any size).
ANALYTICS_LIMIT = 5000
#: The page estimates betweenness from this many sources above this many nodes (``kg stats``
#: samples more: see :mod:`kg.analytics`).
PAGE_BETWEENNESS_EXACT = 300
PAGE_BETWEENNESS_SAMPLES = 64
#: Layout spacing: distance between rings and minimal arc between nodes, in page pixels.
RING_STEP = 160
NODE_SPACING = 36
LABEL_MAX = 48
VIS_DIR = "templates/lib/vis-9.1.2"

#: Actor type -> (vis shape, colour).
ACTOR_STYLES = {
    "Person": ("dot", "#1f77b4"),
    "Country": ("hexagon", "#2ca02c"),
    "Ministry": ("box", "#e8710a"),
    "Agency": ("diamond", "#9467bd"),
    "CriminalOrganization": ("triangle", "#d62728"),
    "InternationalOrganization": ("square", "#17becf"),
    "Place": ("triangleDown", "#8c564b"),
    "Media": ("ellipse", "#7f7f7f"),
}
#: Event type -> colour (every event is a small star).
EVENT_COLOURS = {
    "Communication": "#4e79a7",
    "Meeting": "#59a14f",
    "Statement": "#9d9d9d",
    "Demand": "#f28e2b",
    "Threat": "#e15759",
    "Agreement": "#76b7b2",
    "Rejection": "#9c755f",
    "SecurityOperation": "#b07aa1",
    "Seizure": "#d4b21b",
    "Sanction": "#ff7f9f",
    "Arrest": "#6b2a2a",
}
FALLBACK_STYLE = ("dot", "#aaaaaa")
#: Edge relation -> (colour, dashed, arrow).
EDGE_STYLES = {
    "initiator": ("#b03a2e", False, True),
    "recipient": ("#34495e", False, True),
    "participant": ("#7f8c8d", False, True),
    "holds post": ("#1f77b4", False, True),
    "part of": ("#555555", True, True),
    "at": ("#8c564b", True, True),
    "co-participates": ("#8a8a8a", False, False),
}
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

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
                 "\u2029": "\\u2029"}

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>{title}</title>
"""


def write_html(G: nx.MultiDiGraph, path, title: str = DEFAULT_TITLE, *,
               layout_threshold: int = LAYOUT_THRESHOLD, size_by: str = "degree") -> Path:
    """Write the page for ``G`` to ``path`` atomically; return the path. ``size_by``: the
    measure node sizes show when the page opens (degree, strength, betweenness or none)."""
    path = Path(path)
    _atomic_write(path, render_html(G, title, layout_threshold=layout_threshold,
                                    size_by=size_by))
    return path


def render_html(G: nx.MultiDiGraph, title: str = DEFAULT_TITLE, *,
                layout_threshold: int = LAYOUT_THRESHOLD, size_by: str = "degree"
                ) -> Iterator[str]:
    """The page as a stream of text chunks (the graph JSON is built when its chunk is due)."""
    if size_by not in SIZE_MEASURES:
        raise ValueError(f"unknown size measure {size_by!r}: use one of "
                         f"{', '.join(SIZE_MEASURES)}")
    yield _PAGE.format(title=html.escape(title))
    yield "<style>\n" + _inline(_vis_asset("vis-network.css"), "style") + "\n</style>\n"
    yield "<style>\n" + _inline(_own_asset("graph_page.css"), "style") + "\n</style>\n"
    yield "</head>\n<body>\n<header>\n"
    yield f"<h1>{html.escape(title)}</h1>\n"
    yield f'<p class="counts">{html.escape(count_line(G))}</p>\n'
    scope = _scope_line(G)
    if scope:
        yield f'<p class="scope">{html.escape(scope)}</p>\n'
    yield f'<p class="howto">{html.escape(HOW_TO_READ)}</p>\n</header>\n'
    yield (
        '<main>\n<aside id="controls">\n'
        '<label for="search">Find by name</label>\n'
        '<div class="search"><input id="search" type="search" placeholder="e.g. Lopez" '
        'autocomplete="off"><button id="search-next" type="button">Find</button></div>\n'
        '<p id="search-status" class="status"></p>\n'
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
    yield "<script>\n" + _inline(_vis_asset("vis-network.min.js"), "script") + "\n</script>\n"
    yield "<script>\n" + _inline(_own_asset("page_common.js") + "\n" + _own_asset("graph_page.js"), "script") + "\n</script>\n"
    yield "</body>\n</html>\n"


def graph_to_vis(G: nx.MultiDiGraph, *, layout_threshold: int = LAYOUT_THRESHOLD,
                 analytics_limit: int = ANALYTICS_LIMIT, size_by: str = "degree") -> dict:
    """Everything the page script needs, as plain JSON-able data (ids are sort positions)."""
    order = sorted(G.nodes)
    index = {n: i for i, n in enumerate(order)}
    physics = len(order) <= layout_threshold
    U = simple_graph(G)
    degree = dict(U.degree())
    strength = dict(U.degree(weight="weight"))
    measured = ["degree", "strength"]
    between: dict = {}
    community: dict = {}
    if len(order) <= analytics_limit:
        found = measures(G, samples=None if len(order) <= PAGE_BETWEENNESS_EXACT
                         else PAGE_BETWEENNESS_SAMPLES)
        between = {v: m.betweenness for v, m in found.items()}
        community = {v: m.community for v, m in found.items()}
        measured.append("betweenness")
    pos = {} if physics else radial_layout(U)
    nodes = []
    dates: set[str] = set()
    attrs = G._node  # node -> attribute dict (read only)
    for i, n in enumerate(order):
        d = attrs[n]
        label = str(d.get("label") or n)
        info = {"iri": n, **d, "label": label, "degree": degree[n], "strength": float(strength[n])}
        if n in between:
            info["betweenness"] = between[n]
            info["community"] = community[n]
        node = {"id": i, "label": label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1] + "…",
                "group": d.get("type") or "Other", "info": info}
        if n in pos:
            node["x"], node["y"] = pos[n]
        if d.get("kind") == "event" and d.get("date"):
            dates.update(x for x in str(d["date"]).split(" / ") if x)
        nodes.append(node)
    edges = []
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
        "measures": measured,
        "sizeBy": size_by if size_by in measured or size_by == "none" else "degree",
        "communities": len(set(community.values())),
        "dates": [min(dates), max(dates)] if dates else [],
        "statuses": statuses,
        "articles": _articles(G, used),
        "view": G.graph.get("view", ""),
        "focus": index.get(G.graph.get("focus"), None),
    }


def count_line(G: nx.MultiDiGraph) -> str:
    """'14 nodes · 10 actors: 2 Person, … · 4 events: 1 Communication, … · 11 links'."""
    kinds = [(d.get("kind") == "event", d.get("type") or "Other") for _, d in G.nodes(data=True)]
    actors = Counter(t for is_event, t in kinds if not is_event)
    events = Counter(t for is_event, t in kinds if is_event)
    parts = [f"{G.number_of_nodes()} nodes"]
    if actors:
        parts.append(f"{sum(actors.values())} actors: " + ", ".join(
            f"{n} {t}" for t, n in sorted(actors.items(), key=_type_order)))
    if events:
        parts.append(f"{sum(events.values())} events: " + ", ".join(
            f"{n} {t}" for t, n in sorted(events.items(), key=_type_order)))
    parts.append(f"{G.number_of_edges()} links")
    return " · ".join(parts)


def _articles(G: nx.MultiDiGraph, used: set[str]) -> dict[str, dict]:
    """Outlet, date and address of the articles cited; an address that is not http(s) is
    dropped here (the page script also refuses to link one)."""
    out = {}
    for aid in sorted(used):
        meta = dict(G.graph.get("articles", {}).get(aid, {}))
        if not meta:
            continue
        if not re.match(r"https?://", str(meta.get("url", "")), re.I):
            meta["url"] = ""
        out[aid] = meta
    return out


def _scope_line(G: nx.MultiDiGraph) -> str:
    """'View: ego of Ana Lopez, depth 2 · filters: since 2026-03-01' (empty for the plain graph)."""
    parts = []
    view = G.graph.get("view", "")
    focus = G.graph.get("focus")
    if view and view != "full":
        parts.append(f"view: {view}" + (f" of {G.nodes[focus]['label']}" if focus in G else ""))
    if G.graph.get("filters"):
        parts.append(f"filters: {G.graph['filters']}")
    return " · ".join(parts)


def embed_json(data) -> str:
    """JSON that is safe inside a <script> element (no '</script>', no HTML, no line separators)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, escaped in _JSON_ESCAPES.items():  # str.replace is ~30x faster than translate here
        text = text.replace(char, escaped)
    return text


# ---------------------------------------------------------------------------- helpers


def _type_order(item) -> tuple:
    name = item[0]
    for i, group in enumerate((ENTITY_TYPES, EVENT_TYPES)):
        if name in group:
            return (i, group.index(name), name)
    return (2, 0, name)


def _groups(G: nx.MultiDiGraph) -> list[dict]:
    """vis group options plus legend entries, for the types present, in legend order."""
    present = Counter((d.get("kind") == "event", d.get("type") or "Other")
                      for _, d in G.nodes(data=True))
    groups = []
    legend_order = sorted(present.items(), key=lambda kv: (kv[0][0], _type_order(kv[0][1:])))
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
                         "size": 11 if is_event else 14},
            },
        })
    return groups


def radial_layout(U: nx.Graph) -> dict[str, tuple[int, int]]:
    """Deterministic positions in linear time, for graphs too large for in-browser physics.

    Each connected component is drawn as a radial tree: its best-connected node at the centre,
    the others on rings by breadth-first distance, each subtree in an angular sector as wide as
    its share of the nodes (so neighbours stay close). Components are packed in rows, largest
    first.
    """
    components = sorted((sorted(c) for c in nx.connected_components(U)),
                        key=lambda c: (-len(c), c[0]))
    degree = dict(U.degree())
    placed = [_radial_component(U, comp, degree) if len(comp) > 1 else ({comp[0]: (0.0, 0.0)}, 0.0)
              for comp in components]
    row_width = max(math.sqrt(sum((2 * r + NODE_SPACING) ** 2 for _, r in placed)),
                    2 * placed[0][1] + NODE_SPACING) if placed else 0
    pos: dict[str, tuple[int, int]] = {}
    x = y = row_height = 0.0
    for local, radius in placed:
        size = 2 * radius + NODE_SPACING
        if x > 0 and x + size > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for n, (px, py) in local.items():
            pos[n] = (round(x + size / 2 + px), round(y + size / 2 + py))
        x += size
        row_height = max(row_height, size)
    return pos


def _radial_component(U: nx.Graph, comp: list[str], degree: dict) -> tuple[dict, float]:
    root = min(comp, key=lambda n: (-degree[n], n))
    parent, depth, order = {root: None}, {root: 0}, [root]
    children: dict[str, list[str]] = {root: []}
    queue = deque([root])
    while queue:
        n = queue.popleft()
        for m in U._adj[n]:  # insertion order: deterministic (U is built in sorted order)
            if m not in parent:
                parent[m], depth[m] = n, depth[n] + 1
                children[m] = []
                children[n].append(m)
                order.append(m)
                queue.append(m)
    size = {n: 1 for n in order}
    for n in reversed(order[1:]):
        size[parent[n]] += size[n]
    per_ring = Counter(depth.values())
    radius, r = {0: 0.0}, 0.0
    for d in range(1, max(per_ring) + 1):
        r = max(r + RING_STEP, per_ring[d] * NODE_SPACING / (2 * math.pi))
        radius[d] = r
    span = {root: (0.0, 2 * math.pi)}
    local = {}
    for n in order:
        lo, hi = span[n]
        angle = (lo + hi) / 2
        local[n] = (radius[depth[n]] * math.cos(angle), radius[depth[n]] * math.sin(angle))
        start = lo
        for c in children[n]:
            width = (hi - lo) * size[c] / max(size[n] - 1, 1)
            span[c] = (start, start + width)
            start += width
    return local, max(radius.values())


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


def _vis_asset(name: str) -> str:
    return (resources.files("pyvis") / VIS_DIR / name).read_text(encoding="utf-8")


def _own_asset(name: str) -> str:
    return (resources.files("kg.views") / "assets" / name).read_text(encoding="utf-8")


def _inline(text: str, tag: str) -> str:
    """Refuse text that would end its inline element early (or start an HTML comment in it)."""
    lowered = text.lower()
    if f"</{tag}" in lowered or "<!--" in lowered:
        raise ValueError(f"cannot inline this {tag}: it contains '</{tag}' or '<!--'")
    return text


def _atomic_write(path: Path, chunks: Iterable[str]) -> None:
    def write(out) -> None:
        for chunk in chunks:
            out.write(chunk.encode("utf-8"))

    atomic_write(path, write)


# ---------------------------------------------------------------------------- timeline

TIMELINE_TITLE = "Security-diplomacy timeline"
TIMELINE_HOW_TO_READ = (
    "One row per actor, events in date order: one column per day on which something happened (a dashed line marks skipped days; a month- or year-precise date is a bar over the "
    "month or year; reports that disagree on the date give a bar from the first to the last). "
    "Colour is the event type; a filled mark happened, a hollow one is planned or proposed, a "
    "crossed one was ruled out (denied or rejected). Undated events are in the last column. "
    "Click a mark for its participants, evidence and source articles."
)


def write_timeline(G: nx.MultiDiGraph, path, title: str = TIMELINE_TITLE) -> Path:
    """Write the timeline page of ``G`` (a ``"full"`` or ``"events"`` graph) atomically."""
    path = Path(path)
    _atomic_write(path, render_timeline(G, title))
    return path


def render_timeline(G: nx.MultiDiGraph, title: str = TIMELINE_TITLE) -> Iterator[str]:
    data = timeline_data(G)
    yield _PAGE.format(title=html.escape(title))
    yield "<style>\n" + _inline(_own_asset("graph_page.css"), "style") + "\n</style>\n"
    yield "</head>\n<body>\n<header>\n"
    yield f"<h1>{html.escape(title)}</h1>\n"
    undated = sum(1 for e in data["events"] if not e["start"])
    counts = (f"{len(data['events'])} events ({undated} undated) · "
              f"{len(data['rows'])} actors with events")
    yield f'<p class="counts">{html.escape(counts)}</p>\n'
    scope = _scope_line(G)
    if scope:
        yield f'<p class="scope">{html.escape(scope)}</p>\n'
    yield f'<p class="howto">{html.escape(TIMELINE_HOW_TO_READ)}</p>\n</header>\n'
    yield (
        '<main>\n<aside id="controls">\n'
        '<label for="search">Actors whose name contains</label>\n'
        '<div class="search"><input id="search" type="search" autocomplete="off"></div>\n'
        '<p id="search-status" class="status"></p>\n'
        '<h2>Status</h2>\n<div id="status-legend"></div>\n'
        '<h2>Event types</h2>\n<div id="legend"></div>\n'
        '<p id="layout-status" class="status"></p>\n</aside>\n'
        '<div id="timeline" aria-label="timeline"></div>\n'
        '<aside id="details"><p class="hint">Click an event to see its details.</p></aside>\n'
        "</main>\n"
    )
    yield '<script type="application/json" id="timeline-data">' + embed_json(data) + "</script>\n"
    yield "<script>\n" + _inline(_own_asset("page_common.js") + "\n" + _own_asset("timeline_page.js"), "script") + "\n</script>\n"
    yield "</body>\n</html>\n"


def timeline_data(G: nx.MultiDiGraph) -> dict:
    """Events (with start / end days, status, participants, evidence, sources) and one row per
    actor that takes part in any (most events first), for the timeline page."""
    events = sorted((n for n, d in G.nodes(data=True) if d.get("kind") == "event"),
                    key=lambda n: (_day_bounds(G.nodes[n].get("date", ""))[0] or "9999", n))
    index = {e: i for i, e in enumerate(events)}
    rows: dict[str, list[int]] = {}
    out = []
    for e in events:
        d = G.nodes[e]
        start, end = _day_bounds(d.get("date", ""))
        actors = sorted({v for _, v, k in G.out_edges(e, keys=True)
                         if k in ("initiator", "recipient", "participant")})
        for a in actors:
            rows.setdefault(a, []).append(index[e])
        out.append({
            "id": index[e], "iri": e, "label": d.get("label", e), "type": d.get("type", ""),
            "mode": d.get("mode", ""), "status": d.get("status", ""), "date": d.get("date", ""),
            "dates": d.get("dates", []), "start": start, "end": end,
            "quote": d.get("quote", ""), "place": d.get("place", ""),
            "participants": d.get("participants", []), "evidence": d.get("evidence", []),
            "evidence_total": d.get("evidence_total", 0), "sources": d.get("sources", []),
            "colour": EVENT_COLOURS.get(d.get("type", ""), FALLBACK_STYLE[1]),
        })
    ordered = sorted(rows, key=lambda a: (-len(rows[a]), G.nodes[a]["label"], a))
    used = {s for e in out for s in e["sources"]}
    return {
        "events": out,
        "rows": [{"iri": a, "label": G.nodes[a]["label"], "type": G.nodes[a]["type"],
                  "events": rows[a]} for a in ordered],
        "types": [{"name": t, "colour": EVENT_COLOURS.get(t, FALLBACK_STYLE[1])}
                  for t in sorted({e["type"] for e in out}, key=lambda t: _type_order((t,)))],
        "statuses": sorted({s for e in out for s in e["status"].split(" / ") if s}),
        "articles": _articles(G, used),
    }


def _day_bounds(date: str) -> tuple[str, str]:
    """``"2026-01-11 / 2026-02"`` -> ``("2026-01-11", "2026-02-28")``; ``("", "")`` undated."""
    days = []
    for x in (p.strip() for p in str(date).split(" / ")):
        parts = x.split("-")
        if not x or not all(p.isdigit() for p in parts) or len(parts) > 3:
            continue
        year = int(parts[0])
        if len(parts) == 3:
            days += [x, x]
        elif len(parts) == 2:
            month = int(parts[1])
            last = calendar.monthrange(year, month)[1] if 1 <= month <= 12 else 28
            days += [f"{x}-01", f"{x}-{last:02d}"]
        else:
            days += [f"{x}-01-01", f"{x}-12-31"]
    return (min(days), max(days)) if days else ("", "")


__all__ = ["write_html", "render_html", "graph_to_vis", "write_timeline", "render_timeline",
           "timeline_data", "radial_layout", "embed_json", "count_line", "DEFAULT_TITLE",
           "TIMELINE_TITLE", "LAYOUT_THRESHOLD", "ANALYTICS_LIMIT"]
