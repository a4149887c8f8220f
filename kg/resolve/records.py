"""What one resolved article hands on: its :class:`Contribution` to the corpus-wide tables, and
what the build keeps of its facts.

In: an article's :class:`kg.model.ArticleFacts` (and, from :class:`kg.resolve.Resolver`, what its
mentions add to the entities). Out: :class:`Contribution`; the facts' digest
(:func:`facts_digest`), the entity keys its graph names (:func:`graph_keys`) and its posts that
lack a country (:func:`open_posts`).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from kg.model import ArticleFacts, Entity, TimeValue, article_summary


class DatedReport(NamedTuple):
    """A dated event of the article, for cross-article coreference."""
    index: int  # in the article's events
    type: str
    status: str
    mode: str | None
    parts: tuple[str, ...]  # participants' keys
    time: TimeValue


@dataclass(slots=True)
class Contribution:
    """What one resolved article adds to the corpus-wide tables, in the order the article adds
    it; :class:`kg.resolve.Reduction` folds the contributions in article order. Also what the
    build keeps of the article until its graph is written: the digest of its facts (``facts``,
    given ``digest=True``), the entity keys its graph names, and its posts that lack a country."""
    #: key -> the entity its first mention here makes (or its gazetteer id)
    new: dict[str, Entity | str] = field(default_factory=dict)
    #: (key, surface form, language)
    aliases: list[tuple[str, str, str | None]] = field(default_factory=list)
    reasons: list[tuple[str, str]] = field(default_factory=list)  # (key, why a mention joined it)
    names: list[tuple[str, str]] = field(default_factory=list)  # (person key, name as written)
    #: (key, country key) stated by mentions
    countries: list[tuple[str, str]] = field(default_factory=list)
    gazetteer: list[str] = field(default_factory=list)  # gazetteer ids the posts name
    outlet: str | None = None
    #: (person, post id, country) of the posts with a country
    posts: list[tuple[str, str, str]] = field(default_factory=list)
    #: (index, person, post id) of the posts without one
    open_posts: list[tuple[int, str, str]] = field(default_factory=list)
    events: list[DatedReport] = field(default_factory=list)  # the dated events
    event_types: list[tuple[str, str]] = field(default_factory=list)  # (key, type) of every event
    mentioned: set[str] = field(default_factory=set)  # keys of the entities the article mentions
    used: set[str] = field(default_factory=set)  # and those its posts and publisher name
    extractors: set[str] = field(default_factory=set)
    #: (post id, wording, language) of its posts
    concepts: set[tuple[str, str, str | None]] = field(default_factory=set)
    keys: list[str] = field(default_factory=list)  # entity keys the article's graph names
    warnings: list[str] = field(default_factory=list)
    roles: int = 0
    affiliations: int = 0
    found: list[tuple[int, int, str]] | None = None  # corpus surnames, when scanned here
    facts: bytes = b""  # digest of the facts (before corpus-wide post countries and event keys)

    def add_facts(self, facts: ArticleFacts, digest: bool = False) -> None:
        """What the article's facts (posts, events, what its graphs name) add."""
        self.posts = [(r.person, r.role_id, r.country) for r in facts.roles
                      if r.country and r.role_id]
        self.open_posts = open_posts(facts)
        for ei, ev in enumerate(facts.events):
            self.event_types.append((ev.key, ev.type))
            if ev.time and ev.time.value:
                self.events.append(DatedReport(ei, ev.type, ev.status, ev.mode,
                                               tuple(k for k, _ in ev.participants), ev.time))
        self.mentioned = set(facts.entities)
        self.used, self.extractors, self.concepts = article_summary(facts)
        self.keys = sorted(graph_keys(facts))
        self.roles, self.affiliations = len(facts.roles), len(facts.affiliations)
        if digest:
            self.facts = facts_digest(facts)


def open_posts(art: ArticleFacts) -> list[tuple[int, str, str]]:
    """(index, person, post id) of the article's posts that have a post id but no country."""
    return [(i, r.person, r.role_id) for i, r in enumerate(art.roles) if r.role_id and not r.country]


def facts_digest(art: ArticleFacts) -> bytes:
    """Hash of an article's own facts, leaving out what :meth:`kg.resolve.Reduction.finish_article`
    may change afterwards (posts' countries, event keys): see :func:`kg.build.run.graph_digest`."""
    doc = replace(art.doc, text="")
    roles = [replace(r, country=None) for r in art.roles]
    events = [replace(e, key="") for e in art.events]
    payload = repr((doc, art.entities, roles, art.affiliations, events, art.publisher))
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).digest()


def graph_keys(art: ArticleFacts) -> set[str]:
    """Keys of the entities an article's named graph names (without their countries)."""
    keys = set(art.entities)
    keys.update(k for ev in art.events for k, _ in ev.participants)
    keys.update(ev.place for ev in art.events if ev.place)
    keys.update(k for r in art.roles for k in (r.person, r.org, r.country) if k)
    keys.update(k for a in art.affiliations for k in (a.member, a.parent))
    if art.publisher:
        keys.add(art.publisher)
    return keys
