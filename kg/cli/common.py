"""What the ``kg`` commands share: the default store, the ``--store`` option, the network view
and filter options, opening the graph, and attaching a hint to a library error.

In: option values. Out: click decorators, a :class:`kg.api.KnowledgeGraph`, and
:class:`kg.errors.KgError` s carrying the hint a command gives for them.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click

DEFAULT_STORE = "out/store"
GRAPH_VIEWS = ["full", "actors", "events", "org", "ego"]
VIEW_HINT = "see kg html --help for the views and filters"


def store_option(f):
    """``--store DIR``, the store folder a command reads."""
    return click.option("--store", default=DEFAULT_STORE, show_default=True)(f)


def graph_options(f):
    """The view and filter options shared by kg html, kg stats and kg export --format graphml."""
    options = [
        click.option("--focus", default=None, metavar="NAME",
                     help="Centre of the ego view: IRI, exact name or a unique part of one."),
        click.option("--depth", type=click.IntRange(min=0), default=1, show_default=True,
                     help="Links from the focus in the ego view."),
        click.option("--since", default=None, metavar="DATE",
                     help="Events dated on or after (YYYY, YYYY-MM or YYYY-MM-DD)."),
        click.option("--until", default=None, metavar="DATE", help="Events dated on or before."),
        click.option("--event-type", "event_types", multiple=True, metavar="TYPE",
                     help="Only events of this type (repeatable), e.g. Meeting."),
        click.option("--status", "statuses", multiple=True, metavar="STATUS",
                     help="Only events with this status (repeatable), e.g. planned."),
        click.option("--actor-type", "actor_types", multiple=True, metavar="TYPE",
                     help="Only actors of this type (repeatable), e.g. Person."),
        click.option("--country", "countries", multiple=True, metavar="NAME",
                     help="Only actors of this country (repeatable)."),
        click.option("--source", "sources", multiple=True, metavar="ARTICLE_ID",
                     help="Only what these articles report (repeatable)."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def open_graph(store: str, endpoint: str | None = None):
    """The :class:`kg.api.KnowledgeGraph` of the store folder, or of ``endpoint`` when given."""
    from kg.api import KnowledgeGraph

    return KnowledgeGraph.remote(endpoint) if endpoint else KnowledgeGraph(store)


@contextmanager
def hint(error: type, text: str) -> Iterator[None]:
    """Give ``text`` as the hint of an ``error`` (a KgError class) raised in the block, unless it
    has one: what to do about it depends on the command."""
    try:
        yield
    except error as exc:
        raise exc.with_hint(text)
