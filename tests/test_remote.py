"""kg.store.remote against a small local SPARQL server with injected faults: retries with backoff,
errors that name the problem without showing credentials, graphs replaced in one step (never half
replaced), resumable loads, and update requests that do not paste article text.

The server double is a ``http.server`` in front of an in-memory pyoxigraph store speaking the
SPARQL 1.1 Protocol (query, update) and the Graph Store Protocol (PUT/POST ?graph=), so the data
really goes through; faults are injected per request.
"""
from __future__ import annotations

import base64
import json
import socket
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Literal, URIRef

from kg.cli.main import main
from kg.queries.library import QueryLibrary
from kg.store.embedded import Store
from kg.store.remote import Credentials, Endpoint, EndpointAuthError, EndpointError, parse_results_json

G = "https://w3id.org/secdip/id/graph/"


class FakeSparql:
    """A SPARQL server on 127.0.0.1 backed by pyoxigraph, with a queue of injected faults."""

    def __init__(self, user=None, password=None):
        self.store = ox.Store()
        self.faults = []  # (predicate(method, kind, body) -> bool, action) taken once, in order
        self.requests = []  # (method, kind, graph)
        self.watch = None  # graph whose size is recorded before every request
        self.sizes = []
        self.auth = (base64.b64encode(f"{user}:{password}".encode()).decode()
                     if user else None)
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                self._handle("GET")

            def do_POST(self):
                self._handle("POST")

            def do_PUT(self):
                self._handle("PUT")

            def _handle(self, method):
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n)
                url = urllib.parse.urlsplit(self.path)
                kind = url.path.strip("/")
                graph = urllib.parse.parse_qs(url.query).get("graph", [None])[0]
                fake.requests.append((method, kind, graph))
                if fake.watch:
                    fake.sizes.append(fake.size(fake.watch))
                if fake.auth and self.headers.get("Authorization") != f"Basic {fake.auth}":
                    return self._send(401, b"login", {"WWW-Authenticate": 'Basic realm="kg"'})
                for i, (pred, action) in enumerate(fake.faults):
                    if pred(method, kind, body):
                        del fake.faults[i]
                        if action == "hang":
                            time.sleep(1.5)
                            return self._send(200, b"late")
                        return self._send(action, b"injected failure")
                try:
                    if kind == "store":
                        data = list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
                        name = ox.NamedNode(graph)
                        if method == "PUT":
                            fake.store.update(f"DROP SILENT GRAPH {name}")
                        fake.store.extend([ox.Quad(t.subject, t.predicate, t.object, name)
                                           for t in data])
                        return self._send(204, b"")
                    ctype = (self.headers.get("Content-Type") or "").split(";")[0]
                    if ctype == "application/sparql-update":
                        form = {"update": [body.decode()]}
                    else:
                        form = urllib.parse.parse_qs(body.decode())
                    if kind == "update":
                        fake.store.update(form["update"][0])
                        return self._send(204, b"")
                    res = fake.store.query(form["query"][0],
                                           default_graph=[ox.NamedNode(g) for g in
                                                          form.get("default-graph-uri", [])]
                                           or None,
                                           use_default_graph_as_union=
                                           "default-graph-uri" not in form)
                    out = res.serialize(format=ox.QueryResultsFormat.JSON)
                    return self._send(200, out, {"Content-Type": "application/sparql-results+json"})
                except (SyntaxError, ValueError, KeyError) as e:
                    return self._send(400, str(e).encode())

            def _send(self, code, body, headers=None):
                try:
                    self.send_response(code)
                    for k, v in (headers or {}).items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (the timeout test)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def size(self, graph):
        return sum(1 for _ in self.store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake():
    f = FakeSparql()
    yield f
    f.close()


@pytest.fixture(scope="module")
def local(ds):
    st = Store.memory()
    st.replace_dataset(ds)
    return st


def endpoint(fake, gsp=True, **kw):
    delays = kw.pop("delays", [])
    return Endpoint(fake.url + "/query", graph_store_url=fake.url + "/store" if gsp else None,
                    backoff=0.01, sleep=delays.append, **kw)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("gsp", [True, False], ids=["graph-store", "update-only"])
def test_load_matches_local_counts_and_reload_does_not_double(fake, local, gsp, tmp_path):
    ep = endpoint(fake, gsp)
    report = ep.load_store(local, chunk_size=40)
    assert report.ok and len(report.loaded) == len(local.graphs())
    assert ep.counts() == local.counts()
    again = ep.load_store(local, chunk_size=10_000, force=True)
    assert again.ok and ep.counts() == local.counts()
    assert not [g for g in ep.graphs() if g.startswith("urn:x-kg-load:")]  # no temp graph left
    # the library gives the same answers over HTTP as on the embedded store
    lib = QueryLibrary()
    for spec in lib.list():
        if all(not p.required for p in spec.params):
            a, b = lib.run(spec.name, local, {}), lib.run(spec.name, ep, {})
            assert a.columns == b.columns, spec.name
            assert sorted(map(repr, a.rows)) == sorted(map(repr, b.rows)), spec.name


def test_a_500_in_the_middle_of_a_chunked_load_is_retried_and_never_half_replaces(fake, local):
    ep = endpoint(fake, delays=(delays := []))
    big = max(local.graphs(), key=local.count)
    assert ep.load_store(local).ok
    old = fake.size(big)
    # the second chunk POST fails once with 500; the graph is swapped in by one MOVE at the end
    calls = {"n": 0}

    def second_chunk(method, kind, body):
        if method == "POST" and kind == "store":
            calls["n"] += 1
            return calls["n"] == 2
        return False

    fake.faults.append((second_chunk, 500))
    fake.watch = big
    report = ep.load_store(local, chunk_size=max(2, local.count(big) // 3), force=True)
    assert report.ok, report.summary()
    item = next(g for g in report.graphs if g.graph == big)
    assert item.chunks >= 3 and item.remote == local.count(big)
    assert delays and delays[0] == pytest.approx(0.01)  # one retry after the 500
    assert set(fake.sizes) <= {old, local.count(big)}  # readers saw the old graph or the new one


def test_a_graph_that_keeps_failing_is_reported_and_a_rerun_resumes(fake, local, tmp_path):
    state = tmp_path / "state.json"
    ep = endpoint(fake, retries=2)
    first = local.graphs()[0]
    fake.faults += [(lambda m, k, b: m == "PUT", 503)] * 3  # every attempt at the first graph
    report = ep.load_store(local, state_path=state)
    assert [g.graph for g in report.failed] == [first]
    assert "HTTP 503" in report.failed[0].error and "3 attempts" in report.failed[0].error
    assert len(report.loaded) == len(local.graphs()) - 1
    assert first not in ep.graphs()  # nothing half-written
    assert "1 failed" in report.summary() and "run the same command again" in report.summary()
    # the report says what the server holds in the failed graph, not that it is "unchanged"
    assert "the server holds no triple in this graph" in report.summary()
    fake.requests.clear()
    rerun = ep.load_store(local, state_path=state)
    assert [g.graph for g in rerun.loaded] == [first]
    assert len(rerun.skipped) == len(local.graphs()) - 1
    assert [r for r in fake.requests if r[0] == "PUT"] == [("PUT", "store", first)]
    assert ep.counts() == local.counts()


def test_auth_errors_are_not_retried_and_never_show_the_credentials(local):
    fake = FakeSparql(user="loader", password="s3cret-Pa55")
    try:
        bad = Credentials("loader", "hunter2-wrong")
        ep = endpoint(fake, credentials=bad, delays=(delays := []))
        report = ep.load_store(local)
        assert not report.loaded and not delays  # stopped at once, no retry
        text = report.summary() + repr(ep.credentials) + repr(report.to_dict())
        assert "HTTP 401" in text and "credentials were refused" in text
        token = base64.b64encode(b"loader:hunter2-wrong").decode()
        assert "hunter2-wrong" not in text and token not in text
        assert all("not attempted" in g.error for g in report.failed[1:])
        good = endpoint(fake, credentials=Credentials("loader", "s3cret-Pa55"))
        assert good.load_store(local).ok and good.counts() == local.counts()
        with pytest.raises(EndpointAuthError, match="no credentials were given"):
            endpoint(fake).count(G + "gazetteer")
    finally:
        fake.close()


def test_a_hanging_endpoint_times_out_with_retries(fake):
    fake.faults += [(lambda m, k, b: True, "hang")] * 2
    ep = endpoint(fake, timeout=0.3, retries=1, delays=(delays := []))
    t0 = time.perf_counter()
    with pytest.raises(EndpointError, match=r"no answer within 0.3 s.*2 attempts"):
        ep.query("SELECT * WHERE { ?s ?p ?o }")
    assert delays == [0.01] and time.perf_counter() - t0 < 3


def test_an_unreachable_endpoint_fails_clearly_after_exponential_backoff():
    delays = []
    ep = Endpoint(f"http://127.0.0.1:{free_port()}/sparql", retries=3, backoff=0.5,
                  sleep=delays.append, credentials=Credentials("u", "pw-not-shown"))
    with pytest.raises(EndpointError) as exc:
        ep.query("ASK { ?s ?p ?o }")
    assert "cannot connect" in str(exc.value) and "4 attempts" in str(exc.value)
    assert delays == [0.5, 1.0, 2.0]
    assert "pw-not-shown" not in str(exc.value)


def test_update_text_is_serialised_ntriples_not_pasted_text(fake):
    nasty = 'x" } } ; DROP ALL ; INSERT DATA { GRAPH <urn:evil> { <urn:a> <urn:b> "y'
    ds = Dataset()
    g = ds.graph(URIRef(G + "article/nasty"))
    g.add((URIRef("urn:s"), URIRef("urn:p"), Literal(nasty)))
    g.add((URIRef("urn:s"), URIRef("urn:q"), Literal("línea\nnueva ✓", lang="es")))
    st = Store.memory()
    st.replace_dataset(ds)
    ep = endpoint(fake, gsp=False)
    assert ep.load_store(st, chunk_size=1).ok  # chunked: INSERT DATA into a temp graph + MOVE
    assert ep.graphs() == [G + "article/nasty"]
    rows = ep.query("SELECT ?o WHERE { <urn:s> ?p ?o } ORDER BY ?o").rows
    assert sorted(str(r[0]) for r in rows) == sorted([nasty, "línea\nnueva ✓"])


def test_results_json_from_virtuoso_parses_to_the_same_terms():
    doc = {"head": {"vars": ["a", "n", "s", "l", "u"]}, "results": {"bindings": [
        {"a": {"type": "uri", "value": "urn:x"},
         "n": {"type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer",
               "value": "3"},
         "s": {"type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#string",
               "value": "txt"},
         "l": {"type": "literal", "xml:lang": "es", "value": "hola"}}]}}
    res = parse_results_json(json.dumps(doc).encode())
    assert res.columns == ["a", "n", "s", "l", "u"]
    assert res.rows == [(URIRef("urn:x"), Literal(3), Literal("txt"), Literal("hola", lang="es"),
                         None)]
    assert parse_results_json(b'{"head": {}, "boolean": true}').boolean is True


def test_credentials_come_from_env_or_a_file_and_never_from_the_url(tmp_path):
    assert Credentials.from_env({}) is None
    c = Credentials.from_env({"KG_ENDPOINT_USER": "u", "KG_ENDPOINT_PASSWORD": "p"})
    assert (c.user, c.password) == ("u", "p") and "p'" not in repr(c)
    with pytest.raises(EndpointError, match="set both"):
        Credentials.from_env({"KG_ENDPOINT_USER": "u"})
    f = tmp_path / "creds"
    f.write_text("# loader\nuser=u\npassword=pa=ss\n")
    assert Credentials.from_file(f).password == "pa=ss"
    f.write_text("u:topsecret\n")
    with pytest.raises(EndpointError) as exc:
        Credentials.from_file(f)
    assert "creds:1" in str(exc.value) and "topsecret" not in str(exc.value)
    with pytest.raises(EndpointError, match="do not put credentials in the URL") as exc:
        Endpoint("http://u:topsecret@127.0.0.1:1/sparql")
    assert "topsecret" not in str(exc.value)


def test_cli_load_and_query_against_an_endpoint(fake, local, tmp_path, monkeypatch):
    store_dir = tmp_path / "store"
    st = Store(store_dir)
    for g in local.graphs():
        st._store.extend(q for q in local.quads() if q.graph_name.value == g)
    del st
    args = ["load", "--endpoint", fake.url + "/query", "--graph-store", fake.url + "/store",
            "--store", str(store_dir), "--chunk-size", "50"]
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 0, res.output
    assert f"{len(local.graphs())} graphs loaded" in res.output
    assert (tmp_path / "load-state.json").exists()
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 0 and f"{len(local.graphs())} skipped" in res.output
    res = CliRunner().invoke(main, ["query", "graph_statistics", "--format", "json",
                                    "--endpoint", fake.url + "/query"])
    assert res.exit_code == 0, res.output
    local_stats = QueryLibrary().run("graph_statistics", local)
    assert len(json.loads(res.output)["results"]["bindings"]) == len(local_stats.rows)
    monkeypatch.setattr("kg.store.remote.time.sleep", lambda s: None)  # the backoff of 4 retries
    monkeypatch.setenv("KG_ENDPOINT_USER", "someone")
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", "envsecret")
    res = CliRunner().invoke(main, ["query", "articles", "--endpoint",
                                    f"http://127.0.0.1:{free_port()}/sparql"])
    assert res.exit_code == 2 and "cannot connect" in res.output
    assert "envsecret" not in res.output


def test_cli_load_on_a_terminal_names_each_graph_once(fake, local, tmp_path, monkeypatch):
    """On a terminal the progress lines already name each graph: the closing report gives the
    totals (and failures) only, not every graph a second time."""
    store_dir = tmp_path / "store"
    st = Store(store_dir)
    for g in local.graphs():
        st._store.extend(q for q in local.quads() if q.graph_name.value == g)
    del st
    monkeypatch.setattr("kg.cli.store.on_terminal", lambda: True)
    res = CliRunner().invoke(main, ["load", "--endpoint", fake.url + "/query", "--graph-store",
                                    fake.url + "/store", "--store", str(store_dir)])
    assert res.exit_code == 0, res.output
    for g in local.graphs():
        assert res.output.count(g) == 1, (g, res.output)
    assert f"{len(local.graphs())} graphs loaded" in res.output
