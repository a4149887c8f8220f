"""One article's entity mentions and posts -> keys, entities, posts and affiliations.

In: an :class:`kg.model.ArticleMentions`, the corpus's :class:`kg.resolve.names.NameIndex` and
the gazetteer. Out: each mention's key and why it joined that entity (:func:`mention_key`), the
entity a first mention makes (:func:`new_entity`, or :class:`GazetteerEntities` for gazetteer
entries), and the article's :class:`kg.model.Role` and :class:`kg.model.Affiliation` records.

- A gazetteer match resolves to the gazetteer entry ("SRE", "Mexico's Foreign Ministry",
  "Secretaría de Relaciones Exteriores" -> one entity), whatever the language of the article.
- A person's short form ("Lopez", "De la Vega") joins the full name in the same article; across
  articles, full names join when their normalised forms (case, accents) are equal, and a bare
  surname joins a full name only when exactly one person in the corpus has that surname.
- Other names join on their normalised form within the same type only: a name is never merged
  across incompatible types.
"""
from __future__ import annotations

import re

from kg.data import Gazetteer
from kg.model import (
    Affiliation,
    ArticleMentions,
    Corpus,
    Entity,
    EntityMention,
    Role,
    slugify,
)
from kg.resolve.keys import entity_key
from kg.resolve.names import NameIndex, is_full_name, norm_name

_LEADING_THE = re.compile(r"^(?:the|The)\s+")


class GazetteerEntities:
    """The gazetteer's entries as corpus entities: their keys, their records, the entries they
    refer to (country, parent organisation), and the outlets named in the manifest."""

    def __init__(self, gaz: Gazetteer):
        self.gaz = gaz
        self._media_forms: dict[str, str] | None = None  # normalised form -> id of a Media entry
        self._surface_forms: dict[str, dict[str, str | None]] = {}  # gazetteer id -> forms

    def key(self, gid: str) -> str:
        return entity_key(self.gaz.entries[gid].type, gid)

    def entity(self, gid: str) -> Entity:
        e = self.gaz.entries[gid]
        return Entity(
            key=self.key(gid), type=e.type, name=e.canonical, name_lang=e.canonical_lang,
            aliases=dict(e.surface_forms()), labels=dict(e.labels),
            country=self.key(e.country) if e.country else None,
            parent=self.key(e.parent) if e.parent else None,
            wikidata=e.wikidata, gazetteer_id=gid)

    def alias_lang(self, gid: str, surface: str) -> str | None:
        """The language the gazetteer gives one of the entry's surface forms."""
        forms = self._surface_forms.get(gid)
        if forms is None:
            forms = self._surface_forms[gid] = self.gaz.entries[gid].surface_forms()
        return forms.get(surface)

    def ensure(self, corpus: Corpus, gid: str) -> str:
        """Make sure the corpus has the entry's entity (and those it refers to); its key."""
        key = self.key(gid)
        if key not in corpus.entities:
            corpus.entities[key] = self.entity(gid)
            self.close(corpus, corpus.entities[key])
        return key

    def close(self, corpus: Corpus, ent: Entity) -> None:
        """Make sure the corpus has the entities a gazetteer entity refers to."""
        if not ent.gazetteer_id:
            return
        e = self.gaz.entries[ent.gazetteer_id]
        for ref in (e.country, e.parent):
            if ref and self.key(ref) not in corpus.entities:
                self.ensure(corpus, ref)

    def affiliations(self, entities: list[Entity]) -> list[Affiliation]:
        """What the gazetteer says the entities are part of."""
        out = []
        for ent in entities:
            if ent.gazetteer_id:
                e = self.gaz.entries[ent.gazetteer_id]
                if e.parent:
                    out.append(Affiliation(ent.key, self.key(e.parent), None, "gazetteer", 1.0))
        return out

    def publisher_key(self, outlet: str | None) -> str | None:
        """The key of the outlet named in the manifest, as a Media entity (the gazetteer's, if it
        knows it)."""
        if not outlet:
            return None
        nf = norm_name(outlet)
        if self._media_forms is None:  # first entry per normalised form, as a scan would find
            self._media_forms = {}
            for e in self.gaz.entries.values():
                if e.type == "Media":
                    for f in e.surface_forms():
                        self._media_forms.setdefault(norm_name(f), e.id)
        if nf in self._media_forms:
            return self.key(self._media_forms[nf])
        return entity_key("Media", slugify(nf))

    def add_publisher(self, corpus: Corpus, outlet: str) -> None:
        """Make sure the corpus has the outlet's entity."""
        key = self.publisher_key(outlet)
        gid = self._media_forms.get(norm_name(outlet))
        if gid:
            self.ensure(corpus, gid)
        else:
            corpus.entities.setdefault(key, Entity(key=key, type="Media", name=outlet.strip(),
                                                   aliases={}))


def mention_key(m: EntityMention, names: NameIndex,
                known: GazetteerEntities) -> tuple[str, str | None]:
    """The key of the entity a mention names, and why it joined that entity where that is not
    plain (a gazetteer entry, a short form, a corpus surname). A gazetteer mention takes the
    entry's type."""
    if m.gazetteer_id:
        e = known.gaz.entries[m.gazetteer_id]
        m.type = e.type
        return known.key(m.gazetteer_id), f"gazetteer entry '{m.gazetteer_id}'"
    name = m.name or m.span.text
    nf = norm_name(name)
    if m.type == "Person":
        if is_full_name(name) and nf in names.full_names:
            if m.extractor == "pattern:corpus-surname":
                reason = (f"surname '{m.span.text}' matches exactly one full name in the "
                          f"corpus, '{m.name}'")
            elif m.name is not None and m.name != m.span.text:
                reason = f"short form '{m.span.text}' of '{m.name}' in the same article ({m.extractor})"
            else:
                reason = None
            return entity_key("Person", slugify(nf)), reason
        cands = names.surname_index.get(nf, set())
        if len(cands) == 1:
            full = next(iter(cands))
            return entity_key("Person", slugify(full)), (
                f"surname '{m.span.text}' matches exactly one full name in the corpus, "
                f"'{names.full_names[full]}'")
    if m.extractor == "gazetteer" and m.country:
        # a generic body's name ("Ministerio de Relaciones Exteriores") of a country the gazetteer
        # has no such entry for: that country's body, not another country's of the same name
        return entity_key(m.type, slugify(f"{m.country} {nf}")), (
            f"generic name '{m.span.text}' of a body of '{m.country}' (no gazetteer entry)")
    return entity_key(m.type, slugify(nf)), None


def new_entity(m: EntityMention) -> Entity:
    """The entity a mention outside the gazetteer makes (its name as written, without 'the')."""
    name = m.name or m.span.text.strip()
    name = _LEADING_THE.sub("", name)
    return Entity(key=m.key, type=m.type, name=name, name_lang=None, aliases={})


def article_roles(art: ArticleMentions, known: GazetteerEntities) -> list[Role]:
    """The article's posts, once per (person, post, former)."""
    roles, seen = [], set()
    for r in art.roles:
        person = r.person.key
        if person is None:
            continue
        org = r.org.key if r.org is not None and r.org.key else (
            known.key(r.org_gazetteer_id) if r.org_gazetteer_id else None)
        country = known.key(r.country) if r.country else None
        ident = (person, (r.role_id or r.role.lower()), r.former)
        if ident in seen:
            continue
        seen.add(ident)
        roles.append(Role(person, r.role, r.role_id, org, country, r.former, r.span,
                          r.extractor, r.confidence, art.doc.lang))
    return roles


def article_affiliations(art: ArticleMentions) -> list[Affiliation]:
    """The article's 'X is part of Y' statements between two distinct entities, once per pair."""
    out, seen = [], set()
    for a in art.affiliations:
        if a.member.key and a.parent.key and a.member.key != a.parent.key and \
                (a.member.key, a.parent.key) not in seen:
            seen.add((a.member.key, a.parent.key))
            out.append(Affiliation(a.member.key, a.parent.key, a.span, a.extractor, a.confidence))
    return out
