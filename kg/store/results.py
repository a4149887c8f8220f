"""What every query engine gives back.

In: rows of rdflib terms from an engine (the embedded Oxigraph :class:`kg.store.embedded.Store`,
:class:`kg.store.embedded.RdflibEngine` over an rdflib ``Dataset``, a SPARQL endpoint in
:mod:`kg.store.remote`). Out: a :class:`Result` that is the same whichever engine answered. (A
query that cannot be run raises :class:`kg.errors.QueryError`.)
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass
class Result:
    """A query result. ``rows`` hold rdflib terms (URIRef, Literal, BNode) or None for unbound.

    SELECT: ``columns`` are the projected variables. ASK: no columns, ``boolean`` is set.
    CONSTRUCT / DESCRIBE: columns ``subject``, ``predicate``, ``object``, one row per triple.
    """

    columns: list[str]
    rows: list[tuple] = field(default_factory=list)
    boolean: bool | None = None

    def dicts(self) -> list[dict]:
        return [dict(zip(self.columns, row)) for row in self.rows]


def triples_result(triples: Iterable[tuple]) -> Result:
    """CONSTRUCT / DESCRIBE: distinct triples, sorted (Oxigraph may repeat a triple)."""
    return Result(["subject", "predicate", "object"],
                  sorted(set(triples), key=lambda t: tuple(x.n3() for x in t)))
