"""A remote SPARQL 1.1 endpoint as a query engine, and loading the store into it.

In: an endpoint URL (SPARQL 1.1 Protocol for queries and updates, optionally a SPARQL 1.1 Graph
Store Protocol URL, or the base address of a server whose layout is known), credentials from
``KG_ENDPOINT_USER`` / ``KG_ENDPOINT_PASSWORD`` or a file, SPARQL query text with typed bindings,
or a :class:`kg.store.embedded.Store` to push.
Out: :class:`kg.store.results.Result` s made of rdflib terms (the same as the embedded engines give, so
:class:`kg.queries.library.QueryLibrary` runs unchanged against a server), and a :class:`LoadReport`
saying which named graphs were loaded, skipped, removed or failed, with triple counts and what the
server holds after a failure.

- :class:`Endpoint` ``.query(sparql, bindings)`` POSTs the query (parameters bound with
  :func:`kg.store.binding.bind_values`, never pasted) and parses the SPARQL JSON results. By default
  (``dataset="kg"``) the request names the endpoint's graphs under ``<base>graph/`` as
  ``default-graph-uri`` and ``named-graph-uri``: the default graph is then their union, as in the
  embedded store, and system graphs of the server (Virtuoso has several) stay out of the results.
- :meth:`Endpoint.check` asks the endpoint once (``ASK {}``, one attempt) before a load. A server's
  base address is recognised where its layout is known (Oxigraph: ``/query``, ``/update``,
  ``/store``; an Apache Jena Fuseki dataset URL answers every operation itself); anything else that
  does not answer SPARQL fails at once with a message naming the endpoints to try.
- :meth:`Endpoint.load_store` replaces each named graph on the server in one request (Graph Store
  Protocol ``PUT ?graph=`` with an N-Triples body, or one SPARQL Update
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
  stop at once with a clear error. During a load, a few requests in a row without any answer
  (refused, reset, time-out) stop the whole load with what to do, instead of trying every graph.
  A state file records what was loaded (graph, triples, digest), so a re-run skips graphs that
  are already on the server unchanged (resume after a failure).
- Credentials never appear in messages: every error text is scrubbed of the user name/password
  pair, the password and the ``Authorization`` token, and URLs with ``user:password@`` are refused.
"""
from __future__ import annotations

import base64
import calendar
import hashlib
import http.client
import json
import os
import re
import secrets
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier

from kg.errors import EndpointAuthError, EndpointError, EndpointUnreachable, QueryError
from kg.fileio import atomic_write
from kg.graph.namespaces import XSD, base_iri
from kg.store.binding import bind_values, check_iri, masked
from kg.store.results import Result, triples_result

ENV_USER = "KG_ENDPOINT_USER"
ENV_PASSWORD = "KG_ENDPOINT_PASSWORD"
DEFAULT_CHUNK = 50_000
_RETRY_STATUS = {408, 425, 429, 500, 502, 503, 504}
_TMP_PREFIX = "urn:x-kg-load:"
# temporary graphs of a run that started longer ago than this are left-overs of a killed load
STALE_TMP_SECONDS = 24 * 3600
# during a load, this many requests in a row without an answer stop it (the endpoint is down)
STOP_AFTER_NO_ANSWER = 3
# the one check before a load waits at most this long (a hanging endpoint fails fast)
CHECK_TIMEOUT = 10.0
# a 5xx whose text says the request itself is wrong is not retried (Virtuoso answers a query it
# cannot compile with 500 and an SQL state such as 37000)
_REJECTED = re.compile(r"\b(?:37000|42000|22023)\b|SPARQL compiler|syntax error|parse error",
                       re.I)


class _NoAnswer(Exception):
    """One attempt got no HTTP answer (internal)."""


class _HTTPFailure(Exception):
    """One attempt got an HTTP error status (internal)."""

    def __init__(self, code: int, reason: str, detail: str, headers):
        super().__init__(f"HTTP {code} {reason}")
        self.code, self.reason, self.detail, self.headers = code, reason, detail, headers


# ----------------------------------------------------------------------------- credentials


@dataclass(frozen=True)
class Credentials:
    user: str
    password: str = field(repr=False)

    def __repr__(self) -> str:  # never show the password, even in a traceback
        return f"Credentials(user={self.user!r}, password='***')"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Credentials | None:
        env = os.environ if environ is None else environ
        user, password = env.get(ENV_USER), env.get(ENV_PASSWORD)
        if not user and not password:
            return None
        if not user or password is None:
            raise EndpointError(f"set both {ENV_USER} and {ENV_PASSWORD} (only one is set)")
        return cls(user, password)

    @classmethod
    def from_file(cls, path: str | os.PathLike) -> Credentials:
        """A file of ``user=…`` and ``password=…`` lines (``KG_ENDPOINT_USER=…`` also works)."""
        p = Path(path)
        try:
            text = p.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise EndpointError(f"{p}: cannot read the credentials file ({type(e).__name__})") \
                from None
        values = {}
        for n, line in enumerate(text.splitlines(), 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            key, sep, value = line.partition("=")
            key = key.strip().lower().removeprefix("kg_endpoint_")
            if not sep or key not in ("user", "password"):
                raise EndpointError(f"{p}:{n}: expected 'user=NAME' or 'password=SECRET' "
                                    "(the line is not shown, it may hold a secret)")
            values[key] = value.strip()
        if "user" not in values or "password" not in values:
            raise EndpointError(f"{p}: needs a 'user=' line and a 'password=' line")
        return cls(values["user"], values["password"])

    def secrets(self) -> list[str]:
        pair = f"{self.user}:{self.password}"
        token = base64.b64encode(pair.encode()).decode()
        return [s for s in (pair, token, self.password) if s]


def scrub(text: str, creds: Credentials | None) -> str:
    """``text`` with the password, the user:password pair and its Basic token replaced by ***."""
    if creds is not None:
        for secret in creds.secrets():
            text = text.replace(secret, "***")
    return text


def _check_url(url: str, what: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise EndpointError(f"{what}: {url!r} is not an http(s) URL")
    if parts.username or parts.password:
        raise EndpointError(f"{what}: do not put credentials in the URL (they end up in shell "
                            f"history and logs); use {ENV_USER}/{ENV_PASSWORD} or --credentials")
    return url


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


# ----------------------------------------------------------------------------- load report


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

    def summary(self) -> str:
        lines, pending = [], 0
        for g in self.graphs:
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
    default graph) or a list of graph IRIs.
    """

    def __init__(self, url: str, *, update_url: str | None = None,
                 graph_store_url: str | None = None, credentials: Credentials | None = None,
                 timeout: float = 30.0, retries: int = 4, backoff: float = 0.5,
                 dataset: str | list[str] = "kg", base: str | None = None,
                 log: Callable[[str], None] | None = None,
                 sleep: Callable[[float], None] | None = None):
        self.url = _check_url(url, "endpoint")
        self._given = {"update": update_url is not None, "store": graph_store_url is not None}
        if update_url is None:
            update_url = _sibling(url, "update") if url.rstrip("/").endswith("/query") else url
        self.update_url = _check_url(update_url, "update endpoint")
        self.graph_store_url = (_check_url(graph_store_url, "graph store")
                                if graph_store_url else None)
        self.credentials = credentials
        self.timeout, self.retries, self.backoff = timeout, retries, backoff
        if isinstance(dataset, str) and dataset not in ("kg", "endpoint"):
            raise EndpointError(f"dataset {dataset!r}: use 'kg', 'endpoint' or a list of graphs")
        self.dataset = dataset
        self.base = base
        self._log = log or (lambda msg: None)
        self._sleep = sleep or (lambda seconds: time.sleep(seconds))
        self._graphs: list[str] | None = None
        self._run: str | None = None  # names this load's temporary graphs
        self._silent = 0  # requests in a row that got no answer at all
        self.stop_after: int | None = None  # that many stop retrying (set during a load)
        handlers: list = []
        if credentials is not None:
            mgr = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for u in {self.url, self.update_url, self.graph_store_url} - {None}:
                mgr.add_password(None, u, credentials.user, credentials.password)
            handlers += [urllib.request.HTTPBasicAuthHandler(mgr),
                         urllib.request.HTTPDigestAuthHandler(mgr)]
        self._opener = urllib.request.build_opener(*handlers)

    def __repr__(self) -> str:
        return f"Endpoint({self.url!r})"

    # ------------------------------------------------------------------ HTTP
    def _scrub(self, text: str) -> str:
        return scrub(text, self.credentials)

    def _once(self, method: str, url: str, data: bytes | None,
              headers: Mapping[str, str] | None, timeout: float):
        """One attempt: the headers and body of a 2xx answer; raises _HTTPFailure or _NoAnswer."""
        req = urllib.request.Request(url, data=data, method=method, headers=dict(headers or {}))
        try:
            with self._opener.open(req, timeout=timeout) as resp:
                body = resp.read()
            self._silent = 0
            return resp.headers, body
        except urllib.error.HTTPError as e:
            self._silent = 0
            detail = " ".join(_read_quietly(e).decode("utf-8", "replace").split())[:300]
            raise _HTTPFailure(e.code, e.reason, detail, e.headers) from None
        except (TimeoutError, socket.timeout):
            reason = f"no answer within {timeout:g} s"
        except urllib.error.URLError as e:
            if isinstance(e.reason, (TimeoutError, socket.timeout)):
                reason = f"no answer within {timeout:g} s"
            else:
                reason = f"cannot connect ({e.reason})"
        except (http.client.HTTPException, ConnectionError, OSError) as e:
            reason = f"connection failed ({type(e).__name__}: {e})"
        self._silent += 1
        raise _NoAnswer(reason)

    def _auth_error(self, e: _HTTPFailure, url: str, what: str) -> EndpointAuthError:
        who = "the credentials were refused" if self.credentials else \
            f"no credentials were given (set {ENV_USER}/{ENV_PASSWORD} or use --credentials FILE)"
        return EndpointAuthError(self._scrub(
            f"{what}: HTTP {e.code} {e.reason} from {url}: {who}"
            + (" or this user may not write" if e.code == 403 else "")
            + (f" (the server said: {e.detail})" if e.detail else "")))

    def _request(self, method: str, url: str, *, data: bytes | None = None,
                 headers: Mapping[str, str] | None = None, what: str = "request",
                 retries: int | None = None) -> bytes:
        """One HTTP request with retries; returns the body; raises EndpointError (scrubbed).

        Every step a load repeats this way is safe to repeat (see :meth:`replace_graph`). With
        ``stop_after`` set, that many requests in a row without an answer raise
        :class:`EndpointUnreachable` at once instead of trying the remaining attempts.
        """
        retries = self.retries if retries is None else retries
        last, unanswered = "", False
        for attempt in range(retries + 1):
            if attempt:
                delay = self.backoff * 2 ** (attempt - 1)
                self._log(self._scrub(f"{what}: {last}; retry {attempt}/{retries} "
                                      f"in {delay:.1f} s"))
                self._sleep(delay)
            try:
                return self._once(method, url, data, headers, self.timeout)[1]
            except _HTTPFailure as e:
                if e.code in (401, 403):
                    raise self._auth_error(e, url, what) from None
                last, unanswered = f"HTTP {e.code} {e.reason}" + (f": {e.detail}" if e.detail
                                                                    else ""), False
                if e.code not in _RETRY_STATUS or _REJECTED.search(e.detail):
                    raise EndpointError(self._scrub(f"{what}: {last} (from {url})")) from None
            except _NoAnswer as e:
                last, unanswered = str(e), True
                if self.stop_after and self._silent >= self.stop_after:
                    raise EndpointUnreachable(self._scrub(
                        f"{what}: {last} (from {url}; {self._silent} requests in a row got no "
                        "answer)")) from None
        raise (EndpointUnreachable if unanswered else EndpointError)(self._scrub(
            f"{what}: {last} (from {url}; gave up after {retries + 1} attempts)"))

    def _post_form(self, url: str, fields: list[tuple[str, str]], accept: str | None,
                   what: str, retries: int | None = None) -> bytes:
        headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
        if accept:
            headers["Accept"] = accept
        return self._request("POST", url, data=urllib.parse.urlencode(fields).encode("utf-8"),
                             headers=headers, what=what, retries=retries)

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
        body = self._post_form(self.url, fields, "application/sparql-results+json, "
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
        self._request("POST", self.update_url, data=sparql.encode("utf-8"),
                      headers={"Content-Type": "application/sparql-update; charset=utf-8"},
                      what=what, retries=retries)

    def _gsp(self, method: str, graph: str, body: bytes, what: str) -> None:
        sep = "&" if "?" in self.graph_store_url else "?"
        url = f"{self.graph_store_url}{sep}graph={urllib.parse.quote(graph, safe='')}"
        self._request(method, url, data=body,
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
        return f"{_TMP_PREFIX}{self._run}:{hashlib.sha1(graph.encode()).hexdigest()[:16]}"

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
            self._put(graph, _nt(triples), f"graph {graph}")
            return 1
        tmp = self._tmp_graph(graph)
        n = 0
        try:
            for n, start in enumerate(range(0, len(triples), chunk_size), 1):
                part = triples[start:start + chunk_size]
                self._add(tmp, _nt(part), f"graph {graph}: chunk {n} "
                          f"(triples {start + 1}-{start + len(part)})")
                self._log(f"{graph}: chunk {n}, {start + len(part):,}/{len(triples):,} triples")
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
        timeout = min(self.timeout, CHECK_TIMEOUT)
        for attempt in range(self.retries + 1):
            if attempt:
                self._sleep(self.backoff * 2 ** (attempt - 1))
            try:
                headers, body = self._ask(self.url, timeout)
                if _is_ask_answer(body):
                    return _describe(headers, self.url)
                problem = "its answer is not SPARQL results"
                break
            except _NoAnswer as e:
                # a time-out or a closed port fails at once; a dropped connection is tried again
                if attempt < self.retries and str(e).startswith("connection failed"):
                    continue
                raise EndpointUnreachable(self._scrub(
                    f"cannot reach {self.url}: {e}. Is the server running, and are the host and "
                    "port right? Nothing was changed on the server; run the command again once "
                    "the endpoint answers")) from None
            except _HTTPFailure as e:
                if e.code in (401, 403):
                    raise self._auth_error(e, self.url, "checking the endpoint") from None
                headers = e.headers
                problem = f"HTTP {e.code} {e.reason}" + (f": {e.detail}" if e.detail else "")
                if e.code not in _RETRY_STATUS or attempt == self.retries:
                    break  # the server is there (a 5xx is tried again)
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
            except (_NoAnswer, _HTTPFailure):
                pass
            raise EndpointError(f"{base} is an Oxigraph server, but {self.url} does not answer "
                                "SPARQL queries")
        if server.startswith("Oxigraph"):
            raise EndpointError(self._scrub(
                f"{self.url} is not a SPARQL endpoint ({problem}). This is an Oxigraph server: "
                f"use --endpoint {base} (or {base}/query, with --graph-store {base}/store)"))
        if "fuseki" in server.lower() or (headers is not None
                                          and headers.get("Fuseki-Request-Id") is not None):
            names = self._fuseki_datasets(base, timeout)
            which = (f"its datasets: {', '.join(base + n for n in names)}" if names
                     else f"{base}/DATASET, the dataset's URL")
            raise EndpointError(self._scrub(
                f"{self.url} is not a SPARQL endpoint ({problem}). This is an Apache Jena Fuseki "
                f"server: use --endpoint with {which}"))
        raise EndpointError(self._scrub(
            f"{self.url} is not a SPARQL endpoint ({problem}). Give the server's query endpoint, "
            f"e.g. Oxigraph {base} or {base}/query, Apache Jena Fuseki {base}/DATASET, Virtuoso "
            f"{base}/sparql, GraphDB {base}/repositories/ID (--update-endpoint and --graph-store "
            "name the others where they differ)"))

    def _ask(self, url: str, timeout: float):
        data = urllib.parse.urlencode([("query", "ASK {}")]).encode()
        return self._once("POST", url, data, {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json"}, timeout)

    def _fuseki_datasets(self, base: str, timeout: float) -> list[str]:
        """The dataset names a Fuseki server lists (its admin API may be closed: then [])."""
        try:
            _, body = self._once("GET", base + "/$/datasets", None,
                                 {"Accept": "application/json"}, timeout)
            names = [d.get("ds.name", "") for d in json.loads(body).get("datasets", [])]
        except (_NoAnswer, _HTTPFailure, ValueError, AttributeError, TypeError):
            return []
        return [n for n in names if isinstance(n, str) and n.startswith("/")]

    def load_store(self, store, *, chunk_size: int = DEFAULT_CHUNK,
                   state_path: str | os.PathLike | None = None, force: bool = False,
                   graphs: Iterable[str] | None = None, prune: bool = True) -> LoadReport:
        """Push every named graph of ``store`` (a :class:`kg.store.embedded.Store`), one graph at a time.

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
        self._run, self._silent = None, 0
        report = LoadReport(self.graph_store_url or self.update_url)

        def not_attempted(rest: list[str], why: str) -> None:
            report.graphs.extend(GraphLoad(g, "failed", store.count(g),
                                           error=f"{NOT_ATTEMPTED} ({why})") for g in rest)
        try:
            note = self.check()
        except EndpointError as e:
            report.stopped = self._scrub(str(e))
            not_attempted(todo, "the endpoint check failed")
            report.seconds = time.perf_counter() - t0
            return report
        if note:
            self._log(note)
            report.notes.append(note)
        report.endpoint = key = self.graph_store_url or self.update_url
        done = state.setdefault(key, {})
        saved, self.stop_after = self.stop_after, STOP_AFTER_NO_ANSWER
        try:
            for i, graph in enumerate(todo):
                t1 = time.perf_counter()
                triples = [ox.Triple(q.subject, q.predicate, q.object) for q in
                           store._store.quads_for_pattern(None, None, None, ox.NamedNode(graph))]
                digest = hashlib.sha256(_nt(triples)).hexdigest()
                item = GraphLoad(graph, "loaded", len(triples))
                report.graphs.append(item)
                try:
                    prev = done.get(graph)
                    if not force and prev and prev.get("sha256") == digest:
                        item.remote = self.count(graph)
                        if item.remote == len(triples):
                            item.status = "skipped"
                            continue
                    item.chunks = self.replace_graph(graph, triples, chunk_size)
                    item.remote = self.count(graph)
                    if item.remote != len(triples):
                        raise EndpointError(f"the server holds {item.remote:,} triples in this "
                                            f"graph after the load, expected {len(triples):,}")
                    done[graph] = {"triples": len(triples), "sha256": digest,
                                   "loaded": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
                    _write_state(state_path, state)
                except EndpointAuthError as e:
                    item.status, item.error = "failed", str(e)
                    report.stopped = "the endpoint refused the credentials (above)"
                    not_attempted(todo[i + 1:], "stopped at the authentication error")
                    break
                except (EndpointError, QueryError) as e:
                    item.status, item.error = "failed", self._scrub(str(e))
                    done.pop(graph, None)
                    _write_state(state_path, state)
                    if self._silent >= STOP_AFTER_NO_ANSWER:
                        report.stopped = (
                            f"{self._silent} requests in a row got no answer from the endpoint "
                            f"({self.update_url}): it is down, hanging or unreachable. Check the "
                            "server (is it running? its log, memory and disk) and the network, "
                            "then run the same command again")
                        not_attempted(todo[i + 1:], "the endpoint stopped answering")
                        break
                    try:
                        item.remote = self.count(graph, retries=0)
                    except (EndpointError, QueryError):
                        item.remote = None
                finally:
                    item.seconds = time.perf_counter() - t1
                    self._log(f"{item.status} {graph} ({item.triples:,} triples)")
            else:
                if prune and graphs is None:
                    self._prune(store, report, done)
                    _write_state(state_path, state)
        finally:
            self.stop_after = saved
            self._graphs = None  # the dataset changed
        report.seconds = time.perf_counter() - t0
        return report

    def _prune(self, store, report: LoadReport, done: dict) -> None:
        """Drop article graphs the store no longer has, and stale temporary graphs."""
        local = set(store.graphs())
        prefixes = {g[:g.index(_ARTICLES) + len(_ARTICLES)] for g in local if _ARTICLES in g}
        try:
            on_server = self.graphs()
        except (EndpointError, QueryError) as e:
            report.notes.append(f"could not list the server's graphs to remove those the store "
                                f"no longer has: {self._scrub(str(e))}")
            return
        stale, now = 0, time.time()
        for g in on_server:
            try:
                check_iri(g, "graph")
            except QueryError:
                continue
            try:
                if g.startswith(_TMP_PREFIX):
                    if _stale_tmp(g, now):
                        self.update(f"DROP SILENT GRAPH <{g}>", f"dropping {g}")
                        stale += 1
                elif g not in local and any(g.startswith(p) for p in prefixes):
                    n = self.count(g)
                    self.update(f"DROP SILENT GRAPH <{g}>", f"removing {g}")
                    report.graphs.append(GraphLoad(g, "removed", n, remote=0))
                    done.pop(g, None)
                    self._log(f"removed {g} ({n:,} triples; no longer in the store)")
            except (EndpointError, QueryError) as e:
                report.graphs.append(GraphLoad(g, "failed", 0, error="no longer in the store, "
                                               f"but not removed: {self._scrub(str(e))}"))
        if stale:
            report.notes.append(f"dropped {stale} temporary graph{'s' if stale != 1 else ''} "
                                "left by loads interrupted more than a day ago")


# Replace <g> with the temporary graph <t> in one request, only if <t> holds data: repeated (after
# a lost reply) it changes nothing. The one-row subquery is the condition.
_SWAP = ("DELETE {{ GRAPH {g} {{ ?s ?p ?o }} }}\nWHERE {{ {{ SELECT ?x WHERE {{ GRAPH {t} "
         "{{ ?x ?y ?z }} }} LIMIT 1 }}\n        GRAPH {g} {{ ?s ?p ?o }} }} ;\n"
         "INSERT {{ GRAPH {g} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {t} {{ ?s ?p ?o }} }} ;\n"
         "DROP SILENT GRAPH {t}")
_ARTICLES = "/graph/article/"


def _stale_tmp(graph: str, now: float) -> bool:
    """Whether a temporary graph belongs to a load that started more than a day ago (or to a
    load of an older version, whose names carry no time)."""
    m = re.match(re.escape(_TMP_PREFIX) + r"(\d{8}T\d{6}Z)-", graph)
    if not m:
        return True
    started = calendar.timegm(time.strptime(m.group(1), "%Y%m%dT%H%M%SZ"))
    return now - started > STALE_TMP_SECONDS


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


def _nt(triples: list[ox.Triple]) -> bytes:
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) if triples else b""


def _read_quietly(e: urllib.error.HTTPError) -> bytes:
    try:
        return e.read() or b""
    except (OSError, http.client.HTTPException):
        return b""


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
