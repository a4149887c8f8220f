"""Outputs, the build's last step: the store -> exports, ``facts.json`` and the graph page.

In: the store as the build left it and the ``facts.json`` lines recorded in the build cache.
Out: in the output folder, ``graph.{ttl,nt,nq,trig,jsonld}``, ``facts.json`` (a JSON array with
one article per line, in corpus order, so that one article is one diff hunk) and ``graph.html``,
replaced together (:class:`kg.fileio.FileSet`): a failure leaves all of them as they were;
returns a line per file written for the build's report.
"""
from __future__ import annotations

from pathlib import Path

from kg.fileio import FileSet, atomic_write
from kg.graph.iris import IRIs
from kg.store.cache import BuildCache
from kg.store.embedded import Store
from kg.store.exports import EXPORT_FORMATS


def write_facts(f, cache: BuildCache, iris: IRIs, ids: list[str]) -> None:
    """``facts.json`` from the recorded lines of the articles ``ids`` (one JSON object per
    article, made by json's C encoder)."""
    if not ids:
        f.write(b"[]\n")
        return
    f.write(b"[\n")
    for start in range(0, len(ids), 500):
        lines = cache.facts_lines([str(iris.article_graph(i)) for i in ids[start:start + 500]])
        f.write((",\n" if start else "").encode() + ",\n".join(lines).encode("utf-8"))
    f.write(b"\n]\n")


def write_outputs(store: Store, cache: BuildCache, iris: IRIs, ids: list[str], out_dir,
                  html: bool, exports: bool) -> list[str]:
    """The exports (if ``exports``), ``facts.json`` and the page (if ``html``) in ``out_dir``."""
    out = Path(out_dir)
    written = []
    with FileSet() as files:  # all replaced at the end, or none
        if exports:
            for fmt in EXPORT_FORMATS:
                written.append(str(files.write(out / f"graph.{fmt}",
                                               lambda p, fmt=fmt: store.export(fmt, p))))
        files.write(out / "facts.json",
                    lambda p: atomic_write(p, lambda f: write_facts(f, cache, iris, ids)))
        written.append(str(out / "facts.json"))
        if html:
            from kg.views.network import build_network
            from kg.views.pages import write_html

            G = build_network(store, "full")
            written.append(f"{files.write(out / 'graph.html', lambda p: write_html(G, p))} "
                           f"({G.number_of_nodes()} nodes, {G.number_of_edges()} edges)")
    return written
