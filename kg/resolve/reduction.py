"""The articles' contributions, in article order -> the corpus: entities completed, events
coreferred across articles, and each article's facts finished with the corpus-wide results.

In: :class:`kg.resolve.records.Contribution` records (:meth:`Reduction.add`). Out: a
:class:`kg.model.Corpus` with its entities (:meth:`Reduction.finish`), then each article's
facts with the posts' countries and the events' shared keys (:meth:`Reduction.finish_article`),
and the figures and summaries the build reports and writes (``events``, ``mentioned``, ``used``,
``extractors``, ``concepts``, ``roles``, ``affiliations``).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from kg.model import ArticleFacts, Corpus
from kg.resolve.coref import DatedEvent, clusters, shared_key
from kg.resolve.names import is_full_name
from kg.resolve.records import Contribution, open_posts

if TYPE_CHECKING:
    from kg.resolve.resolver import Resolver


class Reduction:
    """The corpus-wide tables, folded from the articles' contributions in article order:
    entities (with aliases, merge reasons, names and countries), the posts' countries, the dated
    events for cross-article coreference, and what the corpus-level graphs describe. After
    :meth:`finish`, :meth:`finish_article` applies the corpus-wide results to an article's facts."""

    def __init__(self, resolver: Resolver):
        self.r = resolver
        self.corpus = Corpus()
        self._names: dict[str, Counter] = defaultdict(Counter)
        self._gaz: dict[str, None] = {}
        self._outlets: dict[str, None] = {}
        self.posts: dict[tuple[str, str], str] = {}  # (person, post id) -> country, first seen
        self._dated: list[DatedEvent] = []
        self._strings: dict[str, str] = {}
        self.event_keys: dict[int, list[tuple[int, str]]] = {}  # article -> (event, new key)
        self.events: Counter = Counter()  # distinct events per type (after :meth:`finish`)
        self._distinct: dict[str, set[int]] = defaultdict(set)  # type -> hashes of event keys
        self.mentioned: set[str] = set()
        self.used: set[str] = set()
        self.extractors: set[str] = set()
        self.concepts: set[tuple[str, str, str | None]] = set()
        self.roles = self.affiliations = 0

    def _s(self, s: str) -> str:
        return self._strings.setdefault(s, s)

    def add(self, ai: int, c: Contribution) -> None:
        """Fold in the contribution of article ``ai`` (articles in order)."""
        self._add_entities(c)
        self._gaz.update(dict.fromkeys(c.gazetteer))
        if c.outlet:
            self._outlets.setdefault(c.outlet)
        for person, post, country in c.posts:
            self.posts.setdefault((person, post), country)
        s = self._s
        for d in c.events:
            self._dated.append(DatedEvent(ai, d.index, hash(c.event_types[d.index][0]), s(d.type),
                                          s(d.status), d.mode and s(d.mode),
                                          tuple(s(k) for k in d.parts), d.time))
        dated = {d.index for d in c.events}
        for ei, (key, etype) in enumerate(c.event_types):
            if ei not in dated:
                self._distinct[etype].add(hash(key))
        self.mentioned |= c.mentioned
        self.used |= c.used
        self.extractors |= c.extractors
        self.concepts |= c.concepts
        self.roles += c.roles
        self.affiliations += c.affiliations

    def _add_entities(self, c: Contribution) -> None:
        ents = self.corpus.entities
        for key, ent in c.new.items():
            if key not in ents:
                ents[key] = self.r.known.entity(ent) if isinstance(ent, str) else ent
        for key, surface, lang in c.aliases:
            ents[key].aliases.setdefault(surface, lang)
        for key, reason in c.reasons:
            if reason not in ents[key].merge_reasons:
                ents[key].merge_reasons.append(reason)
        for key, name in c.names:
            self._names[key][name] += 1
        for key, country in c.countries:
            if not ents[key].country:
                ents[key].country = country

    def finish(self) -> Corpus:
        """The entities completed (names, gazetteer closure, publishers) and the events
        coreferred across articles; returns the corpus (without articles)."""
        known, corpus = self.r.known, self.corpus
        for key, counter in self._names.items():
            full = [n for n in counter if is_full_name(n)]
            if full:
                corpus.entities[key].name = max(full, key=lambda n: (counter[n], len(n), n))
        for gid in self._gaz:
            known.ensure(corpus, gid)
        for key in list(corpus.entities):
            known.close(corpus, corpus.entities[key])
        corpus.gazetteer_affiliations.extend(known.affiliations(list(corpus.entities.values())))
        for outlet in self._outlets:
            known.add_publisher(corpus, outlet)
        self._coref()
        self.events = Counter({t: len(hashes) for t, hashes in self._distinct.items()})
        self._names, self._dated, self._distinct, self._strings = {}, [], {}, {}
        return corpus

    def finish_article(self, ai: int, art: ArticleFacts) -> ArticleFacts:
        """Posts without a country take the one the same person's same post has elsewhere in
        the corpus; events take their cross-article key."""
        for i, country in self.fills(open_posts(art)):
            art.roles[i].country = country
        for ei, key in self.event_keys.get(ai, ()):
            art.events[ei].key = key
        return art

    def fills(self, posts) -> list[tuple[int, str]]:
        """(index, country) of the posts (see :func:`open_posts`) that take a country from the
        same person's same post elsewhere in the corpus."""
        return [(i, self.posts[(p, r)]) for i, p, r in posts if (p, r) in self.posts]

    def _coref(self) -> None:
        """Give reports of the same real-world event in different articles the same key."""
        for cl in clusters(self._dated):
            if len(cl) < 2:
                self._distinct[cl[0].type].add(cl[0].h)
                continue
            key = shared_key(cl)
            self._distinct[cl[0].type].add(hash(key))
            for ev in cl:
                self.event_keys.setdefault(ev.ai, []).append((ev.ei, key))
