"""The front door: :class:`KnowledgeGraph`, one object over one store that users and the ``kg``
command share, and ``kg.query("name", param=value)`` / ``kg.sparql`` as thin wrappers over it.

In: a store given as ``None`` (``$KG_STORE``, else ``out/store``), a path to an Oxigraph store
folder, a :class:`kg.store.embedded.Store`, an rdflib ``Dataset`` or ``Graph``, a remote endpoint
(:meth:`KnowledgeGraph.remote`), or any engine with a ``query(sparql, bindings)`` method returning
a :class:`kg.store.embedded.Result`; query names from ``queries/`` (or SPARQL text) and values.
Out: :class:`Rows` for queries; plain records for the rest (:class:`kg.queries.explain.Explanation`,
:class:`kg.views.timeline.TimelineEntry`, NetworkX graphs, ranked rows, the SHACL
:class:`kg.graph.shacl.ValidationReport`, :class:`Written` for files); errors are
:class:`kg.errors.KgError` subclasses that name what broke and, where it helps, what to do.

:class:`Rows` is a list of dicts (one per result row, keys in column order) holding plain Python
values, with ``.to_dataframe()`` / ``.df`` for pandas and ``.format(fmt)`` for text. Values are
converted as follows: an IRI becomes its string (``"https://w3id.org/..."``), a blank
node ``"_:id"``, an unbound variable ``None``; literals become ``int``, ``decimal.Decimal``,
``float``, ``bool``, ``datetime.date`` / ``datetime.datetime`` or ``str`` by their datatype
(``xsd:gYearMonth`` and ``xsd:gYear`` stay strings such as ``"2026-04"``). The rdflib terms are
kept in ``rows.result`` (a :class:`kg.store.embedded.Result`) for code that needs datatypes or languages.

The work itself is done by the stage packages: the query library (:mod:`kg.queries`), the
network views and pages (:mod:`kg.views`), the stores (:mod:`kg.store`) and SHACL
(:mod:`kg.graph.shacl`); this module only opens the store and calls them.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Dataset, Graph, Literal, URIRef

from kg.errors import KgError, QueryError, StoreError, ViewError
from kg.graph.namespaces import XSD
from kg.queries.formats import format_result
from kg.queries.library import QueryLibrary
from kg.store.embedded import RdflibEngine, Result, Store

DEFAULT_STORE = "out/store"
_KEEP_AS_TEXT = {XSD.gYearMonth, XSD.gYear, XSD.gMonth, XSD.gDay, XSD.gMonthDay}
_LIBRARIES: dict[tuple[str, str | None], QueryLibrary] = {}


def plain_value(term):
    """One rdflib term (or None) -> a plain Python value (see the module docstring)."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        return str(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        if term.datatype in _KEEP_AS_TEXT or term.language:
            return str(term)
        value = term.toPython()
        if isinstance(value, (Literal, URIRef)) or value is None:
            return str(term)
        return value
    return term


class Rows(list):
    """Query rows: a list of dicts ``{column: plain value}``; ``columns`` keeps their order.

    ``rows.result`` is the underlying :class:`kg.store.embedded.Result` (rdflib terms),
    ``rows.to_dataframe()`` (or ``rows.df``) a pandas DataFrame, ``rows.format("csv")`` the
    text the CLI prints (table, csv, tsv, json, markdown).
    """

    def __init__(self, result: Result, labels: dict[str, str] | None = None):
        self.result = result
        #: readable labels of the events in the rows (IRI -> "Meeting: A, B 2026-01-12")
        self.labels = labels or {}
        self.columns = list(result.columns)
        self.boolean = result.boolean
        super().__init__({c: plain_value(t) for c, t in zip(self.columns, row)}
                         for row in result.rows)

    def to_dataframe(self):
        """The rows as a pandas DataFrame (columns in query order); needs pandas installed."""
        try:
            import pandas as pd
        except ImportError:
            raise ImportError("Rows.to_dataframe() needs pandas, which is not installed: "
                              "pip install pandas (the rows themselves are plain dicts: "
                              "list(rows))") from None
        return pd.DataFrame(list(self), columns=self.columns)

    @property
    def df(self):
        return self.to_dataframe()

    def format(self, fmt: str = "table", base: str | None = None, max_width: int = 60) -> str:
        """The rows as ``kg query`` prints them; ``max_width`` cuts longer table cells (0: never)."""
        return format_result(self.result, fmt, base, max_width, labels=self.labels)

    def __repr__(self) -> str:
        if self.boolean is not None:
            return f"<Rows: {self.boolean}>"
        return format_result(Result(self.columns, self.result.rows[:20]), "table").rstrip() + (
            f"\n… {len(self) - 20} more rows" if len(self) > 20 else "")


def engine_for(store=None, base: str | None = None):
    """The query engine for ``store`` (see the module docstring) for :func:`query` and
    :func:`sparql`; :class:`kg.errors.StoreError` (a ``QueryError``) if there is none."""
    if store is None:
        store = os.environ.get("KG_STORE") or DEFAULT_STORE
    if isinstance(store, (str, os.PathLike)):
        path = Path(store)
        if not path.is_dir():
            raise StoreError(f"no store at {path}: build one first with "
                             f"`kg build seeds/ --store {path}`, or pass store=... "
                             "(a path, a kg.store.embedded.Store or an rdflib Dataset)")
        try:
            return Store(path, base=base, read_only=True)
        except OSError as exc:
            raise StoreError(f"cannot open the store at {path}: {exc}") from None
    if isinstance(store, Dataset):
        return RdflibEngine(store)
    if isinstance(store, Graph):  # a plain graph: query it as the only named graph
        ds = Dataset()
        g = ds.graph(URIRef("urn:x-kg:graph"))
        for triple in store:
            g.add(triple)
        return RdflibEngine(ds)
    if callable(getattr(store, "query", None)):
        return store
    raise StoreError(f"cannot query {store!r}: pass a store path, a kg.store.embedded.Store, an rdflib "
                     "Dataset or Graph, or an engine with query(sparql, bindings)")


def library(path: str | Path | None = None, base: str | None = None) -> QueryLibrary:
    """The query library of ``path`` (default ``queries/``), loaded once."""
    key = (str(path) if path is not None else "", base)
    if key not in _LIBRARIES:
        _LIBRARIES[key] = QueryLibrary(path, base=base)
    return _LIBRARIES[key]


def open_store(path: str | os.PathLike, base: str | None = None) -> Store:
    """The store folder at ``path``, opened read-only; :class:`kg.errors.StoreError` naming the
    folder, with a hint, if there is none or another process holds it."""
    where = os.fspath(path)
    if not Path(where).exists():
        raise StoreError(f"no store at {where}", "build one first: kg build seeds/ --store " + where)
    try:
        return Store(where, base=base, read_only=True)
    except OSError as exc:
        raise StoreError(f"cannot open the store at {where}: {exc}",
                         "another kg process may be writing it; wait for it to finish") from None


def open_endpoint(url: str, credentials: str | os.PathLike | None = None, **options):
    """A remote SPARQL endpoint (:class:`kg.store.remote.Endpoint`); ``credentials``: a file with
    ``user=`` and ``password=`` lines, else ``KG_ENDPOINT_USER`` / ``KG_ENDPOINT_PASSWORD``.
    ``options`` go to the endpoint (``update_url``, ``graph_store_url``, ``timeout``, ...).
    Errors (:class:`kg.errors.EndpointError`) never show the credentials."""
    from kg.store.remote import Credentials, Endpoint

    creds = Credentials.from_file(credentials) if credentials else Credentials.from_env()
    return Endpoint(url, credentials=creds, **options)


@dataclass(frozen=True)
class Written:
    """A file written by :meth:`KnowledgeGraph.export` or :meth:`KnowledgeGraph.write_html`,
    with what it holds: quads (RDF formats), nodes and edges (networks) or events (timeline)."""

    path: Path
    quads: int | None = None
    nodes: int | None = None
    edges: int | None = None
    events: int | None = None

    def summary(self) -> str:
        if self.quads is not None:
            held = f"{self.quads:,} quads"
        elif self.events is not None:
            held = f"{self.events} events"
        else:
            held = f"{self.nodes} nodes, {self.edges} edges"
        return f"wrote {self.path} ({held})"


class KnowledgeGraph:
    """One knowledge graph over one store: queries, explanations, the timeline, exports,
    NetworkX views, pages, rankings and SHACL validation.

    ``store``: ``None`` (``$KG_STORE``, else ``out/store``), a store folder (opened read-only;
    :class:`kg.errors.StoreError` with a hint if it is missing or locked), a
    :class:`kg.store.embedded.Store`, an rdflib ``Dataset`` or ``Graph``, or any engine with
    ``query(sparql, bindings)``; :meth:`remote` opens a SPARQL endpoint. ``base``: the base IRI of
    the data; ``queries``: another query folder than the package's. For example::

        g = KnowledgeGraph("out/store")
        g.query("posts", person="Ana Ruiz").df
        g.write_html("out/actors.html", view="actors", since="2026-01")
    """

    def __init__(self, store=None, *, base: str | None = None,
                 queries: str | os.PathLike | None = None):
        if store is None:
            store = os.environ.get("KG_STORE") or DEFAULT_STORE
        self._opened = isinstance(store, (str, os.PathLike))  # closed by close() if so
        self.engine = open_store(store, base) if self._opened else engine_for(store, base)
        self.base = base
        self._queries = queries

    @property
    def library(self) -> QueryLibrary:
        """The query library these queries come from (loaded once per folder)."""
        return library(self._queries, self.base)

    @classmethod
    def remote(cls, url: str, credentials: str | os.PathLike | None = None, *,
               base: str | None = None, **options) -> KnowledgeGraph:
        """The graph behind a SPARQL 1.1 endpoint; see :func:`open_endpoint`."""
        return cls(open_endpoint(url, credentials, base=base, **options), base=base)

    def __repr__(self) -> str:
        return f"KnowledgeGraph({self.engine!r})"

    def close(self) -> None:
        """Release the store folder this object opened now, rather than when it is
        garbage-collected (a store object passed in is left to its owner)."""
        if self._opened:
            self.engine.close()

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ queries
    def query(self, name: str | int, params: dict | None = None, **kwargs) -> Rows:
        """Run the named library query (see :func:`query` for parameters and errors)."""
        spec = self.library.get(name)
        values = {**(params or {}), **kwargs}
        result = self.engine.query(spec.sparql, self.library.bindings(spec, self.engine, values))
        return Rows(result, self.event_labels(result))

    def sparql(self, text: str) -> Rows:
        """Run any SPARQL 1.1 query over the union of all graphs; a SPARQL update (INSERT,
        DELETE, LOAD, DROP, ...) is a :class:`QueryError`: this is the read path."""
        if is_update(text):
            raise QueryError("SPARQL updates (INSERT, DELETE, LOAD, CLEAR, DROP, ...) are refused: "
                             "kg sparql and kg query only read the store",
                             "change the store by building articles into it (kg build PATH "
                             "--store DIR), or load it into a SPARQL server with kg load and "
                             "update it there")
        result = self.engine.query(text)
        return Rows(result, self.event_labels(result))

    def event_labels(self, result: Result) -> dict[str, str]:
        """A readable label (type, main participants, earliest date) of each event IRI in the
        rows, for the tables: ``{iri: "Communication: Ana Ruiz, Rui Costa
        2026-01-12"}``."""
        from kg.queries.library import internal_query

        events = sorted({t for row in result.rows for t in row
                         if isinstance(t, URIRef) and "/event/" in str(t)})
        if not events:
            return {}
        rows = self.engine.query(internal_query("event_labels").sparql,
                                 {"event": tuple(events)}).rows
        return {str(e): f"{label} {str(begin)[:10] if begin is not None else ''}".strip()
                for e, label, begin in rows if label is not None}

    def explain(self, entity: str):
        """An entity (IRI, exact name or alias): names, types, mentions and the rule behind
        every merge, as a :class:`kg.queries.explain.Explanation`."""
        from kg.queries.explain import explain

        return explain(self.engine, entity)

    def timeline(self, actor: str | None = None, since: str | None = None,
                 until: str | None = None, include_undated: bool = True) -> list:
        """The events in date order (:class:`kg.views.timeline.TimelineEntry` items), only
        ``actor``'s when given, dated within ``since`` .. ``until`` (ISO dates)."""
        from kg.views.timeline import timeline

        return timeline(self.engine, actor, since, until, include_undated=include_undated)

    # ------------------------------------------------------------------ networks and pages
    def network(self, view: str = "full", *, focus: str | None = None, depth: int = 1,
                **filters):
        """The NetworkX view of the graph (``full``, ``actors``, ``events``, ``org``, ``ego``
        around ``focus`` within ``depth`` links) after the filters of
        :class:`kg.views.network.Filters` (``since``, ``until``, ``event_types``, ``statuses``,
        ``actor_types``, ``countries``, ``sources``); :class:`kg.errors.ViewError` names a bad
        view, filter value or focus."""
        from kg.views.network import Filters, project, read_full

        try:
            flt = Filters(**{k: (tuple(v) if isinstance(v, (list, tuple)) else v)
                             for k, v in filters.items()})
            return project(read_full(self._source()), view, flt, focus=focus, depth=depth)
        except ValueError as exc:
            raise ViewError(str(exc)) from exc

    def write_html(self, path: str | os.PathLike = "out/graph.html", view: str = "full", *,
                   title: str | None = None, size_by: str = "degree", focus: str | None = None,
                   depth: int = 1, **filters) -> Written:
        """Write one self-contained HTML page: the interactive graph of a network view, or with
        ``view="timeline"`` the events on a time axis (same filters as :meth:`network`)."""
        from kg.views.pages import DEFAULT_TITLE, TIMELINE_TITLE, write_html, write_timeline

        if view == "timeline":
            G = self.network("full", focus=focus, depth=depth, **filters)
            events = sum(1 for _, d in G.nodes(data=True) if d["kind"] == "event")
            return Written(write_timeline(G, path, title or TIMELINE_TITLE), events=events)
        G = self.network(view, focus=focus, depth=depth, **filters)
        path = write_html(G, path, title or DEFAULT_TITLE, size_by=size_by)
        return Written(path, nodes=G.number_of_nodes(), edges=G.number_of_edges())

    def stats(self, view: str = "actors", measure: str = "degree", top: int | None = 20,
              kind: str | None = None, *, focus: str | None = None, depth: int = 1,
              **filters) -> list[dict]:
        """The nodes of a network view ranked by ``degree``, ``strength`` or ``betweenness``,
        with their Louvain community (rows of :func:`kg.views.analytics.ranked`)."""
        from kg.views.analytics import ranked

        G = self.network(view, focus=focus, depth=depth, **filters)
        return ranked(G, measure, top, kind)

    # ------------------------------------------------------------------ files and checks
    def export(self, fmt: str, path: str | os.PathLike | None = None, *, view: str = "full",
               focus: str | None = None, depth: int = 1, **filters) -> Written:
        """Write the graph to ``path`` (default ``out/graph.<fmt>``) atomically: ``ttl`` and
        ``nt`` merge all named graphs, ``nq``, ``trig`` and ``jsonld`` keep them; ``graphml`` and
        ``gexf`` write a network view (``view`` and filters as for :meth:`network`)."""
        from kg.views.network import GRAPH_FORMATS, export_graph

        path = path or f"out/graph.{fmt}"
        if fmt in GRAPH_FORMATS:
            G = self.network(view, focus=focus, depth=depth, **filters)
            return Written(export_graph(G, path, fmt), nodes=G.number_of_nodes(),
                           edges=G.number_of_edges())
        if isinstance(self.engine, Store):
            written = self.engine.export(fmt, path)
            return Written(written, quads=self.engine.count())
        from kg.store.exports import export_dataset

        ds = self.dataset()
        written = export_dataset(ds, fmt, path, self.base)
        return Written(written, quads=sum(1 for _ in ds.quads()))

    def validate(self):
        """Check the graph against the SHACL shapes: a :class:`kg.graph.shacl.ValidationReport`
        (``conforms``, ``violations``, ``summary()``)."""
        from kg.graph.shacl import validate

        return validate(self.dataset())

    def dataset(self) -> Dataset:
        """The whole graph as an rdflib ``Dataset`` (a local store or a Dataset only)."""
        if isinstance(self.engine, Store):
            return self.engine.to_dataset()
        if isinstance(self.engine, RdflibEngine):
            return self.engine.ds
        raise KgError(f"cannot read the whole graph of {self.engine!r}: export and validate "
                      "need a local store or an rdflib Dataset")

    def load_into(self, endpoint, *, chunk_size: int | None = None,
                  state_path: str | os.PathLike | None = None, force: bool = False,
                  prune: bool = True):
        """Push every named graph to ``endpoint`` (from :func:`open_endpoint`), each replaced in
        one step; a :class:`kg.store.remote.LoadReport`. ``state_path`` (default
        ``load-state.json`` beside the store folder) lets a re-run skip graphs already loaded.
        ``prune``: remove the article graphs on the server that the store no longer has."""
        from kg.store.remote import DEFAULT_CHUNK

        if not isinstance(self.engine, Store):
            raise KgError(f"loading needs a local store, not {self.engine!r}")
        if state_path is None and self.engine.path is not None:
            state_path = str(self.engine.path.resolve().parent / "load-state.json")
        return endpoint.load_store(self.engine, chunk_size=chunk_size or DEFAULT_CHUNK,
                                   state_path=state_path, force=force, prune=prune)

    def _source(self):
        """What the network views read: the rdflib Dataset itself, else the engine."""
        return self.engine.ds if isinstance(self.engine, RdflibEngine) else self.engine


def query(name: str | int, store=None, params: dict | None = None, *,
          base: str | None = None, queries: str | Path | None = None, **kwargs) -> Rows:
    """Run the named library query and return its :class:`Rows`.

    Parameters come as keyword arguments (``kg.query("posts", person="Ana Ruiz")``) or, for
    names that are Python keywords, in ``params`` (``params={"from": "2026-03-01"}``). Values
    may be strings or rdflib terms; each is parsed as the type the query declares and bound
    as an RDF term. A bad name, parameter or value raises :class:`kg.errors.QueryError` (also
    ``kg.store.embedded.QueryError``) with a message that names it.
    """
    library(queries, base).get(name)  # an unknown name is reported before a missing store
    graph = KnowledgeGraph(engine_for(store, base), base=base, queries=queries)
    return graph.query(name, params, **kwargs)


_UPDATE = re.compile(
    r"^(?:\s|#[^\n]*\n|(?:PREFIX\s+[\w.-]*:\s*<[^>]*>)|(?:BASE\s*<[^>]*>))*"
    r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE)


def is_update(text: str) -> bool:
    """Whether SPARQL text is an update request (its first keyword after the prologue)."""
    return bool(_UPDATE.match(text))


def sparql(text: str, store=None, *, base: str | None = None) -> Rows:
    """Run any SPARQL 1.1 query over the union of all graphs and return its :class:`Rows`."""
    return KnowledgeGraph(engine_for(store, base), base=base).sparql(text)
