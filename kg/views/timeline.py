"""Events in date order, each with its participants and the articles that report it.

In: an engine (store) and an optional actor. Out: :class:`TimelineEntry` items (plain data) and a
text rendering for ``kg timeline``. Built on the library query ``event_timeline``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from kg.graph.namespaces import local_name
from kg.queries.library import QueryLibrary, iso_date


@dataclass
class TimelineEntry:
    event: str
    type: str
    mode: str | None
    status: str
    first: str | None  # earliest date any report gives (ISO), None when undated
    participants: list[str] = field(default_factory=list)
    reports: dict[str, dict] = field(default_factory=dict)  # article -> {date, outlet}

    def line(self) -> str:
        kind = self.type + (f" ({self.mode.replace('_', ' ')})" if self.mode else "")
        dates = sorted({r["date"] for r in self.reports.values() if r["date"]})
        when = " / ".join(dates) if dates else "undated"
        head = f"{when:<23} {kind:<30} {', '.join(self.participants)}"
        if self.status != "occurred":
            head += f"  [{self.status}]"
        srcs = "; ".join(f"{a}" + (f" ({r['outlet']})" if r["outlet"] else "") +
                         (f" says {r['date']}" if len(dates) > 1 and r["date"] else "")
                         for a, r in sorted(self.reports.items()))
        return f"{head}\n{'':<23} sources: {srcs}"


def timeline(engine, actor: str | None = None, since: str | None = None,
             until: str | None = None, include_undated: bool = True) -> list[TimelineEntry]:
    params = {"actor": actor} if actor else {}
    res = QueryLibrary().run("event_timeline", engine, params)
    entries: dict[str, TimelineEntry] = {}
    for row in res.rows:
        r = dict(zip(res.columns, row))
        key = str(r["event"])
        e = entries.get(key)
        if e is None:
            e = entries[key] = TimelineEntry(key, local_name(r["type"]),
                                             local_name(r["mode"]).lower() if r["mode"] else None,
                                             local_name(r["status"]).lower(), None)
            e.mode = {"inperson": "in_person", "workinggroup": "working_group"}.get(e.mode, e.mode)
        name = str(r["name"]) if r["name"] is not None else local_name(r["participant"])
        if name not in e.participants:
            e.participants.append(name)
        begin = str(r["begin"]) if r["begin"] is not None else None
        if begin and (e.first is None or begin < e.first):
            e.first = begin
        e.reports.setdefault(str(r["article"]), {"date": str(r["date"]) if r["date"] is not None else None,
                                                 "outlet": str(r["outlet"]) if r["outlet"] is not None else None})
    out = sorted(entries.values(), key=lambda e: (e.first or "9999", e.event))
    if since:  # 2026, 2026-01 or 2026-01-15, the same forms as the queries' date parameters
        since = iso_date(since, "--since")
        out = [e for e in out if e.first is None or e.first[:10] >= since]
    if until:
        until = iso_date(until, "--until", end=True)
        out = [e for e in out if e.first is None or e.first[:10] <= until]
    if not include_undated:
        out = [e for e in out if e.first]
    return out
