"""`kg load` into a real Oxigraph server, with a fault-injecting proxy in front where a fault is
needed (tests/fault_proxy.py): a lost reply never deletes a graph, two loads at once leave whole
graphs, the server's articles follow the store, a dead or hanging endpoint stops the load at
once with what to do, and a server's base address is recognised or refused with the endpoints
to try.
"""
from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest
from fault_proxy import FaultProxy, clear, free_port, oxigraph_server

from kg.queries.library import QueryLibrary
from kg.store.embedded import Store
from kg.store.remote import Endpoint
from kg.store.serve import ServeError, oxigraph_binary

ROOT = Path(__file__).resolve().parents[1]
TMP = "urn:x-kg-load:"


@pytest.fixture(scope="module")
def server():
    try:
        oxigraph_binary()
    except ServeError as e:
        pytest.skip(str(e))
    with oxigraph_server() as url:
        yield url


@pytest.fixture
def oxi(server):
    clear(server)
    yield server
    clear(server)


@pytest.fixture(scope="module")
def local(ds):
    st = Store.memory()
    st.replace_dataset(ds)
    return st


@pytest.fixture
def proxy(oxi):
    p = FaultProxy(oxi)
    yield p
    p.close()


def endpoint(url, **kw):
    kw.setdefault("backoff", 0.01)
    return Endpoint(url + "/query", graph_store_url=url + "/store", **kw)


def biggest(store) -> str:
    return max(store.graphs(), key=store.count)


def on_disk(local, path: Path, skip=()) -> Path:
    st = Store(path)
    st._store.extend(q for q in local.quads() if q.graph_name.value not in skip)
    del st
    return path


def kg(*args, timeout=60):
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT)


# ----------------------------------------------------------------------------- lost replies


@pytest.mark.parametrize("fault", ["drop", "late"])
def test_a_lost_reply_to_the_final_step_never_deletes_the_graph(proxy, oxi, local, fault):
    """The server puts the chunked graph in place, but its answer is lost (connection closed, or
    it comes after the client's time-out): repeating the step must not empty the graph."""
    big = biggest(local)
    assert endpoint(oxi).load_store(local).ok
    proxy.late_seconds = 2.0
    final = proxy.add(lambda r: TMP in r.sparql and f"<{big}>" in r.sparql, fault)
    ep = endpoint(proxy.url, timeout=1.0)
    report = ep.load_store(local, chunk_size=50, force=True)
    assert final.times == 0, "the fault was not injected"
    assert [r.action for r in proxy.seen if TMP in r.sparql and f"<{big}>" in r.sparql] \
        == [fault, "forward"]  # sent again after the lost reply
    assert report.ok, report.summary()
    item = next(g for g in report.graphs if g.graph == big)
    assert item.chunks >= 3 and item.remote == local.count(big)
    assert endpoint(oxi).counts() == local.counts()
    assert not [g for g in endpoint(oxi).graphs() if g.startswith(TMP)]


def test_a_failed_graph_is_reported_with_what_the_server_holds(proxy, oxi, local):
    big = biggest(local)
    assert endpoint(oxi).load_store(local).ok
    proxy.add(lambda r: r.method == "POST" and "/store" in r.path, 503, times=3)
    report = endpoint(proxy.url, retries=2).load_store(local, chunk_size=50, force=True)
    assert [g.graph for g in report.failed] == [big]
    text = report.summary()
    assert f"the server holds {local.count(big):,} triples in this graph (as many as the store)" \
        in text  # the old content stays, and the report says so
    assert "unchanged on the server" not in text.split(big)[1].splitlines()[0]
    assert endpoint(oxi).count(big) == local.count(big)
    assert not [g for g in endpoint(oxi).graphs() if g.startswith(TMP)]  # dropped after failing


# ----------------------------------------------------------------------------- two loads at once


def test_two_loads_at_once_leave_whole_graphs(oxi, local):
    """Load B runs from start to end while load A is between two chunks of the same graph."""
    big = biggest(local)
    b_report = []

    def during_a(msg):
        if not b_report and msg.startswith(f"{big}: chunk 2"):
            b_report.append(endpoint(oxi).load_store(local, chunk_size=30, force=True))

    a_report = endpoint(oxi, log=during_a).load_store(local, chunk_size=30, force=True)
    assert b_report, "load B did not run during load A"
    assert b_report[0].ok, b_report[0].summary()
    assert a_report.ok, a_report.summary()
    assert endpoint(oxi).counts() == local.counts()  # no half graph
    assert not [g for g in endpoint(oxi).graphs() if g.startswith(TMP)]


def test_two_load_processes_at_once(oxi, local, tmp_path):
    store = on_disk(local, tmp_path / "store")
    args = ["load", "--endpoint", oxi + "/query", "--store", str(store), "--chunk-size", "20",
            "--force"]
    procs = [subprocess.Popen([sys.executable, "-m", "kg", *args, "--state",
                               str(tmp_path / f"state{i}.json")], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for i in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0, out + err
        assert "4 graphs loaded" in out
    assert endpoint(oxi).counts() == local.counts()


# ----------------------------------------------------------------------------- server follows store


def test_load_removes_article_graphs_the_store_no_longer_has(oxi, local, tmp_path):
    gone = next(g for g in local.graphs() if "/graph/article/" in g)
    assert endpoint(oxi).load_store(local).ok
    other = ["urn:someone:else", "https://w3id.org/secdip/id/graph/custom"]
    for g in other:  # graphs this product did not write as articles stay
        endpoint(oxi).update(f"INSERT DATA {{ GRAPH <{g}> {{ <urn:a> <urn:b> <urn:c> }} }}")
    smaller = on_disk(local, tmp_path / "store", skip={gone})
    res = kg("load", "--endpoint", oxi, "--store", str(smaller))
    assert res.returncode == 0, res.stdout + res.stderr
    assert f"removed  {gone}  {local.count(gone):,} triples (no longer in the store)" in res.stdout
    assert "1 removed" in res.stdout
    ep = endpoint(oxi)
    assert gone not in ep.graphs() and all(g in ep.graphs() for g in other)
    rows = QueryLibrary().run("articles", ep).rows
    assert rows == QueryLibrary().run("articles", Store(smaller, read_only=True)).rows
    assert not any(gone.rsplit("/", 1)[1] in str(r) for r in rows)


def test_no_prune_keeps_them_and_an_empty_store_removes_nothing(oxi, local, tmp_path):
    gone = next(g for g in local.graphs() if "/graph/article/" in g)
    assert endpoint(oxi).load_store(local).ok
    smaller = on_disk(local, tmp_path / "store", skip={gone})
    res = kg("load", "--endpoint", oxi, "--store", str(smaller), "--no-prune")
    assert res.returncode == 0 and "0 removed" in res.stdout
    assert gone in endpoint(oxi).graphs()
    # a store without any article (a wrong --store) never empties the server
    no_articles = on_disk(local, tmp_path / "other",
                          skip={g for g in local.graphs() if "/graph/article/" in g})
    res = kg("load", "--endpoint", oxi, "--store", str(no_articles))
    assert res.returncode == 0 and "0 removed" in res.stdout
    assert endpoint(oxi).counts() == local.counts()


# ----------------------------------------------------------------------------- fail fast


def test_a_closed_port_fails_at_once_with_what_to_do(local, tmp_path):
    store = on_disk(local, tmp_path / "store")
    t0 = time.monotonic()
    res = kg("load", "--endpoint", f"http://127.0.0.1:{free_port()}/query", "--store",
             str(store), timeout=30)
    assert time.monotonic() - t0 < 15
    assert res.returncode == 2, res.stdout + res.stderr
    assert "cannot reach" in res.stdout and "Is the server running" in res.stdout
    assert "Nothing was changed on the server" in res.stdout
    assert "4 not attempted" in res.stdout and "Traceback" not in res.stderr


def test_a_hanging_endpoint_fails_after_one_short_check(proxy, local, tmp_path):
    store = on_disk(local, tmp_path / "store")
    proxy.add(lambda r: True, "hang", times=1000)
    t0 = time.monotonic()
    res = kg("load", "--endpoint", proxy.url + "/query", "--store", str(store), "--timeout",
             "3", timeout=40)
    assert time.monotonic() - t0 < 20
    assert res.returncode == 2, res.stdout + res.stderr
    assert "no answer within 3 s" in res.stdout and "Is the server running" in res.stdout
    assert len(proxy.seen) == 1  # one check, no graph tried


def test_an_endpoint_that_stops_answering_stops_the_load(proxy, oxi, local):
    first = local.graphs()[0]

    def log(msg):  # the first graph goes through; from then on, nothing answers
        if msg.startswith(f"loaded {first}"):
            proxy.add(lambda r: True, "hang", times=1000)

    ep = endpoint(proxy.url, timeout=1.0, retries=4, log=log)
    t0 = time.monotonic()
    report = ep.load_store(local)
    assert time.monotonic() - t0 < 10  # 3 time-outs, not 5 per graph
    assert [g.graph for g in report.loaded] == [first]
    assert "3 requests in a row got no answer" in report.stopped
    assert "run the same command again" in report.summary()
    assert sum("not attempted" in g.error for g in report.failed) == len(local.graphs()) - 2


# ----------------------------------------------------------------------------- base addresses


@pytest.mark.parametrize("suffix", ["", "/"])
def test_the_base_address_of_an_oxigraph_server_is_recognised(oxi, local, tmp_path, suffix):
    store = on_disk(local, tmp_path / "store")
    res = kg("load", "--endpoint", oxi + suffix, "--store", str(store))
    assert res.returncode == 0, res.stdout + res.stderr
    assert (f"{oxi} is an Oxigraph server: queries at {oxi}/query, updates at {oxi}/update, "
            f"graph store at {oxi}/store") in res.stderr
    assert "4 graphs loaded" in res.stdout
    assert endpoint(oxi).counts() == local.counts()


def test_another_path_of_an_oxigraph_server_names_the_endpoint_to_use(oxi, local, tmp_path):
    store = on_disk(local, tmp_path / "store")
    res = kg("load", "--endpoint", oxi + "/sparql/kg", "--store", str(store))
    assert res.returncode == 2
    assert f"This is an Oxigraph server: use --endpoint {oxi}" in res.stdout
    assert endpoint(oxi).graphs() == []


class _Fuseki(BaseHTTPRequestHandler):
    """Just enough of an Apache Jena Fuseki server: one dataset /kg answering every operation
    at its own URL, and the admin list of datasets."""

    store: ox.Store

    def log_message(self, *args):
        pass

    def _send(self, code, body=b"", ctype="text/plain"):
        self.send_response(code)
        self.send_header("Server", "Apache Jena Fuseki (5.1.0)")
        self.send_header("Fuseki-Request-Id", "7")
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == "/$/datasets":
            return self._send(200, json.dumps({"datasets": [{"ds.name": "/kg"}]}).encode(),
                              "application/json")
        self._send(404, b"Not Found")

    def do_POST(self):
        import urllib.parse

        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        if not self.path.startswith("/kg"):
            return self._send(404, b"Not Found")
        ctype = (self.headers.get("Content-Type") or "").split(";")[0]
        if ctype == "application/sparql-update":
            self.store.update(body)
            return self._send(204)
        form = urllib.parse.parse_qs(body)
        if "update" in form:
            self.store.update(form["update"][0])
            return self._send(204)
        res = self.store.query(form["query"][0], use_default_graph_as_union=True)
        self._send(200, res.serialize(format=ox.QueryResultsFormat.JSON),
                   "application/sparql-results+json")


@pytest.fixture
def fuseki():
    handler = type("H", (_Fuseki,), {"store": ox.Store()})
    srv = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}", handler.store
    srv.shutdown()
    srv.server_close()


def test_a_fuseki_dataset_url_loads_and_the_server_root_names_the_datasets(fuseki, local,
                                                                           tmp_path):
    url, data = fuseki
    store = on_disk(local, tmp_path / "store")
    res = kg("load", "--endpoint", url, "--store", str(store))
    assert res.returncode == 2
    assert f"This is an Apache Jena Fuseki server: use --endpoint with its datasets: {url}/kg" \
        in res.stdout
    res = kg("load", "--endpoint", url + "/kg", "--store", str(store))
    assert res.returncode == 0, res.stdout + res.stderr
    assert "an Apache Jena Fuseki dataset" in res.stderr
    assert sorted(str(g.value) for g in data.named_graphs()) == local.graphs()


def test_an_unknown_server_names_the_endpoints_to_try(local, tmp_path):
    class NotSparql(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()

    srv = ThreadingHTTPServer(("127.0.0.1", 0), NotSparql)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{srv.server_address[1]}"
    try:
        t0 = time.monotonic()
        res = kg("load", "--endpoint", url, "--store", str(on_disk(local, tmp_path / "s")))
    finally:
        srv.shutdown()
        srv.server_close()
    assert res.returncode == 2 and time.monotonic() - t0 < 20
    for hint in (f"Oxigraph {url} or {url}/query", f"Apache Jena Fuseki {url}/DATASET",
                 f"Virtuoso {url}/sparql"):
        assert hint in res.stdout, res.stdout
