"""NetworkX -> HTML: the timeline page, events on a time axis, one row per actor.

In: a ``networkx.MultiDiGraph`` from :func:`kg.views.network.build_network` (``"full"`` or
``"events"`` view). Out: one self-contained HTML file (:func:`write_timeline`) drawn by
``kg/views/assets/timeline_page.js``: one row per actor that takes part in an event (most events
first), a mark per event (or a bar over a month- or year-precise date, or from the first to the
last date when reports disagree), status drawn on each mark, a details panel. Written
atomically; no file or host is referenced.
"""
from __future__ import annotations

import calendar
import html
from collections.abc import Iterator
from pathlib import Path

import networkx as nx

from kg.views.page_common import PAGE_HEAD, article_table, embed_json, inline, own_asset, scope_line, write_page
from kg.views.styles import EVENT_COLOURS, FALLBACK_STYLE, type_order

TIMELINE_TITLE = "Security-diplomacy timeline"
TIMELINE_HOW_TO_READ = (
    "One row per actor, events in date order: one column per day on which something happened (a dashed line marks skipped days; a month- or year-precise date is a bar over the "
    "month or year; reports that disagree on the date give a bar from the first to the last). "
    "Colour is the event type; a filled mark happened, a hollow one is planned or proposed, a "
    "crossed one was ruled out (denied or rejected). Undated events are in the shaded band first. "
    "Click a mark for its participants, evidence and source articles."
)


def write_timeline(G: nx.MultiDiGraph, path, title: str = TIMELINE_TITLE) -> Path:
    """Write the timeline page of ``G`` (a ``"full"`` or ``"events"`` graph) atomically."""
    path = Path(path)
    write_page(path, render_timeline(G, title))
    return path


def render_timeline(G: nx.MultiDiGraph, title: str = TIMELINE_TITLE) -> Iterator[str]:
    """The timeline page as a stream of text chunks."""
    data = timeline_data(G)
    yield PAGE_HEAD.format(title=html.escape(title))
    yield "<style>\n" + inline(own_asset("graph_page.css"), "style") + "\n</style>\n"
    yield "</head>\n<body>\n<header>\n"
    yield f"<h1>{html.escape(title)}</h1>\n"
    undated = sum(1 for e in data["events"] if not e["start"])
    counts = (f"{len(data['events'])} events ({undated} undated) · "
              f"{len(data['rows'])} actors with events")
    yield f'<p class="counts">{html.escape(counts)}</p>\n'
    scope = scope_line(G)
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
    yield "<script>\n" + inline(own_asset("page_common.js") + "\n" + own_asset("timeline_page.js"), "script") + "\n</script>\n"
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
        "rows": [{"iri": a, "label": G.nodes[a]["label"], "aliases": G.nodes[a].get("aliases", []),
                  "type": G.nodes[a]["type"], "events": rows[a]} for a in ordered],
        "types": [{"name": t, "colour": EVENT_COLOURS.get(t, FALLBACK_STYLE[1])}
                  for t in sorted({e["type"] for e in out}, key=lambda t: type_order((t,)))],
        "statuses": sorted({s for e in out for s in e["status"].split(" / ") if s}),
        "articles": article_table(G, used),
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
