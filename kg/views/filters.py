"""Filters on the ``"full"`` relationship graph: time window, event type, status, actor type,
country, source article.

In: a ``networkx.MultiDiGraph`` from :func:`kg.views.network.read_full` and the filter values as
given on the command line. Out: :class:`Filters` (checked and canonicalised values), the
sub-graph they keep (:meth:`Filters.apply`, a copy) and a description of them
(:meth:`Filters.describe`).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields

import networkx as nx

from kg.graph.namespaces import STATUSES
from kg.model import ENTITY_TYPES
from kg.model import EVENT_TYPES as EVENT_TYPE_NAMES
from kg.views.fullgraph import GAZETTEER, participants, set_event_entries

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _valid_date(text: str) -> bool:
    if not _DATE.match(text):
        return False
    try:
        dt.date.fromisoformat((text + "-01-01")[:10] if len(text) < 10 else text)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class Filters:
    """What to keep of the ``"full"`` graph before a view is made of it.

    - ``since`` / ``until`` (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, inclusive): events with a
      reported date that overlaps the window (``2026-04`` overlaps ``--since 2026-04-20``);
      undated events are left out once a window is given.
    - ``event_types``, ``statuses``: events of these types / with one of these statuses.
    - ``actor_types``: actors of these types; ``countries``: actors whose country (or, for a
      country, whose own name) is one of these, case-insensitive.
    - ``sources``: events and actors that these article ids report, and edges they support
      (``part of`` edges from the gazetteer are background knowledge and stay).

    Events with no participant left are dropped when an actor filter is given; actors that take
    part in no remaining event are dropped when an event filter is given (time, type, status).
    Each actor's ``events`` list is redone for the events kept.
    """
    since: str | None = None
    until: str | None = None
    event_types: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    actor_types: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    def __post_init__(self):
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None and not _valid_date(value):
                raise ValueError(f"--{name} {value!r} is not a date: use YYYY, YYYY-MM or "
                                 "YYYY-MM-DD")
        if self.since and self.until and self.since > self.until:
            raise ValueError(f"--since {self.since} is after --until {self.until}")
        canon = [("event_types", EVENT_TYPE_NAMES, "event type"),
                 ("statuses", tuple(STATUSES), "status"),
                 ("actor_types", ENTITY_TYPES, "actor type")]
        for name, allowed, what in canon:
            by_lower = {a.lower(): a for a in allowed}
            values = []
            for v in getattr(self, name):
                if v.lower() not in by_lower:
                    raise ValueError(f"unknown {what} {v!r}: use one of {', '.join(allowed)}")
                values.append(by_lower[v.lower()])
            object.__setattr__(self, name, tuple(values))
        for name in ("countries", "sources"):
            object.__setattr__(self, name, tuple(getattr(self, name)))

    def active(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def event_filter(self) -> bool:
        return bool(self.since or self.until or self.event_types or self.statuses)

    def actor_filter(self) -> bool:
        return bool(self.actor_types or self.countries)

    def describe(self) -> str:
        """``"since 2026-01-01, event type Meeting"`` (empty when nothing is filtered)."""
        parts = []
        for f in fields(self):
            value = getattr(self, f.name)
            if value:
                name = f.name.replace("_", " ")
                text = value if isinstance(value, str) else ", ".join(value)
                parts.append(f"{name} {text}")
        return "; ".join(parts)

    # ------------------------------------------------------------------ tests
    def keeps_event(self, d: dict) -> bool:
        if self.event_types and not set(d["type"].split(" / ")) & set(self.event_types):
            return False
        if self.statuses and not set(d["status"].split(" / ")) & set(self.statuses):
            return False
        if self.sources and not set(d["sources"]) & set(self.sources):
            return False
        if self.since or self.until:
            dates = [x for x in d.get("date", "").split(" / ") if x]
            lo = self.since or ""
            hi = (self.until or "9999") + "~"  # '~' sorts after digits and '-': end of a prefix
            if not any(x + "~" >= lo and x <= hi for x in dates):
                return False
        return True

    def keeps_actor(self, d: dict) -> bool:
        if self.actor_types and d["type"] not in self.actor_types:
            return False
        if self.countries:
            wanted = {c.strip().lower() for c in self.countries}
            have = {c.strip().lower() for c in d.get("country", "").split(",") if c.strip()}
            if d["type"] == "Country":
                have.add(d["label"].lower())
            if not have & wanted:
                return False
        if self.sources and not set(d["sources"]) & set(self.sources):
            return False
        return True

    def apply(self, full: nx.MultiDiGraph) -> nx.MultiDiGraph:
        """The sub-graph of ``full`` that these filters keep (a copy)."""
        keep = set()
        for n, d in full.nodes(data=True):
            if (self.keeps_event(d) if d["kind"] == "event" else self.keeps_actor(d)):
                keep.add(n)
        G = full.subgraph(keep).copy()
        if self.sources:
            wanted = set(self.sources)
            drop = [(u, v, k) for u, v, k, d in G.edges(keys=True, data=True)
                    if not set(d.get("sources", ())) & wanted
                    and not (k == "part of" and d.get("sources") == [GAZETTEER])]
            G.remove_edges_from(drop)
        if self.actor_filter():
            G.remove_nodes_from([n for n, d in G.nodes(data=True) if d["kind"] == "event"
                                 and not participants(G, n)])
        if self.event_filter():
            active = {a for n, d in G.nodes(data=True) if d["kind"] == "event"
                      for a in participants(G, n) | {v for _, v, k in G.out_edges(n, keys=True)
                                                      if k == "at"}}
            G.remove_nodes_from([n for n, d in G.nodes(data=True)
                                 if d["kind"] == "actor" and n not in active])
        set_event_entries(G)  # an actor's event list shows the events kept
        return G
