"""NetworkX -> HTML: one self-contained interactive relationship graph.

In: a ``networkx.MultiDiGraph`` from :func:`kg.network.build_network`. Out: one HTML file that
opens offline: vis-network's JS and CSS are inlined from the copy bundled with the installed
``pyvis`` package, the graph is embedded as a JSON blob, and a small page script
(``kg/data/graph_page.js`` / ``.css``) draws it with a legend that doubles as type filters, a
search box, tooltips and a details panel. No file or host is referenced, and a
Content-Security-Policy forbids fetching any.

Safety: article text reaches the browser only as JSON string values (``<``, ``>``, ``&``, U+2028
and U+2029 escaped) and the page script puts it into the DOM with ``textContent`` only.
Output is deterministic (sorted nodes and edges, seeded layout) and written atomically.
"""
from __future__ import annotations

import html
import json
import math
import zlib
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path

import networkx as nx

from .fileio import atomic_write
from .model import ENTITY_TYPES, EVENT_TYPES

DEFAULT_TITLE = "Security-diplomacy relationship graph"
#: Above this many nodes the layout is computed in Python and the browser runs no physics.
LAYOUT_THRESHOLD = 1500
#: Above this many nodes only the best-connected ones get a force layout; the rest are placed
#: next to a placed neighbour (force layouts cost O(n²) per iteration without scipy).
SPRING_LIMIT = 1000
LAYOUT_SEED = 7
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
    "Hover for a summary, click for posts, events and the source sentences; "
    "untick a type in the legend to hide it."
)

_JSON_ESCAPES = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>{title}</title>
"""


def write_html(G: nx.MultiDiGraph, path, title: str = DEFAULT_TITLE, *,
               layout_threshold: int = LAYOUT_THRESHOLD) -> Path:
    """Write the page for ``G`` to ``path`` atomically; return the path."""
    path = Path(path)
    _atomic_write(path, render_html(G, title, layout_threshold=layout_threshold))
    return path


def render_html(G: nx.MultiDiGraph, title: str = DEFAULT_TITLE, *,
                layout_threshold: int = LAYOUT_THRESHOLD) -> Iterator[str]:
    """The page as a stream of text chunks (the graph JSON is built when its chunk is due)."""
    yield _PAGE.format(title=html.escape(title))
    yield "<style>\n" + _inline(_vis_asset("vis-network.css"), "style") + "\n</style>\n"
    yield "<style>\n" + _inline(_own_asset("graph_page.css"), "style") + "\n</style>\n"
    yield "</head>\n<body>\n<header>\n"
    yield f"<h1>{html.escape(title)}</h1>\n"
    yield f'<p class="counts">{html.escape(count_line(G))}</p>\n'
    yield f'<p class="howto">{html.escape(HOW_TO_READ)}</p>\n</header>\n'
    yield (
        '<main>\n<aside id="controls">\n'
        '<label for="search">Find by name</label>\n'
        '<div class="search"><input id="search" type="search" placeholder="e.g. Lopez" '
        'autocomplete="off"><button id="search-next" type="button">Find</button></div>\n'
        '<p id="search-status" class="status"></p>\n'
        '<h2>Types</h2>\n<div id="legend"></div>\n'
        '<h2>Lines</h2>\n<div id="edge-legend"></div>\n'
        '<p id="layout-status" class="status"></p>\n</aside>\n'
        '<div id="network" aria-label="relationship graph"></div>\n'
        '<aside id="details"><p class="hint">Click a node or a line to see its details.</p>'
        "</aside>\n</main>\n"
    )
    data = graph_to_vis(G, layout_threshold=layout_threshold)
    yield '<script type="application/json" id="graph-data">' + embed_json(data) + "</script>\n"
    yield "<script>\n" + _inline(_vis_asset("vis-network.min.js"), "script") + "\n</script>\n"
    yield "<script>\n" + _inline(_own_asset("graph_page.js"), "script") + "\n</script>\n"
    yield "</body>\n</html>\n"


def graph_to_vis(G: nx.MultiDiGraph, *, layout_threshold: int = LAYOUT_THRESHOLD) -> dict:
    """Everything the page script needs, as plain JSON-able data (ids are sort positions)."""
    order = sorted(G.nodes)
    index = {n: i for i, n in enumerate(order)}
    physics = len(order) <= layout_threshold
    pos = {} if physics else _layout(G)
    nodes = []
    for n in order:
        d = dict(G.nodes[n])
        label = str(d.pop("label", "") or n)
        degree = G.degree(n)
        node = {
            "id": index[n],
            "label": label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1] + "…",
            "group": d.get("type") or "Other",
            "size": 8 if d.get("kind") == "event" else round(10 + 4 * math.sqrt(degree), 1),
            "info": {"iri": n, "label": label, "degree": degree, **d},
        }
        if n in pos:
            node["x"], node["y"] = pos[n]
        nodes.append(node)
    edges = []
    for i, (u, v, k, d) in enumerate(sorted(G.edges(keys=True, data=True),
                                           key=lambda e: (index[e[0]], index[e[1]], str(e[2])))):
        weight = d.get("weight", 1)
        edges.append({
            "id": i, "from": index[u], "to": index[v], "relation": d.get("relation", str(k)),
            "label": str(d.get("label", k)), "weight": weight,
            "width": round(1 + 1.5 * math.log(weight), 2) if weight >= 1 else 1,
            "sources": list(d.get("sources", [])), "events": list(d.get("events", [])),
        })
    return {
        "nodes": nodes,
        "edges": edges,
        "groups": _groups(G),
        "edgeStyles": {r: {"color": c, "dashes": dash, "arrow": arrow}
                       for r, (c, dash, arrow) in EDGE_STYLES.items()},
        "physics": physics,
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


def embed_json(data) -> str:
    """JSON that is safe inside a <script> element (no '</script>', no HTML, no line separators)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False)
    return text.translate(_JSON_ESCAPES)


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


def _layout(G: nx.MultiDiGraph) -> dict[str, tuple[int, int]]:
    """Deterministic positions for graphs too large for in-browser physics.

    The :data:`SPRING_LIMIT` best-connected nodes get a force layout; every other node is put
    next to an already placed neighbour (breadth-first), and what is unreachable on a ring.
    """
    U = nx.Graph()
    U.add_nodes_from(sorted(G.nodes))
    U.add_edges_from(sorted((u, v) for u, v in G.edges() if u != v))
    core = sorted(U.nodes, key=lambda n: (-U.degree(n), n))[:SPRING_LIMIT]
    pos = _force_layout(U.subgraph(core), core)
    step = 1.5 / math.sqrt(len(core))
    queue = deque(core)
    while queue:
        n = queue.popleft()
        for m in sorted(U.neighbors(n)):
            if m not in pos:
                angle = zlib.crc32(m.encode("utf-8")) / 2**32 * 2 * math.pi
                pos[m] = (pos[n][0] + step * math.cos(angle), pos[n][1] + step * math.sin(angle))
                queue.append(m)
    rest = [n for n in U.nodes if n not in pos]
    for i, n in enumerate(rest):
        angle = 2 * math.pi * i / len(rest)
        pos[n] = (1.3 * math.cos(angle), 1.3 * math.sin(angle))
    scale = 60 * math.sqrt(len(U))
    return {n: (round(x * scale), round(y * scale)) for n, (x, y) in pos.items()}


def _force_layout(U: nx.Graph, nodes: list[str], iterations: int = 50) -> dict:
    """Fruchterman-Reingold on a dense matrix (numpy only; scipy is not needed), within [-1, 1]."""
    import numpy as np  # a dependency of spaCy; only needed for large graphs

    n = len(nodes)
    index = {v: i for i, v in enumerate(nodes)}
    adjacency = np.zeros((n, n))
    for u, v in U.edges():
        adjacency[index[u], index[v]] = adjacency[index[v], index[u]] = 1.0
    pos = np.random.default_rng(LAYOUT_SEED).random((n, 2))
    k = math.sqrt(1.0 / n)
    temperature = 0.1
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.maximum(np.linalg.norm(delta, axis=-1), 0.01)
        force = k * k / dist**2 - adjacency * dist / k  # repulsion - attraction, over distance
        disp = np.einsum("ijk,ij->ik", delta, force)
        length = np.maximum(np.linalg.norm(disp, axis=-1), 0.01)
        pos += disp * (temperature / length)[:, None]
        temperature -= 0.1 / (iterations + 1)
    pos -= pos.mean(axis=0)
    pos /= max(float(np.abs(pos).max()), 1e-9)
    return {v: (float(pos[i, 0]), float(pos[i, 1])) for v, i in index.items()}


def _vis_asset(name: str) -> str:
    return (resources.files("pyvis") / VIS_DIR / name).read_text(encoding="utf-8")


def _own_asset(name: str) -> str:
    return (resources.files("kg") / "data" / name).read_text(encoding="utf-8")


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


__all__ = ["write_html", "render_html", "graph_to_vis", "embed_json", "count_line",
           "DEFAULT_TITLE", "LAYOUT_THRESHOLD"]
