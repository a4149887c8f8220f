"""`kg serve` as web pages meet it: a page elsewhere cannot change a --writable store (forms that
auto-submit DROP ALL, in headless Chromium), cannot read it unless its origin was given with
--cors (fetch() from a page on another loopback port), and no query makes the server fetch
another URL unless --allow-service is given.

Each test starts `kg serve` on a copy of the fixture store on 127.0.0.1 and stops it after.
"""
from __future__ import annotations

import http.client
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from fault_proxy import free_port
from local_servers import browser_missing, chromium, kg_serves

from kg.store.embedded import Store
from kg.store.front import Policy, remote_calls
from kg.store.serve import ServeError, oxigraph_binary

ROOT = Path(__file__).resolve().parents[1]
needs_browser = pytest.mark.skipif(browser_missing() is not None, reason=browser_missing() or "")


@pytest.fixture(scope="module")
def store_dir(ds, tmp_path_factory):
    path = tmp_path_factory.mktemp("served") / "store"
    st = Store(path)
    st.replace_dataset(ds)
    del st
    return path


@pytest.fixture
def serve(store_dir, tmp_path):
    """Start `kg serve` on a copy of the fixture store: serve(*args) -> base URL."""
    for serves in kg_serves([sys.executable, "-m", "kg"], store_dir, tmp_path, cwd=ROOT):
        yield lambda *args: serves.start(*args)[0]


def count(url: str) -> int:
    q = urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    req = urllib.request.Request(f"{url}/query?query={q}",
                                 headers={"Accept": "application/sparql-results+json"})
    import json

    doc = json.loads(urllib.request.urlopen(req, timeout=10).read())
    return int(doc["results"]["bindings"][0]["n"]["value"])


def request(url: str, method: str, path: str, body: bytes | None = None, **headers):
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    conn.request(method, path, body=body, headers=headers)
    resp = conn.getresponse()
    out = resp.status, resp.read().decode("utf-8", "replace"), dict(resp.getheaders())
    conn.close()
    return out


class Pages:
    """HTML pages served from another loopback port (another origin than kg serve's)."""

    def __init__(self):
        self.pages: dict[str, str] = {}
        pages = self.pages

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                body = pages.get(self.path.split("?")[0], "not found").encode()
                self.send_response(200 if self.path in pages else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def pages():
    p = Pages()
    yield p
    p.close()


@pytest.fixture(scope="module")
def browser():
    yield from chromium()


# ----------------------------------------------------------------------------- writes from pages


def _form(action: str, enctype: str, name: str, value: str, extra: str = "") -> str:
    return (f"<!doctype html><html><head>{extra}</head><body onload='document.forms[0].submit()'>"
            f"<form method='POST' action='{action}' enctype='{enctype}'>"
            f"<textarea name='{name}'>{value}</textarea></form></body></html>")


@needs_browser
def test_a_page_elsewhere_cannot_change_a_writable_store(serve, pages, browser):
    url = serve("--writable")
    before = count(url)
    assert before > 0
    pages.pages.update({
        "/form": _form(f"{url}/update", "application/x-www-form-urlencoded", "update",
                       "DROP ALL"),
        "/plain": _form(f"{url}/update", "text/plain", "update", "DROP ALL"),
        "/sparql": _form(f"{url}/sparql", "multipart/form-data", "update", "DROP ALL"),
        "/noref": _form(f"{url}/update", "application/x-www-form-urlencoded", "update",
                        "DROP ALL", "<meta name='referrer' content='no-referrer'>"),
        "/store": _form(f"{url}/store?default", "text/plain", "x", "y"),
        "/fetch": ("<!doctype html><script>fetch('" + url + "/update', {method: 'POST', "
                   "mode: 'no-cors', body: new URLSearchParams({update: 'DROP ALL'})})"
                   ".finally(() => { document.title = 'sent'; });</script>"),
    })
    page = browser.new_page()
    try:
        from playwright.sync_api import Error as PlaywrightError

        for name in ("/form", "/plain", "/sparql", "/noref", "/store"):
            try:
                with page.expect_navigation(url=lambda u: u.startswith(url), timeout=15_000):
                    page.goto(pages.origin + name)
            except PlaywrightError:
                pass  # a 204 answer (the write ran) aborts the navigation
            assert count(url) == before, f"{name} changed the store"
            assert "refused" in page.content(), name  # it did reach the server
        page.goto(pages.origin + "/fetch")
        page.wait_for_function("document.title === 'sent'", timeout=15_000)
        assert count(url) == before
        # this server's own page (the query editor's origin) may still write with a form
        page.goto(url + "/")
        status = page.evaluate("""() => fetch('/update', {method: 'POST', body:
            new URLSearchParams({update: 'INSERT DATA { GRAPH <urn:t> { <urn:a> <urn:b> 1 } }'})})
            .then(r => r.status)""")
        assert status == 204 and count(url) == before + 1
    finally:
        page.close()


def test_writes_need_a_type_no_form_can_send_unless_an_allowed_origin_vouches(serve):
    url = serve("--writable")
    before = count(url)
    status, text, _ = request(url, "POST", "/update", b"update=DROP+ALL",
                              **{"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 415 and "application/sparql-update" in text
    status, text, _ = request(url, "POST", "/update", b"DROP ALL",
                              **{"Content-Type": "application/sparql-update",
                                 "Referer": "http://evil.example/page"})
    assert status == 403 and "evil.example" in text
    status, _, _ = request(url, "DELETE", "/store?default", None,
                           Origin="http://127.0.0.2:8000")
    assert status == 403
    assert count(url) == before
    status, _, _ = request(url, "POST", "/update",
                           b"INSERT DATA { GRAPH <urn:t> { <urn:a> <urn:b> 2 } }",
                           **{"Content-Type": "application/sparql-update"})
    assert status == 204 and count(url) == before + 1  # a program (no Origin) may write


def test_read_only_refuses_every_write(serve):
    url = serve()
    before = count(url)
    for method, path, body, ctype in [("POST", "/update", b"DROP ALL", "application/sparql-update"),
                                      ("POST", "/sparql", b"DROP ALL", "application/sparql-update"),
                                      ("PUT", "/store?default", b"", "application/n-triples"),
                                      ("DELETE", "/store?default", None, "")]:
        status, text, _ = request(url, method, path, body,
                                  **({"Content-Type": ctype} if ctype else {}))
        assert status == 403 and "--writable" in text, (method, path, text)
    assert count(url) == before


def test_a_foreign_host_name_is_refused(serve):
    url = serve()
    status, text, _ = request(url, "GET", "/query?query=ASK%7B%7D",
                              Host=f"attacker.example:{urllib.parse.urlsplit(url).port}")
    assert status == 403 and "DNS rebinding" in text
    status, _, _ = request(url, "GET", "/query?query=ASK%7B%7D",
                           Host=f"localhost:{urllib.parse.urlsplit(url).port}")
    assert status == 200


# ----------------------------------------------------------------------------- CORS


@needs_browser
def test_cors_only_for_the_origins_given(serve, pages, browser):
    other = Pages()  # a second origin, not given with --cors
    try:
        url = serve("--cors", pages.origin)
        script = ("<!doctype html><script>window.result = (async () => {"
                  "const q = encodeURIComponent('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }');"
                  "try {"
                  f" const a = await fetch('{url}/query?query=' + q, {{headers: "
                  "   {Accept: 'application/sparql-results+json'}});"
                  f" const b = await fetch('{url}/query', {{method: 'POST', headers: "
                  "   {'Content-Type': 'application/sparql-query', "
                  "    Accept: 'application/sparql-results+json'}, "
                  "   body: 'ASK { ?s ?p ?o }'});"
                  " const n = (await a.json()).results.bindings[0].n.value;"
                  " return 'ok ' + n + ' ' + (await b.json()).boolean;"
                  "} catch (e) { return 'blocked ' + e.name; } })();</script>")
        pages.pages["/app"] = other.pages["/app"] = script
        page = browser.new_page()
        try:
            page.goto(pages.origin + "/app")
            assert page.evaluate("window.result") == f"ok {count_default(url)} true"
            page.goto(other.origin + "/app")
            assert page.evaluate("window.result") == "blocked TypeError"
        finally:
            page.close()
        status, _, headers = request(url, "OPTIONS", "/query", None, Origin=pages.origin,
                                     **{"Access-Control-Request-Method": "POST",
                                        "Access-Control-Request-Headers": "content-type"})
        assert status == 204 and headers["Access-Control-Allow-Origin"] == pages.origin
        status, text, headers = request(url, "OPTIONS", "/query", None, Origin=other.origin,
                                        **{"Access-Control-Request-Method": "POST"})
        assert status == 403 and f"--cors {other.origin}" in text
        assert "Access-Control-Allow-Origin" not in headers
    finally:
        other.close()


def count_default(url: str) -> int:
    q = urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    import json

    req = urllib.request.Request(f"{url}/query?query={q}",
                                 headers={"Accept": "application/sparql-results+json"})
    return int(json.loads(urllib.request.urlopen(req, timeout=10).read())
               ["results"]["bindings"][0]["n"]["value"])


def test_no_cors_header_without_cors_and_never_a_silent_star(serve):
    url = serve()
    status, _, headers = request(url, "GET", "/query?query=ASK%7B%7D",
                                 Origin="http://localhost:3000")
    assert status == 200 and "Access-Control-Allow-Origin" not in headers
    status, text, _ = request(url, "OPTIONS", "/query", None, Origin="http://localhost:3000",
                              **{"Access-Control-Request-Method": "GET"})
    assert status == 403


def test_cors_options_are_checked(store_dir):
    from click.testing import CliRunner

    from kg.cli.main import main

    res = CliRunner().invoke(main, ["serve", "--store", str(store_dir), "--cors",
                                    "http://x.example/app"])
    assert res.exit_code == 2 and "scheme://host[:port] without a path" in res.output
    res = CliRunner().invoke(main, ["serve", "--store", str(store_dir), "--cors", "*",
                                    "--writable"])
    assert res.exit_code == 2 and "every web page change the store" in res.output


# ----------------------------------------------------------------------------- stopping


@pytest.mark.parametrize("sig", ["SIGINT", "SIGKILL"])
def test_stopping_kg_serve_stops_the_oxigraph_server_behind_it(store_dir, tmp_path, sig):
    """Ctrl-C ends kg serve with exit code 0; even SIGKILL leaves no Oxigraph server holding
    the store (a writable one locks it)."""
    import shutil
    import signal

    try:
        oxigraph_binary()
    except ServeError as e:
        pytest.skip(str(e))
    copy = tmp_path / "store"
    shutil.copytree(store_dir, copy)
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--store", str(copy),
                             "--port", str(port), "--writable"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                count(url)
                break
            except OSError:
                assert time.monotonic() < deadline and proc.poll() is None
                time.sleep(0.2)
        proc.send_signal(getattr(signal, sig))
        out = proc.communicate(timeout=30)[0]
    finally:
        if proc.poll() is None:
            proc.kill()
    if sig == "SIGINT":
        assert proc.returncode == 0 and "kg serve: stopped" in out, out
    deadline = time.monotonic() + 15
    while True:  # the store opens for writing once the server behind is gone
        try:
            Store(copy)
            break
        except OSError:
            assert time.monotonic() < deadline, "the Oxigraph server still holds the store"
            time.sleep(0.3)


# ----------------------------------------------------------------------------- SERVICE


class Internal:
    """A server 'inside the user's network' that records every request it gets."""

    def __init__(self):
        self.hits: list[str] = []
        hits = self.hits

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                hits.append(self.path)
                body = b"internal secret"
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_POST = do_GET

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def internal():
    i = Internal()
    yield i
    i.close()


def test_service_is_refused_unless_allowed(serve, internal):
    url = serve()
    queries = [f"SELECT * WHERE {{ SERVICE <{internal.url}> {{ ?s ?p ?o }} }}",
               f"PREFIX : <{internal.url}> SELECT * WHERE {{ ?s ?p ?o SERVICE:x {{ ?a ?b ?c }} }}",
               f"SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ sErViCe<{internal.url}>{{?a ?b ?c}} }} }}"]
    for q in queries:
        for method, path, body, headers in [
                ("GET", "/query?query=" + urllib.parse.quote(q), None, {}),
                ("POST", "/query", q.encode(), {"Content-Type": "application/sparql-query"}),
                ("POST", "/sparql", urllib.parse.urlencode({"query": q}).encode(),
                 {"Content-Type": "application/x-www-form-urlencoded"})]:
            status, text, _ = request(url, method, path, body, **headers)
            assert status == 400 and "--allow-service" in text, (q, method, path, text)
    assert internal.hits == []  # the server never called it
    status, text, _ = request(url, "GET", "/query?query=" + urllib.parse.quote(
        'SELECT ?x WHERE { BIND("SERVICE" AS ?x) } # SERVICE'), Accept="text/csv")
    assert status == 200 and "SERVICE" in text  # in a string or a comment it is just text


def test_allow_service_lets_it_through(serve, internal):
    url = serve("--allow-service")
    q = f"SELECT * WHERE {{ SERVICE SILENT <{internal.url}> {{ ?s ?p ?o }} }}"
    status, _, _ = request(url, "GET", "/query?query=" + urllib.parse.quote(q))
    assert status == 200 and internal.hits


def test_load_in_updates_is_refused_on_a_writable_store(serve, internal):
    url = serve("--writable")
    status, text, _ = request(url, "POST", "/update", f"LOAD <{internal.url}x>".encode(),
                              **{"Content-Type": "application/sparql-update"})
    assert status == 400 and "LOAD" in text and internal.hits == []


@pytest.mark.parametrize("text, kind, found", [
    ("SELECT * { SERVICE <http://x/> { ?s ?p ?o } }", "query", ["SERVICE"]),
    ("SELECT * { ?s ?p trueSERVICE <http://x/> { } }", "query", ["SERVICE"]),
    ("SELECT * { ?s ?p 1SERVICE <http://x/> { } }", "query", ["SERVICE"]),
    ("PREFIX : <http://x/> SELECT * { ?s ?p ?o SERVICE:y { } }", "query", ["SERVICE"]),
    (r"SELECT * { \u0053ERVICE <http://x/> { } }", "query", ["SERVICE"]),
    ("SELECT ?service { ?service ?p ?o }", "query", ["SERVICE"]),  # refused: safe side
    ('SELECT * { ?s ?p "SERVICE <x>" } # SERVICE', "query", []),
    ("SELECT * { ?s <http://x/SERVICE> ?o }", "query", []),
    ("SELECT * { ?s ?p '''a\nSERVICE''' }", "query", []),
    ("SELECT * { FILTER(?a<?b) SERVICE<http://x/>{} }", "query", ["SERVICE"]),
    ("LOAD <http://x/>", "update", ["LOAD"]),
    ("INSERT DATA { <urn:a> <urn:load> 'load' }", "update", []),
])
def test_remote_calls_are_found_outside_strings_iris_and_comments(text, kind, found):
    assert remote_calls(text, kind) == found


def test_policy_origins():
    p = Policy(7878, writable=True, cors=("http://localhost:3000",))
    assert p.write_refusal("http://127.0.0.1:7878", None, "application/x-www-form-urlencoded") \
        is None  # the query editor's own form
    assert p.write_refusal("http://localhost:3000", None, "text/plain") is None
    assert p.write_refusal("null", None, "application/sparql-update")[0] == 403
    assert p.write_refusal(None, "http://127.0.0.1:7879/x", "application/sparql-update")[0] == 403
    assert p.write_refusal(None, None, "multipart/form-data")[0] == 415
    assert p.write_refusal(None, None, "application/sparql-update") is None
    assert Policy(7878).write_refusal(None, None, "application/sparql-update")[0] == 403
