"""Why does the graph hold this entity? Its names, types, sources and the mentions that were
joined into it, with the rule behind each join.

In: a store (or any engine with ``.query``) and an entity IRI or exact name. Out: an
:class:`Explanation` (plain data) and its text rendering for ``kg explain``. The two queries it
runs are ``queries/internal/011_explain_entity.rq`` and ``012_explain_mentions.rq``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef

from kg.graph.namespaces import KGO, OWL, RDF, RDFS, SKOS, local_name
from kg.queries.library import internal_query, resolve_label
from kg.store.binding import check_iri


@dataclass
class Explanation:
    iri: str
    labels: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    same_as: list[str] = field(default_factory=list)
    mentions: list[dict] = field(default_factory=list)

    def text(self) -> str:
        out = [f"{self.iri}", f"  name: {' / '.join(self.labels) or '-'}",
               f"  types: {', '.join(self.types)}"]
        if self.aliases:
            out.append(f"  also called: {'; '.join(self.aliases)}")
        if self.same_as:
            out.append(f"  same as: {', '.join(self.same_as)}")
        out.append("  joined because:" if self.reasons else
                   "  joined because: every mention has the same normalised name")
        out += [f"    - {r}" for r in self.reasons]
        out.append(f"  mentions ({len(self.mentions)}):")
        for m in self.mentions:
            out.append(f"    {m['article']} [{m['begin']}:{m['end']}] \"{m['text']}\" "
                       f"by {m['extractor']} ({m['confidence']})")
        return "\n".join(out)


def explain(engine, entity: str) -> Explanation:
    iri = URIRef(check_iri(entity)) if entity.startswith(("http://", "https://", "urn:")) \
        else resolve_label(engine, entity, "entity")
    ex = Explanation(str(iri))
    for p, o in engine.query(internal_query("explain_entity").sparql, {"_e": iri}).rows:
        if p == RDF.type:
            ex.types.append(local_name(o))
        elif p == RDFS.label:
            ex.labels.append(str(o))
        elif p == SKOS.altLabel:
            ex.aliases.append(str(o))
        elif p == KGO.mergeReason:
            ex.reasons.append(str(o))
        elif p == OWL.sameAs:
            ex.same_as.append(str(o))
    mentions = engine.query(internal_query("explain_mentions").sparql, {"_e": iri}).rows
    for m, text, begin, end, art, extractor, conf, sentence in mentions:
        ex.mentions.append({"article": local_name(art), "begin": int(begin), "end": int(end),
                            "text": str(text), "extractor": str(extractor), "confidence": str(conf),
                            "sentence": str(sentence) if sentence is not None else None})
    ex.types = sorted(set(ex.types))
    ex.labels = sorted(set(ex.labels))
    ex.aliases = sorted(set(ex.aliases) - set(ex.labels))
    return ex
