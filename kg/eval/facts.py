"""Resolved corpus -> the facts view: per article, entities, roles, affiliations and events in the
gold annotation format (docs/FACTS_FORMAT.md).

In: a :class:`kg.model.Corpus`. Out: a list of plain dicts (JSON-ready), one per article. This is
what ``kg facts`` prints and what ``kg eval`` scores.
"""
from __future__ import annotations

import re
from pathlib import Path

from kg.model import ArticleFacts, Corpus, Entity
from kg.queries.names import fold


def doc_name(doc) -> str:
    """How facts and gold name an article: its file name, or its record id for an article read
    from a JSON Lines file (each record of ``news.jsonl`` keeps its own id)."""
    if not doc.path or str(doc.path) == "-" or \
            Path(doc.path).suffix.lower() in (".jsonl", ".ndjson"):
        return doc.id
    return Path(doc.path).name


def article_facts(corpus: Corpus) -> list[dict]:
    return [facts_of(art, corpus.entities) for art in corpus.articles]


def facts_of(art: ArticleFacts, ents: dict[str, Entity]) -> dict:
    """One article's record; reads only the article and the entities it names (and their
    countries), the inputs of its named graph (``kg.build.run.article_inputs``)."""

    doc = art.doc
    surfaces = {key: {m.span.text.strip() for m in occ.mentions if m.extractor != "pattern:title-reference"}
                for key, occ in art.entities.items()}
    shown = {key: name_in_article(ents[key], forms, doc.lang) for key, forms in surfaces.items()}

    def name(key: str | None) -> str | None:
        if not key or key not in ents:
            return None
        return shown.get(key, ents[key].name)

    entities = []
    for key in art.entities:
        e = ents[key]
        rec = {"name": shown[key], "type": e.type, "aliases": sorted(surfaces[key] - {shown[key]})}
        if shown[key] != e.name:
            rec["canonical"] = e.name
        if e.type in ("Ministry", "Agency") or e.country:
            rec["country"] = name(e.country)
        entities.append(rec)
    entities.sort(key=lambda r: (r["type"], r["name"]))
    roles = [{
        "person": name(r.person),
        "role": ("former " if r.former else "") + r.role,
        "org": name(r.org),
        "country": name(r.country),
        "evidence": r.evidence.text,
    } for r in art.roles]
    affiliations = [{"member": name(a.member), "parent": name(a.parent),
                     "evidence": a.evidence.text if a.evidence else None}
                    for a in art.affiliations]
    events = [{
        "type": ev.type,
        "mode": ev.mode,
        "participants": [name(k) for k, _ in ev.participants],
        "roles": {name(k): role for k, role in ev.participants},
        "date": ev.time.value if ev.time else None,
        "date_text": ev.time.text if ev.time else None,
        "place": name(ev.place),
        "status": ev.status,
        "evidence": ev.evidence.sentence or ev.evidence.text,
        "trigger": ev.trigger.text,
        "quote": ev.quote,
        "channel": ev.channel,
        "event_id": ev.key,
    } for ev in art.events]
    return {
        "doc": doc_name(doc),
        "lang": doc.lang,
        "published": doc.published.isoformat() if doc.published else None,
        "outlet": doc.outlet,
        "entities": entities,
        "roles": roles,
        "affiliations": affiliations,
        "events": events,
        "warnings": art.warnings,
    }


NAMED_BY_LABEL = ("Place", "CriminalOrganization")


def name_in_article(e: Entity, surfaces: set[str], lang: str | None) -> str:
    """How the article's facts name ``e``: its canonical name when the article uses it; else, for
    a body or a place, the name the article spells out when it is one of the entity's names
    (its canonical name with the article's accents, or for places and criminal organisations
    its name in another language): "Cartel de los Soles" for "Cártel de los Soles",
    "Centroamérica" in a Spanish article for "Central America"; a place the article calls by
    another proper name keeps it ("New York" for "New York City", "Caribe" for "Caribbean",
    not "the Mexican capital"). People and countries keep their canonical names, ministries and
    agencies their official name in their own language."""
    folded = {fold(s): s for s in sorted(surfaces, key=len)}
    if not surfaces or e.type in ("Person", "Country") or \
            e.name.casefold() in {s.casefold() for s in surfaces}:
        return e.name
    names = [e.name]
    if e.type in NAMED_BY_LABEL:
        names += [e.labels.get(lg) for lg in (lang, *sorted(e.labels)) if lg]
    for name in names:
        if name and fold(name) in folded:
            return folded[fold(name)]
    if e.type == "Place":  # a proper name of the place the article uses ("New York", "Caribe")
        bare = {re.sub(r"^(?:the|el|la|los|las)\s+", "", s) for s in surfaces}
        proper = [s for s in bare if _proper_name(s) and not _acronym(s)]
        if proper:
            return max(proper, key=lambda s: (len(s), s))
    return e.name


def _proper_name(name: str) -> bool:
    """Every word capitalised ("New York", "Caribe"), not a description ("Mexican capital") nor
    a dateline's capitals ("WASHINGTON", where the canonical name serves better)."""
    words = name.replace(",", " ").split()
    return bool(words) and all(w[:1].isupper() for w in words) and not name.isupper()


def _acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(letters) <= 6
