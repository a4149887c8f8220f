"""What the builder, the filters and the views share about the ``"full"`` relationship graph.

In: a ``networkx.MultiDiGraph`` as :func:`kg.views.network.read_full` makes it (event -> actor
edges keyed by participant role, event -> place edges keyed ``at``). Out: an event's
participants (:func:`participants`), each actor's list of event entries written into the graph
(:func:`set_event_entries`), and the source name of facts that no article states
(:data:`GAZETTEER`).
"""
from __future__ import annotations

from collections import defaultdict

import networkx as nx

from kg.model import PARTICIPANT_ROLES

GAZETTEER = "gazetteer"  # source name for facts that come from a graph without an article


def set_event_entries(G: nx.MultiDiGraph) -> None:
    """Each actor's ``events``: ``"date name [status] — role; with others"`` for the events of G
    it takes part in (or, for a place, is the place of). New lists: attribute dicts of a filtered
    copy share their lists with the original graph."""
    entries: dict[str, set[str]] = defaultdict(set)
    for e, data in G.nodes(data=True):
        if data["kind"] != "event":
            continue
        date, label = data["date"], data["label"]
        name = label[: -len(date)].strip() if date and label.endswith(date) else label
        links = [(v, k) for _, v, k in G.out_edges(e, keys=True)]  # participants, place
        actors = [(v, k) for v, k in links if k in PARTICIPANT_ROLES]
        status = "" if data["status"] in ("", "occurred") else f" [{data['status']}]"
        for v, k in links:
            others = sorted({G.nodes[o]["label"] for o, _ in actors if o != v})
            entry = f"{date or 'undated'} {name}{status} — " + ("place" if k == "at" else k)
            entry += f"; with {', '.join(others)}" if others else ""
            entries[v].add(entry)
    for n, data in G.nodes(data=True):
        if data["kind"] == "actor":
            data["events"] = sorted(entries.get(n, ()))


def participants(G: nx.MultiDiGraph, event: str) -> set[str]:
    """The actors that take part in ``event`` (any participant role)."""
    return {v for _, v, k in G.out_edges(event, keys=True) if k in PARTICIPANT_ROLES}
