"""Resolved facts -> RDF: :mod:`~kg.graph.namespaces` (the vocabularies, closed), :mod:`~kg.graph.iris`
(IRIs minted from stable keys), :mod:`~kg.graph.writer` (the triple writer, the only place writing
triples) and :mod:`~kg.graph.shacl` (validation against ``ontology/shapes.ttl``).
"""
