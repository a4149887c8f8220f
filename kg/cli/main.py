"""The ``kg`` command: each command parses its options, makes one call into the library and
formats the result. Library errors become ``click.ClickException`` with a hint.

Exit codes: 0 success; 1 the build finished but some articles were rejected (each is listed with
the reason); 2 usage error or fatal error (bad data file, unreadable store); 3 the graph was
written but does not conform to the SHACL shapes (violations are listed).
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click

from kg import __version__
DEFAULT_STORE = "out/store"


class KgError(click.ClickException):
    exit_code = 2


def _fail(msg: str, hint: str | None = None):
    raise KgError(msg + (f"\nHint: {hint}" if hint else ""))


def _open_store(store: str, read_only: bool = True):
    from kg.store.embedded import Store

    if not Path(store).exists():
        _fail(f"no store at {store}", "build one first: kg build seeds/ --store " + store)
    try:
        return Store(store, read_only=read_only)
    except OSError as exc:
        _fail(f"cannot open the store at {store}: {exc}",
              "another kg process may be writing it; wait for it to finish")


def _open_endpoint(url: str, credentials: str | None = None, **kw):
    """A remote SPARQL endpoint as a query engine; errors never show credentials."""
    from kg.store.remote import Credentials, Endpoint, EndpointError

    try:
        creds = Credentials.from_file(credentials) if credentials else Credentials.from_env()
        return Endpoint(url, credentials=creds, **kw)
    except EndpointError as exc:
        _fail(str(exc))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main():
    """Knowledge graph of actors, posts and events in security-diplomacy news.

    \b
    Typical session:
      kg build seeds/                 # extract, resolve, write out/store, exports, HTML
      kg query --list                 # the query library
      kg query communications         # who spoke with whom, when, per which source
      kg html --out out/graph.html    # interactive relationship graph
    """


# ---------------------------------------------------------------------------- build
@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--manifest", type=click.Path(exists=True, dir_okay=False),
              help="CSV with file,lang,published,outlet[,url]; default: manifest.csv in the folder.")
@click.option("--store", default=DEFAULT_STORE, show_default=True, help="Embedded store folder.")
@click.option("--out", "out_dir", default="out", show_default=True,
              help="Folder for exports (graph.ttl, .nq, .trig, .jsonld), facts.json and graph.html.")
@click.option("--base", default=None, help="Base IRI of the data (default $KG_BASE_IRI or "
              "https://w3id.org/secdip/id/).")
@click.option("--no-html", is_flag=True, help="Do not write graph.html.")
@click.option("--no-exports", is_flag=True, help="Do not write export files.")
@click.option("--workers", "-j", type=click.IntRange(min=1), default=None,
              help="Extraction processes (default: one per core).")
@click.option("--scheduler", default=None, metavar="ADDR",
              help="Run extraction and graph serialisation on a Dask cluster: tcp://HOST:PORT of "
                   "its scheduler, or 'local' for a LocalCluster on this machine.")
@click.option("--shards", "shards_dir", type=click.Path(file_okay=False), default=None,
              help="With --scheduler: a folder shared by the workers and this machine where the "
                   "workers write the N-Quads shards (kept; loadable into a server store).")
@click.option("--batch-size", type=click.IntRange(min=1), default=None,
              help="Articles per extraction batch (default 64).")
@click.option("--no-validate", is_flag=True, help="Skip the SHACL check of the graphs written.")
@click.option("--full", is_flag=True, help="Rewrite every named graph, even unchanged ones.")
@click.option("--quiet", "-q", is_flag=True, help="Print only problems (no progress bar, no summary).")
def build(paths, manifest, store, out_dir, base, no_html, no_exports, workers, scheduler,
          shards_dir, batch_size, no_validate, full, quiet):
    """Build the graph from article files, folders or JSON Lines into the store, incrementally.

    Example: kg build seeds/ --store out/store --out out

    \b
    More examples:
      kg build corpus.jsonl --workers 2 --no-html --no-exports
      cat new.jsonl | kg build - old.jsonl --store out/store -q
      kg build corpus.jsonl --scheduler tcp://10.0.0.5:8786

    PATHS: folders (searched for *.txt, with manifest.csv), .txt files, .jsonl files (one JSON
    object per line: id, text, lang, published, outlet, url), '-' for JSON Lines on stdin, or
    @LIST, a file naming one path per line. The store ends up holding exactly these articles'
    named graphs (plus the gazetteer and ontology graphs); an article that is rejected this time
    keeps the graph it had. Only new or edited articles are parsed again (the cache lives in
    STORE/kg-build/), and only named graphs whose content changed are rewritten, each batch in one
    transaction: a build killed at any point leaves whole articles, and the next run completes it.
    """
    from kg.build.run import build_all
    from kg.data import DataFileError

    t0 = time.perf_counter()
    bar = None
    if not quiet and sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(unit=" articles", desc="extracting", file=sys.stderr, dynamic_ncols=True)

    def progress(done: int, tokens: int) -> None:
        bar.update(done - bar.n)
        bar.set_postfix_str(f"{tokens / max(bar.format_dict['elapsed'], 1e-9):,.0f} tokens/s",
                            refresh=False)

    try:
        report = build_all(paths, manifest=manifest, store_dir=store, out_dir=out_dir, base=base,
                           html=not no_html, exports=not no_exports, workers=workers,
                           scheduler=scheduler, batch_size=batch_size, check=not no_validate,
                           force=full, shards_dir=shards_dir,
                           progress=progress if bar is not None else None)
    except DataFileError as exc:
        _fail(str(exc), "fix the data file; the build did not start and the store is unchanged")
    except OSError as exc:
        _fail(f"cannot open or write the store at {store}: {exc}",
              "another kg process may be using it; wait for it to finish")
    except ImportError as exc:
        _fail(str(exc), "install the optional dependency named above")
    except ValueError as exc:
        _fail(str(exc))
    finally:
        if bar is not None:
            bar.close()
    for w in report.warnings:
        click.echo(f"warning: {w}", err=True)
    for r in report.rejected:
        click.echo(f"rejected: {r}", err=True)
    if not quiet:
        click.echo(report.summary(time.perf_counter() - t0))
    if report.validation is not None and not report.validation.conforms:
        click.echo(report.validation.summary(), err=True)
        sys.exit(3)
    if report.rejected:
        sys.exit(1)


# ---------------------------------------------------------------------------- facts / eval
@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--manifest", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl"]), default="json",
              show_default=True)
def facts(paths, manifest, fmt):
    """Print the extracted entities, roles, affiliations and events per article, in the gold
    annotation format (docs/FACTS_FORMAT.md).

    Example: kg facts seeds/ --format json > facts.json
    """
    from kg.eval.facts import article_facts
    from kg.build.extraction import run

    result = run(paths, manifest)
    for r in result.rejected:
        click.echo(f"rejected: {r}", err=True)
    data = article_facts(result.corpus)
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
    else:
        for rec in data:
            click.echo(json.dumps(rec, ensure_ascii=False))
    if result.rejected:
        sys.exit(1)


@main.command("eval")
@click.argument("gold_dirs", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False))
@click.option("--docs", "docs", required=True, multiple=True, type=click.Path(exists=True),
              help="Folder (or files) of the articles the gold files describe; repeatable.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@click.option("--errors", is_flag=True, help="Also list false positives and negatives.")
@click.option("--summary", is_flag=True, help="Only the overall lines, not one per article.")
def eval_cmd(gold_dirs, docs, fmt, errors, summary):
    """Score extraction against gold annotations: precision, recall and F1 for entities, roles,
    affiliations and events, per article, overall and per language; events per type, the
    participants of matched events and the date accuracy.

    Several gold folders score together, e.g. the seeds and the development set:

    Example: kg eval ../shared/gold ../shared/devset --docs seeds/ --docs ../shared/devset
    """
    from kg.eval.score import evaluate, load_gold
    from kg.eval.facts import article_facts
    from kg.build.extraction import run

    gold: dict = {}
    try:
        for gold_dir in gold_dirs:
            gold.update(load_gold(Path(gold_dir)))
    except (FileNotFoundError, ValueError) as exc:
        _fail(str(exc))
    result = run(list(docs))
    scores = evaluate(gold, article_facts(result.corpus))
    if fmt == "json":
        out = scores.to_dict()
        if errors:
            out["errors"] = scores.errors
        click.echo(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        click.echo(scores.table(per_article=not summary))
        if errors:
            for doc, kinds in scores.errors.items():
                for kind, lists in kinds.items():
                    for which, items in lists.items():
                        for item in items:
                            click.echo(f"{doc}\t{kind}\t{which}\t{item}")
    if scores.missing:
        click.echo(f"warning: no prediction for {', '.join(scores.missing)}", err=True)


# ---------------------------------------------------------------------------- queries
@main.command()
@click.argument("name", required=False)
@click.option("--list", "list_", is_flag=True, help="List the queries of the library.")
@click.option("--param", "-p", multiple=True, metavar="KEY=VALUE", help="A query parameter.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "markdown"]),
              default="table", show_default=True)
@click.option("--store", default=DEFAULT_STORE, show_default=True)
@click.option("--endpoint", default=None, metavar="URL",
              help="Run against this SPARQL endpoint instead of the store (credentials from "
                   "KG_ENDPOINT_USER/KG_ENDPOINT_PASSWORD).")
def query(name, list_, param, fmt, store, endpoint):
    """Run a named query from the library (queries/*.rq).

    Example: kg query communications --format table
    """
    from kg import api
    from kg.store.embedded import QueryError

    lib = api.library()
    if list_ or not name:
        for spec in lib.list():
            params = ", ".join(p.name for p in spec.params)
            click.echo(f"{spec.number:>3}  {spec.name:<28} {spec.summary}"
                       + (f"  [params: {params}]" if params else ""))
        return
    params = {}
    for p in param:
        if "=" not in p:
            _fail(f"--param {p!r} is not KEY=VALUE")
        k, v = p.split("=", 1)
        params[k.strip()] = v
    st = _open_endpoint(endpoint) if endpoint else _open_store(store)
    try:
        rows = api.query(name, st, params)
    except (QueryError, KeyError) as exc:
        _fail(str(exc).strip("'\""), "kg query --list shows the queries and their parameters")
    click.echo(rows.format(fmt))


@main.command()
@click.argument("source")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "markdown"]),
              default="table", show_default=True)
@click.option("--store", default=DEFAULT_STORE, show_default=True)
@click.option("--endpoint", default=None, metavar="URL",
              help="Run against this SPARQL endpoint instead of the store.")
def sparql(source, fmt, store, endpoint):
    """Run a SPARQL query from a file, or from standard input with '-'.

    Example: echo 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' | kg sparql -
    """
    from kg import api
    from kg.store.embedded import QueryError

    text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    st = _open_endpoint(endpoint) if endpoint else _open_store(store)
    try:
        rows = api.sparql(text, st)
    except QueryError as exc:
        _fail(str(exc))
    click.echo(rows.format(fmt))


# ---------------------------------------------------------------------------- export / html / stats
GRAPH_VIEWS = ["full", "actors", "events", "org", "ego"]


def _graph_options(f):
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


def _graph(store, view, focus, depth, **filters):
    """Open the store and build the view after the filters; errors name the bad value."""
    from kg.views.network import Filters, project, read_full

    st = _open_store(store)
    try:
        flt = Filters(**{k: (tuple(v) if isinstance(v, tuple) else v) for k, v in filters.items()})
        return project(read_full(st), view, flt, focus=focus, depth=depth)
    except ValueError as exc:
        _fail(str(exc), "see kg html --help for the views and filters")


@main.command()
@click.option("--format", "fmt",
              type=click.Choice(["ttl", "nt", "nq", "trig", "jsonld", "graphml", "gexf"]),
              required=True)
@click.option("--out", "out_path", default=None, help="File to write (default out/graph.<fmt>).")
@click.option("--view", type=click.Choice(GRAPH_VIEWS), default="full", show_default=True,
              help="graphml / gexf: the network view to write.")
@_graph_options
@click.option("--store", default=DEFAULT_STORE, show_default=True)
def export(fmt, out_path, view, focus, depth, store, **filters):
    """Export the store to a file (written atomically). ttl and nt merge all named graphs; nq,
    trig and jsonld keep one graph per article. graphml and gexf write a network view (with the
    same filters as kg html) for Gephi, Cytoscape or yEd; list attributes become '; '-joined text.

    \b
    Example: kg export --format trig --out out/graph.trig
    Example: kg export --format gexf --view actors --since 2026-01 --out out/actors.gexf
    """
    if fmt in ("graphml", "gexf"):
        from kg.views.network import export_graph

        G = _graph(store, view, focus, depth, **filters)
        path = export_graph(G, out_path or f"out/graph.{fmt}", fmt)
        click.echo(f"wrote {path} ({G.number_of_nodes()} nodes, {G.number_of_edges()} edges)")
        return
    st = _open_store(store)
    path = st.export(fmt, out_path or f"out/graph.{fmt}")
    click.echo(f"wrote {path} ({st.count():,} quads)")


@main.command()
@click.option("--out", "out_path", default="out/graph.html", show_default=True)
@click.option("--view", type=click.Choice(GRAPH_VIEWS + ["timeline"]), default="full",
              show_default=True, help="A network view, or the timeline page.")
@_graph_options
@click.option("--size-by", type=click.Choice(["degree", "strength", "betweenness", "none"]),
              default="degree", show_default=True,
              help="What node size shows when the page opens (the page has a menu too).")
@click.option("--title", default=None)
@click.option("--store", default=DEFAULT_STORE, show_default=True)
def html(out_path, view, focus, depth, size_by, title, store, **filters):
    """Write the interactive relationship graph (or the timeline) as one self-contained HTML
    file that opens from disk and requests nothing from any host.

    \b
    Views: full (actors and events), actors (co-participation, weighted), events (bipartite
    actors-events), org (hierarchy and posts), ego (--focus NAME --depth N), timeline (events on
    a time axis by actor, with status).
    Example: kg html --view actors --out out/actors.html
    Example: kg html --view ego --focus "Ana Lopez" --depth 2 --since 2026-01 --out out/ego.html
    Example: kg html --view timeline --status planned --out out/timeline.html
    """
    from kg.views.pages import DEFAULT_TITLE, TIMELINE_TITLE, write_html, write_timeline

    if view == "timeline":
        G = _graph(store, "full", focus, depth, **filters)
        path = write_timeline(G, out_path, title or TIMELINE_TITLE)
        events = sum(1 for _, d in G.nodes(data=True) if d["kind"] == "event")
        click.echo(f"wrote {path} ({events} events)")
        return
    G = _graph(store, view, focus, depth, **filters)
    path = write_html(G, out_path, title or DEFAULT_TITLE, size_by=size_by)
    click.echo(f"wrote {path} ({G.number_of_nodes()} nodes, {G.number_of_edges()} edges)")


@main.command()
@click.option("--view", type=click.Choice(GRAPH_VIEWS), default="actors", show_default=True)
@click.option("--measure", type=click.Choice(["degree", "strength", "betweenness"]),
              default="degree", show_default=True, help="Rank by this measure.")
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True)
@click.option("--kind", type=click.Choice(["actor", "event"]), default=None,
              help="Only rank actors or only events.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True)
@_graph_options
@click.option("--store", default=DEFAULT_STORE, show_default=True)
def stats(view, measure, top, kind, fmt, focus, depth, store, **filters):
    """Rank the nodes of a network view by degree, strength (sum of link weights) or
    betweenness, with their Louvain community.

    \b
    Example: kg stats --measure betweenness --top 10
    Example: kg stats --view full --kind actor --since 2026-01 --format csv
    """
    from kg.views.analytics import format_rows, ranked

    G = _graph(store, view, focus, depth, **filters)
    click.echo(format_rows(ranked(G, measure, top, kind), fmt))


@main.command()
@click.option("--store", default=DEFAULT_STORE, show_default=True)
def validate(store):
    """Validate the store against the SHACL shapes (ontology/shapes.ttl). Exit 3 if it does not
    conform.

    Example: kg validate --store out/store
    """
    from kg.graph.shacl import validate as run_validate

    st = _open_store(store)
    report = run_validate(st.to_dataset())
    click.echo(report.summary())
    if not report.conforms:
        sys.exit(3)


@main.command("timeline")
@click.option("--actor", default=None, help="Only this actor's events (IRI, name or alias).")
@click.option("--since", default=None, metavar="YYYY-MM-DD")
@click.option("--until", default=None, metavar="YYYY-MM-DD")
@click.option("--dated-only", is_flag=True, help="Leave out events without a date.")
@click.option("--store", default=DEFAULT_STORE, show_default=True)
def timeline_cmd(actor, since, until, dated_only, store):
    """Print the events in date order, with participants and the articles that report them
    (and the date each gives, where they disagree).

    Example: kg timeline --actor "Ana Lopez"
    """
    from kg.store.embedded import QueryError
    from kg.views.timeline import timeline

    st = _open_store(store)
    try:
        entries = timeline(st, actor, since, until, include_undated=not dated_only)
    except QueryError as exc:
        _fail(str(exc))
    for e in entries:
        click.echo(e.line())
    if not entries:
        click.echo("no events", err=True)


@main.command()
@click.argument("entity")
@click.option("--store", default=DEFAULT_STORE, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def explain(entity, store, fmt):
    """Show an entity's names, types and mentions, and the rule behind every merge.

    Example: kg explain "Ana Lopez"
    """
    from dataclasses import asdict

    from kg.queries.explain import explain as run_explain
    from kg.store.embedded import QueryError

    st = _open_store(store)
    try:
        ex = run_explain(st, entity)
    except QueryError as exc:
        _fail(str(exc))
    click.echo(json.dumps(asdict(ex), ensure_ascii=False, indent=1) if fmt == "json" else ex.text())


@main.group()
def gazetteer():
    """Check or extend the gazetteer (kg/data/gazetteer.jsonl, format in kg/data/gazetteer_README.md).

    Example: kg gazetteer check
    """


@gazetteer.command("check")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False))
def gazetteer_check(files):
    """Validate gazetteer files (default: the built-in one); errors name the file and line.

    Example: kg gazetteer check my_entries.jsonl
    """
    from kg.data import DATA_DIR, DataFileError, check_file

    paths = [Path(f) for f in files] or [DATA_DIR / "gazetteer.jsonl"]
    for p in paths:
        try:
            entries = check_file(p)
        except DataFileError as exc:
            _fail(str(exc))
        click.echo(f"{p}: {len(entries)} entries, ok")


@gazetteer.command("add")
@click.option("--id", "gid", required=True, help="Lowercase slug, unique.")
@click.option("--type", "etype", required=True,
              type=click.Choice(["Person", "Country", "Ministry", "Agency", "CriminalOrganization",
                                 "InternationalOrganization", "Place", "Media"]))
@click.option("--label", "labels", multiple=True, required=True, metavar="LANG=NAME",
              help="Official name per language, e.g. --label es='Secretaría de Marina'.")
@click.option("--canonical", default=None, help="Canonical name (default: the first label).")
@click.option("--alias", "aliases", multiple=True, metavar="[LANG=]NAME", help="Other names.")
@click.option("--country", default=None, help="Id of the Country entry.")
@click.option("--parent", default=None, help="Id of the parent organisation.")
@click.option("--wikidata", default=None, help="A verified Wikidata Q-id (never a guess).")
@click.option("--file", "path", default=None, type=click.Path(dir_okay=False),
              help="Gazetteer file to extend (default: the built-in one).")
def gazetteer_add(gid, etype, labels, canonical, aliases, country, parent, wikidata, path):
    """Add one entry; it is validated together with the whole file before anything is written.

    Example: kg gazetteer add --id mx-cni --type Agency --label es="Centro Nacional de Inteligencia" --alias CNI --country mexico
    """
    from kg.data import DATA_DIR, DataFileError, add_entry

    def pairs(items, default_lang):
        out: dict[str, list[str]] = {}
        for item in items:
            lang, _, name = item.partition("=") if "=" in item else (default_lang, "", item)
            out.setdefault(lang.strip() or default_lang, []).append(name.strip())
        return out

    label_map = {k: v[0] for k, v in pairs(labels, "en").items()}
    entry = {"id": gid, "type": etype, "canonical": canonical or next(iter(label_map.values())),
             "label": label_map, "aliases": pairs(aliases, "any"), "country": country,
             "parent": parent}
    if wikidata:
        entry["wikidata"] = wikidata
    target = Path(path) if path else DATA_DIR / "gazetteer.jsonl"
    try:
        n = add_entry(target, entry)
    except DataFileError as exc:
        _fail(str(exc), "nothing was written")
    click.echo(f"added {gid} to {target} ({n} entries)")



# ---------------------------------------------------------------------------- triple stores
@main.command()
@click.option("--store", default=DEFAULT_STORE, show_default=True)
@click.option("--port", default=7878, show_default=True, type=int)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback needs --allow-remote.")
@click.option("--allow-remote", is_flag=True,
              help="Allow a non-loopback --host (the endpoint has no authentication).")
@click.option("--writable", is_flag=True,
              help="Accept SPARQL Update and Graph Store writes (default: read-only).")
@click.option("--timeout", "timeout_s", default=60, show_default=True, type=click.IntRange(1),
              help="Seconds after which a query is stopped.")
def serve(store, port, host, allow_remote, writable, timeout_s):
    """Serve the store as a SPARQL 1.1 endpoint (Oxigraph server) for YASGUI, Protégé or any
    SPARQL client. Queries see the union of all named graphs as the default graph.

    Example: kg serve --port 7878   # then http://127.0.0.1:7878/query
    """
    from kg.store.serve import ServeError, exec_server, is_loopback, server_command

    try:
        argv = server_command(store, host, port, writable=writable, allow_remote=allow_remote,
                              timeout_s=timeout_s)
    except ServeError as exc:
        _fail(str(exc))
    if not is_loopback(host):
        click.echo(f"warning: listening on {host}: any machine that can reach port {port} can "
                   "query the graph" + (" and change it" if writable else ""), err=True)
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}"
    click.echo(f"serving {store} {'read-write' if writable else 'read-only'}: SPARQL queries at "
               f"{url}/query" + (f", updates at {url}/update, graph store at {url}/store"
                                 if writable else "") + f", query editor at {url}/", err=True)
    if not writable:
        click.echo("do not run kg build on this store while it is served; stop with Ctrl-C",
                   err=True)
    exec_server(argv)


@main.command()
@click.option("--endpoint", required=True, metavar="URL",
              help="SPARQL endpoint for queries, and updates unless --update-endpoint is given "
                   "(a URL ending in /query sends updates to the sibling /update).")
@click.option("--update-endpoint", default=None, metavar="URL", help="SPARQL Update endpoint.")
@click.option("--graph-store", default=None, metavar="URL",
              help="SPARQL 1.1 Graph Store Protocol endpoint; used for the data when given.")
@click.option("--store", default=DEFAULT_STORE, show_default=True)
@click.option("--chunk-size", default=50_000, show_default=True, type=click.IntRange(1),
              help="Triples per request; bigger graphs go through a temporary graph and MOVE.")
@click.option("--credentials", default=None, type=click.Path(exists=True, dir_okay=False),
              help="File with user=... and password=... lines (default: KG_ENDPOINT_USER and "
                   "KG_ENDPOINT_PASSWORD from the environment).")
@click.option("--state", "state_path", default=None, type=click.Path(dir_okay=False),
              help="Load state file for resuming (default: load-state.json beside the store).")
@click.option("--force", is_flag=True, help="Reload every graph, even those already loaded.")
@click.option("--timeout", default=60.0, show_default=True, type=click.FloatRange(0.1),
              help="Seconds to wait for each answer.")
@click.option("--retries", default=4, show_default=True, type=click.IntRange(0),
              help="Retries (exponential backoff) on connection errors, timeouts and 5xx.")
def load(endpoint, update_endpoint, graph_store, store, chunk_size, credentials, state_path,
         force, timeout, retries):
    """Push the store to a SPARQL 1.1 triple store, one named graph per article, each graph
    replaced in one step (never duplicated, never left half-replaced), with a report of what was
    loaded. A re-run skips graphs already loaded unchanged, so it resumes after a failure.

    Example: kg load --endpoint http://127.0.0.1:7878/query --graph-store http://127.0.0.1:7878/store
    """
    st = _open_store(store)
    ep = _open_endpoint(endpoint, credentials, update_url=update_endpoint,
                        graph_store_url=graph_store, timeout=timeout, retries=retries,
                        log=lambda msg: click.echo(msg, err=True))
    state = state_path or str(Path(store).resolve().parent / "load-state.json")
    report = ep.load_store(st, chunk_size=chunk_size, state_path=state, force=force)
    click.echo(report.summary())
    if any("HTTP 401" in g.error or "HTTP 403" in g.error for g in report.failed):
        sys.exit(2)
    if not report.ok:
        sys.exit(1)
