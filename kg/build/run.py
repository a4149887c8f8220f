"""``kg build``: the pipeline run end to end into the store, the exports, the facts and the page.

The corpus of a build is the store's (recorded in the build cache) with the articles read
added or replaced: building one day's folder into a store adds that day. Articles leave it only
when asked (``prune``: those not given; ``remove``: named ones). An input with no readable article
changes nothing (:class:`~kg.errors.NothingReadError`); a failure while writing says what was
written (article graphs are written before the corpus-level graphs; the outputs are replaced
together or not at all).

In: article paths (files, folders, JSON Lines, ``-`` for stdin) and options. Out: a
:class:`BuildReport`; on disk, the embedded store (one named graph per article, the gazetteer
graph, the entity descriptions graph, the ontology graph), ``graph.{ttl,nt,nq,trig,jsonld}``,
``facts.json`` and ``graph.html`` in the output folder, each written atomically.

The steps, one module of :mod:`kg.build` each, in the order the data flows:

1. :mod:`~kg.build.extraction`: read and extract, cached per article content, so that only new
   or edited articles are parsed -> :class:`~kg.build.extraction.Extracted`;
2. :mod:`~kg.build.resolution`: the names pass, then each article resolved against the corpus's
   names and folded into the corpus-wide tables -> :class:`~kg.build.resolution.Resolution`
   (the tables, and a hundred bytes per article);
3. :mod:`~kg.build.digests`: the digest of each article's named graph and ``facts.json`` line,
   compared with what the cache recorded -> the articles to redo;
4. :mod:`~kg.build.writing`: those articles resolved again and finished, their graphs
   serialised into N-Quads shards (:mod:`~kg.build.shards`), each shard written in one store
   transaction; the corpus-level graphs; the graphs of articles taken out (``prune``,
   ``remove``) dropped;
5. :mod:`~kg.build.outputs`: exports, ``facts.json`` and the page.

Where the tasks of steps 1, 2 and 4 run is an :class:`~kg.build.executors.Executor`: here, in
``workers`` forked processes, or on a Dask cluster (:mod:`~kg.build.dask`) for extraction and
serialisation. Memory grows with the number of distinct entities and of dated events, not with
the text (measured in ``bench/README.md``); a build killed at any moment leaves whole articles,
and the next run writes whatever is still out of date.
"""
from __future__ import annotations

import errno
import shutil
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.build.executors import Executor, make_executor
from kg.build.extraction import BATCH_SIZE, Extracted, NothingRead, extract
from kg.build.outputs import write_outputs
from kg.build.resolution import ArticleReader, Names, Resolution, resolve
from kg.build.shards import ShardOptions
from kg.build.writing import (
    Finishing,
    StoreUpdate,
    article_shards,
    redo_tasks,
    validation,
)
from kg.errors import KgError, NothingReadError
from kg.fileio import atomic_write
from kg.graph.iris import IRIs
from kg.graph.shacl import ValidationReport
from kg.graph.writer import RDFWriter
from kg.ingest.documents import Rejected, printable, safe_doc_id
from kg.resolve import Resolver
from kg.store.cache import BuildCache
from kg.store.embedded import Store


@dataclass
class BuildReport:
    """What a build did and found, as ``kg build`` prints it (:meth:`summary`)."""
    articles: int = 0  # in the store's corpus
    given: int | None = None  # read from the input (None: all of them)
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
    extracted: int = 0
    reused: int = 0
    tokens: int = 0
    written: int = 0  # named graphs (re)written this run
    removed: int = 0  # named graphs dropped (articles taken out: prune, remove)
    timings: dict[str, float] = field(default_factory=dict)

    def summary(self, seconds: float) -> str:
        def counts(c: Counter) -> str:
            return ", ".join(f"{k} {v}" for k, v in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))) or "none"

        built = self.articles if self.given is None else self.given
        stored = f"; {self.articles} in the store" if built != self.articles else ""
        lines = [
            f"articles: {built} built, {len(self.rejected)} rejected{stored}",
            f"entities: {sum(self.entities.values())} ({counts(self.entities)})",
            f"events: {sum(self.events.values())} ({counts(self.events)})",
            f"posts held: {self.roles}; part-of relations stated in text: {self.affiliations}",
            f"triples: {self.triples:,} in {self.graphs} named graphs",
            f"incremental: {self.extracted} articles extracted, {self.reused} reused from the "
            f"cache; {self.written} named graphs written, {self.removed} removed",
        ]
        if self.validation is not None:
            lines.append("SHACL: " + ("conforms" if self.validation.conforms else
                                      f"{len(self.validation.violations)} violations"))
        lines += [f"wrote {o}" for o in self.outputs]
        rate = f" ({self.articles / seconds:,.1f} articles/s, {self.tokens / seconds:,.0f} tokens/s)" \
            if seconds > 0 and self.articles else ""
        steps = ", ".join(f"{k} {v:.1f} s" for k, v in self.timings.items())
        lines.append(f"time: {seconds:.1f} s{rate}" + (f"; {steps}" if steps else ""))
        return "\n".join(lines)


def build_all(paths, manifest=None, store_dir="out/store", out_dir="out", base=None,
              html=True, exports=True, *, workers: int | None = 1, check: bool = True,
              progress: Callable[[int, int], None] | None = None, scheduler=None,
              batch_size: int | None = None, force: bool = False,
              shards_dir: str | None = None, prune: bool = False,
              remove: Iterable[str] = ()) -> BuildReport:
    """Build ``paths`` into the store at ``store_dir`` incrementally; see the module docstring.

    The articles read are added to those the store was built from (an article given again
    replaces its earlier version); ``prune``: the store keeps only the articles given (and those
    rejected this time, as they were); ``remove``: article ids to take out of the store (with no
    ``paths``: only that). Unless only removing, an input with no readable article raises
    :class:`~kg.errors.NothingReadError` before the store or the outputs change.

    ``workers``: extraction (and resolution) processes (None: one per core). ``scheduler``: a
    Dask scheduler address (``tcp://host:port``), ``local`` or a ``dask.distributed.Client``, to
    extract and serialise on a Dask cluster instead. ``check``: SHACL-validate the graphs written
    this run (with the gazetteer graph). ``force``: rewrite every named graph even if its digest
    is unchanged. ``shards_dir`` (with a scheduler): a folder shared by the workers and this
    process where they write N-Quads shards.
    """
    from kg.extract import default_extractor

    default_extractor()  # a broken data file stops the build before the store is touched
    remove = set(remove)
    check_paths(paths, store_dir, out_dir)
    new_store = not Path(store_dir).exists()
    local, cluster, shards = make_executor(workers), None, None
    if scheduler:
        from kg.build.dask import DaskExecutor

        cluster = DaskExecutor(scheduler)
        if shards_dir:
            shards = Path(shards_dir)
            shards.mkdir(parents=True, exist_ok=True)
    try:
        Path(store_dir).mkdir(parents=True, exist_ok=True)
        store = Store(store_dir, base=base)
        cache = BuildCache(store_dir)
        if remove:
            check_known(remove, cache, store, IRIs(base))
        ex = extract(paths, manifest, cache=cache, executor=cluster or local, progress=progress,
                     batch_size=batch_size or BATCH_SIZE, require_input=bool(paths) or not remove,
                     keep_stored=lambda i, rejected: i not in remove and (not prune or i in rejected))
        report = Build(ex, store, cache, base, local, cluster, shards).run(
            store_dir, out_dir, html, exports, check, force, prune, remove)
    except NothingRead as exc:
        if new_store and "cache" in locals():
            cache.close()
            store.close()
            shutil.rmtree(store_dir, ignore_errors=True)  # made by this run, for nothing
        raise NothingReadError([printable(str(p)) for p in paths], exc.rejected) from None
    finally:
        if cluster is not None:
            cluster.close()
        if "cache" in locals():
            cache.close()
        if "store" in locals():
            store.close()  # releases the folder's lock even while a traceback holds this frame
    return report


def io_failure(exc: BaseException) -> tuple[str, bool]:
    """What an I/O error says, and whether it is a full disk (from the OS, the store or SQLite)."""
    text = str(exc)
    full = getattr(exc, "errno", None) == errno.ENOSPC or "No space left" in text or \
        "os error 28" in text or "database or disk is full" in text
    return ("no space left on the device" if full else (getattr(exc, "strerror", None) or text)), full


def read_only_servers(store_dir) -> list[int]:
    """The processes serving the store at ``store_dir`` read-only (``oxigraph serve-read-only
    --location``, as ``kg serve`` runs it), found in ``/proc`` (Linux; elsewhere none): they see
    the store as it was when they opened it."""
    want = Path(store_dir).resolve()
    pids = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            argv = (proc / "cmdline").read_bytes().decode("utf-8", "replace").split("\0")
            if "serve-read-only" not in argv:
                continue
            at = [a.split("=", 1)[1] for a in argv if a.startswith("--location=")] + \
                [argv[i + 1] for i, a in enumerate(argv[:-1]) if a in ("--location", "-l")]
            if any(((proc / "cwd").resolve() / a).resolve() == want for a in at):
                pids.append(int(proc.name))
        except OSError:
            continue  # gone, or not ours to read
    return pids


def check_paths(paths, store_dir, out_dir) -> None:
    """Refuse a ``--store`` that is a file, or that lies inside a corpus folder given."""
    store = Path(store_dir)
    if store.exists() and not store.is_dir():
        raise KgError(f"--store {store_dir} is a file, not a store folder; nothing was changed",
                      "give the folder the store lives in (default out/store)")
    for p in paths:
        folder = Path(str(p))
        if str(p) != "-" and not str(p).startswith("@") and folder.is_dir() and \
                store.resolve().is_relative_to(folder.resolve()):
            raise KgError(f"--store {store_dir} is inside the corpus folder {p}; nothing was "
                          "changed", "keep the store out of the folder of articles, e.g. "
                          "--store out/store")


def check_known(remove: set[str], cache: BuildCache, store: Store, iris: IRIs) -> None:
    """Refuse to remove articles the store does not hold (nothing is changed)."""
    known = {a.id for a in cache.articles()}
    present = set(store.graphs())
    unknown = sorted(i for i in remove if i not in known and str(iris.article_graph(i))
                     not in present)
    if unknown:
        raise KgError(f"no article {', '.join(map(repr, unknown))} in the store; nothing was "
                      "changed", "kg query articles lists the articles of the store by id")


class Build:
    """Resolution, writing and outputs of one build, streamed over the extracted articles (see
    the module docstring); only the corpus-wide tables and a few bytes per article stay in
    memory. ``local`` runs resolution tasks; ``cluster``, if any, serialises the graphs (into
    ``shards_dir``, if given)."""

    def __init__(self, ex: Extracted, store: Store, cache: BuildCache, base: str | None,
                 local: Executor, cluster: Executor | None = None, shards_dir: Path | None = None):
        from kg.extract import default_extractor

        self.ex, self.store, self.cache, self.base = ex, store, cache, base
        self.local, self.cluster, self.shards_dir = local, cluster, shards_dir
        self.resolver = Resolver(default_extractor().gaz)
        self.iris = IRIs(base)

    def run(self, store_dir, out_dir, html: bool, exports: bool, check: bool,
            force: bool, prune: bool = False, remove: set[str] = frozenset()) -> BuildReport:
        """Resolve, write the store, drop what is gone (with ``prune``, the graphs of articles
        not given; the graphs of the articles in ``remove``), write the outputs; the report."""
        from kg.store.cache import StoredArticle, extraction_version

        t0 = time.perf_counter()
        ex = self.ex
        # the store's corpus from now on (recorded first: a build killed later still knows it)
        version = extraction_version()
        self.cache.set_articles(StoredArticle(i, k, version, p, sha) for i, k, (p, sha)
                                in zip(ex.ids, ex.keys, ex.sources))
        res = resolve(self.ex, self.cache, self.resolver, self.local)
        report = self.report(res)
        t1 = time.perf_counter()
        report.timings["resolve"] = t1 - t0
        update = StoreUpdate(self.store, self.cache, self.iris)
        try:
            report.validation = self.write(res, update, check, force)
            report.timings["write"] = time.perf_counter() - t1
            if prune:
                report.removed = update.remove_all_but(self.graphs_kept())
            else:
                gone = {str(self.iris.article_graph(i)) for i in remove}
                report.removed = update.remove_all_but(update.present - gone)
            self.cache.prune(set(self.ex.keys))
        except (OSError, sqlite3.Error) as exc:
            reason, full = io_failure(exc)
            raise KgError(
                f"cannot write the store at {store_dir}: {reason}; {update.written} named graphs "
                "were written before that (whole articles), the entity descriptions, the "
                f"graphs to remove and the files in {out_dir} are as they were",
                f"free space on the disk of {store_dir} and run the same command again: it "
                "writes what is still out of date" if full else
                "run the same command again: it writes what is still out of date") from exc
        report.written, report.graphs = update.written, len(update.present)
        if report.written or report.removed:
            report.warnings += [
                f"a read-only server (pid {pid}, kg serve) has {store_dir} open and keeps "
                "serving the graph as it was when it started; restart it to serve this build"
                for pid in read_only_servers(store_dir)]
        report.triples = update.triples()
        report.outputs.append(f"{store_dir} (embedded Oxigraph store)")
        try:
            report.outputs += write_outputs(self.store, self.cache, self.iris, self.ex.ids,
                                            out_dir, html, exports)
        except OSError as exc:
            reason, full = io_failure(exc)
            raise KgError(
                f"cannot write the outputs in {out_dir}: {reason}; the store at {store_dir} is "
                f"up to date, and every file in {out_dir} was left as it was",
                ("free space there (or give another --out)" if full else "check the folder")
                + " and run the same command again: the store is not written again") from exc
        return report

    def report(self, res: Resolution) -> BuildReport:
        """What the build found: everything the user sees counts distinct entities and events,
        not mentions."""
        ex, red = self.ex, res.red
        return BuildReport(articles=len(ex.keys), given=ex.given, rejected=ex.rejected,
                           warnings=ex.warnings,
                           extracted=ex.extracted, reused=ex.reused, tokens=ex.tokens,
                           timings=dict(ex.timings),
                           entities=Counter(red.corpus.entities[k].type for k in red.mentioned),
                           events=red.events, roles=red.roles, affiliations=red.affiliations)

    def write(self, res: Resolution, update: StoreUpdate, check: bool,
              force: bool) -> ValidationReport | None:
        """The corpus-level graphs, then the article graphs whose inputs changed; returns the
        SHACL report of what was written (with ``check``)."""
        red, iris = res.red, self.iris
        writer = RDFWriter(red.corpus, self.base, summary=(red.used, red.extractors, red.concepts))
        corpus_graphs = update.corpus_graphs(writer, force)
        corpus_changed = bool(update.changed_corpus_graphs)
        if self.shards_dir is not None:
            # beside the article shards, the graphs this process makes (gazetteer, entities,
            # ontology), so that the shards of a full build bulk-load into a server store as a
            # whole
            whole = b"".join(corpus_graphs.values()) + self.store.graph_nquads(
                str(iris.ontology_graph()))
            atomic_write(self.shards_dir / "corpus.nq", lambda f: f.write(whole))
        check_with = corpus_graphs[str(iris.gazetteer_graph())] if check else None
        tasks = redo_tasks(res, ArticleReader(self.ex, self.cache), self.ex.ids, iris,
                           self.cache, update.present, force, self.base)
        ctx = Finishing(Names(self.resolver, res.names), red, ShardOptions(self.base, check_with))
        reports = update.write_shards(article_shards(tasks, ctx, self.cache, self.local,
                                                     self.cluster, self.shards_dir))
        update.commit_corpus_graphs()
        return validation(reports, corpus_graphs, check and corpus_changed)

    def graphs_kept(self) -> set[str]:
        """The graphs the store keeps: those of the articles given (built or rejected this
        time), the corpus-level graphs and the ontology graph."""
        iris = self.iris
        keep = {str(iris.article_graph(i)) for i in self.ex.ids}
        keep |= {str(iris.ontology_graph()), str(iris.gazetteer_graph()),
                 str(iris.entities_graph())}
        keep |= {str(iris.article_graph(r.doc_id or safe_doc_id(Path(r.path).stem)))
                 for r in self.ex.rejected}
        return keep
