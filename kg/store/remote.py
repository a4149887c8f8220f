"""A remote SPARQL 1.1 endpoint as a query engine, and loading the store into it.

In: an endpoint URL (SPARQL 1.1 Protocol for queries and updates, optionally a SPARQL 1.1 Graph
Store Protocol URL), credentials from ``KG_ENDPOINT_USER`` / ``KG_ENDPOINT_PASSWORD`` or a file,
SPARQL query text with typed bindings, or a :class:`kg.store.embedded.Store` to push.
Out: :class:`kg.store.embedded.Result` s made of rdflib terms (the same as the embedded engines give, so
:class:`kg.queries.library.QueryLibrary` runs unchanged against a server), and a :class:`LoadReport`
saying which named graphs were loaded, skipped or failed, with triple counts.

- :class:`Endpoint` ``.query(sparql, bindings)`` POSTs the query (parameters bound with
  :func:`kg.store.embedded.bind_values`, never pasted) and parses the SPARQL JSON results. By default
  (``dataset="kg"``) the request names the endpoint's graphs under ``<base>graph/`` as
  ``default-graph-uri`` and ``named-graph-uri``: the default graph is then their union, as in the
  embedded store, and system graphs of the server (Virtuoso has several) stay out of the results.
- :meth:`Endpoint.load_store` replaces each named graph on the server in one request (Graph Store
  Protocol ``PUT ?graph=`` with an N-Triples body, or one SPARQL Update
  ``DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> { … } }``). A graph larger than the chunk size
  is loaded in chunks into a temporary graph which one ``MOVE`` request then puts in place, so a
  reader never sees a graph half-replaced. The data part of every request is N-Triples serialised
  by pyoxigraph; article text is never pasted into SPARQL. After each graph the server's triple
  count is checked against the local one.
- Connection errors, timeouts, 5xx, 408 and 429 are retried with exponential backoff; 401/403
  stop at once with a clear error. A state file records what was loaded (graph, triples, digest),
  so a re-run skips graphs that are already on the server unchanged (resume after a failure).
- Credentials never appear in messages: every error text is scrubbed of the user name/password
  pair, the password and the ``Authorization`` token, and URLs with ``user:password@`` are refused.
"""
from __future__ import annotations

import base64
import hashlib
import http.client
import json
import os
import re
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

from kg.errors import EndpointAuthError, EndpointError
from kg.fileio import atomic_write
from kg.graph.namespaces import XSD, base_iri
from kg.store.embedded import _SKIP, QueryError, Result, _triples_result, bind_values, check_iri

ENV_USER = "KG_ENDPOINT_USER"
ENV_PASSWORD = "KG_ENDPOINT_PASSWORD"
DEFAULT_CHUNK = 50_000
_RETRY_STATUS = {408, 425, 429, 500, 502, 503, 504}
_TMP_PREFIX = "urn:x-kg-load:"
# a 5xx whose text says the request itself is wrong is not retried (Virtuoso answers a query it
# cannot compile with 500 and an SQL state such as 37000)
_REJECTED = re.compile(r"\b(?:37000|42000|22023)\b|SPARQL compiler|syntax error|parse error",
                       re.I)


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
    status: str  # loaded | skipped | failed
    triples: int  # local count
    remote: int | None = None  # count on the server after the load
    chunks: int = 0
    seconds: float = 0.0
    error: str = ""


@dataclass
class LoadReport:
    endpoint: str
    graphs: list[GraphLoad] = field(default_factory=list)
    seconds: float = 0.0

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
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        lines = []
        for g in self.graphs:
            if g.status == "loaded":
                rate = f", {g.triples / g.seconds:,.0f} triples/s" if g.seconds > 0 else ""
                lines.append(f"loaded   {g.graph}  {g.triples:,} triples ({g.chunks} request"
                             f"{'s' if g.chunks != 1 else ''}, {g.seconds:.1f} s{rate})")
            elif g.status == "skipped":
                lines.append(f"skipped  {g.graph}  {g.triples:,} triples (unchanged on the server)")
            else:
                lines.append(f"FAILED   {g.graph}  {g.triples:,} triples: {g.error}")
        total = sum(g.triples for g in self.loaded)
        lines.append(f"{self.endpoint}: {len(self.loaded)} graphs loaded ({total:,} triples), "
                     f"{len(self.skipped)} skipped, {len(self.failed)} failed, "
                     f"{self.seconds:.1f} s")
        if self.failed:
            lines.append("The failed graphs are unchanged on the server (or hold their previous "
                         "content); run the same command again to retry them.")
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return {"endpoint": self.endpoint, "seconds": round(self.seconds, 3),
                "graphs": [asdict(g) for g in self.graphs]}


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

    def _request(self, method: str, url: str, *, data: bytes | None = None,
                 headers: Mapping[str, str] | None = None, what: str = "request") -> bytes:
        """One HTTP request with retries; returns the body; raises EndpointError (scrubbed)."""
        last = ""
        for attempt in range(self.retries + 1):
            if attempt:
                delay = self.backoff * 2 ** (attempt - 1)
                self._log(self._scrub(f"{what}: {last}; retry {attempt}/{self.retries} "
                                      f"in {delay:.1f} s"))
                self._sleep(delay)
            req = urllib.request.Request(url, data=data, method=method, headers=dict(headers or {}))
            try:
                with self._opener.open(req, timeout=self.timeout) as resp:
                    return resp.read()
            except urllib.error.HTTPError as e:
                body = _read_quietly(e)
                detail = " ".join(body.decode("utf-8", "replace").split())[:300]
                if e.code in (401, 403):
                    who = "the credentials were refused" if self.credentials else \
                        f"no credentials were given (set {ENV_USER}/{ENV_PASSWORD} or use " \
                        "--credentials FILE)"
                    raise EndpointAuthError(self._scrub(
                        f"{what}: HTTP {e.code} {e.reason} from {url}: {who}"
                        + (" or this user may not write" if e.code == 403 else "")
                        + (f" (the server said: {detail})" if detail else ""))) from None
                last = f"HTTP {e.code} {e.reason}" + (f": {detail}" if detail else "")
                if e.code not in _RETRY_STATUS or _REJECTED.search(detail):
                    raise EndpointError(self._scrub(f"{what}: {last} (from {url})")) from None
            except (TimeoutError, socket.timeout):
                last = f"no answer within {self.timeout:g} s"
            except urllib.error.URLError as e:
                reason = e.reason
                if isinstance(reason, (TimeoutError, socket.timeout)):
                    last = f"no answer within {self.timeout:g} s"
                else:
                    last = f"cannot connect ({reason})"
            except (http.client.HTTPException, ConnectionError, OSError) as e:
                last = f"connection failed ({type(e).__name__}: {e})"
        raise EndpointError(self._scrub(f"{what}: {last} (from {url}; gave up after "
                                        f"{self.retries + 1} attempts)"))

    def _post_form(self, url: str, fields: list[tuple[str, str]], accept: str | None,
                   what: str) -> bytes:
        headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
        if accept:
            headers["Accept"] = accept
        return self._request("POST", url, data=urllib.parse.urlencode(fields).encode("utf-8"),
                             headers=headers, what=what)

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

    def _select(self, sparql: str, bindings=None, dataset: list[str] | None = None) -> Result:
        fields = [("query", bind_values(sparql, bindings))]
        for g in dataset or ():
            fields += [("default-graph-uri", g), ("named-graph-uri", g)]
        body = self._post_form(self.url, fields, "application/sparql-results+json, "
                               "application/n-triples;q=0.9, text/turtle;q=0.8", "query")
        text = body.lstrip()
        if text.startswith(b"{"):
            return parse_results_json(body)
        g = Graph()
        try:
            g.parse(data=body.decode("utf-8"), format="turtle")  # N-Triples is Turtle
        except Exception as e:  # noqa: BLE001 - any parser error
            raise EndpointError(f"query: cannot parse the endpoint's answer ({e})") from None
        return _triples_result(tuple(t) for t in g)

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

    def count(self, graph: str) -> int:
        check_iri(graph, "graph")
        res = self._select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                           {"g": URIRef(graph)})
        return int(res.rows[0][0]) if res.rows and res.rows[0][0] is not None else 0

    def counts(self, graphs: Iterable[str] | None = None) -> dict[str, int]:
        return {g: self.count(g) for g in (self.graphs() if graphs is None else graphs)}

    # ------------------------------------------------------------------ writing
    def update(self, sparql: str, what: str = "update") -> None:
        self._post_form(self.update_url, [("update", sparql)], None, what)

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

    def replace_graph(self, graph: str, triples: list[ox.Triple],
                      chunk_size: int = DEFAULT_CHUNK) -> int:
        """Replace ``graph`` on the server; return the number of requests that carried data.

        Up to ``chunk_size`` triples: one request. More: chunks into a temporary graph, then one
        ``MOVE`` onto ``graph`` (the old content stays visible until that request).
        """
        check_iri(graph, "graph")
        if chunk_size < 1:
            raise EndpointError(f"chunk size must be at least 1 (got {chunk_size})")
        if len(triples) <= chunk_size:
            self._put(graph, _nt(triples), f"graph {graph}")
            return 1
        tmp = _TMP_PREFIX + hashlib.sha1(graph.encode()).hexdigest()
        self.update(f"DROP SILENT GRAPH <{tmp}>", f"graph {graph}: clearing {tmp}")
        n = 0
        for n, start in enumerate(range(0, len(triples), chunk_size), 1):
            part = triples[start:start + chunk_size]
            self._add(tmp, _nt(part), f"graph {graph}: chunk {n} "
                      f"(triples {start + 1}-{start + len(part)})")
            self._log(f"{graph}: chunk {n}, {start + len(part):,}/{len(triples):,} triples")
        self.update(f"MOVE SILENT GRAPH <{tmp}> TO GRAPH <{graph}>",
                    f"graph {graph}: moving {tmp} into place")
        return n

    def load_store(self, store, *, chunk_size: int = DEFAULT_CHUNK,
                   state_path: str | os.PathLike | None = None, force: bool = False,
                   graphs: Iterable[str] | None = None) -> LoadReport:
        """Push every named graph of ``store`` (a :class:`kg.store.embedded.Store`), one graph at a time.

        A graph whose digest the state file records for this endpoint and whose triple count on
        the server matches is skipped unless ``force``. An auth error stops the load (the rest
        would fail the same way); any other error marks that graph failed and goes on.
        """
        t0 = time.perf_counter()
        report = LoadReport(self.graph_store_url or self.update_url)
        state = _read_state(state_path)
        key = report.endpoint
        done = state.setdefault(key, {})
        todo = sorted(graphs) if graphs is not None else store.graphs()
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
                report.graphs += [GraphLoad(g, "failed", store.count(g), error="not attempted "
                                            "(stopped at the authentication error above)")
                                  for g in todo[i + 1:]]
                break
            except (EndpointError, QueryError) as e:
                item.status, item.error = "failed", self._scrub(str(e))
                done.pop(graph, None)
                _write_state(state_path, state)
            finally:
                item.seconds = time.perf_counter() - t1
                self._log(f"{item.status} {graph} ({item.triples:,} triples)")
        self._graphs = None  # the dataset changed
        report.seconds = time.perf_counter() - t0
        return report


def _is_distinct(sparql: str) -> bool:
    """Whether the outermost SELECT of the query is SELECT DISTINCT."""
    m = re.search(r"\bSELECT\b\s*(DISTINCT\b)?", _SKIP.sub(" ", sparql), re.I)
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
