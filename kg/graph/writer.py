"""Resolved facts -> RDF. The only module that writes triples.

In: a :class:`kg.model.Corpus`. Out: an rdflib ``Dataset`` with
- one named graph per article (``<base>graph/article/<doc-id>``) holding what that article says:
  the article node, which entities it mentions (``prov:wasDerivedFrom`` the article, aliases as
  worded there, mention nodes), posts, affiliations stated in the text, events as that article
  reports them, and every mention node (character span, text, sentence, extractor, confidence);
- ``<base>graph/gazetteer``: what the gazetteer knows about the entities that occur (type,
  canonical label, aliases, country, parent organisation, Wikidata id);
- ``<base>graph/entities``: what resolution over the whole corpus concluded, stated once: the type,
  canonical label and country of every entity that is not in the gazetteer, every entity's merge
  reasons, and the description of each post concept and extractor the articles refer to;
- the ontology graph is loaded separately by :mod:`kg.store` from ``ontology/kg.ttl``.

Every description is stated in exactly one graph. Engines that query the union of the named
graphs as a multiset (Oxigraph) would otherwise see an entity's type and label once per article
that names it, and a join of k copies of each grows as k squared.

The IRIs come from :class:`kg.graph.iris.IRIs`.
"""
from __future__ import annotations

import re
from decimal import Decimal

from rdflib import Dataset, Graph, Literal, URIRef

from kg.graph.iris import IRIs
from kg.graph.namespaces import (
    DCTERMS,
    ENTITY_CLASSES,
    EVENT_TYPES,
    GAF,
    KGO,
    MODES,
    NIF,
    ORG,
    OWL,
    PRECISIONS,
    PREFIXES,
    PROV,
    RDF,
    RDFS,
    SDO,
    SEM,
    SKOS,
    STANDARD_CLASSES,
    STATUSES,
    WD,
    XSD,
)
from kg.model import (
    Affiliation,
    ArticleFacts,
    Corpus,
    Event,
    Role,
    Span,
    article_summary,
    post_id,
)


def _role_labels() -> dict[str, str]:
    from kg.data import load_titles

    return {t.id: t.label for t in load_titles()}


ROLE_LABELS = _role_labels()
_CTRL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_literal(text: str) -> str:
    """Article text as a literal: control characters removed (they are not allowed in N-Triples)."""
    return _CTRL.sub(" ", text)


def _lit(text: str, lang: str | None = None) -> Literal:
    return Literal(clean_literal(text), lang=lang) if lang else Literal(clean_literal(text))


def _date_literal(value: str) -> Literal:
    n = value.count("-")
    if n == 2:
        return Literal(value, datatype=XSD.date)
    if n == 1:
        return Literal(value, datatype=XSD.gYearMonth)
    return Literal(value, datatype=XSD.gYear)


class RDFWriter:
    """``summary``: the union of :func:`article_summary` over the corpus's articles, for a
    corpus whose articles are not in memory (a streaming build); made from ``corpus.articles``
    otherwise."""

    def __init__(self, corpus: Corpus, base: str | None = None,
                 summary: tuple[set[str], set[str], set[tuple]] | None = None):
        self.corpus = corpus
        self.iri = IRIs(base)
        self._summary = summary

    @property
    def summary(self) -> tuple[set[str], set[str], set[tuple]]:
        if self._summary is None:
            used, extractors, concepts = set(), set(), set()
            for art in self.corpus.articles:
                u, e, c = article_summary(art)
                used |= u
                extractors |= e
                concepts |= c
            self._summary = (used, extractors, concepts)
        return self._summary

    # ------------------------------------------------------------------ public
    def dataset(self) -> Dataset:
        ds = Dataset()
        for prefix, ns in PREFIXES.items():
            ds.bind(prefix, ns)
        ds.bind("kgd", self.iri.ns)
        self.add_gazetteer_graph(ds.graph(self.iri.gazetteer_graph()))
        self.add_entities_graph(ds.graph(self.iri.entities_graph()))
        for art in self.corpus.articles:
            self.add_article_graph(ds.graph(self.iri.article_graph(art.doc.id)), art)
        return ds

    # ---------------------------------------------------------------- gazetteer
    def used_entities(self) -> set[str]:
        """Keys of the entities the articles name (mentions, posts, publishers), closed over
        parents and countries so that the hierarchy is complete."""
        used = set(self.summary[0])
        frontier = list(used)
        while frontier:
            key = frontier.pop()
            ent = self.corpus.entities.get(key)
            if not ent:
                continue
            for nxt in (ent.parent, ent.country):
                if nxt and nxt not in used:
                    used.add(nxt)
                    frontier.append(nxt)
        return {k for k in used if k in self.corpus.entities}

    def add_gazetteer_graph(self, g: Graph) -> None:
        used = self.used_entities()
        for key in sorted(used):
            ent = self.corpus.entities.get(key)
            if ent is None or not ent.gazetteer_id:
                continue
            node = self.iri.entity(key)
            self._type_entity(g, node, ent.type)
            g.add((node, RDFS.label, _lit(ent.name, ent.name_lang)))
            g.add((node, SKOS.prefLabel, _lit(ent.name, ent.name_lang)))
            for alias, lang in sorted(ent.aliases.items(), key=lambda kv: (kv[0], kv[1] or "")):
                if alias != ent.name:
                    g.add((node, SKOS.altLabel, _lit(alias, lang)))
            if ent.country and ent.country in self.corpus.entities:
                g.add((node, KGO.country, self.iri.entity(ent.country)))
            if ent.parent and ent.parent in self.corpus.entities:
                g.add((node, ORG.subOrganizationOf, self.iri.entity(ent.parent)))
            if ent.wikidata:
                g.add((node, OWL.sameAs, WD[ent.wikidata]))
        for aff in self.corpus.gazetteer_affiliations:
            if aff.member in used and aff.parent in self.corpus.entities:
                g.add((self.iri.entity(aff.member), ORG.subOrganizationOf,
                       self.iri.entity(aff.parent)))

    # ----------------------------------------------------------------- entities
    def add_entities_graph(self, g) -> None:
        """The corpus-level descriptions (see the module docstring). ``g`` is anything with
        ``add((s, p, o))``: an rdflib ``Graph`` or, for speed on large corpora, a ``set``."""
        for key in sorted(self.used_entities()):
            ent = self.corpus.entities[key]
            node = self.iri.entity(key)
            if not ent.gazetteer_id:
                self._type_entity(g, node, ent.type)
                g.add((node, RDFS.label, _lit(ent.name, ent.name_lang)))
                if ent.country and ent.country in self.corpus.entities:
                    g.add((node, KGO.country, self.iri.entity(ent.country)))
            for reason in ent.merge_reasons:
                g.add((node, KGO.mergeReason, Literal(reason)))
        _, extractors, concepts = self.summary
        for concept in sorted(concepts, key=lambda c: (c[0], c[1], c[2] or "")):
            self._role_concept(g, *concept)
        for name in sorted(extractors):
            ex = self.iri.extractor(name)
            g.add((ex, RDF.type, KGO.Extractor))
            g.add((ex, RDF.type, PROV.SoftwareAgent))
            g.add((ex, RDFS.label, Literal(name)))

    # ----------------------------------------------------------------- articles
    def add_article_graph(self, g: Graph, art: ArticleFacts) -> None:
        doc = art.doc
        a = self.iri.article(doc.id)
        g.add((a, RDF.type, SDO.NewsArticle))
        g.add((a, RDF.type, NIF.Context))
        g.add((a, DCTERMS.identifier, Literal(doc.id)))
        g.add((a, DCTERMS.language, Literal(doc.lang)))
        if doc.published:
            g.add((a, SDO.datePublished, Literal(doc.published.isoformat(), datatype=XSD.date)))
        if doc.url:
            g.add((a, SDO.url, Literal(doc.url, datatype=XSD.anyURI)))
        if doc.path:
            g.add((a, PROV.atLocation, Literal(doc.path)))
        if doc.sha256:
            g.add((a, KGO.contentHash, Literal(doc.sha256)))
        if art.publisher and art.publisher in self.corpus.entities:
            outlet = self.iri.entity(art.publisher)
            g.add((a, SDO.publisher, outlet))
            g.add((outlet, PROV.wasDerivedFrom, a))

        for key, occ in sorted(art.entities.items()):
            ent = self.corpus.entities[key]
            node = self.iri.entity(key)
            g.add((node, PROV.wasDerivedFrom, a))
            for m in occ.mentions:
                if m.span.text != ent.name and m.extractor != "pattern:title-reference":
                    g.add((node, SKOS.altLabel, _lit(m.span.text, doc.lang)))
                g.add((node, GAF.denotedBy,
                       self._mention(g, doc.id, "entity", m.span, m.extractor, m.confidence)))

        for role in art.roles:
            self._role(g, art, role)
        for aff in art.affiliations:
            self._affiliation(g, art, aff)
        for ev in art.events:
            self._event(g, art, ev)

    # ------------------------------------------------------------------ pieces
    def _type_entity(self, g: Graph, node: URIRef, etype: str) -> None:
        g.add((node, RDF.type, ENTITY_CLASSES[etype]))
        for cls in STANDARD_CLASSES[etype]:
            g.add((node, RDF.type, cls))

    def _mention(self, g: Graph, doc_id: str, kind: str, span: Span, extractor: str,
                 confidence: float) -> URIRef:
        m = self.iri.mention(doc_id, kind, span.start, span.end)
        g.add((m, RDF.type, KGO.Mention))
        g.add((m, RDF.type, NIF.String))
        g.add((m, NIF.referenceContext, self.iri.article(doc_id)))
        g.add((m, NIF.beginIndex, Literal(span.start, datatype=XSD.nonNegativeInteger)))
        g.add((m, NIF.endIndex, Literal(span.end, datatype=XSD.nonNegativeInteger)))
        g.add((m, NIF.anchorOf, Literal(clean_literal(span.text))))
        if span.sentence:
            g.add((m, KGO.sentence, Literal(clean_literal(span.sentence))))
        g.add((m, PROV.wasAttributedTo, self.iri.extractor(extractor)))
        g.add((m, KGO.confidence, Literal(Decimal(f"{confidence:.2f}").normalize(), datatype=XSD.decimal)))
        return m

    def _role(self, g: Graph, art: ArticleFacts, role: Role) -> None:
        ms = self.iri.membership(art.doc.id, role)
        g.add((ms, RDF.type, ORG.Membership))
        g.add((ms, ORG.member, self.iri.entity(role.person)))
        if role.org:
            g.add((ms, ORG.organization, self.iri.entity(role.org)))
        if role.country:
            g.add((ms, KGO.country, self.iri.entity(role.country)))
        g.add((ms, ORG.role, self.iri.role_concept(post_id(role.role_id, role.role))))
        g.add((ms, KGO.roleText, _lit(role.role, role.lang)))
        g.add((ms, RDFS.label, _lit(role.role, role.lang)))
        g.add((ms, KGO.former, Literal(role.former)))
        if art.doc.published and not role.former:
            g.add((ms, KGO.observedOn, Literal(art.doc.published.isoformat(), datatype=XSD.date)))
        g.add((ms, PROV.wasDerivedFrom, self.iri.article(art.doc.id)))
        g.add((ms, GAF.denotedBy,
               self._mention(g, art.doc.id, "role", role.evidence, role.extractor,
                             role.confidence)))

    def _role_concept(self, g, role_id: str, wording: str, lang: str | None) -> None:
        concept = self.iri.role_concept(role_id)
        g.add((concept, RDF.type, ORG.Role))
        g.add((concept, RDF.type, SKOS.Concept))
        g.add((concept, SKOS.inScheme, KGO.RoleScheme))
        g.add((concept, SKOS.prefLabel, Literal(ROLE_LABELS.get(role_id, wording), lang="en"
                                                if role_id in ROLE_LABELS else lang)))

    def _affiliation(self, g: Graph, art: ArticleFacts, aff: Affiliation) -> None:
        g.add((self.iri.entity(aff.member), ORG.subOrganizationOf, self.iri.entity(aff.parent)))
        if aff.evidence is not None:
            # the statement itself is evidenced by the span; keep it on a mention of the member
            m = self._mention(g, art.doc.id, "affiliation", aff.evidence, aff.extractor,
                              aff.confidence)
            g.add((self.iri.entity(aff.member), GAF.denotedBy, m))

    def _event(self, g: Graph, art: ArticleFacts, ev: Event) -> None:
        e = self.iri.event(ev.key)
        g.add((e, RDF.type, KGO.Event))
        g.add((e, RDF.type, SEM.Event))
        g.add((e, RDF.type, SDO.Event))
        g.add((e, KGO.eventType, EVENT_TYPES[ev.type]))
        g.add((e, RDFS.label, Literal(self._event_label(ev))))
        if ev.mode:
            g.add((e, KGO.mode, MODES[ev.mode]))
        g.add((e, KGO.status, STATUSES[ev.status]))
        if ev.status == "planned":
            g.add((e, SDO.eventStatus, SDO.EventScheduled))
        for key, prole in ev.participants:
            p = self.iri.entity(key)
            g.add((e, SEM.hasActor, p))
            if prole == "initiator":
                g.add((e, KGO.initiator, p))
            elif prole == "recipient":
                g.add((e, KGO.recipient, p))
        if ev.time is not None:
            g.add((e, KGO.dateText, Literal(clean_literal(ev.time.text))))
            if ev.time.value:
                g.add((e, KGO.date, _date_literal(ev.time.value)))
                g.add((e, KGO.datePrecision, PRECISIONS[ev.time.precision]))
                lo, hi = ev.time.bounds
                if ev.time.precision == "day":
                    g.add((e, SEM.hasTimeStamp, Literal(lo.isoformat(), datatype=XSD.date)))
                g.add((e, SEM.hasEarliestBeginTimeStamp, Literal(lo.isoformat(), datatype=XSD.date)))
                g.add((e, SEM.hasLatestEndTimeStamp, Literal(hi.isoformat(), datatype=XSD.date)))
        if ev.place:
            g.add((e, SEM.hasPlace, self.iri.entity(ev.place)))
        if ev.quote:
            g.add((e, KGO.quote, Literal(clean_literal(ev.quote))))
        if ev.channel:
            g.add((e, KGO.channel, Literal(ev.channel)))
        g.add((e, PROV.wasDerivedFrom, self.iri.article(art.doc.id)))
        m = self._mention(g, art.doc.id, "event", ev.trigger, ev.extractor, ev.confidence)
        g.add((e, GAF.denotedBy, m))

    def _event_label(self, ev: Event) -> str:
        names = [self.corpus.entities[k].name for k, _ in ev.participants if k in self.corpus.entities]
        label = ev.type
        if ev.mode:
            label += f" ({ev.mode.replace('_', ' ')})"
        if names:
            label += ": " + ", ".join(names[:4])
        return label


def corpus_to_dataset(corpus: Corpus, base: str | None = None) -> Dataset:
    return RDFWriter(corpus, base).dataset()


__all__ = ["RDFWriter", "ROLE_LABELS", "corpus_to_dataset", "clean_literal"]
