"""Resolution, streamed: the names pass, then each article resolved against the corpus's names.

In: :class:`kg.build.extraction.Extracted` (the articles, their mentions in the build cache) and
an executor. Out: a :class:`Resolution`: the corpus-wide tables
(:class:`kg.resolve.Reduction`: entities, post countries, events corefered across
articles) and, per article, an :class:`ArticleRecord` of about a hundred bytes.

Resolution is corpus-wide (one article can change another's entity keys or event keys), yet the
build never holds the corpus's mentions or facts:

1. names: the person names of every article (a small table of the cache) give the corpus's full
   names and unambiguous surnames (:class:`kg.resolve.NameIndex`);
2. resolution: each article is resolved on its own against those names, in chunks of
   ``RESOLVE_CHUNK`` articles, by the executor's workers from ``RESOLVE_IN_PARALLEL`` articles
   (here below that); what it adds to the corpus-wide tables
   (:class:`kg.resolve.Contribution`) is folded in article order, which then completes
   the entities and corefers the events across articles. Of each article only a digest of its
   facts, the ids of the entities its graph names, its posts without a country and a digest of
   its warnings are kept.

The corpus-surname scan's matches are kept per article in the cache and reused while the
corpus's unambiguous surnames stay the same. :mod:`kg.build.writing` resolves the articles whose
graph must be written again from the same inputs (:class:`ArticleReader`).
"""
from __future__ import annotations

import hashlib
import json
from array import array
from collections.abc import Iterable
from dataclasses import dataclass

from kg.build.executors import Executor, Serial
from kg.build.extraction import Extracted, mentions_of
from kg.model import ArticleMentions
from kg.resolve import Contribution, NameIndex, Reduction, Resolver
from kg.store.cache import BuildCache

RESOLVE_CHUNK = 200  # articles per task of the second pass
RESOLVE_IN_PARALLEL = 1_000  # articles from which that pass runs on the executor's workers

Match = tuple[int, int, str]  # a corpus-surname match: (start, end, surname form)


@dataclass
class ArticleInputs:
    """What a task resolves a chunk of articles from: their cached mentions, where this run read
    them, and their corpus-surname matches where an earlier build recorded them."""
    blobs: list[bytes]
    sources: list[tuple[str | None, str]]  # (path, sha256)
    found: list[list[Match] | None]

    def articles(self) -> Iterable[tuple[ArticleMentions, list[Match] | None]]:
        for blob, source, found in zip(self.blobs, self.sources, self.found):
            yield mentions_of(blob, source), found


class ArticleReader:
    """Reads the :class:`ArticleInputs` of articles (by their index in the build) from the
    cache."""

    def __init__(self, ex: Extracted, cache: BuildCache):
        self.ex, self.cache = ex, cache

    def inputs(self, ais: Iterable[int], names: NameIndex) -> ArticleInputs:
        ais = list(ais)
        keys = [self.ex.keys[ai] for ai in ais]
        found = self.cache.surnames(names.digest, keys)
        return ArticleInputs(self.cache.get_blobs(keys), [self.ex.sources[ai] for ai in ais],
                             [found.get(k) for k in keys])


@dataclass(frozen=True)
class Names:
    """What every resolution task reads: the resolver and the corpus's names."""
    resolver: Resolver
    names: NameIndex


def contributions(ctx: Names, inputs: ArticleInputs) -> list[Contribution]:
    """The second pass on a chunk of articles: each resolved against the corpus's names."""
    return [ctx.resolver.article(am, ctx.names, found, digest=True)[1]
            for am, found in inputs.articles()]


@dataclass(slots=True)
class ArticleRecord:
    """What the build keeps of an article between resolving it and writing its graph."""
    facts: bytes  # digest of its own facts (:func:`kg.resolve.facts_digest`)
    key_ids: array  # the entity keys its graph names, as indexes into :attr:`Resolution.keys`
    open_posts: tuple | None  # its posts without a country (index, person, post id)
    warnings: bytes | None  # digest of its warnings


@dataclass
class Resolution:
    names: NameIndex
    red: Reduction  # finished: the corpus-wide tables
    records: list[ArticleRecord | None]  # per article, in order (released as graphs are planned)
    keys: list[str]  # entity keys, by the ids the records use


def name_index(ex: Extracted) -> NameIndex:
    """The first pass: the corpus's person names, from the cache's table of names."""
    names = NameIndex()
    for start in range(0, len(ex.keys), 1000):
        for ns in ex.names(start, start + 1000):
            names.add(ns)
    return names.close()


def resolve(ex: Extracted, cache: BuildCache, resolver: Resolver,
            executor: Executor) -> Resolution:
    """Passes 1 and 2 (see the module docstring). Warnings of the resolved articles are added to
    ``ex.warnings``; newly scanned surname matches are recorded in the cache."""
    names = name_index(ex)
    reader = ArticleReader(ex, cache)
    red = Reduction(resolver)
    ids: dict[str, int] = {}
    records: list[ArticleRecord | None] = []
    n = len(ex.keys)
    if n < RESOLVE_IN_PARALLEL:
        executor = Serial()
    tasks = (reader.inputs(range(a, min(a + RESOLVE_CHUNK, n)), names)
             for a in range(0, n, RESOLVE_CHUNK))
    ai = 0
    for chunk in executor.map_ordered(contributions, tasks, shared=Names(resolver, names)):
        scanned = {}
        for c in chunk:
            red.add(ai, c)
            if c.found is not None:
                scanned[ex.keys[ai]] = c.found
            warn = None
            if c.warnings:
                ex.warnings.extend(c.warnings)
                warn = hashlib.sha256(json.dumps(c.warnings).encode()).digest()
            records.append(ArticleRecord(c.facts, array("I", (ids.setdefault(k, len(ids))
                                                              for k in c.keys)),
                                         tuple(c.open_posts) or None, warn))
            ai += 1
        if scanned:
            cache.put_surnames(scanned)
    red.finish()
    return Resolution(names, red, records, list(ids))
