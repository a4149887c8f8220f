"""Resolved corpus -> the facts view: per article, entities, roles, affiliations and events in the
gold annotation format (docs/FACTS_FORMAT.md).

In: a :class:`kg.model.Corpus`. Out: a list of plain dicts (JSON-ready), one per article. This is
what ``kg facts`` prints and what ``kg eval`` scores.
"""
from __future__ import annotations

from pathlib import Path

from kg.model import ArticleFacts, Corpus, Entity


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

    def name(key: str | None) -> str | None:
        return ents[key].name if key and key in ents else None

    doc = art.doc
    entities = []
    for key, occ in art.entities.items():
        e = ents[key]
        aliases = sorted({m.span.text.strip() for m in occ.mentions
                          if m.extractor != "pattern:title-reference"} - {e.name})
        rec = {"name": e.name, "type": e.type, "aliases": aliases}
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
