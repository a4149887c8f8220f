"""Pushing the embedded store to a SPARQL endpoint, one named graph at a time, with a report.

In: an :class:`kg.store.remote.Endpoint`, a :class:`kg.store.embedded.Store`, a chunk size and
an optional state file. Out: every named graph replaced on the server (through
:meth:`Endpoint.replace_graph <kg.store.remote.Endpoint.replace_graph>`: one request, or chunks
into a temporary graph named for this run and one request that puts it in place) and checked
against the local triple count, and a :class:`LoadReport` saying which graphs were loaded,
skipped, removed or failed, with what the server holds after a failure.

- :meth:`Endpoint.check <kg.store.remote.Endpoint.check>` asks the endpoint once first; if it
  does not answer, nothing is tried.
- An auth error stops the load, and so do :data:`STOP_AFTER_NO_ANSWER` requests in a row without
  an answer; any other error marks that graph failed and the load goes on.
- After the graphs, article graphs on the server (under the store's ``…graph/article/``) that the
  store no longer has are dropped (unless ``prune=False``), and temporary graphs left by loads
  interrupted more than :data:`STALE_TMP_SECONDS` ago too.
- The state file records what was loaded (graph, triples, digest), so a re-run skips graphs
  that are already on the server unchanged (resume after a failure).
"""
from __future__ import annotations

import calendar
import hashlib
import json
import os
import re
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.errors import EndpointAuthError, EndpointError, QueryError
from kg.fileio import atomic_write
from kg.store.binding import check_iri

DEFAULT_CHUNK = 50_000
#: the names of a load's temporary graphs start with this
TMP_PREFIX = "urn:x-kg-load:"
# temporary graphs of a run that started longer ago than this are left-overs of a killed load
STALE_TMP_SECONDS = 24 * 3600
# during a load, this many requests in a row without an answer stop it (the endpoint is down)
STOP_AFTER_NO_ANSWER = 3
_ARTICLES = "/graph/article/"


@dataclass
class GraphLoad:
    graph: str
    status: str  # loaded | skipped | failed | removed
    triples: int  # local count (removed: the count on the server before it was dropped)
    remote: int | None = None  # count on the server after the load (or after the failure)
    chunks: int = 0
    seconds: float = 0.0
    error: str = ""


NOT_ATTEMPTED = "not attempted"


@dataclass
class LoadReport:
    endpoint: str
    graphs: list[GraphLoad] = field(default_factory=list)
    seconds: float = 0.0
    stopped: str = ""  # why the load stopped before the end ("" if it did not)
    notes: list[str] = field(default_factory=list)  # what else was done on the server

    def _with(self, status: str) -> list[GraphLoad]:
        return [g for g in self.graphs if g.status == status]

    @property
    def loaded(self) -> list[GraphLoad]:
        return self._with("loaded")

    @property
    def skipped(self) -> list[GraphLoad]:
        return self._with("skipped")

    @property
    def failed(self) -> list[GraphLoad]:
        return self._with("failed")

    @property
    def removed(self) -> list[GraphLoad]:
        return self._with("removed")

    @property
    def ok(self) -> bool:
        return not self.failed and not self.stopped

    def summary(self, per_graph: bool = True) -> str:
        """The report: a line per graph (unless ``per_graph`` is false: the progress lines
        already named them; failures are still listed), the notes, and the totals."""
        lines, pending = [], 0
        for g in self.graphs:
            if not per_graph and g.status in ("loaded", "skipped", "removed"):
                continue
            if g.status == "loaded":
                rate = f", {g.triples / g.seconds:,.0f} triples/s" if g.seconds > 0 else ""
                lines.append(f"loaded   {g.graph}  {g.triples:,} triples ({g.chunks} request"
                             f"{'s' if g.chunks != 1 else ''}, {g.seconds:.1f} s{rate})")
            elif g.status == "skipped":
                lines.append(f"skipped  {g.graph}  {g.triples:,} triples (unchanged on the server)")
            elif g.status == "removed":
                lines.append(f"removed  {g.graph}  {g.triples:,} triples (no longer in the store)")
            elif g.error.startswith(NOT_ATTEMPTED):
                pending += 1
            else:
                lines.append(f"FAILED   {g.graph}  {g.triples:,} triples: {g.error}")
                lines.append("         " + _holds(g))
        lines += self.notes
        if self.stopped:
            lines.append(f"stopped: {self.stopped}")
        if pending:
            lines.append(f"{pending} graph{'s' if pending != 1 else ''} not attempted")
        total = sum(g.triples for g in self.loaded)
        lines.append(f"{self.endpoint}: {len(self.loaded)} graphs loaded ({total:,} triples), "
                     f"{len(self.skipped)} skipped, {len(self.removed)} removed, "
                     f"{len(self.failed) - pending} failed"
                     + (f", {pending} not attempted" if pending else "")
                     + f", {self.seconds:.1f} s")
        if (self.failed or self.stopped) and pending < len(self.graphs):
            lines.append("To retry, run the same command again: graphs already on the server "
                         "unchanged are skipped.")
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return {"endpoint": self.endpoint, "seconds": round(self.seconds, 3),
                "stopped": self.stopped, "notes": self.notes,
                "graphs": [asdict(g) for g in self.graphs]}


def _holds(g: GraphLoad) -> str:
    """What the server holds in a failed graph, in words."""
    if g.remote is None:
        return "what the server holds in this graph could not be checked"
    if g.remote == 0:
        return "the server holds no triple in this graph"
    same = " (as many as the store)" if g.remote == g.triples else ""
    return f"the server holds {g.remote:,} triples in this graph{same}; the store has {g.triples:,}"


def load_store(endpoint, store, *, chunk_size: int = DEFAULT_CHUNK,
               state_path: str | os.PathLike | None = None, force: bool = False,
               graphs: Iterable[str] | None = None, prune: bool = True) -> LoadReport:
    """Push every named graph of ``store`` (a :class:`kg.store.embedded.Store`) to ``endpoint``
    (a :class:`kg.store.remote.Endpoint`), one graph at a time.

    First :meth:`check` asks the endpoint once; if it does not answer, nothing is tried. A
    graph whose digest the state file records for this endpoint and whose triple count on
    the server matches is skipped unless ``force``. An auth error stops the load (the rest
    would fail the same way), and so do ``STOP_AFTER_NO_ANSWER`` requests in a row without an
    answer; any other error marks that graph failed (with what the server holds in it) and
    goes on. Then, unless ``prune`` is false or ``graphs`` names a subset, the article graphs
    the server holds under the store's ``…graph/article/`` that the store no longer has are
    dropped, with temporary graphs left by loads killed more than a day ago.
    """
    t0 = time.perf_counter()
    todo = sorted(graphs) if graphs is not None else store.graphs()
    state = _read_state(state_path)
    endpoint.new_run()
    report = LoadReport(endpoint.graph_store_url or endpoint.update_url)
    try:
        note = endpoint.check()
    except EndpointError as e:
        report.stopped = endpoint.scrub(str(e))
        _not_attempted(report, store, todo, "the endpoint check failed")
        report.seconds = time.perf_counter() - t0
        return report
    if note:
        endpoint.log(note)
        report.notes.append(note)
    report.endpoint = key = endpoint.graph_store_url or endpoint.update_url
    run = _Run(endpoint, store, report, state, state_path, state.setdefault(key, {}),
               chunk_size, force)
    http = endpoint.http
    saved, http.stop_after = http.stop_after, STOP_AFTER_NO_ANSWER
    try:
        if run.load(todo) and prune and graphs is None:
            prune_server(endpoint, store, report, run.done)
            _write_state(state_path, state)
    finally:
        http.stop_after = saved
        endpoint.forget_graphs()  # the dataset changed
    report.seconds = time.perf_counter() - t0
    return report


def _not_attempted(report: LoadReport, store, rest: list[str], why: str) -> None:
    report.graphs.extend(GraphLoad(g, "failed", store.count(g), error=f"{NOT_ATTEMPTED} ({why})")
                         for g in rest)


@dataclass
class _Run:
    """One load: the endpoint and store it reads, the options, and the report and state it
    writes (``done``: this endpoint's part of the state)."""

    endpoint: object
    store: object
    report: LoadReport
    state: dict
    state_path: str | os.PathLike | None
    done: dict
    chunk_size: int
    force: bool

    def load(self, todo: list[str]) -> bool:
        """Load each graph of ``todo`` in turn; False when the load stopped before the end."""
        for i, graph in enumerate(todo):
            if not self.graph(graph, todo[i + 1:]):
                return False
        return True

    def graph(self, graph: str, rest: list[str]) -> bool:
        """Load one graph (or skip it, unchanged); False when the load stops here (``rest``
        is then reported as not attempted)."""
        ep, report = self.endpoint, self.report
        t1 = time.perf_counter()
        triples = self.store.graph_triples(graph)
        digest = hashlib.sha256(ntriples(triples)).hexdigest()
        item = GraphLoad(graph, "loaded", len(triples))
        report.graphs.append(item)
        try:
            prev = self.done.get(graph)
            if not self.force and prev and prev.get("sha256") == digest:
                item.remote = ep.count(graph)
                if item.remote == len(triples):
                    item.status = "skipped"
                    return True
            item.chunks = ep.replace_graph(graph, triples, self.chunk_size)
            item.remote = ep.count(graph)
            if item.remote != len(triples):
                raise EndpointError(f"the server holds {item.remote:,} triples in this "
                                    f"graph after the load, expected {len(triples):,}")
            self.done[graph] = {"triples": len(triples), "sha256": digest,
                                "loaded": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
            _write_state(self.state_path, self.state)
        except EndpointAuthError as e:
            item.status, item.error = "failed", str(e)
            report.stopped = "the endpoint refused the credentials (above)"
            _not_attempted(report, self.store, rest, "stopped at the authentication error")
            return False
        except (EndpointError, QueryError) as e:
            item.status, item.error = "failed", ep.scrub(str(e))
            self.done.pop(graph, None)
            _write_state(self.state_path, self.state)
            if ep.http.unanswered >= STOP_AFTER_NO_ANSWER:
                report.stopped = (
                    f"{ep.http.unanswered} requests in a row got no answer from the endpoint "
                    f"({ep.update_url}): it is down, hanging or unreachable. Check the "
                    "server (is it running? its log, memory and disk) and the network, "
                    "then run the same command again")
                _not_attempted(report, self.store, rest, "the endpoint stopped answering")
                return False
            try:
                item.remote = ep.count(graph, retries=0)
            except (EndpointError, QueryError):
                item.remote = None
        finally:
            item.seconds = time.perf_counter() - t1
            ep.log(f"{item.status} {graph} ({item.triples:,} triples)")
        return True


def prune_server(endpoint, store, report: LoadReport, done: dict) -> None:
    """Drop article graphs the store no longer has, and stale temporary graphs."""
    local = set(store.graphs())
    prefixes = {g[:g.index(_ARTICLES) + len(_ARTICLES)] for g in local if _ARTICLES in g}
    try:
        on_server = endpoint.graphs()
    except (EndpointError, QueryError) as e:
        report.notes.append(f"could not list the server's graphs to remove those the store "
                            f"no longer has: {endpoint.scrub(str(e))}")
        return
    stale, now = 0, time.time()
    for g in on_server:
        try:
            check_iri(g, "graph")
        except QueryError:
            continue
        try:
            if g.startswith(TMP_PREFIX):
                if _stale_tmp(g, now):
                    endpoint.update(f"DROP SILENT GRAPH <{g}>", f"dropping {g}")
                    stale += 1
            elif g not in local and any(g.startswith(p) for p in prefixes):
                n = endpoint.count(g)
                endpoint.update(f"DROP SILENT GRAPH <{g}>", f"removing {g}")
                report.graphs.append(GraphLoad(g, "removed", n, remote=0))
                done.pop(g, None)
                endpoint.log(f"removed {g} ({n:,} triples; no longer in the store)")
        except (EndpointError, QueryError) as e:
            report.graphs.append(GraphLoad(g, "failed", 0, error="no longer in the store, "
                                           f"but not removed: {endpoint.scrub(str(e))}"))
    if stale:
        report.notes.append(f"dropped {stale} temporary graph{'s' if stale != 1 else ''} "
                            "left by loads interrupted more than a day ago")


def _stale_tmp(graph: str, now: float) -> bool:
    """Whether a temporary graph belongs to a load that started more than a day ago (or to a
    load of an older version, whose names carry no time)."""
    m = re.match(re.escape(TMP_PREFIX) + r"(\d{8}T\d{6}Z)-", graph)
    if not m:
        return True
    started = calendar.timegm(time.strptime(m.group(1), "%Y%m%dT%H%M%SZ"))
    return now - started > STALE_TMP_SECONDS


def ntriples(triples: list[ox.Triple]) -> bytes:
    """The N-Triples text of ``triples`` (the data part of every load request)."""
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) if triples else b""


def _read_state(path) -> dict:
    if path is None or not Path(path).exists():
        return {}
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise EndpointError(f"{path}: cannot read the load state file ({e}); delete it to "
                            "load everything again") from None
    if not isinstance(data, dict):
        raise EndpointError(f"{path}: the load state file is not a JSON object; delete it")
    return data


def _write_state(path, state: dict) -> None:
    if path is None:
        return
    text = json.dumps(state, indent=1, sort_keys=True).encode("utf-8")
    atomic_write(path, lambda f: f.write(text))
