"""How the pages draw each kind of node and line: shapes, colours, dashes, legend order.

In: actor types, event types and edge relations (the names of :mod:`kg.model` and of the
relationship graph's edge keys). Out: the style tables below and :func:`type_order`, read by
the graph page (:mod:`kg.views.pages`) and the timeline page (:mod:`kg.views.timeline_page`).
"""
from __future__ import annotations

from kg.model import ENTITY_TYPES, EVENT_TYPES

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


def type_order(item) -> tuple:
    """Sort key of a ``(type name, …)`` item: actor types, then event types, each in model
    order; unknown names last."""
    name = item[0]
    for i, group in enumerate((ENTITY_TYPES, EVENT_TYPES)):
        if name in group:
            return (i, group.index(name), name)
    return (2, 0, name)
