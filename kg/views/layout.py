"""Positions for graphs too large for the browser's physics: a radial tree per component.

In: an undirected simple graph (:func:`kg.views.analytics.simple_graph` of a view). Out: node ->
``(x, y)`` in page pixels, deterministic and computed in linear time (:func:`radial_layout`).
"""
from __future__ import annotations

import math
from collections import Counter, deque

import networkx as nx

#: Layout spacing: distance between rings and minimal arc between nodes, in page pixels.
RING_STEP = 160
NODE_SPACING = 36


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
