"""RDF terms between rdflib and pyoxigraph, and the project's prefixes.

In: rdflib terms (URIRef, BNode, Literal; None for the default graph) or pyoxigraph terms.
Out: the same term in the other library (:func:`to_ox`, :func:`from_ox`), and the prefix ->
namespace map used for prefixed names, compact IRIs and export headers (:func:`prefixes`).
"""
from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier

from kg.graph.namespaces import PREFIXES, XSD, base_iri


def prefixes(base: str | None = None) -> dict[str, str]:
    """The project prefixes plus ``kgd:`` for the data base IRI."""
    return {**{p: str(ns) for p, ns in PREFIXES.items()}, "kgd": base_iri(base)}


def to_ox(term):
    """rdflib term (or None = default graph) -> pyoxigraph term. Raises ValueError on a bad IRI."""
    if term is None:
        return ox.DefaultGraph()
    if isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal, ox.DefaultGraph)):
        return term
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def from_ox(term) -> Identifier | None:
    """pyoxigraph term -> rdflib term; xsd:string literals become plain literals (as in rdflib)."""
    if term is None or isinstance(term, ox.DefaultGraph):
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == str(XSD.string):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"unsupported term from Oxigraph: {term!r}")
