"""``kg export``, ``kg html`` and ``kg stats``: the graph as files, pages and rankings.

In: a format or a network view with its filters (:func:`kg.cli.common.graph_options`), and the
store. Out: the file written by :class:`kg.api.KnowledgeGraph` with what it holds, or the ranked
nodes as a table, CSV or JSON. A bad view or filter value gets a hint to ``kg html --help``.
"""
from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import click

from kg.cli.common import GRAPH_VIEWS, VIEW_HINT, graph_options, hint, open_graph, store_option
from kg.errors import ViewError


@click.command()
@click.option("--format", "fmt",
              type=click.Choice(["ttl", "nt", "nq", "trig", "jsonld", "graphml", "gexf"]),
              required=True)
@click.option("--out", "out_path", default=None,
              help="File to write (default out/graph.<fmt>); '-' for standard output.")
@click.option("--view", type=click.Choice(GRAPH_VIEWS), default="full", show_default=True,
              help="graphml / gexf: the network view to write.")
@graph_options
@store_option
def export(fmt, out_path, view, focus, depth, store, **filters):
    """Export the store to a file (written atomically). ttl and nt merge all named graphs; nq,
    trig and jsonld keep one graph per article. graphml and gexf write a network view (with the
    same filters as kg html) for Gephi, Cytoscape or yEd; list attributes become '; '-joined text.

    \b
    Example: kg export --format trig --out out/graph.trig
    Example: kg export --format gexf --view actors --since 2026-01 --out out/actors.gexf
    Example: kg export --format nq --out - | gzip > graph.nq.gz
    """
    graph = open_graph(store)
    if out_path == "-":  # written whole to a temporary file first: no half export on the pipe
        with tempfile.TemporaryDirectory(prefix="kg-export-") as tmp:
            part = Path(tmp) / f"graph.{fmt}"
            with hint(ViewError, VIEW_HINT):
                graph.export(fmt, part, view=view, focus=focus, depth=depth, **filters)
            sys.stdout.flush()
            with part.open("rb") as f:
                shutil.copyfileobj(f, sys.stdout.buffer)
            sys.stdout.buffer.flush()
        return
    with hint(ViewError, VIEW_HINT):
        written = graph.export(fmt, out_path, view=view, focus=focus, depth=depth, **filters)
    click.echo(written.summary())


@click.command()
@click.option("--out", "out_path", default="out/graph.html", show_default=True)
@click.option("--view", type=click.Choice(GRAPH_VIEWS + ["timeline"]), default="full",
              show_default=True, help="A network view, or the timeline page.")
@graph_options
@click.option("--size-by", type=click.Choice(["degree", "strength", "betweenness", "none"]),
              default="degree", show_default=True,
              help="What node size shows when the page opens (the page has a menu too).")
@click.option("--title", default=None)
@store_option
def html(out_path, view, focus, depth, size_by, title, store, **filters):
    """Write the interactive relationship graph (or the timeline) as one self-contained HTML
    file that opens from disk and requests nothing from any host.

    \b
    Views: full (actors and events), actors (co-participation, weighted), events (bipartite
    actors-events), org (hierarchy and posts), ego (--focus NAME --depth N), timeline (events on
    a time axis by actor, with status).
    Example: kg html --view actors --out out/actors.html
    Example: kg html --view ego --focus "Mexico" --depth 2 --since 2026-01 --out out/ego.html
    Example: kg html --view timeline --status planned --out out/timeline.html
    """
    graph = open_graph(store)
    with hint(ViewError, VIEW_HINT):
        written = graph.write_html(out_path, view, title=title, size_by=size_by, focus=focus,
                                   depth=depth, **filters)
    click.echo(written.summary())


@click.command()
@click.option("--view", type=click.Choice(GRAPH_VIEWS), default="actors", show_default=True)
@click.option("--measure", type=click.Choice(["degree", "strength", "betweenness"]),
              default="degree", show_default=True, help="Rank by this measure.")
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True)
@click.option("--kind", type=click.Choice(["actor", "event"]), default=None,
              help="Only rank actors or only events.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True)
@graph_options
@store_option
def stats(view, measure, top, kind, fmt, focus, depth, store, **filters):
    """Rank the nodes of a network view by degree, strength (sum of link weights) or
    betweenness, with their Louvain community.

    \b
    Example: kg stats --measure betweenness --top 10
    Example: kg stats --view full --kind actor --since 2026-01 --format csv
    """
    from kg.views.analytics import format_rows

    graph = open_graph(store)
    with hint(ViewError, VIEW_HINT):
        rows = graph.stats(view, measure, top, kind, focus=focus, depth=depth, **filters)
    click.echo(format_rows(rows, fmt))
