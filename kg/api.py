"""The Python entry point to the query library: ``kg.query("name", param=value)`` and ``kg.sparql``.

In: a query name from ``queries/`` (or SPARQL text) and parameter values; a store given as
``None`` (``$KG_STORE``, else ``out/store``), a path to an Oxigraph store folder, a
:class:`kg.store.embedded.Store`, an rdflib ``Dataset`` or ``Graph``, or any engine with a
``query(sparql, bindings)`` method returning a :class:`kg.store.embedded.Result`.
Out: :class:`Rows`, a list of dicts (one per result row, keys in column order) holding plain
Python values, with ``.to_dataframe()`` / ``.df`` for pandas and ``.format(fmt)`` for text.

Values are converted as follows: an IRI becomes its string (``"https://w3id.org/..."``), a blank
node ``"_:id"``, an unbound variable ``None``; literals become ``int``, ``decimal.Decimal``,
``float``, ``bool``, ``datetime.date`` / ``datetime.datetime`` or ``str`` by their datatype
(``xsd:gYearMonth`` and ``xsd:gYear`` stay strings such as ``"2026-04"``). The rdflib terms are
kept in ``rows.result`` (a :class:`kg.store.embedded.Result`) for code that needs datatypes or languages.

The ``kg query`` and ``kg sparql`` commands are thin layers over :func:`query` and :func:`sparql`.
"""
from __future__ import annotations

import os
from pathlib import Path

from rdflib import BNode, Dataset, Graph, Literal, URIRef

from kg.graph.namespaces import XSD
from kg.queries.library import QueryLibrary, format_result
from kg.store.embedded import QueryError, RdflibEngine, Result, Store

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

    def __init__(self, result: Result):
        self.result = result
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

    def format(self, fmt: str = "table", base: str | None = None) -> str:
        return format_result(self.result, fmt, base)

    def __repr__(self) -> str:
        if self.boolean is not None:
            return f"<Rows: {self.boolean}>"
        return format_result(Result(self.columns, self.result.rows[:20]), "table").rstrip() + (
            f"\n… {len(self) - 20} more rows" if len(self) > 20 else "")


def engine_for(store=None, base: str | None = None):
    """The query engine for ``store`` (see the module docstring); QueryError if there is none."""
    if store is None:
        store = os.environ.get("KG_STORE") or DEFAULT_STORE
    if isinstance(store, (str, os.PathLike)):
        path = Path(store)
        if not path.is_dir():
            raise QueryError(f"no store at {path}: build one first with "
                             f"`kg build seeds/ --store {path}`, or pass store=... "
                             "(a path, a kg.store.embedded.Store or an rdflib Dataset)")
        try:
            return Store(path, base=base, read_only=True)
        except OSError as exc:
            raise QueryError(f"cannot open the store at {path}: {exc}") from None
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
    raise QueryError(f"cannot query {store!r}: pass a store path, a kg.store.embedded.Store, an rdflib "
                     "Dataset or Graph, or an engine with query(sparql, bindings)")


def library(path: str | Path | None = None, base: str | None = None) -> QueryLibrary:
    """The query library of ``path`` (default ``queries/``), loaded once."""
    key = (str(path) if path is not None else "", base)
    if key not in _LIBRARIES:
        _LIBRARIES[key] = QueryLibrary(path, base=base)
    return _LIBRARIES[key]


def query(name: str | int, store=None, params: dict | None = None, *,
          base: str | None = None, queries: str | Path | None = None, **kwargs) -> Rows:
    """Run the named library query and return its :class:`Rows`.

    Parameters come as keyword arguments (``kg.query("posts", person="Ana Lopez")``) or, for
    names that are Python keywords, in ``params`` (``params={"from": "2026-03-01"}``). Values
    may be strings or rdflib terms; each is parsed as the type the query declares and bound
    as an RDF term. A bad name, parameter or value raises :class:`kg.store.embedded.QueryError` with a
    message that names it.
    """
    values = {**(params or {}), **kwargs}
    lib = library(queries, base)
    spec = lib.get(name)
    engine = engine_for(store, base)
    return Rows(engine.query(spec.sparql, lib.bindings(spec, engine, values)))


def sparql(text: str, store=None, *, base: str | None = None) -> Rows:
    """Run any SPARQL 1.1 query over the union of all graphs and return its :class:`Rows`."""
    return Rows(engine_for(store, base).query(text))
