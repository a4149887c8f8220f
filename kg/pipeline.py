"""The build: documents -> NLP -> mentions -> resolution -> RDF -> store.

In: paths (and an optional manifest). Out: a :class:`BuildResult` (the resolved corpus, the
rejected articles with reasons, warnings, timings); :func:`build_store` also writes the named
graphs into the embedded store, validates them and writes the exports.
One bad article never sinks a build: it is reported and skipped.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

from .documents import Rejected, iter_documents
from .extract import default_extractor
from .model import ArticleMentions, Corpus, Document
from .resolve import Resolver


@dataclass
class BuildResult:
    corpus: Corpus
    rejected: list[Rejected] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


def extract_documents(docs: list[Document], rejected: list[Rejected]) -> list[ArticleMentions]:
    from . import nlp

    ex = default_extractor()
    parsed = nlp.parse_many([(d.text, d.lang) for d in docs])
    out = []
    for d, p in zip(docs, parsed):
        try:
            out.append(ex.extract(d, p))
        except Exception as exc:  # one article's failure must not sink the build
            rejected.append(Rejected(d.path or d.id, f"extraction failed: {type(exc).__name__}: {exc}"))
    return out


def run(paths, manifest=None) -> BuildResult:
    t0 = time.perf_counter()
    warnings: list[str] = []
    docs, rejected = [], []
    for item in iter_documents(paths, manifest, warnings):
        (docs if isinstance(item, Document) else rejected).append(item)
    t1 = time.perf_counter()
    mentions = extract_documents(docs, rejected)
    t2 = time.perf_counter()
    ex = default_extractor()
    corpus = Resolver(ex.gaz).resolve(mentions)
    t3 = time.perf_counter()
    for art in corpus.articles:
        warnings.extend(art.warnings)
    return BuildResult(corpus, rejected, warnings,
                       {"read": t1 - t0, "extract": t2 - t1, "resolve": t3 - t2})
