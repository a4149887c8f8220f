"""Stable keys -> IRIs: the one place where the data's IRIs are minted.

In: entity and event keys (see :mod:`kg.resolve`), article ids, spans, posts, extractor names.
Out: ``URIRef`` under the data base IRI (:func:`kg.graph.namespaces.data_ns`). IRIs are
deterministic functions of those keys, so the same input gives the same triples on every run and
machine.
"""
from __future__ import annotations

import hashlib

from rdflib import URIRef

from kg.graph.namespaces import data_ns
from kg.model import Role, post_id, slugify

EXTRACTOR_VERSION = "1"


class IRIs:
    """Mints every IRI of the data from stable keys."""

    def __init__(self, base: str | None = None):
        self.ns = data_ns(base)

    def entity(self, key: str) -> URIRef:
        return self.ns["entity/" + key]

    def article(self, doc_id: str) -> URIRef:
        return self.ns["article/" + doc_id]

    def article_graph(self, doc_id: str) -> URIRef:
        return self.ns["graph/article/" + doc_id]

    def gazetteer_graph(self) -> URIRef:
        return self.ns["graph/gazetteer"]

    def entities_graph(self) -> URIRef:
        return self.ns["graph/entities"]

    def ontology_graph(self) -> URIRef:
        return self.ns["graph/ontology"]

    def event(self, key: str) -> URIRef:
        return self.ns["event/" + key]

    def mention(self, doc_id: str, kind: str, start: int, end: int) -> URIRef:
        return self.ns[f"mention/{doc_id}/{kind}/{start}-{end}"]

    def membership(self, doc_id: str, role: Role) -> URIRef:
        ident = "|".join(
            [doc_id, role.person, post_id(role.role_id, role.role), role.org or "", role.country or "",
             str(role.former)]
        )
        return self.ns[f"membership/{hashlib.sha1(ident.encode()).hexdigest()[:16]}"]

    def role_concept(self, role_id: str) -> URIRef:
        return self.ns["role/" + role_id]

    def extractor(self, name: str) -> URIRef:
        return self.ns["extractor/" + slugify(name.replace(":", "-")) + "/v" + EXTRACTOR_VERSION]
