"""RDF -> NetworkX: the relationship graph behind the HTML page, ``kg stats`` and ``kg export``.

In: an rdflib ``Dataset`` as written by :mod:`kg.rdf` (one named graph per article plus the
gazetteer graph), queried with SPARQL: entities, mentions and articles over the union of the
graphs (``ds`` itself is not changed); posts, events, participants and affiliations per named
graph (``GRAPH ?g``), so that what each article says stays paired with that article.
Out: a ``networkx.MultiDiGraph``. (rdflib's in-memory store evaluates ``GRAPH ?g`` graph by graph:
about 10 s for 800 articles; an Oxigraph-backed store does not have that cost.)

The RDF is read once into the ``"full"`` graph; every other view is a function of that graph
(:data:`VIEW_FUNCTIONS`), applied after the :class:`Filters` (time window, event type, status,
actor type, country, source article).

Views
- ``"full"``: actor nodes (every entity type, see :data:`kg.model.ENTITY_TYPES`) and event nodes.
  Edges: event -> actor (relation ``initiator`` / ``recipient`` / ``participant``), person -> the
  organisation of a post (``holds post``, labelled with the role as worded; to the country when the
  article names no organisation), organisation -> parent (``part of``, ``org:subOrganizationOf``),
  event -> place (``at``).
- ``"actors"``: actor nodes only. Edges: ``co-participates`` between two actors of the same event
  (one edge per pair, from the smaller node id to the larger; ``weight`` = number of events,
  ``source_count`` = number of articles reporting them, labelled with the event types), plus the
  ``holds post`` and ``part of`` edges.
- ``"events"``: the bipartite actors-events graph: events and the actors that take part in them
  (node attribute ``bipartite``: 0 actor, 1 event), participant edges only.
- ``"org"``: the organisation hierarchy and posts: ``part of`` and ``holds post`` edges and the
  actors they join.
- ``"ego"``: the ``"actors"`` view within ``depth`` links (in either direction) of one actor
  (``focus``: IRI, exact name, or a unique part of a name); the centre has ``focus=True``.

Node ids are the entity / event IRIs. Node attributes (all JSON-serialisable):
- every node: ``kind`` (``actor`` | ``event``), ``type``, ``label``, ``evidence`` (list of
  ``"sentence — article-id"``, at most :data:`EVIDENCE_LIMIT`), ``evidence_total``, ``sources``
  (sorted article ids);
- actors: ``country`` (label(s) of the country, from the entity or its posts), ``posts`` (list of
  ``"role text (organisation) — article-id"``), ``events`` (list of ``"date type (mode) — role;
  with …"``, sorted by date; for a place, the events held there);
- events: ``mode``, ``status``, ``date`` (all reported dates, ``" / "``-joined when reports
  disagree), ``dates`` (``"date — article-id"`` per report), ``quote``, ``place``,
  ``participants``.
Edge attributes: ``relation``, ``label``, ``weight``, ``sources``; co-participation edges also
``events`` (labels of the shared events), ``source_count``, ``dates`` (the dates of the shared
events) and ``undated`` (how many of them have no date). The edge key is the relation.
Graph attributes: ``view``, ``articles`` (article id -> ``{"outlet", "published", "url"}``),
``filters`` (a description of the filters applied, ``""`` when none).
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict, namedtuple
from dataclasses import dataclass, fields

import networkx as nx
from rdflib import Dataset

from kg.model import ENTITY_TYPES, EVENT_TYPES as EVENT_TYPE_NAMES, PARTICIPANT_ROLES
from kg.graph.namespaces import ENTITY_CLASSES, EVENT_TYPES, KGO, MODES, SEM, STATUSES, local_name
from kg.queries.library import internal_query
from kg.store.binding import bind_values

VIEWS = ("full", "actors", "events", "org", "ego")
#: At most this many evidence sentences are kept per node (``evidence_total`` has the full count).
EVIDENCE_LIMIT = 10
GAZETTEER = "gazetteer"  # source name for facts that come from a graph without an article

_CLASS_TYPE = {cls: name for name, cls in ENTITY_CLASSES.items()}
_EVENT_TYPE = {iri: name for name, iri in EVENT_TYPES.items()}
_MODE = {iri: name for name, iri in MODES.items()}
_STATUS = {iri: name for name, iri in STATUSES.items()}
_ROLE_OF = {SEM.hasActor: "participant", KGO.initiator: "initiator", KGO.recipient: "recipient"}


def build_network(ds, view: str = "actors", filters: Filters | None = None, *,
                  focus: str | None = None, depth: int = 1) -> nx.MultiDiGraph:
    """The relationship graph of ``ds`` (see the module docstring for views and attributes).

    ``ds`` is an rdflib ``Dataset`` or a :class:`kg.store.embedded.Store` (queried in Oxigraph: fast).
    ``filters`` restrict it (see :class:`Filters`); ``focus`` and ``depth`` are for ``"ego"``.
    """
    _check_view(view)
    return project(read_full(ds), view, filters, focus=focus, depth=depth)


def read_full(ds) -> nx.MultiDiGraph:
    """The ``"full"`` graph of ``ds``, unfiltered: the input of :func:`project`."""
    return _Builder(ds).build()


def project(full: nx.MultiDiGraph, view: str = "actors", filters: Filters | None = None, *,
            focus: str | None = None, depth: int = 1) -> nx.MultiDiGraph:
    """A view of the ``"full"`` graph after the filters (``full`` itself is not changed)."""
    _check_view(view)
    if view == "ego" and focus is None:
        raise ValueError("the ego view needs a focus actor (--focus NAME)")
    if depth < 0:
        raise ValueError(f"depth must be 0 or more, not {depth}")
    filters = filters or Filters()
    base = filters.apply(full) if filters.active() else full
    G = VIEW_FUNCTIONS[view](base, focus, depth) if view == "ego" else VIEW_FUNCTIONS[view](base)
    if G is full:
        return G
    G.graph.update({k: v for k, v in full.graph.items() if k not in G.graph})
    G.graph["view"] = view
    G.graph["filters"] = filters.describe()
    return G


def _check_view(view: str) -> None:
    if view not in VIEWS:
        raise ValueError(f"unknown network view {view!r}: use one of {', '.join(VIEWS)}")


_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _valid_date(text: str) -> bool:
    import datetime as dt

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
                                 and not _participants(G, n)])
        if self.event_filter():
            active = {a for n, d in G.nodes(data=True) if d["kind"] == "event"
                      for a in _participants(G, n) | {v for _, v, k in G.out_edges(n, keys=True)
                                                      if k == "at"}}
            G.remove_nodes_from([n for n, d in G.nodes(data=True)
                                 if d["kind"] == "actor" and n not in active])
        _set_event_entries(G)  # an actor's event list shows the events kept
        return G


def find_node(G: nx.MultiDiGraph, name: str) -> str:
    """The node ``name`` designates: its IRI, its exact name (any case) or a unique part of one."""
    if name in G:
        return name
    wanted = name.strip().lower()
    exact = [n for n, d in G.nodes(data=True) if d["label"].lower() == wanted]
    if len(exact) == 1:
        return exact[0]
    part = exact or [n for n, d in G.nodes(data=True) if wanted and wanted in d["label"].lower()]
    if len(part) == 1:
        return part[0]
    if not part:
        raise ValueError(f"no actor named {name!r} in the graph (after the filters)")
    names = sorted(f"{G.nodes[n]['label']} ({G.nodes[n]['type']})" for n in part)
    shown = "; ".join(names[:10]) + (f"; … {len(names) - 10} more" if len(names) > 10 else "")
    raise ValueError(f"{name!r} matches {len(part)} nodes: {shown}. Give the full name or IRI")


def _set_event_entries(G: nx.MultiDiGraph) -> None:
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


def _participants(G: nx.MultiDiGraph, event: str) -> set[str]:
    return {v for _, v, k in G.out_edges(event, keys=True) if k in PARTICIPANT_ROLES}


class _Builder:
    def __init__(self, ds):
        self.ds = ds
        self.union = _union_view(ds)
        self.G = nx.MultiDiGraph()
        self.article_id: dict[str, str] = {}  # article IRI -> id
        self.published: dict[str, set[str]] = defaultdict(set)  # media IRI -> article ids

    def rows(self, name: str, values: dict | None = None):
        """Run the internal query ``name`` (``queries/internal/NNN_name.rq``) with ``values``
        bound; the per-graph ones (tag ``per-graph``: ``GRAPH ?g``) on the dataset, the rest on
        the union."""
        spec = internal_query(name)
        text = bind_values(spec.sparql, values)
        result = (self.ds if "per-graph" in spec.tags else self.union).query(text)
        if hasattr(result, "columns"):  # a kg.store.embedded.Result: rows are plain tuples
            row = namedtuple("Row", result.columns)
            return [row(*values) for values in result.rows]
        return result  # rdflib rows: attribute access, None when unbound

    def aid(self, art) -> str | None:
        return self.article_id.get(str(art)) if art is not None else None

    def build(self) -> nx.MultiDiGraph:
        publisher = {}
        articles: dict[str, dict] = {}
        for r in self.rows("network_articles"):
            aid = str(r.aid)
            self.article_id[str(r.art)] = aid
            articles[aid] = {"outlet": "", "published": _str(r.published), "url": _str(r.url)}
            if r.publisher is not None:
                self.published[str(r.publisher)].add(aid)
                publisher[aid] = str(r.publisher)
        self._entities()
        for aid, outlet in publisher.items():
            articles[aid]["outlet"] = self.label(outlet)
        self.G.graph.update(view="full", filters="",
                            articles={a: articles[a] for a in sorted(articles)})
        self._posts()
        self._part_of()
        self._events()
        self._evidence()
        return self.G

    # ------------------------------------------------------------------ nodes
    def _entities(self) -> None:
        types: dict[str, set[str]] = defaultdict(set)
        labels: dict[str, set[str]] = defaultdict(set)
        sources: dict[str, set[str]] = defaultdict(set)
        for r in self.rows("network_entity_types", {"cls": tuple(ENTITY_CLASSES.values())}):
            types[str(r.e)].add(_CLASS_TYPE[r.cls])
        for r in self.rows("network_labels"):
            if str(r.e) in types:
                labels[str(r.e)].add(str(r.label))
        for r in self.rows("network_derived_from"):
            if str(r.e) in types and self.aid(r.art):
                sources[str(r.e)].add(self.aid(r.art))
        for e in sorted(types):
            etype = next(t for t in ENTITY_TYPES if t in types[e])
            self.G.add_node(
                e, kind="actor", type=etype, label=min(labels[e], default=local_name(e)),
                country="", posts=[], events=[], evidence=[], evidence_total=0,
                sources=sorted(sources[e] | self.published.get(e, set())))
        self.countries: dict[str, set[str]] = defaultdict(set)
        for r in self.rows("network_countries"):
            if str(r.e) in self.G and str(r.country) in self.G:
                self.countries[str(r.e)].add(self.label(r.country))

    def label(self, node) -> str:
        node = str(node)
        return self.G.nodes[node]["label"] if node in self.G else local_name(node)

    # ------------------------------------------------------------------ posts
    def _posts(self) -> None:
        posts: dict[str, set[str]] = defaultdict(set)
        cited: dict[str, set[str]] = defaultdict(set)  # organisation / country -> articles
        edges: dict[tuple[str, str], dict] = {}
        for r in self.rows("network_posts"):
            person = str(r.person)
            if person not in self.G:
                continue
            role = str(r.roleText) if r.roleText is not None else "post"
            if r.former is not None and r.former.toPython() is True:
                role = "former " + role
            where = r.org if r.org is not None else r.country
            aid = self.aid(r.art) or GAZETTEER
            posts[person].add(f"{role} ({self.label(where)}) — {aid}" if where is not None
                              else f"{role} — {aid}")
            if r.country is not None and str(r.country) in self.G:
                self.countries[person].add(self.label(r.country))
            if r.art is not None and where is not None:
                cited[str(where)].add(aid)
            if where is not None and str(where) in self.G:
                edge = edges.setdefault((person, str(where)), {"roles": set(), "sources": set()})
                edge["roles"].add(role)
                edge["sources"].add(aid)
        for (person, org), edge in sorted(edges.items()):
            self.G.add_edge(person, org, key="holds post", relation="holds post",
                            label=" / ".join(sorted(edge["roles"])), weight=1,
                            sources=sorted(edge["sources"]))
        for node, data in self.G.nodes(data=True):
            data["posts"] = sorted(posts.get(node, ()))
            data["country"] = ", ".join(sorted(self.countries.get(node, ())))
            data["sources"] = sorted(set(data["sources"]) | cited.get(node, set()))

    def _part_of(self) -> None:
        found: dict[tuple[str, str], set[str]] = defaultdict(set)
        for r in self.rows("network_part_of"):
            member, parent = str(r.member), str(r.parent)
            if member in self.G and parent in self.G:
                found[member, parent].add(str(r.aid) if r.aid is not None else GAZETTEER)
        for (member, parent), sources in sorted(found.items()):
            self.G.add_edge(member, parent, key="part of", relation="part of", label="part of",
                            weight=1, sources=sorted(sources))

    # ----------------------------------------------------------------- events
    def _events(self) -> None:
        ev: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
        for r in self.rows("network_events"):
            d = ev[str(r.ev)]
            aid = self.aid(r.art)
            d["type"].add(_EVENT_TYPE.get(r.type, local_name(r.type)))
            if r.mode is not None:
                d["mode"].add(_MODE.get(r.mode, local_name(r.mode)))
            if r.status is not None:
                d["status"].add(_STATUS.get(r.status, local_name(r.status)))
            if r.date is not None:
                d["date"].add(str(r.date))
                d["dates"].add(f"{r.date} — {aid or GAZETTEER}")
            if r.quote is not None:
                d["quote"].add(str(r.quote))
            if r.place is not None and str(r.place) in self.G:
                d["place"].add(str(r.place))
            if aid:
                d["sources"].add(aid)
        # (event, actor) -> roles; a report that names no role does not contradict one that does
        roles: dict[tuple[str, str], set[str]] = defaultdict(set)
        role_sources: dict[tuple[str, str, str], set[str]] = defaultdict(set)
        for r in self.rows("network_participants", {"rel": tuple(_ROLE_OF)}):
            e, actor = str(r.ev), str(r.actor)
            if e in ev and actor in self.G:
                role = _ROLE_OF[r.rel]
                roles[e, actor].add(role)
                role_sources[e, actor, role].add(self.aid(r.art) or GAZETTEER)
        for e in sorted(ev):
            d = ev[e]
            etype = " / ".join(sorted(d["type"]))
            mode = " / ".join(sorted(d["mode"]))
            name = f"{etype} ({mode.replace('_', ' ')})" if mode else etype
            date = " / ".join(sorted(d["date"]))
            self.G.add_node(
                e, kind="event", type=etype, label=f"{name} {date}".strip(), mode=mode,
                status=" / ".join(sorted(d["status"])), date=date, dates=sorted(d["dates"]),
                quote=" / ".join(sorted(d["quote"])),
                place=", ".join(sorted(self.label(p) for p in d["place"])),
                participants=[], evidence=[], evidence_total=0, sources=sorted(d["sources"]))
            for place in sorted(d["place"]):
                self.G.add_edge(e, place, key="at", relation="at", label="at", weight=1,
                                sources=sorted(d["sources"]))
        for (e, actor), found in sorted(roles.items()):
            if len(found) > 1:
                found = found - {"participant"}
            for role in sorted(found, key=PARTICIPANT_ROLES.index):
                self.G.add_edge(e, actor, key=role, relation=role, label=role, weight=1,
                                sources=sorted(role_sources[e, actor, role]))
        self._event_lists()

    def _event_lists(self) -> None:
        G = self.G
        for e, data in G.nodes(data=True):
            if data["kind"] == "event":
                data["participants"] = [f"{G.nodes[v]['label']} ({k})"
                                        for _, v, k in G.out_edges(e, keys=True)
                                        if k in PARTICIPANT_ROLES]
        _set_event_entries(G)

    # --------------------------------------------------------------- evidence
    def _evidence(self) -> None:
        found: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for r in self.rows("network_evidence"):
            node = str(r.x)
            text = r.sentence if r.sentence is not None else r.anchor
            if node in self.G and text is not None:
                source = self.aid(r.art) or local_name(r.art)
                found[node].add((source, " ".join(str(text).split())))
        for node, items in found.items():
            data = self.G.nodes[node]
            data["evidence"] = [f"{s} — {aid}" for aid, s in sorted(items)[:EVIDENCE_LIMIT]]
            data["evidence_total"] = len(items)


def full_view(full: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Actors and events with every relation (the graph itself)."""
    return full


def actors_view(full: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Actors only; events become weighted co-participation edges between their actors."""
    G = nx.MultiDiGraph()
    G.add_nodes_from((n, d) for n, d in full.nodes(data=True) if d["kind"] == "actor")
    for u, v, k, d in full.edges(keys=True, data=True):
        if k in ("holds post", "part of"):
            G.add_edge(u, v, key=k, **d)
    pairs: dict[tuple[str, str], list[str]] = defaultdict(list)
    for e, d in full.nodes(data=True):
        if d["kind"] != "event":
            continue
        actors = sorted(_participants(full, e))
        for i, a in enumerate(actors):
            for b in actors[i + 1:]:
                pairs[a, b].append(e)
    for (a, b), events in sorted(pairs.items()):
        types = Counter(full.nodes[e]["type"] for e in events)
        label = ", ".join(t if n == 1 else f"{t} ×{n}" for t, n in sorted(types.items()))
        sources = sorted({s for e in events for s in full.nodes[e]["sources"]})
        dates = sorted({x for e in events for x in full.nodes[e]["date"].split(" / ") if x})
        G.add_edge(a, b, key="co-participates", relation="co-participates", label=label,
                   weight=len(events), source_count=len(sources), sources=sources,
                   events=sorted(full.nodes[e]["label"] for e in events), dates=dates,
                   undated=sum(1 for e in events if not full.nodes[e]["date"]))
    return G


def events_view(full: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Bipartite: events and their participants, joined by the participant edges."""
    G = nx.MultiDiGraph()
    edges = [(u, v, k, d) for u, v, k, d in full.edges(keys=True, data=True)
             if k in PARTICIPANT_ROLES]
    actors = {v for _, v, _, _ in edges}
    for n, d in full.nodes(data=True):
        if d["kind"] == "event" or n in actors:
            G.add_node(n, **d, bipartite=int(d["kind"] == "event"))
    for u, v, k, d in edges:
        G.add_edge(u, v, key=k, **d)
    return G


def org_view(full: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The organisation hierarchy (``part of``) and who holds a post where (``holds post``)."""
    edges = [(u, v, k, d) for u, v, k, d in full.edges(keys=True, data=True)
             if k in ("part of", "holds post")]
    ends = {n for u, v, _, _ in edges for n in (u, v)}
    G = nx.MultiDiGraph()
    G.add_nodes_from((n, d) for n, d in full.nodes(data=True) if n in ends)
    for u, v, k, d in edges:
        G.add_edge(u, v, key=k, **d)
    return G


def ego_view(full: nx.MultiDiGraph, focus: str, depth: int = 1) -> nx.MultiDiGraph:
    """The ``"actors"`` view within ``depth`` links of ``focus`` (either direction)."""
    base = actors_view(full)
    centre = find_node(base, focus)
    keep = nx.single_source_shortest_path_length(base.to_undirected(as_view=True), centre,
                                                 cutoff=depth)
    G = base.subgraph(sorted(keep)).copy()
    for n, dist in keep.items():
        G.nodes[n]["distance"] = dist
    G.nodes[centre]["focus"] = True
    G.graph["focus"] = centre
    return G


#: View name -> function of the (filtered) ``"full"`` graph.
VIEW_FUNCTIONS = {"full": full_view, "actors": actors_view, "events": events_view,
                  "org": org_view, "ego": ego_view}


# --------------------------------------------------------------------------- GraphML / GEXF

GRAPH_FORMATS = ("graphml", "gexf")


def export_graph(G: nx.MultiDiGraph, path, fmt: str):
    """Write ``G`` as GraphML or GEXF (for Gephi, Cytoscape, yEd) atomically; return the path.

    Attribute values become scalars these formats can hold: lists are joined with ``"; "``,
    dicts become JSON, ``None`` becomes ``""``; an attribute whose values mix ints and floats
    is written as float, one that mixes other types as text (so each attribute has one type).
    Graph attributes are left out (the article table is in the RDF exports).
    """
    from pathlib import Path

    from kg.fileio import atomic_write

    if fmt not in GRAPH_FORMATS:
        raise ValueError(f"unknown graph format {fmt!r}: use one of {', '.join(GRAPH_FORMATS)}")
    H = nx.MultiDiGraph()
    nodes = [(n, _scalars(d)) for n, d in G.nodes(data=True)]
    edges = [(u, v, k, _scalars(d)) for u, v, k, d in G.edges(keys=True, data=True)]
    _one_type_per_key([d for _, d in nodes])
    _one_type_per_key([d for *_, d in edges])
    H.add_nodes_from(nodes)
    for u, v, k, d in edges:
        H.add_edge(u, v, key=k, **d)
    writer = nx.write_graphml if fmt == "graphml" else nx.write_gexf
    return atomic_write(Path(path), lambda out: writer(H, out, encoding="utf-8"))


def _scalars(d: dict) -> dict:
    import json

    out = {}
    for k, v in d.items():
        if isinstance(v, (list, tuple, set)):
            v = "; ".join(str(x) for x in (sorted(v) if isinstance(v, set) else v))
        elif isinstance(v, dict):
            v = json.dumps(v, ensure_ascii=False, sort_keys=True)
        elif v is None:
            v = ""
        out[k] = v
    return out


def _one_type_per_key(records: list[dict]) -> None:
    types: dict[str, set[type]] = defaultdict(set)
    for d in records:
        for k, v in d.items():
            types[k].add(type(v))
    for k, found in types.items():
        if len(found) < 2:
            continue
        cast = float if found <= {int, float} else str
        for d in records:
            if k in d:
                d[k] = cast(d[k])


def _union_view(ds):
    """``ds`` queried as the union of its graphs, without changing ``ds`` itself."""
    if isinstance(ds, Dataset) and not ds.default_union:
        return Dataset(store=ds.store, default_union=True)
    return ds


def _str(term) -> str:
    return "" if term is None else str(term)


__all__ = ["build_network", "project", "read_full", "export_graph", "Filters", "find_node",
           "VIEWS", "VIEW_FUNCTIONS", "GRAPH_FORMATS", "EVIDENCE_LIMIT"]
