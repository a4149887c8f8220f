"""``kg build``: articles -> the store, the exports and the page, through :func:`kg.build.run.build_all`.

In: the command's options. Out: the build report's warnings, rejections and summary; the exit
code (:class:`kg.errors.ExitCode`): 1 if articles were rejected, 3 if the graph violates the shapes.
"""
from __future__ import annotations

import sqlite3
import sys
import time

import click

from kg.cli.common import DEFAULT_STORE
from kg.errors import DataFileError, ExitCode, KgError, NothingReadError, StoreError
from kg.ingest.documents import printable


class ProgressBar:
    """A progress bar on standard error: articles extracted and tokens per second."""

    def __init__(self):
        from tqdm import tqdm

        self.bar = tqdm(unit=" articles", desc="extracting", file=sys.stderr, dynamic_ncols=True)

    def __call__(self, done: int, tokens: int) -> None:
        self.bar.update(done - self.bar.n)
        self.bar.set_postfix_str(
            f"{tokens / max(self.bar.format_dict['elapsed'], 1e-9):,.0f} tokens/s", refresh=False)

    def close(self) -> None:
        self.bar.close()


@click.command()
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
@click.option("--prune", is_flag=True,
              help="Remove from the store the articles not given this time (refused when no "
                   "article could be read).")
@click.option("--quiet", "-q", is_flag=True, help="Print only problems (no progress bar, no summary).")
def build(paths, manifest, store, out_dir, base, no_html, no_exports, workers, scheduler,
          shards_dir, batch_size, no_validate, full, prune, quiet):
    """Build the graph from article files, folders or JSON Lines into the store, incrementally.

    Example: kg build seeds/ --store out/store --out out

    \b
    More examples:
      kg build corpus.jsonl --workers 2 --no-html --no-exports
      cat new.jsonl | kg build - old.jsonl --store out/store -q
      kg build corpus.jsonl --scheduler tcp://10.0.0.5:8786

    PATHS: folders (searched for *.txt, with manifest.csv), .txt files, .jsonl files (one JSON
    object per line: id, text, lang, published, outlet, url), '-' for JSON Lines on stdin, or
    @LIST, a file naming one path per line. These articles are added to the store (an article
    given again replaces its earlier version; the others stay, and the whole is resolved
    together); --prune removes the articles not given, and `kg remove` named ones. An article that
    is rejected this time keeps the graph it had. If no article can be read, nothing is changed
    (exit 2). Only new or edited articles are parsed again (the cache lives in STORE/kg-build/),
    and only named graphs whose content changed are rewritten, each batch in one transaction: a
    build killed at any point leaves whole articles, and the next run completes it.
    """
    run_build(paths, quiet, manifest=manifest, store_dir=store, out_dir=out_dir, base=base,
              html=not no_html, exports=not no_exports, workers=workers, scheduler=scheduler,
              batch_size=batch_size, check=not no_validate, force=full, shards_dir=shards_dir,
              prune=prune)


@click.command()
@click.argument("article_ids", nargs=-1, required=True)
@click.option("--store", default=DEFAULT_STORE, show_default=True, help="Embedded store folder.")
@click.option("--out", "out_dir", default="out", show_default=True,
              help="Folder for exports, facts.json and graph.html (rewritten without them).")
@click.option("--base", default=None, help="Base IRI of the data (default $KG_BASE_IRI).")
@click.option("--no-html", is_flag=True, help="Do not write graph.html.")
@click.option("--no-exports", is_flag=True, help="Do not write export files.")
@click.option("--workers", "-j", type=click.IntRange(min=1), default=None,
              help="Resolution processes (default: one per core).")
@click.option("--no-validate", is_flag=True, help="Skip the SHACL check of the graphs written.")
@click.option("--quiet", "-q", is_flag=True, help="Print only problems (no summary).")
def remove(article_ids, store, out_dir, base, no_html, no_exports, workers, no_validate, quiet):
    """Remove articles from the store by id, with the facts only they supported.

    Example: kg remove 001_ab5dd525461d0cd0 --store out/store

    The other articles are resolved again without them (graphs whose triples change are
    rewritten), and the exports, facts.json and graph.html are written again. An id the store
    does not hold refuses the whole command (exit 2, nothing changed); `kg query articles` lists
    the ids.
    """
    run_build([], quiet, store_dir=store, out_dir=out_dir, base=base, html=not no_html,
              exports=not no_exports, workers=workers, check=not no_validate,
              remove=article_ids)


def run_build(paths, quiet: bool, **options) -> None:
    """Run :func:`kg.build.run.build_all`, print what it found, exit with its code."""
    from kg.build.run import build_all

    store = options["store_dir"]
    t0 = time.perf_counter()
    bar = ProgressBar() if not quiet and paths and sys.stderr.isatty() else None
    try:
        report = build_all(paths, progress=bar, **options)
    except NothingReadError as exc:
        for r in exc.rejected:
            click.echo(f"rejected: {printable(str(r))}", err=True)
        raise
    except KeyboardInterrupt:
        click.echo("\ninterrupted: the store holds whole articles (each batch is one "
                   "transaction) and the outputs are as they were; run the same command again "
                   "to complete the build", err=True)
        sys.exit(ExitCode.INTERRUPTED)
    except DataFileError as exc:
        raise exc.with_hint("fix the data file; the build did not start and the store is unchanged")
    except (OSError, sqlite3.Error) as exc:
        from kg.build.run import io_failure

        reason, full = io_failure(exc)
        raise StoreError(f"cannot open or write the store at {store}: {reason}",
                         f"free space on the disk of {store} and run the same command again"
                         if full else "another kg process may be using it; wait for it to "
                         "finish") from exc
    except ImportError as exc:
        raise KgError(str(exc), "install the optional dependency named above") from exc
    except ValueError as exc:
        raise KgError(str(exc)) from exc
    finally:
        if bar is not None:
            bar.close()
    for w in report.warnings:
        click.echo(f"warning: {printable(w)}", err=True)
    for r in report.rejected:
        click.echo(f"rejected: {printable(str(r))}", err=True)
    if not quiet:
        click.echo(report.summary(time.perf_counter() - t0))
    if report.validation is not None and not report.validation.conforms:
        click.echo(report.validation.summary(), err=True)
        sys.exit(ExitCode.INVALID)
    if report.rejected:
        sys.exit(ExitCode.INCOMPLETE)
