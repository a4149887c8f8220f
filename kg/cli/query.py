"""``kg query``, ``kg sparql``, ``kg explain`` and ``kg timeline``: questions to the graph.

In: a query name and ``--param KEY=VALUE`` values, SPARQL text, an entity, or timeline filters,
and the store (or endpoint). Out: the answer of :class:`kg.api.KnowledgeGraph` as text (a table,
CSV, TSV, JSON or Markdown for rows).
"""
from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

import click

from kg.cli.common import open_graph, store_option
from kg.errors import ArgumentError, KgError, QueryError

QUERY_HINT = "kg query --list shows the queries and their parameters"


def parse_params(items) -> dict[str, str]:
    """``KEY=VALUE`` strings -> ``{KEY: VALUE}``; an :class:`ArgumentError` for any other."""
    params = {}
    for p in items:
        if "=" not in p:
            raise ArgumentError(f"--param {p!r} is not KEY=VALUE")
        k, v = p.split("=", 1)
        params[k.strip()] = v
    return params


def list_lines(specs) -> list[str]:
    """One line per library query: number, name, summary and parameters."""
    lines = []
    for spec in specs:
        params = ", ".join(p.name for p in spec.params)
        lines.append(f"{spec.number:>3}  {spec.name:<28} {spec.summary}"
                     + (f"  [params: {params}]" if params else ""))
    return lines


def result_options(fn):
    """The options every command printing query results shares: format, width, no-truncate."""
    fn = click.option("--no-truncate", is_flag=True, help="Never cut table cells.")(fn)
    fn = click.option("--width", type=click.IntRange(min=8), default=60, show_default=True,
                      help="Cut table cells longer than this many characters (with …).")(fn)
    return click.option("--format", "fmt",
                        type=click.Choice(["table", "csv", "tsv", "json", "markdown"]),
                        default="table", show_default=True)(fn)


@click.command()
@click.argument("name", required=False)
@click.option("--list", "list_", is_flag=True, help="List the queries of the library.")
@click.option("--param", "-p", multiple=True, metavar="KEY=VALUE", help="A query parameter.")
@result_options
@store_option
@click.option("--endpoint", default=None, metavar="URL",
              help="Run against this SPARQL endpoint instead of the store (credentials from "
                   "KG_ENDPOINT_USER/KG_ENDPOINT_PASSWORD).")
def query(name, list_, param, fmt, width, no_truncate, store, endpoint):
    """Run a named query from the library (queries/*.rq).

    Example: kg query communications --format table
    """
    from kg.api import library

    if list_ or not name:
        for line in list_lines(library().list()):
            click.echo(line)
        return
    params = parse_params(param)
    graph = open_graph(store, endpoint)
    try:
        rows = graph.query(name, params)
    except (QueryError, KeyError) as exc:
        raise KgError(str(exc).strip("'\""), QUERY_HINT) from exc
    click.echo(rows.format(fmt, max_width=0 if no_truncate else width))


@click.command()
@click.argument("source")
@result_options
@store_option
@click.option("--endpoint", default=None, metavar="URL",
              help="Run against this SPARQL endpoint instead of the store.")
def sparql(source, fmt, width, no_truncate, store, endpoint):
    """Run a SPARQL query from a file, or from standard input with '-'.

    Example: echo 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' | kg sparql -
    """
    text = sys.stdin.read() if source == "-" else read_query_file(Path(source))
    rows = open_graph(store, endpoint).sparql(text)
    click.echo(rows.format(fmt, max_width=0 if no_truncate else width))


def read_query_file(path: Path) -> str:
    """The text of a query file; an :class:`ArgumentError` if it is missing, a folder or not
    UTF-8 text."""
    if not path.exists():
        raise ArgumentError(f"no query file {str(path)!r}",
                            "give a .rq file, or '-' to read the query from standard input")
    if path.is_dir():
        raise ArgumentError(f"{str(path)!r} is a folder, not a query file",
                            "give a .rq file; the library's queries run with kg query NAME")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise ArgumentError(f"{str(path)!r} is not a text file of SPARQL (not UTF-8 at byte "
                            f"{e.start})") from None
    except OSError as e:
        raise ArgumentError(f"cannot read {str(path)!r}: {e.strerror}") from None
    if "\x00" in text:
        raise ArgumentError(f"{str(path)!r} is not a text file of SPARQL (it holds NUL bytes)")
    return text


@click.command()
@click.argument("entity")
@store_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def explain(entity, store, fmt):
    """Show an entity's names, types and mentions, and the rule behind every merge.

    Example: kg explain "SRE"
    """
    ex = open_graph(store).explain(entity)
    click.echo(json.dumps(asdict(ex), ensure_ascii=False, indent=1) if fmt == "json" else ex.text())


@click.command("timeline")
@click.option("--actor", default=None, help="Only this actor's events (IRI, name or alias).")
@click.option("--since", default=None, metavar="DATE", help="YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--until", default=None, metavar="DATE",
              help="YYYY, YYYY-MM or YYYY-MM-DD (a year or month up to its last day).")
@click.option("--dated-only", is_flag=True, help="Leave out events without a date.")
@store_option
def timeline_cmd(actor, since, until, dated_only, store):
    """Print the events in date order, with participants and the articles that report them
    (and the date each gives, where they disagree).

    Example: kg timeline --actor "Mexico"
    """
    entries = open_graph(store).timeline(actor, since, until, include_undated=not dated_only)
    for e in entries:
        click.echo(e.line())
    if not entries:
        click.echo("no events", err=True)
