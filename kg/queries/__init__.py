"""The query stage: the SPARQL query library (``queries/*.rq``), result formats, ``kg explain``.

In: ``.rq`` files with a ``#+`` YAML header, parameter values as strings, an engine with
``query(sparql, bindings)`` (:class:`kg.store.Store`, :class:`kg.store.RdflibEngine`,
:class:`kg.store.Endpoint`). Out: bound and run queries, their results as text, explanations of
entities.

Modules: :mod:`~kg.queries.library` (loading, parameters, the internal queries of
``queries/internal/``), :mod:`~kg.queries.formats` (table, csv, tsv, json, markdown),
:mod:`~kg.queries.readme` (``queries/README.md``), :mod:`~kg.queries.explain`.
"""
from kg.queries.explain import Explanation, explain
from kg.queries.formats import FORMATS, compact, format_result
from kg.queries.library import ParamSpec, QueryLibrary, QuerySpec, internal_query, queries_dir, resolve_label, to_term
from kg.queries.readme import render_readme, write_readme

__all__ = ["QueryLibrary", "QuerySpec", "ParamSpec", "queries_dir", "internal_query", "to_term",
           "resolve_label", "format_result", "compact", "FORMATS", "explain", "Explanation",
           "render_readme", "write_readme"]
