"""The store stage: the embedded Oxigraph store, remote SPARQL endpoints, exports, the build cache.

In: rdflib graphs and datasets from :mod:`kg.graph.writer`, SPARQL query text with typed
bindings. Out: a store on disk, query :class:`Result` s that are the same on every engine, export
files, and graphs loaded into a SPARQL server.

Modules: :mod:`~kg.store.embedded` (:class:`Store`, :class:`RdflibEngine`),
:mod:`~kg.store.results` (:class:`Result`), :mod:`~kg.store.binding` (parameters as ``VALUES``
blocks, IRI checks), :mod:`~kg.store.terms` (rdflib <-> pyoxigraph terms, prefixes),
:mod:`~kg.store.exports` (ttl, nt, nq, trig, jsonld files), :mod:`~kg.store.remote`
(:class:`Endpoint`) with :mod:`~kg.store.transport` (HTTP, retries),
:mod:`~kg.store.credentials` and :mod:`~kg.store.loading` (pushing the store to an endpoint),
:mod:`~kg.store.serve` and :mod:`~kg.store.front` (``kg serve``), :mod:`~kg.store.cache` (the
build cache). The errors (``QueryError``, ``EndpointError``, …) are in :mod:`kg.errors`.
"""
from kg.store.binding import bind_values, check_iri
from kg.store.credentials import Credentials
from kg.store.embedded import RdflibEngine, Store
from kg.store.exports import EXPORT_FORMATS, export_dataset
from kg.store.loading import LoadReport
from kg.store.remote import Endpoint
from kg.store.results import Result
from kg.store.terms import from_ox, prefixes, to_ox

__all__ = ["Store", "RdflibEngine", "Endpoint", "Credentials", "LoadReport", "Result",
           "bind_values", "check_iri", "EXPORT_FORMATS", "export_dataset", "to_ox", "from_ox",
           "prefixes"]
