"""Mentions -> canonical entities and events (within an article, across articles and languages).

In: a list of :class:`kg.model.ArticleMentions`. Out: a :class:`kg.model.Corpus`.

Three steps, so that a build can stream them one article at a time (:mod:`kg.build`):
:class:`kg.resolve.names.NameIndex` gathers the corpus's full person names;
:meth:`Resolver.article` resolves one article against them and says what it adds to the corpus
(:class:`kg.resolve.records.Contribution`); :class:`kg.resolve.reduction.Reduction` folds those in
article order, completes the entities, corefers events across articles, and finishes each
article's facts. :meth:`Resolver.resolve` does all three in memory.

The rules live in the modules of each step: names (:mod:`kg.resolve.names`), entity keys, posts
and affiliations (:mod:`kg.resolve.entities`), events within an article
(:mod:`kg.resolve.events`) and across articles (:mod:`kg.resolve.coref`). Keys (and so IRIs) are
``<type>/<gazetteer id or slug of the canonical name>`` (:mod:`kg.resolve.keys`); every join
records why (``Entity.merge_reasons``).
"""
from __future__ import annotations

from kg.data import Gazetteer
from kg.model import ArticleFacts, ArticleMentions, Corpus, EntityOccurrence
from kg.resolve.entities import (
    GazetteerEntities,
    article_affiliations,
    article_roles,
    mention_key,
    new_entity,
)
from kg.resolve.events import article_events
from kg.resolve.names import (
    FormScanner,
    NameIndex,
    add_surname_mentions,
    find_surnames,
    person_names,
)
from kg.resolve.records import Contribution
from kg.resolve.reduction import Reduction


class Resolver:
    """Resolution against one gazetteer (``known``: its entries as entities)."""

    def __init__(self, gaz: Gazetteer):
        self.gaz = gaz
        self.known = GazetteerEntities(gaz)

    def resolve(self, articles: list[ArticleMentions]) -> Corpus:
        """All articles in memory, in the three steps a streaming build takes one article at a
        time: names, per-article resolution folded into the corpus tables, finishing."""
        names = NameIndex()
        for art in articles:
            names.add(person_names(art))
        names.close()
        red = Reduction(self)
        facts = []
        for ai, art in enumerate(articles):
            f, c = self.article(art, names)
            red.add(ai, c)
            facts.append(f)
        corpus = red.finish()
        corpus.articles = [red.finish_article(ai, f) for ai, f in enumerate(facts)]
        return corpus

    def article(self, art: ArticleMentions, names: NameIndex,
                found: list[tuple[int, int, str]] | None = None,
                digest: bool = False) -> tuple[ArticleFacts, Contribution]:
        """Resolve one article against the corpus's names: its facts (entity keys, posts,
        affiliations, events within the article) and its contribution to the corpus tables.
        ``found``: the corpus-surname matches of an earlier scan of this article, if known."""
        scanned = None
        if found is None:
            found = scanned = self._surnames_in(art, names.scanner) if names.forms else []
        add_surname_mentions(art, found, names.forms)
        c = Contribution(outlet=art.doc.outlet, warnings=list(art.warnings), found=scanned)
        self._key_mentions(art, names, c)
        for r in art.roles:
            c.gazetteer.extend(gid for gid in (r.org_gazetteer_id, r.country) if gid)
        facts = self._facts(art)
        c.add_facts(facts, digest)
        return facts, c

    def _surnames_in(self, art: ArticleMentions, scan: FormScanner) -> list[tuple[int, int, str]]:
        """The scan of the article for the corpus surnames (what a build with the matches of an
        earlier scan skips)."""
        return find_surnames(art, scan, self.gaz.forms)

    def _key_mentions(self, art: ArticleMentions, names: NameIndex, c: Contribution) -> None:
        """Give each entity mention its key; add the entities, aliases, merge reasons, person
        names and countries the mentions state to the contribution."""
        known = self.known
        for m in art.entities:
            m.key, reason = mention_key(m, names, known)
            if m.key not in c.new:  # a gazetteer entity is made from its id where it is needed
                c.new[m.key] = m.gazetteer_id or new_entity(m)
            surface = m.span.text.strip()
            c.aliases.append((m.key, surface, art.doc.lang if m.gazetteer_id is None else
                              known.alias_lang(m.gazetteer_id, surface)))
            if reason:
                c.reasons.append((m.key, reason))
            if m.type == "Person" and not m.gazetteer_id:
                c.names.append((m.key, m.name or surface))
            if m.country and not m.gazetteer_id:
                c.countries.append((m.key, known.key(m.country)))

    def _facts(self, art: ArticleMentions) -> ArticleFacts:
        """The article's facts; the gazetteer entities and the outlet they name are added to the
        corpus by :meth:`kg.resolve.reduction.Reduction.finish`."""
        facts = ArticleFacts(doc=art.doc, warnings=list(art.warnings),
                             publisher=self.known.publisher_key(art.doc.outlet))
        for m in art.entities:
            occ = facts.entities.setdefault(m.key, EntityOccurrence(m.key))
            occ.mentions.append(m)
        facts.roles = article_roles(art, self.known)
        facts.affiliations = article_affiliations(art)
        facts.events = article_events(art)
        return facts
