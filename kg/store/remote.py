"""A remote SPARQL 1.1 endpoint as a query engine, and loading the store into it.

In: an endpoint URL (SPARQL 1.1 Protocol for queries and updates, optionally a SPARQL 1.1 Graph
Store Protocol URL, or the base address of a server whose layout is known), credentials from
``KG_ENDPOINT_USER`` / ``KG_ENDPOINT_PASSWORD`` or a file, SPARQL query text with typed bindings,
or a :class:`kg.store.embedded.Store` to push.
Out: :class:`kg.store.results.Result` s made of rdflib terms (the same as the embedded engines
give, so :class:`kg.queries.library.QueryLibrary` runs unchanged against a server), and a
:class:`kg.store.loading.LoadReport` saying which named graphs were loaded, skipped, removed or
failed, with triple counts and what the server holds after a failure.

- :class:`Endpoint` ``.query(sparql, bindings)`` POSTs the query (parameters bound with
  :func:`kg.store.binding.bind_values`, never pasted) and parses the SPARQL JSON results. By default
  (``dataset="kg"``) the request names the endpoint's graphs under ``<base>graph/`` as
  ``default-graph-uri`` and ``named-graph-uri``: the default graph is then their union, as in the
  embedded store, and system graphs of the server (Virtuoso has several) stay out of the results.
- :meth:`Endpoint.check` asks the endpoint once (``ASK {}``, one attempt) before a load. A server's
  base address is recognised where its layout is known (Oxigraph: ``/query``, ``/update``,
  ``/store``; an Apache Jena Fuseki dataset URL answers every operation itself); anything else that
  does not answer SPARQL fails at once with a message naming the endpoints to try.
- :meth:`Endpoint.load_store` (:mod:`kg.store.loading`) replaces each named graph on the server
  in one request (Graph Store Protocol ``PUT ?graph=`` with an N-Triples body, or one SPARQL Update
  ``DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> { … } }``). A graph larger than the chunk size
  is loaded in chunks into a temporary graph named for this run (``urn:x-kg-load:<run>:…``, so
  two loads at once never share one), which one request then puts in place. That request replaces
  the graph only if the temporary graph holds data, so repeating it after a lost reply cannot
  empty the graph; every other step is a set operation, safe to repeat. The data part of every
  request is N-Triples serialised by pyoxigraph; article text is never pasted into SPARQL. After
  each graph the server's triple count is checked against the local one; after a failure the
  report says how many triples the server holds in that graph.
- After the graphs, article graphs on the server (under the store's ``…graph/article/``) that the
  store no longer has are dropped, so the server's articles match the store (unless
  ``prune=False``; never when the store has no article), and temporary graphs left by loads
  interrupted more than a day ago are dropped too. The report lists what was removed.
- Connection errors, timeouts, 5xx, 408 and 429 are retried with exponential backoff; 401/403
  stop at once with a clear error (:mod:`kg.store.transport`). During a load, a few requests in a row without any answer
  (refused, reset, time-out) stop the whole load with what to do, instead of trying every graph.
  A state file records what was loaded (graph, triples, digest), so a re-run skips graphs that
  are already on the server unchanged (resume after a failure).
- Credentials (:mod:`kg.store.credentials`) never appear in messages: every error text is
  scrubbed of the user name/password pair, the password and the ``Authorization`` token, and
  URLs with ``user:password@`` are refused.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import time
import urllib.parse
from collections.abc import Callable, Iterable, Mapping

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier

from kg.errors import EndpointAuthError, EndpointError, EndpointUnreachable, QueryError
from kg.graph.namespaces import XSD, base_iri
from kg.store.binding import bind_values, check_iri, masked
from kg.store.credentials import ENV_PASSWORD, ENV_USER, Credentials, check_url
from kg.store.loading import DEFAULT_CHUNK, TMP_PREFIX, GraphLoad, LoadReport, load_store, ntriples
from kg.store.results import Result, triples_result
from kg.store.transport import RETRY_STATUS, HTTPFailure, NoAnswer, Transport

# the one check before a load waits at most this long (a hanging endpoint fails fast)
CHECK_TIMEOUT = 10.0


# ----------------------------------------------------------------------------- results


def _term(b: dict) -> Identifier:
    kind, value = b.get("type"), b.get("value", "")
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):
        lang = b.get("xml:lang") or b.get("lang")
        if lang:
            return Literal(value, lang=lang)
        dt = b.get("datatype")
        if dt and dt != str(XSD.string):
            return Literal(value, datatype=URIRef(dt))
        return Literal(value)
    raise EndpointError(f"unexpected term in the results: {b!r}")


def parse_results_json(data: bytes) -> Result:
    """SPARQL 1.1 Query Results JSON -> :class:`Result` (rdflib terms, None for unbound)."""
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise EndpointError(f"the endpoint did not return SPARQL JSON results ({e})") from None
    if "boolean" in doc:
        return Result([], [], bool(doc["boolean"]))
    cols = list(doc.get("head", {}).get("vars", []))
    rows = [tuple(_term(b[c]) if c in b else None for c in cols)
            for b in doc.get("results", {}).get("bindings", [])]
    return Result(cols, rows)


# ----------------------------------------------------------------------------- the endpoint


def _sibling(url: str, name: str) -> str:
    parts = urllib.parse.urlsplit(url)
    path = parts.path.rsplit("/", 1)[0] + "/" + name
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))


class Endpoint:
    """A SPARQL 1.1 endpoint with the query interface of :class:`kg.store.embedded.Store`.

    ``url`` answers queries; updates go to ``update_url`` (default: ``url``, or the sibling
    ``…/update`` when ``url`` ends in ``/query`` as on Oxigraph and Fuseki). ``graph_store_url``
    (optional) is a Graph Store Protocol endpoint used for loading. ``dataset``: ``"kg"`` (the
    union of the endpoint's graphs under ``<base>graph/``), ``"endpoint"`` (the endpoint's own
    default graph) or a list of graph IRIs. HTTP (retries, backoff, credentials) is
    :attr:`http`, a :class:`kg.store.transport.Transport`.
    """

    def __init__(self, url: str, *, update_url: str | None = None,
                 graph_store_url: str | None = None, credentials: Credentials | None = None,
                 timeout: float = 30.0, retries: int = 4, backoff: float = 0.5,
                 dataset: str | list[str] = "kg", base: str | None = None,
                 log: Callable[[str], None] | None = None,
                 sleep: Callable[[float], None] | None = None):
        self.url = check_url(url, "endpoint")
        self._given = {"update": update_url is not None, "store": graph_store_url is not None}
        if update_url is None:
            update_url = _sibling(url, "update") if url.rstrip("/").endswith("/query") else url
        self.update_url = check_url(update_url, "update endpoint")
        self.graph_store_url = (check_url(graph_store_url, "graph store")
                                if graph_store_url else None)
        self.credentials = credentials
        if isinstance(dataset, str) and dataset not in ("kg", "endpoint"):
            raise EndpointError(f"dataset {dataset!r}: use 'kg', 'endpoint' or a list of graphs")
        self.dataset = dataset
        self.base = base
        self._graphs: list[str] | None = None
        self._run: str | None = None  # names this load's temporary graphs
        self.http = Transport({self.url, self.update_url, self.graph_store_url} - {None},
                              credentials, timeout=timeout, retries=retries, backoff=backoff,
                              log=log, sleep=sleep)

    def __repr__(self) -> str:
        return f"Endpoint({self.url!r})"

    def scrub(self, text: str) -> str:
        """``text`` without this endpoint's credentials."""
        return self.http.scrub(text)

    def log(self, message: str) -> None:
        """Report progress through the ``log`` callback given at construction."""
        self.http.log(message)

    def new_run(self) -> None:
        """Start a load: new names for its temporary graphs, no unanswered request counted."""
        self._run, self.http.unanswered = None, 0

    def forget_graphs(self) -> None:
        """Ask the endpoint for its graphs again before the next query (after a load)."""
        self._graphs = None

    # ------------------------------------------------------------------ queries
    def dataset_graphs(self) -> list[str] | None:
        """The graphs sent as the dataset of every query (None: the endpoint's default graph)."""
        if self.dataset == "endpoint":
            return None
        if isinstance(self.dataset, list):
            return self.dataset
        if self._graphs is None:
            prefix = base_iri(self.base) + "graph/"
            self._graphs = [g for g in self.graphs() if g.startswith(prefix)]
        return self._graphs

    def _select(self, sparql: str, bindings=None, dataset: list[str] | None = None,
                retries: int | None = None) -> Result:
        fields = [("query", bind_values(sparql, bindings))]
        for g in dataset or ():
            fields += [("default-graph-uri", g), ("named-graph-uri", g)]
        body = self.http.post_form(self.url, fields, "application/sparql-results+json, "
                               "application/n-triples;q=0.9, text/turtle;q=0.8", "query",
                               retries=retries)
        text = body.lstrip()
        if text.startswith(b"{"):
            return parse_results_json(body)
        g = Graph()
        try:
            g.parse(data=body.decode("utf-8"), format="turtle")  # N-Triples is Turtle
        except Exception as e:  # noqa: BLE001 - any parser error
            raise EndpointError(f"query: cannot parse the endpoint's answer ({e})") from None
        return triples_result(tuple(t) for t in g)

    def query(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> Result:
        """Run a SPARQL 1.1 query; same interface and result terms as :meth:`Store.query`."""
        graphs = self.dataset_graphs()
        if graphs == [] and self.dataset == "kg":
            graphs = None  # nothing loaded yet: plain query (answers are empty anyway)
        try:
            res = self._select(sparql, bindings, graphs)
        except EndpointError as e:
            if "HTTP 400" in str(e):
                raise QueryError(f"the endpoint refused the query: {e}") from None
            raise
        if res.boolean is None and _is_distinct(sparql):
            # Virtuoso 7.2 can return identical rows under SELECT DISTINCT
            res.rows = list(dict.fromkeys(res.rows))
        return res

    def graphs(self) -> list[str]:
        """All named graphs on the endpoint (a graph exists there if it has a triple)."""
        res = self._select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(str(r[0]) for r in res.rows if r[0] is not None)

    def count(self, graph: str, retries: int | None = None) -> int:
        check_iri(graph, "graph")
        res = self._select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                           {"g": URIRef(graph)}, retries=retries)
        return int(res.rows[0][0]) if res.rows and res.rows[0][0] is not None else 0

    def counts(self, graphs: Iterable[str] | None = None) -> dict[str, int]:
        return {g: self.count(g) for g in (self.graphs() if graphs is None else graphs)}

    # ------------------------------------------------------------------ writing
    def update(self, sparql: str, what: str = "update", retries: int | None = None) -> None:
        """POST the update as ``application/sparql-update`` (a type no HTML form can send, so
        a ``kg serve --writable`` endpoint accepts it from a program)."""
        self.http.request("POST", self.update_url, data=sparql.encode("utf-8"),
                      headers={"Content-Type": "application/sparql-update; charset=utf-8"},
                      what=what, retries=retries)

    def _gsp(self, method: str, graph: str, body: bytes, what: str) -> None:
        sep = "&" if "?" in self.graph_store_url else "?"
        url = f"{self.graph_store_url}{sep}graph={urllib.parse.quote(graph, safe='')}"
        self.http.request(method, url, data=body,
                      headers={"Content-Type": "application/n-triples; charset=utf-8"}, what=what)

    def _put(self, graph: str, nt: bytes, what: str) -> None:
        """Replace ``graph`` with the N-Triples ``nt`` in one request."""
        g = f"<{check_iri(graph, 'graph')}>"
        if self.graph_store_url:
            self._gsp("PUT", graph, nt, what)
        else:
            self.update(f"DROP SILENT GRAPH {g} ;\nINSERT DATA {{ GRAPH {g} {{\n"
                        f"{nt.decode('utf-8')}}} }}", what)

    def _add(self, graph: str, nt: bytes, what: str) -> None:
        """Add the N-Triples ``nt`` to ``graph`` (idempotent: a graph is a set)."""
        g = f"<{check_iri(graph, 'graph')}>"
        if self.graph_store_url:
            self._gsp("POST", graph, nt, what)
        else:
            self.update(f"INSERT DATA {{ GRAPH {g} {{\n{nt.decode('utf-8')}}} }}", what)

    def _tmp_graph(self, graph: str) -> str:
        """This run's temporary graph for ``graph`` (two loads at once never share one)."""
        if self._run is None:
            self._run = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime()) + "-" + \
                secrets.token_hex(4)
        return f"{TMP_PREFIX}{self._run}:{hashlib.sha1(graph.encode()).hexdigest()[:16]}"

    def replace_graph(self, graph: str, triples: list[ox.Triple],
                      chunk_size: int = DEFAULT_CHUNK) -> int:
        """Replace ``graph`` on the server; return the number of requests that carried data.

        Up to ``chunk_size`` triples: one request. More: chunks into this run's temporary graph,
        then one request that replaces ``graph`` with it (the old content stays visible until
        then). That request changes nothing when the temporary graph is empty, so repeating it
        after a lost reply (the server did it, the answer never came) cannot empty ``graph``, as
        a repeated ``MOVE`` would.
        """
        check_iri(graph, "graph")
        if chunk_size < 1:
            raise EndpointError(f"chunk size must be at least 1 (got {chunk_size})")
        if len(triples) <= chunk_size:
            self._put(graph, ntriples(triples), f"graph {graph}")
            return 1
        tmp = self._tmp_graph(graph)
        n = 0
        try:
            for n, start in enumerate(range(0, len(triples), chunk_size), 1):
                part = triples[start:start + chunk_size]
                self._add(tmp, ntriples(part), f"graph {graph}: chunk {n} "
                          f"(triples {start + 1}-{start + len(part)})")
                self.log(f"{graph}: chunk {n}, {start + len(part):,}/{len(triples):,} triples")
            self.update(_SWAP.format(g=f"<{graph}>", t=f"<{tmp}>"),
                        f"graph {graph}: putting {tmp} in place")
        except EndpointUnreachable:
            raise  # the temporary graph goes with the next load's clean-up
        except EndpointError:
            try:
                self.update(f"DROP SILENT GRAPH <{tmp}>", f"graph {graph}: dropping {tmp}",
                            retries=0)
            except EndpointError:
                pass
            raise
        return n

    def check(self) -> str:
        """Ask the endpoint once (``ASK {}``, one attempt, at most ``CHECK_TIMEOUT`` s).

        Returns a line to show when the URL was a server's base address whose layout was
        recognised (the URLs are then set), else "". Raises :class:`EndpointUnreachable` when
        nothing answers, :class:`EndpointAuthError` on 401/403, and :class:`EndpointError`
        naming the endpoints to try when the URL answers but not as a SPARQL endpoint.
        """
        timeout = min(self.http.timeout, CHECK_TIMEOUT)
        for attempt in range(self.http.retries + 1):
            if attempt:
                self.http.sleep(self.http.backoff * 2 ** (attempt - 1))
            try:
                headers, body = self._ask(self.url, timeout)
                if _is_ask_answer(body):
                    return _describe(headers, self.url)
                problem = "its answer is not SPARQL results"
                break
            except NoAnswer as e:
                # a time-out or a closed port fails at once; a dropped connection is tried again
                if attempt < self.http.retries and str(e).startswith("connection failed"):
                    continue
                raise EndpointUnreachable(self.scrub(
                    f"cannot reach {self.url}: {e}. Is the server running, and are the host and "
                    "port right? Nothing was changed on the server; run the command again once "
                    "the endpoint answers")) from None
            except HTTPFailure as e:
                if e.code in (401, 403):
                    raise self.http.auth_error(e, self.url, "checking the endpoint") from None
                headers = e.headers
                problem = f"HTTP {e.code} {e.reason}" + (f": {e.detail}" if e.detail else "")
                if e.code not in RETRY_STATUS or attempt == self.http.retries:
                    break  # the server is there (a 5xx is tried again)
        return self._recognise(headers, problem, timeout)

    def _recognise(self, headers, problem: str, timeout: float) -> str:
        """After the URL answered, but not as a SPARQL endpoint: where the server's layout is
        known (Oxigraph's base address), set the URLs and say so; else raise EndpointError
        naming the endpoints to try."""
        parts = urllib.parse.urlsplit(self.url)
        base = urllib.parse.urlunsplit((parts.scheme, parts.netloc, "", "", ""))
        server = (headers.get("Server") or "") if headers is not None else ""
        if server.startswith("Oxigraph") and parts.path in ("", "/"):
            self.url = base + "/query"
            if not self._given["update"]:
                self.update_url = base + "/update"
            if not self._given["store"]:
                self.graph_store_url = base + "/store"
            try:
                if _is_ask_answer(self._ask(self.url, timeout)[1]):
                    return (f"{base} is an Oxigraph server: queries at {self.url}, updates at "
                            f"{self.update_url}" + (f", graph store at {self.graph_store_url}"
                                                    if self.graph_store_url else ""))
            except (NoAnswer, HTTPFailure):
                pass
            raise EndpointError(f"{base} is an Oxigraph server, but {self.url} does not answer "
                                "SPARQL queries")
        if server.startswith("Oxigraph"):
            raise EndpointError(self.scrub(
                f"{self.url} is not a SPARQL endpoint ({problem}). This is an Oxigraph server: "
                f"use --endpoint {base} (or {base}/query, with --graph-store {base}/store)"))
        if "fuseki" in server.lower() or (headers is not None
                                          and headers.get("Fuseki-Request-Id") is not None):
            names = self._fuseki_datasets(base, timeout)
            which = (f"its datasets: {', '.join(base + n for n in names)}" if names
                     else f"{base}/DATASET, the dataset's URL")
            raise EndpointError(self.scrub(
                f"{self.url} is not a SPARQL endpoint ({problem}). This is an Apache Jena Fuseki "
                f"server: use --endpoint with {which}"))
        raise EndpointError(self.scrub(
            f"{self.url} is not a SPARQL endpoint ({problem}). Give the server's query endpoint, "
            f"e.g. Oxigraph {base} or {base}/query, Apache Jena Fuseki {base}/DATASET, Virtuoso "
            f"{base}/sparql, GraphDB {base}/repositories/ID (--update-endpoint and --graph-store "
            "name the others where they differ)"))

    def _ask(self, url: str, timeout: float):
        data = urllib.parse.urlencode([("query", "ASK {}")]).encode()
        return self.http.once("POST", url, data, {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json"}, timeout)

    def _fuseki_datasets(self, base: str, timeout: float) -> list[str]:
        """The dataset names a Fuseki server lists (its admin API may be closed: then [])."""
        try:
            _, body = self.http.once("GET", base + "/$/datasets", None,
                                 {"Accept": "application/json"}, timeout)
            names = [d.get("ds.name", "") for d in json.loads(body).get("datasets", [])]
        except (NoAnswer, HTTPFailure, ValueError, AttributeError, TypeError):
            return []
        return [n for n in names if isinstance(n, str) and n.startswith("/")]

    def load_store(self, store, *, chunk_size: int = DEFAULT_CHUNK,
                   state_path: str | os.PathLike | None = None, force: bool = False,
                   graphs: Iterable[str] | None = None, prune: bool = True) -> LoadReport:
        """Push every named graph of ``store`` (a :class:`kg.store.embedded.Store`), one graph at
        a time, and report on each: see :func:`kg.store.loading.load_store`."""
        return load_store(self, store, chunk_size=chunk_size, state_path=state_path, force=force,
                          graphs=graphs, prune=prune)


# Replace <g> with the temporary graph <t> in one request, only if <t> holds data: repeated (after
# a lost reply) it changes nothing. The one-row subquery is the condition.
_SWAP = ("DELETE {{ GRAPH {g} {{ ?s ?p ?o }} }}\nWHERE {{ {{ SELECT ?x WHERE {{ GRAPH {t} "
         "{{ ?x ?y ?z }} }} LIMIT 1 }}\n        GRAPH {g} {{ ?s ?p ?o }} }} ;\n"
         "INSERT {{ GRAPH {g} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {t} {{ ?s ?p ?o }} }} ;\n"
         "DROP SILENT GRAPH {t}")


def _is_ask_answer(body: bytes) -> bool:
    """Whether ``body`` is SPARQL JSON results (Virtuoso answers ``ASK {}`` with a row)."""
    try:
        doc = json.loads(body.decode("utf-8"))
        return isinstance(doc.get("boolean"), bool) or isinstance(doc.get("head"), dict)
    except (UnicodeDecodeError, ValueError, AttributeError):
        return False


def _describe(headers, url: str) -> str:
    """A line about a recognised server that answered at ``url`` ("" for most)."""
    server = headers.get("Server") or ""
    if "fuseki" in server.lower() or headers.get("Fuseki-Request-Id") is not None:
        return f"{url}: an Apache Jena Fuseki dataset, which answers queries and updates itself"
    return ""


def _is_distinct(sparql: str) -> bool:
    """Whether the outermost SELECT of the query is SELECT DISTINCT."""
    m = re.search(r"\bSELECT\b\s*(DISTINCT\b)?", masked(sparql), re.I)
    return bool(m and m.group(1))


# Credentials, the errors and the load report are imported from here by callers (kg.api, tests)
# as well as from their homes (kg.store.credentials, kg.errors, kg.store.loading).
__all__ = ["Endpoint", "parse_results_json", "Credentials", "EndpointError", "EndpointAuthError",
           "EndpointUnreachable", "LoadReport", "GraphLoad", "DEFAULT_CHUNK", "ENV_USER",
           "ENV_PASSWORD"]
