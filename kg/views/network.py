"""RDF -> NetworkX: the relationship graph behind the HTML page, ``kg stats`` and ``kg export``.

In: an rdflib ``Dataset`` as written by :mod:`kg.graph.writer` (one named graph per article plus
the gazetteer graph) or a :class:`kg.store.embedded.Store`, queried with the SPARQL queries
``queries/internal/*_network_*.rq``: entities, mentions and articles over the union of the graphs
(``ds`` itself is not changed); posts, events, participants and affiliations per named graph
(``GRAPH ?g``, tag ``per-graph``), so that what each article says stays paired with that
article. Each union query joins only triples that live in one graph: a store whose union keeps
one copy of a triple per graph (Oxigraph) would otherwise multiply the copies of an entity's
triples in a join. Out: a ``networkx.MultiDiGraph``. (rdflib's in-memory store evaluates
``GRAPH ?g`` graph by graph: about 10 s for 800 articles; an Oxigraph-backed store does not have
that cost.)

The RDF is read once into the ``"full"`` graph (:func:`read_full`); every other view is a function
of that graph (:mod:`kg.views.projections`), applied after the :class:`~kg.views.filters.Filters`
(:mod:`kg.views.filters`); :func:`build_network` does both. GraphML / GEXF files are written by
:mod:`kg.views.export`.

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
Edge attributes: ``relation``, ``label``, ``weight``, ``sources``; the views add more (see
:mod:`kg.views.projections`). The edge key is the relation.
Graph attributes: ``view``, ``articles`` (article id -> ``{"outlet", "published", "url"}``),
``filters`` (a description of the filters applied, ``""`` when none).
"""
from __future__ import annotations

from collections import defaultdict, namedtuple

import networkx as nx
from rdflib import Dataset

from kg.graph.namespaces import ENTITY_CLASSES, EVENT_TYPES, KGO, MODES, SEM, STATUSES, local_name
from kg.model import ENTITY_TYPES, PARTICIPANT_ROLES
from kg.queries.library import internal_query
from kg.store.binding import bind_values
from kg.views.export import GRAPH_FORMATS, export_graph
from kg.views.filters import Filters
from kg.views.fullgraph import GAZETTEER, set_event_entries
from kg.views.projections import VIEW_FUNCTIONS, VIEWS, check_view, find_node, project

#: At most this many evidence sentences are kept per node (``evidence_total`` has the full count).
EVIDENCE_LIMIT = 10

_CLASS_TYPE = {cls: name for name, cls in ENTITY_CLASSES.items()}
_EVENT_TYPE = {iri: name for name, iri in EVENT_TYPES.items()}
_MODE = {iri: name for name, iri in MODES.items()}
_STATUS = {iri: name for name, iri in STATUSES.items()}
_ROLE_OF = {SEM.hasActor: "participant", KGO.initiator: "initiator", KGO.recipient: "recipient"}


def build_network(ds, view: str = "actors", filters: Filters | None = None, *,
                  focus: str | None = None, depth: int = 1) -> nx.MultiDiGraph:
    """The relationship graph of ``ds`` (see :mod:`kg.views.projections` for the views).

    ``ds`` is an rdflib ``Dataset`` or a :class:`kg.store.embedded.Store` (queried in Oxigraph:
    fast). ``filters`` restrict it (see :class:`~kg.views.filters.Filters`); ``focus`` and
    ``depth`` are for ``"ego"``.
    """
    check_view(view)
    return project(read_full(ds), view, filters, focus=focus, depth=depth)


def read_full(ds) -> nx.MultiDiGraph:
    """The ``"full"`` graph of ``ds``, unfiltered: the input of :func:`project`."""
    return _Builder(ds).build()


class _Builder:
    """Reads ``ds`` into the ``"full"`` graph: articles, then actors, posts, part-of links,
    events with their participants, and evidence, one internal query each."""

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
        if hasattr(result, "columns"):  # a kg.store.results.Result: rows are plain tuples
            row = namedtuple("Row", result.columns)
            return [row(*cells) for cells in result.rows]
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
        aliases: dict[str, set[str]] = defaultdict(set)
        for r in self.rows("network_aliases"):
            if str(r.e) in types:
                aliases[str(r.e)].add(str(r.name))
        for r in self.rows("network_derived_from"):
            if str(r.e) in types and self.aid(r.art):
                sources[str(r.e)].add(self.aid(r.art))
        for e in sorted(types):
            etype = next(t for t in ENTITY_TYPES if t in types[e])
            label = min(labels[e], default=local_name(e))
            self.G.add_node(
                e, kind="actor", type=etype, label=label,
                aliases=sorted((aliases[e] | labels[e]) - {label}), country="", posts=[], events=[], evidence=[], evidence_total=0,
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
        set_event_entries(G)

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


def _union_view(ds):
    """``ds`` queried as the union of its graphs, without changing ``ds`` itself."""
    if isinstance(ds, Dataset) and not ds.default_union:
        return Dataset(store=ds.store, default_union=True)
    return ds


def _str(term) -> str:
    return "" if term is None else str(term)


__all__ = ["build_network", "project", "read_full", "export_graph", "Filters", "find_node",
           "VIEWS", "VIEW_FUNCTIONS", "GRAPH_FORMATS", "EVIDENCE_LIMIT"]
