"""Graph digests: which named graphs and ``facts.json`` lines must be made again.

In: the outcome of resolution (:class:`kg.build.resolution.Resolution`: per article a digest of
its own facts, the entity keys its graph names, its posts without a country; the corpus-wide
tables), the digests and line keys the cache recorded, and the graphs present in the store. Out:
batches of :class:`Redo` (the articles whose graph digest or line key changed, or whose graph is
missing), in article order.

A graph's digest covers everything :meth:`kg.graph.writer.RDFWriter.add_article_graph` reads: the
article's own facts, the corpus-wide post countries and event keys it takes, every field the
writer reads of the entities it names, the graph code's version and the base IRI. A line key adds
the article's warnings and the facts code's version to that digest.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from kg.build.resolution import Resolution
from kg.graph.namespaces import base_iri
from kg.model import ArticleFacts
from kg.resolve import Reduction, graph_keys
from kg.store.cache import BuildCache, facts_version, graph_version


def with_countries(keys: Iterable[str], entities: dict) -> dict:
    """The entities of ``keys`` and their countries (what an article's named graph describes)."""
    ents = {k: entities[k] for k in keys if k in entities}
    for e in list(ents.values()):
        if e.country and e.country in entities:
            ents.setdefault(e.country, entities[e.country])
    return ents


def article_entities(art: ArticleFacts, entities: dict) -> dict:
    """The entities an article's named graph names, with their countries."""
    return with_countries(graph_keys(art), entities)


class GraphDigests:
    """The digest of an article's named graph, from what the build keeps of the article: the
    digest of its own facts (:func:`kg.resolve.facts_digest`), the corpus-wide post
    countries and event keys it takes (``red``), and every field the writer reads of the entities
    it names. Together with the writer's code version and the base IRI, that is everything
    :meth:`RDFWriter.add_article_graph` reads."""

    def __init__(self, red: Reduction, base: str | None):
        self.red, self.entities = red, red.corpus.entities
        self.prefix = repr((graph_version(), base_iri(base))).encode()
        self._fields: dict[str, bytes] = {}

    def _entity(self, key: str) -> bytes:
        f = self._fields.get(key)
        if f is None:
            e, ents = self.entities[key], self.entities
            f = self._fields[key] = repr((key, e.type, e.name, e.name_lang, e.country,
                                          e.country in ents, e.gazetteer_id, e.merge_reasons)
                                         ).encode("utf-8", "surrogatepass")
        return f

    def __call__(self, ai: int, facts: bytes, keys: Iterable[str], open_posts) -> str:
        fills = self.red.fills(open_posts or ())
        h = hashlib.sha256(self.prefix)
        h.update(facts)
        h.update(repr((fills, sorted(self.red.event_keys.get(ai, ())))).encode())
        for k in sorted(with_countries(set(keys) | {c for _, c in fills}, self.entities)):
            h.update(self._entity(k))
        return h.hexdigest()


def line_key(digest: str, warnings: bytes | None) -> str:
    """What an article's facts.json line is made from: its graph's inputs, the code that turns
    facts into the line, and its warnings."""
    return hashlib.sha256(digest.encode() + facts_version().encode() + (warnings or b"")
                          ).hexdigest()


@dataclass(frozen=True)
class Redo:
    """An article whose facts.json line (and, if ``write``, its named graph) is made again."""
    ai: int  # index of the article in the build
    iri: str  # its named graph
    digest: str
    line_key: str
    write: bool  # the graph too, not only the line


def plan(resolution: Resolution, ids: list[str], graph_iri: Callable[[str], object],
         cache: BuildCache, present: set[str], force: bool, base: str | None,
         write_batch: int) -> Iterator[list[Redo]]:
    """The articles to redo, in batches holding at most ``write_batch`` graphs to write (and at
    most four times that many articles). ``ids``: the articles' document ids, ``graph_iri``: the
    named graph of a document id. Each article's record in ``resolution`` is released once its
    digest is made."""
    digest_of = GraphDigests(resolution.red, base)
    records, keys_of = resolution.records, resolution.keys
    batch: list[Redo] = []
    for start in range(0, len(ids), 500):
        iris = [str(graph_iri(i)) for i in ids[start:start + 500]]
        old, old_lines = cache.digests(iris), cache.facts_keys(iris)
        for ai, iri in enumerate(iris, start):
            rec, records[ai] = records[ai], None
            d = digest_of(ai, rec.facts, (keys_of[k] for k in rec.key_ids), rec.open_posts)
            lk = line_key(d, rec.warnings)
            write = force or old.get(iri) != d or iri not in present
            if write or old_lines.get(iri) != lk:
                batch.append(Redo(ai, iri, d, lk, write))
            if sum(r.write for r in batch) >= write_batch or len(batch) >= 4 * write_batch:
                yield batch
                batch = []
    if batch:
        yield batch
