"""``kg build``: the pipeline run end to end into the store, the exports, the facts and the page.

In: article paths and options. Out: a :class:`BuildReport`; on disk, the embedded store (one
named graph per article, the gazetteer graph, the ontology graph), ``graph.{ttl,nt,nq,trig,jsonld}``,
``facts.json`` and ``graph.html`` in the output folder, each written atomically.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .documents import Rejected, safe_doc_id
from .facts import article_facts
from .pipeline import run
from .rdf import IRIs, corpus_to_dataset
from .store import EXPORT_FORMATS, Store, atomic_write
from .validate import ValidationReport, ontology_dir, validate


@dataclass
class BuildReport:
    articles: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    entities: Counter = field(default_factory=Counter)
    events: Counter = field(default_factory=Counter)
    roles: int = 0
    affiliations: int = 0
    triples: int = 0
    graphs: int = 0
    outputs: list[str] = field(default_factory=list)
    validation: ValidationReport | None = None

    def summary(self, seconds: float) -> str:
        def counts(c: Counter) -> str:
            return ", ".join(f"{k} {v}" for k, v in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))) or "none"

        lines = [
            f"articles: {self.articles} built, {len(self.rejected)} rejected",
            f"entities: {sum(self.entities.values())} ({counts(self.entities)})",
            f"events: {sum(self.events.values())} ({counts(self.events)})",
            f"posts held: {self.roles}; part-of relations stated in text: {self.affiliations}",
            f"triples: {self.triples:,} in {self.graphs} named graphs",
        ]
        if self.validation is not None:
            lines.append("SHACL: " + ("conforms" if self.validation.conforms else
                                      f"{len(self.validation.violations)} violations"))
        lines += [f"wrote {o}" for o in self.outputs]
        lines.append(f"time: {seconds:.1f} s")
        return "\n".join(lines)


def build_all(paths, manifest=None, store_dir="out/store", out_dir="out", base=None,
              html=True, exports=True) -> BuildReport:
    result = run(paths, manifest)
    corpus = result.corpus
    report = BuildReport(articles=len(corpus.articles), rejected=result.rejected,
                         warnings=result.warnings)
    # everything the user sees counts distinct entities/events, not mentions
    seen_entities = {k for art in corpus.articles for k in art.entities}
    report.entities = Counter(corpus.entities[k].type for k in seen_entities)
    report.events = Counter({})
    for ev_key, ev_type in {(ev.key, ev.type) for art in corpus.articles for ev in art.events}:
        report.events[ev_type] += 1
    report.roles = sum(len(a.roles) for a in corpus.articles)
    report.affiliations = sum(len(a.affiliations) for a in corpus.articles)

    ds = corpus_to_dataset(corpus, base)
    report.validation = validate(ds)

    iris = IRIs(base)
    Path(store_dir).mkdir(parents=True, exist_ok=True)
    store = Store(store_dir, base=base)
    store.load_ontology(ontology_dir() / "kg.ttl")
    written = store.replace_dataset(ds)
    keep = set(written) | {str(iris.ontology_graph())}
    keep |= {str(iris.article_graph(safe_doc_id(Path(r.path).stem))) for r in result.rejected}
    for g in store.graphs():
        if g not in keep:
            store.remove_graph(g)
    report.graphs = len(store.graphs())
    report.triples = store.count()
    report.outputs.append(f"{store_dir} (embedded Oxigraph store)")

    out = Path(out_dir)
    if exports:
        for fmt in EXPORT_FORMATS:
            report.outputs.append(str(store.export(fmt, out / f"graph.{fmt}")))
    facts = article_facts(corpus)
    atomic_write(out / "facts.json",
                 lambda f: f.write(json.dumps(facts, ensure_ascii=False, indent=1).encode("utf-8")))
    report.outputs.append(str(out / "facts.json"))
    if html:
        from .html import write_html
        from .network import build_network

        G = build_network(store, "full")
        report.outputs.append(f"{write_html(G, out / 'graph.html')} "
                              f"({G.number_of_nodes()} nodes, {G.number_of_edges()} edges)")
    return report
