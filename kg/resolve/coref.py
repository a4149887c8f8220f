"""Dated events of all articles -> the reports of one real-world event, with their shared key.

In: :class:`DatedEvent` records (an event of one article, as much of it as this needs), in
article order. Out: clusters of reports (:func:`clusters`) and each cluster's key
(:func:`shared_key`).

Reports of the same type and status whose participants overlap (two people, or the same
participants) and whose dates are within a day (or overlap, for month or year precision) are
one event; each article keeps its own claimed date, place and wording in its own named graph.
"""
from __future__ import annotations

from collections import defaultdict

from kg.model import TimeValue
from kg.resolve.keys import PERSON_PREFIX, event_key


class DatedEvent:
    """A dated event of one article (``ai``: the article's index, ``ei``: the event's index
    there, ``h``: hash of its own key), as much of it as cross-article coreference needs."""
    __slots__ = ("ai", "ei", "h", "type", "status", "mode", "parts", "value", "precision", "b0",
                 "b1")

    def __init__(self, ai: int, ei: int, h: int, type: str, status: str, mode: str | None,
                 parts: tuple[str, ...], time: TimeValue):
        self.ai, self.ei, self.h, self.type, self.status, self.mode = ai, ei, h, type, status, mode
        self.parts, self.value, self.precision = parts, time.value, time.precision
        self.b0, self.b1 = time.bounds


def corefer(a: DatedEvent, b: DatedEvent) -> bool:
    """Do two reports (of different articles) report the same event?"""
    if a.type != b.type or a.status != b.status:
        return False
    if a.mode and b.mode and a.mode != b.mode:
        return False
    pa, pb = set(a.parts), set(b.parts)
    persons = {k for k in pa & pb if k.startswith(PERSON_PREFIX)}
    if not (len(persons) >= 2 or (pa == pb and pa)):
        return False
    if a.precision == "day" and b.precision == "day":
        return abs((a.b0 - b.b0).days) <= 1
    return a.b0 <= b.b1 and b.b0 <= a.b1


def clusters(dated: list[DatedEvent]) -> list[list[DatedEvent]]:
    """The reports grouped by event: each joins the first earlier cluster (with no report of its
    own article) all of whose members it corefers with, else starts one."""
    out: list[list[DatedEvent]] = []
    # Two events corefer only if they share type, status and a participant, so the clusters
    # worth trying are found through an index on the first member's (type, status, participant):
    # the same result as trying every cluster in order, without the quadratic scan.
    index: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for ev in dated:
        cands: set[int] = set()
        for k in ev.parts:
            cands.update(index.get((ev.type, ev.status, k), ()))
        for ci in sorted(cands):
            cl = out[ci]
            if any(o.ai == ev.ai for o in cl):
                continue
            if all(corefer(ev, o) for o in cl):
                cl.append(ev)
                break
        else:
            out.append([ev])
            for k in set(ev.parts):
                index[(ev.type, ev.status, k)].append(len(out) - 1)
    return out


def shared_key(cluster: list[DatedEvent]) -> str:
    """The key of an event reported by several articles: from its type, everyone taking part
    in any report, and the earliest date claimed."""
    first = min(cluster, key=lambda e: e.value)
    persons = sorted({k for ev in cluster for k in ev.parts})
    ident = "|".join([first.type, ",".join(persons), first.value])
    return event_key(first.type, ident)
