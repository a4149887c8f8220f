"""``kg validate``, ``kg serve`` and ``kg load``: the store checked, served and pushed.

In: the store folder, and a host and port to serve on or an endpoint to load into. Out: the
SHACL report (exit 3 if the graph does not conform), the endpoint served until Ctrl-C
(:mod:`kg.store.serve`: the Oxigraph server behind a checking front), or the load report (exit 1 if a graph failed, 2 if the load
stopped: the endpoint did not answer or is not a SPARQL endpoint, or refused the credentials).
"""
from __future__ import annotations

import sys

import click

from kg.cli.common import open_graph, store_option
from kg.errors import ExitCode


def on_terminal() -> bool:
    """Whether the progress (standard error) and the report (standard output) both show on a
    terminal, where listing every graph in the report would repeat the progress lines."""
    return sys.stderr.isatty() and sys.stdout.isatty()


@click.command()
@store_option
def validate(store):
    """Validate the store against the SHACL shapes (ontology/shapes.ttl). Exit 3 if it does not
    conform.

    Example: kg validate --store out/store
    """
    report = open_graph(store).validate()
    click.echo(report.summary())
    if not report.conforms:
        sys.exit(ExitCode.INVALID)


@click.command()
@store_option
@click.option("--port", default=7878, show_default=True, type=int)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback needs --allow-remote.")
@click.option("--allow-remote", is_flag=True,
              help="Allow a non-loopback --host (the endpoint has no authentication).")
@click.option("--writable", is_flag=True,
              help="Accept SPARQL Update and Graph Store writes (default: read-only), from "
                   "programs and from this server's own pages or the --cors origins.")
@click.option("--cors", "cors", multiple=True, metavar="ORIGIN",
              help="Let web pages at ORIGIN (scheme://host[:port], e.g. http://localhost:3000) "
                   "query the endpoint, and write with --writable; repeatable. Default: none.")
@click.option("--allow-service", is_flag=True,
              help="Run SERVICE in queries (and LOAD in updates), which make the server fetch "
                   "other URLs; refused by default.")
@click.option("--timeout", "timeout_s", default=60, show_default=True, type=click.IntRange(1),
              help="Seconds after which a query is stopped.")
def serve(store, port, host, allow_remote, writable, cors, allow_service, timeout_s):
    """Serve the store as a SPARQL 1.1 endpoint (Oxigraph server) for YASGUI, Protégé or any
    SPARQL client. Queries see the union of all named graphs as the default graph.

    \b
    Example: kg serve --port 7878   # then http://127.0.0.1:7878/query
    Example: kg serve --cors http://localhost:3000   # a web app there may query it
    Example: kg serve --writable    # kg load --endpoint http://127.0.0.1:7878 can write

    Web pages cannot change a --writable store (only programs, this server's own query editor
    and the --cors origins can), and no query can make the server request another URL unless
    --allow-service is given.
    """
    from kg.store import serve as serving

    opts = serving.check_options(store, host, port, writable=writable, allow_remote=allow_remote,
                                 timeout_s=timeout_s, cors=cors, allow_service=allow_service)
    if not serving.is_loopback(host):
        click.echo(f"warning: listening on {host}: any machine that can reach port {port} can "
                   "query the graph" + (" and change it" if writable else ""), err=True)
    if "*" in opts.cors:
        click.echo("warning: --cors '*': every web page the user opens can read the graph",
                   err=True)
    url = opts.url

    def announce():
        click.echo(f"serving {store} {'read-write' if writable else 'read-only'}: SPARQL queries "
                   f"at {url}/query" + (f", updates at {url}/update, graph store at {url}/store"
                                        if writable else "") + f", query editor at {url}/",
                   err=True)
        click.echo("web pages from other origins: " + (
            ", ".join(opts.cors) + " (--cors)" if opts.cors else "none (--cors ORIGIN allows "
            "one)") + "; SERVICE and LOAD: " + ("allowed" if allow_service else
                                                "refused (--allow-service)"), err=True)
        if not writable:
            click.echo("do not run kg build on this store while it is served; stop with Ctrl-C",
                       err=True)

    sys.exit(serving.run(opts, announce, say=lambda msg: click.echo(msg, err=True)))


@click.command()
@click.option("--endpoint", required=True, metavar="URL",
              help="SPARQL endpoint for queries, and updates unless --update-endpoint is given "
                   "(a URL ending in /query sends updates to the sibling /update), or the base "
                   "address of an Oxigraph server (http://HOST:PORT) or a Fuseki dataset URL.")
@click.option("--update-endpoint", default=None, metavar="URL", help="SPARQL Update endpoint.")
@click.option("--graph-store", default=None, metavar="URL",
              help="SPARQL 1.1 Graph Store Protocol endpoint; used for the data when given.")
@store_option
@click.option("--chunk-size", default=50_000, show_default=True, type=click.IntRange(1),
              help="Triples per request; bigger graphs go through a temporary graph.")
@click.option("--credentials", default=None, type=click.Path(exists=True, dir_okay=False),
              help="File with user=... and password=... lines (default: KG_ENDPOINT_USER and "
                   "KG_ENDPOINT_PASSWORD from the environment).")
@click.option("--state", "state_path", default=None, type=click.Path(dir_okay=False),
              help="Load state file for resuming (default: load-state.json beside the store).")
@click.option("--force", is_flag=True, help="Reload every graph, even those already loaded.")
@click.option("--no-prune", is_flag=True,
              help="Keep article graphs on the server that the store no longer has (default: "
                   "remove them, so the server's articles match the store).")
@click.option("--timeout", default=60.0, show_default=True, type=click.FloatRange(0.1),
              help="Seconds to wait for each answer (the first check waits at most 10).")
@click.option("--retries", default=4, show_default=True, type=click.IntRange(0),
              help="Retries (exponential backoff) on connection errors, timeouts and 5xx; "
                   "3 requests in a row without an answer stop the load.")
def load(endpoint, update_endpoint, graph_store, store, chunk_size, credentials, state_path,
         force, no_prune, timeout, retries):
    """Push the store to a SPARQL 1.1 triple store, one named graph per article, each graph
    replaced in one step (never duplicated, never left half-replaced), and remove the article
    graphs the store no longer has, with a report of what was loaded and removed. A re-run skips
    graphs already loaded unchanged, so it resumes after a failure.

    \b
    Example: kg load --endpoint http://127.0.0.1:7878
    Example: kg load --endpoint http://127.0.0.1:7878/query --graph-store http://127.0.0.1:7878/store

    Exit codes: 0 all loaded; 1 some graphs failed (run the command again); 2 stopped (the
    endpoint did not answer or is not a SPARQL endpoint, or the credentials were refused).
    """
    from kg.api import open_endpoint

    graph = open_graph(store)
    target = open_endpoint(endpoint, credentials, update_url=update_endpoint,
                           graph_store_url=graph_store, timeout=timeout, retries=retries,
                           log=lambda msg: click.echo(msg, err=True))
    report = graph.load_into(target, chunk_size=chunk_size, state_path=state_path, force=force,
                             prune=not no_prune)
    # on a terminal the progress lines above already named each graph
    click.echo(report.summary(per_graph=not on_terminal()))
    if report.stopped or any("HTTP 401" in g.error or "HTTP 403" in g.error
                             for g in report.failed):
        sys.exit(ExitCode.ERROR)
    if not report.ok:
        sys.exit(ExitCode.INCOMPLETE)
